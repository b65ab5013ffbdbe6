#!/bin/bash
# tests/run.sh, the runner make check uses: how it counts, and how it runs
# the scripts marked "# run.sh: side by side" or "two at a time". Fake test scripts in a
# temporary directory; no root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/tap.sh
. "$here/../lib/tap.sh"
run=$here/../run.sh
# CI runs make check with AOE_STRICT=1: the cases below set it themselves
unset AOE_STRICT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mk NAME [side] BODY: a fake test script; "side" marks it side by side.
mk() {
	local f=$tmp/$1
	shift
	{
		echo '#!/bin/bash'
		[ "$1" = side ] && { echo '# run.sh: side by side'; shift; }
		echo "$1"
	} > "$f"
	chmod +x "$f"
}

# the counts, the exit code, the skip rule
mk ok 'echo "PASS: a"; echo "PASS: b"; echo "SKIP: c: no tool"'
mk bad 'echo "PASS: d"; echo "FAIL: e: wrong"; exit 1'
mk silent 'exit 3'
out=$("$run" "$tmp/ok" 2>&1); rc=$?
check_eq "counts passes and skips apart" "$(tail -n1 <<< "$out")" "2 passed, 0 failed, 1 skipped"
check_eq "a skip alone is no failure" "$rc" 0
out=$(AOE_STRICT=1 "$run" "$tmp/ok" 2>&1); rc=$?
check_eq "AOE_STRICT=1 counts a skip as a failure" "$(tail -n1 <<< "$out"):$rc" "2 passed, 1 failed, 1 skipped:1"
out=$("$run" "$tmp/ok" "$tmp/bad" 2>&1); rc=$?
check_eq "a FAIL line fails the run" "$(tail -n1 <<< "$out"):$rc" "3 passed, 1 failed, 1 skipped:1"
check "several scripts: the ten slowest and the total" "" grep -q '^total: [0-9]* s for 2 scripts$' <<< "$out"
out=$("$run" "$tmp/silent" 2>&1); rc=$?
check "an exit without a FAIL line is a failure" "$out" grep -qx "FAIL: $tmp/silent: exited 3 without reporting a failure" <<< "$out"
check_eq "... and is counted" "$(tail -n1 <<< "$out"):$rc" "0 passed, 1 failed, 0 skipped:1"

# side by side: s1 and s2 each wait for the other to have started, so they
# can only pass if they run at the same time; "one" runs alone, after them
mk s1 side "touch $tmp/s1.on; for _ in \$(seq 100); do [ -e $tmp/s2.on ] && break; sleep 0.1; done
[ -e $tmp/s2.on ] && echo 'PASS: s1 saw s2 running' || echo 'FAIL: s1: s2 never started'; sleep 0.5; touch $tmp/s1.done"
mk s2 side "touch $tmp/s2.on; for _ in \$(seq 100); do [ -e $tmp/s1.on ] && break; sleep 0.1; done
[ -e $tmp/s1.on ] && echo 'PASS: s2 saw s1 running' || echo 'FAIL: s2: s1 never started'; exit 2"
mk one "[ -e $tmp/s1.done ] && echo 'PASS: one ran after the group' || echo 'FAIL: one: ran during the group'"
out=$("$run" "$tmp/s1" "$tmp/one" "$tmp/s2" 2>&1); rc=$?
check "side by side: the two ran at the same time" "$out" grep -qx 'PASS: s1 saw s2 running' <<< "$out"
check "side by side: a script without the mark waits for the group" "$out" grep -qx 'PASS: one ran after the group' <<< "$out"
order=$(grep -oE '^PASS: (s1|s2|one)' <<< "$out" | cut -d' ' -f2 | paste -sd, -)
check_eq "side by side: each output whole, in list order, the group where its first member is" "$order" "s1,s2,one"
check "side by side: a member's exit without a FAIL line is a failure" "$out" \
	grep -qx "FAIL: $tmp/s2: exited 2 without reporting a failure" <<< "$out"
check_eq "side by side: every line counted" "$(tail -n1 <<< "$out"):$rc" "3 passed, 1 failed, 0 skipped:1"
# named groups: g1 and g2 (group "b") run together, and apart from s1/s2
mk g1 "# run.sh: side by side: b
touch $tmp/g1.on; for _ in \$(seq 100); do [ -e $tmp/g2.on ] && break; sleep 0.1; done
[ -e $tmp/g2.on ] && echo 'PASS: g1 saw g2 running' || echo 'FAIL: g1: g2 never started'
[ -e $tmp/s1.on ] && [ ! -e $tmp/s1.done ] && echo 'FAIL: g1: ran with the other group' || echo 'PASS: g1 apart from s1'"
mk g2 "# run.sh: side by side: b
touch $tmp/g2.on; for _ in \$(seq 100); do [ -e $tmp/g1.on ] && break; sleep 0.1; done
[ -e $tmp/g1.on ] && echo 'PASS: g2 saw g1 running' || echo 'FAIL: g2: g1 never started'"
rm -f "$tmp"/*.on "$tmp"/*.done
out=$("$run" "$tmp/g1" "$tmp/s1" "$tmp/g2" "$tmp/s2" 2>&1); rc=$?
check "named group: its two ran at the same time" "$out" grep -qx 'PASS: g1 saw g2 running' <<< "$out"
check "named group: apart from the unnamed group" "$out" grep -qx 'PASS: g1 apart from s1' <<< "$out"
check_eq "named group: two groups, each where its first member is" \
	"$(grep -E '^=== side by side' <<< "$out" | sed "s|$tmp/||g")" \
	"$(printf '%s\n' "=== side by side: g1 g2" "=== side by side: s1 s2")"
mk lone side 'echo "PASS: lone"'
out=$("$run" "$tmp/lone" "$tmp/ok" 2>&1)
check "one marked script alone runs as any other" "$out" grep -qx "=== $tmp/lone" <<< "$out"

# two at a time: five scripts, each holds a token file for 0.4 s and says
# how many it saw: two at once at most (the last may run alone)
mkdir -p "$tmp/pool"
for n in 1 2 3 4 5; do
	mk "p$n" "# run.sh: two at a time
touch $tmp/pool/p$n; sleep 0.4; echo \"PASS: p$n saw \$(ls $tmp/pool | wc -l)\"; rm $tmp/pool/p$n
[ $n = 3 ] && exit 4 || exit 0"
done
out=$("$run" "$tmp/p1" "$tmp/ok" "$tmp/p2" "$tmp/p3" "$tmp/p4" "$tmp/p5" 2>&1); rc=$?
seen=$(sed -n 's/^PASS: p[0-9] saw //p' <<< "$out" | sort -n | tail -n1)
check_eq "two at a time: at most two at once, and two" "$seen" "2"
check_eq "two at a time: each output whole, in list order, the pool where its first member is" \
	"$(grep -oE '^PASS: (p[0-9]|a)' <<< "$out" | cut -d' ' -f2 | paste -sd, -)" "p1,p2,p3,p4,p5,a"
check "two at a time: a member's exit status counts" "$out" \
	grep -qx "FAIL: $tmp/p3: exited 4 without reporting a failure" <<< "$out"
check_eq "two at a time: every line counted" "$(tail -n1 <<< "$out"):$rc" "7 passed, 1 failed, 1 skipped:1"

# three at a time: five scripts hold a token for 0.4 s: three at once at most
mkdir -p "$tmp/pool3"
for n in 1 2 3 4 5; do
	mk "r$n" "# run.sh: three at a time
touch $tmp/pool3/r$n; sleep 0.4; echo \"PASS: r$n saw \$(ls $tmp/pool3 | wc -l)\"; rm $tmp/pool3/r$n"
done
out=$("$run" "$tmp/r1" "$tmp/r2" "$tmp/r3" "$tmp/r4" "$tmp/r5" 2>&1)
check_eq "three at a time: at most three at once, and three" "$(sed -n 's/^PASS: r[0-9] saw //p' <<< "$out" | sort -n | tail -n1)" "3"
check "three at a time: one pool of the five" "$out" grep -qx "=== 3 at a time: $tmp/r1 $tmp/r2 $tmp/r3 $tmp/r4 $tmp/r5" <<< "$out"

# two at a time, one marked long: it starts first, wherever it is listed
for n in 1 2 3; do
	mk "q$n" "# run.sh: two at a time
$([ $n = 3 ] && echo '# run.sh: long')
echo \"PASS: q$n\""
done
out=$("$run" "$tmp/q1" "$tmp/q2" "$tmp/q3" 2>&1)
check_eq "two at a time: a script marked long starts first" \
	"$(grep '^=== 2 at a time: ' <<< "$out" | sed "s|$tmp/||g")" "=== 2 at a time: q3 q1 q2"
