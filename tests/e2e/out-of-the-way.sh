#!/bin/bash
# The module stays out of the way of boots that are not its business. The
# same systemd initrd (with the aoe module) boots:
# (a) root=/dev/vda1 on a local virtio disk: no aoe-up, the aoe driver never loads;
# (b) the same with rd.aoe=0;
# (c) rd.aoe=0 root=/dev/etherd/e0.1p1 with a target exported: aoe-up never
#     runs, so nothing discovers it and the boot cannot find its root.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e module out of the way"

e2e_lan oow 1500   # a NIC the module could have grabbed
initrd=$(e2e_initrd systemd)
local_disk=$(e2e_disk 1)
aoe='aoe-up|AoE v85 initialised'

for c in plain rd.aoe=0; do
	case $c in plain) append="root=/dev/vda1" ;; *) append="$c root=/dev/vda1" ;; esac
	log=$AOE_WORK/local-$c.log
	e2e_boot "$log" 300 "$append rd.shell=0" "$initrd" -- \
		-drive "file=$local_disk,if=virtio,format=raw"
	e2e_root_reached "$append: the local root is reached" "$log"
	check "$append: the root is /dev/vda1" "" test "$(log_fact "$log" root | head -n1)" = /dev/vda1
	e2e_expect_none "$append: no aoe-up line, aoe driver never loaded" "$log" "$aoe"
	e2e_figure "$append: guest uptime at the root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"
done

vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$(e2e_disk 1)" || h_die "vblade"
log=$AOE_WORK/aoe-off.log
end='System halted|reboot: (Power down|Restarting)|Kernel panic|Could not boot'
e2e_boot_until "$log" 150 "$end" "rd.aoe=0 root=/dev/etherd/e0.1p1 rd.retry=10 rd.shell=0" "$initrd"
e2e_expect_none "rd.aoe=0 with an AoE root= and a target: aoe-up never runs, aoe never loads" "$log" "$aoe"
e2e_expect_none "rd.aoe=0 with an AoE root=: the driver never sees the target" "$log" \
	'aoe: | etherd/e0\.1: p'
e2e_expect "rd.aoe=0 with an AoE root=: the boot gives up at rd.retry" "$log" "$end"
e2e_figure "rd.aoe=0, AoE root=: boot start -> give up (s)" "${E2E_UNTIL_S:-n/a}"
