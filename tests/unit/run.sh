#!/bin/bash
# Builds the unit tests (gcc, ASan + UBSan) from the helper's sources and runs
# them. Prints one PASS:/FAIL: line per case. Needs no root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/tap.sh
. "$here/../lib/tap.sh"
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
	fail "unit build" "gcc failed (see above)"
	exit 1
fi
rm -f "$bin.log"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$bin"
rc=$?

# fmt.c knows %s %c %d %u %x (with l or ll) and %% only: no source may ask
# for more, and no source may call the libc's printf family past it.
bad=$(cd "$src" && grep -noE '%[-+#0-9.*]*(hh|h|ll|l|z|j|t|L)?[a-zA-Z%]' ./*.c |
	grep -vE ':%(l|ll)?[dux]$|:%[sc%]$')
check "fmt: the sources use only its conversions" "${bad//$'\n'/ }" [ -z "$bad" ]
bad=$(cd "$src" && grep -nE '(^|[^_a-z])(v?s?n?printf|fprintf|puts|fputs)\(' ./*.c | grep -v '^./fmt.c:')
check "fmt: no source calls the libc's printf family" "${bad//$'\n'/ }" [ -z "$bad" ]

# The built helper at the command line: exit codes and where output goes.
aoe=$src/aoe-up
if ! make -s -C "$src" >/dev/null 2>&1; then
	fail "cli build" "make -C src failed"
	exit 1
fi
# cli NAME WANT-RC WANT-STDOUT WANT-STDERR ARGS...: compare exactly
cli() {
	local name=$1 want_rc=$2 want_out=$3 want_err=$4 out err got_rc
	shift 4
	out=$("$aoe" "$@" 2>"$bin.err")
	got_rc=$?
	err=$(cat "$bin.err")
	if [ "$got_rc" != "$want_rc" ]; then
		fail "cli $name" "exit $got_rc, want $want_rc"
	elif [ "$want_out" != "*" ] && [ "$out" != "$want_out" ]; then
		fail "cli $name" "stdout [$out], want [$want_out]"
	elif [ "$err" != "$want_err" ]; then
		fail "cli $name" "stderr [$err], want [$want_err]"
	else
		pass "cli $name"
	fi
}
cli "--check ok prints what the hooks act on" 0 "target=e0.1p1
root=/dev/etherd/e0.1p1" "" --check root=/dev/etherd/e0.1p1
cli "--check with cmdline words" 0 "target=e1.2" "" -n rd.aoe.target=e1.2 rd.aoe.if=eth0 BOOTIF=01-52-54-00-12-34-56 rd.aoe.mtu=keep rd.aoe.timeout=30 rd.aoe.timeout.carrier=2
cli "bad mtu exits 2" 2 "" "aoe-up: rd.aoe.mtu=huge: expected auto, keep or a number 68-65535" --check rd.aoe.mtu=huge e0.1
cli "--check with rd.aoe.mac=" 0 "target=e0.1" "" -n rd.aoe.mac=52:54:00:aa:00:01,52:54:00:aa:00:02 e0.1
cli "bad rd.aoe.mac= exits 2" 2 "" "aoe-up: rd.aoe.mac=zz: expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)" --check rd.aoe.mac=zz e0.1
cli "typo in a cmdline key exits 2" 2 "" "aoe-up: rd.aoe.mut=9000: unknown parameter (see aoe-up --help)" rd.aoe.mut=9000 e0.1
cli "missing target exits 2" 2 "" "aoe-up: no target given; expected eSHELF.SLOT[pPART], root=/dev/etherd/eSHELF.SLOT[pPART] or rd.aoe.target=eSHELF.SLOT[pPART]" -n
# Hostile values come back with every unsafe byte as '?' (nothing a shell
# would expand inside double quotes, no control byte).
IFX="expected a comma list of up to 16 interface names (A-Z a-z 0-9 . _ + -) or MACs (aa:bb:cc:dd:ee:ff)"
# shellcheck disable=SC2016 # the literal text is the point
{
cli "hostile mtu is quoted" 2 "" 'aoe-up: rd.aoe.mtu=?(touch?{IFS}x): expected auto, keep or a number 68-65535' -n 'rd.aoe.mtu=$(touch${IFS}x)' e0.1
cli "hostile if is quoted" 2 "" "aoe-up: rd.aoe.if=?touch x?: $IFX" -n 'rd.aoe.if=`touch x`' e0.1
cli "quotes, backslash, control bytes are quoted" 2 "" "aoe-up: rd.aoe.if=a?b?c?d??: $IFX" -n "$(printf 'rd.aoe.if=a"b\\c\033d\n\351')" e0.1
cli "an unknown hostile option is quoted" 2 "" 'aoe-up: --?(x): unknown option (see aoe-up --help)' -n '--$(x)' e0.1
}
# --status-file: never through a symlink, never into a FIFO or device.
sf=$(mktemp -d)
: > "$sf/target"
ln -s "$sf/target" "$sf/link"
mkfifo "$sf/fifo"
nf="aoe-up: looking for e0.1 (timeout 1 s)
aoe-up: -i nosuch9: no such interface (have: none)"
cli "--status-file: a symlink is not followed" 3 "" "$nf
aoe-up: cannot write status file $sf/link: is a symbolic link" -P "$sf" -i nosuch9 -c 0 -t 1 -s "$sf/link" e0.1
if [ -s "$sf/target" ]; then fail "cli --status-file: nothing written through the symlink" "written through the symlink"
else pass "cli --status-file: nothing written through the symlink"; fi
cli "--status-file: a FIFO is refused, without blocking" 3 "" "$nf
aoe-up: cannot write status file $sf/fifo: No such device or address" -P "$sf" -i nosuch9 -c 0 -t 1 -s "$sf/fifo" e0.1
cli "--status-file: a regular file is written" 3 "" "$nf" -P "$sf" -i nosuch9 -c 0 -t 1 -s "$sf/st" e0.1
if [ "$(cat "$sf/st")" = "aoe-up: -i nosuch9: no such interface (have: none)" ]; then
	pass "cli --status-file: the line is in it"
else fail "cli --status-file: the line is in it" "$(cat "$sf/st")"; fi
rm -rf "$sf"
cli "--version" 0 "aoe-up 1.0" "" --version
cli "--help to stdout" 0 "*" "" --help
if "$aoe" --help | grep -q '^3 no usable NIC'; then
	pass "cli --help documents exit codes"
else
	fail "cli --help documents exit codes" "not found"
fi
# --show-abft under --prefix: iPXE's table in a BIOS machine's base memory
# (/dev/mem as a file) is read; on an EFI boot it is stale and never used.
ab=$(mktemp -d)
# abft SLOT: a good 48-byte aBFT for e0.SLOT via 52:54:00:ae:00:01, as bytes
abft() {
	local b=(97 66 70 84 48 0 0 0 1 0) i sum=0
	for ((i = 10; i < 48; i++)); do b[i]=0; done
	b[38]=$1
	b[40]=0x52 b[41]=0x54 b[42]=0 b[43]=0xae b[44]=0 b[45]=1
	for i in "${b[@]}"; do sum=$((sum + i)); done
	b[9]=$(((256 - sum % 256) % 256))
	printf '%b' "$(printf '\\x%02x' "${b[@]}")"
}
mkdir -p "$ab/dev"
truncate -s $((0xA0000)) "$ab/dev/mem"
abft 2 | dd of="$ab/dev/mem" bs=1 seek=$((0x9fc40)) conv=notrunc status=none
cli "--show-abft: BIOS, the table in base memory" 0 "e0.2 52:54:00:ae:00:01" "" --show-abft -P "$ab"
abft 3 | dd of="$ab/dev/mem" bs=1 seek=$((0x9d000)) conv=notrunc status=none
cli "--show-abft: BIOS, two tables that differ: none" 1 "" "aoe-up: aBFT at 0x9d000 and 0x9fc40: tables differ; ignored" --show-abft -P "$ab"
mkdir -p "$ab/sys/firmware/efi"
cli "--show-abft: EFI boot, stale tables in base memory are not read" 1 "" "" --show-abft -P "$ab"
rm -rf "$ab"
rm -f "$bin.err"

# The shipped helper's size against its budget (src/Makefile SIZE_BUDGET):
# growing past it is a decision to make in the Makefile, not an accident.
budget=$(sed -n 's/^SIZE_BUDGET = \([0-9]*\).*/\1/p' "$src/Makefile")
size=$(stat -c %s "$aoe")
if ! read -r kind _ < "$src/.kind" || [ "$kind" != klcc ]; then
	skip "helper size within SIZE_BUDGET" "built with ${kind:-?}, not klcc: the budget is klcc's"
elif [ -n "$budget" ] && [ "$size" -le "$budget" ]; then
	pass "helper size within SIZE_BUDGET ($size <= $budget B)"
else
	fail "helper size within SIZE_BUDGET" "$size B > ${budget:-(no SIZE_BUDGET in src/Makefile)} B"
fi
[ "$rc" -eq 0 ] || exit "$rc"
tap_exit
