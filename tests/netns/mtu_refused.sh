#!/bin/bash
# (c) An MTU the device refuses: a macvlan can't exceed its lower device's MTU.
# --mtu=auto settles on the largest accepted step; --mtu=9000 names the option.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-mtu-refused

veth_pair v0 v1
nsx ip link add link v0 name mv0 type macvlan mode bridge
nsx ip link set v0 up
nsx ip link set v1 up

out=$(nsx "$AOE_UP" -l --mtu=auto -i mv0 2>&1)
rc=$?
check "mtu auto: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "mtu auto: keeps 1500 under a 1500 lower device" "$out" grep -q '^aoe-up: mv0: carrier up after [0-9]* ms, mtu 1500$' <<<"$out"

nsx ip link set mv0 down
nsx ip link set v0 mtu 4000
out=$(nsx "$AOE_UP" -l -m auto -i mv0 2>&1)
check "mtu auto: largest AoE step under a 4000 limit is 3620" "$out" grep -q 'mv0: carrier up after [0-9]* ms, mtu 3620$' <<<"$out"

nsx ip link set mv0 mtu 1500
out=$(nsx "$AOE_UP" -l --mtu=9000 -i mv0 2>&1)
rc=$?
check "mtu 9000 refused: exit 3" "rc $rc: $out" [ "$rc" -eq 3 ]
check "mtu 9000 refused: error names option, NIC and answer" "$out" grep -qx 'aoe-up: --mtu=9000: mv0 refused it (Invalid argument); leaving mv0 out' <<<"$out"

out=$(nsx "$AOE_UP" -l rd.aoe.mtu=9000 rd.aoe.if=mv0,v0 2>&1)
rc=$?
check "mtu 9000 refused on one of two: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "mtu 9000 refused: cmdline spelling" "$out" grep -qx 'aoe-up: rd.aoe.mtu=9000: mv0 refused it (Invalid argument); leaving mv0 out' <<<"$out"
check "mtu 9000 refused: the other NIC still used" "$out" grep -q '^aoe-up: v0: carrier up after [0-9]* ms, mtu 9000$' <<<"$out"
check "mtu 9000 refused: left-out NIC listed" "$out" grep -q '^aoe-up: mv0: left out: mtu 9000 refused, mtu 1500$' <<<"$out"
finish
