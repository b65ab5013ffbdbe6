#!/bin/bash
# The whole discover loop against a fake aoe driver: --prefix points at a
# tree whose /sys/class/net is the namespace's real one, with regular files
# for /dev/etherd/{interfaces,discover} and a /sys/block where the test makes
# the target appear late (as the driver would), or never.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-discover-fake

veth_pair v0 v1
veth_pair w0 w1
nsx ip link set v1 up
tmp=$(mktemp -d)
root=$tmp/root
mkdir -p "$tmp/stage"
fake_root "$root"

# fake_dev NAME STATE NETIF: a device dir in the stage, moved in at once
fake_dev() {
	local d=$tmp/stage/etherd!$1
	mkdir -p "$d"
	echo "$2" >"$d/state"
	echo 525400123456 >"$d/mac"
	echo "$3" >"$d/netif"
	echo 8704 >"$d/payload"
}

nsx "$AOE_UP" -v -P "$root" -i v0,w0 -t 30 -c 1 -s "$tmp/status" e0.1p1 \
	>"$tmp/out" 2>&1 &
pid=$!
sleep 3
fake_dev e0.1 up v0
mkdir "$tmp/stage/etherd!e0.1/etherd!e0.1p1"
appeared=$(now_ms)
mv "$tmp/stage/etherd!e0.1" "$root/sys/block/"
wait "$pid"
rc=$?
seen=$(( $(now_ms) - appeared ))
out=$(cat "$tmp/out")
check "discover: exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "discover: found line" "$out" grep -q '^aoe-up: found e0.1p1: target 52:54:00:12:34:56 via v0, payload 8704 bytes/frame, mtu 9000, [0-9]* ms$' <<<"$out"
check "discover: found within 4 s of appearing (backoff cap 3 s)" "took $seen ms" [ "$seen" -lt 4000 ]
check "discover: status file holds the found line" "$(cat "$tmp/status")" grep -q '^aoe-up: found e0.1p1: ' "$tmp/status"
check "discover: aoe restricted to the NIC with carrier while it searches" "$out" grep -qx 'aoe-up: aoe interfaces: v0' <<<"$out"
check "discover: at the end, the NIC without carrier is listed too, to join when it gets carrier" "$out" \
	grep -qx 'aoe-up: aoe interfaces: v0,w0 (NICs without carrier join when they get it)' <<<"$out"
check "discover: the driver's list ends as v0,w0" "$(cat "$root/dev/etherd/interfaces")" [ "$(cat "$root/dev/etherd/interfaces")" = v0,w0 ]
n=$(grep -c 'discover #' <<<"$out")
check "discover: repeated with backoff (4-8 in 3 s)" "$n broadcasts: $out" [ "$n" -ge 4 ] && [ "$n" -le 8 ]
check "discover: w0 reported without carrier" "$out" grep -qx 'aoe-up: w0: no carrier after 1 s; leaving it out' <<<"$out"

# a NIC gaining carrier later is added to aoe's list, with an immediate discover
rm -rf "$root/sys/block/etherd!e0.1"
: >"$root/dev/etherd/interfaces"
nsx ip link set w1 down
nsx "$AOE_UP" -v -P "$root" -i v0,w0 -t 4 -c 1 e0.1p1 >"$tmp/out" 2>&1 &
pid=$!
sleep 2
nsx ip link set w1 up
wait "$pid"
out=$(cat "$tmp/out")
check "discover: late carrier adds w0 to aoe" "$(cat "$root/dev/etherd/interfaces")" [ "$(cat "$root/dev/etherd/interfaces")" = v0,w0 ]
check "discover: late carrier logged" "$out" grep -q '^aoe-up: w0: carrier up after [0-9]* ms; adding it$' <<<"$out"

# never found: the failure report, exit 1 at the deadline
fake_dev e0.2 down v0
mv "$tmp/stage/etherd!e0.2" "$root/sys/block/"
start=$(now_ms)
nsx "$AOE_UP" -P "$root" -i v0 -t 2 -s "$tmp/status" e0.1p1 >"$tmp/out" 2>&1
rc=$?
took=$(( $(now_ms) - start ))
out=$(cat "$tmp/out")
check "not found: exit 1" "rc $rc: $out" [ "$rc" -eq 1 ]
check "not found: ends at the 2 s deadline" "took $took ms" [ "$took" -ge 1900 ] && [ "$took" -lt 3000 ]
check "not found: summary" "$out" grep -qx 'aoe-up: e0.1p1 not found within 2 s' <<<"$out"
check "not found: tried line" "$out" grep -q '^aoe-up: tried v0 (carrier up, mtu 9000); [0-9]* discover broadcasts$' <<<"$out"
check "not found: answered line" "$out" grep -qx 'aoe-up: answered: e0.2 (52:54:00:12:34:56 via v0, down)' <<<"$out"
check "not found: status file holds the summary" "$(cat "$tmp/status")" [ "$(cat "$tmp/status")" = "aoe-up: e0.1p1 not found within 2 s" ]

# the target answered but is down
nsx "$AOE_UP" -P "$root" -i v0 -t 1 e0.2 >"$tmp/out" 2>&1
out=$(cat "$tmp/out")
check "not found: target down is said" "$out" grep -qx 'aoe-up: e0.2 answered but its state is down' <<<"$out"
finish
