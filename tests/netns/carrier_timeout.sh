#!/bin/bash
# (d) Carrier timeout: the peer never comes up; the NIC is reported without
# carrier once and --links-only exits 1.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-carrier-timeout

veth_pair v0 v1
start=$(now_ms)
out=$(nsx "$AOE_UP" -l -i v0 -c 1 2>&1)
rc=$?
took=$(( $(now_ms) - start ))
check "carrier timeout: exit 1" "rc $rc: $out" [ "$rc" -eq 1 ]
check "carrier timeout: reported once" "$out" [ "$(grep -c 'v0: no carrier after 1 s; leaving it out' <<<"$out")" -eq 1 ]
check "carrier timeout: status line" "$out" grep -q '^aoe-up: v0: no carrier after [0-9]* ms, mtu 9000$' <<<"$out"
check "carrier timeout: summary" "$out" grep -q '^aoe-up: links: 0 of 1 with carrier' <<<"$out"
check "carrier timeout: ends at the 1 s timeout" "took $took ms" [ "$took" -ge 900 ] && [ "$took" -lt 2500 ]
finish
