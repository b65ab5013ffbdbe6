# shellcheck shell=bash
# Shared by the netns tests: a private network namespace per test script,
# removed on exit, and the tap words (tests/lib/tap.sh). Source it; it is not a test.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
# The helper under test; zz_asan.sh sets the sanitizer build, src/aoe-up.asan.
AOE_UP=${AOE_UP:-$top/src/aoe-up}
NS=aoeup-$$-$RANDOM

# setup NAME [TOOL...]: skip every case of the script unless root with each
# TOOL installed; build the helper if it is missing; make the namespace.
setup() {
	local name=$1 t
	shift
	[ "$(id -u)" -eq 0 ] || skip_script "needs root"
	for t in "$@"; do
		command -v "$t" > /dev/null || skip_script "$t not installed"
	done
	if [ ! -x "$AOE_UP" ] && ! make -s -C "$top/src" >/dev/null; then
		fail "$name" "cannot build $AOE_UP"
		exit 1
	fi
	ip netns add "$NS" || { fail "$name" "ip netns add failed"; exit 1; }
	trap cleanup EXIT
}

cleanup() {
	ip netns del "$NS" 2>/dev/null
	[ -n "${tmp:-}" ] && rm -rf "$tmp"
	return 0
}

# The aoe driver faked under a --prefix root: aoe-up reads its sysfs and
# writes its control nodes there, while the NICs are the namespace's own.
# fake_root ROOT: the tree (NICs: the real /sys/class/net) and empty control nodes.
fake_root() {
	mkdir -p "$1/sys/class" "$1/sys/module/aoe" "$1/sys/block" "$1/dev/etherd" || return 1
	ln -sfn /sys/class/net "$1/sys/class/net"
	fake_ctl_reset "$1"
}

# fake_ctl_reset ROOT: empty control nodes, as before a run.
fake_ctl_reset() {
	local n
	for n in interfaces discover err revalidate flush; do : > "$1/dev/etherd/$n"; done
}

# fake_wait_iflist ROOT TENTHS: wait (up to TENTHS x 0.1 s) until aoe-up has
# written the driver's interface list; false if it has not.
fake_wait_iflist() {
	local i
	for ((i = 0; i < $2; i++)); do
		[ -s "$1/dev/etherd/interfaces" ] && return 0
		sleep 0.1
	done
	[ -s "$1/dev/etherd/interfaces" ]
}

# fake_disk DIR MAC NETIF PAYLOAD [PART]: the driver's sysfs directory of an
# AoE disk that is up (MAC as the driver shows it: 12 hex digits), with
# partition directory PART (e.g. etherd!e0.1p1) if given.
fake_disk() {
	mkdir -p "$1${5:+/$5}"
	echo up > "$1/state"
	echo "$2" > "$1/mac"
	echo "$3" > "$1/netif"
	echo "$4" > "$1/payload"
}

# Run a command inside the test namespace.
nsx() { ip netns exec "$NS" "$@"; }

# has_not_has RE1 RE2 TEXT: TEXT matches RE1 and not RE2.
has_not_has() { grep -q -- "$1" <<<"$3" && ! grep -q -- "$2" <<<"$3"; }

# A veth pair v0 (the helper's side) / v1 (the peer) inside the namespace.
veth_pair() {
	nsx ip link add "$1" type veth peer name "$2"
}

# Milliseconds since the epoch.
now_ms() { local t=${EPOCHREALTIME/./}; echo "${t:0:-3}"; }

# The number N in "...WORD N ms..." in text $1 for WORD $2, or empty.
ms_after() { sed -n "s/.*$2 \([0-9]*\) ms.*/\1/p" <<<"$1" | head -n1; }

# finish: end the script, exit 1 if a case failed.
finish() { tap_exit; }

# responder_start IF MODE [TAGS]: start tests/netns/aoe_responder.py on IF
# in the namespace and wait (up to 10 s: python starts slowly on a busy
# machine) until it hears queries; its pid in RESP_PID, false if not ready.
responder_start() {
	local log i
	log=$(mktemp)
	ip netns exec "$NS" python3 "$top/tests/netns/aoe_responder.py" "$@" > "$log" 2>&1 &
	RESP_PID=$!	# ip netns exec execs python: the responder itself
	for ((i = 0; i < 100; i++)); do
		grep -q '^ready' "$log" && break
		sleep 0.1
	done
	grep -q '^ready' "$log" || cat "$log" >&2
	grep -q '^ready' "$log"
	local rc=$?
	rm -f "$log"
	return $rc
}

# delivered IF [SLOT]: the source MACs (sorted, blank-separated) of the
# config answers for e0.SLOT (default 1) that an AoE protocol handler on IF
# receives within 1 s of one broadcast query, as the aoe driver would: a
# packet socket bound to 0x88A2 is served after tc's ingress, like it.
delivered() {
	nsx python3 -c '
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88A2))
s.bind((sys.argv[1], 0x88A2))
me = bytes.fromhex(open("/sys/class/net/%s/address" % sys.argv[1]).read().strip().replace(":", ""))
s.send(b"\xff" * 6 + me + b"\x88\xa2\x10\x00\x00\x00" + bytes([int(sys.argv[2]), 1]) +
       struct.pack(">I", 0x80000001) + bytes(36))
s.settimeout(0.2)
seen, end = set(), time.time() + 1
while time.time() < end:
    try:
        f = s.recv(128)
    except socket.timeout:
        continue
    if len(f) >= 24 and f[14] & 8 and f[19] == 1:
        seen.add(f[6:12].hex(":"))
print(" ".join(sorted(seen)))' "$1" "${2:-1}"
}
