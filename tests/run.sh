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
set -u
pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	echo "=== $t"
	"$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
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
echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
