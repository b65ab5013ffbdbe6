# shellcheck shell=bash
# A minimal TFTP tree for PXE tests: pxelinux + one label booting the given kernel/initrd.

[ -n "${_AOE_PXE_SH:-}" ] && return 0
_AOE_PXE_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${AOE_PXELINUX:=/usr/lib/PXELINUX/pxelinux.0}"
: "${AOE_LDLINUX:=/usr/lib/syslinux/modules/bios/ldlinux.c32}"

# tftp_tree DIR KERNEL INITRD APPEND: fill DIR with pxelinux.0, ldlinux.c32, vmlinuz, initrd.img and pxelinux.cfg/default (APPEND after "$AOE_QEMU_BASE_APPEND", IPAPPEND 2 → BOOTIF=); files 0644.
tftp_tree() {
	local dir=$1 kernel=$2 initrd=$3 append=$4 f
	for f in "$AOE_PXELINUX" "$AOE_LDLINUX"; do
		[ -r "$f" ] || { h_log "tftp_tree: missing $f (packages pxelinux, syslinux-common)"; return 1; }
	done
	mkdir -p "$dir/pxelinux.cfg" || return 1
	install -m 0644 "$AOE_PXELINUX" "$dir/pxelinux.0" &&
		install -m 0644 "$AOE_LDLINUX" "$dir/ldlinux.c32" &&
		install -m 0644 "$kernel" "$dir/vmlinuz" &&
		install -m 0644 "$initrd" "$dir/initrd.img" || return 1
	cat >"$dir/pxelinux.cfg/default" <<CFG
SERIAL 0 115200
DEFAULT aoe
PROMPT 0
TIMEOUT 0
LABEL aoe
  KERNEL vmlinuz
  INITRD initrd.img
  APPEND ${AOE_QEMU_BASE_APPEND:-console=ttyS0 panic=-1}${append:+ $append}
  IPAPPEND 2
CFG
	chmod 0644 "$dir/pxelinux.cfg/default"
	chmod 0755 "$dir" "$dir/pxelinux.cfg"
}
