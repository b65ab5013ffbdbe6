#!/bin/bash
# One read-only AoE image, a writable layer per machine (rd.aoe.overlay=).
# The image is exported read-only (vblade -r) and must be byte-identical
# after every boot. Four boots:
#   A1  shell initrd, machine A, persistent overlay on the blank disk e0.2
#       (rd.aoe.overlay.format=1): writes a marker
#   A2  machine A again (a reboot), same overlay disk: the marker and the
#       machine-id survived
#   B   systemd initrd, machine B, tmpfs overlay of 8 MiB: A's marker is
#       invisible, a full overlay gives ENOSPC and the system keeps running,
#       fstab's / line names the overlay, / remounts, the image is read-only
#       at /run/aoe/lower
#   F   an overlay disk with someone else's filesystem: one FATAL line, no root
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/overlay.sh
. "$(dirname "$0")/../lib/overlay.sh"
e2e_init "e2e overlay"

img=$AOE_WORK/shared.img
overlay_image "$img" || h_die "overlay image"
sum=$(sha256sum < "$img")
ovdisk=$AOE_WORK/overlay-a.img
truncate -s 32M "$ovdisk"
foreign=$AOE_WORK/foreign.img
truncate -s 16M "$foreign"
mkfs.ext4 -q -F -L data "$foreign" > /dev/null || h_die "mkfs foreign"

mac_a=52:54:00:ae:20:0a mac_b=52:54:00:ae:20:0b
e2e_lan overlay 1500
# as a lab exports them: the image read-only for all, each overlay disk
# writable for its one machine (-m)
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$img" -r || h_die "vblade e0.1"
vblade_start "$E2E_NS" 0 2 "$E2E_TAP" "$ovdisk" -m "$mac_a" || h_die "vblade e0.2"
vblade_start "$E2E_NS" 0 3 "$E2E_TAP" "$foreign" -m "$mac_b" || h_die "vblade e0.3"
shell=$(e2e_initrd shell)
sd=$(e2e_initrd systemd)
root="root=/dev/etherd/e0.1p1 rd.shell=0"

# fact LOG NAME: the first value of fact NAME.
fact() { log_fact "$1" "$2" | head -n1; }
# eq NAME GOT WANT: PASS if equal.
eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi; }
# clean NAME LOG: no write error reached the image (vblade -r refuses writes).
clean() { e2e_expect_none "$1: no I/O or ext4 error on the image" "$2" 'I/O error|EXT4-fs error|Buffer I/O'; }

# --- A1: persistent overlay, formatted on first use --------------------------
a1=$AOE_WORK/a1.log
e2e_boot "$a1" 300 "$root rd.aoe.overlay=e0.2 rd.aoe.overlay.format=1 aoe.test.mark=A systemd.hostname=alpha" \
	"$shell" --nic "$E2E_TAP,virtio-net-pci,$mac_a"
e2e_root_reached "A1 shell initrd: persistent overlay: root reached" "$a1"
eq "A1: / is overlayfs" "$(fact "$a1" rootfs)" overlay
eq "A1: the image is read-only at /run/aoe/lower" "$(fact "$a1" lower | sed 's/:\(r[ow]\),.*/:\1/')" "/dev/etherd/e0.1p1:ro"
eq "A1: the marker was written" "$(fact "$a1" wrote)" A
eq "A1: systemd.hostname= is the overlay's /etc/hostname" "$(fact "$a1" etc_hostname)" alpha
mid_a=$(fact "$a1" machine_id)
check "A1: a machine-id of its own (32 hex digits: '$mid_a')" "" grep -Eqx '[0-9a-f]{32}' <<< "$mid_a"
e2e_expect "A1: the blank overlay disk was formatted" "$a1" 'formatting /dev/etherd/e0\.2 as the overlay disk'
clean A1 "$a1"

# --- A2: the same machine again ----------------------------------------------
a2=$AOE_WORK/a2.log
e2e_boot "$a2" 300 "$root rd.aoe.overlay=e0.2" "$shell" --nic "$E2E_TAP,virtio-net-pci,$mac_a"
e2e_root_reached "A2 reboot of A: root reached" "$a2"
mark_a=$(log_fact "$a2" marker | sed -n 's/^A://p')
check "A2: A1's marker survived the reboot" "" test -n "$mark_a"
e2e_expect_none "A2: no reformat without rd.aoe.overlay.format=1" "$a2" 'formatting /dev/etherd'
eq "A2: the machine-id stayed" "$(fact "$a2" machine_id)" "$mid_a"
eq "A2: the hostname stayed in the layer" "$(fact "$a2" etc_hostname)" alpha
clean A2 "$a2"

# --- B: another machine, tmpfs overlay, filled --------------------------------
b=$AOE_WORK/b.log
e2e_boot "$b" 300 "$root rd.aoe.overlay=tmpfs:size=8m aoe.test.fill=16" "$sd" \
	--nic "$E2E_TAP,virtio-net-pci,$mac_b"
e2e_root_reached "B systemd initrd: tmpfs overlay: root reached" "$b"
eq "B: / is overlayfs" "$(fact "$b" rootfs)" overlay
# no_markers LOG: the guest reached its root and saw no marker file
no_markers() { log_has "$1" AOE-ROOT-OK && ! log_fact "$1" marker > /dev/null; }
check "B: A's marker is invisible to B" "" no_markers "$b"
check "B: machine-id differs from A's" "" test "$(fact "$b" machine_id)" != "$mid_a"
check "B: a full overlay gives ENOSPC to the writer" "" grep -qi 'no space' <<< "$(fact "$b" fill_err)"
eq "B: after the fill was removed, writes work again" "$(fact "$b" small_write)" ok
eq "B: the system kept running" "$(fact "$b" after_fill)" alive
e2e_expect "B: the system powered off normally" "$b" AOE-POWEROFF
eq "B: fstab's / line names the overlay" "$(fact "$b" fstab_root)" "overlay / overlay defaults 0 0"
eq "B: / remounts (rw) as systemd-remount-fs would" "$(fact "$b" remount)" ok
eq "B: the image is read-only at /run/aoe/lower" "$(fact "$b" lower | sed 's/:\(r[ow]\),.*/:\1/')" "/dev/etherd/e0.1p1:ro"
eq "B: the image's hostname (no systemd.hostname=)" "$(fact "$b" etc_hostname)" aoe-guest
clean B "$b"

# --- F: a foreign overlay disk -------------------------------------------------
f=$AOE_WORK/f.log
end='System halted|reboot: (Power down|Restarting)|Kernel panic|Refusing to continue'
e2e_boot_until "$f" 300 "$end" "$root rd.aoe.overlay=e0.3 rd.aoe.overlay.format=1" "$sd" \
	--nic "$E2E_TAP,virtio-net-pci,$mac_b"
e2e_expect "F: FATAL names the option, the disk and its label" "$f" \
	"FATAL: rd\.aoe\.overlay=e0\.3: /dev/etherd/e0\.3 holds ext4 labelled 'data', not an overlay \(label aoe-overlay\)"
e2e_expect_none "F: no fall back to RAM: the root is never reached" "$f" AOE-ROOT-OK
check "F: the foreign disk was not formatted" "" test "$(blkid -s LABEL -o value "$foreign")" = data

# --- the host's view ------------------------------------------------------------
check "the shared image is byte-identical after all boots" "" test "$(sha256sum < "$img")" = "$sum"
eq "A's marker is on A's overlay disk (upper/var/lib/aoe-marker/A)" \
	"$(debugfs -R 'cat /upper/var/lib/aoe-marker/A' "$ovdisk" 2> /dev/null)" "${mark_a:-(none seen by A2)}"
eq "the overlay disk names the image's filesystem UUID" \
	"$(debugfs -R 'cat /aoe-overlay.id' "$ovdisk" 2> /dev/null)" \
	"lower=$(blkid -s UUID -o value -p -O "$(disk_partition_start "$img" 1)" "$img" 2> /dev/null)"
for l in "$a1" "$a2" "$b"; do e2e_figure "$(basename "$l" .log): guest uptime at the real root (s)" "$(fact "$l" uptime)"; done
