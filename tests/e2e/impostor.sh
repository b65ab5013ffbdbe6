#!/bin/bash
# Impostors on the root's segment: vblades that export the same e0.1 as the
# real target, from other MACs. The aoe driver would use every MAC that
# answers; rd.aoe.mac= must keep it on the real one, at boot and afterwards.
#
# guest eth0 -- tap0 --[br0]-- sw0 ~ tgt0  real vblade (02:00:00:00:00:01), the root image
#                         +--- sia0 ~ impa0  impostor A (02:00:00:00:00:66), at boot
#                         +--- sib0 ~ impb0  impostor B (02:00:00:00:00:77), started late
#                         +--- sic0 ~ impc0  impostor C (02:00:00:00:00:88): answers behind
#                                            VLAN tags (802.1ad VID 0, then 802.1Q VID 7), at boot
#                         +--- siw0 ~ wit0   witness: nothing on it
# The bridge sends a port only broadcasts, floods and frames for the MACs
# behind it: what an impostor receives beyond the witness is addressed to it
# (the driver using it). The root is mounted read-only.
#
# 1. pinned (rd.aoe.mac=<real>), impostor A (a zeroed image) running from the
#    start: it is refused at boot; impostor B (zeroed) starts once the root is
#    mounted; impostor C (tests/netns/aoe_responder.py, zeros for data)
#    answers every query from the start behind two stacked tags, which the
#    kernel strips on the way to the driver (an 802.1ad outer tag: QEMU's
#    virtio-net drops 802.1Q frames whose VID the guest did not ask for,
#    as NICs with a VLAN filter do, but not 802.1ad ones); the guest then triggers a
#    discovery and reads the whole disk: the data is the real image's, no
#    impostor got a frame addressed to it, A's and B's images are unchanged.
# 2. unpinned, impostor A exporting a copy of the real image: the boot goes
#    on, with a warning naming both MACs; A gets frames (the check above can fail).
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e impostor"

real=02:00:00:00:00:01 impa=02:00:00:00:00:66 impb=02:00:00:00:00:77 impc=02:00:00:00:00:88

# The test root: the usual busybox tree plus a fact script for this test.
tree=$AOE_WORK/imptree
rootfs_tree "$tree" || h_die "root tree"
cat > "$tree/etc/aoe-facts.d/impostor.sh" << 'EOF'
# impostor test (sourced by the test root's init)
if hasarg aoe.test.late; then
	echo "AOE-START-IMPOSTOR"
	sleep 8                               # the host starts impostor B now
	echo > /dev/etherd/discover           # every exporter of e0.1 answers
	sleep 3
	fact "discover_after_late=done"
fi
echo 3 > /proc/sys/vm/drop_caches
fact "disk_md5=$(md5sum /dev/etherd/e0.1 | cut -d' ' -f1)"
if mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null && [ -r /sys/kernel/debug/aoe/e0.1 ]; then
	fact "aoe_targets=$(sed -n 's/^\([0-9a-f]\{12\}\):.*/\1/p' /sys/kernel/debug/aoe/e0.1 | tr '\n' ' ')"
fi
EOF
disk=$AOE_WORK/real.img
disk_image "$disk" 1 64 "$tree" || h_die "root image"
size=$(stat -c %s "$disk")
initrd=$(e2e_initrd systemd)

e2e_lan impostor 1500
# no IPv6: each port's own multicasts would skew the per-port frame counts
ip netns exec "$E2E_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 ||
	h_die "sysctl"
bridge_create "$E2E_NS" br0 1500 || h_die "bridge"
bridge_add "$E2E_NS" br0 "$E2E_TAP" || h_die "bridge port"
for p in "sw0 tgt0 $real" "sia0 impa0 $impa" "sib0 impb0 $impb" "sic0 impc0 $impc" \
	"siw0 wit0 02:00:00:00:00:99"; do
	read -r port end mac <<< "$p"
	veth_create "$E2E_NS" "$port" "$end" 1500 || h_die "veth $end"
	ip -n "$E2E_NS" link set dev "$end" address "$mac" || h_die "mac $end"
	bridge_add "$E2E_NS" br0 "$port" || h_die "port $port"
done

# rx IF: frames IF has received.
rx() { ip -n "$E2E_NS" -s -j link show dev "$1" | sed -E 's/.*"rx":\{[^}]*"packets":([0-9]+).*/\1/'; }
# tx IF: frames IF has sent.
tx() { ip -n "$E2E_NS" -s -j link show dev "$1" | sed -E 's/.*"tx":\{[^}]*"packets":([0-9]+).*/\1/'; }
# base IF: frames IF has received beyond the witness, now. A vblade
# broadcasts an announcement when it starts, which its own port does not get
# back: wait for it before taking the base.
base() { sleep 1; echo $(($(rx "$1") - $(rx wit0))); }
# addressed IF BASE: frames IF received beyond the witness since BASE (those sent to its MAC).
addressed() { echo $(($(rx "$1") - $(rx wit0) - $2)); }

# ---- 1. pinned ---------------------------------------------------------------
vblade_start "$E2E_NS" 0 1 tgt0 "$disk" || h_die "vblade"
real_pid=$VBLADE_PID
truncate -s "$size" "$AOE_WORK/impa.img" "$AOE_WORK/impb.img"
zero_md5=$(md5sum < "$AOE_WORK/impa.img" | cut -d' ' -f1)
vblade_start "$E2E_NS" 0 1 impa0 "$AOE_WORK/impa.img" || h_die "impostor A"
impa_pid=$VBLADE_PID
base_a=$(base impa0)
ip netns exec "$E2E_NS" python3 "$AOE_REPO/tests/netns/aoe_responder.py" impc0 good 88a8:0,8100:7 \
	> "$AOE_WORK/impc.log" 2>&1 &
impc_pid=$!
harness_track_pid "$impc_pid"
base_c=$(base impc0)

log=$AOE_WORK/pinned.log
e2e_boot_bg "$log" 300 "root=/dev/etherd/e0.1p1 ro fsck.mode=skip rd.shell=0 rd.aoe.mac=$real aoe.test.late" "$initrd"
if e2e_wait_log "$log" AOE-START-IMPOSTOR 240; then
	vblade_start "$E2E_NS" 0 1 impb0 "$AOE_WORK/impb.img" || h_die "impostor B"
	impb_pid=$VBLADE_PID
	base_b=$(base impb0)
	pass "pinned: the root is mounted; impostor B starts now"
else
	impb_pid='' base_b=0
	fail "pinned: the root is mounted" "no AOE-START-IMPOSTOR (log below)"
	e2e_show_log "$log"
fi
e2e_boot_wait
e2e_root_reached "pinned: the root is reached" "$log"
e2e_expect "pinned: aoe-up puts the pin on ${IF0}" "$log" \
	"aoe-up: ${IF0}: rd\.aoe\.mac=$real: AoE frames from other MACs are dropped"
e2e_expect "pinned: impostor A refused at boot, naming both MACs" "$log" \
	"aoe-up: e0\.1: refused the answer from $impa via ${IF0}: rd\.aoe\.mac=$real pins the target"
e2e_expect "pinned: found on the real target" "$log" "aoe-up: found e0\.1p1: target $real via ${IF0},"
e2e_expect_none "pinned: no unpinned warning" "$log" 'aoe-up: warning:'
# the real image as the host has it after the boot (the root is read-only;
# an fsck at boot, before the guest's read, could still write it)
real_md5=$(md5sum < "$disk" | cut -d' ' -f1)
check "pinned: the guest read the whole disk after impostor B came, and it is the real image" "" \
	test "$(log_fact "$log" disk_md5 | head -n1)" = "$real_md5"
check "pinned: the guest did rediscover with impostor B running" "" \
	test "$(log_fact "$log" discover_after_late | head -n1)" = "done"
targets=$(log_fact "$log" aoe_targets | head -n1)
if [ -n "$targets" ]; then
	check "pinned: the driver knows only the real target (debugfs: $targets)" "" \
		test "$targets" = "${real//:/} "
fi
a=$(addressed impa0 "$base_a") b=$(addressed impb0 "$base_b") c=$(addressed impc0 "$base_c")
e2e_figure "pinned: frames addressed to impostor A, B, C (tagged)" "$a, $b, $c"
check "pinned: impostor A got no frame addressed to it ($a)" "" test "$a" -eq 0
check "pinned: impostor B got no frame addressed to it ($b)" "" test "$b" -eq 0
check "pinned: tagged impostor C got no frame addressed to it ($c)" "" test "$c" -eq 0
c=$(tx impc0)
check "pinned: tagged impostor C did answer ($c frames sent)" "$(cat "$AOE_WORK/impc.log")" test "$c" -gt 0
check "pinned: impostor images unchanged" "" test \
	"$(md5sum < "$AOE_WORK/impa.img" | cut -d' ' -f1) $(md5sum < "$AOE_WORK/impb.img" | cut -d' ' -f1)" = "$zero_md5 $zero_md5"
h_kill "$impa_pid"
h_kill "$impc_pid"
[ -n "$impb_pid" ] && h_kill "$impb_pid"

# ---- 2. unpinned ---------------------------------------------------------------
cp --sparse=always "$disk" "$AOE_WORK/impa-copy.img"
vblade_start "$E2E_NS" 0 1 impa0 "$AOE_WORK/impa-copy.img" || h_die "impostor A (copy)"
impa_pid=$VBLADE_PID
base_a=$(base impa0)
log=$AOE_WORK/unpinned.log
e2e_boot "$log" 300 "root=/dev/etherd/e0.1p1 ro fsck.mode=skip rd.shell=0" "$initrd"
e2e_root_reached "unpinned: the root is reached" "$log"
e2e_expect "unpinned: a warning names both MACs" "$log" \
	"aoe-up: warning: e0\.1 answered by ($real and $impa|$impa and $real) \(via ${IF0}\): the aoe driver uses both; pin the right one\(s\) with rd\.aoe\.mac="
a=$(addressed impa0 "$base_a")
e2e_figure "unpinned: frames addressed to impostor A" "$a"
check "unpinned: the driver did use impostor A ($a frames addressed to it)" "" test "$a" -gt 0
targets=$(log_fact "$log" aoe_targets | head -n1)
if [ -n "$targets" ]; then
	check "unpinned: the driver knows impostor A as a target (debugfs: $targets)" "" \
		grep -q "${impa//:/}" <<< "$targets"
fi
h_kill "$impa_pid"
h_kill "$real_pid"
