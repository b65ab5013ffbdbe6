#!/bin/bash
# aoe-lab status on a real wire: l0 (the lab NIC, its export e1.1 a real
# vblade run from the unit's command by tests/lib/systemctl-ns), c0 (a
# machine of the record reading e1.1) and r0 (another host whose vblade
# answers for e1.1 too) on one bridge. status, with the real
# lab/aoe-lab-listen, names the machine using the export and the other
# host as a problem (exit 3); with the other host gone, no problem (exit 0);
# with the export's vblade gone, its unit is the problem.
# shellcheck disable=SC2016 # sh -c and python scripts, literal on purpose
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-lab-status python3 vblade

nsx ip link add br0 type bridge stp_state 0 forward_delay 0
nsx ip link set br0 up
for p in l c r; do
	nsx ip link add "${p}0" type veth peer name "${p}1"
	nsx ip link set "${p}1" master br0 up
	nsx ip link set "${p}0" up
done
tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2> /dev/null; [ -d "${tmp:-}" ] && for p in "$tmp"/units/*.pid; do kill "$(cat "$p")" 2> /dev/null; done; cleanup' EXIT
mac() { nsx cat "/sys/class/net/$1/address"; }
lmac=$(mac l0) cmac=$(mac c0) rmac=$(mac r0)
truncate -s 64M "$tmp/root.img" "$tmp/other.img"
export AOE_LAB_STATE=$tmp/state AOE_LAB_SYSTEMCTL=$top/tests/lib/systemctl-ns SYSTEMCTL_NS=$NS SYSTEMCTL_RUN=$tmp/units
mkdir -p "$AOE_LAB_STATE/exports"
printf 'SHELF=1\nSLOT=1\nNIC=l0\nFILE=%s\nFLAGS=-r\n' "$tmp/root.img" > "$AOE_LAB_STATE/exports/lab.1.env"
printf '%s\n' '[lab]' 'nic = l0' '[image lab]' 'shelf = 1' 'published = 1' \
	'[client pc1]' "mac = $cmac" 'image = lab' > "$tmp/lab.conf"
"$AOE_LAB_SYSTEMCTL" restart aoe-lab-export@lab.1.service || fail "the lab's export" "vblade did not start"
# the other host's vblade, answering for the lab's e1.1
# (ip netns exec execs vblade: $! is vblade's pid)
ip netns exec "$NS" vblade -r 1 1 r0 "$tmp/other.img" > /dev/null 2>&1 &
pids+=($!)
# the machine: an ATA IDENTIFY for e1.1 to the lab NIC every 0.3 s
ip netns exec "$NS" python3 -c '
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88A2))
s.bind(("c0", 0x88A2))
me = s.getsockname()[4]
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
tag = 1
while True:
    hdr = dst + me + struct.pack(">HBBHBBI", 0x88A2, 0x10, 0, 1, 1, 0, tag)
    s.send(hdr + bytes([0, 0, 1, 0xEC]) + bytes(8))
    tag += 1
    time.sleep(0.3)' "$lmac" &
pids+=($!)
sleep 1
status() { out=$(nsx "$top/lab/aoe-lab" --config "$tmp/lab.conf" status --seconds 2 2>&1); rc=$?; }

status
check_eq "status: the machine using the export, named from the record; another host answering for it: a problem, exit 3" "$rc:$out" \
	"3:$(printf '%-20s %-9s %-9s %s\n' EXPORT TARGET UNIT 'USED BY (2 s)' lab.1 e1.1 active pc1)
problem: e1.1: answered by $rmac too, not by this server's l0 ($lmac): another host exports the lab's target; machines pinned with rd.aoe.mac= ignore it, find and stop it
heard on l0 in 2 s: 1 machine-target pair(s), 1 answer(s); 1 problem(s)"
kill "${pids[0]}"
wait "${pids[0]}" 2> /dev/null
status
check_eq "status: the other host gone: no problem, exit 0" "$rc:$(tail -n1 <<< "$out")" \
	"0:heard on l0 in 2 s: 1 machine-target pair(s), 0 answer(s); 0 problem(s)"
kill "$(cat "$tmp/units/lab.1.pid")"
sleep 0.3
status
check "status: the export's vblade gone: its unit is the problem, exit 3" "$rc:$out" \
	sh -c '[ "$1" = 3 ] && printf "%s\n" "$2" | grep -qx "problem: aoe-lab-export@lab.1 (e1.1) is not active; its machines cannot reach it (journalctl -u aoe-lab-export@lab.1)"' sh "$rc" "$out"
finish
