#!/bin/bash
# A short, bounded pass of every fuzz target over its seed corpus
# (tests/fuzz/corpus/<target>, read only): FUZZ_RUNS inputs each (20000).
# One PASS/FAIL line per target; SKIP if clang's fuzzer runtime is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
bin=$top/build/fuzz
runs=${FUZZ_RUNS:-20000}
why=$("$here/build.sh" "$bin" 2>&1)
case $? in
	0) ;;
	77) skip "fuzz smoke" "$why"; exit 0 ;;
	*) printf '%s\n' "$why"; fail "fuzz smoke" "build failed"; exit 1 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in "$here"/fz_*.c; do
	t=$(basename "$t" .c)
	mkdir -p "$tmp/$t"
	if timeout 120 "$bin/$t" -runs="$runs" -seed=1 -max_len=4096 \
		-artifact_prefix="$tmp/$t-" "$tmp/$t" "$here/corpus/$t" \
		> "$tmp/$t.log" 2>&1; then
		pass "fuzz smoke $t ($runs runs)"
	else
		tail -n 30 "$tmp/$t.log"
		fail "fuzz smoke $t" "see above; the input: $(ls "$tmp/$t"-* 2> /dev/null)"
	fi
done
tap_exit
