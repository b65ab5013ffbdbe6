#!/bin/bash
# The overlay disk's search (the second aoe-up run, rd.aoe.overlay=eX.Y) pins
# the target too, on every NIC it gives the driver, also on one that appeared
# after the root's search. The run is made by the module's own aoe_ov_find
# (aoe-overlay.sh, with dracut-lib's getcmdline doubled), as the pre-pivot
# hook makes it. The client's NICs are alone in the test's namespace (every
# wired NIC is the search's); the segment is in a second one: a bridge with
# the real target (tgt0, 02:00:00:00:00:01) and an impostor (imp0,
# 02:00:00:00:00:66), both exporting the overlay disk e0.2. The aoe driver is
# faked (--prefix) as in impostor.sh; what it would receive on a NIC is read
# with a packet socket bound to 0x88A2 (delivered, lib.bash).
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-overlay-pin vblade python3 tc dash

real=02:00:00:00:00:01 imp=02:00:00:00:00:66
SEG=$NS-seg
ip netns add "$SEG" || { fail "segment namespace" "ip netns add failed"; exit 1; }
segx() { ip netns exec "$SEG" "$@"; }
segx ip link add br0 type bridge stp_state 0 forward_delay 0
segx ip link set br0 up
segx ip link add sw0 type veth peer name tgt0
segx ip link add si0 type veth peer name imp0
segx ip link set tgt0 address "$real" up
segx ip link set imp0 address "$imp" up
segx ip link set sw0 master br0 up
segx ip link set si0 master br0 up
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"
# The search takes every wired NIC: veths are virtual, so the fake root's
# /sys/class/net lists the client's NICs as wired ones (type, device).
rm "$root/sys/class/net" && mkdir "$root/sys/class/net"
# nic NAME: a client NIC NAME in the test's namespace, its peer on the bridge
nic() {
	local d=$root/sys/class/net/$1
	ip -n "$SEG" link add "p$1" type veth peer name "$1" netns "$NS" &&
		segx ip link set "p$1" master br0 up || return 1
	mkdir -p "$d/device" && echo 1 > "$d/type" && nsx cat "/sys/class/net/$1/address" > "$d/address"
}
nic v0
truncate -s 1M "$tmp/disk" "$tmp/impdisk"
ip netns exec "$SEG" vblade 0 2 tgt0 "$tmp/disk" > "$tmp/vblade.log" 2>&1 &
vb=$!
ip netns exec "$SEG" vblade 0 2 imp0 "$tmp/impdisk" > "$tmp/imp.log" 2>&1 &
vi=$!
trap 'kill "$vb" "$vi" 2> /dev/null; ip netns del "$SEG" 2> /dev/null; cleanup' EXIT
sleep 0.5

# aoe-up in PATH for the module: the helper under test on the fake driver
mkdir -p "$tmp/bin" "$tmp/run"
printf '#!/bin/sh\nexec "%s" -P "%s" -c 1 -t 6 "$@"\n' "$AOE_UP" "$root" > "$tmp/bin/aoe-up"
chmod +x "$tmp/bin/aoe-up"
cmdline="root=/dev/etherd/e0.1p1 ro rd.aoe.mac=$real rd.aoe.overlay=e0.2"

# hook FUNCTION DISK [PART]: run the module's FUNCTION under $cmdline in the
# namespace; the fake driver's DISK (e0.1 or e0.2, with partition directory
# PART) appears on v0 once aoe has its interfaces. Output in $out, status in $rc.
hook() {
	local pid d=$root/sys/block/etherd!$2
	rm -rf "$d"
	fake_ctl_reset "$root"
	{
		echo "CMDLINE='$cmdline'"
		dracut_lib_doubles
		echo "PATH=$tmp/bin:\$PATH aoe_rundir=$tmp/run AOE_OV_RUN=$tmp/run"
		echo ". $top/modules.d/50aoe/aoe-lib.sh"
		echo ". $top/modules.d/50aoe/aoe-overlay.sh"
		echo "$1"
	} > "$tmp/hook.sh"
	nsx dash "$tmp/hook.sh" > "$tmp/out" 2>&1 &
	pid=$!
	fake_wait_iflist "$root" 60 && fake_disk "$d" "${real//:/}" v0 1024 ${3:+"$3"}
	wait "$pid"
	rc=$?
	out=$(cat "$tmp/out")
}


# dracut_lib_doubles: tests/lib/dracut-doubles.sh's getarg/getcmdline
# shellcheck source=tests/lib/dracut-doubles.sh
. "$top/tests/lib/dracut-doubles.sh"

# 1. the root's search, as aoe-start.sh runs it: v0 only, pinned
hook "aoe_up --status-file=$tmp/run/status" e0.1 'etherd!e0.1p1'
check "root's search: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "root's search: v0 pinned" "$out" grep -qx \
	"aoe-up: v0: rd.aoe.mac=$real: AoE frames from other MACs are dropped" <<< "$out"

# 2. a NIC appears after it (a slow driver, a USB NIC), with carrier
nic v2
nsx ip link set v2 up
got=$(delivered v2 2)
check "late NIC, unpinned: the impostor reaches an AoE handler (the check can fail)" \
	"got '$got'" [ "$got" = "$real $imp" ]
nsx ip link set v2 down

# 3. the overlay disk's search, as the pre-pivot hook runs it
hook aoe_ov_find e0.2
check "overlay search: found, exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "overlay search: the driver gets the late NIC" \
	"interfaces: '$(cat "$root/dev/etherd/interfaces")'" grep -qw v2 "$root/dev/etherd/interfaces"
check "overlay search: the late NIC is pinned before the driver gets it" "$out" grep -qx \
	"aoe-up: v2: rd.aoe.mac=$real: AoE frames from other MACs are dropped" <<< "$out"
filt=$(nsx tc filter show dev v2 ingress)
check "overlay search: the pin filter is on the late NIC" "$filt" \
	grep -q 'protocol all pref 1 bpf.*handle 0xae direct-action' <<< "$filt"
got=$(delivered v2 2)
check "overlay search: only the real MAC reaches an AoE handler on the late NIC" \
	"got '$got'" [ "$got" = "$real" ]
finish
