#!/bin/bash
# A target that comes up long after the client started discovering: the
# kernel's own next query would be 60 s away, so the helper's repeated
# discover must find it within seconds of the target joining the LAN.
# vblade broadcasts one announcement when it starts, and the driver accepts
# it: that alone would hide a helper that stopped discovering. So vblade runs
# on a veth whose peer joins the guest's bridge only after the announcement
# went out; from then on only the helper's discover can find the target.
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e late target"

bound=1.5 # s from the path opening to the found line (discover every 0.8 s +-25 %, plus the
          # host's 0.2 s log polling); the kernel alone would take up to 60
e2e_lan late 1500
bridge_create "$E2E_NS" br0 1500 || h_die "bridge"
bridge_add "$E2E_NS" br0 "$E2E_TAP" || h_die "bridge port"
veth_create "$E2E_NS" vbl vbp 1500 || h_die "veth"
disk=$(e2e_disk 1)
initrd=$(e2e_initrd systemd)
log=$AOE_WORK/late.log
t0=$(h_now)
e2e_boot_bg "$log" 300 "root=/dev/etherd/e0.1p1 rd.shell=0 rd.aoe.timeout=60" "$initrd"
if ! e2e_wait_log "$log" 'aoe-up: aoe interfaces: ' 180; then
	fail "late target: aoe-up starts discovering" "no 'aoe interfaces' line within 180 s"
	e2e_show_log "$log"
	exit 1
fi
sleep 10
vblade_start "$E2E_NS" 0 1 vbl "$disk" || h_die "vblade"
sleep 1   # its announcement is lost on the unconnected veth
t_vblade=$(h_now)
bridge_add "$E2E_NS" br0 vbp || h_die "connect the target"
if e2e_wait_log "$log" 'aoe-up: found e0\.1p1' 70; then
	late=$(awk -v a="$t_vblade" -v b="$E2E_SEEN_AT" 'BEGIN { printf "%.1f", b - a }')
else
	late=
fi
e2e_boot_wait
QEMU_WALL_S=$(awk -v a="$t0" -v b="$(h_now)" 'BEGIN { printf "%.1f", b - a }')
e2e_figure "target on the LAN -> aoe-up found (s)" "${late:-never}"
if [ -n "$late" ] && awk -v l="$late" -v b="$bound" 'BEGIN { exit !(l <= b) }'; then
	pass "late target: found ${late} s after the target joined the LAN (<= $bound s, not at the kernel's 60 s query)"
else
	fail "late target: found within $bound s of the target joining the LAN" "found after ${late:-never} s"
	e2e_show_log "$log" 30
fi
e2e_root_reached "late target: the root is reached" "$log"
ms=$(e2e_found_ms "$log") || ms=
e2e_figure "aoe-up start -> found (ms)" "${ms:-n/a}"
# the target really came late: aoe-up had been discovering for the 10 s before it
check "late target: aoe-up searched >= 10 s before the find (${ms:-?} ms)" "" \
	test "${ms:-0}" -ge 10000
e2e_expect_none "late target: no failure report" "$log" 'not found within|FATAL'
e2e_boot_figures "$log" e0.1
