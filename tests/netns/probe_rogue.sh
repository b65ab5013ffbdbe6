#!/bin/bash
# The path probe against rogue responders (tests/netns/aoe_responder.py):
# v0 (the helper's NIC, MTU 9000) -- br0 -- g0 (a real-looking target that
# takes jumbo frames) and r0 (a rogue). The rogue must not make aoe-up lower
# the MTU, nor steer it with error answers or a broadcast source; a target
# taking 2 sectors a frame is said to leave nothing to probe; four rogues
# answering before the target (s0 t0 u0 r0) must not crowd it out of the
# test; a target answering its first big frame late must not either. The
# aoe driver is faked (--prefix) as in path_probe.sh.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-probe-rogue python3

nsx ip link add br0 type bridge stp_state 0 forward_delay 0
nsx ip link set br0 mtu 9000 up
for p in v g r s t u; do
	nsx ip link add "${p}0" mtu 9000 type veth peer name "${p}1" mtu 9000
	nsx ip link set "${p}1" master br0 up
	[ "$p" = v ] || nsx ip link set "${p}0" up
done
# a bridge drops frames from a broadcast source: w0 -- w1 is a plain pair
nsx ip link add w0 mtu 9000 type veth peer name w1 mtu 9000
nsx ip link set w1 up
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"
pids=()
trap 'kill "${pids[@]}" 2> /dev/null; cleanup' EXIT

# responders IF:MODE...: (re)start the fake targets
responders() {
	local a
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2> /dev/null && wait "${pids[@]}" 2> /dev/null
	pids=()
	for a; do
		responder_start "${a%%:*}" "${a#*:}" || fail "responder $a" "not ready"
		pids+=("$RESP_PID")
	done
}

# run [-v [ARG...]]: aoe-up on $ifc (verbose with -v) with ARGs, the fake
# target appearing once aoe has its interfaces; its output in $out; $ifc
# first set to MTU 9000 and its ingress filters removed.
run() {
	local d=$root/sys/block/etherd!e0.1 pid
	nsx ip link set "$ifc" mtu 9000
	nsx tc qdisc del dev "$ifc" clsact 2> /dev/null
	rm -rf "$d"
	fake_ctl_reset "$root"
	nsx "$AOE_UP" "${1:--c1}" "${@:2}" -P "$root" -i "$ifc" -t 8 -c 1 e0.1p1 > "$tmp/out" 2>&1 &
	pid=$!
	fake_wait_iflist "$root" 80
	fake_disk "$d" "$(nsx cat /sys/class/net/g0/address | tr -d ':')" "$ifc" 8704 'etherd!e0.1p1'
	wait "$pid"
	out=$(cat "$tmp/out")
}
mtu() { nsx cat "/sys/class/net/$ifc/mtu"; }
# kept_and LINE: the MTU is still 9000 and $out has LINE
# shellcheck disable=SC2317 # called through check
kept_and() { [ "$(mtu)" = 9000 ] && grep -qx -- "$1" <<< "$out"; }
ifc=v0
rmac=$(nsx cat /sys/class/net/r0/address)

responders g0:good r0:small
run -v
check "rogue answering small frames only: MTU 9000 kept" "mtu $(mtu); $out" [ "$(mtu)" = 9000 ]
check "rogue answering small frames only: no 'lost' line" "$out" \
	has_not_has 'found e0.1p1' 'frames are lost' "$out"
check "rogue answering small frames only: every responder logged" "$out" \
	grep -q "aoe-up: v0: $rmac answers for the target too (17 sectors per frame)" <<< "$out"
check "rogue answering small frames only: the real target carries big frames" "$out" \
	grep -qx 'aoe-up: v0: 8740-byte frames reach the target' <<< "$out"

# The target answers its first big frame 1.5 s late (after the three tries'
# waits): the small frame is answered, then the big one asked again under
# its first tag; the late answers count, the MTU stays.
responders g0:late
run -v
check "target answering the big frame late: MTU 9000 kept" "mtu $(mtu); $out" \
	kept_and 'aoe-up: v0: 8740-byte frames reach the target (asked again)'
check "target answering the big frame late: no 'lost' line" "$out" \
	has_not_has 'found e0.1p1' 'frames are lost' "$out"

responders r0:err
run -v
check "config answer with the error flag: ignored, MTU 9000 kept" "mtu $(mtu); $out" \
	kept_and 'aoe-up: v0: no answer to the path probe; carrying on' <<< "$out"

responders w1:bcast
ifc=w0
run -v
check "config answer from the broadcast MAC: ignored, MTU 9000 kept" "mtu $(mtu); $out" \
	kept_and 'aoe-up: w0: no answer to the path probe; carrying on'
ifc=v0

# Four rogues answer small frames only, at once; the target answers 20 ms
# later, as the fifth MAC: the probe keeps four, so it must not judge.
responders g0:good r0:small s0:small t0:small u0:small
run -v
check "four rogues answering first: MTU 9000 kept" "mtu $(mtu); $out" [ "$(mtu)" = 9000 ]
check "four rogues answering first: says the path is not judged" "$out" \
	kept_and "aoe-up: v0: more than 4 MACs answer for the target: the path is not judged by 4 of them; pin the target with rd.aoe.mac="
gmac=$(nsx cat /sys/class/net/g0/address)
run -v "--mac=$gmac"
check "four rogues, the target pinned: its path is tested" "$out" \
	kept_and 'aoe-up: v0: 8740-byte frames reach the target'
check "four rogues, the target pinned: no rogue in the probe" "$out" \
	has_not_has 'reach the target' 'answers for the target too' "$out"

responders g0:scnt2
gmac=$(nsx cat /sys/class/net/g0/address)
run -v
check "target taking 2 sectors a frame: says the probe is skipped" "$out" \
	grep -qx "aoe-up: v0: $gmac takes 2 sectors per frame: no big frames to probe" <<< "$out"
run
check "... and says so without -v too" "$out" \
	grep -q "takes 2 sectors per frame: no big frames to probe" <<< "$out"
finish
