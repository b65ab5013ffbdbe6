#!/bin/bash
# Two NICs, only one reaches the target; the other sits on a tap with nothing
# on it (its link is up, but nothing ever answers there). The good NIC is the
# second one, so "the first NIC" cannot pass by luck.
# (a) BOOTIF=01-<good MAC> on the command line: aoe-up uses that NIC only.
# (b) no BOOTIF: aoe-up uses every NIC, and the silent one does not delay the find.
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e two NICs, one target"

e2e_lan twonics 1500
tap_create "$E2E_NS" tap1 1500 || h_die "second tap"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$(e2e_disk 1)" || h_die "vblade"
initrd=$(e2e_initrd systemd)
# eth0 = empty tap1, eth1 = tap0 with the target
nics=(--nic tap1 --nic "$E2E_TAP")
good=$(qemu_mac 1)

log=$AOE_WORK/bootif.log
e2e_boot "$log" 300 "root=/dev/etherd/e0.1p1 rd.shell=0 BOOTIF=01-${good//:/-}" "$initrd" "${nics[@]}"
e2e_root_reached "BOOTIF: the root is reached" "$log"
check "BOOTIF: the guest's ${IF1} has the BOOTIF MAC" "" \
	grep -qx "${IF1}:$good" <(log_fact "$log" mac)
e2e_expect "BOOTIF: aoe gets only the BOOTIF NIC" "$log" "aoe-up: aoe interfaces: ${IF1}\$"
e2e_expect_none "BOOTIF: aoe-up leaves ${IF0} alone" "$log" "aoe-up: .*${IF0}"
e2e_expect "BOOTIF: found via ${IF1}" "$log" "aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF1},"
check "BOOTIF: the driver knows the target on ${IF1} only" "" \
	test "$(log_fact "$log" netif | head -n1)" = "e0.1:${IF1}"

log=$AOE_WORK/all.log
e2e_boot "$log" 300 "root=/dev/etherd/e0.1p1 rd.shell=0" "$initrd" "${nics[@]}"
e2e_root_reached "every NIC: the root is reached" "$log"
e2e_expect "every NIC: aoe gets both NICs" "$log" "aoe-up: aoe interfaces: ${IF0}[, ]${IF1}\$"
e2e_expect "every NIC: found via ${IF1}" "$log" "aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF1},"
ms=$(e2e_found_ms "$log") || ms=
e2e_figure "every NIC: aoe-up start -> found (ms)" "${ms:-n/a}"
if [ -n "$ms" ] && [ "$ms" -lt 3000 ]; then
	pass "every NIC: the silent NIC does not delay the find (${ms} ms < 3000)"
else
	fail "every NIC: the silent NIC does not delay the find" "found after ${ms:-never} ms"
fi
e2e_boot_figures "$log" e0.1
