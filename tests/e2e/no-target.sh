#!/bin/bash
# When the root cannot be found the boot must end within rd.aoe.timeout with
# a message naming the target, what was tried on which NIC and what answered:
# (1) nothing answers at all; (2) a target answers, but as the wrong shelf.slot
# (the common typo). Both initrd kinds. The tap carries 1500-byte frames and
# rd.aoe.mtu=auto raises the guest NIC to 9000: the report shows it. Nothing is written to the disk.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e missing target"

e2e_lan notarget 1500
disk=$(e2e_disk 1)
sum=$(sha256sum < "$disk")
end='System halted|reboot: (Power down|Restarting)|Kernel panic'

for kind in systemd shell; do
	initrd=$(e2e_initrd "$kind")

	log=$AOE_WORK/none-$kind.log
	e2e_boot_until "$log" 240 "$end" "root=/dev/etherd/e0.1p1 rd.shell=0 rd.aoe.timeout=10" "$initrd"
	e2e_expect "$kind, no target: the summary names target and timeout" "$log" \
		'aoe-up: e0\.1p1 not found within 10 s'
	e2e_expect "$kind, no target: what was tried on which NIC" "$log" \
		"aoe-up: tried ${IF0} \\(carrier up, mtu 9000\\); [0-9]+ discover broadcasts"
	e2e_expect "$kind, no target: says nothing answered" "$log" \
		'no AoE target answered on any interface'
	e2e_expect "$kind, no target: dracut's FATAL line names the target" "$log" \
		'FATAL: .*AoE root not found: aoe-up: e0\.1p1 not found'
	e2e_expect "$kind, no target: the boot ends" "$log" "$end"
	e2e_figure "$kind: boot start -> failure stop, timeout 10 s (s)" "${E2E_UNTIL_S:-n/a}"

	vblade_start "$E2E_NS" 0 2 "$E2E_TAP" "$disk" || h_die "vblade"
	log=$AOE_WORK/wrong-$kind.log
	e2e_boot_until "$log" 240 "$end" "root=/dev/etherd/e0.1p1 rd.shell=0 rd.aoe.timeout=10" "$initrd"
	h_kill "$VBLADE_PID"
	e2e_expect "$kind, wrong slot: names the device that did answer" "$log" \
		"aoe-up: answered: e0\\.2 \\([0-9a-f:]{17} via ${IF0}, up\\)"
	e2e_expect "$kind, wrong slot: the boot ends" "$log" "$end"
done
check "nothing was written to the target disk" "" test "$(sha256sum < "$disk")" = "$sum"
