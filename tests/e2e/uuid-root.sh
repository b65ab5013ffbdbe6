#!/bin/bash
# A root named by UUID or LABEL on an AoE disk, the disk named by
# rd.aoe.target= or by dracut's network-root spelling netroot=aoe:, and the
# root itself as root=aoe:eX.YpN. udev's own rules do not probe etherd
# devices, so this proves the module's 61-aoe-storage.rules makes the by-uuid
# and by-label links appear; root=aoe: under systemd proves the module's
# mount hook (systemd's generators skip such a root). Systemd and shell initrds.
# On the same LAN a second vblade exports e0.2, a copy of the root's disk
# (same UUID and label), as anyone on the segment could: every boot must
# still mount e0.1's partition, and a boot by UUID or LABEL must say that
# e0.2p1 carries the root's name too (aoe-scope.sh, aoe-rival.sh).
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e root by UUID/LABEL, netroot=aoe:, root=aoe: on AoE"

e2e_lan uuid 9000
disk=$(e2e_disk 1)
uuid=$(blkid -p -O "$(disk_partition_start "$disk" 1)" -s UUID -o value "$disk") ||
	h_die "no filesystem UUID on partition 1"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"
rival=$AOE_WORK/rival-e0.2.img
cp --sparse=always "$disk" "$rival" || h_die "copy of the root disk"
vblade_start "$E2E_NS" 0 2 "$E2E_TAP" "$rival" || h_die "vblade e0.2"

#    initrd   command line (root=... and how the disk is named)
cases=(
	"systemd  root=UUID=$uuid rd.aoe.target=e0.1"
	"systemd  root=LABEL=aoe-root netroot=aoe:e0.1"
	"systemd  root=aoe:e0.1p1"
	"shell    root=UUID=$uuid netroot=aoe:e0.1"
	"shell    root=LABEL=aoe-root rd.aoe.target=e0.1"
)
for c in "${cases[@]}"; do
	read -r kind append <<< "$c"
	initrd=$(e2e_initrd "$kind")
	name="$kind initrd, ${append/$uuid/...}"
	log=$AOE_WORK/$kind-$RANDOM.log
	e2e_boot "$log" 240 "$append rd.shell=0" "$initrd"
	e2e_root_reached "$name: boots" "$log"
	check "$name: the root is the AoE partition" "" \
		test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e0.1p1
	case $append in
	root=UUID=* | root=LABEL=*)
		link=by-uuid/$uuid
		case $append in root=LABEL=*) link=by-label/aoe-root ;; esac
		e2e_expect "$name: the copy on e0.2 is reported, not used" "$log" \
			"aoe-boot: warning: e0\.2p1 carries the root's $link too; ignored: only the root's AoE disk e0\.1 may name the root"
		;;
	*)
		e2e_expect_none "$name: a root named by its device: no warning about e0.2" "$log" 'aoe-boot: warning'
		;;
	esac
done
