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
# Both NICs must get carrier together, so that one probe round takes both: a
# good NIC whose carrier line came after the silent NIC's probe (>= 0.9 s
# alone) would hide that probe's cost.
c0=$(e2e_carrier_ms "$log" "$IF0") || c0=
c1=$(e2e_carrier_ms "$log" "$IF1") || c1=
check "every NIC: both NICs have carrier < 500 ms apart (${c0:-never}, ${c1:-never} ms)" "" \
	test "$(( ${c1:-99999} - ${c0:-0} ))" -gt -500 -a "$(( ${c1:-99999} - ${c0:-0} ))" -lt 500
ms=$(e2e_found_ms "$log") || ms=
e2e_figure "every NIC: aoe-up start -> found (ms)" "${ms:-n/a}"
# The cost of the silent NIC: the good NIC's carrier up -> found with every
# NIC, against the same with the good NIC alone (BOOTIF). Both are from
# aoe-up's own log, so the time udev takes to name the NICs drops out.
one=$(e2e_carrier_found_ms "$AOE_WORK/bootif.log" "$IF1") || one=
all=$(e2e_carrier_found_ms "$log" "$IF1") || all=
e2e_figure "BOOTIF: ${IF1} carrier up -> found (ms)" "${one:-n/a}"
e2e_figure "every NIC: ${IF1} carrier up -> found (ms)" "${all:-n/a}"
if [ -n "$one" ] && [ -n "$all" ] && [ $((all - one)) -lt 500 ]; then
	pass "every NIC: the silent NIC does not delay the find ($all ms vs $one ms with BOOTIF: $(printf %+d $((all - one))) < 500)"
else
	fail "every NIC: the silent NIC does not delay the find" \
		"${IF1} carrier up -> found: ${all:-never} ms with every NIC, ${one:-never} ms with BOOTIF (limit: +500)"
fi
e2e_boot_figures "$log" e0.1
