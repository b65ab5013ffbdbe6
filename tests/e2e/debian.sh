#!/bin/bash
# A Debian 12 root on AoE for its whole life, on one disk image, in three boots:
#   1. NetworkManager, the generic initramfs the image's own dracut made in a
#      chroot; DHCP advertises MTU 1500; then `dracut -f --hostonly` on the
#      client; `systemctl poweroff` with an initramfs in /boot.
#   2. systemd-networkd, booted from that host-only initramfs; removes every
#      initramfs from /boot; `systemctl reboot`.
#   3. ifupdown (allow-hotplug + dhcp, as the installer writes it), generic
#      initramfs; the target is away for OUTAGE_S s while the client writes a
#      synced line a second; `systemctl poweroff` with no initramfs in /boot.
# After each boot the image is read on the host (dumpe2fs, debugfs): clean
# journal, the boot's marker and every write present.
# The NIC is an e1000, which (like real NICs) drops frames above its MTU.
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/debian.sh"
e2e_init "e2e Debian root"

OUTAGE_S=${AOE_OUTAGE_S:-200}
debian_image || h_die "Debian image"
e2e_lan debian 9000
disk=$AOE_WORK/debian.img
cp --sparse=always "$DEBIAN_IMG" "$disk" || h_die "copy the image"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"
mkdir -p "$AOE_WORK/tftp"
dnsmasq_start "$E2E_NS" "$E2E_TAP" "$AOE_WORK/tftp" --dhcp-option=26,1500 || h_die "dnsmasq"
nic=$IF0
base="root=/dev/etherd/e0.1p1 ro rd.shell=0"

# debian_boot NAME LOG TIMEOUT INITRD MANAGER DO: boot the client once.
debian_boot() {
	e2e_boot "$2" "$3" "$base $(debian_net_append "$5" "$nic") aoelab.do=$6 aoelab.marker=$1" "$4" \
		--nic "$E2E_TAP,e1000" --mem 1024
}

# debian_checks NAME LOG MANAGER_UNIT: what every boot must show.
debian_checks() {
	local name=$1 log=$2 unit=$3
	e2e_expect "$name: the Debian root runs its check service" "$log" 'AOE-LAB-DONE'
	e2e_check "$name: the root is the AoE partition" test "$(log_fact "$log" root)" = /dev/etherd/e0.1p1
	e2e_check "$name: the NIC has its predictable name $nic" test "$(log_fact "$log" ifaces)" = "$nic"
	e2e_check "$name: $unit manages it" grep -qx "$unit" <(log_fact "$log" manager)
	e2e_check "$name: it got an address by DHCP" grep -qE "^$nic:${AOE_NET_PREFIX//./\\.}\\.[0-9]+$" <(log_fact "$log" addr)
	e2e_check "$name: its link stays up" test "$(log_fact "$log" operstate)" = "$nic:up"
	e2e_check "$name: its MTU stays 9000 (DHCP offers 1500)" test "$(log_fact "$log" mtu)" = "$nic:9000"
	e2e_check "$name: the aoe driver waits for an absent target (aoe_deadsecs=0)" test "$(log_fact "$log" deadsecs)" = 0
	e2e_check "$name: no failed unit" test -z "$(log_fact "$log" failed)"
	e2e_figure "$name: multi-user.target reached (guest s)" "$(log_fact "$log" mu_s || echo n/a)"
}

# debian_after NAME: the image on the host after a boot: clean, marker there.
debian_after() {
	e2e_check "$1: the root was unmounted cleanly (no journal recovery needed)" debian_fs_clean "$disk"
	e2e_check "$1: the marker written before shutdown is on the disk" \
		grep -qx "$1" <(debian_fs_file "$disk" /var/lib/aoe-lab/markers)
}

log=$AOE_WORK/nm.log
debian_boot nm "$log" 900 "$DEBIAN_INITRD" nm hostonly
debian_checks nm "$log" NetworkManager
debian_after nm
e2e_check "nm: dracut -f --hostonly on the client succeeds" test "$(log_fact "$log" dracut_rc)" = 0
e2e_check "nm: the host-only initramfs has aoe-up and aoe.ko" test "$(log_fact "$log" hostonly_aoe)" = 2
e2e_expect "nm: the host-only initramfs records the NIC by MAC" "$log" \
	"AOE-FACT hostonly_cmdline=.*rd\\.aoe\\.if=$(qemu_mac 0)"
e2e_figure "dracut -f --hostonly in the guest (s)" "$(log_fact "$log" dracut_s || echo n/a)"
e2e_figure "generic initramfs (bytes)" "$(stat -c %s "$DEBIAN_INITRD")"
e2e_figure "host-only initramfs (bytes)" "$(log_fact "$log" hostonly_size || echo n/a)"
hostonly=$AOE_WORK/hostonly.img
debian_fs_dump "$disk" "/boot/initrd.img-$KVER" "$hostonly" || hostonly=
