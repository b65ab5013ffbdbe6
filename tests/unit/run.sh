#!/bin/bash
# Builds the unit tests (gcc, ASan + UBSan) from the helper's sources and runs
# them. Prints one PASS:/FAIL: line per case. Needs no root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../src
bin=$here/unit.bin
srcs=()
for f in "$src"/*.c; do
	[ "$(basename "$f")" = main.c ] || srcs+=("$f")
done
if ! gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wno-format-truncation -g -O1 \
	-fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -I"$src" -I"$here" \
	-o "$bin" "${srcs[@]}" "$here"/t_*.c 2>"$bin.log"; then
	cat "$bin.log"
	echo "FAIL: unit build: gcc failed (see above)"
	exit 1
fi
rm -f "$bin.log"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$bin"
