#!/bin/bash
# Runs test scripts and counts their results.
#
# usage: tests/run.sh SCRIPT...
#
# Protocol: a test script prints one line per test case:
#   PASS: <name>
#   FAIL: <name>: <why>
#   SKIP: <name>: <why>
# A script that exits non-zero without printing a FAIL line counts as one failure.
# Skips are counted apart and never as passes; with AOE_STRICT=1 (CI sets it) a
# skip counts as a failure, because CI installs everything the tests need.
# With more than one script it ends with the ten slowest and the total time.
#
# Side by side: the scripts that carry the line
#   # run.sh: side by side
# or "# run.sh: side by side: NAME" (long QEMU boots whose checks wait on the
# guest's console, never on the host's clock) run all at once with the others
# of their group (the same NAME, or none), where the first of them comes in
# the list; the others wait until they are done, and each one's output is
# then printed whole, in list order. On two cores, two one-vCPU boots take
# the time of one; five at once starve each other (a group of two or three).
#
# Two at a time: the scripts that carry the line
#   # run.sh: two at a time
# (short QEMU boots, each one vCPU, none timing the host) run as a pool of
# two where the first of them comes in the list: a script starts as soon as
# one of the two before it ends, so both cores stay busy; their outputs are
# printed whole, in list order. Those that also carry "# run.sh: long" (the
# pool's longest) start first, so that none of them is left alone at the end.
# "# run.sh: three at a time" is a pool of three, alike (the Debian boots:
# each waits on its guest much of the time, so three share two cores; five
# at once starve each other).
set -u
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
times=$tmp/times
start=$SECONDS

# count LOG RC NAME: add a script's results (its output in LOG, its exit code RC).
count() {
	local p f s
	p=$(grep -c '^PASS: ' "$1")
	f=$(grep -c '^FAIL: ' "$1")
	s=$(grep -c '^SKIP: ' "$1")
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $3: exited $2 without reporting a failure"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

# group T: the name of T's side-by-side group ("-" for the unnamed one, "=2"
# for the two-at-a-time pool, "=3" for three at a time), or nothing when T
# is not marked.
group() {
	sed -n 's/^# run.sh: side by side$/-/p; s/^# run.sh: two at a time$/=2/p
		s/^# run.sh: three at a time$/=3/p
		s/^# run.sh: side by side: \([A-Za-z0-9_-]*\)$/\1/p' "$1" 2> /dev/null | head -n1
}

# members G SCRIPT...: the scripts of group G, in list order (in the pool,
# those marked long first).
members() {
	local g=$1 t
	shift
	for t; do [ "$(group "$t")" = "$g" ] && long "$t" && echo "$t"; done
	for t; do [ "$(group "$t")" = "$g" ] && ! long "$t" && echo "$t"; done
}

# long T: T carries "# run.sh: long".
long() { grep -qx '# run.sh: long' "$1" 2> /dev/null; }

# run_side MAX SCRIPT...: run the scripts at once, MAX at a time (0: all),
# then report each in order.
run_side() {
	local max=$1 t i=0 pids=() running=() fin t0=$SECONDS rc
	shift
	if [ "$max" -gt 0 ]; then echo "=== $max at a time: $*"; else echo "=== side by side: $*"; fi
	for t; do
		if [ "$max" -gt 0 ] && [ "${#running[@]}" -ge "$max" ]; then
			wait -n -p fin "${running[@]}"
			mapfile -t running < <(printf '%s\n' "${running[@]}" | grep -vx "$fin")
		fi
		( "$t" > "$tmp/side.$i" 2>&1; rc=$?; echo "$SECONDS" > "$tmp/end.$i"; exit "$rc" ) &
		pids+=($!) running+=($!)
		i=$((i + 1))
	done
	i=0
	for t; do
		wait "${pids[$i]}"
		rc=$?
		echo "=== $t ($([ "$max" -gt 0 ] && echo "$max at a time" || echo "side by side"); done $(($(cat "$tmp/end.$i") - t0)) s after the group started)"
		cat "$tmp/side.$i"
		count "$tmp/side.$i" "$rc" "$t"
		i=$((i + 1))
	done
	echo "$((SECONDS - t0)) $([ "$max" -gt 0 ] && echo "$max at a time" || echo "side by side"): $*" >> "$times"
}

done_groups=' '
for t in "$@"; do
	g=$(group "$t")
	if [ -n "$g" ]; then
		mapfile -t side < <(members "$g" "$@")
		if [ "${#side[@]}" -gt 1 ]; then
			[[ $done_groups == *" $g "* ]] || { run_side "$(case $g in =*) echo "${g#=}" ;; *) echo 0 ;; esac)" "${side[@]}"; done_groups+="$g "; }
			continue
		fi
	fi
	echo "=== $t"
	t0=$SECONDS
	"$t" 2>&1 | tee "$tmp/log"
	rc=${PIPESTATUS[0]}
	echo "$((SECONDS - t0)) $t" >> "$times"
	count "$tmp/log" "$rc" "$t"
done
if [ "${AOE_STRICT:-0}" = 1 ] && [ "$skip" -gt 0 ]; then
	echo "AOE_STRICT=1: counting $skip skipped test(s) as failed"
	fail=$((fail + skip))
fi
if [ "$#" -gt 1 ]; then
	echo
	echo "the ten slowest scripts (s):"
	sort -rn "$times" | head -n 10 | sed 's/^/  /'
	echo "total: $((SECONDS - start)) s for $# scripts"
fi
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
