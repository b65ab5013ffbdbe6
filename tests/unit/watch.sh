#!/bin/bash
# system/aoe-watch over a fake sysfs: a stalled disk (requests in flight,
# none completing) is reported once after the stall time, its return with
# the seconds it was away, an idle disk never, a failed disk once. Paths:
# a target MAC going silent (debugfs taint) and back, a NIC losing carrier
# and getting it back (discover at once), a NIC with carrier that reaches
# no disk (discover every few seconds, for a minute), --paths.
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

# paths: e0.1 with two target MACs, one NIC each, over a fake debugfs
# (the driver's format: a "MAC:nout:maxout:nframes" line, then tab-indented
# ssthresh, taint, r, w, and the NIC names)
dbgfile() { # dbgfile TAINT_A TAINT_B NICS_B
	mkdir -p "$tmp/debug/aoe"
	printf 'rttavg: 1186 rttdev: 863\nnskbpool: 0\nkicked: 0\nmaxbcnt: 1024\nref: 0\nfalloc: 108\nffree: 00000000ba06494a\n%s\n\tssthresh:8\n\ttaint:%s\n\tr:3049\n\tw:67274\n\tens3\nfalloc: 98\nffree: 000000006462653b\n%s\n\tssthresh:8\n\ttaint:%s\n\tr:2727\n\tw:62481\n%s\n' \
		5ebad1fd383a:0:16:16 "$1" 1a95d690be1b:1:1:16 "$2" "$3" > "$tmp/debug/aoe/e0.1"
}
link() { mkdir -p "$tmp/class/net/$1"; echo "$2" > "$tmp/class/net/$1/carrier"; }
rm -rf "$tmp/block" "$tmp/kmsg"
mkdir -p "$tmp/dev"
: > "$tmp/dev/discover"
echo 86400 > "$tmp/module/aoe/parameters/aoe_deadsecs"
echo ens2,ens3,ens4 > "$tmp/module/aoe/parameters/aoe_iflist"
disk e0.1 up 5 7 0
echo ens3,ens2 > "$tmp/block/etherd!e0.1/netif"
dbgfile 0 0 $'\tens2'
link ens2 1; link ens3 1; link ens4 0
watch_env=(AOE_WATCH_SYSFS="$tmp" AOE_WATCH_DEBUGFS="$tmp/debug" AOE_WATCH_DEV="$tmp/dev"
	AOE_WATCH_KMSG="$tmp/kmsg" AOE_WATCH_TICK=1 AOE_WATCH_REDISCOVER=2)
env "${watch_env[@]}" AOE_WATCH_ROUNDS=12 system/aoe-watch 2> /dev/null &
pid=$!
sleep 1.5
dbgfile 0 39 $'\tens2'	# B silent: the driver tainted it
sleep 2
dbgfile 0 0 $'\tens2'	# B back
link ens3 0	# A's NIC loses carrier
sleep 2
link ens3 1	# and gets it back
sleep 1.5
link ens4 1	# a NIC on the list gets carrier, no disk through it
wait "$pid"
kmsg=$(cat "$tmp/kmsg" 2> /dev/null)
check_eq "paths: each path is said once at the start" \
	"$(grep -cE '^<6>aoe-boot: e0\.1: path to (5e:ba:d1:fd:38:3a via ens3|1a:95:d6:90:be:1b via ens2)$' <<< "$kmsg")" 2
check_eq "paths: a silent target MAC is reported once, with the other path taking its I/O" \
	"$(grep -c '^<4>aoe-boot: e0\.1: the path to 1a:95:d6:90:be:1b via ens2 stopped answering; its I/O goes over the other 1 path(s)$' <<< "$kmsg")" 1
check_eq "paths: its return is reported once, with the time" \
	"$(grep -cE '^<5>aoe-boot: e0\.1: the path to 1a:95:d6:90:be:1b via ens2 is back in use after [1-3] s$' <<< "$kmsg")" 1
check_eq "paths: a NIC losing carrier is reported once" \
	"$(grep -c '^<4>aoe-boot: ens3 lost carrier: the AoE paths through it are down$' <<< "$kmsg")" 1
check_eq "paths: its carrier's return is reported once, with a discover" \
	"$(grep -c '^<5>aoe-boot: ens3 has carrier again: asking the AoE targets on it (discover)$' <<< "$kmsg")" 1
check_eq "paths: a listed NIC's first carrier is reported once, with a discover (not as a return)" \
	"$(grep -c '^<5>aoe-boot: ens4 has carrier now: asking the AoE targets on it (discover)$' <<< "$kmsg")" 1
check_eq "paths: a listed NIC with carrier and no disk through it is reported once" \
	"$(grep -c '^<5>aoe-boot: no AoE disk is reached through ens4 yet: discovering every 2 s for a minute$' <<< "$kmsg")" 1
check "paths: discover was written for the returns and the idle NIC (3 or more)" "$(wc -c < "$tmp/dev/discover") bytes" \
	test "$(wc -c < "$tmp/dev/discover")" -ge 3
check_eq "paths: a NIC without carrier from the start is not reported" "$(grep -c 'ens4 lost' <<< "$kmsg")" 0

dbgfile 0 1000 $'\tens2\n\tens4'
out=$(env "${watch_env[@]}" system/aoe-watch --paths)
check_eq "--paths: the disk, its state, NICs and aoe_deadsecs" "$(head -n1 <<< "$out")" \
	"e0.1: state up, via ens3,ens2, aoe_deadsecs=86400"
check_eq "--paths: one line per target MAC, in use or silent" "$(tail -n +2 <<< "$out")" \
	"  5e:ba:d1:fd:38:3a via ens3: in use
  1a:95:d6:90:be:1b via ens2,ens4: silent (taint 1000)"
rm -rf "$tmp/debug"
check "--paths: without debugfs it says how to see each target" "" \
	grep -q "mount debugfs to see each target MAC" <<< "$(env "${watch_env[@]}" system/aoe-watch --paths)"
tap_exit
