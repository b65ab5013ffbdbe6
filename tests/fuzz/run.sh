#!/bin/bash
# `make fuzz`: runs every fuzz target for FUZZ_SECONDS (60) each, starting
# from its seed corpus. New inputs go to build/fuzz/corpus/<target>; a
# crashing input to build/fuzz/<target>-crash-*: fix the bug, then keep the
# input as tests/fuzz/corpus/<target>/crash-<what> (a regression seed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
bin=$top/build/fuzz
secs=${FUZZ_SECONDS:-60}
"$here/build.sh" "$bin" || exit 1
for t in "$here"/fz_*.c; do
	t=$(basename "$t" .c)
	mkdir -p "$bin/corpus/$t"
	echo "fuzz: $t for $secs s"
	if "$bin/$t" -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$bin/$t-" "$bin/corpus/$t" "$here/corpus/$t" \
		> "$bin/$t.log" 2>&1; then
		pass "fuzz $t ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$bin/$t.log" | grep -o '[0-9]*$') runs)"
	else
		tail -n 30 "$bin/$t.log"
		fail "fuzz $t" "see $bin/$t.log"
	fi
done
tap_exit
