#!/bin/bash
# An impostor on the segment: two real vblades export e0.1 on one bridge,
# the real one (tgt0, 02:00:00:00:00:01) and an impostor (imp0,
# 02:00:00:00:00:66); a third impostor (tag0, 02:00:00:00:00:77) answers
# behind VLAN tags (aoe_responder.py). v0 is the helper's NIC. The aoe driver is faked
# (--prefix) as in path_probe.sh; what the kernel delivers to an AoE
# protocol handler on v0 (as it would to the driver) is read with a packet
# socket bound to 0x88A2 after a broadcast config query (delivered, lib.bash).
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-impostor vblade python3 tc

real=02:00:00:00:00:01 imp=02:00:00:00:00:66 tagmac=02:00:00:00:00:77
nsx ip link add v0 type veth peer name v1
nsx ip link add br0 type bridge stp_state 0 forward_delay 0
nsx ip link set br0 up
nsx ip link set v1 master br0 up
nsx ip link add sw0 type veth peer name tgt0
nsx ip link add si0 type veth peer name imp0
nsx ip link set tgt0 address "$real" up
nsx ip link set imp0 address "$imp" up
nsx ip link set sw0 master br0 up
nsx ip link set si0 master br0 up
nsx ip link add sit0 type veth peer name tag0
nsx ip link set tag0 address "$tagmac" up
nsx ip link set sit0 master br0 up
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"
truncate -s 1M "$tmp/disk" "$tmp/impdisk"
ip netns exec "$NS" vblade 0 1 tgt0 "$tmp/disk" > "$tmp/vblade.log" 2>&1 &
vb=$!
ip netns exec "$NS" vblade 0 1 imp0 "$tmp/impdisk" > "$tmp/imp.log" 2>&1 &
vi=$!
vt=
trap 'kill "$vb" "$vi" $vt 2> /dev/null; cleanup' EXIT
sleep 0.5

# run ARGS...: aoe-up on v0 with ARGS; the fake target (the real MAC)
# appears once aoe has been given its interfaces, unless NOTARGET is set.
# Output in $out, status $rc.
run() {
	local d=$root/sys/block/etherd!e0.1 pid
	rm -rf "$d"
	fake_ctl_reset "$root"
	nsx "$AOE_UP" -P "$root" -i v0 -t 4 -c 1 "$@" e0.1 > "$tmp/out" 2>&1 &
	pid=$!
	if fake_wait_iflist "$root" 40 && [ -z "${NOTARGET:-}" ]; then
		fake_disk "$d" "${real//:/}" v0 1024
	fi
	wait "$pid"
	rc=$?
	out=$(cat "$tmp/out")
}

nsx ip link set v0 up
check "no filter: both MACs reach an AoE handler (the test can fail)" \
	"got '$(delivered v0)'" [ "$(delivered v0)" = "$real $imp" ]
nsx ip link set v0 down

run
check "unpinned: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "unpinned: one warning naming both MACs" "$out" grep -qE \
	"^aoe-up: warning: e0\.1 answered by ($real and $imp|$imp and $real) \(via v0\): the aoe driver uses both; pin the right one\(s\) with rd\.aoe\.mac=$" <<< "$out"
check "unpinned: no filter installed" "$(nsx tc filter show dev v0 ingress)" \
	[ -z "$(nsx tc filter show dev v0 ingress)" ]

run "--mac=$real"
check "pinned: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "pinned: says the pin is on v0" "$out" grep -qx \
	"aoe-up: v0: --mac=$real: AoE frames from other MACs are dropped" <<< "$out"
check "pinned: the impostor's answer refused, naming both MACs" "$out" grep -qx \
	"aoe-up: e0.1: refused the answer from $imp via v0: --mac=$real pins the target" <<< "$out"
check "pinned: no unpinned warning" "$out" has_not_has refused 'warning:' "$out"
filt=$(nsx tc filter show dev v0 ingress)
check "pinned: a direct-action bpf filter for every protocol on v0's ingress" "$filt" \
	grep -q 'protocol all pref 1 bpf.*handle 0xae direct-action' <<< "$filt"
check "pinned, afterwards: only the real MAC reaches an AoE handler" \
	"got '$(delivered v0)'" [ "$(delivered v0)" = "$real" ]

run "--mac=$real,$imp"
check "two MACs pinned (multipath): no refusal" "$out" \
	has_not_has 'AoE frames from other MACs are dropped' 'refused\|warning' "$out"
check "two MACs pinned: both reach an AoE handler" "got '$(delivered v0)'" \
	[ "$(delivered v0)" = "$real $imp" ]

# Tagged impostors: the kernel strips the tags on the way to an AoE handler
# (the outer one before tc runs, then any priority tag, VID 0), and tc
# matches a filter against the outer tag's protocol: the pin must see the
# AoE frame behind any tags. Each kind first reaches a handler with no
# filter (the check can fail), then not once v0 is pinned.
kill "$vi"; wait "$vi" 2> /dev/null
for tags in "8100:0 802.1Q VID 0" "8100:7 802.1Q VID 7" "88a8:7 802.1ad" \
	"8100:0,8100:7 two stacked tags" "8100:0,8100:0,8100:0,88a8:7 four stacked tags"; do
	what=${tags#* } tags=${tags%% *}
	responder_start tag0 good "$tags" || fail "$what: responder" "not ready"
	vt=$RESP_PID
	nsx tc qdisc del dev v0 clsact 2> /dev/null
	nsx ip link set v0 up
	got=$(delivered v0)
	check "$what, no filter: the tagged impostor reaches an AoE handler (the test can fail)" \
		"got '$got'" [ "$got" = "$real $tagmac" ]
	nsx ip link set v0 down
	run "--mac=$real"
	check "$what, pinned: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
	got=$(delivered v0)
	check "$what, pinned: only the real MAC reaches an AoE handler" "got '$got'" [ "$got" = "$real" ]
	kill "$vt"; wait "$vt" 2> /dev/null
	vt=
done

# Only the impostor is left: pinned, it is refused and the target not found.
ip netns exec "$NS" vblade 0 1 imp0 "$tmp/impdisk" > "$tmp/imp.log" 2>&1 &
vi=$!
sleep 0.5
kill "$vb"; wait "$vb" 2> /dev/null
NOTARGET=1 run "--mac=$real"
check "only the impostor, pinned: not found, exit 1" "rc $rc: $out" [ "$rc" -eq 1 ]
check "only the impostor, pinned: its answer refused" "$out" grep -qx \
	"aoe-up: e0.1: refused the answer from $imp via v0: --mac=$real pins the target" <<< "$out"

# A filter of another kind in our place: pinning fails, and aoe never gets v0.
nsx tc filter del dev v0 ingress
nsx tc filter add dev v0 ingress protocol all pref 1 u32 match u32 0 0
run "--mac=$real"
check "pin fails: exit 3 (no usable NIC)" "rc $rc: $out" [ "$rc" -eq 3 ]
check "pin fails: says why, naming the option and the NIC" "$out" grep -q \
	"^aoe-up: --mac=$real: cannot pin the target (bpf filter: .*); leaving v0 out$" <<< "$out"
check "pin fails: the aoe driver never got v0" \
	"interfaces: '$(cat "$root/dev/etherd/interfaces")'" \
	[ ! -s "$root/dev/etherd/interfaces" ]
finish
