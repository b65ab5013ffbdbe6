#!/bin/bash
# shellcheck disable=SC2016 # sh -c scripts, literal on purpose
# Boot storm, a room run by aoe-lab: N machines (AOE_STORM_N, default 4)
# recorded with `aoe-lab client add` (a tmpfs layer each) PXE-boot one
# read-only image version at the same moment, published by `aoe-lab image
# publish` (one vblade -r, the unit's command run by tests/lib/systemctl-ns)
# with the entries aoe-lab wrote; dnsmasq from `aoe-lab init --dhcp proxy`:
# the LAN's own DHCP server (another host on the bridge) hands out the
# addresses, aoe-lab's proxy DHCP only the boot file. The last machine is
# a UEFI PC with Secure Boot enforced (shim, GRUB): the LAN's server names
# the lab server as next-server, which GRUB needs (lab guide A6). All must reach
# their root; each writes a marker no other one sees; each has its own
# machine-id; the exported image is byte-identical afterwards.
# Two paths (issue 20): the room has a second segment (br1), named in the
# record by `aoe-lab init --paths br1` (the lab guide's command), and every machine a
# second NIC there, named with its first in append's rd.aoe.if=. aoe-lab
# exports the version on both segments (two vblade -r processes); the
# entries pin both server MACs. Each machine reads its disk (O_DIRECT, 1 MiB
# at a time) while the lab NIC's vblade is stopped for DOWN s and started
# again (systemctl stop/start of its unit): every read returns the image's
# bytes, reads go on over br1, none waits longer than STALL_MAX s (the
# driver's floor, tests/e2e/multipath.sh), and the driver takes the returned
# path again within UP s.
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/overlay.sh
. "$(dirname "$0")/../lib/overlay.sh"
# shellcheck source=tests/lib/pxe.sh
. "$(dirname "$0")/../lib/pxe.sh"
e2e_init "e2e boot storm through aoe-lab"

n=${AOE_STORM_N:-4}
case $n in '' | *[!0-9]* | 0 | 1) h_die "AOE_STORM_N=$n: expected 2 or more" ;; esac
DOWN=18 UP=14 STALL_MAX=16
READ=48	# s each machine reads: the spread of their roots (~3 s), 3 s, DOWN and UP
storm_lan storm "$n" paths || h_die "storm lan"
tftp=$AOE_WORK/tftp
export AOE_LAB_CONF=$AOE_WORK/lab.conf AOE_LAB_STATE=$AOE_WORK/lab-state AOE_LAB_RUN=$AOE_WORK/lab-run AOE_UP=$E2E_MOD/aoe-up
lab_server "$STORM_NS"
lab() { out=$(ip netns exec "$STORM_NS" "$AOE_REPO/lab/aoe-lab" "$@" 2>&1) || h_die "aoe-lab $*: $out"; }
ip -n "$STORM_NS" addr replace "$AOE_NET_PREFIX.1/24" dev br0 || h_die "server address"
# the LAN's DHCP server: another host, addresses only, no boot file
dns=$(netns_name storm-dhcp)
netns_create "$dns" || h_die "the DHCP server's netns"
{ ip -n "$STORM_NS" link add d1 type veth peer name d0 netns "$dns" && bridge_add "$STORM_NS" br0 d1 &&
	ip -n "$dns" addr add "$AOE_NET_PREFIX.2/24" dev d0 && ip -n "$dns" link set d0 up; } || h_die "the DHCP server's link"
ip netns exec "$dns" dnsmasq --no-daemon --conf-file=/dev/null --user=root --group=root --port=0 --bind-interfaces \
	--interface=d0 --pid-file= --dhcp-leasefile="$AOE_WORK/lan.leases" --dhcp-authoritative \
	--dhcp-range="$AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199,255.255.255.0,1h" --log-dhcp --log-facility=- \
	--dhcp-boot=",,$AOE_NET_PREFIX.1" < /dev/null > "$AOE_WORK/lan-dhcp.log" 2>&1 &
harness_track_pid $!
lab init --nic br0 --tftp "$tftp" --dhcp proxy
check "aoe-lab init --dhcp proxy: says that UEFI machines' GRUB needs next-server on the LAN's DHCP server" "$out" \
	grep -qx "note: dhcp=proxy, uefi=shim: UEFI machines' GRUB takes its TFTP server from the LAN's DHCP server only: set next-server $AOE_NET_PREFIX.1 there (or use dhcp=full, or uefi=ipxe with Secure Boot off)" <<< "$out"
check "aoe-lab init --dhcp proxy: proxy DHCP on the lab NIC's network, pxelinux as its PXE service" "" \
	grep -qx "dhcp-range=$AOE_NET_PREFIX.1,proxy" "$AOE_LAB_DNSMASQ_CONF"
# the lab guide's command (section 11): the second segment's NIC
lab init --paths br1
check "aoe-lab init --paths br1: the second segment's NIC in the record" "$out" \
	grep -qx "written: $AOE_LAB_CONF (\[lab\] paths = br1)" <<< "$out"
# the image's version 1: the overlay test root, the test kernel and initrd
v1=$AOE_LAB_STATE/images/room/1
mkdir -p "$v1" || h_die "version directory"
overlay_image "$v1/root.img" || h_die "overlay image"
{ cp "$KERNEL_VMLINUZ" "$v1/vmlinuz" && cp "$(e2e_initrd shell)" "$v1/initrd.img"; } || h_die "kernel and initrd"
sum=$(sha256sum < "$v1/root.img")
printf '%s\n' '[image room]' 'shelf = 0' >> "$AOE_LAB_CONF"
t0=$(h_now)
for i in $(seq "$n"); do
	lab client add "$(storm_mac "$i")" --name "room$i" \
		--append "console=ttyS0 panic=-1 rd.shell=0 aoe.test.mark=c$i aoe.test.read=$READ rd.aoe.if=$(storm_mac "$i"),$(storm_mac "$i" 2)"
done
lab image publish room
e2e_figure "aoe-lab: $n client add + image publish (s)" "$(h_since "$t0")"
check "aoe-lab: the room's version exported read-only on br0 and again on br1 (paths=)" "$(cat "$SYSTEMCTL_RUN/commands")" \
	test "$(cat "$SYSTEMCTL_RUN/commands")" = "/usr/sbin/vblade -r 0 1 br0 $v1/root.img
/usr/sbin/vblade -r 0 1 br1 $v1/root.img"
lab status
check "aoe-lab status: the second export's row (no machine up yet)" "$out" grep -Eq "^room\.1\.path-br1 +e0\.1 +active +-$" <<< "$out"
mac0=$(ip -n "$STORM_NS" -br link show br0 | awk '{ print $3 }')
mac1=$(ip -n "$STORM_NS" -br link show br1 | awk '{ print $3 }')

# outage: once every machine reads, stop the lab NIC's export for DOWN s
# and start it again, as an admin would (systemctl stop/start); write each
# machine's guest clock at the stop (its last read's end: reads then take
# well under a second) and the host seconds to the start, to $AOE_WORK/outage
outage() {
	local i k t u g=()
	for ((t = 0; t < 3000; t++)); do
		k=0
		for i in $(seq "$n"); do log_has "$AOE_WORK/storm-$i.log" "AOE-RD start" 2> /dev/null && k=$((k + 1)); done
		[ "$k" = "$n" ] && break
		sleep 0.2
	done
	[ "$k" = "$n" ] || { echo "never ($k of $n read)" > "$AOE_WORK/outage"; return 1; }
	# what aoe-lab status hears on both segments while they read (3 s)
	ip netns exec "$STORM_NS" "$AOE_REPO/lab/aoe-lab" status --seconds 3 > "$AOE_WORK/status-reading" 2>&1
	echo "rc=$?" >> "$AOE_WORK/status-reading"
	for i in $(seq "$n"); do
		g+=("$(log_text "$AOE_WORK/storm-$i.log" | awk '$1 == "AOE-RD" && $2 == "r" { e = $6 } END { print e + 0 }')")
	done
	t=$(h_now)
	ip netns exec "$STORM_NS" "$AOE_LAB_SYSTEMCTL" stop aoe-lab-export@room.1.service
	sleep "$DOWN"
	# the seconds to the start are taken before it: the guest's clock at
	# the start (its clock at the stop + these) is then never late (the
	# start itself takes 0.3 s or more, and a path back before the
	# reckoned start would be missed)
	u=$(h_since "$t")
	ip netns exec "$STORM_NS" "$AOE_LAB_SYSTEMCTL" start aoe-lab-export@room.1.service
	echo "$u ${g[*]}" > "$AOE_WORK/outage"
}
outage &
opid=$!
STORM_FW=([n]=secure) STORM_PATHS=1
storm_boot "$n" "$AOE_WORK/storm" 600 --pxe - 512
wait "$opid"
read -r held gdown < "$AOE_WORK/outage"
check "storm: one vblade stopped and started while every machine read ($held s)" "" test "$held" != never
read -r -a gdown <<< "$gdown"
st=$(cat "$AOE_WORK/status-reading" 2> /dev/null)
room=$(seq "$n" | sed 's/^/room/' | paste -sd' ')
rows() { grep -Eqx "room\.1 +e0\.1 +active +$room" <<< "$st" && grep -Eqx "room\.1\.path-br1 +e0\.1 +active +$room" <<< "$st" && grep -qx rc=0 <<< "$st"; }
check "aoe-lab status while they read: every machine on br0's export and on br1's, no problem" "$st" rows
# the image's 1 MiB blocks' md5, as the machines read them
declare -A md5
for b in $(seq 0 63); do md5[$b]=$(dd if="$v1/root.img" bs=1M skip="$b" count=1 status=none | md5sum | cut -d' ' -f1); done
e2e_expect "storm client $n: a UEFI PC, Secure Boot enforced, booted through shim and GRUB under proxy DHCP" \
	"$AOE_WORK/storm-$n.log" 'secureboot: Secure boot enabled'

# entry_seen LOG I: the kernel ran with machine I's own entry, both server MACs pinned
entry_seen() {
	log_grep "$1" "Command line: .* root=/dev/etherd/e0\\.1p1 ro rd\\.aoe\\.overlay=tmpfs rd\\.aoe\\.mac=$mac0,$mac1 systemd\\.hostname=room$2 " > /dev/null
}
# reads LOG I GDOWN: machine I's reads through the outage (its guest clock
# GDOWN at the stop, GDOWN + held at the start)
reads() {
	local log=$1 i=$2 gd=$3 gu r bad nr worst during back b sum m=${mac0//:/}
	gu=$(awk -v a="$gd" -v h="$held" 'BEGIN { print a + h }')
	# whole lines only: a kernel line on the console may cut one
	r=$(log_text "$log" | awk '$1 == "AOE-RD" && $2 == "r" && NF == 7 && $7 ~ /^[0-9a-f]+$/ && length($7) == 32')
	nr=$(printf '%s\n' "$r" | grep -c .)
	bad=0
	while read -r _ _ _ b _ _ sum; do [ "$sum" = "${md5[$b]}" ] || bad=$((bad + 1)); done <<< "$r"
	check "storm client $i: every read returned the image's bytes ($nr reads, $bad wrong)" "" \
		sh -c '[ "$1" = 0 ] && [ "$2" -ge $(($3 / 3)) ] && grep -q "AOE-RD done" "$4"' sh "$bad" "$nr" "$READ" "$log"
	during=$(printf '%s\n' "$r" | awk -v a="$gd" -v b="$gu" '$6 > a + 12 && $6 <= b' | wc -l)
	worst=$(printf '%s\n' "$r" | awk '{ d = $6 - $5; if (d > m) m = d } END { printf "%.1f\n", m }')
	check "storm client $i: reads go on over br1 while br0's vblade is stopped ($during after the failover), none longer than $STALL_MAX s (${worst} s)" "" \
		awk -v n="$during" -v w="$worst" -v m="$STALL_MAX" 'BEGIN { exit !(n >= 3 && w < m) }'
	back=$(log_text "$log" | awk -v a="$gd" -v b="$gu" -v m="$m" '$1 == "AOE-RD" && $2 == "taint" {
		for (k = 4; k <= NF; k++) if (index($k, m "=") == 1) { if ($k != m "=0" && $3 >= a && $3 <= b + 1) s = 1; else if (s && $k == m "=0" && $3 >= b) { printf "%.1f\n", $3 - b; exit } } }')
	e2e_figure "storm client $i: longest read, br0's vblade stopped (s)" "$worst"
	e2e_figure "storm client $i: br0 back in use after its start (s)" "${back:-never}"
	check "storm client $i: the driver finds br0's target silent, and takes it again after its start (${back:-never} s < $UP)" \
		"the stop at $gd, the start at $gu (guest clock; br0 ${mac0//:/}); $(log_text "$log" | awk -v a="$gd" -v b="$gu" '$1 == "AOE-RD" && ($2 == "taint" || ($2 == "r" && $6 >= a - 2 && $5 <= b + 3))' | head -40)" awk -v d="${back:-x}" -v u="$UP" 'BEGIN { exit !(d != "x" && d < u) }'
}
ids=()
for i in $(seq "$n"); do
	log=$AOE_WORK/storm-$i.log
	e2e_root_reached "storm client $i/$n reached its root" "$log"
	check "storm client $i: its own aoe-lab entry (its name, the tmpfs layer, the pin)" "" entry_seen "$log" "$i"
	if [ "$(log_fact "$log" wrote | head -n1)" = "c$i" ] && [ "$(log_fact "$log" rootfs | head -n1)" = overlay ]; then
		pass "storm client $i: wrote its marker on its overlay"
	else
		fail "storm client $i: wrote its marker on its overlay" "facts: $(log_facts "$log" | grep -E '^(rootfs|wrote)=' | tr '\n' ' ')"
	fi
	if log_has "$log" AOE-ROOT-OK && ! log_fact "$log" marker > /dev/null; then
		pass "storm client $i: sees no other client's marker"
	else
		fail "storm client $i: sees no other client's marker" "$(log_fact "$log" marker | tr '\n' ' ')"
	fi
	ids+=("$(log_fact "$log" machine_id | head -n1)")
	nif=$(log_fact "$log" netif | head -n1)
	check "storm client $i: the driver reaches e0.1 through both its NICs ($nif)" "" grep -Eqx 'e0\.1:[a-z0-9]+,[a-z0-9]+' <<< "$nif"
	reads "$log" "$i" "${gdown[$((i - 1))]:-0}"
	e2e_figure "storm client $i: PXE launch -> root (host s)" "${STORM_ROOT_AT[$i]:-n/a}"
	e2e_figure "storm client $i: guest uptime at the root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"
done
uniq_ids=$(printf '%s\n' "${ids[@]}" | grep -Ex '[0-9a-f]{32}' | sort -u | wc -l)
check "storm: $n distinct machine-ids ($uniq_ids)" "" test "$uniq_ids" = "$n"
check "storm: the shared image is byte-identical afterwards" "" test "$(sha256sum < "$v1/root.img")" = "$sum"
check "storm: the LAN's DHCP server gave the $n addresses" "" test "$(wc -l < "$AOE_WORK/lan.leases")" -ge "$n"
check "storm: aoe-lab's proxy DHCP gave the boot (and no address)" "" \
	sh -c 'grep -q "proxy" "$1" && ! grep -q "DHCPACK" "$1"' sh "$SYSTEMCTL_RUN/dnsmasq.log"
e2e_figure "storm: $n guests through aoe-lab, PXE launch -> last guest off (s)" "$STORM_WALL_S"
