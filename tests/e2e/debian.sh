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
# Its checks wait on the guest's console, not on the host's clock:
# run.sh: three at a time
# run.sh: long
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/debian.sh
. "$(dirname "$0")/../lib/debian.sh"
miss=$(h_need debootstrap dpkg-buildpackage debugfs dumpe2fs) || skip_script "$miss not installed (tools/install-deps.sh)"
e2e_init "e2e Debian root"

OUTAGE_S=${AOE_OUTAGE_S:-200}
debian_image || h_die "Debian image"
debian_lab debian
disk=$DEBIAN_DISK nic=$DEBIAN_NIC
base="root=/dev/etherd/e0.1p1 ro rd.shell=0"

# debian_boot NAME LOG TIMEOUT INITRD MANAGER DO: boot the client once.
debian_boot() {
	e2e_boot "$2" "$3" "$base $(debian_net_append "$5" "$nic") aoelab.do=$6 aoelab.marker=$1" "$4" \
		--nic "$E2E_TAP,e1000" --mem 1024
}

# debian_checks NAME LOG MANAGER_UNIT: what every boot must show (and its multi-user.target figure).
debian_checks() {
	local name=$1 log=$2 unit=$3
	e2e_expect "$name: the Debian root runs its check service" "$log" 'AOE-LAB-DONE'
	check "$name: the root is the AoE partition" "" test "$(log_fact "$log" root)" = /dev/etherd/e0.1p1
	check "$name: the NIC has its predictable name $nic" "" test "$(log_fact "$log" ifaces)" = "$nic"
	check "$name: $unit manages it" "" grep -qx "$unit" <(log_fact "$log" manager)
	check "$name: it got an address by DHCP" "" grep -qE "^$nic:${AOE_NET_PREFIX//./\\.}\\.[0-9]+$" <(log_fact "$log" addr)
	check "$name: its link stays up" "" test "$(log_fact "$log" operstate)" = "$nic:up"
	check "$name: its MTU stays 9000 (DHCP offers 1500)" "$(debian_mtu_why "$log")" test "$(log_fact "$log" mtu)" = "$nic:9000"
	check "$name: the aoe driver waits for an absent target (aoe_deadsecs=0)" "" test "$(log_fact "$log" deadsecs)" = 0
	check "$name: no failed unit" "" test -z "$(log_fact "$log" failed)"
	e2e_figure "$name: multi-user.target reached (guest s)" "$(log_fact "$log" mu_s || echo n/a)"
}

# debian_after NAME: the image on the host after a boot: clean, marker there.
debian_after() {
	check "$1: the root was unmounted cleanly (no journal recovery needed)" "" debian_fs_clean "$disk"
	check "$1: the marker written before shutdown is on the disk" "" \
		grep -qx "$1" <(debian_fs_file "$disk" /var/lib/aoe-lab/markers)
}

log=$AOE_WORK/nm.log
debian_boot nm "$log" 900 "$DEBIAN_INITRD" nm hostonly
debian_checks nm "$log" NetworkManager
debian_after nm
check "nm: dracut -f --hostonly on the client succeeds" "" test "$(log_fact "$log" dracut_rc)" = 0
check "nm: the host-only initramfs has aoe-up and aoe.ko" "" test "$(log_fact "$log" hostonly_aoe)" = 2
e2e_expect "nm: the host-only initramfs records the NIC by MAC" "$log" \
	"AOE-FACT hostonly_cmdline=.*rd\\.aoe\\.if=$(qemu_mac 0)"
debian_dracut_checks "nm ($DEBIAN_DRACUT)" "$log"
e2e_figure "dracut's install order (generic)" "$DEBIAN_MODULES"
e2e_figure "dracut -f --hostonly in the guest (s)" "$(log_fact "$log" dracut_s || echo n/a)"
e2e_figure "generic initramfs (bytes)" "$(stat -c %s "$DEBIAN_INITRD")"
e2e_figure "host-only initramfs (bytes)" "$(log_fact "$log" hostonly_size || echo n/a)"
hostonly=$AOE_WORK/hostonly.img
debian_fs_dump "$disk" "/boot/initrd.img-$KVER" "$hostonly" || hostonly=

# 2. systemd-networkd, from the initramfs the client built for itself
log=$AOE_WORK/networkd.log
if [ -n "$hostonly" ]; then
	debian_boot networkd "$log" 600 "$hostonly" networkd noinitrd,reboot
	debian_checks networkd "$log" systemd-networkd
	e2e_expect "networkd: the host-only initramfs finds the NIC by the MAC it recorded" "$log" \
		"aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via $nic,"
	check "networkd: no initramfs left in /boot" "" test "$(log_fact "$log" noinitrd)" = 0
	e2e_expect "networkd: the client rebooted (systemctl reboot)" "$log" 'reboot: Restarting system'
	debian_after networkd
else
	fail "networkd: the host-only initramfs" "could not be read from the image"
fi

# 3. ifupdown; the target goes away for OUTAGE_S s while the client writes
log=$AOE_WORK/ifupdown.log
debian_boot_outage() {
	local pid t_back t_write
	: > "$log"
	e2e_boot "$log" $((OUTAGE_S + 600)) "$base $(debian_net_append ifupdown "$nic") aoelab.do=outage aoelab.marker=ifupdown aoelab.outage_min=$((OUTAGE_S / 2))" \
		"$DEBIAN_INITRD" --nic "$E2E_TAP,e1000" --mem 1024 &
	pid=$!
	log_wait "$log" 'AOE-WRITE 3 ' 400 "$pid" > /dev/null || { wait "$pid"; return 1; }
	kill "$VBLADE_PID"; wait "$VBLADE_PID" 2> /dev/null
	h_log "target away for $OUTAGE_S s"
	sleep "$OUTAGE_S"
	vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade again"
	t_back=$(h_now)
	t_write=$(log_wait "$log" 'AOE-FACT outage_write=' 300 "$pid")
	OUTAGE_BACK_S=$(h_delta "$t_back" "$t_write")
	wait "$pid"
}
debian_boot_outage
debian_checks ifupdown "$log" "ifup@$nic"
e2e_expect "outage: a write waited for the target (about $OUTAGE_S s)" "$log" 'AOE-FACT outage_write=[0-9]+ took=[0-9]+'
check "outage: no I/O error reached the filesystem" "" test "$(log_fact "$log" ioerr)" = 0
check "outage: no write failed" "" test -z "$(log_fact "$log" write_err)"
e2e_expect "outage: the console says the target stopped answering" "$log" 'aoe-boot: e0\.1: no answer from the target for [0-9]+ s'
e2e_expect "outage: the console says when it is back" "$log" 'aoe-boot: e0\.1: the target answers again'
debian_after ifupdown
n=$(log_fact "$log" writes)
check "outage: every write made before, during and after is on the disk" "" \
	cmp -s <(debian_fs_file "$disk" /var/lib/aoe-lab/writes | awk '{ print $2 }') <(seq 1 "${n:-0}")
e2e_figure "outage: target back -> first completed write (s)" "${OUTAGE_BACK_S:-n/a}"
