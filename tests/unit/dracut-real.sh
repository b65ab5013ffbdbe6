#!/bin/bash
# shellcheck disable=SC2016 # the generated scripts and the hostile words expand later, or never
# The hooks with the real dracut: dracut-lib.sh's getcmdline, getarg (its C
# dracut-getarg), getargbool, die and wait_for_dev, over command lines with
# quoted and repeated words, and an overlay disk with hostile contents. Each
# boot runs in a private mount namespace (root, or a user namespace):
# /proc/cmdline is the case's command line, /dev/kmsg a file, /run a tmpfs,
# so nothing of the host is touched. Then, as dracut does, the emergency
# hook die() wrote and the files wait_for_dev() wrote are sourced: nothing
# from the command line or the disk may run there. aoe-up --check is the
# real helper; the searches, blkid, mount and modprobe are doubles.
# Also holds tests/lib/dracut-doubles.sh's getarg to the real one.
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$PWD
mod=$top/modules.d/50aoe
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
base=${AOE_DRACUT_SYSDIR:-/usr/lib/dracut}
# 99base up to dracut 107, 80base since dracut-ng 108
lib=$(find "$base/modules.d" -maxdepth 1 -name '[0-9][0-9]base' 2> /dev/null | head -n1)
if ! [ -r "$lib/dracut-lib.sh" ] || ! [ -r "$lib/dracut-dev-lib.sh" ] || ! [ -x "$base/dracut-util" ]; then
	skip_script "dracut's dracut-lib.sh and dracut-util not installed (apt-get install dracut-core)"
fi
command -v dash > /dev/null || skip_script "dash not installed"
if [ "$(id -u)" = 0 ]; then
	ns=(unshare -m --propagation private)
elif unshare -r -m true 2> /dev/null; then
	ns=(unshare -r -m --propagation private)
else
	skip_script "needs root or user namespaces (die writes /dev/kmsg and /run)"
fi
make -s -C src > /dev/null 2>&1 || { fail "helper build" "make -C src failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$base/dracut-util" "$tmp/bin/dracut-getarg"

# --- the doubles' getarg is the real one's --------------------------------------
dracut_lib_doubles > "$tmp/doubles.sh"
# dbl TEXT KEY: the doubles' getarg and the real dracut-getarg agree (output, status)
dbl() {
	local want got
	want=$(CMDLINE=$1 "$tmp/bin/dracut-getarg" "$2" 2> /dev/null; echo "status $?")
	got=$(CMDLINE=$1 dash -c '. "$1"; getarg "$2"; echo "status $?"' sh "$tmp/doubles.sh" "$2")
	check_eq "getarg double = dracut-getarg [$1] $2" "$got" "$want"
}
dbl 'a=1 b' a
dbl 'a=1 b' b
dbl '"a=x y" b' a
dbl 'a="x y" b' a
dbl '"a=$(touch x)"' a
dbl 'a=""' a
dbl 'a="' a
dbl '"a"' a
dbl 'a=' a
dbl 'a=b=c' a
dbl 'a=x"y z"w v' a
dbl 'a=x"y z"w v' v
dbl '"a=1"x b' a
dbl '"a="1""' a
dbl 'a=1"' a
dbl '"unclosed a=1' 'unclosed a'
dbl "$(printf 'a=1\240b=2')" b
dbl "$(printf 'a=1\rb=2\vc')" b
dbl 'a=1 a' a
dbl 'a a=2' a
dbl 'a=1 "a=2" a="3"' a
dbl 'root=/dev/etherd/e0.1 "rd.aoe.overlay=$(touch x)" rd.aoe.overlay=tmpfs' rd.aoe.overlay
dbl 'root=/dev/etherd/e0.1 rd.aoe.overlay=tmpfs "rd.aoe.overlay=$(touch x)"' rd.aoe.overlay

# --- boots ---------------------------------------------------------------------
# The doubles: aoe-up runs the real helper for --check (no firmware: an empty
# --prefix), fails --show-abft, and a search ends with $STUB_SEARCH (0 found);
# blkid prints $STUB_BLKID for any device; mount mounts nothing; modprobe
# loads nothing.
cat > "$tmp/bin/aoe-up" << STUB
#!/bin/sh
echo "\$*" >> "\$T/aoe-up.log"
for a; do
	case "\$a" in
		--show-abft) exit 1 ;;
		--check) exec "$top/src/aoe-up" --prefix="\$T/nofw" "\$@" ;;
	esac
done
for a; do case "\$a" in --status-file=*) echo "aoe-up: not found (test)" > "\${a#*=}" ;; esac; done
exit \${STUB_SEARCH:-0}
STUB
cat > "$tmp/bin/blkid" << 'STUB'
#!/bin/sh
[ -n "$STUB_BLKID" ] || exit 2
for d; do :; done
printf '%s: %s\n' "$d" "$STUB_BLKID"
STUB
printf '#!/bin/sh\nexit 0\n' > "$tmp/bin/mount"
printf '#!/bin/sh\nexit 0\n' > "$tmp/bin/umount"
printf '#!/bin/sh\nexit 0\n' > "$tmp/bin/modprobe"
chmod +x "$tmp/bin/"*

# inside the namespace: the case's /proc/cmdline, /dev/kmsg, /run, a
# read-only root on NEWROOT; the boot (cmdline hook, dracut's root wait,
# pre-pivot overlay hook), then what dracut sources later, in T/cwd.
cat > "$tmp/ns.sh" << 'NS'
T=$1
mount -t tmpfs none /run && mkdir -p /run/initramfs || exit 9
: > "$T/kmsg"
mount --bind "$T/kmsg" /dev/kmsg && mount --bind "$T/cmdline" /proc/cmdline || exit 9
mount -t tmpfs -o ro none "$T/newroot" || exit 9
dash "$T/boot.sh" > "$T/boot.out" 2>&1
dash "$T/later.sh" > "$T/later.out" 2>&1
NS
cat > "$tmp/boot.sh" << 'BOOT'
PATH=$T/bin:$PATH
. "$LIB/dracut-dev-lib.sh"
. "$LIB/dracut-lib.sh"
hookdir=$T/hooks NEWROOT=$T/newroot
aoe_rundir=$T/run aoe_libdir=$MOD AOE_OV_RUN=$T/run
. "$MOD/aoe-lib.sh"
. "$MOD/aoe-overlay.sh"
root=$(getarg root=)
. "$MOD/parse-aoe.sh"
echo "root=$root target=$(aoe_opt target) getarg.target=$(getarg rd.aoe.target=) overlay=$(aoe_opt overlay) getarg.overlay=$(getarg rd.aoe.overlay=)"
case "$root" in block:*) wait_for_dev "${root#block:}" ;; esac
. "$MOD/mount-overlay.sh"
echo end of boot
BOOT
cat > "$tmp/later.sh" << 'LATER'
. "$LIB/dracut-dev-lib.sh"
. "$LIB/dracut-lib.sh"
hookdir=$T/hooks
cd "$T/cwd" || exit 1
for f in "$hookdir"/initqueue/finished/*.sh "$hookdir"/emergency/*.sh; do
	[ -e "$f" ] && (. "$f")
done
LATER

# boot NAME CMDLINE [VAR=VALUE...]: one boot under CMDLINE; leaves in $B the
# case's directory: boot.out (what the boot printed), later.out (what the
# sourced hooks printed), cwd/pwned if anything ran.
boot() {
	B=$tmp/case
	rm -rf "$B"
	mkdir -p "$B/cwd" "$B/newroot" "$B/hooks/emergency" "$B/hooks/initqueue/finished" \
		"$B/run/overlay" "$B/nofw"
	printf '%s\n' "$2" > "$B/cmdline"
	ln -s "$tmp/bin" "$B/bin"
	cp "$tmp/boot.sh" "$tmp/later.sh" "$B/"
	[ -n "${OVERLAY_ID:-}" ] && printf '%s\n' "$OVERLAY_ID" > "$B/run/overlay/aoe-overlay.id"
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin T="$B" LIB="$lib" MOD="$mod" "${@:3}" \
		"${ns[@]}" sh "$tmp/ns.sh" "$B"
}
# fatal NAME CMDLINE WANT [VAR=VALUE...]: the boot stops with the FATAL line
# WANT, which is what the emergency hook prints too, and nothing ran.
fatal() {
	boot "$1" "$2" "${@:4}"
	local got
	got=$(sed -n 's/^dracut Warning: dracut: FATAL: //p' "$B/later.out" | head -n1)
	if [ -e "$B/cwd/pwned" ]; then
		fail "real dracut [$1]" "a command from the command line or the disk ran"
	else
		check_eq "real dracut [$1]" "$got" "$3"
	fi
}
# goes NAME CMDLINE WANT [VAR=VALUE...]: the boot goes on (no FATAL), its
# values line is WANT, and nothing ran.
goes() {
	boot "$1" "$2" "${@:4}"
	local got
	got="$(grep -c FATAL "$B/kmsg") FATAL; $(grep '^root=' "$B/boot.out")"
	if [ -e "$B/cwd/pwned" ]; then
		fail "real dracut [$1]" "a command from the command line or the disk ran"
	else
		check_eq "real dracut [$1]" "$got" "0 FATAL; $3"
	fi
}

OVX="expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or a number with k, m or g) or eSHELF.SLOT[pPART]"
RANGES="(shelf 0-65534 except 4095, slot 0-254, partition 1-15)"
goes "a plain AoE root" 'BOOT_IMAGE=/vmlinuz root=aoe:e0.1p1 ro quiet' \
	"root=block:/dev/etherd/e0.1p1 target=e0.1p1 getarg.target= overlay= getarg.overlay="
# what getarg returns is what aoe-up checked and the hooks act on
goes "a quoted overlay word" 'root=/dev/etherd/e0.1p1 "rd.aoe.overlay=tmpfs:size=1g"' \
	"root=block:/dev/etherd/e0.1p1 target=e0.1p1 getarg.target= overlay=tmpfs:size=1g getarg.overlay=tmpfs:size=1g"
goes "a repeated overlay word" 'root=/dev/etherd/e0.1p1 rd.aoe.overlay=e0.2 rd.aoe.overlay="tmpfs"' \
	"root=block:/dev/etherd/e0.1p1 target=e0.1p1 getarg.target= overlay=tmpfs getarg.overlay=tmpfs"
goes "a quoted, repeated target" 'root=UUID=1 rd.aoe.target=e0.1 "rd.aoe.target=e0.3"' \
	"root=UUID=1 target=e0.3 getarg.target=e0.3 overlay= getarg.overlay="
# finding 4: command line text in the overlay hook's die
fatal "a quoted overlay word runs nothing" 'root=/dev/etherd/e0.1p1 "rd.aoe.overlay=e0.2 $(touch pwned)"' \
	"aoe-up: rd.aoe.overlay=e0.2 ?(touch pwned): $OVX" STUB_SEARCH=1
fatal "a quoted last overlay word runs nothing" 'root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs "rd.aoe.overlay=e0.2 `touch pwned`"' \
	"aoe-up: rd.aoe.overlay=e0.2 ?touch pwned?: $OVX" STUB_SEARCH=1
# finding 5: netroot= became root=block:..., which wait_for_dev writes into hooks
fatal "netroot= beside rd.aoe.target= is checked" 'rd.aoe.target=e0.1 netroot=aoe:e0.1p$(touch${IFS}pwned)' \
	"aoe-up: netroot=aoe:e0.1p?(touch?{IFS}pwned): expected aoe:eSHELF.SLOT[pPART] $RANGES"
# finding 6: a security option present but unusable stops the boot
fatal "a quoted bad pin stops the boot" 'root=aoe:e0.1p1 "rd.aoe.mac=52:54:00:aa:00:0x"' \
	"aoe-up: rd.aoe.mac=52:54:00:aa:00:0x: expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)"
fatal "a bare pin word stops the boot" 'root=aoe:e0.1p1 rd.aoe.mac=52:54:00:aa:00:01 rd.aoe.mac' \
	"aoe-up: rd.aoe.mac=: expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)"
# finding 3: what the overlay disk holds (written by the booted system)
fatal "a hostile overlay label runs nothing" 'root=/dev/etherd/e0.1p1 rd.aoe.overlay=e0.2' \
	"rd.aoe.overlay=e0.2: /dev/etherd/e0.2 holds ext4 labelled '?(touch pwned)', not an overlay (label aoe-overlay): refusing to use or format it" \
	'STUB_BLKID=LABEL="$(touch pwned)" UUID="1" TYPE="ext4"'
OVERLAY_ID='lower=$(touch pwned)' fatal "a hostile aoe-overlay.id runs nothing" 'root=/dev/etherd/e0.1p1 rd.aoe.overlay=e0.2' \
	"rd.aoe.overlay=e0.2: /dev/etherd/e0.2 was made for the image with filesystem UUID ?(touch pwned), but the root is UUID 1: boot that image, or empty the overlay with rd.aoe.overlay.reset=1" \
	'STUB_BLKID=LABEL="aoe-overlay" UUID="1" TYPE="ext4"'
# the overlay search gets the whole command line (the pin too) and --overlay
boot "the overlay search" 'root=/dev/etherd/e0.1p1 "rd.aoe.mac=52:54:00:aa:00:01" rd.aoe.overlay=e0.2' STUB_SEARCH=1
check_eq "real dracut [the overlay search gets the command line, --overlay]" \
	"$(grep -v -e --check -e --show-abft "$B/aoe-up.log")" \
	"--abft --cmdline=   root=/dev/etherd/e0.1p1 \"rd.aoe.mac=52:54:00:aa:00:01\" rd.aoe.overlay=e0.2 --status-file=$B/run/overlay-status --overlay"
tap_exit
