#!/bin/bash
# (a) --links-only brings a NIC up and sees carrier at once when the peer is up.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-links-up

veth_pair v0 v1
nsx ip link set v1 up
start=$(now_ms)
out=$(nsx "$AOE_UP" --links-only --if=v0 --carrier-timeout=5 2>&1)
rc=$?
took=$(( $(now_ms) - start ))
check "links up: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "links up: carrier reported" "$out" grep -q '^aoe-up: v0: carrier up after [0-9]* ms' <<<"$out"
ms=$(ms_after "$out" "carrier up after")
check "links up: carrier within 1 s of start" "took ${ms:-?} ms" [ "${ms:-99999}" -lt 1000 ]
check "links up: helper done within 2 s" "took $took ms" [ "$took" -lt 2000 ]
check "links up: summary line" "$out" grep -q '^aoe-up: links: 1 of 1 with carrier, [0-9]* ms$' <<<"$out"
check "links up: v0 is UP" "$(nsx ip link show v0)" grep -q '[<,]UP[,>]' <<<"$(nsx ip link show v0)"
check "links up: auto mtu on a veth is 9000" "$(nsx ip link show v0)" grep -q 'mtu 9000 ' <<<"$(nsx ip link show v0)"

# -m keep leaves the MTU; the kernel-command-line spelling works too
nsx ip link set v0 down
nsx ip link set v0 mtu 1400
out=$(nsx "$AOE_UP" -l rd.aoe.if=v0 rd.aoe.mtu=keep rd.aoe.timeout.carrier=5 2>&1)
rc=$?
check "links up: rd.aoe.mtu=keep exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "links up: rd.aoe.mtu=keep keeps 1400" "$out" grep -q 'v0: carrier up after [0-9]* ms, mtu 1400$' <<<"$out"

# the status file gets the summary line
tmp=$(mktemp -d)
nsx "$AOE_UP" -q -l -i v0 -s "$tmp/status" >/dev/null 2>&1
check "links up: status file holds the summary" "$(cat "$tmp/status" 2>&1)" grep -q '^aoe-up: links: 1 of 1 with carrier' "$tmp/status"
finish
