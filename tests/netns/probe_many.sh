#!/bin/bash
# The path probe stays within --timeout however many NICs it probes: 16
# NICs with carrier and nobody answering (each probe alone would wait about
# 0.9 s, 14 s in all) and -t 4: aoe-up must give up at its deadline. The aoe
# driver is faked (--prefix) and the target never appears.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-probe-many

ifs=
for i in $(seq 0 15); do
	nsx ip link add "n$i" mtu 9000 type veth peer name "p$i" mtu 9000
	nsx ip link set "p$i" up
	ifs=$ifs${ifs:+,}n$i
done
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"

start=$(now_ms)
out=$(nsx "$AOE_UP" -v -P "$root" -i "$ifs" -t 4 -c 2 e0.1p1 2>&1)
rc=$?
took=$(( $(now_ms) - start ))
check "16 NICs, silent path: not found, exit 1" "rc $rc: $out" [ "$rc" -eq 1 ]
check "16 NICs, silent path: ends at the 4 s deadline (< 4.8 s)" "took $took ms" [ "$took" -lt 4800 ]
check "16 NICs, silent path: every NIC was probed" "$out" \
	[ "$(grep -c 'no answer to the path probe' <<< "$out")" -eq 16 ]
finish
