# shellcheck shell=bash
# A minimal TFTP tree for PXE tests: pxelinux + one label booting the given kernel/initrd.

[ -n "${_AOE_PXE_SH:-}" ] && return 0
_AOE_PXE_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${AOE_PXELINUX:=/usr/lib/PXELINUX/pxelinux.0}"
: "${AOE_LDLINUX:=/usr/lib/syslinux/modules/bios/ldlinux.c32}"

# sanboot_dnsmasq NS IFACE DIR ROOT_PATH [MAC [BOOT [DNSMASQ_OPTS...]]]: serve iPXE the project's
# pxelinux/ipxe/sanboot.ipxe from DIR over TFTP and ROOT_PATH (aoe:eX.Y) as DHCP root-path, to MAC only
# if given (per machine, as pxelinux/ipxe/dnsmasq-sanboot.conf.example does); BOOT: dnsmasq's first
# --dhcp-boot= (default sanboot.ipxe); dnsmasq_start's exports.
sanboot_dnsmasq() {
	local ns=$1 ifc=$2 dir=$3 rp=$4 mac=${5:-} boot=${6:-sanboot.ipxe} opts=()
	shift 6 2> /dev/null || shift $#
	mkdir -p "$dir" && install -m 0644 "$AOE_REPO/pxelinux/ipxe/sanboot.ipxe" "$dir/" || return 1
	if [ -n "$mac" ]; then
		opts=(--dhcp-host="$mac,set:sanboot" --dhcp-option="tag:sanboot,option:root-path,$rp")
	else
		opts=(--dhcp-option="option:root-path,$rp")
	fi
	DNSMASQ_BOOT=$boot dnsmasq_start "$ns" "$ifc" "$dir" "${opts[@]}" "$@"
}

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

# lab_server NS: aoe-lab's server side for a lab in netns NS, as the tests
# and the demo run it: tests/lib/systemctl-ns stands in for systemd there
# (units' pids and logs in $AOE_WORK/units, stopped at cleanup), dnsmasq's
# file in $AOE_WORK/dnsmasq.d, pxelinux's files from AOE_PXELINUX/LDLINUX.
lab_server() {
	export AOE_LAB_SYSTEMCTL=$AOE_REPO/tests/lib/systemctl-ns SYSTEMCTL_NS=$1 SYSTEMCTL_RUN=$AOE_WORK/units
	export AOE_LAB_DNSMASQ_CONF=$AOE_WORK/dnsmasq.d/aoe-lab.conf AOE_LAB_PXELINUX=$AOE_PXELINUX AOE_LAB_LDLINUX=$AOE_LDLINUX
	harness_on_cleanup lab_server_stop
}

# lab_one NAME MAC APPEND [LAB_KEY_LINE...]: a one-machine lab in E2E_NS, as the PXE tests run
# it: aoe-lab's state under AOE_WORK, lab_server, the server's address $AOE_NET_PREFIX.1 on
# E2E_TAP, the record $AOE_WORK/lab.conf ([lab] with full DHCP, the TFTP root $AOE_WORK/tftp and
# the extra key lines; image "lab" on shelf 0; machine NAME with MAC, no layer, APPEND).
# Sets LAB_TFTP and LAB_V1 (where lab_one_version1 puts version 1).
lab_one() {
	local name=$1 mac=$2 append=$3
	shift 3
	export AOE_LAB_STATE=$AOE_WORK/lab-state AOE_LAB_RUN=$AOE_WORK/lab-run AOE_UP=$E2E_MOD/aoe-up
	lab_server "$E2E_NS"
	LAB_TFTP=$AOE_WORK/tftp LAB_V1=$AOE_WORK/lab-state/images/lab/1
	ip -n "$E2E_NS" addr replace "$AOE_NET_PREFIX.1/24" dev "$E2E_TAP" || return 1
	printf '%s\n' '[lab]' "nic = $E2E_TAP" "tftp = $LAB_TFTP" "$@" 'dhcp = full' "range = $AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199" \
		'[image lab]' 'shelf = 0' \
		"[client $name]" "mac = $mac" 'image = lab' 'layer = none' "append = $append" > "$AOE_WORK/lab.conf" || return 1
}

# lab_one_version1 INITRD: version 1 of lab_one's image: a copy of the test root, the test kernel
# and INITRD (0600, as dracut writes it: aoe-lab apply must serve it anyway).
lab_one_version1() {
	mkdir -p "$LAB_V1" && mv "$(e2e_disk 1)" "$LAB_V1/root.img" && cp "$KERNEL_VMLINUZ" "$LAB_V1/vmlinuz" &&
		install -m 0600 "$1" "$LAB_V1/initrd.img"
}

# lab_server_stop: end the processes systemctl-ns started for the units.
lab_server_stop() {
	local p
	for p in "$SYSTEMCTL_RUN"/*.pid; do [ -e "$p" ] && kill "$(cat "$p")" 2> /dev/null; done
	return 0
}
