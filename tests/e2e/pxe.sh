#!/bin/bash
# The whole diskless path, from the lab tool's output: `aoe-lab init`
# writes dnsmasq's file (DHCP and TFTP; dnsmasq started from it by
# tests/lib/systemctl-ns) and puts pxelinux in the TFTP root; `aoe-lab image
# publish` exports the image's version 1 as e0.1 (its export unit's vblade
# command, run in the lab's namespace by tests/lib/systemctl-ns, systemd's
# stand-in) and writes the machines' boot entries from a lab record (lab/,
# one machine on image "lab") as a generation behind the pxelinux.cfg
# symlink. The guest's iPXE ROM gets DHCP from dnsmasq, pxelinux comes over
# TFTP, then the guest's own entry; pxelinux loads that generation's kernel
# and systemd initrd and appends BOOTIF= (IPAPPEND 2), and the initrd finds
# e0.1p1 on the NIC BOOTIF names, pinned to the lab NIC's MAC. A second NIC
# on an empty tap must be left alone: BOOTIF, not "every NIC", chose the
# interface. (A second version, its boot while the first stays exported,
# and the rollback: tests/e2e/lab.sh, on a Debian root aoe-lab made.)
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e PXE boot with BOOTIF"

e2e_lan pxe 1500
tap_create "$E2E_NS" tap1 1500 || h_die "second tap"
initrd=$(e2e_initrd systemd)
mac=$(qemu_mac 0)
bootif=01-${mac//:/-}
# the lab: the server's address on the lab NIC, its record (tests/lib/pxe.sh);
# aoe-lab init prepares the server (dnsmasq's file, the loaders)
lab_one pxe "$mac" 'console=ttyS0 panic=-1 rd.shell=0' 'mtu = 1500' || h_die "the lab"
tftp=$LAB_TFTP v1=$LAB_V1
# in the lab's namespace: the lab NIC (and its MAC, the pin) is there
out=$(ip netns exec "$E2E_NS" "$AOE_REPO/lab/aoe-lab" --config "$AOE_WORK/lab.conf" init 2>&1)
check_eq "aoe-lab init: directories, pxelinux's files, the MTU, dnsmasq's file, dnsmasq started" "$out" \
	"created: $AOE_LAB_STATE/images
created: $AOE_LAB_STATE/exports
created: $AOE_LAB_STATE/layers
created: $tftp
written: $tftp/pxelinux.0 (from $AOE_PXELINUX)
written: $tftp/ldlinux.c32 (from $AOE_LDLINUX)
written: $tftp/bootx64.efi (from /usr/lib/shim/shimx64.efi.signed)
written: $tftp/grubx64.efi (from /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed)
written: $tftp/grub/grub.cfg (from aoe-lab)
unchanged: $E2E_TAP mtu 1500
written: $AOE_LAB_DNSMASQ_CONF
restarted: dnsmasq.service"
DNSMASQ_LOG=$SYSTEMCTL_RUN/dnsmasq.log
[ -s "$SYSTEMCTL_RUN/dnsmasq.pid" ] || h_die "dnsmasq did not start"
lab_one_version1 "$initrd" || h_die "image lab version 1"
out=$(ip netns exec "$E2E_NS" "$AOE_REPO/lab/aoe-lab" --config "$AOE_WORK/lab.conf" image publish lab 2>&1)
check_eq "aoe-lab image publish: version 1 exported to its one machine, recorded, its entry switched in" "$out" \
	"started: aoe-lab-export@lab.1 (e0.1 $v1/root.img, read-write, only $mac)
published: image lab version 1
switched: $tftp/pxelinux.cfg -> generation 1 (1 machine(s))"
check_eq "aoe-lab image publish: the export unit's vblade command (layer=none: synced, only that machine)" \
	"$(cat "$SYSTEMCTL_RUN/commands" 2> /dev/null)" "/usr/sbin/vblade -s -m $mac 0 1 $E2E_TAP $v1/root.img"
check "aoe-lab image publish: published = 1 in the record" "" grep -qx 'published = 1' "$AOE_WORK/lab.conf"
[ -s "$SYSTEMCTL_RUN/commands" ] || h_die "no export: the boot cannot reach its root"
tapmac=$(ip netns exec "$E2E_NS" cat "/sys/class/net/$E2E_TAP/address")
log=$AOE_WORK/pxe.log
e2e_pxe_boot "$log" 420 --nic "$E2E_TAP" --nic tap1
e2e_root_reached "PXE: pxelinux boots kernel+initrd onto /dev/etherd/e0.1p1" "$log"
check "PXE: dnsmasq served pxelinux.0 over TFTP" "" grep -q 'sent .*pxelinux.0' "$DNSMASQ_LOG"
check "PXE: ... the machine's own entry through the pxelinux.cfg symlink" "" grep -q "sent .*pxelinux.cfg/$bootif" "$DNSMASQ_LOG"
# dnsmasq's log has missed a "sent" line on a busy machine: the kernel's or
# the initrd's line, and the tree holds no other kernel or initrd to boot
check "PXE: ... and its generation's kernel and initrd" "" grep -qE 'sent .*aoe-lab/1/lab-1/(vmlinuz|initrd.img) ' "$DNSMASQ_LOG"
check_eq "PXE: ... the only kernel and initrd in the TFTP tree" \
	"$(cd "$tftp" && find . -type f \( -name 'vmlinuz*' -o -name 'initrd*' \) | sort | paste -sd, -)" \
	"./aoe-lab/1/lab-1/initrd.img,./aoe-lab/1/lab-1/vmlinuz"
cmdline=$(log_fact "$log" cmdline | head -n1)
case " $cmdline " in
*" BOOTIF=$bootif "*) pass "PXE: IPAPPEND 2 put BOOTIF=$bootif on the kernel command line" ;;
*) fail "PXE: IPAPPEND 2 put BOOTIF=$bootif on the kernel command line" "cmdline: ${cmdline:-none}" ;;
esac
case " $cmdline " in
*" root=/dev/etherd/e0.1p1 rw rd.aoe.mac=$tapmac systemd.hostname=pxe console=ttyS0 panic=-1 rd.shell=0 "*)
	pass "PXE: the aoe-lab entry's command line reached the kernel (image lab version 1, the pin)" ;;
*) fail "PXE: the aoe-lab entry's command line reached the kernel (image lab version 1, the pin)" "cmdline: ${cmdline:-none}" ;;
esac
e2e_expect "PXE: aoe-up puts the pin on the BOOTIF NIC" "$log" \
	"aoe-up: ${IF0}: rd\\.aoe\\.mac=$tapmac: AoE frames from other MACs are dropped"
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

