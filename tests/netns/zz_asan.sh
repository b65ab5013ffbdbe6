#!/bin/bash
# The event loop under the sanitizers: builds the whole helper with ASan and
# UBSan (make -C src asan, every report fatal) and runs a few netns scripts
# again with it as AOE_UP, one for each part of the loop: the discover loop
# and its reports (discover_fake), NICs coming and going (nic_late), the
# path probe on one NIC and on many (path_probe, probe_many), and the
# answers seen and pinned (impostor).  Their cases count again, prefixed
# "asan:", and each script gets a case failing on any sanitizer report.
# Runs last (zz_) and once; about a minute.  Needs root, like the others.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
scripts=(discover_fake.sh nic_late.sh path_probe.sh probe_many.sh impostor.sh)

[ "$(id -u)" -eq 0 ] || skip_script "needs root"
command -v gcc > /dev/null || skip_script "gcc not installed"
if ! out=$(make -s -C "$top/src" asan 2>&1); then
	fail "asan: build" "make -C src asan failed: $(tail -n3 <<< "$out" | tr '\n' ' ')"
	exit 1
fi
pass "asan: build"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export AOE_UP=$top/src/aoe-up.asan
export ASAN_OPTIONS=log_path=$logs/asan:detect_leaks=1
export UBSAN_OPTIONS=log_path=$logs/ubsan:print_stacktrace=1

for t in "${scripts[@]}"; do
	out=$("$here/$t" 2>&1)
	rc=$?
	sed -E 's/^(PASS|FAIL|SKIP): /\1: asan: /' <<< "$out"
	n=$(grep -c '^FAIL: ' <<< "$out")
	TAP_FAILED=$((TAP_FAILED + n))
	[ "$rc" -eq 0 ] || [ "$n" -gt 0 ] || fail "asan: $t" "exited $rc without reporting a failure"
	mapfile -t reports < <(find "$logs" -type f)
	if [ "${#reports[@]}" -eq 0 ]; then
		pass "asan: $t: no sanitizer report"
	else
		fail "asan: $t: no sanitizer report" "$(grep -hm3 -E 'ERROR|runtime error' "${reports[@]}" | tr '\n' ' ')"
		cat "${reports[@]}"
		rm -f "${reports[@]}"
	fi
done
tap_exit
