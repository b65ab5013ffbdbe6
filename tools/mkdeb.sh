#!/bin/bash
# tools/mkdeb.sh (make deb): build the Debian package aoe-boot with
# dpkg-buildpackage and put it in build/deb/; prints the .deb's path last.
#
# dpkg-buildpackage writes its results next to the source tree, so it runs on
# a copy of the tree in build/deb-tree/ and the results are moved to
# build/deb/: nothing is written outside the repository. The copy holds the
# files git knows (tracked or new, not ignored), or without git everything
# but build/ and .git. Builds the source package too (3.0 (native)), so that
# lintian can check it with the binary one (build/deb/*.changes).
set -eu
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$top/build/deb
work=$top/build/deb-tree
tree=$work/aoe-boot

for c in dpkg-buildpackage dh klcc; do
	if ! command -v "$c" > /dev/null; then
		echo "mkdeb: $c not found: run tools/install-deps.sh (as root)" >&2
		exit 1
	fi
done

rm -rf "$work" "$out"
mkdir -p "$tree" "$out"
cd "$top"
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	# tracked and new files; a tracked file deleted in the tree is left out
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar -c --null -T - -f - | tar -x -C "$tree" -f -
else
	tar -c --exclude=./build --exclude=./.git -f - . | tar -x -C "$tree" -f -
fi

cd "$tree"
# The build is the same from `make deb`, from a shell or from inside `make
# check`: no make variables or job server of a calling make leak into it.
unset MAKEFLAGS MFLAGS MAKELEVEL WERROR
# -us -uc: no signatures (a local build); output goes to the log, errors to stderr.
if ! dpkg-buildpackage -us -uc > "$work/build.log" 2>&1; then
	tail -n 40 "$work/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed; full log: $work/build.log" >&2
	exit 1
fi
cd "$top"
for f in "$work"/aoe-boot_*; do
	[ -f "$f" ] && mv "$f" "$out/"
done
mv "$work/build.log" "$out/"
rm -rf "$work"
deb=$(ls "$out"/aoe-boot_*.deb)
echo "$deb"
