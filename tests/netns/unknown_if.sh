#!/bin/bash
# (f) An unknown name in --if: a clear error naming it and the NICs that exist, exit 3.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-unknown-if

veth_pair v0 v1
nsx ip link set v1 up
out=$(nsx "$AOE_UP" -l --if=eth9 -c 1 2>&1)
rc=$?
check "unknown if: exit 3" "rc $rc: $out" [ "$rc" -eq 3 ]
check "unknown if: message" "$out" grep -qx 'aoe-up: --if=eth9: no such interface (have: v0, v1)' <<<"$out"

t0=$(date +%s%N)
out=$(nsx "$AOE_UP" rd.aoe.if=eth9 rd.aoe.timeout.carrier=1 rd.aoe.target=e0.1 2>&1)
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "unknown if (discover mode): exit 3" "rc $rc: $out" [ "$rc" -eq 3 ]
# it may still appear: aoe-up waits the carrier timeout (1 s), not the whole search
check "unknown if: gives up at the 1 s carrier timeout ($ms ms)" "$ms ms" test "$ms" -ge 950 -a "$ms" -lt 5000
check "unknown if: cmdline spelling" "$out" grep -qx 'aoe-up: rd.aoe.if=eth9: no such interface (have: v0, v1)' <<<"$out"

out=$(nsx "$AOE_UP" -l -i v0,eth9 -c 1 2>&1)
rc=$?
check "one of two unknown: warns" "$out" grep -qx 'aoe-up: -i eth9: no such interface (have: v0, v1)' <<<"$out"
check "one of two unknown: exit 0 with the other" "rc $rc: $out" [ "$rc" -eq 0 ]

out=$(nsx "$AOE_UP" --if=bad/name e0.1 2>&1)
rc=$?
check "bad if name: usage error exit 2" "rc $rc: $out" [ "$rc" -eq 2 ]
finish
