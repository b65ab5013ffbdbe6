#!/bin/bash
# (e) NICs chosen by MAC (--if, any case and separator) and by pxelinux BOOTIF.
set -u
# shellcheck source=SCRIPTDIR/lib.bash
. "$(dirname "$0")/lib.bash"
setup netns-by-mac

veth_pair v0 v1
veth_pair w0 w1
nsx ip link set v0 address 02:aa:bb:cc:dd:01
nsx ip link set w0 address 02:aa:bb:cc:dd:02
nsx ip link set v1 up
nsx ip link set w1 up

out=$(nsx "$AOE_UP" -l --if=02-AA-BB-CC-DD-02 2>&1)
rc=$?
check "by mac: --if MAC exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "by mac: --if MAC picks w0 only" "$out" has_not_has '^aoe-up: w0: carrier up' v0 "$out"

out=$(nsx "$AOE_UP" -l BOOTIF=01-02-aa-bb-cc-dd-01 2>&1)
rc=$?
check "by mac: BOOTIF exit 0" "rc $rc: $out" [ "$rc" -eq 0 ]
check "by mac: BOOTIF picks v0 only" "$out" has_not_has '^aoe-up: v0: carrier up' w0 "$out"

out=$(nsx "$AOE_UP" -l rd.aoe.if=w0 BOOTIF=01-02-aa-bb-cc-dd-01 2>&1)
check "by mac: rd.aoe.if wins over BOOTIF" "$out" has_not_has '^aoe-up: w0: carrier up' v0 "$out"

out=$(nsx "$AOE_UP" -l -c 1 BOOTIF=01-02-aa-bb-cc-dd-09 2>&1)
rc=$?
check "by mac: unknown BOOTIF warns and falls back" "$out" grep -qx 'aoe-up: BOOTIF=01-02-aa-bb-cc-dd-09: no interface has this MAC (have: v0, v1, w0, w1); using every Ethernet interface' <<<"$out"
# veths are virtual, so "every Ethernet interface" finds none here
check "by mac: fallback finds no physical NIC, exit 3" "rc $rc: $out" [ "$rc" -eq 3 ]
finish
