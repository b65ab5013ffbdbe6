#!/bin/bash
# UEFI machines from the same lab server setup that boots BIOS machines
# (tests/e2e/pxe.sh): `aoe-lab init` puts pxelinux, Debian's signed shim
# and network GRUB in the TFTP root and has dnsmasq choose the loader by
# the client's architecture (DHCP option 93); `aoe-lab image publish`
# writes each machine's pxelinux, GRUB and iPXE entries with one command
# line. Boot 1: OVMF with Secure Boot enforced and only Microsoft's keys
# enrolled (Debian's ovmf), its own PXE: shim (signed by Microsoft), GRUB
# and the kernel (signed by Debian), our initramfs over TFTP, the AoE root.
# Then `aoe-lab init --uefi ipxe --http 80`: boot 2, OVMF without Secure
# Boot, Debian's iPXE (snponly.efi), its entry over TFTP, the kernel and
# initramfs over HTTP from busybox's httpd (aoe-lab-http.service).
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e UEFI network boot: Secure Boot (shim, GRUB), iPXE over HTTP"

for f in /usr/share/OVMF/OVMF_CODE_4M.secboot.fd /usr/share/OVMF/OVMF_VARS_4M.ms.fd /usr/lib/shim/shimx64.efi.signed \
	/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed /usr/lib/ipxe/snponly.efi; do
	[ -s "$f" ] || h_die "$f: not there (tools/install-deps.sh installs ovmf, shim-signed, grub-efi-amd64-signed, ipxe)"
done
e2e_lan uefi 1500
initrd=$(e2e_initrd systemd)
mac=$(qemu_mac 0)
entry=01-${mac//:/-}
srv=$AOE_NET_PREFIX.1
lab_one uefi "$mac" 'console=ttyS0 panic=-1 rd.shell=0' || h_die "the lab"
tftp=$LAB_TFTP v1=$LAB_V1
lab() { ip netns exec "$E2E_NS" "$AOE_REPO/lab/aoe-lab" --config "$AOE_WORK/lab.conf" "$@" 2>&1; }
out=$(lab init)
check_eq "aoe-lab init: BIOS and UEFI loaders in the TFTP root (Debian's pxelinux, signed shim and GRUB)" \
	"$(grep -E 'written: .*(\.0|\.c32|\.efi|grub\.cfg) ' <<< "$out")" \
	"written: $tftp/pxelinux.0 (from $AOE_PXELINUX)
written: $tftp/ldlinux.c32 (from $AOE_LDLINUX)
written: $tftp/bootx64.efi (from /usr/lib/shim/shimx64.efi.signed)
written: $tftp/grubx64.efi (from /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed)
written: $tftp/grub/grub.cfg (from aoe-lab)"
DNSMASQ_LOG=$SYSTEMCTL_RUN/dnsmasq.log
[ -s "$SYSTEMCTL_RUN/dnsmasq.pid" ] || h_die "dnsmasq did not start: $out"
lab_one_version1 "$initrd" || h_die "image lab version 1"
out=$(lab image publish lab)
check "aoe-lab image publish: version 1 exported, its entries switched in" "$out" \
	grep -qx "switched: $tftp/pxelinux.cfg -> generation 1 (1 machine(s))" <<< "$out"
want="root=/dev/etherd/e0.1p1 rw rd.aoe.mac=$(ip netns exec "$E2E_NS" cat "/sys/class/net/$E2E_TAP/address") systemd.hostname=uefi console=ttyS0 panic=-1 rd.shell=0"

# uefi_boot NAME FIRMWARE: PXE-boot the machine on OVMF (plain|secure), or
# SeaBIOS and its iPXE ROM (bios), milestones in $AOE_WORK/marks-NAME;
# sets LOG, MARKS.
uefi_boot() {
	local wpid fw=()
	LOG=$AOE_WORK/$1.log MARKS=$AOE_WORK/marks-$1
	[ "$2" = bios ] || fw=(--uefi "$2")
	: > "$LOG"
	: > "$DNSMASQ_LOG"
	log_marks "$MARKS" "" "loader|$DNSMASQ_LOG|sent .*/((bootx64|snponly)\\.efi|pxelinux\\.0) " \
		"entry|$DNSMASQ_LOG|sent .*pxelinux\\.cfg/$entry(\\.grub|\\.ipxe)? " \
		"tftp-done|$DNSMASQ_LOG|sent .*/initrd\\.img " "http-done|$LOG|initrd\\.img\\.\\.\\..* ok" \
		"kernel|$LOG|Linux version " "root|$LOG|AOE-ROOT-OK" &
	wpid=$!
	MARK0=$(h_now)
	e2e_pxe_boot "$LOG" 600 "${fw[@]}"
	sleep 0.3
	h_kill "$wpid"
}

# uefi_cmdline NAME: the kernel got the machine's one command line.
uefi_cmdline() {
	local c
	c=$(log_fact "$LOG" cmdline | head -n1)
	case " $c " in
	*" $want BOOTIF=$entry "*) pass "$1: the machine's command line reached the kernel, as pxelinux's entry has it, BOOTIF= too" ;;
	*) fail "$1: the machine's command line reached the kernel, as pxelinux's entry has it, BOOTIF= too" "cmdline: ${c:-none}" ;;
	esac
}

# uefi_figures NAME: power-on to root; the kernel and initramfs fetch: from
# the entry sent to the initramfs sent (dnsmasq, TFTP) or fetched (iPXE's
# "initrd.img... ok", HTTP); the entry to the kernel's first line.
uefi_figures() {
	local k r e d
	e=$(log_mark "$MARKS" entry) k=$(log_mark "$MARKS" kernel) r=$(log_mark "$MARKS" root)
	d=$(log_mark "$MARKS" http-done || log_mark "$MARKS" tftp-done)
	e2e_figure "$1: power on -> AoE root (s)" "$([ -n "$r" ] && h_delta "$MARK0" "$r" 1 || echo n/a)"
	e2e_figure "$1: kernel+initrd fetched (s)" "$([ -n "$e" ] && [ -n "$d" ] && h_delta "$e" "$d" 1 || echo n/a)"
	e2e_figure "$1: entry -> kernel running (s)" "$([ -n "$e" ] && [ -n "$k" ] && h_delta "$e" "$k" 1 || echo n/a)"
	e2e_boot_figures "$LOG" e0.1
}

uefi_boot secure secure
e2e_root_reached "UEFI + Secure Boot: shim -> GRUB -> signed kernel -> our initramfs -> /dev/etherd/e0.1p1" "$LOG"
e2e_expect "UEFI + Secure Boot: the kernel says Secure Boot is enforced" "$LOG" "secureboot: Secure boot enabled"
check "UEFI + Secure Boot: dnsmasq chose shim for the UEFI client (bootx64.efi), then GRUB (grubx64.efi)" "" \
	grep -q 'sent .*/grubx64.efi ' "$DNSMASQ_LOG"
check "UEFI + Secure Boot: GRUB read grub/grub.cfg, then the machine's own entry through the pxelinux.cfg symlink" "" \
	grep -q "sent .*/pxelinux.cfg/$entry.grub " "$DNSMASQ_LOG"
check "UEFI + Secure Boot: ... and its generation's kernel and initrd, over TFTP" "" \
	grep -qE 'sent .*aoe-lab/1/lab-1/(vmlinuz|initrd.img) ' "$DNSMASQ_LOG"
uefi_cmdline "UEFI + Secure Boot"
uefi_figures "UEFI + Secure Boot, TFTP"

out=$(lab init --uefi ipxe --http 80)
check_eq "aoe-lab init --uefi ipxe --http 80: iPXE, dnsmasq, the HTTP unit, the entries rewritten" \
	"$(grep -v -e '^unchanged' -e "^written: $AOE_WORK/lab.conf " <<< "$out")" \
	"written: $tftp/snponly.efi (from /usr/lib/ipxe/snponly.efi)
written: $tftp/aoe-lab.ipxe (from aoe-lab)
written: $AOE_LAB_DNSMASQ_CONF
restarted: dnsmasq.service
started: aoe-lab-http.service (http://$srv:80/)
switched: $tftp/pxelinux.cfg -> generation 2 (1 machine(s))"
check_eq "aoe-lab init --uefi ipxe --http 80: GRUB's entry stays on TFTP (Debian's signed GRUB has no HTTP)" \
	"$(grep -c '^linux /aoe-lab/2/lab-1/vmlinuz ' "$tftp/pxelinux.cfg/$entry.grub"):$(grep -c '^kernel http://' "$tftp/pxelinux.cfg/$entry.ipxe")" "1:1"
check_eq "aoe-lab-http.service: busybox's httpd, read-only, as nobody, on the lab NIC's address" \
	"$(tail -n1 "$SYSTEMCTL_RUN/commands")" "/bin/busybox httpd -f -vv -c /dev/null -u nobody:nogroup -p $srv:80 -h $tftp"
uefi_boot ipxe plain
e2e_root_reached "UEFI + iPXE: snponly.efi -> entry -> kernel and initramfs over HTTP -> /dev/etherd/e0.1p1" "$LOG"
check "UEFI + iPXE: dnsmasq chose iPXE for the UEFI client, then aoe-lab.ipxe for iPXE (user class)" "" \
	grep -q 'sent .*/aoe-lab.ipxe ' "$DNSMASQ_LOG"
check "UEFI + iPXE: ... the machine's own iPXE entry over TFTP" "" grep -q "sent .*/pxelinux.cfg/$entry.ipxe " "$DNSMASQ_LOG"
httplog=$SYSTEMCTL_RUN/http.log
check_eq "UEFI + iPXE: the kernel and initramfs came over HTTP (busybox httpd's log), not TFTP" \
	"$(grep -oE 'url:/aoe-lab/2/lab-1/[a-z.]+' "$httplog" | sort -u | paste -sd, -):$(grep -cE 'sent .*aoe-lab/2/' "$DNSMASQ_LOG")" \
	"url:/aoe-lab/2/lab-1/initrd.img,url:/aoe-lab/2/lab-1/vmlinuz:0"
uefi_cmdline "UEFI + iPXE"
uefi_figures "UEFI + iPXE, HTTP"
e2e_figure "initrd size (bytes)" "$(stat -c %s "$initrd")"


# make bench (AOE_UEFI_BENCH=1): figures only, more boots from the same lab:
# BIOS PXE (pxelinux), UEFI PXE through shim and GRUB with Secure Boot off,
# then version 2 with the small busybox initramfs (the size of a host-only
# one) over TFTP (GRUB) and over HTTP (iPXE), against the generic one above
if [ "${AOE_UEFI_BENCH:-0}" = 1 ]; then
	uefi_boot bios bios
	uefi_figures "BIOS, pxelinux, TFTP"
	lab init --uefi shim > /dev/null
	uefi_boot plain-tftp plain
	uefi_figures "UEFI, no Secure Boot, TFTP"
	small=$(AOE_INITRD_DRIVERS_busybox="aoe virtio_net virtio_pci ext4" e2e_initrd busybox)
	v2=$AOE_LAB_STATE/images/lab/2
	if ! { mkdir -p "$v2" && cp --sparse=always "$v1/root.img" "$v2/root.img" && cp "$KERNEL_VMLINUZ" "$v2/vmlinuz" &&
		install -m 0644 "$small" "$v2/initrd.img" && lab image publish lab 2 > /dev/null; }; then
		h_die "version 2"
	fi
	e2e_figure "small initrd size (bytes)" "$(stat -c %s "$small")"
	uefi_boot small-tftp plain
	uefi_figures "UEFI, small initrd, TFTP"
	lab init --uefi ipxe > /dev/null
	uefi_boot small-http plain
	uefi_figures "UEFI, small initrd, HTTP"
fi
