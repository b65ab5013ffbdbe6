#!/bin/bash
# Handing the AoE NICs to the real root's network manager, over a fake sysfs:
# which NICs carry AoE disks (aoe_disk_nics), the per-boot NetworkManager
# default (aoe_nm_keep), and the package's ifupdown pieces (dhclient's MTU
# hook, the ifdown guard of ifupdown's units), run by dash.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sysfs NAME DISK=NETIF... [-- IF=MTU...]: a fake /sys at $tmp/NAME; prints its path.
sysfs() {
	local s=$tmp/$1 a
	shift
	mkdir -p "$s/block" "$s/class/net"
	for a; do
		case $a in
		--) ;;
		*:*) mkdir -p "$s/class/net/${a%%:*}" && echo "${a#*:}" > "$s/class/net/${a%%:*}/mtu" ;;
		*=*) mkdir -p "$s/block/etherd!${a%%=*}" && echo "${a#*=}" > "$s/block/etherd!${a%%=*}/netif" ;;
		esac
	done
	echo "$s"
}

# lib SYSFS CODE: run CODE in dash with aoe-lib.sh sourced (over the
# dracut-lib doubles) and its sysfs at SYSFS.
lib() {
	dash -c "CMDLINE=''; $(dracut_lib_doubles)
. modules.d/50aoe/aoe-lib.sh; aoe_sysfs='$1'; aoe_nmdir='$tmp/nm'; $2"
}

# dhclient SYSFS IF MTU: source the enter hook as dhclient-script does; print the MTU it leaves.
dhclient() {
	# shellcheck disable=SC2016 # expanded by dash
	AOE_BOOT_SYSFS=$1 interface=$2 new_interface_mtu=$3 dash -c \
		'. system/dhclient-enter-hook 2> /dev/null; echo "${new_interface_mtu:-unset}"'
}

# guard SYSFS ARGS...: run ifdown-guard with a recording ifdown; print what
# ifdown got ("ifdown ARGS", or "none").
guard() {
	local s=$1
	shift
	rm -f "$tmp/ifdown.args"
	AOE_BOOT_SYSFS=$s AOE_BOOT_IFDOWN=$tmp/ifdown dash system/ifdown-guard "$@" 2> /dev/null
	if [ -e "$tmp/ifdown.args" ]; then echo "ifdown $(cat "$tmp/ifdown.args")"; else echo none; fi
}
printf '#!/bin/sh\necho "$*" > "%s/ifdown.args"\n' "$tmp" > "$tmp/ifdown"
chmod +x "$tmp/ifdown"

none=$(sysfs none)
one=$(sysfs one e0.1=ens2 -- ens2:9000 ens3:1500)
two=$(sysfs two e0.1=ens2 e0.2=ens2,ens3 -- ens2:9000 ens3:9000)
odd=$(sysfs odd "e0.1=e\$x" -- "e\$x:9000")

check_eq "aoe_disk_nics: no AoE disk" "$(lib "$none" aoe_disk_nics)" ""
check_eq "aoe_disk_nics: one disk" "$(lib "$one" aoe_disk_nics)" "ens2"
check_eq "aoe_disk_nics: two disks, a NIC once" "$(lib "$two" aoe_disk_nics)" "ens2,ens3"
mkdir -p "$one/module/aoe/parameters" "$none/module/aoe/parameters"
echo ens2,ens4 > "$one/module/aoe/parameters/aoe_iflist"
echo ens2,ens4 > "$none/module/aoe/parameters/aoe_iflist"
check_eq "aoe_disk_nics: with a disk, the driver's other NICs too (a path still to join)" "$(lib "$one" aoe_disk_nics)" "ens2,ens4"
check_eq "aoe_disk_nics: the driver's list alone (no disk) is not a hand-off" "$(lib "$none" aoe_disk_nics)" ""
rm -rf "$one/module" "$none/module"

rm -rf "$tmp/nm"
lib "$none" aoe_nm_keep
check "aoe_nm_keep: no AoE disk, no file" "" test ! -e "$tmp/nm/90-aoe-boot.conf"
lib "$two" aoe_nm_keep
check_eq "aoe_nm_keep: a section per NIC of every disk, with the MTU it has" \
	"$(grep -v '^#' "$tmp/nm/90-aoe-boot.conf" | paste -sd' ' -)" \
	"[connection-aoe-boot-1] match-device=interface-name:ens2 ethernet.mtu=9000 [connection-aoe-boot-2] match-device=interface-name:ens3 ethernet.mtu=9000"
lib "$one" aoe_nm_keep
check_eq "aoe_nm_keep: only the AoE disks' NICs" "$(grep -c '^\[' "$tmp/nm/90-aoe-boot.conf"):$(grep '^ethernet.mtu=' "$tmp/nm/90-aoe-boot.conf")" \
	"1:ethernet.mtu=9000"
lib "$odd" aoe_nm_keep
check_eq "aoe_nm_keep: a name with \$ is written inert" "$(grep '^match-device=' "$tmp/nm/90-aoe-boot.conf")" \
	"match-device=interface-name:e?x"

check_eq "dhclient: smaller MTU for an AoE NIC: not applied" "$(dhclient "$one" ens2 1500)" unset
check_eq "dhclient: same MTU for an AoE NIC: applied" "$(dhclient "$one" ens2 9000)" 9000
check_eq "dhclient: bigger MTU for an AoE NIC: applied" "$(dhclient "$two" ens3 9216)" 9216
check_eq "dhclient: a NIC without AoE disks gets the server's MTU" "$(dhclient "$one" ens3 576)" 576
check_eq "dhclient: no AoE disk at all" "$(dhclient "$none" ens2 1500)" 1500
check_eq "dhclient: says why it keeps the MTU" \
	"$(AOE_BOOT_SYSFS=$one interface=ens2 new_interface_mtu=1500 dash -c '. system/dhclient-enter-hook' 2>&1)" \
	"aoe-boot: ens2 carries /dev/etherd/e0.1: keeping its MTU 9000, not the DHCP server's 1500"
check_eq "dhclient: leaves no variable of its own behind" \
	"$(AOE_BOOT_SYSFS=$one interface=ens2 new_interface_mtu=1500 dash -c '. system/dhclient-enter-hook 2>/dev/null; set | grep -c "^aoe_boot_"')" 0

check_eq "ifdown-guard: an AoE NIC is not taken down" "$(guard "$two" ens3)" none
check_eq "ifdown-guard: says which disk it carries" \
	"$(AOE_BOOT_SYSFS=$one AOE_BOOT_IFDOWN=$tmp/ifdown dash system/ifdown-guard ens2 2>&1)" \
	"aoe-boot: not taking ens2 down: it carries the AoE disk /dev/etherd/e0.1"
check_eq "ifdown-guard: another NIC goes down" "$(guard "$one" ens3)" "ifdown ens3"
check_eq "ifdown-guard: no AoE disk at all" "$(guard "$none" ens2)" "ifdown ens2"
check_eq "ifdown-guard -a: AoE NICs excluded" "$(guard "$two" -a --read-environment --exclude=lo)" \
	"ifdown -a --read-environment --exclude=lo --exclude=ens2 --exclude=ens2 --exclude=ens3"
check_eq "ifdown-guard -a: no AoE disk, ifdown -a as asked" "$(guard "$none" -a --exclude=lo)" "ifdown -a --exclude=lo"
check_eq "the unit drop-ins run the guard" \
	"$(grep -h '^ExecStop=/' system/ifup@.service.d/aoe-boot.conf system/networking.service.d/aoe-boot.conf)" \
	"ExecStop=/usr/lib/aoe-boot/ifdown-guard %I
ExecStop=/usr/lib/aoe-boot/ifdown-guard -a --read-environment --exclude=lo"
tap_exit
