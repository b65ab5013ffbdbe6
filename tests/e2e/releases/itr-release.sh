#!/bin/bash
# One Debian release's root on AoE with initramfs-tools and no dracut at all:
# the image's own kernel, our package installed with dpkg next to aoetools,
# the initramfs made in a chroot by the image's own update-initramfs
# (MODULES=netboot, as for a netboot image). DEBIAN_SUITE names the release;
# tests/e2e/itr12.sh and itr13.sh run it, three at a time with the other Debian
# boots. Each:
#   1. PXE (pxelinux, IPAPPEND 2) onto the AoE root; the first network
#      manager (ITR_NET1) keeps the NIC's MTU 9000 while DHCP offers 1500;
#      the client runs update-initramfs -u (a kernel update), then powers off;
#   2. the initramfs the client made, the second manager (ITR_NET2), poweroff.
#   With ITR_DEP=1 the client builds it with MODULES=dep: its NIC's driver,
#   rd.aoe.if= and rd.aoe.mac= recorded by the hook. With ITR_OUTAGE=S the
#   target is away for S s while the client writes a synced line a second.
#   After each, the disk is read on the host: clean journal, the boot's marker.
# With ITR_OVERLAY=1, boot 2 puts rd.aoe.overlay= on a kept layer (an empty
# AoE disk e0.2, formatted at that boot): the image stays as boot 1 left it,
# boot 2's marker is in the layer, and the layer's filesystem is clean after
# poweroff. With ITR_FAULTS=1 also: no target and a bad option (the FATAL lines, the
# machine reboots with panic=-1); and aoetools' path (rd.aoe=0) against ours,
# with DHCP and without (dnsmasq stopped): time to the root's mount.
DEBIAN_SUITE=${DEBIAN_SUITE:-trixie}
DEBIAN_GEN=initramfs-tools
export DEBIAN_SUITE DEBIAN_GEN
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../../lib/e2e.sh"
# shellcheck source=tests/lib/debian.sh
. "$(dirname "$0")/../../lib/debian.sh"
# shellcheck source=tests/lib/pxe.sh
. "$(dirname "$0")/../../lib/pxe.sh"
miss=$(h_need debootstrap dpkg-buildpackage debugfs dumpe2fs zstd) || skip_script "$miss not installed (tools/install-deps.sh)"
e2e_init "e2e Debian $DEBIAN_SUITE root, initramfs-tools"

t0=$(h_now)
debian_image || h_die "Debian $DEBIAN_SUITE image (initramfs-tools)"   # sets KVER, KERNEL_VMLINUZ
e2e_figure "$DEBIAN_SUITE i-t image ready (s, 0-ish when cached)" "$(h_since "$t0")"
debian_lab "itr-$DEBIAN_SUITE"
disk=$DEBIAN_DISK nic=$DEBIAN_NIC
s="$DEBIAN_SUITE i-t"
itrv=${DEBIAN_DRACUT#initramfs-tools }
n1=${ITR_NET1:-nm} n2=${ITR_NET2:-ifupdown}
nics=(--nic "$E2E_TAP,e1000" --mem 1024)

# --- the generic initramfs, as update-initramfs made it --------------------------
list=$(debian_initrd_list "$DEBIAN_INITRD")
for f in sbin/aoe-up drivers/block/aoe/aoe.ko scripts/init-top/aoe-boot scripts/local-top/aoe-boot \
	scripts/local-bottom/aoe-boot scripts/init-bottom/aoe-boot lib/aoe-lib.sh lib/aoe-itr-lib.sh \
	lib/udev/rules.d/61-aoe-storage.rules lib/aoe-boot/aoetools-local-top; do
	check "$s: the initramfs has .../$f" "" grep -qE "(^|/)${f//./\\.}(\\.xz|\\.zst)?$" <<< "$list"
done
order=$(debian_initrd_cat "$DEBIAN_INITRD" scripts/init-top/ORDER)
check "$s: init-top runs aoe-boot after udev" "$(tr '\n' ' ' <<< "$order")" \
	awk '/init-top\/udev /{u=NR} /init-top\/aoe-boot /{a=NR} END{exit !(u && a > u)}' <<< "$order"
check "$s: aoetools' local-top is our wrapper" "" \
	grep -q '^# aoe-boot wrapper' <(debian_initrd_cat "$DEBIAN_INITRD" scripts/local-top/aoe)
check "$s: no dracut in the image" "" test -z "$(debian_initrd_cat "$DEBIAN_INITRD" usr/lib/initrd-release)"
check "$s: dpkg -i of our package ran update-initramfs (the trigger)" "" \
	grep -q 'Processing triggers for initramfs-tools' "$DEBIAN_BUILDLOG"

# --- 1. PXE, the first manager, update-initramfs -u on the client -----------------
tftp_tree "$AOE_WORK/tftp" "$KERNEL_VMLINUZ" "$DEBIAN_INITRD" \
	"root=/dev/etherd/e0.1p1 ro $(debian_net_append "$n1" "$nic") aoelab.do=itr-update ${ITR_DEP:+aoelab.itr_modules=dep }aoelab.marker=$DEBIAN_SUITE-1" ||
	h_die "TFTP tree"
log=$AOE_WORK/boot1.log
e2e_pxe_boot "$log" 900 "${nics[@]}"
e2e_expect "$s: PXE boot onto the Debian root, its check service runs" "$log" 'AOE-LAB-DONE'
check "$s: pxelinux came over TFTP" "" grep -q 'sent .*pxelinux.0' "$DNSMASQ_LOG"
check "$s: the kernel is the image's own ($KVER)" "" test "$(log_fact "$log" kernel)" = "$KVER"
check "$s: initramfs-tools is the image's ($itrv), no dracut" "" \
	test "$(log_fact "$log" itr)/$(log_fact "$log" dracut)" = "$itrv/"
check "$s: the root is the AoE partition" "" test "$(log_fact "$log" root)" = /dev/etherd/e0.1p1
e2e_expect "$s: aoe-up found the root on the BOOTIF NIC" "$log" "aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via $nic,"
e2e_expect_none "$s: no DHCP and no IP in the initramfs (no ipconfig, aoetools' script held)" "$log" 'IP-Config|ipconfig'
e2e_expect_none "$s: initramfs-tools never gave up waiting" "$log" 'Gave up waiting|ALERT!'
check "$s: $n1 manages the NIC" "" grep -qx "$(case $n1 in nm) echo NetworkManager ;; ifupdown) echo "networking\\|ifup@$nic" ;; esac)" <(log_fact "$log" manager)
check "$s: it got an address by DHCP" "" grep -qE "^$nic:${AOE_NET_PREFIX//./\\.}\\.[0-9]+$" <(log_fact "$log" addr)
check "$s: its link stays up" "" test "$(log_fact "$log" operstate)" = "$nic:up"
check "$s: its MTU stays 9000 (DHCP offers 1500)" "$(debian_mtu_why "$log")" test "$(log_fact "$log" mtu)" = "$nic:9000"
check "$s: no failed unit" "" test -z "$(log_fact "$log" failed)"
check "$s: update-initramfs -u on the client succeeds" "" test "$(log_fact "$log" itr_rc)" = 0
check "$s: the client's initramfs has aoe-up, aoe.ko and the four scripts" "" test "$(log_fact "$log" itr_files)" = 7
e2e_expect "$s: the client powered off" "$log" 'reboot: Power down'
check "$s: the root was unmounted cleanly" "" debian_fs_clean "$disk"
check "$s: the marker written before shutdown is on the disk" "" \
	grep -qx "$DEBIAN_SUITE-1" <(debian_fs_file "$disk" /var/lib/aoe-lab/markers)
e2e_figure "$s: PXE power-on to multi-user.target (guest s)" "$(log_fact "$log" mu_s || echo n/a)"
e2e_figure "$s: root mounted (kernel s)" "$(klog_time "$log" 'EXT4-fs (etherd!e0.1p1): mounted' || echo n/a)"
e2e_figure "$s: update-initramfs -u in the guest (s)" "$(log_fact "$log" itr_s || echo n/a)"
e2e_figure "$s: generic initramfs, MODULES=netboot (bytes)" "$(stat -c %s "$DEBIAN_INITRD")"
e2e_figure "$s: the client's initramfs (bytes)" "$(log_fact "$log" itr_size || echo n/a)"

# --- 2. the initramfs the client made, the second manager -------------------------
new=$AOE_WORK/client-initrd.img
debian_fs_dump "$disk" "/boot/initrd.img-$KVER" "$new" || h_die "read the client's initramfs"
check "$s: the client's initramfs is a new one" "" test "$(md5sum < "$new")" != "$(md5sum < "$DEBIAN_INITRD")"
if [ -n "${ITR_DEP:-}" ]; then
	# MODULES=dep on the client: the hook adds the NIC's driver and records the
	# NIC and the target by MAC, as dracut's host-only image does
	tmac=$(ip netns exec "$E2E_NS" cat "/sys/class/net/$E2E_TAP/address")
	check "$s: MODULES=dep: the image records the NIC and pins the target" "" \
		test "$(debian_initrd_cat "$new" etc/cmdline.d/50aoe.conf)" = "rd.aoe.if=$(qemu_mac 0) rd.aoe.mac=$tmac"
	check "$s: MODULES=dep: e1000 is in it" "" grep -qE '/e1000\.ko(\.xz|\.zst)?$' <(debian_initrd_list "$new")
fi
log=$AOE_WORK/boot2.log
ov='' want_root=/dev/etherd/e0.1p1
if [ "${ITR_OVERLAY:-0}" = 1 ]; then
	ovl=$AOE_WORK/layer.img
	truncate -s 256M "$ovl" || h_die "layer image"
	vblade_start "$E2E_NS" 0 2 "$E2E_TAP" "$ovl" || h_die "vblade for the layer"
	ov="rd.aoe.overlay=e0.2 rd.aoe.overlay.format=1" want_root=overlay
fi
out=${ITR_OUTAGE:-0} do2=''
[ "$out" -gt 0 ] && do2="aoelab.do=outage aoelab.outage_min=$((out / 2))"
e2e_boot "$log" 900 "root=/dev/etherd/e0.1p1 ro $ov $(debian_net_append "$n2" "$nic") $do2 aoelab.marker=$DEBIAN_SUITE-2" "$new" "${nics[@]}" &
pid=$!
if [ "$out" -gt 0 ]; then
	# the target goes away while the client writes a synced line a second
	if log_wait "$log" 'AOE-WRITE 3 ' 600 "$pid" > /dev/null; then
		kill "$VBLADE_PID"
		wait "$VBLADE_PID" 2> /dev/null
		sleep "$out"
		vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade again"
	fi
fi
wait "$pid"
e2e_expect "$s: the client's own initramfs boots the root" "$log" 'AOE-LAB-DONE'
check "$s: the root is $want_root (2nd boot)" "" test "$(log_fact "$log" root)" = "$want_root"
check "$s: the aoe driver waits for an absent target (aoe_deadsecs=0)" "" test "$(log_fact "$log" deadsecs)" = 0
[ -n "${ITR_DEP:-}" ] && e2e_expect "$s: MODULES=dep: the recorded pin holds" "$log" \
	"aoe-up: $nic: rd\\.aoe\\.mac=$tmac: AoE frames from other MACs are dropped"
check "$s: $n2 manages the NIC" "" grep -qx "$(case $n2 in nm) echo NetworkManager ;; ifupdown) echo "networking\\|ifup@$nic" ;; esac)" <(log_fact "$log" manager)
check "$s: it got an address by DHCP (2nd boot)" "" grep -qE "^$nic:${AOE_NET_PREFIX//./\\.}\\.[0-9]+$" <(log_fact "$log" addr)
check "$s: its MTU stays 9000 with $n2" "$(debian_mtu_why "$log")" test "$(log_fact "$log" mtu)" = "$nic:9000"
check "$s: no failed unit (2nd boot)" "" test -z "$(log_fact "$log" failed)"
if [ "$out" -gt 0 ]; then
	e2e_expect "$s: a write waited for the target ($out s away)" "$log" 'AOE-FACT outage_write=[0-9]+ took=[0-9]+'
	check "$s: no I/O error reached the filesystem" "" test "$(log_fact "$log" ioerr)" = 0
	check "$s: no write failed" "" test -z "$(log_fact "$log" write_err)"
	n=$(log_fact "$log" writes)
	check "$s: every write made before, during and after the outage is on the disk" "" \
		cmp -s <(debian_fs_file "$disk" /var/lib/aoe-lab/writes | awk '{ print $2 }') <(seq 1 "${n:-0}")
fi
e2e_expect "$s: powered off (2nd boot)" "$log" 'reboot: Power down'
check "$s: unmounted cleanly (2nd boot)" "" debian_fs_clean "$disk"
if [ -n "$ov" ]; then
	e2e_expect "$s: local-bottom put the overlay on the kept layer e0.2" "$log" 'aoe-boot: aoe: / is an overlay: image /dev/etherd/e0\.1p1 .* writes to e0\.2$'
	check "$s: the image holds boot 1's marker only" "" \
		test "$(debian_fs_file "$disk" /var/lib/aoe-lab/markers | paste -sd, -)" = "$DEBIAN_SUITE-1"
	check "$s: the layer holds boot 2's" "" \
		test "$(debugfs -R "cat /upper/var/lib/aoe-lab/markers" "$ovl" 2> /dev/null | paste -sd, -)" = "$DEBIAN_SUITE-1,$DEBIAN_SUITE-2"
	feats=$(dumpe2fs -h "$ovl" 2> /dev/null | sed -n 's/^Filesystem features: *//p')
	check "$s: the layer's filesystem was unmounted cleanly" "features: $feats" \
		test -n "$feats" -a "${feats/needs_recovery/}" = "$feats"
else
	check "$s: both markers are on the disk" "" \
		test "$(debian_fs_file "$disk" /var/lib/aoe-lab/markers | paste -sd, -)" = "$DEBIAN_SUITE-1,$DEBIAN_SUITE-2"
fi
ours_dhcp=$(klog_time "$log" 'EXT4-fs (etherd!e0.1p1): mounted' || echo n/a)
e2e_figure "$s: root mounted, ours, direct kernel (kernel s)" "$ours_dhcp"

if [ "${ITR_FAULTS:-0}" = 1 ]; then
	# --- faults: the FATAL line, then panic=-1 reboots (QEMU exits) --------------
	log=$AOE_WORK/notarget.log
	e2e_boot_until "$log" 300 'reboot: Restarting|Kernel panic' "root=/dev/etherd/e0.9p1 ro rd.aoe.timeout=8" "$new" "${nics[@]}"
	e2e_expect "$s: no target: one FATAL line with what aoe-up tried" "$log" \
		'aoe-boot: FATAL: AoE root not found: .*e0\.9'
	e2e_expect "$s: ... then panic=-1 reboots" "$log" 'reboot: Restarting'
	e2e_expect_none "$s: ... before initramfs-tools' own root wait" "$log" 'Gave up waiting'
	log=$AOE_WORK/badopt.log
	e2e_boot_until "$log" 300 'reboot: Restarting|Kernel panic' "root=/dev/etherd/e0.1p1 ro rd.aoe.mtu=bad" "$new" "${nics[@]}"
	e2e_expect "$s: a bad option: aoe-up's line naming it" "$log" \
		'aoe-boot: FATAL: aoe-up: rd\.aoe\.mtu=bad: expected auto, keep or a number 68-65535'
	e2e_expect_none "$s: ... and no search" "$log" 'aoe-up: found|AoE v85 initialised'
	e2e_expect "$s: ... then panic=-1 reboots (bad option)" "$log" 'reboot: Restarting'

	# --- aoetools' path (rd.aoe=0) against ours ----------------------------------
	mnt='EXT4-fs \(etherd!e0\.1p1\): mounted'
	log=$AOE_WORK/aoetools-dhcp.log
	e2e_boot_until "$log" 420 "$mnt|ALERT!|Kernel panic" "root=/dev/etherd/e0.1p1 ro rd.aoe=0" "$DEBIAN_INITRD" "${nics[@]}"
	e2e_expect "$s: rd.aoe=0 hands the boot to aoetools' script: it asks DHCP" "$log" 'IP-Config: '
	e2e_expect_none "$s: ... and ours stays out of it" "$log" 'aoe-up: '
	e2e_figure "$s: aoetools, DHCP: its lease" "$(log_grep "$log" 'IP-Config: .* complete' > /dev/null && echo got || echo none)"
	e2e_figure "$s: root mounted, aoetools, DHCP (kernel s)" "$(klog_time_re "$log" "$mnt" || echo "n/a ($(log_grep "$log" 'ALERT!|Kernel panic' | head -n1))")"
	kill "$DNSMASQ_PID" 2> /dev/null
	wait "$DNSMASQ_PID" 2> /dev/null
	log=$AOE_WORK/ours-nodhcp.log
	e2e_boot_until "$log" 300 "aoe: / is an overlay|ALERT!|Kernel panic" "root=/dev/etherd/e0.1p1 ro rd.aoe.overlay=tmpfs" "$DEBIAN_INITRD" "${nics[@]}"
	e2e_expect "$s: ours mounts the root with no DHCP server on the LAN" "$log" "$mnt"
	e2e_expect "$s: ... and rd.aoe.overlay=tmpfs over it" "$log" 'aoe-boot: aoe: / is an overlay: image /dev/etherd/e0\.1p1 .* writes to tmpfs$'
	e2e_expect_none "$s: ... without checking the shared image (fastboot)" "$log" 'fsck from|Will now check root'
	e2e_expect_none "$s: ... and without any IP configuration" "$log" 'IP-Config'
	e2e_figure "$s: root mounted, ours, no DHCP (kernel s)" "$(klog_time_re "$log" "$mnt" || echo n/a)"
	log=$AOE_WORK/aoetools-nodhcp.log
	e2e_boot_until "$log" 480 "$mnt|ALERT!|Kernel panic" "root=/dev/etherd/e0.1p1 ro rd.aoe=0" "$DEBIAN_INITRD" "${nics[@]}"
	e2e_figure "$s: aoetools, no DHCP: root mounted (kernel s) or what ended it" \
		"$(klog_time_re "$log" "$mnt" || log_grep "$log" 'ALERT!|Kernel panic' | head -n1 || echo "nothing in 480 s")"
	e2e_figure "$s: aoetools, no DHCP: wall s to that" "${E2E_UNTIL_S:-n/a}"
	e2e_figure "$s: aoetools, no DHCP: IP-Config lines" "$(log_grep "$log" 'IP-Config' | wc -l)"
	e2e_figure "$s: aoetools, no DHCP: aoe loaded" "$(log_grep "$log" 'AoE v85 initialised' > /dev/null && echo yes || echo no)"
fi
e2e_figure "$s: whole test (s)" "$(h_since "$t0")"
