#!/bin/bash
# The initramfs-tools side (initramfs-tools/): the hook and the boot scripts,
# with initramfs-tools' functions doubled (panic, copy_exec, copy_file,
# manual_add_modules) and aoe-up recording (--check is the real helper).
# The scripts run as /init runs them: each a child of dash, with the shared
# files where the hook puts them (a lib directory holding modules.d/50aoe's
# and initramfs-tools/'s files), /conf/param.conf as the only way back.
# Their decisions and failure texts are held to the dracut module's
# (parse-aoe.sh) for the same command line. The real initramfs-tools runs in
# tests/e2e/itr-*.sh.
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$PWD
mod=$top/modules.d/50aoe
itr=$top/initramfs-tools
tmp=$(mktemp -d)
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/lib/dracut-doubles.sh
. tests/lib/dracut-doubles.sh
trap 'rm -rf "$tmp"' EXIT

make -s -C src > /dev/null 2>&1 || { fail "itr: helper build" "make -C src failed"; exit 1; }
mkdir -p "$tmp/bin" "$tmp/lib" "$tmp/cwd"
aoe_up_stub "$tmp/bin/aoe-up" "$top/src/aoe-up" "$tmp/nofw"
# the image's /lib, as the hook fills it
cp "$mod"/aoe-lib.sh "$mod"/aoe-start.sh "$mod"/aoe-scope.sh "$mod"/aoe-rival.sh "$mod"/aoe-overlay.sh \
	"$itr"/*.sh "$tmp/lib/"
# blkid -p -o export DEV: DEV.blkid's lines (the fake devices are files)
cat > "$tmp/bin/blkid" << 'EOF'
#!/bin/sh
for a; do d=$a; done
[ -r "$d.blkid" ] || exit 2
cat "$d.blkid"
EOF
chmod +x "$tmp/bin/blkid"

# env_for CMDLINE [CMDLINE_D]: the prelude of one script run: /proc/cmdline
# and /etc/cmdline.d are files here, panic records and returns as the real
# one does after its rescue shell.
env_for() {
	rm -rf "$tmp/run" "$tmp/conf" "$tmp/panic" "$tmp/kmsg" "$tmp/args" "$tmp/cmdline.d"
	mkdir -p "$tmp/run" "$tmp/conf" "$tmp/cmdline.d"
	printf '%s\n' "$1" > "$tmp/proc-cmdline"
	[ -n "${2:-}" ] && printf '%s\n' "$2" > "$tmp/cmdline.d/50aoe.conf"
	cat > "$tmp/env.sh" << ENV
PATH=$tmp/bin:\$PATH
export AOE_UP_LOG=$tmp/args STUB_ABFT='${STUB_ABFT:-}' STUB_RAW=''
aoe_libdir=$tmp/lib aoe_rundir=$tmp/run aoe_paramconf=$tmp/conf/param.conf
aoe_proc_cmdline=$tmp/proc-cmdline aoe_cmdline_d=$tmp/cmdline.d aoe_kmsg=$tmp/kmsg
aoe_devdir=$tmp/dev aoe_itr_functions=$tmp/functions
ENV
}
# initramfs-tools' /scripts/functions: each boot script must source it itself
# (a child of /init inherits no functions); its panic records, and returns as
# the real one does after its rescue shell
printf '%s\n' "panic() { printf '%s\\n' \"\$*\" >> $tmp/panic; }" > "$tmp/functions"

# run_script PHASE [ASSIGNMENTS]: run scripts/PHASE/aoe-boot as /init does (a
# child, after the lib is sourced by it); print its exit code.
run_script() {
	{
		cat "$tmp/env.sh"
		echo "${2:-}"
		echo ". $tmp/lib/aoe-lib.sh"
		echo "set -- ''"
		echo ". $itr/scripts/$1/aoe-boot"
	} > "$tmp/run.sh"
	(cd "$tmp/cwd" && dash "$tmp/run.sh" > "$tmp/out" 2>&1)
	echo $?
}

# init_top CMDLINE: "wanted=y|n param=<param.conf lines, ;-joined> panic=<text>"
init_top() {
	env_for "$1" "${2:-}"
	run_script init-top > /dev/null
	wait_rc
	local w=n p
	[ -e "$tmp/run/wanted" ] && w=y
	p=$(paste -sd';' "$tmp/conf/param.conf" 2> /dev/null)
	echo "wanted=$w param=$p panic=$(cat "$tmp/panic" 2> /dev/null)"
}
# wait_rc: the background search of init-top ends (the stub at once)
wait_rc() {
	local i
	[ -e "$tmp/run/wanted" ] || return 0
	for i in $(seq 50); do [ -e "$tmp/run/rc" ] && return 0; sleep 0.1; done
}

# --- init-top: the decision, /init's ROOT, the same failure text as dracut ----
T() { check_eq "itr init-top [$1]" "$(init_top "$1")" "$2"; }
T "root=/dev/etherd/e0.1p1"                   "wanted=y param=ROOT='/dev/etherd/e0.1p1' panic="
T "root=aoe:e0.1p1"                           "wanted=y param=ROOT='/dev/etherd/e0.1p1' panic="
T "root=aoe:e2.3"                             "wanted=y param=ROOT='/dev/etherd/e2.3' panic="
T "netroot=aoe:e3.7p2"                        "wanted=y param=ROOT='/dev/etherd/e3.7p2' panic="
T "root=UUID=1234 rd.aoe.target=e0.1"         "wanted=y param= panic="
T "root=UUID=1234 netroot=aoe:e0.1"           "wanted=y param= panic="
T "root=/dev/sda1"                            "wanted=n param= panic="
T "root=UUID=1234"                            "wanted=n param= panic="
T "rd.aoe=0 root=/dev/etherd/e0.1p1"          "wanted=n param= panic="
T "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs" \
  "wanted=y param=ROOT='/dev/etherd/e0.1p1';fastboot=y panic="
T "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs rw" \
  "wanted=n param= panic=aoe-boot: FATAL: rd.aoe.overlay=tmpfs: the shared image must be mounted read-only: remove rw"
T "root=/dev/etherd/e0.1p1 rd.aoe.mtu=bad" \
  "wanted=n param= panic=aoe-boot: FATAL: aoe-up: rd.aoe.mtu=bad: expected auto, keep or a number 68-65535"
T "root=/dev/sda1 rd.aoe.target=bad" \
  "wanted=n param= panic=aoe-boot: FATAL: aoe-up: rd.aoe.target=bad: expected eSHELF.SLOT[pPART] (shelf 0-65534 except 4095, slot 0-254, partition 1-15)"
check "itr init-top: a FATAL line reaches the kernel log too" "" \
	grep -qx '<27>aoe-boot: FATAL: aoe-up: rd.aoe.target=bad: expected .*' "$tmp/kmsg"
STUB_ABFT="e0.7 52:54:00:ae:00:01" T "root=UUID=1234" "wanted=y param= panic="
# hostile text: refused by aoe-up --check, inert in panic's text, nothing runs
# shellcheck disable=SC2016 # the literal text is the point
out=$(init_top 'root=aoe:e0.1p1$(touch${IFS}pwned) rd.aoe.if=`touch${IFS}pwned2`')
check "itr init-top: a hostile root= is refused" "$out" grep -q '^wanted=n param= panic=aoe-boot: FATAL: aoe-up: ' <<< "$out"
bad=$(tr -cd "\$\`\\\\" <<< "${out#*panic=}")
check "itr init-top: ... with no \$, \` or backslash in the panic text" "$out" test -z "$bad"
check "itr init-top: ... and nothing from the command line ran" "" test ! -e "$tmp/cwd/pwned" -a ! -e "$tmp/cwd/pwned2"

# the same failure text as the dracut module's cmdline hook
dracut_die() {
	rm -rf "$tmp/drun" "$tmp/ddie"
	{
		echo "CMDLINE='$1'"
		echo "PATH=$tmp/bin:\$PATH aoe_rundir=$tmp/drun aoe_libdir=$mod hookdir=$tmp/hooks"
		dracut_lib_doubles
		printf '%s\n' "die() { printf '%s\\n' \"\$*\" > $tmp/ddie; exit 1; }"
		echo "warn() { :; }; need_shutdown() { :; }"
		echo ". $mod/aoe-lib.sh; . $mod/parse-aoe.sh"
	} > "$tmp/drun.sh"
	mkdir -p "$tmp/hooks/initqueue"
	dash "$tmp/drun.sh" > /dev/null 2>&1
	cat "$tmp/ddie" 2> /dev/null
}
for c in "root=/dev/etherd/e0.1p1 rd.aoe.mtu=bad" "root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs rw" \
	"root=/dev/etherd/e0.1p1 rd.aoe.timeout=x" "rd.aoe.target=e0.1 root=UUID=1 rd.aoe.mac=zz" \
	"root=aoe:e4095.1"; do
	d=$(dracut_die "$c")
	i=$(init_top "$c")
	check_eq "itr init-top: dracut's failure text for [$c]" "${i#*panic=aoe-boot: FATAL: }" "${d:-none}"
done

# the image's recorded words come first; a word typed at boot wins
init_top "root=/dev/etherd/e0.1p1 rd.aoe.if=ens3" "rd.aoe.if=52:54:00:12:34:56 rd.aoe.mac=52:54:00:aa:bb:cc" > /dev/null
check "itr: aoe-up gets /etc/cmdline.d's words, then /proc/cmdline's" "$(head -n3 "$tmp/args" 2>/dev/null)" \
	grep -qF -- "--cmdline=rd.aoe.if=52:54:00:12:34:56 rd.aoe.mac=52:54:00:aa:bb:cc root=/dev/etherd/e0.1p1 rd.aoe.if=ens3" "$tmp/args"
check "itr: the search ran in the background and left rc=0" "" grep -qx 0 "$tmp/run/rc"
check "itr: ... with the status file aoe-up was told to write" "" grep -q -- "--status-file=$tmp/run/status" "$tmp/args"

# --- local-top: the result, the root by name on the root's disk only ----------
# local_top CMDLINE RC STATUS [ROOT]: "rc=<exit> param=<lines> panic=<text>"
local_top() {
	env_for "$1"
	mkdir -p "$tmp/run"
	: > "$tmp/run/wanted"
	[ -n "$2" ] && echo "$2" > "$tmp/run/rc"
	[ -n "$3" ] && printf '%s\n' "$3" > "$tmp/run/status"
	mkdir -p "$tmp/run/scope"
	echo e0.1 > "$tmp/run/scope/disk"
	local rc
	rc=$(run_script local-top "ROOT='${4:-/dev/etherd/e0.1p1}'")
	echo "rc=$rc param=$(paste -sd';' "$tmp/conf/param.conf" 2> /dev/null) panic=$(cat "$tmp/panic" 2> /dev/null)"
}
L() { check_eq "itr local-top [$1]" "$2" "$3"; }
L "found"            "$(local_top "root=/dev/etherd/e0.1p1" 0 "")" "rc=0 param= panic="
L "not found"        "$(local_top "root=/dev/etherd/e0.1p1" 1 "aoe-up: e0.1p1: no answer in 90 s on ens3 (52:54:00:12:34:56, carrier, MTU 9000)")" \
  "rc=1 param= panic=aoe-boot: FATAL: AoE root not found: aoe-up: e0.1p1: no answer in 90 s on ens3 (52:54:00:12:34:56, carrier, MTU 9000)"
# shellcheck disable=SC2016
L "status made inert" "$(local_top "root=/dev/etherd/e0.1p1" 3 'x $(reboot) `y` \c')" \
  "rc=1 param= panic=aoe-boot: FATAL: AoE root not found: x ?(reboot) ?y? ?c"
# init-top's search never ran (no pid, no rc): local-top runs it
L "not started"      "$(local_top "root=/dev/etherd/e0.1p1" "" "")" "rc=0 param= panic="
check "itr local-top: ... and aoe-up was called" "" grep -q -- '--status-file=' "$tmp/args"
mkdir -p "$tmp/dev"
: > "$tmp/dev/e0.1"; : > "$tmp/dev/e0.1p1"; : > "$tmp/dev/e0.1p2"; : > "$tmp/dev/e0.2p1"
printf 'PTUUID=0a0e\nPTTYPE=dos\n' > "$tmp/dev/e0.1.blkid"
printf 'UUID=aaaa\nTYPE=ext4\nLABEL=boot\nPART_ENTRY_UUID=0a0e-01\n' > "$tmp/dev/e0.1p1.blkid"
printf 'UUID=4a3c\nTYPE=ext4\nLABEL=aoe-root\nPART_ENTRY_UUID=0a0e-02\nPART_ENTRY_NAME=root\n' > "$tmp/dev/e0.1p2.blkid"
# a rival disk that carries everything the root does
printf 'UUID=4a3c\nTYPE=ext4\nLABEL=aoe-root\nPART_ENTRY_UUID=0a0e-02\nPART_ENTRY_NAME=root\nUUID=eeee\n' > "$tmp/dev/e0.2p1.blkid"
L "UUID= on the disk"      "$(local_top "root=UUID=4a3c rd.aoe.target=e0.1" 0 "" "UUID=4a3c")" "rc=0 param=ROOT='/dev/etherd/e0.1p2' panic="
L "LABEL= on the disk"     "$(local_top "x" 0 "" "LABEL=aoe-root")" "rc=0 param=ROOT='/dev/etherd/e0.1p2' panic="
L "PARTUUID= on the disk"  "$(local_top "x" 0 "" "PARTUUID=0a0e-01")" "rc=0 param=ROOT='/dev/etherd/e0.1p1' panic="
L "PARTLABEL= on the disk" "$(local_top "x" 0 "" "PARTLABEL=root")" "rc=0 param=ROOT='/dev/etherd/e0.1p2' panic="
L "only the rival has it"  "$(local_top "x" 0 "" "UUID=eeee")" \
  "rc=1 param= panic=aoe-boot: FATAL: AoE root not found: no filesystem or partition on the AoE disk e0.1 has root=UUID=eeee"
# shellcheck disable=SC2016
L "a hostile LABEL"        "$(local_top "x" 0 "" 'LABEL=$(touch pwned)')" \
  "rc=1 param= panic=aoe-boot: FATAL: AoE root not found: no filesystem or partition on the AoE disk e0.1 has root=LABEL=?(touch pwned)"
check "itr local-top: nothing from a label ran" "" test ! -e "$tmp/cwd/pwned"
env_for "x"
check_eq "itr local-top: no AoE root, nothing (no wanted marker)" "$(run_script local-top)" 0
check "itr local-top: ... not even aoe-up" "" test ! -e "$tmp/args"

# --- init-bottom: the hand-off; local-bottom: the overlay only when asked -----
env_for "root=/dev/etherd/e0.1p1"
: > "$tmp/run/wanted"
mkdir -p "$tmp/sys/block/etherd!e0.1" "$tmp/sys/class/net/ens3"
echo ens3 > "$tmp/sys/block/etherd!e0.1/netif"
echo 9000 > "$tmp/sys/class/net/ens3/mtu"
rc=$(run_script init-bottom "aoe_sysfs=$tmp/sys aoe_nmdir=$tmp/nm")
check_eq "itr init-bottom: exits 0" "$rc" 0
check "itr init-bottom: NetworkManager keeps ens3's MTU 9000" "$(cat "$tmp/nm/90-aoe-boot.conf" 2>/dev/null)" \
	grep -qzF $'match-device=interface-name:ens3\nethernet.mtu=9000' "$tmp/nm/90-aoe-boot.conf"
check "itr init-bottom: ... and names the generator" "" grep -q 'aoe-boot, initramfs-tools' "$tmp/nm/90-aoe-boot.conf"
rm -rf "$tmp/nm"; rm -f "$tmp/run/wanted"
run_script init-bottom "aoe_sysfs=$tmp/sys aoe_nmdir=$tmp/nm" > /dev/null
check "itr init-bottom: not an AoE root: nothing written" "" test ! -e "$tmp/nm"
: > "$tmp/run/wanted"
echo "root=/dev/etherd/e0.1p1" > "$tmp/run/options"
check_eq "itr local-bottom: no rd.aoe.overlay: nothing to do" "$(run_script local-bottom "rootmnt=$tmp/nonexistent")" 0
printf 'overlay=tmpfs\n' >> "$tmp/run/options"
rc=$(run_script local-bottom "rootmnt=$tmp/nonexistent")
check "itr local-bottom: rd.aoe.overlay: mounts over \$rootmnt (here: none mounted, so it stops)" "$(cat "$tmp/panic" 2>/dev/null)" \
	grep -qF "aoe-boot: FATAL: rd.aoe.overlay=tmpfs: no root mounted on $tmp/nonexistent" "$tmp/panic"

# --- prereqs: init-top after udev, the rest free --------------------------------
for p in init-top local-top local-bottom init-bottom; do
	want=; [ $p = init-top ] && want=udev
	check_eq "itr $p prereqs" "$(sh "$itr/scripts/$p/aoe-boot" prereqs)" "$want"
done

# --- the hook, over doubled hook-functions and a fake /sys ----------------------
cat > "$tmp/hook-functions" << EOF
copy_exec() { mkdir -p "\$DESTDIR/\$(dirname "\${2:-\$1}")"; cp "\$1" "\$DESTDIR/\${2:-\$1}"; }
copy_file() { [ -e "\$DESTDIR/\$3" ] && return 1; mkdir -p "\$DESTDIR/\$(dirname "\$3")"; cp "\$2" "\$DESTDIR/\$3"; }
manual_add_modules() { echo "\$*" >> $tmp/modules; }
EOF
# the installed module directory: the repository's files and the built helper
mkdir -p "$tmp/hbin" "$tmp/moddir"
cp "$mod"/* "$top/src/aoe-up" "$tmp/moddir/"
for c in sh dash tr sort sed grep readlink paste mkdir mv cat chmod cp dirname; do
	ln -sf "$(command -v $c)" "$tmp/hbin/$c"
done
ln -sf /bin/true "$tmp/hbin/busybox"
# hook MODULES [CONF]: run it; print "rc=<exit> modules=<added> cmdline=<50aoe.conf>
# files=<how many, the host's blkid and mkfs.ext4 left out>"
hook() {
	rm -rf "${tmp:?}/dest" "${tmp:?}/modules" "${tmp:?}/etc" "${tmp:?}/herr"
	mkdir -p "$tmp/dest/scripts/local-top" "$tmp/etc/conf.d"
	[ -n "${2:-}" ] && printf '%s\n' "$2" > "$tmp/etc/conf.d/aoe-boot"
	[ -n "${AOETOOLS:-}" ] && printf '#!/bin/sh\necho aoetools\n' > "$tmp/dest/scripts/local-top/aoe"
	local rc
	env -i PATH="${HPATH:-$tmp/hbin}" DESTDIR="$tmp/dest" MODULES="$1" CONFDIR="$tmp/etc" \
		AOE_HOOK_FUNCTIONS="$tmp/hook-functions" AOE_BOOT_MODDIR="$tmp/moddir" AOE_ITR_DIR="$itr" \
		aoe_sysfs="${SYSFS:-$tmp/nosys}" sh "$itr/hooks/aoe-boot" 2> "$tmp/herr"
	rc=$?
	echo "rc=$rc modules=$(paste -sd' ' "$tmp/modules" 2>/dev/null) cmdline=$(cat "$tmp/dest/etc/cmdline.d/50aoe.conf" 2>/dev/null) files=$(find "$tmp/dest" -type f ! -name blkid ! -name mkfs.ext4 2>/dev/null | wc -l)"
}
# the running system's AoE disk: e0.1 on ens3 (e1000), target 52:54:00:aa:bb:cc
s=$tmp/hsys
mkdir -p "$s/block/etherd!e0.1" "$s/class/net/ens3/device/driver" "$s/module/e1000"
echo ens3 > "$s/block/etherd!e0.1/netif"
echo 525400AABBCC > "$s/block/etherd!e0.1/mac"
echo 52:54:00:12:34:56 > "$s/class/net/ens3/address"
ln -s "$s/module/e1000" "$s/class/net/ens3/device/driver/module"
mkdir -p "$s/block/etherd!e0.2"
echo ens3 > "$s/block/etherd!e0.2/netif"
echo 525400aabbcc > "$s/block/etherd!e0.2/mac"
H() { check_eq "itr hook [$1]" "$2" "$3"; }
H "MODULES=most"               "$(hook most)" "rc=0 modules=aoe sch_ingress cls_bpf overlay cmdline= files=10"
H "MODULES=netboot, AoE host"  "$(SYSFS=$s hook netboot)" "rc=0 modules=aoe sch_ingress cls_bpf overlay cmdline= files=10"
H "MODULES=dep, AoE host"      "$(SYSFS=$s hook dep)" \
  "rc=0 modules=aoe sch_ingress cls_bpf overlay e1000 cmdline=rd.aoe.if=52:54:00:12:34:56 rd.aoe.mac=52:54:00:aa:bb:cc files=11"
H "MODULES=dep, AOE_PIN_TARGET=no" "$(SYSFS=$s hook dep AOE_PIN_TARGET=no)" \
  "rc=0 modules=aoe sch_ingress cls_bpf overlay e1000 cmdline=rd.aoe.if=52:54:00:12:34:56 files=11"
H "MODULES=dep, not on AoE"    "$(hook dep)" "rc=0 modules=aoe sch_ingress cls_bpf overlay cmdline= files=10"
check "itr hook: ... warns that no NIC driver was added" "$(cat "$tmp/herr")" grep -q '^W: aoe-boot: MODULES=dep and no AoE disk here' "$tmp/herr"
H "AOE_NIC_DRIVERS"            "$(hook dep 'AOE_NIC_DRIVERS="igb e1000e"')" "rc=0 modules=aoe sch_ingress cls_bpf overlay igb e1000e cmdline= files=10"
H "AOE_BOOT=no"                "$(SYSFS=$s hook dep AOE_BOOT=no)" "rc=0 modules= cmdline= files=0"
rm "$tmp/hbin/busybox"
H "no busybox"                 "$(hook most)" "rc=1 modules= cmdline= files=0"
check "itr hook: ... says why" "$(cat "$tmp/herr")" grep -q '^E: aoe-boot: the AoE boot scripts need busybox' "$tmp/herr"
ln -sf /bin/true "$tmp/hbin/busybox"
hook most > /dev/null
for f in sbin/aoe-up lib/aoe-lib.sh lib/aoe-start.sh lib/aoe-scope.sh lib/aoe-rival.sh lib/aoe-overlay.sh \
	lib/aoe-itr-lib.sh lib/aoe-getarg.sh lib/aoe-itr-root.sh lib/udev/rules.d/61-aoe-storage.rules; do
	check "itr hook: the image gets /$f" "" test -s "$tmp/dest/$f"
done
check "itr hook: 61-aoe-storage.rules runs the aoe-rival.sh it installs" "" \
	grep -qF 'RUN+="/bin/sh /lib/aoe-rival.sh %k"' "$tmp/dest/lib/udev/rules.d/61-aoe-storage.rules"
# aoetools' local-top runs only when aoe-boot did not take the root
AOETOOLS=1 hook most > /dev/null
w=$tmp/dest/scripts/local-top/aoe
check "itr hook: aoetools' local-top is moved aside" "" grep -qx 'echo aoetools' "$tmp/dest/lib/aoe-boot/aoetools-local-top"
check_eq "itr hook: its wrapper keeps its prereqs" "$(sh "$w" prereqs)" udev
check "itr hook: the wrapper exits 0 when aoe-boot took the root" "" grep -qx '\[ -e /run/aoe/wanted \] && exit 0' "$w"
check "itr hook: ... else runs aoetools' script" "" grep -qx 'exec /lib/aoe-boot/aoetools-local-top "$@"' "$w"
sh -n "$w"
check_eq "itr hook: the wrapper parses" "$?" 0
# --- the booted system's shutdown hook: a kept layer left clean ----------------
# (system/aoe-boot.shutdown: without a shutdown initramfs nothing releases it)
printf '#!/bin/sh\necho "fsfreeze $*" >> %s/frozen\n' "$tmp" > "$tmp/bin/fsfreeze"
printf '#!/bin/sh\necho "mount $*" >> %s/frozen\n' "$tmp" > "$tmp/bin/mount"
chmod +x "$tmp/bin/fsfreeze" "$tmp/bin/mount"
# the layer's disk: any block device of this machine stands in for /dev/etherd/e0.2
mkdir -p "$tmp/sdev"
bd=$(find /dev -maxdepth 1 -type b | head -n1)
[ -n "$bd" ] && ln -sf "$bd" "$tmp/sdev/e0.2"
# shut STATE [EXITRD]: run the hook with overlay.state STATE; print what it ran
shut() {
	rm -f "$tmp/frozen" "$tmp/exitrd" "$tmp/ovstate"
	[ -n "$1" ] && printf '%s\n' "$1" > "$tmp/ovstate"
	[ -n "${2:-}" ] && : > "$tmp/exitrd"
	PATH=$tmp/bin:$PATH aoe_ov_state=$tmp/ovstate aoe_shutdown_initrd=$tmp/exitrd aoe_kmsg=$tmp/kmsg \
		aoe_devdir=$tmp/sdev aoe_freeze_dir=$tmp/fz sh "$top/system/aoe-boot.shutdown"
	paste -sd';' "$tmp/frozen" 2> /dev/null || echo none
}
if [ -n "$bd" ]; then
	check_eq "shutdown hook: the kept layer is reached again and frozen (journal out, clean)" \
		"$(shut 'rd.aoe.overlay=e0.2 lower=/dev/etherd/e0.1p1 uuid=x')" \
		"mount -t ext4 $tmp/sdev/e0.2 $tmp/fz;fsfreeze --freeze $tmp/fz"
	check "shutdown hook: ... and says so in the kernel log" "" grep -qx 'aoe-boot: froze the overlay layer e0.2 (clean on disk)' "$tmp/kmsg"
	check_eq "shutdown hook: not when dracut's shutdown initramfs releases it" \
		"$(shut 'rd.aoe.overlay=e0.2 lower=/dev/etherd/e0.1p1 uuid=x' exitrd)" none
else
	skip "shutdown hook: the kept layer is frozen" "no block device on this machine to stand in"
fi
check_eq "shutdown hook: a layer whose disk is gone: nothing" "$(shut 'rd.aoe.overlay=e0.3 lower=x uuid=y')" none
check_eq "shutdown hook: tmpfs keeps nothing: nothing" "$(shut 'rd.aoe.overlay=tmpfs lower=x uuid=y')" none
check_eq "shutdown hook: no overlay: nothing" "$(shut '')" none
check_eq "shutdown hook: a strange name in the state file: nothing" "$(shut 'rd.aoe.overlay=e0.2;reboot lower=x')" none
tap_exit
