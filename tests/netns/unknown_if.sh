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

# udev still naming a wired NIC at the carrier deadline: the listed name may
# be the one it is about to give, so the verdict waits until udev's database
# entry says the NIC is named (here 1.5 s, past the 1 s deadline). A fake root
# with udev running: v0 as a wired NIC (a device link), its entry at first
# without the .link file applied.
root=$(mktemp -d)
trap 'rm -rf "$root"; cleanup' EXIT
mkdir -p "$root/sys/class/net/v0/device" "$root/run/udev/data"
echo 1 > "$root/sys/class/net/v0/type"
nsx cat /sys/class/net/v0/address > "$root/sys/class/net/v0/address"
: > "$root/run/udev/control"
db=$root/run/udev/data/n$(nsx cat /sys/class/net/v0/ifindex)
echo 'E:ID_NET_NAME=v0' > "$db"
t0=$(date +%s%N)
(sleep 1.5; printf 'E:ID_NET_LINK_FILE=/usr/lib/systemd/network/99-default.link\nE:ID_NET_NAME=v0\n' > "$db") &
nsx "$AOE_UP" -P "$root" rd.aoe.if=ens9 rd.aoe.timeout.carrier=1 rd.aoe.target=e0.1 > "$root/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
wait
out=$(cat "$root/out")
check "udev still naming: exit 3 once it is done" "rc $rc: $out" [ "$rc" -eq 3 ]
check "udev still naming: judged after udev named v0, not at the 1 s deadline ($ms ms)" "$out" \
	test "$ms" -ge 1450 -a "$ms" -lt 4000
check "udev still naming: the message names the NICs as udev left them" "$out" \
	grep -qx 'aoe-up: rd.aoe.if=ens9: no such interface (have: v0)' <<<"$out"

# udev still has events queued at the carrier deadline and no wired NIC is
# there yet (its driver loads slowly, as on a busy machine): the NIC may
# still come, so the verdict waits until udev's queue is empty (here 1.5 s)
# and names the NIC that came meanwhile.
rm -rf "$root/sys/class/net/v0"
: > "$root/run/udev/queue"
t0=$(date +%s%N)
(sleep 1.5; mkdir -p "$root/sys/class/net/v0/device"; echo 1 > "$root/sys/class/net/v0/type"
	nsx cat /sys/class/net/v0/address > "$root/sys/class/net/v0/address"; rm -f "$root/run/udev/queue") &
nsx "$AOE_UP" -P "$root" rd.aoe.if=ens9 rd.aoe.timeout.carrier=1 rd.aoe.target=e0.1 > "$root/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
wait
out=$(cat "$root/out")
check "udev queue busy, no NIC yet: exit 3 once the queue is empty" "rc $rc: $out" [ "$rc" -eq 3 ]
check "udev queue busy, no NIC yet: judged after the queue emptied, not at the 1 s deadline ($ms ms)" "$out" \
	test "$ms" -ge 1450 -a "$ms" -lt 4000
check "udev queue busy, no NIC yet: the message names the NIC that came meanwhile" "$out" \
	grep -qx 'aoe-up: rd.aoe.if=ens9: no such interface (have: v0)' <<<"$out"

out=$(nsx "$AOE_UP" --if=bad/name e0.1 2>&1)
rc=$?
check "bad if name: usage error exit 2" "rc $rc: $out" [ "$rc" -eq 2 ]
finish
