#!/bin/bash
# tools/mkdeb.sh (make deb): build the Debian packages aoe-boot and aoe-lab with
# dpkg-buildpackage and put them in build/deb/; prints aoe-boot's .deb path last.
# usage: tools/mkdeb.sh [--force]   (--force: build even if the tree has not
# changed since the package in build/deb/ was built)
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

# files: the tree's files, NUL-separated: tracked and new ones (a tracked
# file deleted in the tree is left out), or without git all but build/, .git.
files() {
	if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done
	else
		find . \( -path ./build -o -path ./.git \) -prune -o -type f -print0
	fi
}

cd "$top"
# One build at a time (tests run side by side may each ask for the package):
# the second waits, then finds the first one's package below.
mkdir -p "$top/build"
exec 9> "$top/build/.mkdeb.lock"
flock 9
# The same files with the same contents and modes make the same package:
# a second build (make check builds it for tests/unit/deb.sh and again for
# the Debian root of tests/e2e/debian.sh) reuses the first.
key=$(files | sort -z | xargs -0 -r stat -c '%a %n' | sha256sum | cut -c1-16)-$(
	files | sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-16)
if [ "${1-}" != --force ] && [ -f "$out/.key" ] && [ "$(cat "$out/.key")" = "$key" ] &&
	deb=$(ls "$out"/aoe-boot_*.deb 2> /dev/null) && [ -f "$deb" ]; then
	echo "mkdeb: the tree has not changed since $deb was built; reusing it" >&2
	echo "$deb"
	exit 0
fi

rm -rf "$work" "$out"
mkdir -p "$tree" "$out"
files | tar -c --null -T - -f - | tar -x -C "$tree" -f -

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
for f in "$work"/aoe-boot_* "$work"/aoe-lab_*; do
	[ -f "$f" ] && mv "$f" "$out/"
done
mv "$work/build.log" "$out/"
echo "$key" > "$out/.key"
rm -rf "$work"
deb=$(ls "$out"/aoe-boot_*.deb)
echo "$deb"
