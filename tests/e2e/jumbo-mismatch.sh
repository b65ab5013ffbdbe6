#!/bin/bash
# Frame size follows the path, not the client's wish: the guest NIC is raised
# to MTU 9000 (rd.aoe.mtu=auto), but the target's side takes only 1500-byte
# frames, so the driver must choose 1024-byte payloads and the boot must work.
# For contrast, a 9000-byte path gives 8704-byte payloads.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e jumbo mismatch"

initrd=$(e2e_initrd systemd)
disk=$(e2e_disk 1)
for mtu in 1500 9000; do
	case $mtu in 1500) payload=1024 ;; 9000) payload=8704 ;; esac
	e2e_lan "jumbo$mtu" "$mtu"
	vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"
	log=$AOE_WORK/tap$mtu.log
	e2e_boot "$log" 300 "root=/dev/etherd/e0.1p1 rd.shell=0" "$initrd"
	h_kill "$VBLADE_PID"
	e2e_root_reached "tap MTU $mtu: the root is reached" "$log"
	e2e_expect "tap MTU $mtu: found line reports payload $payload and the client's mtu 9000" "$log" \
		"aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF0}, payload $payload bytes/frame, mtu 9000,"
	e2e_expect "tap MTU $mtu: the driver says $payload-byte frames" "$log" \
		"aoe: e0\\.1: setting $payload byte data frames"
	check "tap MTU $mtu: sysfs payload at the root is $payload" "" \
		test "$(log_fact "$log" payload | head -n1)" = "e0.1:$payload"
	check "tap MTU $mtu: the guest NIC runs at 9000" "" \
		grep -qx "${IF0}:9000" <(log_fact "$log" mtu)
	e2e_boot_figures "$log" e0.1
done
