# shellcheck shell=bash
# The guest's root: a busybox tree whose /sbin/init reports facts on the console and
# powers off, packed into a partitioned raw disk image without loop mounts.

[ -n "${_AOE_ROOTFS_SH:-}" ] && return 0
_AOE_ROOTFS_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${AOE_BUSYBOX:=/bin/busybox}"   # must be statically linked (busybox-static)

# rootfs_init_script: print the guest /sbin/init (busybox sh) to stdout.
# Console protocol: "AOE-ROOT-OK", then "AOE-FACT name=value" lines, then power off.
rootfs_init_script() {
	cat <<'INIT'
#!/bin/busybox sh
# Test root init: report facts on the console, optionally benchmark, power off.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
[ -r /proc/mounts ] || mount -t proc proc /proc
grep -q ' /sys ' /proc/mounts || mount -t sysfs sysfs /sys
grep -q ' /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
grep -q ' /run ' /proc/mounts || mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp   # the root may be mounted read-only
cmdline=$(cat /proc/cmdline)
fact() { echo "AOE-FACT $1"; }
arg() { # arg NAME: value of NAME=value on the kernel command line (empty if absent)
	for a in $cmdline; do case $a in "$1="*) echo "${a#*=}"; return 0;; esac; done
	return 1
}
hasarg() { for a in $cmdline; do [ "$a" = "$1" ] && return 0; done; return 1; }
poweroff_now() { sync; echo o > /proc/sysrq-trigger; while :; do sleep 1; done; }

echo
echo "=== aoe test root ($(. /etc/os-release; echo "$PRETTY_NAME")) ==="
echo "AOE-ROOT-OK"
fact "uptime=$(cut -d' ' -f1 /proc/uptime)"
fact "root=$(awk '$2 == "/" { d = $1 } END { print d }' /proc/mounts)"
fact "kernel=$(uname -r)"
fact "cmdline=$cmdline"
for d in /sys/block/etherd!*; do
	[ -e "$d/payload" ] || continue
	n=${d##*!}
	fact "payload=$n:$(cat "$d/payload")"
	fact "state=$n:$(cat "$d/state")"
	fact "netif=$n:$(cat "$d/netif")"
done
for i in /sys/class/net/*; do
	n=${i##*/}
	[ "$n" = lo ] && continue
	fact "mtu=$n:$(cat "$i/mtu")"
	fact "mac=$n:$(cat "$i/address")"
	fact "operstate=$n:$(cat "$i/operstate")"
done
# tests may add their own fact scripts to the tree before the image is built
for f in /etc/aoe-facts.d/*.sh; do [ -r "$f" ] && . "$f"; done

if hasarg aoe.demo.shell; then
	echo "AOE-SHELL: interactive shell; exit it to power off"
	setsid cttyhack sh -l
	poweroff_now
fi

if n=$(arg aoe.bench.read) && [ -n "$n" ]; then
	disk=$(arg aoe.bench.disk) || disk=
	if [ -z "$disk" ]; then
		for d in /sys/block/etherd!*; do [ -e "$d" ] && { disk=/dev/etherd/${d##*!}; break; }; done
	fi
	echo 3 > /proc/sys/vm/drop_caches
	t0=$(cut -d' ' -f1 /proc/uptime)
	if dd if="$disk" of=/dev/null bs=1M count="$n" 2>/tmp/dd.err; then
		t1=$(cut -d' ' -f1 /proc/uptime)
		fact "read_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
		fact "read_mib_s=$(awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { d = b - a; if (d <= 0) d = 0.01; printf "%.1f", n / d }')"
	else
		fact "read_error=$(tr '\n' ' ' < /tmp/dd.err)"
	fi
fi
echo "AOE-POWEROFF"
poweroff_now
INIT
}

# rootfs_tree DIR: create the busybox root tree in DIR (busybox + applet links, os-release, init, empty mount points).
rootfs_tree() {
	local dir=$1 l
	file -L "$AOE_BUSYBOX" 2>/dev/null | grep -q 'statically linked' ||
		{ h_log "rootfs_tree: $AOE_BUSYBOX is not a static busybox (install busybox-static)"; return 1; }
	mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc/aoe-facts.d,proc,sys,dev,run,tmp,root,mnt,var} || return 1
	chmod 1777 "$dir/tmp"
	install -m 0755 "$AOE_BUSYBOX" "$dir/bin/busybox" || return 1
	while read -r l; do
		# --list-full names bin/busybox itself (a link there would replace the binary) and sbin/init (ours)
		case $l in bin/busybox | sbin/init) continue ;; esac
		case $l in bin/*) ln -sf busybox "$dir/$l";; *) ln -sf /bin/busybox "$dir/$l";; esac
	done < <("$dir/bin/busybox" --list-full)
	if [ ! -f "$dir/bin/busybox" ] || [ -L "$dir/bin/busybox" ]; then
		h_log "rootfs_tree: bin/busybox clobbered"; return 1
	fi
	rootfs_init_script > "$dir/sbin/init" && chmod 0755 "$dir/sbin/init" || return 1
	cat > "$dir/etc/os-release" <<'OSR'
NAME="aoe-test-root"
ID=aoe-test-root
PRETTY_NAME="aoe-boot test root"
VERSION_ID=1
OSR
	echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
	echo 'root:x:0:' > "$dir/etc/group"
	echo aoe-guest > "$dir/etc/hostname"
	mknod -m 600 "$dir/dev/console" c 5 1 2>/dev/null || true
	mknod -m 666 "$dir/dev/null" c 1 3 2>/dev/null || true
}

# disk_partition_start IMG N: print partition N's start offset in bytes (from sfdisk -d).
disk_partition_start() {
	local img=$1 n=$2 sec
	sec=$(sfdisk -d "$img" 2>/dev/null | awk -v p="${img}${n}" '$1 == p { sub(/,/, "", $4); print $4 }')
	# sfdisk -d: "<img>N : start=   2048, size= ..." → field 4 is the start sector
	[ -n "$sec" ] || return 1
	echo $((sec * 512))
}

# disk_partition_size IMG N: print partition N's size in bytes.
disk_partition_size() {
	local img=$1 n=$2 sec
	sec=$(sfdisk -d "$img" 2>/dev/null | awk -v p="${img}${n}" '$1 == p { sub(/,/, "", $6); print $6 }')
	[ -n "$sec" ] || return 1
	echo $((sec * 512))
}

# disk_image OUT ROOTPART [SIZE_MIB] [ROOTDIR]: build a raw image (dos label) whose partition ROOTPART (1-4) is an ext4 of ROOTDIR (default: a fresh rootfs_tree); partitions before it are 4 MiB ext4 fillers. Env AOE_DISK_LABEL=gpt for GPT.
disk_image() {
	local out=$1 rootpart=$2 size=${3:-64} rootdir=${4:-} tmp i script start psize
	case $rootpart in [1-9]) ;; *) h_log "disk_image: bad partition $rootpart"; return 1;; esac
	[ "${AOE_DISK_LABEL:-dos}" = dos ] && [ "$rootpart" -gt 4 ] && { h_log "disk_image: dos label allows 1-4"; return 1; }
	tmp=$(mktemp -d "${AOE_WORK:-/tmp}/disk.XXXXXX") || return 1
	if [ -z "$rootdir" ]; then
		rootdir=$tmp/root
		rootfs_tree "$rootdir" || { rm -rf "$tmp"; return 1; }
	fi
	rm -f "$out"
	truncate -s "${size}M" "$out" || return 1
	script="label: ${AOE_DISK_LABEL:-dos}"$'\n'
	for ((i = 1; i < rootpart; i++)); do script+="size=4MiB, type=L"$'\n'; done
	script+="type=L"$'\n'
	printf '%s' "$script" | sfdisk -q "$out" >/dev/null || { rm -rf "$tmp"; return 1; }
	for ((i = 1; i <= rootpart; i++)); do
		if ! start=$(disk_partition_start "$out" "$i") || ! psize=$(disk_partition_size "$out" "$i"); then
			h_log "disk_image: cannot read partition $i"; rm -rf "$tmp"; return 1
		fi
		rm -f "$tmp/fs"
		truncate -s "$psize" "$tmp/fs"
		if [ "$i" = "$rootpart" ]; then
			mkfs.ext4 -q -F -L aoe-root -E root_owner=0:0 -d "$rootdir" "$tmp/fs" >/dev/null
		else
			mkfs.ext4 -q -F -L "aoe-p$i" "$tmp/fs" >/dev/null
		fi || { h_log "disk_image: mkfs.ext4 failed"; rm -rf "$tmp"; return 1; }
		dd if="$tmp/fs" of="$out" bs=1M seek="$start" oflag=seek_bytes conv=notrunc,sparse status=none ||
			{ rm -rf "$tmp"; return 1; }
	done
	rm -rf "$tmp"
}

# disk_image_cached ROOTPART [SIZE_MIB]: print the path of a cached pristine image (built once per busybox/root code/params). Copy it before a test writes to it.
disk_image_cached() {
	local rootpart=$1 size=${2:-64} key out tmp
	# key on the functions as loaded, not on rootfs.sh on disk: a script that sourced an
	# older rootfs.sh must not store its image under the newer file's key
	key=$(h_hash "$AOE_BUSYBOX" -- "$(declare -f rootfs_init_script rootfs_tree disk_image)" \
		"$rootpart" "$size" "${AOE_DISK_LABEL:-dos}") || return 1
	out=$AOE_CACHE/images/root-p$rootpart-${size}M-$key.img
	if [ ! -e "$out" ]; then
		mkdir -p "$AOE_CACHE/images" || return 1
		tmp=$(mktemp "$out.XXXXXX.tmp") || return 1   # unique: suites may share the cache
		disk_image "$tmp" "$rootpart" "$size" || { rm -f "$tmp"; return 1; }
		mv -f "$tmp" "$out"
	fi
	echo "$out"
}

# boot_disk_image OUT ROOTDIR KERNEL INITRD UUID APPEND [SIZE_MIB]: a raw disk (dos label, one active ext4 partition with UUID and ROOTDIR's tree) that boots by itself from BIOS: syslinux's MBR, extlinux in /boot/extlinux loading /boot/vmlinuz and /boot/initrd.img with "APPEND" (after "$AOE_QEMU_BASE_APPEND"). Loop-mounts the partition for extlinux --install (root).
boot_disk_image() {
	local out=$1 rootdir=$2 kernel=$3 initrd=$4 uuid=$5 append=$6 size=${7:-128} tmp start psize loop rc=0
	local mbr=${AOE_SYSLINUX_MBR:-/usr/lib/EXTLINUX/mbr.bin}
	h_need extlinux > /dev/null || { h_log "boot_disk_image: extlinux missing (package extlinux)"; return 1; }
	[ -r "$mbr" ] || { h_log "boot_disk_image: no $mbr (package extlinux)"; return 1; }
	mkdir -p "$rootdir/boot/extlinux" || return 1
	install -m 0644 "$kernel" "$rootdir/boot/vmlinuz" && install -m 0644 "$initrd" "$rootdir/boot/initrd.img" || return 1
	cat > "$rootdir/boot/extlinux/extlinux.conf" <<CFG
SERIAL 0 115200
DEFAULT aoe
PROMPT 0
TIMEOUT 0
LABEL aoe
  KERNEL /boot/vmlinuz
  INITRD /boot/initrd.img
  APPEND ${AOE_QEMU_BASE_APPEND:-console=ttyS0 panic=-1} $append
CFG
	tmp=$(mktemp -d "${AOE_WORK:-/tmp}/bootdisk.XXXXXX") || return 1
	rm -f "$out"
	if ! { truncate -s "${size}M" "$out" &&
		printf 'label: dos\ntype=L, bootable\n' | sfdisk -q "$out" > /dev/null &&
		start=$(disk_partition_start "$out" 1) && psize=$(disk_partition_size "$out" 1) &&
		truncate -s "$psize" "$tmp/fs" &&
		# syslinux 6.04 reads neither 64-bit block numbers nor metadata checksums, and
		# fails on big files in 1 KiB blocks (mkfs's choice for small filesystems)
		mkfs.ext4 -q -F -b 4096 -L aoe-root -U "$uuid" -O ^64bit,^metadata_csum -E root_owner=0:0 \
			-d "$rootdir" "$tmp/fs" > /dev/null; }; then
		rm -rf "$tmp"
		return 1
	fi
	mkdir -p "$tmp/mnt"
	loop=$(losetup -f --show "$tmp/fs") || { rm -rf "$tmp"; return 1; }
	if mount "$loop" "$tmp/mnt"; then
		extlinux --install "$tmp/mnt/boot/extlinux" > "$tmp/extlinux.log" 2>&1 || rc=1
		umount "$tmp/mnt" || rc=1
	else
		rc=1
	fi
	losetup -d "$loop"
	[ "$rc" = 0 ] || { h_log "boot_disk_image: extlinux: $(cat "$tmp/extlinux.log" 2>/dev/null)"; rm -rf "$tmp"; return 1; }
	dd if="$tmp/fs" of="$out" bs=1M seek="$start" oflag=seek_bytes conv=notrunc,sparse status=none &&
		dd if="$mbr" of="$out" bs=440 count=1 conv=notrunc status=none || rc=1
	rm -rf "$tmp"
	return "$rc"
}

# efi_disk_image OUT ROOTDIR KERNEL INITRD UUID APPEND [SIZE_MB]: a disk image as a UEFI install
# leaves it: partition 1 an EFI system partition (FAT) whose removable-media loader
# EFI/BOOT/BOOTX64.EFI is GRUB (grub-mkstandalone, Debian's grub-efi-amd64-bin, its grub.cfg
# inside), partition 2 ROOTDIR as ext4 with UUID and the kernel and INITRD in /boot, which
# GRUB loads with "root=UUID=UUID APPEND" (after AOE_QEMU_BASE_APPEND).
efi_disk_image() {
	local out=$1 rootdir=$2 kernel=$3 initrd=$4 uuid=$5 append=$6 size=${7:-128} tmp s1 n1 s2 n2 rc=0
	h_need grub-mkstandalone mkfs.fat mcopy > /dev/null || { h_log "efi_disk_image: needs grub-efi-amd64-bin, dosfstools and mtools"; return 1; }
	mkdir -p "$rootdir/boot" || return 1
	install -m 0644 "$kernel" "$rootdir/boot/vmlinuz" && install -m 0644 "$initrd" "$rootdir/boot/initrd.img" || return 1
	tmp=$(mktemp -d "${AOE_WORK:-/tmp}/efidisk.XXXXXX") || return 1
	cat > "$tmp/grub.cfg" <<CFG
set timeout=0
search --no-floppy --fs-uuid --set=root $uuid
echo 'efi_disk_image: GRUB on the ESP loads /boot/vmlinuz'
linux /boot/vmlinuz ${AOE_QEMU_BASE_APPEND:-console=ttyS0 panic=-1} root=UUID=$uuid $append
initrd /boot/initrd.img
boot
CFG
	rm -f "$out"
	if ! { grub-mkstandalone -O x86_64-efi -o "$tmp/BOOTX64.EFI" --modules="part_msdos ext2 search_fs_uuid linux echo" \
		--install-modules="part_msdos ext2 fat search search_fs_uuid linux echo normal configfile boot test" \
		"boot/grub/grub.cfg=$tmp/grub.cfg" > "$tmp/grub.log" 2>&1 &&
		truncate -s "${size}M" "$out" &&
		printf 'label: dos\nsize=32M, type=ef\ntype=L\n' | sfdisk -q "$out" > /dev/null &&
		s1=$(disk_partition_start "$out" 1) && n1=$(disk_partition_size "$out" 1) &&
		s2=$(disk_partition_start "$out" 2) && n2=$(disk_partition_size "$out" 2) &&
		truncate -s "$n1" "$tmp/esp" && mkfs.fat -n ESP "$tmp/esp" > /dev/null &&
		truncate -s "$n2" "$tmp/fs" &&
		mkfs.ext4 -q -F -L aoe-root -U "$uuid" -E root_owner=0:0 -d "$rootdir" "$tmp/fs" > /dev/null; }; then
		h_log "efi_disk_image: $(tail -n3 "$tmp/grub.log" 2> /dev/null)"
		rm -rf "$tmp"
		return 1
	fi
	# mtools: no mount (the host may have no vfat driver)
	MTOOLS_SKIP_CHECK=1 mmd -i "$tmp/esp" ::/EFI ::/EFI/BOOT && MTOOLS_SKIP_CHECK=1 mcopy -i "$tmp/esp" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/ || rc=1
	[ "$rc" = 0 ] && dd if="$tmp/esp" of="$out" bs=1M seek="$s1" oflag=seek_bytes conv=notrunc,sparse status=none &&
		dd if="$tmp/fs" of="$out" bs=1M seek="$s2" oflag=seek_bytes conv=notrunc,sparse status=none || rc=1
	rm -rf "$tmp"
	return "$rc"
}
