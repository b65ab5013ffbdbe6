# shellcheck shell=bash
# Common part of the end-to-end harness: cache and work directories, logging,
# timing, and one cleanup that tears down everything the harness started.
#
# Source tests/lib/harness.sh (it sources every part) from a bash test script, then
# call harness_init. Environment:
#   AOE_CACHE  slow, reusable things (kernel, initrds, images), each under a key
#              of what it is made from; default /var/cache/aoe-boot-tests when
#              that can be written (root: shared by every clone, so a second run
#              on the machine is warm), else <repo>/build/cache
#   AOE_KEEP   1 = keep the per-run work directory (for debugging)

[ -n "${_AOE_COMMON_SH:-}" ] && return 0
_AOE_COMMON_SH=1

AOE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
AOE_REPO=$(cd "$AOE_LIB/../.." && pwd)
if [ -z "${AOE_CACHE:-}" ]; then
	AOE_CACHE=$AOE_REPO/build/cache
	mkdir -p /var/cache/aoe-boot-tests 2>/dev/null && [ -w /var/cache/aoe-boot-tests ] &&
		AOE_CACHE=/var/cache/aoe-boot-tests
fi
AOE_WORK=${AOE_WORK:-}
AOE_RUN_ID=${AOE_RUN_ID:-$$}

_H_PIDS=()      # background processes to kill on cleanup
_H_NETNS=()     # network namespaces to delete on cleanup
_H_HOOKS=()     # extra cleanup commands (eval'd, last registered first)
_H_CLEANED=0

# h_log MSG...: print a harness message to stderr.
h_log() { printf '# %s\n' "$*" >&2; }

# h_die MSG...: print MSG to stderr and exit 1 (the EXIT trap cleans up).
h_die() { printf '# ERROR: %s\n' "$*" >&2; exit 1; }

# h_need CMD...: return 0 if every CMD is in PATH, else name the first missing one on stdout and return 1.
h_need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || { echo "$c"; return 1; }
	done
}

# h_now: print the monotonic wall clock in seconds with 2 decimals.
h_now() { awk '{ printf "%.2f\n", $1 }' /proc/uptime; }

# h_delta A B [DECIMALS]: print B - A in seconds (2 decimals unless told), or n/a if either is empty.
h_delta() {
	if [ -n "$1" ] && [ -n "$2" ]; then
		awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { printf "%.*f\n", d, b - a }'
	else
		echo n/a
	fi
}

# h_since T0 [DECIMALS]: print the seconds from the h_now time T0 to now (1 decimal unless told).
h_since() { h_delta "$1" "$(h_now)" "${2:-1}"; }

# h_timed VAR CMD...: run CMD, store its wall seconds in VAR, return CMD's status.
h_timed() {
	local _var=$1 _t0 _t1 _rc
	shift
	_t0=$(h_now)
	"$@"
	_rc=$?
	_t1=$(h_now)
	printf -v "$_var" '%s' "$(h_delta "$_t0" "$_t1" 1)"
	return "$_rc"
}

# h_hash FILE_OR_DIR... [-- STRING...]: print a sha256 over the files' paths+contents and the strings.
h_hash() {
	local p strs=()
	{
		while [ $# -gt 0 ]; do
			if [ "$1" = -- ]; then shift; strs=("$@"); break; fi
			p=$1; shift
			if [ -d "$p" ]; then
				(cd "$p" && find -L . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
			elif [ -e "$p" ]; then
				sha256sum "$p"
			else
				echo "missing $p"
			fi
		done
		printf '%s\n' "${strs[@]}"
	} | sha256sum | cut -c1-16
}

# harness_init: make the cache dir and a per-run work dir (exports AOE_WORK) and register harness_cleanup on EXIT INT TERM.
harness_init() {
	mkdir -p "$AOE_CACHE" || h_die "cannot create AOE_CACHE=$AOE_CACHE"
	if [ -z "$AOE_WORK" ]; then
		mkdir -p "$AOE_REPO/build" 2>/dev/null
		AOE_WORK=$(mktemp -d "${TMPDIR:-/tmp}/aoe-e2e.$AOE_RUN_ID.XXXXXX") || h_die "mktemp failed"
		_H_OWN_WORK=1
	else
		mkdir -p "$AOE_WORK"
	fi
	export AOE_CACHE AOE_WORK
	trap 'harness_cleanup' EXIT
	trap 'harness_cleanup; exit 130' INT
	trap 'harness_cleanup; exit 143' TERM
}

# harness_on_cleanup CMD: run the string CMD (eval) during harness_cleanup, before processes are killed.
harness_on_cleanup() { _H_HOOKS+=("$1"); }

# harness_track_pid PID: kill PID (and wait for it) during harness_cleanup.
harness_track_pid() { _H_PIDS+=("$1"); }

# h_kill PID: end one process started by the harness: TERM, up to 3 s grace, then KILL.
h_kill() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null
	for i in 1 2 3 4 5 6; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# harness_cleanup: run hooks, kill tracked processes, delete tracked netns, remove the work dir; idempotent.
harness_cleanup() {
	local i
	[ "$_H_CLEANED" = 1 ] && return 0
	_H_CLEANED=1
	for ((i = ${#_H_HOOKS[@]} - 1; i >= 0; i--)); do
		eval "${_H_HOOKS[$i]}" || true
	done
	for ((i = ${#_H_PIDS[@]} - 1; i >= 0; i--)); do
		h_kill "${_H_PIDS[$i]}"
	done
	for ((i = ${#_H_NETNS[@]} - 1; i >= 0; i--)); do
		ip netns del "${_H_NETNS[$i]}" 2>/dev/null || true
	done
	if [ "${_H_OWN_WORK:-0}" = 1 ] && [ -n "$AOE_WORK" ] && [ -d "$AOE_WORK" ]; then
		if [ "${AOE_KEEP:-0}" = 1 ]; then
			h_log "kept work dir $AOE_WORK"
		else
			rm -rf "$AOE_WORK"
		fi
	fi
	return 0
}
