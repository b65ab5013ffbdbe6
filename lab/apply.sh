# shellcheck shell=bash
# apply.sh - `aoe-lab apply`: the machines' boot entries, from the record.
#
# A generation is a directory TFTP/aoe-lab/N/ holding every machine's
# entries (pxelinux.cfg/01-MAC for pxelinux, 01-MAC.grub for GRUB and
# 01-MAC.ipxe for iPXE on UEFI: one command line), default entries for
# machines the lab does not know (the local disk), and each image version's kernel and
# initramfs it names (IMAGE-V/, hard links into the state directory). It is
# made whole under a new N, then TFTP/pxelinux.cfg, a symlink, is renamed
# to point at it: a machine reads the old set or the new one, never a mix,
# and an interrupted apply leaves the old one in place. The two newest
# generations are kept (a machine that read its entry just before the
# switch still finds its kernel).

apply_usage() {
	cat << 'EOF2'
usage: aoe-lab apply

Write every machine's boot entry from the record: its image version's
kernel and initramfs, its kernel command line (checked by aoe-up --check),
into a new generation under TFTP/aoe-lab/ (tftp= in [lab], default
/srv/tftp), then switch TFTP/pxelinux.cfg to it in one rename. Nothing
changes when the record asks for what is there already ("unchanged").
A version's kernel and initramfs are read from
/var/lib/aoe-lab/images/IMAGE/VERSION/{vmlinuz,initrd.img}.

Exit status: 0 done or unchanged, 1 failed (the old entries stay), 2 bad
record or usage (nothing changed), 4 another aoe-lab is changing the lab.
EOF2
}

# apply_files CLIENT GEN: the machine's kernel and initramfs in GEN, as
# "KERNEL INITRD", paths from the TFTP root.
apply_files() {
	local img=${CONF[client/$1/image]%@*} v
	v=$(lab_version "$1")
	echo "aoe-lab/$2/$img-$v/vmlinuz aoe-lab/$2/$img-$v/initrd.img"
}

# apply_head CLIENT: the first lines of each of CLIENT's entries.
apply_head() {
	echo "# aoe-lab: machine $1 (${CONF[client/$1/mac]}), image ${CONF[client/$1/image]%@*} version $(lab_version "$1")."
	echo "# Written by aoe-lab apply from $AOE_LAB_CONF: change the record, not this file."
}

# apply_entry CLIENT GEN OPTIONS: CLIENT's pxelinux entry in generation GEN.
apply_entry() {
	local k i
	read -r k i <<< "$(apply_files "$1" "$2")"
	apply_head "$1"
	cat << EOF2
DEFAULT aoe
PROMPT 0
TIMEOUT 0

LABEL aoe
  KERNEL $k
  APPEND initrd=$i $3
  IPAPPEND 2
EOF2
}

# apply_entry_grub CLIENT GEN OPTIONS BASE: CLIENT's GRUB entry (UEFI,
# uefi=shim); BASE: "/" (TFTP). BOOTIF= as pxelinux's IPAPPEND 2 gives it.
apply_entry_grub() {
	local mac=${CONF[client/$1/mac]} k i
	read -r k i <<< "$(apply_files "$1" "$2")"
	apply_head "$1"
	cat << EOF2
set aoe_entry=1
echo 'aoe-lab: $1: loading $4$k'
linux $4$k $3 BOOTIF=01-${mac//:/-}
initrd $4$i
boot
EOF2
}

# apply_entry_ipxe CLIENT GEN OPTIONS BASE: CLIENT's iPXE entry (UEFI,
# uefi=ipxe); BASE: "/" (TFTP) or "http://ADDR:PORT/".
apply_entry_ipxe() {
	local mac=${CONF[client/$1/mac]} k i
	read -r k i <<< "$(apply_files "$1" "$2")"
	echo '#!ipxe'
	apply_head "$1"
	cat << EOF2
kernel $4$k initrd=initrd.img $3 BOOTIF=01-${mac//:/-}
initrd $4$i
boot
EOF2
}

# apply_default: the entry of a machine the lab does not know.
apply_default() {
	cat << 'EOF2'
# aoe-lab: a machine that is not in the lab's record boots its own disk.
# Written by aoe-lab apply: add the machine with aoe-lab client add MAC.
DEFAULT local
PROMPT 0
TIMEOUT 0

LABEL local
  LOCALBOOT 0
EOF2
}

# apply_default_uefi: the same for GRUB and iPXE: back to the firmware,
# which goes on to its next boot option.
apply_default_uefi() {
	echo "${1:-}# aoe-lab: a machine that is not in the lab's record goes back to its firmware (its next boot option)."
	echo "# Written by aoe-lab apply: add the machine with aoe-lab client add MAC."
	echo "exit"
}

# apply_base: the kernel's and initramfs' URL base for GRUB and iPXE
# (APPLY_GRUB, APPLY_IPXE): the TFTP root, or for iPXE with http= the HTTP
# server on the lab NIC's address (Debian's signed GRUB has no HTTP: "disk
# `http,SERVER' not found"). 1 without an address.
apply_base() {
	local a
	APPLY_GRUB=/ APPLY_IPXE=/
	[ "${CONF[lab/-/http]:-off}" != off ] || return 0
	a=$(lab_nic_ipv4)
	[ -n "$a" ] || return 1
	APPLY_IPXE="http://$a:${CONF[lab/-/http]}/"
}

# apply_serve SRC DST: SRC into the generation as DST, readable by all:
# dnsmasq's TFTP sends only world-readable files, and dracut writes its
# initramfs 0600. A hard link when SRC is so already, else a 0644 copy.
apply_serve() {
	if [ "$(stat -c %a "$1")" = 644 ] && ln "$1" "$2" 2> /dev/null; then
		return 0
	fi
	install -m 0644 "$1" "$2"
}

# apply_render VERB DIR GEN: generation GEN's files into DIR (made here);
# the first problem as one line of VERB's on stderr, 1.
apply_render() {
	local vb=$1 d=$2 g=$3 c img v src mac o up pin
	up=$(aoe_up_bin) || { echo "aoe-lab: $vb: no aoe-up to check the command lines with; expected the aoe-boot package (or AOE_UP=PATH)" >&2; return 1; }
	pin=$(lab_pin_macs)
	apply_base || { echo "aoe-lab: $vb: http=${CONF[lab/-/http]}: ${CONF[lab/-/nic]} has no IPv4 address; expected one (the machines fetch their kernel from it), or http=off" >&2; return 1; }
	mkdir -p "$d/pxelinux.cfg" || return 1
	apply_default > "$d/pxelinux.cfg/default" && apply_default_uefi > "$d/pxelinux.cfg/default.grub" &&
		apply_default_uefi '#!ipxe
' > "$d/pxelinux.cfg/default.ipxe" || return 1
	for c in "${CONF_CLIENTS[@]}"; do
		img=${CONF[client/$c/image]%@*}
		if ! o=$(lab_cmdline "$c" "$pin"); then
			echo "aoe-lab: $vb: [client $c]: image $img has no published version yet; expected aoe-lab image publish $img" >&2
			return 1
		fi
		v=$(lab_version "$c")
		src=$AOE_LAB_STATE/images/$img/$v
		if [ ! -d "$d/$img-$v" ]; then
			if [ ! -s "$src/vmlinuz" ] || [ ! -s "$src/initrd.img" ]; then
				echo "aoe-lab: $vb: [client $c]: image $img version $v has no kernel and initramfs in $src; expected vmlinuz and initrd.img there (aoe-lab image publish $img)" >&2
				return 1
			fi
			mkdir "$d/$img-$v" && apply_serve "$src/vmlinuz" "$d/$img-$v/vmlinuz" &&
				apply_serve "$src/initrd.img" "$d/$img-$v/initrd.img" || return 1
		fi
		if ! v=$("$up" --check --cmdline="$o" 2>&1 > /dev/null); then
			echo "aoe-lab: $vb: [client $c]: ${v:-aoe-up --check failed}" >&2
			return 1
		fi
		mac=${CONF[client/$c/mac]}
		apply_entry "$c" "$g" "$o" > "$d/pxelinux.cfg/01-${mac//:/-}" &&
			apply_entry_grub "$c" "$g" "$o" "$APPLY_GRUB" > "$d/pxelinux.cfg/01-${mac//:/-}.grub" &&
			apply_entry_ipxe "$c" "$g" "$o" "$APPLY_IPXE" > "$d/pxelinux.cfg/01-${mac//:/-}.ipxe" || return 1
	done
}

# apply_same A B NA NB: 0 if generation directories A and B (numbers NA,
# NB) hold the same files and entries, B's number read as A's.
apply_same() {
	[ -d "$1" ] && [ -d "$2" ] || return 1
	diff <(cd "$1" && find . -type f | sort && cat pxelinux.cfg/*) \
		<(cd "$2" && find . -type f | sort && sed "s|aoe-lab/$4/|aoe-lab/$3/|g" pxelinux.cfg/*) > /dev/null
}

# apply_paths: the TFTP directory's parts (APPLY_GEN, APPLY_LINK) and the
# generation in use (APPLY_CUR, empty if none).
apply_paths() {
	local t=${CONF[lab/-/tftp]:-/srv/tftp}
	APPLY_GEN=$t/aoe-lab APPLY_LINK=$t/pxelinux.cfg APPLY_CUR=
	APPLY_CUR=$(readlink "$APPLY_LINK" 2> /dev/null) && APPLY_CUR=${APPLY_CUR#aoe-lab/} APPLY_CUR=${APPLY_CUR%/pxelinux.cfg}
	[[ $APPLY_CUR =~ ^[0-9]+$ ]] || APPLY_CUR=
}

# apply_active: 0 if the lab's boot entries are aoe-lab's already (a
# first apply was run): then client add|rm keep them in step.
apply_active() {
	apply_paths
	[ -L "$APPLY_LINK" ] && [ -n "$APPLY_CUR" ]
}

# apply_prepare VERB: render the next generation from CONF, hidden
# (APPLY_NEXT); nothing else changes. 1 after one line on stderr.
# APPLY_NEXT is empty when it equals the generation in use.
apply_prepare() {
	local n
	apply_paths
	if [ -e "$APPLY_LINK" ] && [ ! -L "$APPLY_LINK" ]; then
		usage_err "$1: $APPLY_LINK: not aoe-lab's (a directory made by hand or by mktftp.sh); expected it moved away, aoe-lab writes its own"
	fi
	mkdir -p "$APPLY_GEN" || { echo "aoe-lab: $1: cannot create $APPLY_GEN" >&2; return 1; }
	n=$(find "$APPLY_GEN" -mindepth 1 -maxdepth 1 -name '[0-9]*' -printf '%f\n' | grep -xE '[0-9]+' | sort -n | tail -n1)
	APPLY_NEXT=$(( ${n:-0} + 1 ))
	rm -rf "$APPLY_GEN/.$APPLY_NEXT"
	if ! apply_render "$1" "$APPLY_GEN/.$APPLY_NEXT" "$APPLY_NEXT"; then
		rm -rf "$APPLY_GEN/.$APPLY_NEXT"
		return 1
	fi
	if [ -n "$APPLY_CUR" ] && apply_same "$APPLY_GEN/$APPLY_CUR" "$APPLY_GEN/.$APPLY_NEXT" "$APPLY_CUR" "$APPLY_NEXT"; then
		rm -rf "$APPLY_GEN/.$APPLY_NEXT"
		APPLY_NEXT=
	fi
	return 0
}

# apply_switch VERB: make the prepared generation the one in use (one
# rename of the symlink); keep the two newest. Says what it did.
apply_switch() {
	local n=$APPLY_NEXT
	if [ -z "$n" ]; then
		echo "unchanged: $APPLY_LINK -> generation $APPLY_CUR"
		return 0
	fi
	sync -f "$APPLY_GEN/.$n/pxelinux.cfg/default" 2> /dev/null
	if ! { mv -T "$APPLY_GEN/.$n" "$APPLY_GEN/$n" && ln -sfn "aoe-lab/$n/pxelinux.cfg" "$APPLY_LINK.new" &&
		mv -T "$APPLY_LINK.new" "$APPLY_LINK"; }; then
		rm -rf "${APPLY_GEN:?}/$n" "$APPLY_LINK.new"
		echo "aoe-lab: $1: cannot switch $APPLY_LINK; the old entries stay" >&2
		return 1
	fi
	echo "switched: $APPLY_LINK -> generation $n (${#CONF_CLIENTS[@]} machine(s))"
	find "$APPLY_GEN" -mindepth 1 -maxdepth 1 -name '[0-9]*' -printf '%f\n' | grep -xE '[0-9]+' | sort -n | head -n -2 |
		while read -r n; do rm -rf "${APPLY_GEN:?}/$n" && echo "removed: generation $n"; done
}

verb_apply() {
	case ${1:-} in
	-h | --help) apply_usage; return 0 ;;
	'') ;;
	*) usage_err "apply: $1: unexpected; expected no argument" ;;
	esac
	rec_lock apply
	rec_read apply
	change_begin apply "$AOE_LAB_CONF" apply
	change_end apply
}
