# shellcheck shell=bash
# conf.sh - aoe-lab's record, /etc/aoe-lab/lab.conf: read, never sourced.
#
# Grammar (one item per line; "#" starts a comment line or, after a blank,
# a trailing one; no quoting, no expansion, nothing is ever run):
#   [lab]                  the server: nic= (required), paths=, mtu=, dhcp=,
#                          range=, tftp=, layer_shelf=, uefi=, http=
#   [image NAME]           shelf= (required), suite=, size=, mirror=,
#                          published=
#   [client NAME]          mac= and image= (required), layer=, seat=,
#                          layer_on=, append=
#   key = value            inside a section; blanks around "=" are dropped
# NAME: a-z, 0-9 and "-", 1-32 characters, starting with a letter or digit.
# conf_read fills CONF[kind/name/key] (the [lab] section is lab/-) and the
# lists CONF_IMAGES, CONF_CLIENTS (file order); every problem is one line
# "FILE:LINE: what: problem; expected FORM" in CONF_ERRORS.

declare -gA CONF=() CONF_LINE=()
declare -ga CONF_IMAGES=() CONF_CLIENTS=() CONF_ERRORS=()

# conf_err LINE TEXT: note a problem of line LINE (0: of the file).
conf_err() {
	if [ "$1" -gt 0 ]; then CONF_ERRORS+=("$CONF_FILE:$1: $2"); else CONF_ERRORS+=("$CONF_FILE: $2"); fi
}

# The forms: each is_* succeeds when its one argument has the form.
is_name() { [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,31}$ ]]; }
is_num() { [[ $1 =~ ^(0|[1-9][0-9]{0,5})$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
is_shelf() { is_num "$1" 0 65534 && [ "$1" -ne 4095 ]; }
is_slot() { is_num "$1" 0 254; }
is_size() { [[ $1 =~ ^[1-9][0-9]{0,5}[MGT]$ ]]; }
is_nic() { [[ $1 =~ ^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,14}$ ]]; }
# 1 to 3 NIC names, comma-separated, each once
is_nics() {
	local IFS=, n seen=,
	[[ $1 =~ ^[^,]+(,[^,]+){0,2}$ ]] || return 1
	for n in $1; do
		is_nic "$n" && [[ $seen != *",$n,"* ]] || return 1
		seen+=$n,
	done
}
is_ipv4() {
	local IFS=. o
	[[ $1 =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || return 1
	for o in $1; do [ $((10#$o)) -le 255 ] || return 1; done
}
# a unicast MAC, lower case
is_mac() { [[ $1 =~ ^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$ ]] && [ "$1" != 00:00:00:00:00:00 ]; }
is_path() { [[ $1 =~ ^/[A-Za-z0-9_./-]*$ ]] && [[ /$1/ != */../* ]]; }
# kernel options: the characters kernel options use and that none of the
# entries' readers treats as its own: pxelinux passes the line as it is,
# but GRUB's and iPXE's entries are scripts ($ expands, ; | & chain, *
# globs, quotes and # change the words)
is_append() { [[ $1 =~ ^[A-Za-z0-9\ =,.:/_+@%~!-]*$ ]]; }

# conf_free_shelf: the lowest shelf no image and no layer has (CONF).
conf_free_shelf() {
	local s i used=" ${CONF[lab/-/layer_shelf]:-} "
	for i in "${CONF_IMAGES[@]}"; do used+="${CONF[image/$i/shelf]:-} "; done
	for ((s = 0; s <= 65534; s++)); do
		[ "$s" -ne 4095 ] && [[ $used != *" $s "* ]] && { echo "$s"; return 0; }
	done
	return 1
}

# lab_nics: the lab NIC and each paths= NIC, blank-separated (conf_valid
# lets no blank into a NIC's name).
lab_nics() {
	local p=${CONF[lab/-/paths]:-}
	echo "${CONF[lab/-/nic]}${p:+ ${p//,/ }}"
}

# conf_form KIND KEY: the expected form of KEY in a KIND section, for
# messages; 1 if KIND has no such key.
conf_form() {
	case $1/$2 in
	lab/nic) echo "a network interface name, e.g. eno1" ;;
	lab/paths) echo "up to 3 more network interface names, comma-separated, each on its own segment, e.g. eno2" ;;
	lab/mtu) echo "auto or a number 1500-9000" ;;
	lab/dhcp) echo "proxy, full or off" ;;
	lab/range) echo "FIRST,LAST IPv4 addresses, e.g. 10.0.0.100,10.0.0.199" ;;
	lab/tftp) echo "an absolute path, e.g. /srv/tftp" ;;
	lab/layer_shelf) echo "an AoE shelf number 0-65534 (not 4095)" ;;
	lab/uefi) echo "shim (shim and GRUB, signed: Secure Boot on or off) or ipxe (iPXE: Secure Boot off)" ;;
	lab/http) echo "off or a TCP port 1-65535 (the boot files over HTTP), e.g. 8080" ;;
	image/shelf) echo "an AoE shelf number 0-65534 (not 4095)" ;;
	image/suite) echo "a Debian suite: bookworm, trixie or forky" ;;
	image/size) echo "a size in M, G or T, e.g. 20G" ;;
	image/mirror) echo "a Debian mirror's http:// or https:// URL, e.g. http://deb.debian.org/debian" ;;
	image/published) echo "a version number 1-254" ;;
	client/mac) echo "a unicast MAC, aa:bb:cc:dd:ee:ff" ;;
	client/image) echo "an image's name, or NAME@VERSION" ;;
	client/layer) echo "tmpfs, disk:SIZE (e.g. disk:8G) or none" ;;
	client/seat) echo "a number 0-254" ;;
	client/layer_on) echo "a version number 1-254 (the version a kept layer belongs to; aoe-lab writes it)" ;;
	client/append) echo "kernel options: letters, digits, blanks and = , . : / _ + @ % ~ ! - (GRUB and iPXE read entries as scripts)" ;;
	*) return 1 ;;
	esac
}

# conf_valid KIND KEY VALUE: 0 if VALUE has KEY's form.
conf_valid() {
	local v=$3
	case $1/$2 in
	lab/nic) is_nic "$v" ;;
	lab/paths) is_nics "$v" ;;
	lab/mtu) [ "$v" = auto ] || is_num "$v" 1500 9000 ;;
	lab/dhcp) [[ $v =~ ^(proxy|full|off)$ ]] ;;
	lab/range) is_ipv4 "${v%%,*}" && is_ipv4 "${v#*,}" && [[ $v == *,* ]] ;;
	lab/tftp) is_path "$v" ;;
	lab/layer_shelf | image/shelf) is_shelf "$v" ;;
	lab/uefi) [[ $v =~ ^(shim|ipxe)$ ]] ;;
	lab/http) [ "$v" = off ] || is_num "$v" 1 65535 ;;
	image/suite) [[ $v =~ ^(bookworm|trixie|forky)$ ]] ;;
	image/size) is_size "$v" ;;
	image/mirror) [[ $v =~ ^https?://[A-Za-z0-9._~:/%-]+$ ]] ;;
	image/published) is_num "$v" 1 254 ;;
	client/mac) is_mac "$v" ;;
	client/image) is_name "${v%@*}" && { [[ $v != *@* ]] || is_num "${v#*@}" 1 254; } ;;
	client/layer) [[ $v =~ ^(tmpfs|none)$ ]] || { [[ $v == disk:* ]] && is_size "${v#disk:}"; } ;;
	client/seat) is_slot "$v" ;;
	client/layer_on) is_num "$v" 1 254 ;;
	client/append) is_append "$v" ;;
	*) return 1 ;;
	esac
}

# conf_line N TEXT: read line N (TEXT) in the section CONF_SEC (kind/name;
# "" before the first header, "!" in a bad one), which it moves on.
conf_line() {
	local n=$1 l=$2 sec=$CONF_SEC kind name key val
	l=${l%%[[:space:]]#*}
	[[ $l == \#* ]] && l=
	l=${l#"${l%%[![:space:]]*}"}
	l=${l%"${l##*[![:space:]]}"}
	if [ -z "$l" ]; then
		return
	elif [[ $l =~ ^\[([a-z]+)([[:space:]]+([^]]*))?\]$ ]]; then
		kind=${BASH_REMATCH[1]} name=${BASH_REMATCH[3]}
		if [ "$kind" = lab ] && [ -z "$name" ]; then
			name=-
		elif [[ ! $kind =~ ^(image|client)$ ]]; then
			conf_err "$n" "[$kind${name:+ $name}]: unknown section; expected [lab], [image NAME] or [client NAME]"
			CONF_SEC="!"; return
		elif ! is_name "$name"; then
			conf_err "$n" "[$kind $name]: bad name; expected a-z, 0-9 and -, 1-32 characters"
			CONF_SEC="!"; return
		fi
		if [ -n "${CONF_LINE[$kind/$name]:-}" ]; then
			[ "$name" = - ] && l="[lab]" || l="[$kind $name]"
			conf_err "$n" "$l: given again (first on line ${CONF_LINE[$kind/$name]})"
			CONF_SEC="!"; return
		fi
		CONF_LINE[$kind/$name]=$n
		case $kind in image) CONF_IMAGES+=("$name") ;; client) CONF_CLIENTS+=("$name") ;; esac
		CONF_SEC=$kind/$name
	elif [[ $l =~ ^([a-z_]+)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
		key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		if [ "$sec" = "!" ]; then
			:
		elif [ -z "$sec" ]; then
			conf_err "$n" "$key=: outside a section; expected a [lab], [image NAME] or [client NAME] line first"
		elif ! conf_form "${sec%%/*}" "$key" > /dev/null; then
			conf_err "$n" "$key=: unknown in [${sec%%/*}]"
		elif [ -n "${CONF_LINE[$sec/$key]:-}" ]; then
			conf_err "$n" "$key=: given again (first on line ${CONF_LINE[$sec/$key]})"
		elif ! conf_valid "${sec%%/*}" "$key" "$val"; then
			conf_err "$n" "$key=$val: expected $(conf_form "${sec%%/*}" "$key")"
			CONF_LINE[$sec/$key]=$n	# given, if wrong: not also missing
		else
			CONF[$sec/$key]=$val CONF_LINE[$sec/$key]=$n
		fi
	else
		conf_err "$n" "not a [section] or key = value line"
	fi
}

# conf_read FILE: read the record FILE (see the top); 0 if it has no
# problem (CONF_ERRORS empty). A missing file is one problem.
conf_read() {
	local n=0 l
	CONF_FILE=$1 CONF_SEC=
	CONF=() CONF_LINE=() CONF_IMAGES=() CONF_CLIENTS=() CONF_ERRORS=()
	if [ ! -r "$1" ] || [ -d "$1" ]; then
		conf_err 0 "cannot read it; expected the lab's record (aoe-lab --config FILE)"
		return 1
	fi
	while IFS= read -r l || [ -n "$l" ]; do
		n=$((n + 1))
		conf_line "$n" "$l"
	done < "$1"
	conf_whole
	[ ${#CONF_ERRORS[@]} -eq 0 ]
}

# conf_whole: the rules across lines: required keys, references, clashes.
conf_whole() {
	local i c k v m
	[ -n "${CONF_LINE[lab/-]:-}" ] || conf_err 0 "no [lab] section; expected one, with nic = IFACE"
	[ -z "${CONF_LINE[lab/-]:-}" ] || [ -n "${CONF_LINE[lab/-/nic]:-}" ] ||
		conf_err "${CONF_LINE[lab/-]}" "[lab]: no nic=; expected $(conf_form lab nic)"
	[ -z "${CONF[lab/-/paths]:-}" ] || [[ ,${CONF[lab/-/paths]}, != *",${CONF[lab/-/nic]:-},"* ]] ||
		conf_err "${CONF_LINE[lab/-/paths]}" "paths=${CONF[lab/-/paths]}: names nic= (${CONF[lab/-/nic]}); expected $(conf_form lab paths)"
	if [ "${CONF[lab/-/dhcp]:-proxy}" = full ]; then
		[ -n "${CONF_LINE[lab/-/range]:-}" ] || conf_err "${CONF_LINE[lab/-]:-0}" "[lab]: dhcp=full needs range=; expected $(conf_form lab range)"
	elif [ -n "${CONF[lab/-/range]:-}" ]; then
		conf_err "${CONF_LINE[lab/-/range]}" "range=: only with dhcp=full (proxy DHCP hands out no addresses)"
	fi
	declare -A shelf=() mac=() seat=()
	[ -z "${CONF[lab/-/layer_shelf]:-}" ] || shelf[${CONF[lab/-/layer_shelf]}]="[lab] layer_shelf"
	for i in "${CONF_IMAGES[@]}"; do
		v=${CONF[image/$i/shelf]:-}
		if [ -z "${CONF_LINE[image/$i/shelf]:-}" ]; then
			conf_err "${CONF_LINE[image/$i]}" "[image $i]: no shelf=; expected $(conf_form image shelf)"
		elif [ -z "$v" ]; then
			:
		elif [ -n "${shelf[$v]:-}" ]; then
			conf_err "${CONF_LINE[image/$i/shelf]}" "shelf=$v: taken by ${shelf[$v]}; expected a shelf of its own"
		else
			shelf[$v]="[image $i]"
		fi
	done
	for c in "${CONF_CLIENTS[@]}"; do
		for k in mac image; do
			[ -n "${CONF_LINE[client/$c/$k]:-}" ] ||
				conf_err "${CONF_LINE[client/$c]}" "[client $c]: no $k=; expected $(conf_form client "$k")"
		done
		m=${CONF[client/$c/mac]:-}
		if [ -n "$m" ] && [ -n "${mac[$m]:-}" ]; then
			conf_err "${CONF_LINE[client/$c/mac]}" "mac=$m: [client ${mac[$m]}] has it; expected one section per machine"
		elif [ -n "$m" ]; then
			mac[$m]=$c
		fi
		v=${CONF[client/$c/image]:-}
		if [ -n "$v" ] && [ -z "${CONF_LINE[image/${v%@*}]:-}" ]; then
			conf_err "${CONF_LINE[client/$c/image]}" "image=$v: no [image ${v%@*}] section; expected one of: ${CONF_IMAGES[*]:-(none yet)}"
		fi
		if [ "${CONF[client/$c/layer]:-}" = none ] && [ -n "$v" ]; then
			for m in "${CONF_CLIENTS[@]}"; do
				[ "$m" != "$c" ] || continue
				k=${CONF[client/$m/image]:-}
				[ "${k%@*}" = "${v%@*}" ] || continue
				conf_err "${CONF_LINE[client/$c/layer]}" "layer=none: [client $m] boots image ${v%@*} too; expected tmpfs or disk:SIZE (a shared image is read-only)"
				break
			done
		fi
		if [ -n "${CONF_LINE[client/$c/layer_on]:-}" ] && { [[ ${CONF[client/$c/layer]:-tmpfs} != disk:* ]] || [[ $v == *@* ]]; }; then
			conf_err "${CONF_LINE[client/$c/layer_on]}" "layer_on=: only on a machine with a kept layer (layer = disk:SIZE) that follows its image (image = NAME, no @VERSION)"
		fi
		if [[ ${CONF[client/$c/layer]:-tmpfs} == disk:* ]]; then
			v=${CONF[client/$c/seat]:-}
			if [ -z "${CONF_LINE[lab/-/layer_shelf]:-}" ]; then
				conf_err "${CONF_LINE[client/$c/layer]}" "layer=${CONF[client/$c/layer]}: needs layer_shelf= in [lab]; expected $(conf_form lab layer_shelf)"
			fi
			if [ -z "${CONF_LINE[client/$c/seat]:-}" ]; then
				conf_err "${CONF_LINE[client/$c]}" "[client $c]: layer=disk needs seat=; expected $(conf_form client seat)"
			elif [ -z "$v" ]; then
				:
			elif [ -n "${seat[$v]:-}" ]; then
				conf_err "${CONF_LINE[client/$c/seat]}" "seat=$v: [client ${seat[$v]}] has it; expected a seat of its own"
			else
				seat[$v]=$c
			fi
		fi
	done
}
