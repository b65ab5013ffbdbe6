# shellcheck shell=bash
# Shared by the netns tests: a private network namespace per test script,
# removed on exit, and PASS/FAIL helpers. Source it; it is not a test.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AOE_UP=${AOE_UP:-$top/src/aoe-up}
NS=aoeup-$$-$RANDOM
failed=0

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; failed=1; }

# check NAME CONDITION-TEXT: PASS if the test command succeeds, else FAIL with WHY.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# Skip the whole script unless root; build the helper if it is missing.
setup() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $1: needs root"
		exit 0
	fi
	if [ ! -x "$AOE_UP" ] && ! make -s -C "$top/src" >/dev/null; then
		echo "FAIL: $1: cannot build $AOE_UP"
		exit 1
	fi
	ip netns add "$NS" || { echo "FAIL: $1: ip netns add failed"; exit 1; }
	trap cleanup EXIT
}

cleanup() {
	ip netns del "$NS" 2>/dev/null
	[ -n "${tmp:-}" ] && rm -rf "$tmp"
	return 0
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

finish() { exit "$failed"; }
