#!/bin/bash
# Two paths to one disk (issue 20): the client has two NICs, each on its own
# segment (a bridge), and on each segment a vblade exports the same image as
# e0.1 (two target MACs, one shelf.slot), both pinned with rd.aoe.mac= as the
# lab pins them. The root is read-write; the guest writes a synced 1 MiB file
# about every 1.4 s while the host fails the paths one after the other:
#   A's far side (the server's switch port down; the client keeps carrier),
#   back; B's far side, back; A's NIC loses carrier (QEMU set_link), back;
#   B's NIC loses carrier, back.
# Each failure comes after the other path's return, so a path that came back
# and is not used again hangs the root (what issue 20 saw with
# aoe_deadsecs=0). B's NIC has no carrier when the machine starts: aoe-up
# puts it on the driver's list anyway, and when it first gets carrier,
# after the root is up, the booted system's watcher (system/aoe-watch, run
# by the root's init with the host's bash) discovers at once and the disk
# gains that path before the first failure. The watcher's console lines
# for each failure, return and carrier change, and its --paths, are checked. Every write must complete, every byte must be in the
# image afterwards, and no write may take longer than STALL_MAX s.
#
# STALL_MAX: the driver's own timers set the floor. A request moves off a
# silent target when its time there exceeds min(aoe_deadsecs / targets, 10)
# whole seconds (HARD_SCORN_SECS in drivers/block/aoe/aoecmd.c), checked
# every 100 ms, after the retransmit timeout: ~11 s plus the write itself
# (measured 11.4 s here). 16 s leaves TCG's jitter 4.6 s.
# run.sh: two at a time
# run.sh: long
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e multipath: two paths to one disk, each failing and coming back"

STALL_MAX=16
DOWN=${AOE_MP_DOWN:-18}	# s a path stays failed: a failover (~11.4 s) and 3 or more writes after it
UP=${AOE_MP_UP:-14}	# s it is back before the other path fails: long enough to take I/O again
# AOE_MP_DOWN, AOE_MP_UP: other times (make bench's failures of minutes)
case $DOWN:$UP in *[!0-9:]* | :* | *:) h_die "AOE_MP_DOWN=$DOWN AOE_MP_UP=$UP: expected whole seconds" ;; esac
# AOE_MP_EXTRA: more kernel options (rd.aoe.deadsecs=0 shows the hang this test catches)
MPFILES=40	# the guest writes w0..w39 in turn (1 MiB each)

ns=$(netns_name multipath)
netns_create "$ns" || h_die "netns"
for s in 0 1; do
	if ! { bridge_create "$ns" "br$s" && tap_create "$ns" "tap$s" && bridge_add "$ns" "br$s" "tap$s" &&
		veth_create "$ns" "srv$s" "port$s" && bridge_add "$ns" "br$s" "port$s"; }; then
		h_die "segment $s"
	fi
done
smac0=$(ip -n "$ns" -br link show srv0 | awk '{ print $3 }')
smac1=$(ip -n "$ns" -br link show srv1 | awk '{ print $3 }')

dir=$(mktemp -d "$AOE_WORK/root.XXXXXX") || h_die "mktemp"
rootfs_tree "$dir" || h_die "root tree"
# the booted system's watcher (bash): bash and its libraries from the host
rm -f "$dir/bin/bash"
for f in /bin/bash $(ldd /bin/bash | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
	{ mkdir -p "$dir$(dirname "$f")" && cp -L "$f" "$dir$f"; } || h_die "bash for the watcher: $f"
done
install -D -m 0755 "$AOE_REPO/system/aoe-watch" "$dir/usr/lib/aoe-boot/aoe-watch" || h_die "aoe-watch"
cat > "$dir/etc/aoe-facts.d/multipath.sh" <<'MP'
# aoe.mp.secs=N: write a synced 1 MiB file about every 1.4 s for N s
if n=$(arg aoe.mp.secs); then
	fact "deadsecs=$(cat /sys/module/aoe/parameters/aoe_deadsecs)"
	mkdir -p /sys/kernel/debug && mount -t debugfs debugfs /sys/kernel/debug
	# as aoe-boot-watch.service runs it; its stderr is the journal there
	/usr/lib/aoe-boot/aoe-watch 2> /dev/null &
	mkdir -p /mp
	echo "AOE-MP start $(cut -d' ' -f1 /proc/uptime)"
	prev=
	s0=$(cut -d. -f1 /proc/uptime)
	i=0
	while [ $(($(cut -d. -f1 /proc/uptime) - s0)) -lt "$n" ]; do
		f=/mp/w$((i % MPFILES))
		a=$(cut -d' ' -f1 /proc/uptime)
		if yes "$i" | head -c 1048576 > "$f" && dd if="$f" of="$f" conv=notrunc,fsync 2> /dev/null; then
			echo "AOE-MP w $i $a $(cut -d' ' -f1 /proc/uptime)"
		else
			echo "AOE-MP err $i $a $(cut -d' ' -f1 /proc/uptime)"
		fi
		# each target MAC's taint (0: in use; > 0: the driver finds it silent), when it changes
		tl=$(awk '/^[0-9a-f]+:/ { m = substr($0, 1, 12) } /taint:/ { sub(/.*:/, ""); printf "%s=%s ", m, $0 }' /sys/kernel/debug/aoe/e0.1)
		[ "$tl" = "$prev" ] || echo "AOE-MP taint $(cut -d' ' -f1 /proc/uptime) $tl"
		prev=$tl
		i=$((i + 1))
		sleep 1
	done
	sync
	echo "AOE-MP debugfs:"
	sed 's/^/AOE-MP | /' /sys/kernel/debug/aoe/e0.1
	/usr/lib/aoe-boot/aoe-watch --paths | sed 's/^/AOE-MP paths | /'
	fact "netif_end=$(cat /sys/block/etherd!e0.1/netif)"
	echo "AOE-MP done $i"
fi
MP
sed -i "s/MPFILES/$MPFILES/" "$dir/etc/aoe-facts.d/multipath.sh"
img=$AOE_WORK/multipath.img
disk_image "$img" 1 96 "$dir" || h_die "image"
vblade_start "$ns" 0 1 srv0 "$img" || h_die "vblade on segment A"
vblade_start "$ns" 0 1 srv1 "$img" || h_die "vblade on segment B"
initrd=$(e2e_initrd systemd)
E2E_NS=$ns

log=$AOE_WORK/multipath.log
mon=$AOE_WORK/multipath.mon
S=12	# s after the first write: the first failure (B's NIC gets its first carrier at 2 s)
secs=$((S + 4 * (DOWN + UP) + 2))
e2e_boot_bg "$log" $((secs + 300)) "root=/dev/etherd/e0.1p1 rw rd.shell=0 rd.aoe.mac=$smac0,$smac1 aoe.mp.secs=$secs${AOE_MP_EXTRA:+ $AOE_MP_EXTRA}" \
	"$initrd" --nic tap0 --nic tap1 --monitor "$mon" --link-off 1
e2e_wait_log "$log" "AOE-MP start" 300 || h_log "the guest never started writing"
t0=$(h_now)
g0=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "start" { print $3; exit }')
events=() marks=()
# at T WHAT CMD...: T s after the first write, run CMD; note WHAT, when,
# and the guest's last write then
at() {
	local t=$1 what=$2
	shift 2
	sleep "$(awk -v t="$t" -v n="$(h_since "$t0")" 'BEGIN { d = t - n; print (d > 0 ? d : 0) }')"
	"$@" || h_log "$what: failed"
	events+=("$(h_since "$t0") s: $what")
	marks+=("$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "w" { i = $3 } END { print i + 0 }')")
	h_log "${events[-1]} (the guest's last write: ${marks[-1]})"
}
c=$((DOWN + UP))
late=''
if [ -n "${E2E_SEEN_AT:-}" ]; then
	at 2 "B: NIC carrier on, its first" qemu_link "$mon" 1 on
	late=${events[0]%% s:*} events=() marks=()
	at $S "A: server port down" ip -n "$ns" link set port0 down
	at $((S + DOWN)) "A: server port up" ip -n "$ns" link set port0 up
	at $((S + c)) "B: server port down" ip -n "$ns" link set port1 down
	at $((S + c + DOWN)) "B: server port up" ip -n "$ns" link set port1 up
	at $((S + 2 * c)) "A: NIC carrier off" qemu_link "$mon" 0 off
	at $((S + 2 * c + DOWN)) "A: NIC carrier on" qemu_link "$mon" 0 on
	at $((S + 3 * c)) "B: NIC carrier off" qemu_link "$mon" 1 off
	at $((S + 3 * c + DOWN)) "B: NIC carrier on" qemu_link "$mon" 1 on
fi
e2e_boot_wait

e2e_root_reached "the root is reached" "$log"
e2e_expect "aoe-up puts B's NIC, without carrier, on the driver's list too" "$log" \
	"aoe-up: aoe interfaces: (${IF0},${IF1}|${IF1},${IF0}) \\(NICs without carrier join when they get it\\)\$"
e2e_expect "aoe-up sets aoe_deadsecs for the two target MACs" "$log" \
	"aoe-up: e0\\.1 has 2 target MACs: aoe_deadsecs=86400, so that the driver moves I/O off a silent one"
check "the driver's aoe_deadsecs is 86400 on the root" "" test "$(log_fact "$log" deadsecs)" = 86400
nif=$(log_fact "$log" netif_end)
check "the driver reaches e0.1 through both NICs at the end ($nif)" "" \
	test "$nif" = "${IF0},${IF1}" -o "$nif" = "${IF1},${IF0}"

# B's first carrier, after the root is up: the watcher discovers at once,
# and B's target MAC is in use (taint 0) within LATE_MAX s (without the
# watcher the driver's own query comes every 60 s)
LATE_MAX=5
e2e_expect "B's first carrier: the watcher discovers at once" "$log" \
	"aoe-boot: ${IF1} has carrier now: asking the AoE targets on it \\(discover\\)"
gl=$(awk -v g="${g0:-0}" -v h="${late:-0}" 'BEGIN { print g + h }')
d=$(log_text "$log" | awk -v g="$gl" -v m="${smac1//:/}" '$1 == "AOE-MP" && $2 == "taint" && $3 >= g {
	for (i = 4; i <= NF; i++) if ($i == m "=0") { printf "%.1f\n", $3 - g; exit } }')
e2e_figure "multipath: B's first carrier: its path in use after (s)" "${d:-never}"
check "B's first carrier: B's target is in use ${d:-never} s later (< $LATE_MAX s), before A fails" \
	"$(log_grep "$log" 'AOE-MP taint' | head -5)" awk -v d="${d:-x}" -v u="$LATE_MAX" 'BEGIN { exit !(d != "x" && d < u) }'

writes=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "w"' | wc -l)
errs=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "err"' | wc -l)
check "every write completes without an error ($writes written, $errs errors)" "$(log_grep "$log" 'AOE-MP err' | head -5)" \
	test "$errs" = 0 -a "$writes" -ge $((secs / 3))
check "the guest wrote to the end (AOE-MP done)" "" log_has "$log" "AOE-MP done"
# each failure happened while the guest wrote, and writes went on through it
k=0
for ((e = 0; e < 8; e += 2)); do
	if [ ${#marks[@]} -gt $((e + 1)) ] && [ $((marks[e + 1] - marks[e])) -ge 3 ]; then
		k=$((k + 1))
	else
		h_log "failure ${events[e]:-not done}: the guest's writes ${marks[e]:-?} -> ${marks[e + 1]:-?} until the return"
	fi
done
check "writes go on through each of the 4 failures (3 or more each; $k of 4)" "" test "$k" = 4
# each return: the path is in use again (its taint back to 0) before the
# other path fails; the guest's clock at an event is g0 + its host time
back_ok=0 silent=0
for ((e = 1; e < 8; e += 2)); do
	case ${events[e]:-} in *"A:"*) m=${smac0//:/} ;; *) m=${smac1//:/} ;; esac
	ge=$(awk -v g="${g0:-0}" -v h="${events[e]%% s:*}" 'BEGIN { print g + h }')
	gf=$(awk -v g="${g0:-0}" -v h="${events[e - 1]%% s:*}" 'BEGIN { print g + h }')
	log_text "$log" | awk -v a="$gf" -v b="$ge" -v m="$m" '$1 == "AOE-MP" && $2 == "taint" && $3 >= a && $3 <= b {
		for (i = 4; i <= NF; i++) if (index($i, m "=") == 1 && $i != m "=0") f = 1 } END { exit !f }' &&
		silent=$((silent + 1))
	d=$(log_text "$log" | awk -v g="$ge" -v m="$m" '$1 == "AOE-MP" && $2 == "taint" && $3 >= g {
		for (i = 4; i <= NF; i++) if ($i == m "=0") { printf "%.1f\n", $3 - g; exit } }')
	st=$(log_text "$log" | awk -v a="$gf" -v b="$ge" '$1 == "AOE-MP" && $2 == "w" && $4 >= a - 1.5 && $4 <= b {
		if ($5 - $4 > m) m = $5 - $4 } END { printf "%.1f\n", m }')
	e2e_figure "multipath: ${events[e - 1]#* s: }: stall (s)" "$st"
	e2e_figure "multipath: ${events[e]#* s: }: back in use after (s)" "${d:-never}"
	[ -n "$d" ] && awk -v d="$d" -v u="$UP" 'BEGIN { exit !(d < u) }' && back_ok=$((back_ok + 1))
done
check "the driver marks each failed path silent (taint > 0) while it is down ($silent of 4)" \
	"$(log_grep "$log" 'AOE-MP taint' | head -20)" test "$silent" = 4
check "each returned path is in use again before the other path fails ($back_ok of 4 within $UP s)" \
	"$(log_grep "$log" 'AOE-MP taint' | head -20)" test "$back_ok" = 4
# the longest write, and the one at each failure
worst=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "w" { d = $5 - $4; if (d > m) { m = d; i = $3 } } END { printf "%.1f %d\n", m, i }')
check "no write waits longer than $STALL_MAX s (longest: ${worst% *} s, write ${worst#* })" "" \
	awk -v w="${worst% *}" -v m="$STALL_MAX" 'BEGIN { exit !(w < m) }'
nstall=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "w" && $5 - $4 > 2' | wc -l)
e2e_figure "multipath: writes stalled > 2 s, of $writes (4 failures)" "$nstall"
log_text "$log" | sed -n 's/^AOE-MP | /# debugfs: /p'

# the watcher's lines: each path's failure and return, each NIC's carrier
wl=$(log_text "$log" | grep -o 'aoe-boot: .*')
sa=$(grep -c "e0\.1: the path to $smac0 via .* stopped answering; its I/O goes over the other 1 path(s)" <<< "$wl")
sb=$(grep -c "e0\.1: the path to $smac1 via .* stopped answering; its I/O goes over the other 1 path(s)" <<< "$wl")
ba=$(grep -c "e0\.1: the path to $smac0 via .* is back in use after [0-9]* s" <<< "$wl")
bb=$(grep -c "e0\.1: the path to $smac1 via .* is back in use after [0-9]* s" <<< "$wl")
check "aoe-boot-watch says each path stop answering and come back (A: $sa and $ba, B: $sb and $bb; 2 each)" "$wl" \
	test "$sa:$ba:$sb:$bb" = 2:2:2:2
cl=$(grep -c -e "${IF0} lost carrier: the AoE paths through it are down" -e "${IF1} lost carrier: the AoE paths through it are down" \
	-e "${IF0} has carrier again: asking the AoE targets on it (discover)" -e "${IF1} has carrier again: asking the AoE targets on it (discover)" <<< "$wl")
check "aoe-boot-watch says each NIC's carrier loss and return ($cl of 4 lines)" "$wl" test "$cl" = 4
pl=$(log_text "$log" | sed -n 's/^AOE-MP paths | //p')
paths_ok() { grep -qx "  $smac0 via ${IF0}: in use" <<< "$pl" && grep -qx "  $smac1 via ${IF1}: in use" <<< "$pl"; }
check "aoe-watch --paths: both target MACs in use, each via its NIC" "$pl" paths_ok

# every byte: the files as the image holds them, against what was written
last=$(log_text "$log" | awk '$1 == "AOE-MP" && $2 == "w" { i = $3 } END { print i + 0 }')
part=$AOE_WORK/multipath.p1
start=$(disk_partition_start "$img" 1) && size=$(disk_partition_size "$img" 1) &&
	dd if="$img" of="$part" bs=1M iflag=skip_bytes,count_bytes skip="$start" count="$size" status=none
mkdir -p "$AOE_WORK/mp-out"
bad=0 seen=0
for ((k = last; k > last - MPFILES && k >= 0; k--)); do
	out=$AOE_WORK/mp-out/w$k
	debugfs -R "dump /mp/w$((k % MPFILES)) $out" "$part" > /dev/null 2>&1
	seen=$((seen + 1))
	cmp -s "$out" <(yes "$k" | head -c 1048576) || { bad=$((bad + 1)); h_log "w$((k % MPFILES)) does not hold write $k"; }
done
check "the image holds every byte of the last $seen writes ($bad wrong)" "" test "$bad" = 0 -a "$seen" -gt 0
check_quiet "the image's filesystem is consistent (e2fsck -fn)" e2fsck -fn "$part"
