#!/bin/bash
# Only the root's AoE disk names the root (aoe-scope.sh, aoe-rival.sh,
# 61-aoe-storage.rules): which disk the cmdline hook marks for which command
# line, which /dev/disk link root= is found by, and when a disk outside the
# mark is reported as carrying the root's name. dracut-lib is replaced by
# doubles; udev's side (the rule) is run by tests/e2e/uuid-root.sh.
set -u
cd "$(dirname "$0")/../.." || exit 1
mod=$PWD/modules.d/50aoe
tmp=$(mktemp -d)
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cwd"

# aoe-up: the hook tests' recording stub (aoe_up_stub): --check runs the real
# helper, --show-abft prints $STUB_ABFT, everything else passes.
make -s -C src > /dev/null 2>&1 || { fail "helper build" "make -C src failed"; exit 1; }
mkdir -p "$tmp/bin"
aoe_up_stub "$tmp/bin/aoe-up" "$PWD/src/aoe-up" "$tmp/nofw"

# prelude CMDLINE: dash definitions over CMDLINE, the module's libraries sourced.
prelude() {
	cat << ENV
CMDLINE='$1'
hookdir=$tmp/hooks
PATH=$tmp/bin:\$PATH
export STUB_ABFT='${STUB_ABFT:-}'
aoe_rundir=$tmp/run
aoe_kmsg=$tmp/kmsg
$(dracut_lib_doubles)
warn() { :; }
die() { echo "die: \$*" > $tmp/die; exit 1; }
need_shutdown() { :; }
. $mod/aoe-lib.sh
. $mod/aoe-overlay.sh
. $mod/aoe-scope.sh
ENV
}

# --- the link root= is found by (aoe_scope_link) -------------------------------
#   root=                              link ("" for none)
l() { check_eq "scope link [$1]" "$({ prelude ''; echo "aoe_scope_link '$1'"; } | dash)" "$2"; }
l "UUID=4a3c-11"                       "by-uuid/4a3c-11"
l "block:UUID=4a3c-11"                 "by-uuid/4a3c-11"
l "LABEL=aoe-root"                     "by-label/aoe-root"
l "LABEL=a b/c"                        'by-label/a\x20b\x2fc'
l "PARTUUID=0a0e-01"                   "by-partuuid/0a0e-01"
l "PARTLABEL=root"                     "by-partlabel/root"
l "/dev/disk/by-uuid/4a3c-11"          "by-uuid/4a3c-11"
l "block:/dev/disk/by-label/r"         "by-label/r"
l "/dev/disk/by-id/ata-x"              ""
l "/dev/etherd/e0.1p1"                 ""
l "/dev/sda1"                          ""
l ""                                   ""

# --- what the cmdline hook marks (parse-aoe.sh -> aoe_scope) -------------------
# scope CMDLINE: run parse-aoe.sh; print "disk=D root=L marks=N" from
# $aoe_rundir/scope (N: the marks, by udev's name etherd/eX.Y[pN], as the
# rule's TEST looks them up; listed when not the 16 of D),
# or "none" when it wrote no scope.
scope() {
	rm -rf "$tmp/run" "$tmp/hooks" "$tmp/die"
	mkdir -p "$tmp/hooks/initqueue"
	{ prelude "$1"; echo "root=\$(getarg root=)"; echo ". $mod/parse-aoe.sh"; } | dash > /dev/null 2>&1
	local s=$tmp/run/scope d r want n f
	if [ ! -d "$s" ]; then echo none; return; fi
	d=$(cat "$s/disk" 2>&1) r=$(cat "$s/root" 2>&1)
	want=$(printf '%s\n' "$d" "$d"p{1..15} | sort)
	n=$(for f in "$s"/etherd/* "$s"/etherd!*; do [ -e "$f" ] && echo "${f#"$s"/etherd/}"; done | sort)
	[ "$n" = "$want" ] && n=16 || n=${n//$'\n'/ }
	echo "disk=$d root=$r marks=$n"
}
#   command line                                 scope written
s() { check_eq "scope [$1]" "$(scope "$1")" "$2"; }
s "root=UUID=4a3c rd.aoe.target=e0.1"           "disk=e0.1 root=by-uuid/4a3c marks=16"
s "root=UUID=4a3c rd.aoe.target=e0.1p1"         "disk=e0.1 root=by-uuid/4a3c marks=16"
s "root=LABEL=aoe-root netroot=aoe:e12.34"      "disk=e12.34 root=by-label/aoe-root marks=16"
s "root=PARTUUID=0a0e-01 rd.aoe.target=/dev/etherd/e3.7" "disk=e3.7 root=by-partuuid/0a0e-01 marks=16"
s "root=/dev/etherd/e0.1p1"                     "disk=e0.1 root= marks=16"
s "root=aoe:e0.2"                               "disk=e0.2 root= marks=16"
s "root=UUID=4a3c"                              "none"
s "rd.aoe=0 root=UUID=4a3c rd.aoe.target=e0.1"  "none"
s "root=/dev/sda1"                              "none"
check_eq "scope [aBFT only, root=UUID=4a3c]" \
	"$(STUB_ABFT="e0.7 52:54:00:ae:00:01" scope "root=UUID=4a3c")" "disk=e0.7 root=by-uuid/4a3c marks=16"
# a target aoe-up --check refuses marks nothing
s "root=UUID=4a3c rd.aoe.target=e0.1/../x"      "none"
s "root=UUID=4a3c rd.aoe.target=e0"             "none"

# --- an AoE device outside the mark (aoe-rival.sh -> aoe_scope_rival) ----------
# rival CMDLINE NAME ENV...: mark as the hook does for CMDLINE, run
# aoe-rival.sh for udev's NAME (%k: etherd/eX.Y[pN]) with udev's ENV (twice: a change event); print
# what reached the kernel log, "nothing" if nothing did.
rival() {
	local cl=$1 k=$2
	shift 2
	rm -rf "$tmp/run" "$tmp/kmsg"
	{ prelude "$cl"; echo "aoe_scope \"\$(aoe_target)\""; } | dash
	for _ in 1 2; do
		{ prelude "$cl"; [ $# = 0 ] || printf 'export %q\n' "$@"; echo "set -- '$k'"; echo ". $mod/aoe-rival.sh"; } |
			(cd "$tmp/cwd" && dash)
	done
	if [ -s "$tmp/kmsg" ]; then cat "$tmp/kmsg"; else echo nothing; fi
}
W='<27>aoe-boot: warning:'
#   command line, kernel name, udev's blkid results          what is reported
r() { check_eq "rival [$1]" "$(rival "${@:2:$#-2}")" "${*: -1}"; }
r "same UUID on another disk, reported once" \
  "root=UUID=4a3c rd.aoe.target=e0.1" 'etherd/e0.2p1' ID_FS_UUID_ENC=4a3c ID_FS_LABEL_ENC=x \
  "$W e0.2p1 carries the root's by-uuid/4a3c too; ignored: only the root's AoE disk e0.1 may name the root"
r "another UUID: nothing" \
  "root=UUID=4a3c rd.aoe.target=e0.1" 'etherd/e0.2p1' ID_FS_UUID_ENC=77aa "nothing"
r "same label" \
  "root=LABEL=aoe-root netroot=aoe:e0.1" 'etherd/e1.2p3' ID_FS_LABEL_ENC=aoe-root \
  "$W e1.2p3 carries the root's by-label/aoe-root too; ignored: only the root's AoE disk e0.1 may name the root"
r "same PARTUUID" \
  "root=PARTUUID=0a0e-01 rd.aoe.target=e0.1p1" 'etherd/e0.9p1' ID_PART_ENTRY_UUID=0a0e-01 \
  "$W e0.9p1 carries the root's by-partuuid/0a0e-01 too; ignored: only the root's AoE disk e0.1 may name the root"
r "the whole disk, no filesystem: nothing" \
  "root=UUID=4a3c rd.aoe.target=e0.1" 'etherd/e0.2' "nothing"
r "a root by device name: nothing to compete for" \
  "root=/dev/etherd/e0.1p1" 'etherd/e0.2p1' ID_FS_UUID_ENC=4a3c "nothing"
r "an empty UUID never matches" \
  "root=UUID= rd.aoe.target=e0.1" 'etherd/e0.2p1' ID_FS_UUID_ENC= "nothing"
# shellcheck disable=SC2016 # the literal text is the point
r "a hostile root= reaches the log inert" \
  'root=LABEL=$(touch${IFS}pwned) rd.aoe.target=e0.1' 'etherd/e0.2p1' 'ID_FS_LABEL_ENC=$(touch${IFS}pwned)' \
  "$W e0.2p1 carries the root's by-label/?(touch?{IFS}pwned) too; ignored: only the root's AoE disk e0.1 may name the root"
check "rival: nothing from the command line or the disk ran" "" test ! -e "$tmp/cwd/pwned"
rm -rf "$tmp/run" "$tmp/kmsg"
{ prelude "root=UUID=4a3c"; echo "set -- 'etherd/e0.2p1'"; echo "ID_FS_UUID_ENC=4a3c . $mod/aoe-rival.sh"; } | dash
check_eq "rival without a scope (no AoE target known): nothing" "$(cat "$tmp/kmsg" 2>/dev/null || echo nothing)" "nothing"

# --- the rule, the hook and module-setup.sh agree on names ----------------------
rules=$mod/61-aoe-storage.rules
check "rule: links only for devices marked in /run/aoe/scope, in the initramfs" "" \
	grep -qxF 'TEST=="/run/aoe/scope/%k", GOTO="aoe_storage_links"' "$rules"
# the initramfs is told by dracut's /etc/initrd-release or initramfs-tools'
# /conf/initramfs.conf; anything else is the booted system
check "rule: the booted system links every AoE disk" "" \
	grep -qzF 'TEST=="/etc/initrd-release", GOTO="aoe_storage_initrd"
TEST=="/conf/initramfs.conf", GOTO="aoe_storage_initrd"
GOTO="aoe_storage_links"
LABEL="aoe_storage_initrd"
TEST!="/run/aoe/scope", GOTO="aoe_storage_links"' "$rules"
check "rule: every SYMLINK is after the scope test" "" \
	test "$(grep -n 'SYMLINK' "$rules" | head -n1 | cut -d: -f1)" -gt "$(grep -n 'LABEL="aoe_storage_links"' "$rules" | cut -d: -f1)"
run=$(sed -n 's|.*RUN+="/bin/sh \([^ ]*\) %k".*|\1|p' "$rules")
check "rule: runs what module-setup.sh installs ($run)" "" \
	grep -qF "inst_simple \"\$moddir/aoe-rival.sh\" $run" "$mod/module-setup.sh"
# shellcheck disable=SC2016 # literal text of the sources
{
check "module-setup.sh installs aoe-scope.sh where the hooks source it" "" \
	grep -qF 'inst_simple "$moddir/aoe-scope.sh" /lib/aoe-scope.sh' "$mod/module-setup.sh"
check "aoe_scope writes where the rule looks (aoe_rundir=/run/aoe)" "" \
	grep -qF 'aoe_rundir=${aoe_rundir:-/run/aoe}' "$mod/aoe-lib.sh"
}
tap_exit
