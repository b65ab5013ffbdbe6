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
set -u
pass=0 fail=0 skip=0
log=$(mktemp)
times=$(mktemp)
trap 'rm -f "$log" "$times"' EXIT
start=$SECONDS
for t in "$@"; do
	echo "=== $t"
	t0=$SECONDS
	"$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "$((SECONDS - t0)) $t" >> "$times"
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $t: exited $rc without reporting a failure"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
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
