#!/bin/bash
# iPXE's sanboot, end to end: the guest's iPXE ROM gets DHCP from dnsmasq with
# the project's pxelinux/ipxe/sanboot.ipxe and a per-MAC root-path (aoe:e0.1),
# hooks the AoE disk as BIOS drive 0x80 and boots its MBR; extlinux inside the
# image loads the image's own kernel and initrd from the AoE disk over INT 13.
# The kernel command line names only root=UUID=...: the initrd's aoe module
# reads the aBFT iPXE left (disk and NIC) and reaches the root.
# Then the same command line with no aBFT (a direct kernel boot, the same
# image as a local disk, the target still on the LAN): the module stays out
# of the way: no discover, the aoe driver never loads.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e iPXE sanboot with the aBFT"

e2e_lan sanboot 1500
# small: INT 13 reads cross the wire in 1 KiB frames; virtio_blk for the local-disk boot
initrd=$(AOE_INITRD_DRIVERS_busybox="aoe virtio_net virtio_pci virtio_blk ext4" e2e_initrd busybox)
uuid=0a0eb007-5a4b-4007-8000-00000000ae01
append="root=UUID=$uuid rd.shell=0"
rootdir=$AOE_WORK/root
rootfs_tree "$rootdir" || h_die "root tree"
disk=$AOE_WORK/sanboot.img
boot_disk_image "$disk" "$rootdir" "$KERNEL_VMLINUZ" "$initrd" "$uuid" "$append" ||
	h_die "bootable disk image"
local_disk=$AOE_WORK/local.img
cp --sparse=always "$disk" "$local_disk"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"

mac=$(qemu_mac 0)
sanboot_dnsmasq "$E2E_NS" "$E2E_TAP" "$AOE_WORK/tftp" aoe:e0.1 "$mac" || h_die "dnsmasq"

log=$AOE_WORK/sanboot.log
: > "$log"
t0=$(h_now)
e2e_pxe_boot "$log" 600 &
pid=$!
log_marks "$AOE_WORK/marks" "$pid" "san|$log|Booting from SAN device" "linux|$log|Linux version"
wait "$pid"
t_san=$(log_mark "$AOE_WORK/marks" san) t_linux=$(log_mark "$AOE_WORK/marks" linux)

e2e_root_reached "sanboot: iPXE -> extlinux on the AoE disk -> the AoE root, no AoE option" "$log"
e2e_expect "sanboot: iPXE hooked the AoE disk as a BIOS drive" "$log" 'Registered SAN device 0x80'
check "sanboot: dnsmasq served the script, not a kernel" "" \
	grep -q 'sent .*sanboot.ipxe' "$DNSMASQ_LOG"
check "sanboot: no kernel or initrd crossed TFTP" "" \
	bash -c "! grep -Eq 'sent .*(vmlinuz|initrd)' '$DNSMASQ_LOG'"
cmdline=$(log_fact "$log" cmdline | head -n1)
case " $cmdline " in
*" BOOT_IMAGE=/boot/vmlinuz "*) pass "sanboot: extlinux in the image loaded /boot/vmlinuz" ;;
*) fail "sanboot: extlinux in the image loaded /boot/vmlinuz" "cmdline: ${cmdline:-none}" ;;
esac
case " $cmdline " in
*rd.aoe* | *etherd* | *aoe:* | *BOOTIF*) fail "sanboot: the command line names no AoE disk or NIC" "cmdline: $cmdline" ;;
*) pass "sanboot: the command line names no AoE disk or NIC" ;;
esac
e2e_expect "sanboot: aoe-up took disk and NIC from the aBFT" "$log" \
	"aoe-up: aBFT: e0\.1 via the NIC with MAC $mac"
# the aBFT names the disk; root=UUID= names the filesystem on its partition 1
e2e_expect "sanboot: aoe-up found e0.1 on that NIC" "$log" "aoe-up: found e0\\.1: target [0-9a-f:]{17} via ${IF0},"
e2e_expect "sanboot: the root mounted is the AoE partition" "$log" 'EXT4-fs \(etherd!e0\.1p1\): mounted'
e2e_figure "sanboot: power on -> booting the SAN drive (s)" "$(h_delta "$t0" "$t_san")"
e2e_figure "sanboot: SAN boot -> kernel running (INT 13 load, s)" "$(h_delta "$t_san" "$t_linux")"
e2e_figure "sanboot: kernel+initrd loaded over INT 13 (bytes)" \
	"$(($(stat -c %s "$KERNEL_VMLINUZ") + $(stat -c %s "$initrd")))"
e2e_figure "sanboot: power on -> off (s)" "$(h_delta "$t0" "$(h_now)")"
e2e_figure "sanboot: aoe loaded -> AoE disk (s)" \
	"$(klog_delta "$log" 'AoE v85 initialised' ' etherd/e0.1:' || echo n/a)"
e2e_figure "sanboot: guest uptime at the real root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"

# the same command line, no aBFT, the same image as a local disk
log=$AOE_WORK/local.log
e2e_boot "$log" 300 "$append" "$initrd" -- -drive "file=$local_disk,if=virtio,format=raw"
e2e_root_reached "no aBFT: root=UUID=... boots the local copy" "$log"
root=$(log_fact "$log" root | head -n1)
case $root in
/dev/vda1 | "/dev/disk/by-uuid/$uuid") pass "no aBFT: the root is the local disk" ;;
*) fail "no aBFT: the root is the local disk" "root: ${root:-none}" ;;
esac
e2e_expect_none "no aBFT: no aoe-up line, the aoe driver never loaded" "$log" 'aoe-up|AoE v85 initialised'
e2e_figure "no aBFT: guest uptime at the root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"
