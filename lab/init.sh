# shellcheck shell=bash
# init.sh - `aoe-lab init`: the server's side of the lab, from the record's
# [lab] section: the directories, the boot loaders in the TFTP root (BIOS:
# pxelinux; UEFI: shim and GRUB, or iPXE), the lab NICs' MTU, dnsmasq's
# configuration (DHCP: proxy, full or off, the loader chosen by the
# client's architecture; TFTP from the TFTP root) and the HTTP server. Each part is compared with what is there
# and only a difference is written, in a new file renamed into place; every
# change is said, one line each. Run it again after editing [lab].

init_usage() {
	cat << 'EOF2'
usage: aoe-lab init [--nic IF] [--paths IF[,IF...]|none]
                    [--dhcp proxy|full|off] [--range FIRST,LAST]
                    [--mtu auto|N] [--tftp DIR] [--layer-shelf N]
                    [--uefi shim|ipxe] [--http PORT|off]

The options set those keys of the record's [lab] section first (the
record is created with them when there is none; --nic is then needed;
--paths none removes paths=). Then prepare this server for the lab in
the record's [lab] section:
  - the directories: /var/lib/aoe-lab/{images,exports,layers} and tftp=
    (default /srv/tftp);
  - the boot loaders copied into the TFTP root: for BIOS machines
    pxelinux.0 and ldlinux.c32 (Debian's pxelinux, syslinux-common); for
    UEFI machines, uefi=shim (the default): bootx64.efi and grubx64.efi,
    Debian's signed shim and network GRUB (shim-signed,
    grub-efi-amd64-signed), which boot with Secure Boot on or off, and
    grub/grub.cfg; uefi=ipxe: snponly.efi (Debian's ipxe; Secure Boot
    must be off) and aoe-lab.ipxe;
  - the MTU of the lab NIC and of each paths= NIC (the second segments'
    NICs, on which every read-only version is exported again): mtu=auto
    sets the largest up to 9000 each NIC takes, mtu=N sets N, no mtu=
    leaves them (not kept across a reboot: set it in the server's
    network configuration too); a paths= NIC must exist;
  - dnsmasq: /etc/dnsmasq.d/aoe-lab.conf for DHCP on the lab NIC
    (dhcp=proxy, the default, beside the LAN's own DHCP server;
    dhcp=full with range=; dhcp=off), the loader chosen by the client's
    architecture (DHCP option 93), and TFTP from the TFTP root, checked
    by dnsmasq --test, then dnsmasq restarted;
  - http=PORT: aoe-lab-http.service, busybox's httpd serving the TFTP
    root read-only on the lab NIC's address and PORT; UEFI machines then
    fetch kernel and initramfs over HTTP with uefi=ipxe (TFTP stays for
    the loaders; Debian's signed GRUB, uefi=shim, has no HTTP).
    http=off (the default) stops it.
When the machines' entries are aoe-lab's already (aoe-lab apply), they
are written again for uefi=, http= and paths= (whose exports start, or
stop for a NIC gone from it).
Says what it changed; "unchanged" for each part that was right.

Exit status: 0 done or unchanged, 1 failed (the part that failed and
the ones after it are as they were), 2 bad record or usage, 4 another
aoe-lab is changing the lab.
EOF2
}

# init_dirs: the lab's directories.
init_dirs() {
	local d
	for d in "$AOE_LAB_STATE/images" "$AOE_LAB_STATE/exports" "$AOE_LAB_STATE/layers" "${CONF[lab/-/tftp]:-/srv/tftp}"; do
		[ -d "$d" ] && continue
		mkdir -p "$d" || { echo "aoe-lab: init: cannot create $d" >&2; return 1; }
		echo "created: $d"
	done
}

# init_file SRC DST: DST a 0644 copy of SRC, written only when it differs.
init_file() {
	if cmp -s "$1" "$2" && [ "$(stat -c %a "$2")" = 644 ]; then
		echo "unchanged: $2"
		return 0
	fi
	if ! { install -m 0644 "$1" "$2.new" && mv -f "$2.new" "$2"; }; then
		rm -f "$2.new"
		echo "aoe-lab: init: cannot write $2" >&2
		return 1
	fi
	echo "written: $2 (from ${3:-$1})"
}

# init_loader SRC DST PACKAGES: the boot loader SRC as TFTP/DST.
init_loader() {
	[ -s "$1" ] || { echo "aoe-lab: init: $1: not there; expected Debian's $3 installed" >&2; return 1; }
	init_file "$1" "${CONF[lab/-/tftp]:-/srv/tftp}/$2"
}

# init_text NAME: TFTP/NAME written from init_text_NAME's output.
init_text() {
	local t=${CONF[lab/-/tftp]:-/srv/tftp}
	{ [[ $1 != */* ]] || mkdir -p "$t/${1%/*}"; } && "init_text_${1//[\/.-]/_}" > "$REC_TMP" && init_file "$REC_TMP" "$t/$1" aoe-lab
}

# GRUB (uefi=shim) reads grub/grub.cfg from the TFTP root after its own
# modules' lists; it goes on to the machine's entry through the same
# pxelinux.cfg symlink pxelinux reads, so both switch in one rename. The
# entry sets aoe_entry (source keeps its variables; GRUB's test -f cannot
# see a file over TFTP): a machine whose entry failed stops there.
init_text_grub_grub_cfg() {
	cat << 'EOF2'
# aoe-lab: written by aoe-lab init. UEFI machines' GRUB (grubx64.efi, after
# shim) reads this, then the machine's own entry in the generation in use
# (aoe-lab apply); a machine the lab does not know gets default.grub.
set timeout=0
regexp --set=1:m1 --set=2:m2 --set=3:m3 --set=4:m4 --set=5:m5 --set=6:m6 '^(..):(..):(..):(..):(..):(..)$' "$net_default_mac"
set aoe_entry=
source /pxelinux.cfg/01-$m1-$m2-$m3-$m4-$m5-$m6.grub
if [ -n "$aoe_entry" ]; then
  echo "aoe-lab: $net_default_mac: its entry failed (the lines above say why)"
else
  source /pxelinux.cfg/default.grub
fi
EOF2
}

# iPXE (uefi=ipxe) gets aoe-lab.ipxe by DHCP (user class iPXE), and goes
# on to the machine's entry the same way. In both, a machine whose entry
# fails stops with the reason on its screen; only a machine the lab does
# not know goes back to its firmware.
init_text_aoe_lab_ipxe() {
	cat << 'EOF2'
#!ipxe
# aoe-lab: written by aoe-lab init. UEFI machines' iPXE (snponly.efi) runs
# this, then the machine's own entry in the generation in use (aoe-lab
# apply); a machine the lab does not know gets default.ipxe.
imgfetch --name entry pxelinux.cfg/01-${mac:hexhyp}.ipxe || chain pxelinux.cfg/default.ipxe
chain entry || echo aoe-lab: ${mac}: its entry failed (the lines above say why)
shell
EOF2
}

# init_boot_files: the boot loaders in the TFTP root. The UEFI ones are
# the package's Recommends (amd64 only): without them the lab serves BIOS
# machines only (INIT_UEFI empty), and says so.
init_boot_files() {
	local shim=${AOE_LAB_SHIM:-/usr/lib/shim/shimx64.efi.signed} grub=${AOE_LAB_GRUB:-/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed}
	local ipxe=${AOE_LAB_IPXE:-/usr/lib/ipxe/snponly.efi}
	INIT_UEFI=
	init_loader "${AOE_LAB_PXELINUX:-/usr/lib/PXELINUX/pxelinux.0}" pxelinux.0 "pxelinux" &&
		init_loader "${AOE_LAB_LDLINUX:-/usr/lib/syslinux/modules/bios/ldlinux.c32}" ldlinux.c32 "syslinux-common" || return 1
	if [ "${CONF[lab/-/uefi]:-shim}" = ipxe ]; then
		[ -s "$ipxe" ] || { echo "note: uefi=ipxe: no $ipxe: UEFI machines are not served (apt-get install ipxe)"; return 0; }
		init_loader "$ipxe" snponly.efi "ipxe" && init_text aoe-lab.ipxe || return 1
	else
		if [ ! -s "$shim" ] || [ ! -s "$grub" ]; then
			echo "note: uefi=shim: no $([ -s "$shim" ] && echo "$grub" || echo "$shim"): UEFI machines are not served (apt-get install shim-signed grub-efi-amd64-signed)"
			return 0
		fi
		init_loader "$shim" bootx64.efi "shim-signed" && init_loader "$grub" grubx64.efi "grub-efi-amd64-signed" &&
			init_text grub/grub.cfg || return 1
	fi
	INIT_UEFI=1
}

# lab_mtu_want NIC: the MTU the record's mtu= asks of NIC, a lab NIC
# (auto: the largest up to 9000 it reports as its maxmtu); nothing
# without mtu=.
lab_mtu_want() {
	local want=${CONF[lab/-/mtu]:-} max
	if [ "$want" = auto ]; then
		max=$(ip -d -o link show dev "$1" 2> /dev/null | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
		want=9000
		[ -z "$max" ] || [ "$max" -ge 9000 ] || want=$max
	fi
	echo "$want"
}

# init_mtu: the MTU mtu= asks on every lab NIC; a paths= NIC must be here
# (without mtu=, the lab NIC may be made later: dhcp=off).
init_mtu() {
	local n want cur
	for n in $(lab_nics); do
		if ! cur=$(cat "${AOE_LAB_SYS:-/sys}/class/net/$n/mtu" 2> /dev/null); then
			if [ "$n" != "${CONF[lab/-/nic]}" ]; then
				echo "aoe-lab: init: paths=$n: no such network interface here; expected a NIC of this server on another segment (ip link)" >&2
				return 1
			fi
			[ -z "${CONF[lab/-/mtu]:-}" ] && continue
			echo "aoe-lab: init: nic=$n: no such network interface here; expected the lab NIC's name (ip link)" >&2
			return 1
		fi
		[ -n "${CONF[lab/-/mtu]:-}" ] || continue
		want=$(lab_mtu_want "$n")
		if [ "$cur" = "$want" ]; then
			echo "unchanged: $n mtu $cur"
			continue
		fi
		if ! ip link set dev "$n" mtu "$want" 2> /dev/null; then
			echo "aoe-lab: init: $n refused mtu $want (it has $cur); expected mtu= within what the NIC takes (ip -d link show $n: maxmtu)" >&2
			return 1
		fi
		echo "changed: $n mtu $cur -> $want (until a reboot: set it in the server's network configuration too)"
	done
}

# init_dnsmasq_text: dnsmasq's configuration for the lab.
init_dnsmasq_text() {
	local n=${CONF[lab/-/nic]} a
	echo "# aoe-lab: written by aoe-lab init from $AOE_LAB_CONF: change the record, not this file."
	echo "interface=$n"
	echo "bind-dynamic"
	# the loader by the client's architecture (option 93): 0 BIOS, 7 and
	# 9 x86-64 UEFI; iPXE, once loaded, says so in its user class
	local efi=bootx64.efi
	[ "${CONF[lab/-/uefi]:-shim}" = shim ] || efi=snponly.efi
	[ -n "${INIT_UEFI:-}" ] || efi=
	if [ -n "$efi" ] && [ "${CONF[lab/-/dhcp]:-proxy}" != off ]; then
		echo "dhcp-match=set:efi64,option:client-arch,7"
		echo "dhcp-match=set:efi64,option:client-arch,9"
		echo "dhcp-userclass=set:ipxe,iPXE"
	fi
	case ${CONF[lab/-/dhcp]:-proxy} in
	full)
		echo "dhcp-range=${CONF[lab/-/range]},12h"
		if [ -z "$efi" ]; then
			echo "dhcp-boot=pxelinux.0"
		else
			echo "dhcp-boot=tag:!efi64,pxelinux.0"
			echo "dhcp-boot=tag:efi64,tag:!ipxe,$efi"
		fi ;;
	proxy)
		a=$(lab_nic_ipv4)
		[ -n "$a" ] || return 1
		echo "dhcp-range=$a,proxy"
		echo 'pxe-service=x86PC,"aoe-lab",pxelinux'
		if [ -n "$efi" ]; then
			echo "pxe-service=tag:!ipxe,BC_EFI,\"aoe-lab\",$efi"
			echo "pxe-service=tag:!ipxe,x86-64_EFI,\"aoe-lab\",$efi"
		fi ;;
	esac
	[ "$efi" = snponly.efi ] && [ "${CONF[lab/-/dhcp]:-proxy}" != off ] &&
		echo "dhcp-boot=tag:efi64,tag:ipxe,aoe-lab.ipxe"
	echo "enable-tftp"
	echo "tftp-root=${CONF[lab/-/tftp]:-/srv/tftp}"
}

# init_dnsmasq: dnsmasq's configuration written when it differs, checked,
# and dnsmasq restarted.
init_dnsmasq() {
	local f=${AOE_LAB_DNSMASQ_CONF:-/etc/dnsmasq.d/aoe-lab.conf} err
	if ! init_dnsmasq_text > "$REC_TMP"; then
		echo "aoe-lab: init: dhcp=proxy: ${CONF[lab/-/nic]} has no IPv4 address; expected one (proxy DHCP answers beside the LAN's DHCP server on its network), or dhcp=full with range=" >&2
		return 1
	fi
	if cmp -s "$REC_TMP" "$f"; then
		echo "unchanged: $f"
		return 0
	fi
	if ! err=$(dnsmasq --test --conf-file="$REC_TMP" 2>&1); then
		echo "aoe-lab: init: dnsmasq --test refused the configuration: $(tail -n1 <<< "$err")" >&2
		return 1
	fi
	if ! { mkdir -p "${f%/*}" && cp "$REC_TMP" "$f.new" && mv -f "$f.new" "$f"; }; then
		rm -f "$f.new"
		echo "aoe-lab: init: cannot write $f" >&2
		return 1
	fi
	echo "written: $f"
	if ! "$AOE_LAB_SYSTEMCTL" restart dnsmasq.service > /dev/null 2>&1 9>&-; then
		echo "aoe-lab: init: systemctl restart dnsmasq.service failed; $f is written (journalctl -u dnsmasq)" >&2
		return 1
	fi
	echo "restarted: dnsmasq.service"
}

# init_proxy_note: what GRUB cannot do under proxy DHCP, when it applies.
# Debian 12's GRUB takes its TFTP server from the LAN DHCP server's answer
# only (next-server), never from the proxy's: without it a UEFI machine
# stops at a grub> prompt.
init_proxy_note() {
	[ "${CONF[lab/-/dhcp]:-proxy}" = proxy ] && [ "${CONF[lab/-/uefi]:-shim}" = shim ] && [ -n "${INIT_UEFI:-}" ] || return 0
	echo "note: dhcp=proxy, uefi=shim: UEFI machines' GRUB takes its TFTP server from the LAN's DHCP server only: set next-server $(lab_nic_ipv4) there (or use dhcp=full, or uefi=ipxe with Secure Boot off)"
}

# init_http: http=PORT: aoe-lab-http.service's environment file written
# when it differs, the unit enabled and (re)started; http=off: stopped.
init_http() {
	local f=$AOE_LAB_STATE/http.env a
	if [ "${CONF[lab/-/http]:-off}" = off ]; then
		[ -e "$f" ] || return 0
		if ! "$AOE_LAB_SYSTEMCTL" disable --now aoe-lab-http.service > /dev/null 2>&1 9>&-; then
			echo "aoe-lab: init: systemctl disable --now aoe-lab-http.service failed (journalctl -u aoe-lab-http)" >&2
			return 1
		fi
		rm -f "$f"
		echo "stopped: aoe-lab-http.service"
		return 0
	fi
	a=$(lab_nic_ipv4)
	[ -n "$a" ] || { echo "aoe-lab: init: http=${CONF[lab/-/http]}: ${CONF[lab/-/nic]} has no IPv4 address; expected one (the machines fetch their kernel from it), or http=off" >&2; return 1; }
	printf '%s\n' "# aoe-lab: written by aoe-lab init from $AOE_LAB_CONF: change the record, not this file." \
		"LISTEN=$a:${CONF[lab/-/http]}" "ROOT=${CONF[lab/-/tftp]:-/srv/tftp}" > "$REC_TMP"
	if cmp -s "$REC_TMP" "$f" && "$AOE_LAB_SYSTEMCTL" is-active --quiet aoe-lab-http.service 9>&-; then
		echo "unchanged: aoe-lab-http.service (http://$a:${CONF[lab/-/http]}/)"
		init_http_note
		return 0
	fi
	if ! { cp "$REC_TMP" "$f.new" && mv -f "$f.new" "$f"; }; then
		rm -f "$f.new"
		echo "aoe-lab: init: cannot write $f" >&2
		return 1
	fi
	if ! { "$AOE_LAB_SYSTEMCTL" enable aoe-lab-http.service && "$AOE_LAB_SYSTEMCTL" restart aoe-lab-http.service; } > /dev/null 2>&1 9>&-; then
		echo "aoe-lab: init: systemctl restart aoe-lab-http.service failed; $f is written (journalctl -u aoe-lab-http)" >&2
		return 1
	fi
	if ! init_http_answers "$a" "${CONF[lab/-/http]}"; then
		echo "aoe-lab: init: aoe-lab-http.service: nothing answers on http://$a:${CONF[lab/-/http]}/ (another server on the port? journalctl -u aoe-lab-http)" >&2
		return 1
	fi
	echo "started: aoe-lab-http.service (http://$a:${CONF[lab/-/http]}/)"
	init_http_note
}

# init_http_answers ADDR PORT: 0 once a TCP connection to ADDR:PORT opens
# (up to 3 s): systemctl's restart succeeds before httpd has bound.
init_http_answers() {
	local _
	for _ in $(seq 15); do
		# shellcheck disable=SC2016 # the inner shell's arguments
		timeout 1 bash -c 'exec 3<> "/dev/tcp/$1/$2"' sh "$1" "$2" 2> /dev/null && return 0
		sleep 0.2
	done
	return 1
}

# init_http_note: GRUB's limit said, when it applies.
init_http_note() {
	[ "${CONF[lab/-/uefi]:-shim}" = shim ] || return 0
	echo "note: http=${CONF[lab/-/http]}: Debian's signed GRUB (uefi=shim) has no HTTP; its machines fetch over TFTP (uefi=ipxe: over HTTP)"
}

# init_opts ARGS...: the options, as [lab] keys, into OPT[].
init_opts() {
	local k
	while [ $# -gt 0 ]; do
		case $1 in
		--nic | --paths | --dhcp | --range | --mtu | --tftp | --layer-shelf | --uefi | --http) ;;
		*) usage_err "init: $1: unknown option; expected --nic, --paths, --dhcp, --range, --mtu, --tftp, --layer-shelf, --uefi or --http" ;;
		esac
		[ $# -ge 2 ] || usage_err "init: $1: expected a value after it"
		k=${1#--} k=${k//-/_}
		[ "$1 $2" = "--paths none" ] || conf_valid lab "$k" "$2" ||
			usage_err "init: $1 $2: expected $(conf_form lab "$k")$([ "$k" != paths ] || echo ', or none')"
		OPT[$k]=$2
		shift 2
	done
}

# init_paths_here: each NIC of --paths is on this server (checked before
# the record changes).
init_paths_here() {
	local n IFS=,
	[ -n "${OPT[paths]:-}" ] && [ "${OPT[paths]}" != none ] || return 0
	for n in ${OPT[paths]}; do
		[ -e "${AOE_LAB_SYS:-/sys}/class/net/$n" ] ||
			usage_err "init: --paths ${OPT[paths]}: $n: no such network interface here; expected NICs of this server on other segments (ip link)"
	done
}

# init_record FILE: the record with OPT[]'s keys set in [lab], right under
# its header (the file made when missing), into FILE; prints the keys set.
# paths = none removes paths=.
init_record() {
	local k set=()
	for k in nic paths dhcp range mtu tftp layer_shelf uefi http; do
		[ -z "${OPT[$k]:-}" ] || set+=("$k = ${OPT[$k]}")
	done
	if [ ! -e "$AOE_LAB_CONF" ]; then
		printf '%s\n' '# the lab: aoe-lab reads this file and never runs it (aoe-lab --help)' '[lab]' "${set[@]}" |
			grep -vx 'paths = none' > "$1"
	else
		printf '%s\n' "${set[@]}" | awk '
			NR == FNR { want[$1] = $0; order[++n] = $1; next }
			/^[ \t]*\[/ { in_lab = ($0 ~ /^[ \t]*\[lab\][ \t]*(#.*)?$/) }
			in_lab && /^[ \t]*[a-z_]+[ \t]*=/ { k = $0; sub(/^[ \t]*/, "", k); sub(/[ \t]*=.*/, "", k); if (k in want) next }
			{ print }
			/^[ \t]*\[lab\][ \t]*(#.*)?$/ { for (i = 1; i <= n; i++) if (want[order[i]] != "paths = none") print want[order[i]] }' - "$AOE_LAB_CONF" > "$1"
	fi || return 1
	printf '%s, ' "${set[@]}" | sed 's/, $//'
}

# init_same: 0 if the record has every key of OPT[] with that value.
init_same() {
	local k v
	[ -e "$AOE_LAB_CONF" ] || return 1
	conf_read "$AOE_LAB_CONF"
	for k in "${!OPT[@]}"; do
		v=${OPT[$k]}
		[ "$k $v" != "paths none" ] || v=
		[ "${CONF[lab/-/$k]:-}" = "$v" ] || return 1
	done
}

# init_running_lab: with exports running, the lab NIC and the layers'
# shelf stay (the exports and every machine's entry name them): one line,
# exit 2, when OPT[] would change them.
init_running_lab() {
	local k
	compgen -G "$(export_dir)/*.env" > /dev/null || return 0
	for k in nic layer_shelf; do
		[ -n "${OPT[$k]:-}" ] && [ -n "${CONF[lab/-/$k]:-}" ] && [ "${OPT[$k]}" != "${CONF[lab/-/$k]}" ] &&
			usage_err "init: --${k//_/-} ${OPT[$k]}: the lab's exports run with $k = ${CONF[lab/-/$k]}; expected the same (changing it under running machines is not supported)"
	done
	return 0
}

verb_init() {
	local -A OPT=()
	local keys
	case ${1:-} in -h | --help) init_usage; return 0 ;; esac
	init_opts "$@"
	init_paths_here
	rec_lock init
	if [ ${#OPT[@]} -gt 0 ] && ! init_same; then
		[ -e "$AOE_LAB_CONF" ] || [ -n "${OPT[nic]:-}" ] ||
			usage_err "init: $AOE_LAB_CONF: no record yet; expected --nic IF to make one"
		init_running_lab
		keys=$(init_record "$REC_TMP") || { echo "aoe-lab: init: cannot read $AOE_LAB_CONF" >&2; exit 1; }
		rec_check init "$REC_TMP" || exit 2
		{ mkdir -p "${AOE_LAB_CONF%/*}" && rec_commit init "$REC_TMP"; } || exit 1
		echo "written: $AOE_LAB_CONF ([lab] $keys)"
	fi
	rec_read init
	init_dirs && init_boot_files && init_mtu && init_dnsmasq || exit 1
	init_proxy_note
	# the entries name the HTTP server: a new one starts before them, an
	# old one stops after them
	[ "${CONF[lab/-/http]:-off}" = off ] || init_http || exit 1
	if apply_active; then
		change_begin init "$AOE_LAB_CONF"
		change_end init
	fi
	[ "${CONF[lab/-/http]:-off}" != off ] || init_http || exit 1
}
