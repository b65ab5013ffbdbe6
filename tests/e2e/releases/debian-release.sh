#!/bin/bash
# One Debian release's root on AoE, in one boot: the parts of the life cycle
# of tests/e2e/debian.sh (Debian 12) most likely to change between releases.
# DEBIAN_SUITE (trixie, forky, ...) names the release; tests/e2e/debian13.sh
# and tests/e2e/debian-testing.sh run it, three at a time with tests/e2e/debian.sh.
# The image boots the release's own kernel (its linux-image-amd64) with a
# generic initramfs made in a chroot by the release's own dracut, after our
# package was installed with dpkg; NetworkManager configures the NIC while
# DHCP advertises MTU 1500; the client runs `dracut -f --hostonly`, then
# `systemctl poweroff`. Then the image is read on the host (dumpe2fs,
# debugfs): clean journal, the boot's marker present. Both initramfs images
# are read for the module's files, hooks and place in dracut's install order.
DEBIAN_SUITE=${DEBIAN_SUITE:-trixie}
export DEBIAN_SUITE
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../../lib/e2e.sh"
# shellcheck source=tests/lib/debian.sh
. "$(dirname "$0")/../../lib/debian.sh"
miss=$(h_need debootstrap dpkg-buildpackage debugfs dumpe2fs lsinitrd) || skip_script "$miss not installed (tools/install-deps.sh)"
e2e_init "e2e Debian $DEBIAN_SUITE root"

t0=$(h_now)
debian_image || h_die "Debian $DEBIAN_SUITE image"   # sets KVER, KERNEL_VMLINUZ: the image's own
e2e_figure "$DEBIAN_SUITE image ready (s, 0-ish when cached)" "$(h_since "$t0")"
debian_lab "$DEBIAN_SUITE"
disk=$DEBIAN_DISK nic=$DEBIAN_NIC
s=$DEBIAN_SUITE
dver=${DEBIAN_DRACUT#dracut }
dver=${dver%% *}

log=$AOE_WORK/nm.log
e2e_boot "$log" 900 "root=/dev/etherd/e0.1p1 ro rd.shell=0 $(debian_net_append nm "$nic") aoelab.do=hostonly aoelab.marker=$s" \
	"$DEBIAN_INITRD" --nic "$E2E_TAP,e1000" --mem 1024
e2e_expect "$s: the Debian root runs its check service" "$log" 'AOE-LAB-DONE'
check "$s: the kernel is the image's own ($KVER)" "" test "$(log_fact "$log" kernel)" = "$KVER"
# dracut <= 106 writes its own VERSION_ID, dracut-ng 112 the host's os-release with DRACUT_VERSION
check "$s: the generic initramfs is the one the image's dracut ($DEBIAN_DRACUT) made" "" \
	grep -qxE "(VERSION_ID|DRACUT_VERSION)=\"$dver\"" <(debian_initrd_cat "$DEBIAN_INITRD" usr/lib/initrd-release)
check "$s: the client's dracut is the image's ($DEBIAN_DRACUT)" "" test "$(log_fact "$log" dracut)" = "$DEBIAN_DRACUT"
check "$s: the root is the AoE partition" "" test "$(log_fact "$log" root)" = /dev/etherd/e0.1p1
check "$s: the NIC has its predictable name $nic" "" test "$(log_fact "$log" ifaces)" = "$nic"
check "$s: NetworkManager manages it" "" grep -qx NetworkManager <(log_fact "$log" manager)
check "$s: it got an address by DHCP" "" grep -qE "^$nic:${AOE_NET_PREFIX//./\\.}\\.[0-9]+$" <(log_fact "$log" addr)
check "$s: its link stays up" "" test "$(log_fact "$log" operstate)" = "$nic:up"
check "$s: the initramfs handed NetworkManager the NIC's MTU 9000" "" test "$(log_fact "$log" nmconf)" = 9000
check "$s: its MTU stays 9000 (DHCP offers 1500)" "$(debian_mtu_why "$log")" test "$(log_fact "$log" mtu)" = "$nic:9000"
check "$s: the aoe driver waits for an absent target (aoe_deadsecs=0)" "" test "$(log_fact "$log" deadsecs)" = 0
check "$s: no failed unit" "" test -z "$(log_fact "$log" failed)"
check "$s: dracut -f --hostonly on the client succeeds" "" test "$(log_fact "$log" dracut_rc)" = 0
check "$s: the host-only initramfs has aoe-up and aoe.ko" "" test "$(log_fact "$log" hostonly_aoe)" = 2
e2e_expect "$s: the host-only initramfs records the NIC by MAC" "$log" \
	"AOE-FACT hostonly_cmdline=.*rd\\.aoe\\.if=$(qemu_mac 0)"
debian_dracut_checks "$s" "$log"
e2e_expect "$s: the client powered off (systemctl poweroff)" "$log" 'reboot: Power down'
check "$s: the root was unmounted cleanly (no journal recovery needed)" "" debian_fs_clean "$disk"
check "$s: the marker written before shutdown is on the disk" "" \
	grep -qx "$s" <(debian_fs_file "$disk" /var/lib/aoe-lab/markers)
e2e_figure "$s: kernel" "$(log_fact "$log" kernel || echo n/a)"
e2e_figure "$s: dracut" "$(log_fact "$log" dracut || echo n/a)"
e2e_figure "$s: multi-user.target reached (guest s)" "$(log_fact "$log" mu_s || echo n/a)"
e2e_figure "$s: dracut -f --hostonly in the guest (s)" "$(log_fact "$log" dracut_s || echo n/a)"
e2e_figure "$s: generic initramfs (bytes)" "$(stat -c %s "$DEBIAN_INITRD")"
e2e_figure "$s: host-only initramfs (bytes)" "$(log_fact "$log" hostonly_size || echo n/a)"
e2e_figure "$s: dracut's install order (generic)" "$DEBIAN_MODULES"
e2e_figure "$s: whole test (s)" "$(h_since "$t0")"
