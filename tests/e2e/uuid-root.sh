#!/bin/bash
# A root named by UUID or LABEL on an AoE disk: rd.aoe.target names the disk,
# root= names the filesystem. udev's own rules do not probe etherd devices,
# so this proves the module's 61-aoe-storage.rules makes the by-uuid and
# by-label links appear. Systemd and shell initrds.
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e root by UUID/LABEL on AoE"

e2e_lan uuid 9000
disk=$(e2e_disk 1)
uuid=$(blkid -p -O "$(disk_partition_start "$disk" 1)" -s UUID -o value "$disk") ||
	h_die "no filesystem UUID on partition 1"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"

for kind in systemd shell; do
	initrd=$(e2e_initrd "$kind")
	for root in "UUID=$uuid" "LABEL=aoe-root"; do
		log=$AOE_WORK/${root%%=*}-$kind.log
		e2e_boot "$log" 240 "root=$root rd.aoe.target=e0.1 rd.shell=0" "$initrd"
		e2e_root_reached "$kind initrd boots root=${root%%=*}=... with rd.aoe.target=e0.1" "$log"
		e2e_check "$kind initrd, root=${root%%=*}: the root is the AoE partition" \
			test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e0.1p1
	done
done
