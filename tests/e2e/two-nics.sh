#!/bin/bash
# Two NICs, only one reaches the target; the other sits on a tap with nothing
# on it (its link is up, but nothing ever answers there). The good NIC is the
# second one, so "the first NIC" cannot pass by luck.
# (a) BOOTIF=01-<good MAC> on the command line: aoe-up uses that NIC only.
# (b) no BOOTIF: aoe-up uses every NIC, and the silent one does not delay the find
#     (the host gives the silent NIC carrier first, through QEMU's monitor).
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
e2e_boot_figures "$log" e0.1

# The silent NIC's cost shows only if the good NIC gets carrier while the
# silent NIC's probe (0.9 s of unanswered tries) is out, and when each NIC
# gets carrier by itself is udev's and QEMU's timing. So the host sets it:
# both NICs start without carrier; once aoe-up has raised both (it reports
# them at its carrier deadline), the silent NIC gets carrier, and the good
# one 0.2 s later (two switch ports ending STP learning). aoe-up must see the
# good NIC's carrier at once and ask it in the silent NIC's round: a loop
# blind during the probe logs that carrier ~1 s late (CI once caught it so).
log=$AOE_WORK/all.log
mon=$AOE_WORK/all.mon
e2e_boot_bg "$log" 300 "root=/dev/etherd/e0.1p1 rd.shell=0" "$initrd" "${nics[@]}" \
	--monitor "$mon" --link-off 0 --link-off 1
if ! { e2e_wait_log "$log" "aoe-up: ${IF0}: no carrier after" 120 &&
	e2e_wait_log "$log" "aoe-up: ${IF1}: no carrier after" 10; }; then
	h_log "every NIC: aoe-up never reported both NICs without carrier; giving them carrier anyway"
fi
sleep 0.5
qemu_link "$mon" 0 on
sleep 0.2
qemu_link "$mon" 1 on
e2e_boot_wait
e2e_root_reached "every NIC: the root is reached" "$log"
e2e_expect "every NIC: aoe gets both NICs" "$log" "aoe-up: aoe interfaces: ${IF0}[, ]${IF1}\$"
e2e_expect "every NIC: found via ${IF1}" "$log" "aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF1},"
c0=$(e2e_carrier_ms "$log" "$IF0") || c0=
c1=$(e2e_carrier_ms "$log" "$IF1") || c1=
check "every NIC: ${IF1}'s carrier is seen < 500 ms after ${IF0}'s (${c0:-never}, ${c1:-never} ms)" "" \
	test "$(( ${c1:-99999} - ${c0:-0} ))" -ge 0 -a "$(( ${c1:-99999} - ${c0:-0} ))" -lt 500
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
