#!/bin/bash
# A NIC that appears after the helper started (driver still loading) is
# picked up from the link event; one renamed while waiting (udev: eth0 ->
# ens3) is followed by its ifindex.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-nic-late

tmp=$(mktemp -d)
nsx "$AOE_UP" -l -i v0 -c 10 >"$tmp/out" 2>&1 &
pid=$!
sleep 1
veth_pair v0 v1
nsx ip link set v1 up
wait "$pid"
rc=$?
out=$(cat "$tmp/out")
check "late NIC: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
ms=$(ms_after "$out" "v0: carrier up after")
check "late NIC: carrier seen soon after it appeared" "carrier at ${ms:-?} ms: $out" [ "${ms:-99999}" -ge 900 ] && [ "${ms:-99999}" -lt 3000 ]

nsx ip link set v1 down
nsx ip link set v0 down
nsx "$AOE_UP" -l -i v0 -c 10 >"$tmp/out" 2>&1 &
pid=$!
sleep 1
nsx ip link set v0 down
nsx ip link set v0 name ens9
nsx ip link set ens9 up
nsx ip link set v1 up
wait "$pid"
rc=$?
out=$(cat "$tmp/out")
check "renamed NIC: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "renamed NIC: rename noticed" "$out" grep -qx 'aoe-up: v0: renamed to ens9' <<<"$out"
check "renamed NIC: reported under its new name" "$out" grep -q '^aoe-up: ens9: carrier up after [0-9]* ms' <<<"$out"
finish
