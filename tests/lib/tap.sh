# shellcheck shell=bash
# The one vocabulary of the shell tests: one line per case, the case's NAME first.
#   PASS: NAME
#   FAIL: NAME: WHY
#   SKIP: NAME: WHY
# tests/run.sh counts these lines. Source this file; it needs nothing else.

[ -n "${_AOE_TAP_SH:-}" ] && return 0
_AOE_TAP_SH=1
TAP_FAILED=0 # FAIL lines printed so far; tap_exit turns it into the exit status

# pass NAME: the case passed.
pass() { echo "PASS: $1"; }

# fail NAME WHY: the case failed, and why.
fail() {
	echo "FAIL: $1: $2"
	TAP_FAILED=$((TAP_FAILED + 1))
}

# skip NAME WHY: the case cannot run on this machine, and why.
skip() { echo "SKIP: $1: $2"; }

# check NAME WHY CMD...: PASS if CMD succeeds, else FAIL with WHY (empty WHY: the command).
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "${why:-failed: $*}"; fi
}

# check_eq NAME GOT WANT: PASS if the strings GOT and WANT are equal, else FAIL showing both.
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# check_quiet NAME CMD...: like check, with CMD's output held back and shown
# indented (40 lines at most) under the FAIL line.
check_quiet() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "exit $rc"
		printf '%s\n' "$out" | sed 's/^/    /' | head -40
	fi
}

# tap_cases FILE: print the name of each case FILE states, one a line: the
# first quoted word after a check, check_eq, check_quiet, pass,
# e2e_expect, e2e_expect_none or e2e_root_reached at the start of a line, as
# written (a name with $VARS is printed unexpanded; a case in a loop counts once).
tap_cases() {
	sed -nE 's/^[[:space:]]*(check|check_eq|check_quiet|pass|e2e_expect|e2e_expect_none|e2e_root_reached)[[:space:]]+"([^"]*)".*/\2/p' "$1"
}

# skip_script WHY [FILE]: print one SKIP line per case of FILE (default: the
# running script) and exit 0: the script cannot run here at all.
skip_script() {
	local name n=0
	while IFS= read -r name; do
		skip "$name" "$1"
		n=$((n + 1))
	done < <(tap_cases "${2:-$0}")
	[ "$n" -gt 0 ] || skip "${2:-$0}" "$1"
	exit 0
}

# tap_exit: exit 1 if a case failed, else 0.
tap_exit() {
	[ "$TAP_FAILED" -eq 0 ]
	exit
}
