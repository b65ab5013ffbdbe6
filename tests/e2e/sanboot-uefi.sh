#!/bin/bash
# iPXE's sanboot on UEFI, end to end: OVMF's own PXE gets Debian's iPXE for
# UEFI (snponly.efi) from dnsmasq; iPXE asks DHCP again (user class iPXE)
# and gets pxelinux/ipxe/sanboot.ipxe and its disk as root-path (aoe:e0.1),
# registers the AoE disk as a UEFI block device and starts the disk's own
# removable-media loader, EFI/BOOT/BOOTX64.EFI on its EFI system partition:
# GRUB, which loads the image's own kernel and initramfs from the disk's
# root partition. The kernel command line names only root=UUID=...: aoe-up
# reads the aBFT iPXE put among the ACPI tables
# (/sys/firmware/acpi/tables/aBFT) and reaches the root.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e iPXE sanboot on UEFI with the aBFT from ACPI"

if [ ! -s /usr/lib/ipxe/snponly.efi ] || [ ! -s /usr/share/OVMF/OVMF_CODE_4M.fd ]; then
	h_die "Debian's ipxe and ovmf are needed (tools/install-deps.sh)"
fi
e2e_lan sanbootefi 1500
# small: the disk's blocks cross the wire one AoE request at a time
initrd=$(AOE_INITRD_DRIVERS_busybox="aoe virtio_net virtio_pci ext4" e2e_initrd busybox)
uuid=0a0eb007-5a4b-4007-8000-00000000ae02
append="rd.shell=0"
rootdir=$AOE_WORK/root
rootfs_tree "$rootdir" || h_die "root tree"
disk=$AOE_WORK/sanboot.img
efi_disk_image "$disk" "$rootdir" "$KERNEL_VMLINUZ" "$initrd" "$uuid" "$append" || h_die "UEFI disk image"
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"
tftp=$AOE_WORK/tftp
{ mkdir -p "$tftp" && install -m 0644 /usr/lib/ipxe/snponly.efi "$tftp/"; } || h_die "tftp root"
mac=$(qemu_mac 0)
# UEFI firmware gets iPXE; iPXE (option 175) gets the script and the disk, as
# pxelinux/ipxe/dnsmasq-sanboot.conf.example has it
DNSMASQ_EXTRA=("--dhcp-match=set:ipxe,175" "--dhcp-boot=tag:ipxe,sanboot.ipxe")
sanboot_dnsmasq "$E2E_NS" "$E2E_TAP" "$tftp" aoe:e0.1 "$mac" 'tag:!ipxe,snponly.efi' "${DNSMASQ_EXTRA[@]}" || h_die "dnsmasq"

log=$AOE_WORK/sanboot.log
: > "$log"
t0=$(h_now)
e2e_pxe_boot "$log" 600 --uefi plain &
pid=$!
log_marks "$AOE_WORK/marks" "$pid" "san|$log|Booting from SAN device" "linux|$log|Linux version"
wait "$pid"
t_san=$(log_mark "$AOE_WORK/marks" san) t_linux=$(log_mark "$AOE_WORK/marks" linux)

e2e_root_reached "UEFI sanboot: iPXE -> GRUB on the AoE disk's ESP -> the AoE root, no AoE option" "$log"
e2e_expect "UEFI sanboot: iPXE registered the AoE disk" "$log" 'Registered SAN device 0x80'
e2e_expect "UEFI sanboot: the disk's own loader (GRUB on its ESP) ran" "$log" 'efi_disk_image: GRUB on the ESP loads /boot/vmlinuz'
check "UEFI sanboot: no kernel or initrd crossed TFTP" "" \
	bash -c "! grep -Eq 'sent .*(vmlinuz|initrd)' '$DNSMASQ_LOG'"
cmdline=$(log_fact "$log" cmdline | head -n1)
case " $cmdline " in
*rd.aoe* | *etherd* | *aoe:* | *BOOTIF*) fail "UEFI sanboot: the command line names no AoE disk or NIC" "cmdline: $cmdline" ;;
*" root=UUID=$uuid "*) pass "UEFI sanboot: the command line names no AoE disk or NIC" ;;
*) fail "UEFI sanboot: the command line names no AoE disk or NIC" "cmdline: ${cmdline:-none}" ;;
esac
e2e_expect "UEFI sanboot: aoe-up took disk and NIC from the aBFT (ACPI table)" "$log" \
	"aoe-up: aBFT: e0\.1 via the NIC with MAC $mac"
e2e_expect "UEFI sanboot: aoe-up found e0.1 on that NIC (q35 names it enp0s1)" "$log" "aoe-up: found e0\\.1: target [0-9a-f:]{17} via enp0s1,"
e2e_expect "UEFI sanboot: the root mounted is the AoE disk's partition 2" "$log" 'EXT4-fs \(etherd!e0\.1p2\): mounted'
e2e_figure "UEFI sanboot: power on -> booting the SAN disk (s)" "$(h_delta "$t0" "$t_san")"
e2e_figure "UEFI sanboot: SAN boot -> kernel running (GRUB loads over AoE, s)" "$(h_delta "$t_san" "$t_linux")"
e2e_figure "UEFI sanboot: kernel+initrd loaded over AoE (bytes)" \
	"$(($(stat -c %s "$KERNEL_VMLINUZ") + $(stat -c %s "$initrd")))"
e2e_figure "UEFI sanboot: power on -> off (s)" "$(h_delta "$t0" "$(h_now)")"
e2e_figure "UEFI sanboot: guest uptime at the real root (s)" "$(log_fact "$log" uptime | head -n1 || echo n/a)"
