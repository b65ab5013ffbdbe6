#!/bin/bash
# Builds the libFuzzer targets tests/fuzz/fz_*.c against the helper's
# sources (all but main.c) with clang's fuzzer, ASan and UBSan, into
# build/fuzz/ (or $1). Exit 0 built, 77 clang or its fuzzer runtime missing
# (Debian: clang, libclang-rt-14-dev), 1 the build failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:-$top/build/fuzz}
cc=${CLANG:-$(command -v clang || command -v clang-14)}
if [ -z "$cc" ]; then
	echo "clang not installed"
	exit 77
fi
mkdir -p "$out/obj"
san=("-fsanitize=address,undefined" -fno-sanitize-recover=undefined -g -O1)
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n); int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' > "$out/probe.c"
if ! "$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2> /dev/null; then
	echo "clang's fuzzer runtime missing (libclang-rt-14-dev)"
	exit 77
fi
flags=(-std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wno-unused-command-line-argument "${san[@]}" -I"$top/src")
objs=()
for f in "$top"/src/*.c; do
	b=$(basename "$f" .c)
	[ "$b" = main ] && continue
	o=$out/obj/$b.o
	if [ ! -e "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find "$top"/src/*.h -newer "$o")" ]; then
		"$cc" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$f" -o "$o" || exit 1
	fi
	objs+=("$o")
done
for t in "$here"/fz_*.c; do
	b=$(basename "$t" .c)
	if [ ! -e "$out/$b" ] || [ "$t" -nt "$out/$b" ] || [ -n "$(find "${objs[@]}" -newer "$out/$b")" ]; then
		"$cc" "${flags[@]}" -fsanitize=fuzzer "$t" "${objs[@]}" -o "$out/$b" || exit 1
	fi
done
exit 0
