# shellcheck shell=bash
# Test initrds built by the system's dracut with a private module tree, so the module
# under test needs no system-wide install and host configuration does not leak in.

[ -n "${_AOE_INITRD_SH:-}" ] && return 0
_AOE_INITRD_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${AOE_DRACUT_SYSDIR:=/usr/lib/dracut}"
# Module lists per kind (overridable; AOE_DRACUT_MODULE is appended where the list says @MOD@).
: "${AOE_INITRD_MODULES_systemd:=bash systemd systemd-initrd dracut-systemd rootfs-block udev-rules base fs-lib kernel-modules @MOD@}"
: "${AOE_INITRD_OMIT_systemd:=}"
: "${AOE_INITRD_MODULES_shell:=bash rootfs-block udev-rules base fs-lib kernel-modules @MOD@}"
: "${AOE_INITRD_OMIT_shell:=systemd}"
: "${AOE_INITRD_MODULES_busybox:=busybox rootfs-block udev-rules base fs-lib @MOD@}"
: "${AOE_INITRD_OMIT_busybox:=systemd bash dash}"
# busybox kind uses --drivers (AOE_INITRD_DRIVERS_busybox) instead of kernel-modules: virtio_pci
# must be named, it is no symbol dependency of virtio_net. Its mount -t auto only tries
# filesystems already in /proc/filesystems; it learns ext4 from ID_FS_TYPE, which the
# module's 61-aoe-storage.rules sets (udev's own rules skip etherd devices).

# initrd_module_name MODULE_SRC: print the dracut module name (AOE_DRACUT_MODULE, else the dir name without its NN prefix).
initrd_module_name() {
	if [ -n "${AOE_DRACUT_MODULE:-}" ]; then echo "$AOE_DRACUT_MODULE"; return; fi
	local b
	b=$(basename "$1")
	echo "${b#[0-9][0-9]}"
}

# initrd_basedir DIR MODULE_SRC: make DIR a private dracutbasedir (symlinks to the system dracut, modules.d = system modules + MODULE_SRC).
initrd_basedir() {
	local dir=$1 src=$2 f name
	src=$(cd "$src" && pwd) || return 1
	mkdir -p "$dir/modules.d" || return 1
	for f in "$AOE_DRACUT_SYSDIR"/*; do
		[ "$(basename "$f")" = modules.d ] && continue
		ln -sfn "$f" "$dir/$(basename "$f")"
	done
	name=$(initrd_module_name "$src")
	for f in "$AOE_DRACUT_SYSDIR"/modules.d/*; do
		# a system copy of the module under test (e.g. installed package) must not shadow it
		[ "$(basename "$f" | sed 's/^[0-9][0-9]//')" = "$name" ] && continue
		ln -sfn "$f" "$dir/modules.d/$(basename "$f")"
	done
	ln -sfn "$src" "$dir/modules.d/$(basename "$src")"
}

# initrd_dracut_args KIND MODULE_SRC: print (one per line) the dracut arguments a KIND initrd gets besides --kver/--kmoddir/output.
initrd_dracut_args() {
	local kind=$1 mod mods omit
	mod=$(initrd_module_name "$2")
	case $kind in
	systemd) mods=$AOE_INITRD_MODULES_systemd; omit=$AOE_INITRD_OMIT_systemd ;;
	shell) mods=$AOE_INITRD_MODULES_shell; omit=$AOE_INITRD_OMIT_shell ;;
	busybox) mods=$AOE_INITRD_MODULES_busybox; omit=$AOE_INITRD_OMIT_busybox ;;
	*) h_log "initrd: unknown kind $kind (systemd|shell|busybox)"; return 1 ;;
	esac
	printf '%s\n' -m "${mods//@MOD@/$mod}"
	[ -n "$omit" ] && printf '%s\n' -o "$omit"
	if [ "$kind" = busybox ]; then
		printf '%s\n' --drivers "${AOE_INITRD_DRIVERS_busybox:-aoe virtio_net virtio_pci e1000 ext4}"
	else
		printf '%s\n' --add-drivers "${AOE_INITRD_DRIVERS:-virtio_net e1000 ext4}"
	fi
	printf '%s\n' --no-hostonly --no-early-microcode --force
}

# build_initrd OUT KIND MODULE_SRC [DRACUT_ARGS...]: write a KIND (systemd|shell|busybox) initrd with module MODULE_SRC to OUT, reusing $AOE_CACHE/initrd/<kind>-<key>.img; needs kernel_fetch first. Exports INITRD_CACHED (the cache path) and INITRD_BUILD_S (0 when cached).
# AOE_NIC_DRIVERS="d1 d2": the module's aoe_nic_drivers knob (install only these NIC drivers); part of the key.
build_initrd() {
	local out=$1 kind=$2 src=$3 key cached tmp confdir rc c args=()
	shift 3
	if [ -z "${KVER:-}" ] || [ ! -d "${KERNEL_MODDIR:-}" ]; then
		h_log "build_initrd: run kernel_fetch first"; return 1
	fi
	[ -d "$src" ] || { h_log "build_initrd: no module dir $src"; return 1; }
	mapfile -t args < <(initrd_dracut_args "$kind" "$src") || return 1
	[ ${#args[@]} -gt 0 ] || return 1
	args+=("$@")
	# the dracut that builds it: its tree and version (dracut --version alone may read
	# the system dracut's version file when another tree is used)
	key=$(h_hash "$src" -- "$kind" "$KVER" "$AOE_DRACUT_SYSDIR" "nic:${AOE_NIC_DRIVERS-}" \
		"$(dracutbasedir="$AOE_DRACUT_SYSDIR" dracut --version 2>/dev/null)" "${args[@]}") || return 1
	cached=$AOE_CACHE/initrd/$kind-$key.img
	INITRD_CACHED=$cached
	INITRD_BUILD_S=0
	if [ ! -s "$cached" ]; then
		mkdir -p "$AOE_CACHE/initrd" || return 1
		tmp=$(mktemp -d "${AOE_WORK:-/tmp}/dracut.XXXXXX") || return 1
		confdir=$tmp/conf.d
		mkdir -p "$confdir" "$tmp/tmp"
		initrd_basedir "$tmp/base" "$src" || return 1
		h_log "build_initrd: $kind ($(initrd_module_name "$src")) -> $cached"
		# unique temporary output: another suite sharing the cache may build the same key;
		# aoe_nic_drivers is a dracut.conf variable the module also reads from the environment
		h_timed INITRD_BUILD_S env -u INITRD_COMPRESS -u dracutsysrootdir dracutbasedir="$tmp/base" \
			${AOE_NIC_DRIVERS+aoe_nic_drivers="$AOE_NIC_DRIVERS"} \
			dracut --conf /dev/null --confdir "$confdir" --tmpdir "$tmp/tmp" \
			--kver "$KVER" --kmoddir "$KERNEL_MODDIR" "${args[@]}" "$tmp/initrd.img" \
			>"$tmp/dracut.log" 2>&1
		rc=$?
		if [ $rc -ne 0 ] || [ ! -s "$tmp/initrd.img" ]; then
			tail -n 30 "$tmp/dracut.log" >&2
			h_log "build_initrd: dracut failed ($rc); log: $tmp/dracut.log"
			return 1
		fi
		cp "$tmp/dracut.log" "$cached.log"
		# the work dir may be on another filesystem: copy next to the target, then rename
		c=$(mktemp "$cached.XXXXXX.tmp") || return 1
		if ! { cp "$tmp/initrd.img" "$c" && mv -f "$c" "$cached"; }; then
			rm -f "$c"; return 1
		fi
		rm -rf "$tmp"
	fi
	export INITRD_CACHED INITRD_BUILD_S
	if [ -n "$out" ] && [ "$out" != "$cached" ]; then
		ln -f "$cached" "$out" 2>/dev/null || cp "$cached" "$out"
	fi
}

# initrd_list INITRD: list the files inside INITRD (lsinitrd from the system dracut).
initrd_list() { lsinitrd "$1" 2>/dev/null; }
