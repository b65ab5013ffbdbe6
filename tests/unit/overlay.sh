#!/bin/bash
# shellcheck disable=SC2016 # the generated scripts expand in their own shell
# The rd.aoe.overlay hook's decisions (modules.d/50aoe/aoe-overlay.sh), as a
# table: which overlay disks it accepts, formats, resets or refuses with
# which one-line error, and what the cmdline part does to the root's mount
# flags. blkid, cmp, mount, mkfs.ext4 and aoe-up are recording doubles (but
# aoe-up --check is the real helper, whose printed values the hooks act on;
# the blank-disk proof also runs with the real blkid and cmp on files); the
# e2e test tests/e2e/overlay.sh boots the real thing.
set -u
cd "$(dirname "$0")/../.." || exit 1
mod=$PWD/modules.d/50aoe
tmp=$(mktemp -d)
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
trap 'rm -rf "$tmp"' EXIT
make -s -C src > /dev/null 2>&1 || { fail "helper build" "make -C src failed"; exit 1; }
mkdir -p "$tmp/bin" "$tmp/sys/class/block/etherd!e0.2" "$tmp/sys/class/block/etherd!e0.2p1"
echo 8192 > "$tmp/sys/class/block/etherd!e0.2/size"
echo 8192 > "$tmp/sys/class/block/etherd!e0.2p1/size"

# doubles: each logs "name args" to $tmp/calls
for c in mount umount mkfs.ext4; do
	printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\n' "$c" "$tmp" > "$tmp/bin/$c"
done
# blkid: prints $STUB_BLKID for the device (its last argument), else exits
# $STUB_BLKID_RC (2: nothing found); cmp: exits $STUB_CMP (0: the same)
cat > "$tmp/bin/blkid" << STUB
#!/bin/sh
echo "blkid \$*" >> "$tmp/calls"
[ -n "\$STUB_BLKID" ] || exit \${STUB_BLKID_RC:-2}
for d; do :; done
echo "\$d: \$STUB_BLKID"
STUB
cat > "$tmp/bin/cmp" << STUB
#!/bin/sh
echo "cmp \$*" >> "$tmp/calls"
exit \${STUB_CMP:-0}
STUB
cat > "$tmp/bin/aoe-up" << STUB
#!/bin/sh
for a; do case "\$a" in --check) exec "$PWD/src/aoe-up" --prefix="$tmp/nofw" "\$@" ;; esac; done
echo "aoe-up \$*" >> "$tmp/calls"
[ "\$1" = --show-abft ] && exit 1
[ "\${STUB_FOUND:-1}" = 1 ] && exit 0
for a; do case "\$a" in --status-file=*) echo "e0.2 not found within 5 s" > "\${a#*=}" ;; esac; done
exit 1
STUB
chmod +x "$tmp/bin/"*

# ov_env CMDLINE: a shell prelude with dracut-lib doubles over CMDLINE.
ov_env() {
	cat << ENV
CMDLINE='$1'
PATH=$tmp/bin:\$PATH
AOE_OV_RUN=$tmp/run aoe_rundir=$tmp/run aoe_sysfs=$tmp/sys
$(dracut_lib_doubles)
warn() { :; }
info() { echo "info: \$*" >> $tmp/calls; }
die() { echo "die: \$*"; exit 1; }
. $mod/aoe-lib.sh
. $mod/aoe-overlay.sh
ENV
}

# disk CMDLINE MARKER: under root=/dev/etherd/e0.1p1 CMDLINE, check the
# options (aoe_check) and run aoe_ov_disk for the disk aoe-up printed back as
# the overlay, with the root's UUID "root-uuid"; MARKER is aoe-overlay.id's
# content (- for none).
# Prints "die: ..." or "ok marker=<content after> mkfs=<y|n> upper=<kept|gone>".
disk() {
	rm -rf "$tmp/run" "$tmp/calls"
	mkdir -p "$tmp/run/overlay/upper"
	[ "$2" != - ] && echo "$2" > "$tmp/run/overlay/aoe-overlay.id"
	{ ov_env "root=/dev/etherd/e0.1p1 $1"; echo 'aoe_check; aoe_ov_disk "$(aoe_opt overlay)" root-uuid'; } > "$tmp/run.sh"
	local out m k u
	if out=$(dash "$tmp/run.sh" 2>&1); then
		m=$(cat "$tmp/run/overlay/aoe-overlay.id" 2> /dev/null)
		k=n; grep -q '^mkfs.ext4 .*-L aoe-overlay /dev/etherd/' "$tmp/calls" && k=y
		u=gone; [ -d "$tmp/run/overlay/upper" ] && u=kept
		echo "ok marker=$m mkfs=$k upper=$u"
	else
		echo "$out" | tail -n1
	fi
}


OURS='LABEL="aoe-overlay" UUID="1111" TYPE="ext4"'
O=rd.aoe.overlay=e0.2
#   case                 blkid says   command line            marker         result
d() { check_eq "overlay disk [$1]" "$(STUB_BLKID=$2 disk "$3" "$4")" "$5"; }
d "ours, same image"     "$OURS"      "$O"                    lower=root-uuid "ok marker=lower=root-uuid mkfs=n upper=kept"
d "ours, other image"    "$OURS"      "$O"                    lower=other-uuid \
  "die: $O: /dev/etherd/e0.2 was made for the image with filesystem UUID other-uuid, but the root is UUID root-uuid: boot that image, or empty the overlay with rd.aoe.overlay.reset=1"
d "ours, other, reset"   "$OURS"      "$O rd.aoe.overlay.reset=1" lower=other-uuid "ok marker=lower=root-uuid mkfs=n upper=gone"
d "ours, same, reset"    "$OURS"      "$O rd.aoe.overlay.reset=1" lower=root-uuid "ok marker=lower=root-uuid mkfs=n upper=gone"
d "ours, no marker"      "$OURS"      "$O"                    - \
  "die: $O: /dev/etherd/e0.2 has no aoe-overlay.id naming its image: empty it with rd.aoe.overlay.reset=1"
d "blank"                ""           "$O"                    - \
  "die: $O: /dev/etherd/e0.2 is blank: format it once with rd.aoe.overlay.format=1"
d "blank, format"        ""           "$O rd.aoe.overlay.format=1" - "ok marker=lower=root-uuid mkfs=y upper=gone"
d "ours, format: kept"   "$OURS"      "$O rd.aoe.overlay.format=1" lower=root-uuid "ok marker=lower=root-uuid mkfs=n upper=kept"
d "foreign ext4"         'LABEL="data" TYPE="ext4"' "$O rd.aoe.overlay.format=1" - \
  "die: $O: /dev/etherd/e0.2 holds ext4 labelled 'data', not an overlay (label aoe-overlay): refusing to use or format it"
d "foreign, no label"    'UUID="9" TYPE="xfs"' "$O rd.aoe.overlay.format=1" - \
  "die: $O: /dev/etherd/e0.2 holds xfs labelled '', not an overlay (label aoe-overlay): refusing to use or format it"
d "partition table"      'PTUUID="5" PTTYPE="dos"' "$O rd.aoe.overlay.format=1" - \
  "die: $O: /dev/etherd/e0.2 holds a partition table (dos), not a filesystem: name a partition (eSHELF.SLOTpPART)"
d "partition p1"         "$OURS"      "rd.aoe.overlay=e0.2p1" lower=root-uuid "ok marker=lower=root-uuid mkfs=n upper=kept"
check_eq "overlay disk [not found]" "$(STUB_FOUND=0 STUB_BLKID='' disk "$O" -)" \
	"die: $O: AoE overlay disk not found: e0.2 not found within 5 s"
# "blank" is proven, never assumed: blkid -p finds nothing (status 2) and the
# first and last MiB read back as zeros (cmp against /dev/zero)
NOTBLANK="die: $O: /dev/etherd/e0.2 holds no filesystem or partition table blkid knows, but is not blank (its first or last MiB is not all zeros, or cannot be read): refusing to use or format it"
#   case                                  doubles                         result
b() { check_eq "overlay disk [$1]" "$(export "${@:2:$#-2}"; disk "$O rd.aoe.overlay.format=1" -)" "${!#}"; }
b "unknown data (random, qcow2), format"  STUB_BLKID= STUB_CMP=1          "$NOTBLANK"
b "a read error, format"                  STUB_BLKID= STUB_CMP=2          "$NOTBLANK"
b "blkid -p fails, format"                STUB_BLKID= STUB_BLKID_RC=4 \
  "die: $O: cannot tell what /dev/etherd/e0.2 holds (blkid -p exit 4; 8: more than one signature): refusing to use or format it"
b "two signatures, format"                STUB_BLKID= STUB_BLKID_RC=8 \
  "die: $O: cannot tell what /dev/etherd/e0.2 holds (blkid -p exit 8; 8: more than one signature): refusing to use or format it"
b "a signature, no filesystem, format"    'STUB_BLKID=UUID="9"' \
  "die: $O: /dev/etherd/e0.2 holds a signature but no filesystem (blkid -p: UUID=?9?): refusing to use or format it"
STUB_BLKID='' disk "$O rd.aoe.overlay.format=1" - > /dev/null
check_eq "overlay disk [blank: blkid -p, the first and the last MiB]" "$(grep -E '^(blkid|cmp)' "$tmp/calls")" \
	"blkid -p /dev/etherd/e0.2
cmp -s -n 1048576 /dev/etherd/e0.2 /dev/zero
cmp -s -n 1048576 /dev/etherd/e0.2 /dev/zero 3145728 0"
# what the disk holds (the booted system writes it) reaches die inert
# shellcheck disable=SC2016 # the literal text is the point
{
d "hostile label"        'LABEL="$(touch pwned)`x`" TYPE="ext4"' "$O" - \
  "die: $O: /dev/etherd/e0.2 holds ext4 labelled '?(touch pwned)?x?', not an overlay (label aoe-overlay): refusing to use or format it"
d "hostile aoe-overlay.id" "$OURS"    "$O"                    "lower=\$(touch pwned)\"\\" \
  "die: $O: /dev/etherd/e0.2 was made for the image with filesystem UUID ?(touch pwned)??, but the root is UUID root-uuid: boot that image, or empty the overlay with rd.aoe.overlay.reset=1"
}

# the second aoe-up call: the whole command line as the first call had it (so
# the same NICs, MTU, timeouts and pin, rd.aoe.mac=), --overlay makes the
# overlay disk it checked the target; no value of the command line is an
# argument of its own
CL="rd.aoe.target=e0.1 rd.aoe.if=eth0 \"rd.aoe.mac=52:54:00:aa:00:01\" rd.aoe.mtu=9000 $O rd.aoe.timeout=20 BOOTIF=01-52-54-00-ae-00-01 quiet"
STUB_BLKID=$OURS disk "$CL" lower=root-uuid > /dev/null
check_eq "the overlay's aoe-up call: the command line, the pin in it, --overlay" "$(grep '^aoe-up' "$tmp/calls")" \
	"aoe-up --abft --cmdline=root=/dev/etherd/e0.1p1 $CL --status-file=$tmp/run/overlay-status --overlay"

# the cmdline part: rw refused, ro added for shell initrds
# parse CMDLINE: "rflags=<after> fastboot=<v>" or the die line
parse() {
	{ ov_env "root=/dev/etherd/e0.1p1 $1"; echo 'rflags=$(getarg rootflags=); aoe_check; aoe_overlay_parse; echo "rflags=$rflags fastboot=${fastboot:-}"'; } > "$tmp/run.sh"
	dash "$tmp/run.sh" 2>&1 | tail -n1
}
p() { check_eq "overlay parse [$1]" "$(parse "$1")" "$2"; }
p "root=/dev/etherd/e0.1p1"                               "rflags= fastboot="
p "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs"          "rflags=ro fastboot=yes"
p "rootflags=noatime rd.aoe.overlay=tmpfs"                "rflags=noatime,ro fastboot=yes"
p "rd.aoe.overlay=tmpfs rw" \
  "die: rd.aoe.overlay=tmpfs: the shared image must be mounted read-only: remove rw"
p "rd.aoe.overlay=e0.2 rootflags=noatime,rw" \
  "die: rd.aoe.overlay=e0.2: the shared image must be mounted read-only: remove rw from rootflags="

# the pre-pivot part acts only over an AoE root (NEWROOT has nothing mounted
# here, so acting shows as the "no root mounted" line)
# mnt CMDLINE: the last line aoe_overlay_mount prints, or "nothing" when it
# returned without a word and without calling mount
mnt() {
	rm -f "$tmp/calls"
	# the cmdline hook's part first (parse-aoe.sh): the options of an AoE root
	{ ov_env "$1"; echo "NEWROOT=$tmp/newroot"
		echo 'getargbool 1 rd.aoe && aoe_target > /dev/null && aoe_check; aoe_overlay_mount'; } > "$tmp/run.sh"
	local out
	out=$(dash "$tmp/run.sh" 2>&1 | tail -n1)
	[ -z "$out" ] && ! grep -q '^mount' "$tmp/calls" 2> /dev/null && out=nothing
	echo "$out"
}
m() { check_eq "overlay pre-pivot [$1]" "$(mnt "$1")" "$2"; }
m "root=/dev/etherd/e0.1p1"                          "nothing"
m "root=/dev/sda1 rd.aoe.overlay=tmpfs"              "nothing"
m "rd.aoe=0 root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs" "nothing"
m "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs"     "die: rd.aoe.overlay=tmpfs: no root mounted on $tmp/newroot"

# --- the blank-disk proof with the real blkid -p and cmp, on files -------------
# realprobe NAME FILE: aoe_ov_probe on FILE (its size in the fake sysfs as
# etherd!NAME): "blank", "TYPE=<type> LABEL=<label>", or the die line
realprobe() {
	mkdir -p "$tmp/sys/class/block/etherd!$1"
	echo $(( $(stat -c %s "$2" 2> /dev/null || echo 4194304) / 512 )) > "$tmp/sys/class/block/etherd!$1/size"
	{
		echo "PATH=${PATH}; aoe_sysfs=$tmp/sys aoe_rundir=$tmp/run"
		dracut_lib_doubles
		echo 'die() { echo "die: $*"; exit 1; }'
		echo ". $mod/aoe-lib.sh; . $mod/aoe-overlay.sh"
		# shellcheck disable=SC2016 # expands in the test's shell
		echo '_aoe_o=X; aoe_ov_probe "$1" "$2"; [ -z "$_aoe_id" ] && echo blank || echo "TYPE=$(aoe_ov_tag TYPE "$_aoe_id") LABEL=$(aoe_ov_tag LABEL "$_aoe_id")"'
	} > "$tmp/probe.sh"
	dash "$tmp/probe.sh" "$2" "$1" 2>&1 | tail -n1
}
NB="holds no filesystem or partition table blkid knows, but is not blank (its first or last MiB is not all zeros, or cannot be read): refusing to use or format it"
if command -v blkid > /dev/null && command -v cmp > /dev/null; then
	f=$tmp/disk.img
	truncate -s 4M "$f"
	check_eq "blank proof [zeros]" "$(realprobe z "$f")" "blank"
	head -c 4096 /dev/urandom | dd of="$f" conv=notrunc status=none
	check_eq "blank proof [random bytes at the start]" "$(realprobe z "$f")" "die: X: $f $NB"
	rm -f "$f"; printf 'QFI\373\0\0\0\3' > "$f"; truncate -s 4M "$f"
	check_eq "blank proof [a qcow2 image]" "$(realprobe z "$f")" "die: X: $f $NB"
	rm -f "$f"; truncate -s 4M "$f"
	head -c 4096 /dev/urandom | dd of="$f" bs=4096 seek=1023 conv=notrunc status=none
	check_eq "blank proof [random bytes in the last MiB]" "$(realprobe z "$f")" "die: X: $f $NB"
	check_eq "blank proof [cannot be read]" "$(realprobe z "$tmp/no-such-disk")" "die: X: $tmp/no-such-disk $NB"
	rm -f "$f"; truncate -s 512K "$f"
	check_eq "blank proof [smaller than 1 MiB, zeros]" "$(realprobe s "$f")" "blank"
	if command -v mkfs.ext4 > /dev/null; then
		rm -f "$f"; truncate -s 4M "$f"; mkfs.ext4 -q -F -L aoe-overlay "$f" > /dev/null 2>&1
		check_eq "blank proof [ext4]" "$(realprobe z "$f")" "TYPE=ext4 LABEL=aoe-overlay"
	else
		skip "blank proof [ext4]" "mkfs.ext4 not installed"
	fi
else
	skip "blank proof" "blkid or cmp not installed"
fi

# --- the layer's fstab: every other line kept byte for byte --------------------
# (dash's echo turned \040, \\ and \0 into a blank, \ and NUL, for good with
# a kept layer)
mkdir -p "$tmp/nr/etc" "$tmp/run/overlay/upper/etc"
: > "$tmp/run/overlay/upper/etc/machine-id"
printf '%s\n' '/dev/etherd/e0.1p1 / ext4 defaults 0 1' '/srv/a\040b /mnt/a\040b none bind 0 0' \
	'# a \\ and a \0 and \n stay' 'tmpfs /tmp tmpfs size=10% 0 0' > "$tmp/nr/etc/fstab"
{ ov_env ""; echo "NEWROOT=$tmp/nr AOE_OV_DIR=$tmp/run/overlay"; echo 'aoe_ov_fixup'; } > "$tmp/run.sh"
dash "$tmp/run.sh"
check_eq "overlay fstab: / rewritten, the rest byte for byte" "$(cat "$tmp/nr/etc/fstab")" \
	"# rd.aoe.overlay: / is the overlay; the image's line was:
# /dev/etherd/e0.1p1 / ext4 defaults 0 1
overlay / overlay defaults 0 0
/srv/a\\040b /mnt/a\\040b none bind 0 0
# a \\\\ and a \\0 and \\n stay
tmpfs /tmp tmpfs size=10% 0 0"
