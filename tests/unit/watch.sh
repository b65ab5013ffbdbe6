#!/bin/bash
# system/aoe-watch over a fake sysfs: a stalled disk (requests in flight,
# none completing) is reported once after the stall time, its return with
# the seconds it was away, an idle disk never, a failed disk once.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# disk NAME STATE READS WRITES INFLIGHT: set the fake disk's state and counters.
disk() {
	mkdir -p "$tmp/block/etherd!$1"
	echo "$2" > "$tmp/block/etherd!$1/state"
	echo "$3 0 0 0 $4 0 0 0 $5 0 0" > "$tmp/block/etherd!$1/stat"
}
mkdir -p "$tmp/module/aoe/parameters"
echo 0 > "$tmp/module/aoe/parameters/aoe_deadsecs"

disk e0.1 up 5 7 3    # stalls: 3 in flight, nothing completes
disk e0.2 up 9 9 0    # idle: nothing in flight
disk e0.3 down,closewait 1 1 2
AOE_WATCH_SYSFS=$tmp AOE_WATCH_KMSG=$tmp/kmsg AOE_WATCH_TICK=1 AOE_WATCH_STALL=2 \
	AOE_WATCH_ROUNDS=9 system/aoe-watch 2> "$tmp/err" &
pid=$!
sleep 4.5
disk e0.1 up 5 8 2    # a write completed: the target is back
wait "$pid"
kmsg=$(cat "$tmp/kmsg")

check_eq "watch: a stalled disk is reported once, at error level" \
	"$(grep -c '^<3>aoe-boot: e0\.1: no answer from the target for [0-9]* s; 3 requests wait for it: they wait as long as it takes (aoe_deadsecs=0)$' <<< "$kmsg")" 1
check "watch: after the stall time, not before" "$kmsg" \
	grep -qE '^<3>aoe-boot: e0\.1: no answer from the target for [23] s;' <<< "$kmsg"
check_eq "watch: its return is reported with the time it was away" \
	"$(grep -cE '^<4>aoe-boot: e0\.1: the target answers again; its I/O went on after [4-6] s$' <<< "$kmsg")" 1
check_eq "watch: an idle disk is not reported" "$(grep -c 'e0\.2' <<< "$kmsg")" 0
check_eq "watch: a failed disk is reported once" \
	"$(grep -c '^<2>aoe-boot: e0\.3: the aoe driver has failed the disk (state down,closewait, aoe_deadsecs=0)' <<< "$kmsg")" 1
check_eq "watch: the same lines go to the journal (stderr)" "$(wc -l < "$tmp/err")" "$(wc -l <<< "$kmsg")"

rm -f "$tmp/kmsg"
rm -rf "$tmp/block/etherd!e0.2" "$tmp/block/etherd!e0.3"
echo 180 > "$tmp/module/aoe/parameters/aoe_deadsecs"
disk e0.1 up 5 7 3
AOE_WATCH_SYSFS=$tmp AOE_WATCH_KMSG=$tmp/kmsg AOE_WATCH_TICK=1 AOE_WATCH_STALL=1 \
	AOE_WATCH_ROUNDS=3 system/aoe-watch 2> /dev/null
check "watch: with aoe_deadsecs > 0 it says the disk will fail" "$(cat "$tmp/kmsg" 2>&1)" \
	grep -q 'the driver fails the disk after aoe_deadsecs=180 s without an answer$' "$tmp/kmsg"
tap_exit
