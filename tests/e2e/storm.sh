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
storm_lan storm "$n" || h_die "storm lan"
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
# the image's version 1: the overlay test root, the test kernel and initrd
v1=$AOE_LAB_STATE/images/room/1
mkdir -p "$v1" || h_die "version directory"
overlay_image "$v1/root.img" || h_die "overlay image"
{ cp "$KERNEL_VMLINUZ" "$v1/vmlinuz" && cp "$(e2e_initrd shell)" "$v1/initrd.img"; } || h_die "kernel and initrd"
sum=$(sha256sum < "$v1/root.img")
printf '%s\n' '[image room]' 'shelf = 0' >> "$AOE_LAB_CONF"
t0=$(h_now)
for i in $(seq "$n"); do
	lab client add "$(storm_mac "$i")" --name "room$i" --append "console=ttyS0 panic=-1 rd.shell=0 aoe.test.mark=c$i"
done
lab image publish room
e2e_figure "aoe-lab: $n client add + image publish (s)" "$(h_since "$t0")"
check "aoe-lab: one export for the room, read-only" "" \
	test "$(cat "$SYSTEMCTL_RUN/commands")" = "/usr/sbin/vblade -r 0 1 br0 $v1/root.img"

STORM_FW=([n]=secure)
storm_boot "$n" "$AOE_WORK/storm" 600 --pxe - 512
e2e_expect "storm client $n: a UEFI PC, Secure Boot enforced, booted through shim and GRUB under proxy DHCP" \
	"$AOE_WORK/storm-$n.log" 'secureboot: Secure boot enabled'

# entry_seen LOG I: the kernel ran with machine I's own entry
entry_seen() {
	log_grep "$1" "Command line: .* root=/dev/etherd/e0\\.1p1 ro rd\\.aoe\\.overlay=tmpfs rd\\.aoe\\.mac=[0-9a-f:]{17} systemd\\.hostname=room$2 " > /dev/null
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
