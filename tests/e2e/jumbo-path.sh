#!/bin/bash
# A switch that carries only 1500-byte frames between two MTU 9000 ends: the
# driver would choose 8704-byte frames (the target advertises 17 sectors and
# the guest NIC runs at 9000), discovery and IDENTIFY still fit small frames,
# and every data frame would be lost until aoe_deadsecs (the partition scan
# hangs: the driver resends a lost frame unchanged). aoe-up's path probe must
# see that before the driver gets the NIC and lower the NIC to 1500.
# With an explicit rd.aoe.mtu=9000 it must not touch the MTU but warn, naming
# the option as typed.
#
# guest eth0 -- tap0 (9000) --[br0]-- sw0 (1500) ~veth~ tgt0 (9000) -- vblade
# A bridge drops frames larger than the egress port's MTU: sw0 is the switch.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e jumbo path"

initrd=$(e2e_initrd systemd)
disk=$(e2e_disk 1)
e2e_lan jpath 9000
bridge_create "$E2E_NS" br0 9000 || h_die "bridge"
bridge_add "$E2E_NS" br0 "$E2E_TAP" || h_die "bridge port"
veth_create "$E2E_NS" sw0 tgt0 9000 || h_die "veth"
link_mtu "$E2E_NS" sw0 1500 || h_die "switch port mtu"
bridge_add "$E2E_NS" br0 sw0 || h_die "switch port"
vblade_start "$E2E_NS" 0 1 tgt0 "$disk" || h_die "vblade"

# 1. --mtu=auto (the default): the probe lowers the MTU and the root is reached.
log=$AOE_WORK/jpath-auto.log
e2e_boot "$log" 120 "root=/dev/etherd/e0.1p1 rd.shell=0" "$initrd"
e2e_root_reached "jumbo path: the root is reached" "$log"
e2e_expect "jumbo path: the probe reports the lost jumbo frames and the fallback" "$log" \
	"aoe-up: e0\\.1: [0-9]+-byte frames are lost on the path via ${IF0}; MTU set to 1500 \\(payload 1024\\)"
e2e_expect "jumbo path: the driver says 1024-byte frames" "$log" \
	'aoe: e0\.1: setting 1024 byte data frames'
check "jumbo path: sysfs payload at the root is 1024" "" \
	test "$(log_fact "$log" payload | head -n1)" = "e0.1:1024"
check "jumbo path: the guest NIC runs at 1500" "" \
	grep -qx "${IF0}:1500" <(log_fact "$log" mtu)
e2e_boot_figures "$log" e0.1

# 2. rd.aoe.mtu=9000: the MTU stays, a warning names the option; I/O then hangs.
log=$AOE_WORK/jpath-9000.log
e2e_boot_until "$log" 90 'aoe-up: e0\.1: .*frames are lost' \
	"root=/dev/etherd/e0.1p1 rd.shell=0 rd.aoe.mtu=9000" "$initrd"
e2e_expect "rd.aoe.mtu=9000: the warning names rd.aoe.mtu=9000" "$log" \
	"aoe-up: e0\\.1: [0-9]+-byte frames are lost on the path via ${IF0}; rd\\.aoe\\.mtu=9000 keeps them"
e2e_expect_none "rd.aoe.mtu=9000: the MTU is not changed" "$log" 'MTU set to'
h_kill "$VBLADE_PID"
