# shellcheck shell=bash
# The guest kernel: Debian's linux-image-amd64 target, unpacked (not installed) into the cache.

[ -n "${_AOE_KERNEL_SH:-}" ] && return 0
_AOE_KERNEL_SH=1
# shellcheck source=tests/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# kernel_package: print the package name linux-image-amd64 depends on (runs apt-get update once if apt knows none).
kernel_package() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt-get update >&2 || return 1
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || return 1
	echo "$pkg"
}

# kernel_kver DIR: print the (first) kernel version under DIR/lib/modules.
kernel_kver() { find "$1/lib/modules" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort | head -n1; }

# kernel_fetch: download+unpack+depmod the guest kernel into $AOE_CACHE/kernel/<pkg> (reused if present); exports KVER, KERNEL_ROOT, KERNEL_VMLINUZ, KERNEL_MODDIR.
# AOE_KERNEL_PKG overrides the package name (e.g. to pin one without apt metadata).
kernel_fetch() {
	local pkg dir tmp deb
	pkg=${AOE_KERNEL_PKG:-}
	if [ -z "$pkg" ]; then
		pkg=$(kernel_package) || {
			# offline and no apt metadata: fall back to any kernel already in the cache
			dir=$(find "$AOE_CACHE/kernel" -mindepth 2 -maxdepth 2 -name .done -printf '%h\n' 2>/dev/null | sort | tail -n1)
			[ -n "$dir" ] || { h_log "kernel_fetch: cannot resolve linux-image-amd64"; return 1; }
			pkg=$(basename "$dir")
		}
	fi
	dir=$AOE_CACHE/kernel/$pkg
	if [ ! -e "$dir/.done" ]; then
		mkdir -p "$AOE_CACHE/kernel" || return 1
		tmp=$(mktemp -d "$AOE_CACHE/kernel/.tmp.XXXXXX") && chmod 755 "$tmp" || return 1  # 755: lets apt sandbox as _apt
		if ! (cd "$tmp" && apt-get download "$pkg" >&2); then
			# stale lists: the pool file may have been replaced by a newer build
			if ! { apt-get update >&2 && (cd "$tmp" && apt-get download "$pkg" >&2); }; then
				h_log "kernel_fetch: apt-get download $pkg failed"; rm -rf "$tmp"; return 1
			fi
		fi
		deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n1)
		if [ -z "$deb" ] || ! dpkg-deb -x "$deb" "$tmp/root"; then
			rm -rf "$tmp"; return 1
		fi
		KVER=$(kernel_kver "$tmp/root")
		[ -n "$KVER" ] || { h_log "kernel_fetch: no lib/modules in $pkg"; rm -rf "$tmp"; return 1; }
		depmod -b "$tmp/root" "$KVER" || { rm -rf "$tmp"; return 1; }
		touch "$tmp/root/.done"
		# publish complete trees only; a concurrent fetch may have won the race
		[ -e "$dir/.done" ] || { rm -rf "$dir"; mv -T "$tmp/root" "$dir"; }
		rm -rf "$tmp"
		[ -e "$dir/.done" ] || return 1
	fi
	KVER=$(kernel_kver "$dir")
	KERNEL_ROOT=$dir
	KERNEL_VMLINUZ=$dir/boot/vmlinuz-$KVER
	KERNEL_MODDIR=$dir/lib/modules/$KVER
	[ -r "$KERNEL_VMLINUZ" ] || { h_log "kernel_fetch: no $KERNEL_VMLINUZ"; return 1; }
	export KVER KERNEL_ROOT KERNEL_VMLINUZ KERNEL_MODDIR
}
