#!/bin/bash
# The Debian packages: `make deb` builds aoe-boot (the client's) and
# aoe-lab (the lab server's command). aoe-boot holds every file at its path
# and mode, depends on initramfs-tools or dracut-core, activates the
# update-initramfs trigger (so installing, upgrading and removing it rebuild
# the initramfs with either generator), its aoe-up is static, lintian reports no
# error or warning that debian/aoe-boot.lintian-overrides does not explain,
# aoe-lab holds the command, its files and the export unit and depends on
# what it runs; the two together install exactly what `make install DESTDIR=`
# installs (same files, modes and contents), so the two ways of installing
# cannot drift apart.
# Needs no root (dpkg-buildpackage runs without it: Rules-Requires-Root: no).
# Takes about 15 s on two cores (the package build and lintian).
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$PWD
umask 022

# the tap words, every case named "deb: ..."
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

# --- what the package must hold: PATH MODE, derived from the repository -----
mod=usr/lib/dracut/modules.d/50aoe
want=("$mod/aoe-up -rwxr-xr-x")
for f in modules.d/50aoe/*.sh; do want+=("$mod/${f##*/} -rwxr-xr-x"); done
want+=("$mod/61-aoe-storage.rules -rw-r--r--" "$mod/aoe-up.service -rw-r--r--"
	"usr/lib/udev/rules.d/61-aoe-storage.rules -rw-r--r--"
	"usr/share/initramfs-tools/hooks/aoe-boot -rwxr-xr-x")
for f in initramfs-tools/scripts/*/aoe-boot; do want+=("usr/share/${f} -rwxr-xr-x"); done
for f in initramfs-tools/*.sh; do want+=("usr/lib/aoe-boot/${f} -rw-r--r--"); done
for f in docs/man/*.[78]; do
	[ "$f" != docs/man/aoe-lab.8 ] || continue # aoe-lab's
	want+=("usr/share/man/man${f##*.}/${f##*/}.gz -rw-r--r--")
done
# docs: compressed by dh_compress when bigger than 4 KiB, so either name
for f in README.md docs/*.md; do want+=("usr/share/doc/aoe-boot/${f##*/}[.gz] -rw-r--r--"); done
want+=("usr/share/doc/aoe-boot/copyright -rw-r--r--")

cases=("make deb builds the package" "version is the helper's version")
for w in "${want[@]}"; do cases+=("contains ${w% *} (${w##* })"); done
cases+=("Depends: initramfs-tools (>= 0.142) | dracut-core (>= 059)"
	"DEBIAN/triggers: activate-noawait update-initramfs" "aoe-up in the package is static"
	"aoe-lab: /usr/sbin/aoe-lab -> ../lib/aoe-lab/aoe-lab, aoe-lab-listen, every lab/*.sh, the export unit, the man page"
	"aoe-lab: Architecture all; Depends on aoe-boot, vblade, dnsmasq, debootstrap, pxelinux"
	"aoe-boot holds none of aoe-lab's files"
	"lintian: no error or warning that is not overridden"
	"same files and modes as make install DESTDIR="
	"same file contents as make install DESTDIR="
	"nothing written outside the repository")

# skip_rest REASON: one SKIP line for every case not yet reported.
skip_rest() {
	local c
	for c in "${cases[@]:$done_n}"; do skip "deb: $c" "$1"; done
	exit 0
}
done_n=0
next() { done_n=$((done_n + 1)); }

missing=()
for c in dpkg-buildpackage dh dpkg-deb klcc make; do
	command -v "$c" > /dev/null || missing+=("$c")
done
[ ${#missing[@]} -eq 0 ] ||
	skip_rest "${missing[*]} not installed (see tools/install-deps.sh)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/stamp"

# --- the build ---------------------------------------------------------------
if ! out=$(make -s deb 2>&1); then
	fail "deb: ${cases[0]}" "$(tail -n 5 <<< "$out" | tr '\n' ' ')"
	next
	skip_rest "no package was built"
fi
deb=$(tail -n 1 <<< "$out")
case $deb in
	"$top"/build/deb/aoe-boot_*.deb) ;;
	*) deb= ;;
esac
if [ -n "$deb" ] && [ -f "$deb" ]; then
	pass "deb: ${cases[0]} (${deb#"$top"/})"
else
	fail "deb: ${cases[0]}" "the last line of make deb is not a .deb in build/deb/: [$(tail -n 1 <<< "$out")]"
	next
	skip_rest "no package was built"
fi
next

ver=$(sed -n 's/^#define AOE_UP_VERSION "\(.*\)"$/\1/p' src/aoe-up.h)
got=$(dpkg-deb -f "$deb" Version)
if [ -n "$ver" ] && [ "$got" = "$ver" ]; then
	pass "deb: ${cases[1]} ($ver)"
else
	fail "deb: ${cases[1]}" "package $got, src/aoe-up.h '$ver' (debian/changelog)"
fi
next

# --- the files, their paths and modes (dpkg-deb -c) ---------------------------
# listing: "MODE PATH", the owner must be root/root
list=$(dpkg-deb -c "$deb" | awk '{ p = $6; sub(/^\.\//, "", p); print $1, $2, p }')
for w in "${want[@]}"; do
	path=${w% *} mode=${w##* }
	c=${cases[$done_n]}
	next
	p=${path%"[.gz]"}
	re="^$mode root/root ${p//./\\.}"
	[ "$p" = "$path" ] || re+='(\.gz)?'
	re+='$'
	if grep -qE -- "$re" <<< "$list"; then
		pass "deb: $c"
	else
		fail "deb: $c" "dpkg-deb -c has [$(grep -F -- "$p" <<< "$list" | head -n1)]"
	fi
done

dep=$(dpkg-deb -f "$deb" Depends)
if grep -qE '(^|, )initramfs-tools \(>= 0\.142\) \| dracut-core \(>= 059\)(,|$)' <<< "$dep"; then
	pass "deb: ${cases[$done_n]}"
else
	fail "deb: ${cases[$done_n]}" "Depends: [$dep]"
fi
next
trig=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./triggers 2> /dev/null)
if grep -qx 'activate-noawait update-initramfs' <<< "$trig"; then
	pass "deb: ${cases[$done_n]}"
else
	fail "deb: ${cases[$done_n]}" "triggers: [${trig//$'\n'/ }]"
fi
next

mkdir "$tmp/deb"
dpkg-deb -x "$deb" "$tmp/deb"
helper=$tmp/deb/$mod/aoe-up
if ! command -v readelf > /dev/null; then
	skip "deb: ${cases[$done_n]}" "readelf not installed (apt-get install binutils)"
elif ! hdr=$(readelf -h "$helper" 2>&1) || ! grep -q 'Type: *EXEC' <<< "$hdr"; then
	fail "deb: ${cases[$done_n]}" "not a static ELF executable: $(head -n1 <<< "$hdr")"
elif readelf -l "$helper" | grep -qE 'INTERP|program interpreter'; then
	fail "deb: ${cases[$done_n]}" "it has a program interpreter (dynamically linked)"
elif readelf -d "$helper" | grep -q NEEDED; then
	fail "deb: ${cases[$done_n]}" "it needs shared libraries"
else
	pass "deb: ${cases[$done_n]}"
fi
next

# --- aoe-lab, the lab server's package -------------------------------------------
lab=${deb%/*}/aoe-lab_$(dpkg-deb -f "$deb" Version)_all.deb
lablist=$(dpkg-deb -c "$lab" 2> /dev/null | awk '{ p = $6; sub(/^\.\//, "", p); l = $1 " " p " " $7 " " $8; sub(/ +$/, "", l); print l }')
labwant=("lrwxrwxrwx usr/sbin/aoe-lab -> ../lib/aoe-lab/aoe-lab" "-rwxr-xr-x usr/lib/aoe-lab/aoe-lab"
	"-rwxr-xr-x usr/lib/aoe-lab/aoe-lab-listen"
	"-rw-r--r-- lib/systemd/system/aoe-lab-export@.service" "-rw-r--r-- usr/share/man/man8/aoe-lab.8.gz")
for f in lab/*.sh; do labwant+=("-rw-r--r-- usr/lib/aoe-lab/${f#lab/}"); done
missing=()
for w in "${labwant[@]}"; do grep -qxF -- "$w" <<< "$lablist" || missing+=("$w"); done
if [ ! -f "$lab" ]; then
	fail "deb: ${cases[$done_n]}" "no ${lab#"$top"/}"
elif [ ${#missing[@]} -eq 0 ]; then
	pass "deb: ${cases[$done_n]}"
else
	fail "deb: ${cases[$done_n]}" "missing or wrong: ${missing[*]}"
fi
next
dep=$(dpkg-deb -f "$lab" Depends 2> /dev/null)
arch=$(dpkg-deb -f "$lab" Architecture 2> /dev/null)
missing=()
for p in "aoe-boot (>= $(dpkg-deb -f "$deb" Version))" vblade dnsmasq debootstrap pxelinux; do
	[[ ", $dep," == *", $p,"* ]] || missing+=("$p")
done
if [ "$arch" = all ] && [ ${#missing[@]} -eq 0 ]; then
	pass "deb: ${cases[$done_n]}"
else
	fail "deb: ${cases[$done_n]}" "Architecture: $arch; Depends: [$dep] lacks: ${missing[*]}"
fi
next
if grep -qE ' (usr/lib/aoe-lab|usr/sbin/aoe-lab|lib/systemd/system/aoe-lab-export)' <<< "$list"; then
	fail "deb: ${cases[$done_n]}" "$(grep -E 'aoe-lab' <<< "$list" | head -n 2 | tr '\n' ' ')"
else
	pass "deb: ${cases[$done_n]}"
fi
next

# --- lintian, on the source and the binary packages ------------------------------
changes=${deb%_*.deb}_$(dpkg-deb -f "$deb" Architecture).changes
if ! command -v lintian > /dev/null; then
	skip "deb: ${cases[$done_n]}" "lintian not installed (tools/install-deps.sh installs it)"
elif [ ! -f "$changes" ]; then
	fail "deb: ${cases[$done_n]}" "no ${changes#"$top"/} next to the .deb"
else
	# an unused or mismatched override counts too (lintian calls it a
	# classification): an override must explain a tag that is there
	lint=$(lintian --pedantic -L '+>=classification' "$changes" 2> "$tmp/lintian.err")
	bad=$(grep -E '^[EW]: |^.: [^ ]+: (unused|mismatched)-override ' <<< "$lint")
	if [ -n "$bad" ]; then
		fail "deb: ${cases[$done_n]}" "$(head -n 5 <<< "$bad" | tr '\n' ' ')"
	elif grep -qiE 'error|fail' "$tmp/lintian.err"; then
		fail "deb: ${cases[$done_n]}" "lintian: $(grep -iE 'error|fail' "$tmp/lintian.err" | head -n2 | tr '\n' ' ')"
	else
		pass "deb: ${cases[$done_n]}"
	fi
fi
next

# --- the package against make install DESTDIR= ----------------------------------
if ! out=$(make -s install DESTDIR="$tmp/inst" 2>&1); then
	fail "deb: ${cases[$done_n]}" "make install failed: $(tail -n 3 <<< "$out" | tr '\n' ' ')"
	next
	skip "deb: ${cases[$done_n]}" "make install failed"
	next
else
	# tree DIR: "MODE PATH" of everything under DIR. dh_compress's .gz suffixes
	# are dropped; dpkg's own files (copyright, changelog, lintian overrides)
	# are not in make install by design.
	tree() {
		(cd "$1" && find . -mindepth 1 -printf '%M %P\n') |
			sed -E 's,^([^ ]+ usr/share/(man|doc)/.*)\.gz$,\1,' |
			grep -vE ' usr/share/doc/aoe-(boot|lab)/(copyright|changelog)$| usr/share/doc/aoe-lab$| usr/share/lintian(/|$)' |
			sort -k2
	}
	# the two packages together
	[ ! -f "$lab" ] || dpkg-deb -x "$lab" "$tmp/deb"
	if d=$(diff <(tree "$tmp/inst") <(tree "$tmp/deb")); then
		pass "deb: ${cases[$done_n]}"
	else
		fail "deb: ${cases[$done_n]}" "< make install, > package: $(grep '^[<>]' <<< "$d" | head -n 6 | tr '\n' ' ')"
	fi
	next
	# contents: every file but the helper (built the same way, yet maybe by
	# another compiler here); compressed ones compared uncompressed.
	differ=()
	while read -r _ p; do
		[ -f "$tmp/inst/$p" ] || continue
		[ "$p" = "$mod/aoe-up" ] && continue
		if [ -f "$tmp/deb/$p" ]; then
			cmp -s "$tmp/inst/$p" "$tmp/deb/$p" || differ+=("$p")
		elif [ -f "$tmp/deb/$p.gz" ]; then
			zcat "$tmp/deb/$p.gz" | cmp -s "$tmp/inst/$p" - || differ+=("$p")
		fi
	done < <(tree "$tmp/inst")
	if [ ${#differ[@]} -eq 0 ]; then
		pass "deb: ${cases[$done_n]}"
	else
		fail "deb: ${cases[$done_n]}" "differ: ${differ[*]}"
	fi
	next
fi

# dpkg-buildpackage writes next to the tree it builds: that must be the copy
# in build/, never the repository's parent directory.
stray=$(find "$top/.." -maxdepth 1 \( -name 'aoe-boot_*' -o -name 'aoe-lab_*' \) -newer "$tmp/stamp" 2> /dev/null)
if [ -z "$stray" ] && [ ! -e "$top/build/deb-tree" ]; then
	pass "deb: ${cases[$done_n]}"
else
	fail "deb: ${cases[$done_n]}" "left behind: $stray $([ -e "$top/build/deb-tree" ] && echo build/deb-tree)"
fi
exit 0
