#!/bin/bash
# A minimal initrd: dracut's busybox module instead of bash and systemd (busybox
# ash runs our hooks), only the drivers this boot needs, PXE-booted through
# pxelinux onto the AoE root. No rootfstype=: udev must learn the filesystem
# type of the etherd partition itself (61-aoe-storage.rules), as busybox's
# mount -t auto cannot guess it.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e busybox initrd"

# only the drivers this boot uses: no e1000 from the harness's busybox default, and
# only virtio from the module (which would add every Ethernet driver)
bb=$(AOE_INITRD_DRIVERS_busybox="aoe virtio_net virtio_pci ext4" e2e_initrd_nics busybox "virtio_net virtio_pci")
sd=$(e2e_initrd systemd)
bb_size=$(stat -c %s "$bb") sd_size=$(stat -c %s "$sd")
e2e_figure "busybox initrd size (bytes)" "$bb_size"
e2e_figure "systemd initrd size (bytes)" "$sd_size"
e2e_figure "busybox / systemd initrd size" "$(awk -v a="$bb_size" -v b="$sd_size" 'BEGIN { printf "%.2f", a / b }')"
list=$AOE_WORK/busybox-initrd.list
initrd_list "$bb" > "$list"
# has ERE: the busybox initrd's listing has a line matching ERE
has() { grep -Eq -- "$1" "$list"; }
# lacks ERE: no line matches
lacks() { ! has "$1"; }
check "busybox initrd: has no bash" "" lacks '[ /]usr/bin/bash$'
check "busybox initrd: has no systemd" "" lacks '[ /]lib/systemd/systemd$'
check "busybox initrd: /bin/sh is busybox" "" has ' usr/bin/sh -> (/usr/bin/)?busybox$'
check "busybox initrd: has our helper" "" has ' usr/sbin/aoe-up$'
check "busybox initrd: has our udev rule" "" has '/rules\.d/61-aoe-storage\.rules$'
check "busybox initrd: no NIC drivers but virtio_net" "" lacks '/drivers/net/ethernet/.*\.ko'
e2e_figure "busybox initrd kernel modules" "$(grep -c '\.ko' "$list")"
check "busybox initrd: is smaller than the systemd one" "" test "$bb_size" -lt "$sd_size"

e2e_lan busybox 1500
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$(e2e_disk 1)" || h_die "vblade"
tftp=$AOE_WORK/tftp
# the serial console last: the test reads it (the templates put the screen last)
e2e_tftp "$tftp" "$bb" --append "panic=-1 rd.shell=0 console=ttyS0,115200" || h_die "mktftp.sh"
dnsmasq_start "$E2E_NS" "$E2E_TAP" "$tftp" || h_die "dnsmasq"
log=$AOE_WORK/busybox.log
e2e_pxe_boot "$log" 420
e2e_root_reached "busybox initrd: PXE boot onto /dev/etherd/e0.1p1" "$log"
e2e_expect "busybox initrd: aoe-up found the root via the BOOTIF NIC" "$log" \
	"aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF0},"
check "busybox initrd: the root is the AoE partition" "" \
	test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e0.1p1
if ! log_has "$log" AOE-ROOT-OK; then
	echo "# why the busybox boot failed (mount/fs/dracut lines):"
	log_grep "$log" 'mount|ext4|EXT4|fstype|FATAL|Warning|Could not|aoe-up' | head -n 30 | sed 's/^/    | /'
fi
e2e_figure "busybox PXE boot wall time (s)" "$QEMU_WALL_S"
e2e_boot_figures "$log" e0.1
