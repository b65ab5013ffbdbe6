# shellcheck shell=bash
# build.sh - `aoe-lab image create|update`: a new version of an image.
# A version is made whole under a hidden name, STATE/images/NAME/.V.tmp,
# and renamed to NAME/V only when its root disk, kernel and initramfs are
# all there: an interrupted build leaves no version, and no version a
# machine may boot is ever written (update reads the newest one and writes
# a copy).
#   create: debootstrap (the tree cached in AOE_LAB_CACHE, default
#     STATE/cache, keyed by suite, mirror and packages), the lab's files
#     (networkd on every wired NIC, an empty machine-id, no root in fstab),
#     this project's package (--deb, default the newest
#     STATE/packages/aoe-boot_*.deb) and the image's initramfs made by its
#     own initramfs-tools in a chroot; the disk made from the tree by
#     mkfs.ext4 -d with a new UUID, no loop device.
#   update: the newest version's disk copied, given a new UUID, mounted
#     (a loop device), apt-get full-upgrade (and --deb, --install) in a
#     chroot; its newest kernel and initramfs taken.

BUILD_TMP="" BUILD_MNT=()
# the image's packages besides debootstrap's minbase: systemd and networkd,
# resolved, the suite's kernel, initramfs-tools with busybox (aoe-boot's hook)
BUILD_PACKAGES=systemd,systemd-sysv,systemd-resolved,udev,dbus,libpam-systemd,kmod,iproute2,e2fsprogs,procps,initramfs-tools,busybox,linux-image-amd64

build_usage() {
	cat << 'EOF2'
usage: aoe-lab image create NAME [--suite SUITE] [--size SIZE] [--mirror URL]
                                 [--security URL|none] [--deb FILE]
       aoe-lab image update NAME [--deb FILE] [--install PKG[,PKG...]]

create: version 1 of a new image: a Debian root (debootstrap --variant=minbase
  of SUITE, default bookworm, from URL, default http://deb.debian.org/debian;
  the tree is cached) with the suite's kernel, initramfs-tools, this
  project's package aoe-boot (FILE, default the newest
  /var/lib/aoe-lab/packages/aoe-boot_*.deb), systemd-networkd with DHCP on
  every wired NIC, an empty /etc/machine-id, apt sources SUITE and
  SUITE-updates from URL and SUITE-security from --security (default
  http://deb.debian.org/debian-security; none: no security source); on a
  disk of SIZE (default 4G,
  sparse) whose filesystem has a UUID of its own. The image gets a
  [image NAME] section (a free shelf) if it has none.
update: the next version from the newest one: its disk copied with a new
  filesystem UUID, then apt-get update and full-upgrade in a chroot, the
  packages of --install and FILE installed; the newest kernel and its
  initramfs become the version's. The versions before are not touched.
Neither exports nor boots anything: aoe-lab image publish NAME does.

Exit status: 0 done, 1 failed (no version made), 2 bad usage or value
(nothing changed), 4 another aoe-lab is changing the lab.
EOF2
}

# build_step N M TEXT: progress, on stderr.
build_step() { echo "[$1/$2] $3" >&2; }

# build_fail VERB TEXT: one line, exit 1 (the cleanup removes the half-made version).
build_fail() {
	echo "aoe-lab: $1: $2; no version was made" >&2
	exit 1
}

# build_cleanup: at exit, unmount what the build mounted, last first, and
# remove the half-made version (its log kept beside it as .V.log).
build_cleanup() {
	local i
	for ((i = ${#BUILD_MNT[@]} - 1; i >= 0; i--)); do
		umount "${BUILD_MNT[$i]}" 2> /dev/null || umount -l "${BUILD_MNT[$i]}" 2> /dev/null
	done
	BUILD_MNT=()
	if [ -n "$BUILD_TMP" ] && [ -d "$BUILD_TMP" ]; then
		mv -f "$BUILD_TMP/build.log" "${BUILD_TMP%.tmp}.log" 2> /dev/null
		build_rm "$BUILD_TMP"
	fi
	rec_cleanup
}

# build_rm DIR: remove DIR, first unmounting anything still mounted under
# it (a build killed with SIGKILL leaves its chroot's /dev bind-mounted:
# rm -rf would empty the host's /dev); never crosses into a mount.
build_rm() {
	local m
	[ -e "$1" ] || return 0
	awk -v d="$(readlink -f "$1")/" 'index($5 "/", d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount "$m" 2> /dev/null || umount -l "$m"; done
	rm -rf --one-file-system "$1"
}

# build_mount VERB ARGS... TARGET: mount, and remember TARGET for the cleanup.
build_mount() {
	local vb=$1
	shift
	mount "$@" 2> /dev/null || build_fail "$vb" "cannot mount ${*: -1}"
	BUILD_MNT+=("${*: -1}")
}

# build_umount: unmount everything build_mount mounted; 1 if one stays.
build_umount() {
	local i
	for ((i = ${#BUILD_MNT[@]} - 1; i >= 0; i--)); do
		umount "${BUILD_MNT[$i]}" 2> /dev/null || return 1
		unset "BUILD_MNT[$i]"
	done
}

# build_deb VERB FILE: the package to install ("" = the default place's
# newest); its path, or one line and exit 2.
build_deb() {
	local f=$2 p
	if [ -z "$f" ]; then
		f=$(find "$AOE_LAB_STATE/packages" -maxdepth 1 -name 'aoe-boot_*.deb' 2> /dev/null | sort -V | tail -n1)
		[ -n "$f" ] || usage_err "$1: no aoe-boot_*.deb in $AOE_LAB_STATE/packages; expected --deb FILE (the aoe-boot package) or the file there"
	fi
	p=$(dpkg-deb -f "$f" Package 2> /dev/null)
	[ "$p" = aoe-boot ] || usage_err "$1: --deb $f: not the aoe-boot package; expected a file aoe-boot_VERSION_ARCH.deb"
	echo "$f"
}

# build_chroot VERB DIR TEXT CMD...: CMD in the tree DIR, services held
# back; its output in DIR's log, the last lines of it with TEXT on failure.
build_chroot() {
	local vb=$1 d=$2 what=$3
	shift 3
	if ! LC_ALL=C DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		chroot "$d" "$@" >> "$BUILD_TMP/build.log" 2>&1 9>&-; then
		build_fail "$vb" "$what failed: $(tail -n 3 "$BUILD_TMP/build.log" | tr '\n' ' ')(the whole log: ${BUILD_TMP%.tmp}.log)"
	fi
}

# build_enter VERB DIR: /proc, /sys and /dev for a chroot into DIR, and no
# service started by a package's scripts.
build_enter() {
	build_mount "$1" -t proc proc "$2/proc"
	build_mount "$1" --bind /sys "$2/sys"
	build_mount "$1" --bind /dev "$2/dev"
	printf '#!/bin/sh\nexit 101\n' > "$2/usr/sbin/policy-rc.d" && chmod 755 "$2/usr/sbin/policy-rc.d"
}

# build_leave DIR: undo build_enter (the mounts go with build_umount).
build_leave() { rm -f "$1/usr/sbin/policy-rc.d"; }

# build_tree VERB SUITE MIRROR DIR: DIR gets a debootstrapped tree, from
# the cache (made there the first time).
build_tree() {
	local vb=$1 suite=$2 mirror=$3 d=$4 cache key tar script=()
	cache=${AOE_LAB_CACHE:-$AOE_LAB_STATE/cache}
	key=$(printf '%s\n' "$suite" "$mirror" "$BUILD_PACKAGES" minbase | sha256sum | cut -c1-16)
	tar=$cache/debootstrap-$suite-$key.tar
	if [ ! -s "$tar" ]; then
		command -v debootstrap > /dev/null || build_fail "$vb" "debootstrap not found (package debootstrap)"
		mkdir -p "$cache" || build_fail "$vb" "cannot create $cache"
		# a suite newer than this debootstrap is made as sid is
		[ -e "/usr/share/debootstrap/scripts/$suite" ] || script=(/usr/share/debootstrap/scripts/sid)
		echo "       debootstrap $suite from $mirror (once; cached in $cache)" >&2
		debootstrap --variant=minbase --include="$BUILD_PACKAGES" "$suite" "$d" "$mirror" "${script[@]}" \
			>> "$BUILD_TMP/build.log" 2>&1 9>&- ||
			build_fail "$vb" "debootstrap $suite from $mirror failed: $(tail -n 2 "$BUILD_TMP/build.log" | tr '\n' ' ')"
		{ tar -C "$d" --numeric-owner --xattrs -cf "$tar.new" . && mv -f "$tar.new" "$tar"; } ||
			{ rm -f "$tar.new"; build_fail "$vb" "cannot store the tree in $cache"; }
		return 0
	fi
	echo "       from $tar" >&2
	{ mkdir -p "$d" && tar -C "$d" --numeric-owner --xattrs -xf "$tar"; } ||
		build_fail "$vb" "cannot unpack $tar"
}

# build_files DIR SUITE MIRROR SECURITY: the lab's files in the tree DIR.
build_files() {
	local d=$1
	echo aoe-lab > "$d/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\taoe-lab\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$d/etc/hosts"
	# the root is the kernel command line's (root=, the overlay): no fstab line
	printf '# the root filesystem is named on the kernel command line (aoe-lab)\n' > "$d/etc/fstab"
	# each machine makes its own at its first boot
	: > "$d/etc/machine-id"
	rm -f "$d/var/lib/dbus/machine-id"
	printf 'deb %s %s main\ndeb %s %s-updates main\n' "$3" "$2" "$3" "$2" > "$d/etc/apt/sources.list"
	[ "$4" = none ] || printf 'deb %s %s-security main\n' "$4" "$2" >> "$d/etc/apt/sources.list"
	mkdir -p "$d/etc/systemd/network" "$d/etc/initramfs-tools/conf.d"
	# DHCP on every wired NIC; networkd keeps the MTU aoe-up set (no UseMTU=)
	printf '[Match]\nType=ether\n\n[Network]\nDHCP=yes\n' > "$d/etc/systemd/network/50-aoe-lab.network"
	# a netboot initramfs: the NIC drivers, no disk drivers
	printf '# aoe-lab: a netboot image\nMODULES=netboot\n' > "$d/etc/initramfs-tools/conf.d/aoe-lab"
}

# build_boot VERB DIR OUT: the tree's newest kernel and its initramfs into OUT.
build_boot() {
	local vb=$1 d=$2 k
	k=$(find "$d/boot" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -n1)
	[ -n "$k" ] || build_fail "$vb" "no kernel in the image's /boot"
	[ -s "$d/boot/initrd.img-$k" ] || build_fail "$vb" "no initramfs for kernel $k in the image's /boot"
	# the package's trigger made it: aoe-up must be in it, or no machine boots
	chroot "$d" lsinitramfs "/boot/initrd.img-$k" 2> /dev/null | grep -q 'sbin/aoe-up$' ||
		build_fail "$vb" "the initramfs of kernel $k has no aoe-up (was the aoe-boot package installed?)"
	{ install -m 0644 "$d/boot/vmlinuz-$k" "$3/vmlinuz" && install -m 0644 "$d/boot/initrd.img-$k" "$3/initrd.img"; } ||
		build_fail "$vb" "cannot copy kernel $k out of the image"
	echo "$k"
}

# build_disk VERB TREE IMG SIZE UUID: IMG, a disk of SIZE with one partition
# whose ext4 is made from TREE (mkfs.ext4 -d: no mount, no loop device).
build_disk() {
	local vb=$1 start=1048576 bytes
	bytes=$(numfmt --from=iec "${4}")
	{ truncate -s "$4" "$3" && printf 'label: dos\nstart=2048, type=83\n' | sfdisk -q "$3" > /dev/null; } ||
		build_fail "$vb" "cannot make the disk $3 ($4)"
	mkfs.ext4 -q -F -L aoe-lab -U "$5" -E "offset=$start,root_owner=0:0" -d "$2" "$3" \
		"$(((bytes - start) / 1024))k" >> "$BUILD_TMP/build.log" 2>&1 ||
		build_fail "$vb" "mkfs.ext4 of the image's tree failed (is $4 enough? --size)"
}

# build_uuid: a new filesystem UUID.
build_uuid() { cat /proc/sys/kernel/random/uuid; }

# build_manifest DIR TEXT...: the version's manifest lines.
build_manifest() {
	local d=$1
	shift
	printf '%s\n' "$@" "made = $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$d/manifest"
}

# build_begin VERB NAME VERSION: the hidden directory of the new version
# (BUILD_TMP); an old half-made one goes first.
build_begin() {
	local d
	d=$(image_dir "$2")
	BUILD_TMP=$d/.$3.tmp
	trap build_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	local t
	for t in "$d"/.*.tmp; do [ ! -d "$t" ] || build_rm "$t"; done
	rm -f "$d/.$3.log"
	mkdir -p "$BUILD_TMP" || build_fail "$1" "cannot create $BUILD_TMP"
}

# build_finish VERB NAME VERSION: the version made whole: renamed into place.
build_finish() {
	local to
	to=$(image_dir "$2" "$3")
	rm -f "$BUILD_TMP/build.log"
	sync -f "$BUILD_TMP" 2> /dev/null
	mv -T "$BUILD_TMP" "$to" || build_fail "$1" "cannot rename $BUILD_TMP to $to"
	BUILD_TMP=
	# the highest version ever made: a retired number is never made again
	# (a machine still running it would meet another disk at its address)
	echo "$3" > "$(image_dir "$2")/.last"
}

# build_section NAME SUITE SIZE MIRROR FILE: the record with [image NAME]
# and these keys (added, or set where the section has them), into FILE.
build_section() {
	local h=${CONF_LINE[image/$1]:-0} shelf=${CONF[image/$1/shelf]:-}
	[ -n "$shelf" ] || shelf=$(conf_free_shelf)
	awk -v h="$h" -v n="$1" -v shelf="$shelf" -v suite="$2" -v size="$3" -v mirror="$4" '
		function keys() { print "suite = " suite; print "size = " size; print "mirror = " mirror }
		in_s && /^[ \t]*\[/ { in_s = 0 }
		in_s && /^[ \t]*(suite|size|mirror)[ \t]*=/ { next }
		{ print }
		NR == h { in_s = 1; keys() }
		END { if (h == 0) { print ""; print "[image " n "]"; print "shelf = " shelf; keys() } }' "$AOE_LAB_CONF" > "$5"
}

# build_opts VERB ARGS...: the options of create and update into OPT[].
build_opts() {
	local vb=$1
	shift
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || usage_err "$vb: $1: expected a value after it"
		case $vb/$1 in
		*create/--suite) conf_valid image suite "$2" || usage_err "$vb: --suite $2: expected $(conf_form image suite)" ;;
		*create/--size) { conf_valid image size "$2" && [ "$(numfmt --from=iec "$2")" -ge $((1 << 30)) ]; } ||
			usage_err "$vb: --size $2: expected a size of 1G or more, e.g. 8G" ;;
		*create/--mirror) conf_valid image mirror "$2" || usage_err "$vb: --mirror $2: expected $(conf_form image mirror)" ;;
		*create/--security) [ "$2" = none ] || conf_valid image mirror "$2" ||
			usage_err "$vb: --security $2: expected none or the security archive's http:// or https:// URL" ;;
		*/--deb) [ -f "$2" ] || usage_err "$vb: --deb $2: no such file; expected the aoe-boot package's .deb" ;;
		*update/--install) [[ $2 =~ ^[a-z0-9][a-z0-9+.-]+(,[a-z0-9][a-z0-9+.-]+)*$ ]] ||
			usage_err "$vb: --install $2: expected Debian package names, comma-separated" ;;
		*create/*) usage_err "$vb: $1: unknown option; expected --suite, --size, --mirror, --security or --deb" ;;
		*) usage_err "$vb: $1: unknown option; expected --deb or --install" ;;
		esac
		OPT[${1#--}]=$2
		shift 2
	done
}

verb_image_create() {
	local vb="image create" n k uuid mirror suite size deb tree
	local -A OPT=()
	case ${1:-} in -h | --help) build_usage; return 0 ;; esac
	[ $# -ge 1 ] || usage_err "$vb: expected NAME (aoe-lab image --help)"
	n=$1
	shift
	is_name "$n" || usage_err "$vb: $n: expected an image's name (a-z, 0-9 and -, 1-32 characters)"
	build_opts "$vb" "$@"
	rec_lock "$vb"
	rec_read "$vb"
	[ -z "$(image_versions "$n")" ] || usage_err "$vb: image $n exists (versions: $(image_versions "$n" | paste -sd' ')); expected a new name, or aoe-lab image update $n"
	suite=${OPT[suite]:-${CONF[image/$n/suite]:-bookworm}}
	size=${OPT[size]:-${CONF[image/$n/size]:-4G}}
	mirror=${OPT[mirror]:-${CONF[image/$n/mirror]:-http://deb.debian.org/debian}}
	deb=$(build_deb "$vb" "${OPT[deb]:-}") || exit 2
	[ -n "${CONF[image/$n/shelf]:-}" ] || conf_free_shelf > /dev/null || usage_err "$vb: no free shelf for image $n"
	build_section "$n" "$suite" "$size" "$mirror" "$REC_TMP"
	rec_check "$vb" "$REC_TMP" || exit 2
	build_begin "$vb" "$n" 1
	tree=$BUILD_TMP/tree
	build_step 1 5 "debootstrap $suite"
	build_tree "$vb" "$suite" "$mirror" "$tree"
	build_step 2 5 "the lab's files, $(basename "$deb"), the initramfs (initramfs-tools, in a chroot)"
	build_files "$tree" "$suite" "$mirror" "${OPT[security]:-http://deb.debian.org/debian-security}"
	cp "$deb" "$tree/tmp/aoe-boot.deb" || build_fail "$vb" "cannot copy $deb into the image"
	build_enter "$vb" "$tree"
	build_chroot "$vb" "$tree" "dpkg -i $(basename "$deb")" dpkg -i /tmp/aoe-boot.deb
	build_chroot "$vb" "$tree" "systemctl enable systemd-networkd" systemctl enable systemd-networkd systemd-resolved
	build_chroot "$vb" "$tree" "apt-get clean" apt-get clean
	build_leave "$tree"
	build_umount || build_fail "$vb" "cannot unmount the chroot's /proc, /sys or /dev"
	rm -f "$tree/tmp/aoe-boot.deb"
	build_step 3 5 "kernel and initramfs"
	k=$(build_boot "$vb" "$tree" "$BUILD_TMP") || exit 1
	uuid=$(build_uuid)
	build_step 4 5 "the root disk ($size, ext4 UUID $uuid)"
	build_disk "$vb" "$tree" "$BUILD_TMP/root.img" "$size" "$uuid"
	rm -rf "$tree"
	build_manifest "$BUILD_TMP" "suite = $suite" "mirror = $mirror" "kernel = $k" "uuid = $uuid" \
		"package = $(basename "$deb")" "from = debootstrap"
	build_step 5 5 "version 1 in place, the record"
	cmp -s "$REC_TMP" "$AOE_LAB_CONF" || rec_commit "$vb" "$REC_TMP" || exit 1
	build_finish "$vb" "$n" 1
	echo "created: image $n version 1 ($suite, kernel $k, $size, $(image_dir "$n" 1))"
}

verb_image_update() {
	local vb="image update" n last v k uuid deb="" mnt src off
	local -A OPT=()
	case ${1:-} in -h | --help) build_usage; return 0 ;; esac
	[ $# -ge 1 ] || usage_err "$vb: expected NAME (aoe-lab image --help)"
	n=$1
	shift
	build_opts "$vb" "$@"
	rec_lock "$vb"
	rec_read "$vb"
	image_name "$vb" "$n"
	last=$(image_versions "$n" | tail -n1)
	[ -n "$last" ] || usage_err "$vb: image $n has no version yet; expected aoe-lab image create $n first"
	v=$(cat "$(image_dir "$n")/.last" 2> /dev/null)
	is_num "${v:-x}" 1 254 && [ "$v" -ge "$last" ] || v=$last
	v=$((v + 1))
	[ "$v" -le 254 ] || usage_err "$vb: image $n: version 254 is the last (an AoE slot); expected retired versions and a new image"
	[ -z "${OPT[deb]:-}" ] || deb=$(build_deb "$vb" "${OPT[deb]}") || exit 2
	src=$(image_dir "$n" "$last")
	build_begin "$vb" "$n" "$v"
	mnt=$BUILD_TMP/mnt
	off=1048576
	build_step 1 5 "copy version $last's disk"
	cp --sparse=always "$src/root.img" "$BUILD_TMP/root.img" || build_fail "$vb" "cannot copy $src/root.img"
	uuid=$(build_uuid)
	build_step 2 5 "a filesystem UUID of its own ($uuid)"
	# a copy of a disk a machine wrote (layer = none) may need its journal replayed
	e2fsck -fy "$BUILD_TMP/root.img?offset=$off" >> "$BUILD_TMP/build.log" 2>&1
	[ $? -lt 4 ] || build_fail "$vb" "e2fsck of the copy of version $last found errors it cannot fix"
	tune2fs -U "$uuid" "$BUILD_TMP/root.img?offset=$off" >> "$BUILD_TMP/build.log" 2>&1 ||
		build_fail "$vb" "tune2fs -U on the copy failed: $(tail -n 1 "$BUILD_TMP/build.log")"
	build_step 3 5 "apt-get update, full-upgrade${OPT[install]:+, install ${OPT[install]}}${deb:+, $(basename "$deb")} (in a chroot)"
	mkdir -p "$mnt" || build_fail "$vb" "cannot create $mnt"
	build_mount "$vb" -o "loop,offset=$off" "$BUILD_TMP/root.img" "$mnt"
	build_enter "$vb" "$mnt"
	# the host's resolver for apt, the image's own file back after
	cp -a "$mnt/etc/resolv.conf" "$BUILD_TMP/resolv.conf" 2> /dev/null
	rm -f "$mnt/etc/resolv.conf" && cp /etc/resolv.conf "$mnt/etc/resolv.conf" 2> /dev/null
	build_chroot "$vb" "$mnt" "apt-get update" apt-get -q update
	build_chroot "$vb" "$mnt" "apt-get full-upgrade" apt-get -q -y -o Dpkg::Options::=--force-confold full-upgrade
	if [ -n "${OPT[install]:-}" ]; then
		local pkgs
		IFS=, read -r -a pkgs <<< "${OPT[install]}"
		build_chroot "$vb" "$mnt" "apt-get install ${OPT[install]}" \
			apt-get -q -y -o Dpkg::Options::=--force-confold install "${pkgs[@]}"
	fi
	if [ -n "$deb" ]; then
		cp "$deb" "$mnt/tmp/aoe-boot.deb" || build_fail "$vb" "cannot copy $deb into the image"
		build_chroot "$vb" "$mnt" "dpkg -i $(basename "$deb")" dpkg -i /tmp/aoe-boot.deb
		rm -f "$mnt/tmp/aoe-boot.deb"
	fi
	build_chroot "$vb" "$mnt" "apt-get clean" apt-get clean
	rm -f "$mnt/etc/resolv.conf"
	if [ -e "$BUILD_TMP/resolv.conf" ] || [ -L "$BUILD_TMP/resolv.conf" ]; then
		mv "$BUILD_TMP/resolv.conf" "$mnt/etc/resolv.conf"
	fi
	build_leave "$mnt"
	build_step 4 5 "kernel and initramfs"
	k=$(build_boot "$vb" "$mnt" "$BUILD_TMP") || exit 1
	build_umount || build_fail "$vb" "cannot unmount the copy"
	rmdir "$mnt"
	e2fsck -fp "$BUILD_TMP/root.img?offset=$off" >> "$BUILD_TMP/build.log" 2>&1 ||
		build_fail "$vb" "the updated disk did not check clean (e2fsck)"
	build_manifest "$BUILD_TMP" "kernel = $k" "uuid = $uuid" "from = version $last" \
		"${deb:+package = $(basename "$deb")}" "${OPT[install]:+installed = ${OPT[install]}}"
	build_step 5 5 "version $v in place"
	build_finish "$vb" "$n" "$v"
	echo "created: image $n version $v (from version $last, kernel $k, $(image_dir "$n" "$v"))"
}
