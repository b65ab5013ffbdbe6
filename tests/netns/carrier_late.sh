#!/bin/bash
# (b) Carrier arriving late: the peer comes up ~2 s after the helper starts;
# the helper sees it through link events, well before a 10 s carrier timeout.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-carrier-late

veth_pair v0 v1
tmp=$(mktemp -d)
start=$(now_ms)
nsx "$AOE_UP" -l -i v0 -c 10 >"$tmp/out" 2>&1 &
pid=$!
sleep 2
nsx ip link set v1 up
wait "$pid"
rc=$?
took=$(( $(now_ms) - start ))
out=$(cat "$tmp/out")
check "late carrier: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
ms=$(ms_after "$out" "v0: carrier up after")
check "late carrier: seen after the peer came up" "carrier at ${ms:-?} ms: $out" [ "${ms:-0}" -ge 1800 ]
check "late carrier: seen within 1.5 s of it" "carrier at ${ms:-?} ms" [ "${ms:-99999}" -lt 3500 ]
check "late carrier: helper ended well before 10 s" "took $took ms" [ "$took" -lt 5000 ]
check "late carrier: not reported as missing" "$out" has_not_has . 'no carrier' "$out"
finish
