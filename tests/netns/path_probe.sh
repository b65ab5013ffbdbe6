#!/bin/bash
# The path probe against a real vblade behind a "switch" that drops jumbo
# frames: v0 (the helper's NIC, MTU 9000) -- br0 -- sw0 (MTU 1500) ~ tgt0
# (MTU 9000, vblade). A bridge drops frames larger than the egress port's
# MTU. The aoe driver is faked (--prefix); the target "appears" in the fake
# sysfs once aoe-up has written its interface list, as the driver would.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-path-probe vblade

nsx ip link add v0 mtu 9000 type veth peer name v1 mtu 9000
nsx ip link add br0 type bridge stp_state 0 forward_delay 0
nsx ip link set br0 mtu 9000 up
nsx ip link set v1 master br0 up
nsx ip link add sw0 mtu 9000 type veth peer name tgt0 mtu 9000
nsx ip link set sw0 mtu 1500
nsx ip link set sw0 master br0 up
nsx ip link set tgt0 up
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"
truncate -s 1M "$tmp/disk"
ip netns exec "$NS" vblade 0 1 tgt0 "$tmp/disk" > "$tmp/vblade.log" 2>&1 &
vb=$!
trap 'kill "$vb" 2> /dev/null; cleanup' EXIT
sleep 0.5

# target_gone / target_up: the fake driver without e0.1 (and its control
# nodes empty), or with e0.1 up via v0 at vblade's MAC.
target_gone() {
	rm -rf "$root/sys/block/etherd!e0.1"
	fake_ctl_reset "$root"
}
target_up() {
	fake_disk "$root/sys/block/etherd!e0.1" "$(nsx cat /sys/class/net/tgt0/address | tr -d ':')" v0 1024 'etherd!e0.1p1'
}

# run NAME ARGS...: aoe-up with ARGS, the fake target appearing once aoe
# has been given its interfaces; output in $out, exit status in $rc.
run() {
	local pid
	target_gone
	nsx "$AOE_UP" -P "$root" -i "${ifs:-v0}" -t 5 -c 1 "$@" e0.1p1 > "$tmp/out" 2>&1 &
	pid=$!
	fake_wait_iflist "$root" 50
	target_up
	wait "$pid"
	rc=$?
	out=$(cat "$tmp/out")
}
mtu() { nsx cat /sys/class/net/v0/mtu; }
# found_ms: the ms of the found line in $out (from aoe-up's start).
found_ms() { sed -nE 's/^aoe-up: found .*, ([0-9]+) ms$/\1/p' <<< "$out"; }

start=$(now_ms)
run
took=$(( $(now_ms) - start ))
check "lost jumbo: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "lost jumbo: one line says so and that the MTU is now 1500" "$out" \
	grep -qx 'aoe-up: e0.1: 8740-byte frames are lost on the path via v0; MTU set to 1500 (payload 1024)' <<< "$out"
check "lost jumbo: v0 is at MTU 1500" "mtu $(mtu)" [ "$(mtu)" = 1500 ]
check "lost jumbo: probe done before aoe got the NIC (< 3 s)" "took $took ms" [ "$took" -lt 3000 ]

nsx ip link set v0 mtu 9000
run --mtu=9000
check "explicit --mtu=9000: warns, naming it" "$out" \
	grep -qx 'aoe-up: e0.1: 8740-byte frames are lost on the path via v0; --mtu=9000 keeps them: expect I/O to hang (use --mtu=1500)' <<< "$out"
check "explicit --mtu=9000: MTU untouched" "mtu $(mtu)" [ "$(mtu)" = 9000 ]

run --no-probe
check "--no-probe: no probe line, MTU untouched" "$out; mtu $(mtu)" \
	has_not_has 'found e0.1p1' 'frames are lost' "$out"
check "--no-probe: MTU 9000 kept" "mtu $(mtu)" [ "$(mtu)" = 9000 ]

nsx ip link set sw0 mtu 9000
run -v
check "jumbo path: big frames reach the target (verbose line), MTU kept" "$out" \
	grep -qx 'aoe-up: v0: 8740-byte frames reach the target' <<< "$out"
check "jumbo path: MTU 9000 kept" "mtu $(mtu)" [ "$(mtu)" = 9000 ]

# A silent NIC listed before the good one: the config query goes out on both
# at once, so the silent NIC costs the find far less than its three
# unanswered tries (0.9 s) and v0's path is still tested.
nsx ip link add s0 mtu 9000 type veth peer name s1 mtu 9000
nsx ip link set s1 up
nsx ip link set v0 down
run -v
one=$(found_ms)
nsx ip link set v0 down
ifs=s0,v0 run -v
two=$(found_ms)
check "silent NIC first: both NICs probed in one round" "$out" \
	grep -qx 'aoe-up: aoe interfaces: s0,v0' <<< "$(grep -m1 'aoe interfaces' <<< "$out")"
check "silent NIC first: it says so" "$out" \
	grep -qx 'aoe-up: s0: no answer to the path probe; carrying on' <<< "$out"
check "silent NIC first: v0's path is still tested" "$out" \
	grep -qx 'aoe-up: v0: 8740-byte frames reach the target' <<< "$out"
check "silent NIC first: costs the find < 500 ms" "found after ${two:-never} ms, ${one:-never} ms alone" \
	[ $((${two:-99999} - ${one:-0})) -lt 500 ]

# The good NIC's carrier comes 0.2 s into the silent NIC's probe (a switch
# port still learning): v0 joins that round instead of waiting for its
# three unanswered tries (0.9 s). Timed on the host's clock, from v0's
# carrier to the driver's list naming v0: a loop that read the link event
# late would log the carrier late too.
nsx ip link set v0 down
nsx ip link set v1 down
target_gone
t0=$(now_ms)
nsx "$AOE_UP" -P "$root" -i s0,v0 -t 5 -c 1 -v e0.1p1 > "$tmp/out" 2>&1 &
pid=$!
sleep 0.2
nsx ip link set v1 up
up=$(($(now_ms) - t0))
listed=
for ((i = 0; i < 250; i++)); do
	grep -q v0 "$root/dev/etherd/interfaces" && listed=$(($(now_ms) - t0)) && break
	sleep 0.02
done
target_up
wait "$pid"
out=$(cat "$tmp/out")
check "good NIC's carrier during the silent NIC's probe: both NICs probed in one round" "$out" \
	grep -qx 'aoe-up: aoe interfaces: s0,v0' <<< "$(grep -m1 'aoe interfaces' <<< "$out")"
check "good NIC's carrier during the silent NIC's probe: v0's path is still tested" "$out" \
	grep -qx 'aoe-up: v0: 8740-byte frames reach the target' <<< "$out"
check "good NIC's carrier during the silent NIC's probe: aoe gets v0 < 400 ms after its carrier (${listed:-never} - ${up} ms)" "$out" \
	[ $((${listed:-99999} - up)) -lt 400 ]

# Above MTU ~9250 the frame outgrew the probe's buffer: it was never sent and
# the silence read as loss. A jumbo path at MTU 9500 must test as carrying.
kill "$vb"; wait "$vb" 2> /dev/null
for l in v0 v1 br0 sw0 tgt0; do nsx ip link set "$l" mtu 9500; done
ip netns exec "$NS" vblade 0 1 tgt0 "$tmp/disk" > "$tmp/vblade.log" 2>&1 &
vb=$!
sleep 0.5
run -v --mtu=9500
check "MTU 9500 jumbo path: 9252-byte frames reach the target" "$out" \
	grep -qx 'aoe-up: v0: 9252-byte frames reach the target' <<< "$out"
check "MTU 9500 jumbo path: no false 'lost' warning" "$out" \
	has_not_has 'found e0.1p1' 'frames are lost' "$out"

kill "$vb"; wait "$vb" 2> /dev/null
run -v
check "no target: carries on (verbose line)" "$out" \
	grep -qx 'aoe-up: v0: no answer to the path probe; carrying on' <<< "$out"
check "no target: found anyway, exit 0" "rc $rc" [ "$rc" -eq 0 ]
finish
