# shellcheck shell=bash
# The lab's front end, for tools/demo.sh and tools/bench.sh: numbered steps with elapsed
# time and quiet logs, the demo root tree, the PXE tree made by pxelinux/mktftp.sh and
# the milestones of a PXE boot (log_marks specs). Source after tests/lib/harness.sh.

DEMO_T0=${DEMO_T0:-$(h_now)}
DEMO_STEP=0
DEMO_STEPS=${DEMO_STEPS:-0}
DEMO_LOGDIR=${DEMO_LOGDIR:-}

# demo_elapsed: print the seconds since DEMO_T0 (1 decimal).
demo_elapsed() { h_since "$DEMO_T0"; }

# demo_say MSG...: print MSG prefixed with the elapsed time.
demo_say() { printf '[%6ss] %s\n' "$(demo_elapsed)" "$*"; }

# demo_tail FILE [N]: print the last N (default 25) lines of FILE indented, for a failure.
demo_tail() { [ -s "$1" ] && tail -n "${2:-25}" "$1" | tr -d '\r' | sed 's/^/    | /'; }

# demo_step TITLE CMD...: run CMD in this shell (it may set variables) with its output in
# DEMO_LOGDIR/NN.log; print "[t] N/M TITLE ... ok (s)", or the log tail and return CMD's status.
demo_step() {
	local title=$1 rc t0 log
	shift
	DEMO_STEP=$((DEMO_STEP + 1))
	log=$DEMO_LOGDIR/$(printf %02d "$DEMO_STEP").log
	t0=$(h_now)
	printf '[%6ss] %d/%d %s ... ' "$(demo_elapsed)" "$DEMO_STEP" "$DEMO_STEPS" "$title"
	"$@" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "ok ($(h_since "$t0") s)"
	else
		echo "FAILED (status $rc)"
		echo "    last lines of $log:"
		demo_tail "$log" 30
	fi
	return "$rc"
}

# demo_guest_say LABEL: print a guest milestone log_marks saw (LOG_MARKS_SAY=demo_guest_say).
demo_guest_say() { demo_say "    guest: $1"; }

# demo_stop_bg PID: end a background subshell PID of ours and its direct children (e.g. timeout running QEMU), by pid.
demo_stop_bg() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do h_kill "$c"; done
	h_kill "$1"
}

# demo_banner_script: print the busybox sh fact script that prints the demo banner (lines start "aoe-demo| ").
demo_banner_script() {
	cat <<'BANNER'
# Sourced by the test root's /sbin/init (etc/aoe-facts.d): the demo banner.
_b() { echo "aoe-demo| $*"; }
_r=$(awk '$2 == "/" { d = $1; t = $3 } END { print d " (" t ")" }' /proc/mounts)
_b "================================================================"
_b "  Hello from a diskless machine: its root filesystem is"
_b "  $_r, an ATA over Ethernet disk served by vblade."
for _d in /sys/block/etherd!*; do
	[ -e "$_d/payload" ] || continue
	_b "  disk ${_d##*!}: $(( $(cat "$_d/size") / 2048 )) MiB via $(cat "$_d/netif"), $(cat "$_d/payload") bytes of data per frame"
done
for _i in /sys/class/net/*; do
	[ "${_i##*/}" = lo ] && continue
	_b "  NIC ${_i##*/}: MTU $(cat "$_i/mtu"), no IP address ($(ip -4 -o addr show dev "${_i##*/}" 2>/dev/null | wc -l) IPv4)"
done
_b "  kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s at the real root's init"
_b "================================================================"
unset _b _r _d _i
BANNER
}

# demo_rootdir DIR: the harness's busybox root tree plus the demo banner and a shell prompt.
demo_rootdir() {
	rootfs_tree "$1" || return 1
	demo_banner_script >"$1/etc/aoe-facts.d/00-demo-banner.sh" || return 1
	cat >"$1/etc/profile" <<'PROFILE'
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
PS1='aoe-guest:$PWD# '
echo "Diskless guest on an AoE root. Try: cat /proc/cmdline; mount; ls /sys/block. 'exit' powers off."
PROFILE
}

# demo_mktftp DIR KERNEL INITRD APPEND: build the PXE tree with pxelinux/mktftp.sh (root /dev/etherd/e0.1p1, APPEND added,
# then the serial console last: the boot's own lines go to the console read, not the screen the templates end with).
demo_mktftp() {
	"$AOE_REPO/pxelinux/mktftp.sh" --root /dev/etherd/e0.1p1 --append "$4 console=ttyS0,115200" \
		--kernel "$2" --initrd "$3" "$1"
}

# demo_pxe_specs CONSOLE DNSMASQ: print the log_marks specs of a PXE boot onto e0.1p1, one per line.
demo_pxe_specs() {
	local c=$1 d=$2
	printf '%s\n' \
		"DHCP lease (PXE firmware)|$d|DHCPACK" \
		"TFTP pxelinux.0 sent|$d|sent .*pxelinux\.0 " \
		"TFTP pxelinux.cfg sent|$d|sent .*pxelinux\.cfg/" \
		"TFTP kernel sent|$d|sent .*/vmlinuz " \
		"TFTP initrd sent|$d|sent .*/initrd\.img " \
		"kernel started|$c|Linux version " \
		"aoe driver loaded|$c|AoE v85 initialised" \
		"aoe-up searching|$c|aoe-up: aoe interfaces" \
		"target found|$c|aoe-up: found " \
		"root partition e0.1p1|$c| etherd/e0\.1: p1" \
		"init of the AoE root running|$c|AOE-ROOT-OK"
}
