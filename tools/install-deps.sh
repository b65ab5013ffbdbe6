#!/bin/bash
# Installs the Debian packages that building, testing and the demo need.
# Run as root on Debian 12 (bookworm). Installs only what is missing.
#
# usage: tools/install-deps.sh [--check]
#   --check   list what is missing and exit 1 if anything is, install nothing
set -eu

packages=(
	# build: the static helper (klcc first, musl as fallback)
	gcc make libc6-dev klibc-utils libklibc-dev musl-tools
	# the initramfs and the guest's disk
	dracut-core kmod cpio zstd xz-utils udev systemd busybox-static fdisk e2fsprogs
	# the lab on one machine: target, DHCP/TFTP, PXE, the diskless client
	vblade dnsmasq-base pxelinux syslinux-common ipxe-qemu qemu-system-x86 iproute2
	# UEFI machines (tests/e2e/uefi.sh, aoe-lab init): OVMF with Microsoft's
	# keys, the signed shim and network GRUB, iPXE for UEFI
	ovmf shim-signed grub-efi-amd64-signed ipxe
	# UEFI sanboot: an EFI system partition (FAT) in the AoE disk image (tests/e2e/sanboot-uefi.sh)
	dosfstools mtools grub-efi-amd64-bin
	# the lab test pings the booted machine (tests/e2e/lab.sh)
	iputils-ping
	# iPXE sanboot: a boot loader inside the AoE disk image
	extlinux
	# checks (clang and its fuzzer runtime: tests/fuzz)
	shellcheck groff-base clang libclang-rt-14-dev
	# fake AoE targets in the netns tests
	python3
	# the Debian package (make deb) and its test: build, lint, readelf
	debhelper dpkg-dev lintian binutils
	# a real Debian 12 root for the client (tests/e2e/debian.sh)
	debootstrap
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2> /dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

if [ "${1-}" = --check ]; then
	[ ${#missing[@]} -eq 0 ] && exit 0
	echo "missing Debian packages: ${missing[*]}"
	exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
