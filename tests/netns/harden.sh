#!/bin/bash
# Hotplug and a hung modprobe: NIC slots freed by removal are reused (a NIC
# added after 16 add/remove cycles is still taken on), and a modprobe that
# hangs is killed at the deadline. The aoe driver is faked (--prefix).
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-harden
tmp=$(mktemp -d)
root=$tmp/root
fake_root "$root"

# 18 cycles of adding and removing x0 while aoe-up waits for it.
nsx "$AOE_UP" -v --no-probe -P "$root" -i x0 -t 60 -c 50 e0.1p1 > "$tmp/out" 2>&1 &
pid=$!
sleep 0.3
for _ in $(seq 18); do
	nsx ip link add x0 type veth peer name y0
	nsx ip link set y0 up
	for _ in $(seq 20); do	# until aoe-up has taken it on
		[ "$(grep -c 'x0: chosen' "$tmp/out")" -gt "${seen:-0}" ] && break
		sleep 0.05
	done
	seen=$(grep -c 'x0: chosen' "$tmp/out")
	nsx ip link del x0
	sleep 0.1
done
kill "$pid"; wait "$pid" 2> /dev/null
out=$(cat "$tmp/out")
check "hotplug: x0 taken on in each of 18 cycles" "$(grep -c 'x0: chosen' <<< "$out") times: $out" \
	[ "$(grep -c 'x0: chosen' <<< "$out")" -eq 18 ]

# A modprobe that hangs: killed at the deadline, and said so.
rm -rf "$root/sys/module/aoe"
mkdir -p "$root/sbin"
printf '#!/bin/sh\nexec sleep 31.7\n' > "$root/sbin/modprobe"
chmod +x "$root/sbin/modprobe"
veth_pair v0 v1
nsx ip link set v1 up
start=$(now_ms)
out=$(timeout 20 ip netns exec "$NS" "$AOE_UP" --no-probe -P "$root" -i v0 -t 2 -c 1 e0.1p1 2>&1)
took=$(( $(now_ms) - start ))
check "hung modprobe: aoe-up ends at its 2 s deadline" "took $took ms: $out" [ "$took" -lt 3000 ]
check "hung modprobe: says it was killed" "$out" \
	grep -qx 'aoe-up: modprobe aoe aoe_iflist=v0: still running at the deadline; killed it' <<< "$out"
# shellcheck disable=SC2317 # called through check
none_left() { ! pgrep -f '^sleep 31.7$' > /dev/null; }
check "hung modprobe: no modprobe left" "$(pgrep -fa 'sleep 31.7')" none_left
finish
