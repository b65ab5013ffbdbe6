#!/bin/bash
# Nothing is fixed to e0.1p1 or virtio: the root on partition 2 of e3.7
# (shelf 3, slot 7; partition 1 is another filesystem) behind an e1000 NIC.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e root on e3.7p2 via e1000"

e2e_lan other 1500
vblade_start "$E2E_NS" 3 7 "$E2E_TAP" "$(e2e_disk 2)" || h_die "vblade"
initrd=$(e2e_initrd systemd)
log=$AOE_WORK/other.log
e2e_boot "$log" 300 "root=/dev/etherd/e3.7p2 rd.shell=0" "$initrd" --nic "$E2E_TAP,e1000"
e2e_root_reached "e3.7p2: the guest reaches the root on partition 2" "$log"
e2e_expect "e3.7p2: the NIC is an e1000" "$log" 'e1000 .*Intel\(R\) PRO/1000 Network Connection'
e2e_expect "e3.7p2: aoe-up found the partition via the e1000 NIC" "$log" \
	"aoe-up: found e3\\.7p2: target [0-9a-f:]{17} via ${IF0}, payload 1024 bytes/frame"
e2e_expect "e3.7p2: the kernel saw both partitions of e3.7" "$log" 'etherd/e3\.7: p1 p2'
check "e3.7p2: the root is /dev/etherd/e3.7p2" "" test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e3.7p2
check "e3.7p2: the driver names the device e3.7 on ${IF0}" "" \
	test "$(log_fact "$log" netif | head -n1)" = "e3.7:${IF0}"
e2e_boot_figures "$log" e3.7
