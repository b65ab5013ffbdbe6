#!/bin/bash
# The whole diskless path: the guest's iPXE ROM gets DHCP from dnsmasq, pxelinux
# and its configuration come over TFTP from a tree made by pxelinux/mktftp.sh
# (IPAPPEND 2), pxelinux loads kernel and systemd initrd and appends BOOTIF=,
# and the initrd finds e0.1p1 on the NIC BOOTIF names. A second NIC on an empty
# tap must be left alone: BOOTIF, not "every NIC", chose the interface.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e PXE boot with BOOTIF"

e2e_lan pxe 1500
tap_create "$E2E_NS" tap1 1500 || h_die "second tap"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$(e2e_disk 1)" || h_die "vblade"
initrd=$(e2e_initrd systemd)
tftp=$AOE_WORK/tftp
e2e_tftp "$tftp" "$initrd" --append "panic=-1 rd.shell=0" || h_die "mktftp.sh"
dnsmasq_start "$E2E_NS" "$E2E_TAP" "$tftp" || h_die "dnsmasq"

mac=$(qemu_mac 0)
bootif=01-${mac//:/-}
log=$AOE_WORK/pxe.log
e2e_pxe_boot "$log" 420 --nic "$E2E_TAP" --nic tap1
e2e_root_reached "PXE: pxelinux boots kernel+initrd onto /dev/etherd/e0.1p1" "$log"
check "PXE: dnsmasq served pxelinux.0 over TFTP" "" grep -q 'sent .*pxelinux.0' "$DNSMASQ_LOG"
cmdline=$(log_fact "$log" cmdline | head -n1)
case " $cmdline " in
*" BOOTIF=$bootif "*) pass "PXE: IPAPPEND 2 put BOOTIF=$bootif on the kernel command line" ;;
*) fail "PXE: IPAPPEND 2 put BOOTIF=$bootif on the kernel command line" "cmdline: ${cmdline:-none}" ;;
esac
case " $cmdline " in
*" root=/dev/etherd/e0.1p1 "*) pass "PXE: the mktftp.sh default entry's root= reached the kernel" ;;
*) fail "PXE: the mktftp.sh default entry's root= reached the kernel" "cmdline: ${cmdline:-none}" ;;
esac
# the guest names its NICs eth0 (BOOTIF's) and eth1 in the initrd
e2e_expect "PXE: aoe-up restricted aoe to the BOOTIF NIC only" "$log" \
	"aoe-up: aoe interfaces: ${IF0}\$"
e2e_expect_none "PXE: aoe-up never touched the second NIC" "$log" "aoe-up: .*${IF1}"
e2e_expect "PXE: found e0.1p1 via the BOOTIF NIC" "$log" \
	"aoe-up: found e0\\.1p1: target [0-9a-f:]{17} via ${IF0},"
check "PXE: the root is the AoE partition" "" test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e0.1p1
e2e_figure "PXE boot wall time, power on -> off (s)" "$QEMU_WALL_S"
e2e_figure "initrd size sent over TFTP (bytes)" "$(stat -c %s "$initrd")"
e2e_boot_figures "$log" e0.1
