#!/bin/bash
# module-setup.sh's decisions as a table: when dracut includes the module,
# what it depends on (never the network module), and which kernel modules it
# installs in generic, host-only and aoe_nic_drivers builds, and what a
# host-only image records on its command line (from a fake sysfs). dracut's helper
# functions are replaced by recorders; the e2e tests run the real dracut.
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

# ms FUNCTION [VAR=VALUE...]: run FUNCTION of module-setup.sh in a fresh bash
# with the given dracut variables; print its output, what it installed and
# its return code, on one line.
ms() {
	local fn=$1
	shift
	# shellcheck disable=SC2016 # the script expands in the inner bash
	env -i PATH="$PATH" T="$tmp" "$@" bash -c '
		moddir=${moddir:-$T/mod}
		derror() { :; }
		dwarn() { echo "[dwarn: $*]"; }
		instmods() { echo "instmods[hostonly=${hostonly-}] $*"; }
		get_dev_module() { echo "drv-of-${1##*/}"; }
		for_each_host_dev_and_slaves() { return "${HOST_DEV_RC:-1}"; }
		. modules.d/50aoe/module-setup.sh
		[ -n "${HOST_NICS+x}" ] && aoe_host_nics() { printf "%s\n" $HOST_NICS; }
		'"$fn"' > "$T/out"; rc=$?
		echo "$(tr "\n" ";" < "$T/out")rc=$rc"'
}


# $tmp/mod: the module as make install lays it out (a stand-in helper binary);
# $tmp/nohelper: the source tree's layout, without the built helper.
mkdir -p "$tmp/mod" "$tmp/nohelper" "$tmp/base/modules.d/99initqueue" "$tmp/base059/modules.d/99base"
cp modules.d/50aoe/*.sh "$tmp/mod/"
cp modules.d/50aoe/*.sh "$tmp/nohelper/"
# the stand-in finds an aBFT (iPXE sanboot) only when STUB_ABFT_RC=0
# shellcheck disable=SC2016 # expands in the stand-in
printf '#!/bin/sh\n[ "$1" = --show-abft ] && exit "${STUB_ABFT_RC:-1}"\nexit 0\n' > "$tmp/mod/aoe-up"
chmod +x "$tmp/mod/aoe-up"

# --- check(): 0 include, 1 cannot, 255 only when asked (dracut --add aoe) ----
#  case                                  variables                         result
c() { check_eq "check() $1" "$(ms check "${@:3}")" "$2"; }
# mountinfo: the root on sda1 (8:1), or on the AoE partition (152:1)
mkdir -p "$tmp/sys/block/etherd!e0.1/etherd!e0.1p1" "$tmp/sys/block/sda/sda1" "$tmp/sys/dev/block"
ln -s '../../block/etherd!e0.1/etherd!e0.1p1' "$tmp/sys/dev/block/152:1"
ln -s ../../block/sda/sda1 "$tmp/sys/dev/block/8:1"
printf '22 1 8:1 / / rw - ext4 /dev/sda1 rw\n25 22 0:22 / /run rw - tmpfs tmpfs rw\n' > "$tmp/mi-local"
printf '22 1 152:1 / / rw - ext4 /dev/etherd/e0.1p1 rw\n25 22 0:22 / /run rw - tmpfs tmpfs rw\n' > "$tmp/mi-aoe"
printf '22 1 0:30 / / rw - overlay overlay rw\n23 22 152:1 / /run/aoe/lower ro - ext4 /dev/etherd/e0.1p1 ro\n' > "$tmp/mi-ov"
mi_local=(aoe_mountinfo="$tmp/mi-local" aoe_sysfs="$tmp/sys")
c "generic build: only when asked"       "rc=255"  "${mi_local[@]}"
c "generic build on a client running from AoE (kernel update)" "rc=0" aoe_mountinfo="$tmp/mi-aoe" aoe_sysfs="$tmp/sys"
c "generic build on an overlay over an AoE image" "rc=0" aoe_mountinfo="$tmp/mi-ov" aoe_sysfs="$tmp/sys"
c "host-only, the mount table shows AoE" "rc=0"    hostonly=yes HOST_DEV_RC=1 aoe_mountinfo="$tmp/mi-aoe" aoe_sysfs="$tmp/sys"
c "host-only, root not on AoE"           "rc=255"  hostonly=yes HOST_DEV_RC=1 "${mi_local[@]}"
c "host-only, root on AoE"               "rc=0"    hostonly=yes HOST_DEV_RC=0 "${mi_local[@]}"
c "a mount needs AoE"                    "rc=0"    mount_needs=1 HOST_DEV_RC=0 "${mi_local[@]}"
c "host-only, sanbooted (aBFT)"          "rc=0"    hostonly=yes HOST_DEV_RC=1 STUB_ABFT_RC=0 "${mi_local[@]}"
c "generic build, aBFT: only when asked" "rc=255"  STUB_ABFT_RC=0 "${mi_local[@]}"
c "helper not built: cannot"             "rc=1"    moddir="$tmp/nohelper"

# --- depends(): a block root, no network module, initqueue where split --------
d() { check_eq "depends() $1" "$(ms depends "${@:3}")" "$2"; }
d "dracut 059 (initqueue in base)"       "rootfs-block;rc=0"            dracutbasedir="$tmp/base059"
d "dracut-ng 108+ (99initqueue)"         "rootfs-block;initqueue;rc=0"  dracutbasedir="$tmp/base"

# --- installkernel(): aoe always; NIC drivers by mode --------------------------
k() { check_eq "installkernel() $1" "$(ms installkernel "${@:3}")" "$2"; }
k "generic: every wired driver" \
  "instmods[hostonly=] aoe sch_ingress cls_bpf overlay;instmods[hostonly=] =drivers/net/ethernet virtio_net xen-netfront hv_netvsc vmxnet3;rc=0"
k "aoe_nic_drivers: only those, in any mode" \
  "instmods[hostonly=] aoe sch_ingress cls_bpf overlay;instmods[hostonly=] virtio_net e1000;rc=0" \
  aoe_nic_drivers="virtio_net e1000" hostonly=yes
k "host-only: the drivers of the root's NICs" \
  "instmods[hostonly=] aoe sch_ingress cls_bpf overlay;instmods[hostonly=] drv-of-ens3 drv-of-ens4;rc=0" \
  hostonly=yes HOST_NICS="ens3 ens4"
k "host-only, no AoE NIC found: aoe alone" \
  "instmods[hostonly=] aoe sch_ingress cls_bpf overlay;rc=0" hostonly=yes HOST_NICS=""

# --- cmdline(): host-only images record the NICs and the target MACs ------
# fake sysfs: AoE disks, their target MAC (the driver's 12 hex digits) and NIC
sys=$tmp/sys
fake_disk() {	# NAME MAC NETIF
	mkdir -p "$sys/block/etherd!$1" && echo "$2" > "$sys/block/etherd!$1/mac" &&
		echo "$3" > "$sys/block/etherd!$1/netif"
}
fake_nic() { mkdir -p "$sys/class/net/$1" && echo "$2" > "$sys/class/net/$1/address"; }
fake_nic ens3 52:54:00:12:34:56
fake_nic ens4 52:54:00:12:34:57
fake_disk e0.1 5254000000AA ens3
# (cmdline() prints no newline: its words run into "rc=")
l() { check_eq "cmdline() $1" "$(ms cmdline aoe_sysfs="$sys" "${@:3}" | sed 's/rc=/ rc=/')" "$2"; }
l "one disk: its NIC and its target's MAC" \
  " rd.aoe.if=52:54:00:12:34:56 rd.aoe.mac=52:54:00:00:00:aa rc=0"
l "aoe_pin_target=no: no rd.aoe.mac=" \
  " rd.aoe.if=52:54:00:12:34:56 rc=0" aoe_pin_target=no
l "aoe_pin_target=yes: as the default" \
  " rd.aoe.if=52:54:00:12:34:56 rd.aoe.mac=52:54:00:00:00:aa rc=0" aoe_pin_target=yes
mkdir -p "$sys/block/etherd!e0.1/etherd!e0.1p1"
fake_disk e1.0 5254000000bb ens3,ens4
fake_disk e1.1 5254000000aa ens4
fake_disk e2.0 none ens4
l "three disks, two targets, a 'none': each MAC once" \
  " rd.aoe.if=52:54:00:12:34:56,52:54:00:12:34:57 rd.aoe.mac=52:54:00:00:00:aa,52:54:00:00:00:bb rc=0"
for i in 1 2 3 4 5 6 7; do fake_disk "e3.$i" "02000000000$i" ens4; done
l "more than 8 target MACs: none recorded (aoe-up takes 8)" \
  " rd.aoe.if=52:54:00:12:34:56,52:54:00:12:34:57[dwarn: 50aoe: 9 AoE target MACs, more than rd.aoe.mac= takes (8): not pinning]; rc=0"
rm -rf "$sys/block"
l "no AoE disk: nothing" " rc=0"
