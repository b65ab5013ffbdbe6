#!/bin/bash
# tools/demo.sh (make demo): on a Debian 12 machine, as root, PXE-boot a diskless QEMU
# machine onto a root filesystem on an AoE disk, everything inside a private netns.
# shellcheck disable=SC2317 # functions run through demo_step and the traps
set -u

me=demo.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1

# usage: print the help text.
usage() {
	cat <<EOF
usage: tools/demo.sh [--shell] [--keep] [--mtu N] [--timeout S]
       make demo | make demo-shell

PXE-boot a diskless QEMU machine onto a root filesystem on an AoE disk:
  1. install the Debian packages it needs (tools/install-deps.sh)
  2. build the static helper and install the dracut module into a private DESTDIR
  3. fetch and unpack the Debian kernel package (not installed)
  4. build a systemd initrd with "dracut --add aoe"
  5. build a busybox root disk (partitioned, ext4) whose init prints a banner
  6. a private network namespace with a tap (the lab NIC); aoe-lab init there:
     its record, pxelinux in the TFTP root, dnsmasq's DHCP+TFTP file
  7. the disk, kernel and initrd as version 1 of aoe-lab image "demo"; aoe-lab
     client add (the machine's MAC) and image publish: vblade exports the disk
     as e0.1 (the export unit's command) and the machine's pxelinux entry
     is written
  8. QEMU (TCG, no disk, -boot n) boots from the network onto /dev/etherd/e0.1p1
Then it prints the guest's banner and the boot figures, and stops everything it
started (also on Ctrl-C). Needs root; nothing leaves the machine. There is no
systemd in the namespace: tests/lib/systemctl-ns runs what aoe-lab asks of
systemctl (the export unit's vblade command, dnsmasq on aoe-lab's file).

  --shell      keep the guest running with a shell on its console (this
               terminal; piped input is typed once the shell is up); the guest
               powers off when the shell exits
  --keep       keep the work directory (logs, disk, TFTP tree)
  --mtu N      the tap's MTU (default 9000: jumbo frames; 1500 for 1 KiB frames)
  --timeout S  give up on the boot after S seconds (default 300; --shell 3600)
  -h, --help   this text
Environment: AOE_CACHE (default /var/cache/aoe-boot-tests as root, else build/cache)
holds the kernel, initrds, images.
EOF
}

shell=0 keep=0 mtu=9000 tmo=
while [ $# -gt 0 ]; do
	case $1 in
	--shell) shell=1 ;;
	--keep) keep=1 ;;
	--mtu) [ $# -ge 2 ] || { echo "$me: --mtu needs a value" >&2; exit 2; }; mtu=$2; shift ;;
	--timeout) [ $# -ge 2 ] || { echo "$me: --timeout needs a value" >&2; exit 2; }; tmo=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$me: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $mtu in [0-9]*[0-9]) [ "$mtu" -ge 576 ] && [ "$mtu" -le 65535 ] ;; *) false ;; esac ||
	{ echo "$me: --mtu $mtu: expected a number 576-65535" >&2; exit 2; }
case ${tmo:-1} in *[!0-9]*) echo "$me: --timeout $tmo: expected seconds" >&2; exit 2 ;; esac
[ -n "$tmo" ] || { [ "$shell" = 1 ] && tmo=3600 || tmo=300; }
if [ "$(id -u)" -ne 0 ]; then
	echo "$me: must run as root (it installs packages, creates a network namespace and runs vblade, dnsmasq and QEMU); try: sudo make demo" >&2
	exit 1
fi

# shellcheck source=tests/lib/harness.sh
. "$here/../tests/lib/harness.sh"
# shellcheck source=tests/lib/demo.sh
. "$here/../tests/lib/demo.sh"

[ "$keep" = 1 ] && export AOE_KEEP=1
harness_init
DEMO_LOGDIR=$AOE_WORK/logs
mkdir -p "$DEMO_LOGDIR"
DEMO_STEPS=8
watch_pid='' fail_pid=''

# demo_cleanup: stop the milestone watcher, then everything the harness started (netns, vblade, dnsmasq, QEMU).
demo_cleanup() {
	[ -n "$watch_pid" ] && h_kill "$watch_pid"
	[ -n "$fail_pid" ] && h_kill "$fail_pid"
	watch_pid='' fail_pid=''
	harness_cleanup
}
trap demo_cleanup EXIT
trap 'echo; echo "$me: interrupted; stopping everything it started" >&2; demo_cleanup; exit 130' INT
trap 'demo_cleanup; exit 143' TERM

# die MSG: print the reason and exit 1 (the EXIT trap stops everything).
die() {
	echo "$me: FAILED: $*" >&2
	[ "$keep" = 1 ] || echo "$me: run with --keep to keep the logs in the work directory" >&2
	exit 1
}

echo "aoe-boot demo: PXE-boot a diskless QEMU machine onto an AoE root (work dir $AOE_WORK)"

demo_step "Debian packages (tools/install-deps.sh)" "$here/install-deps.sh" ||
	die "installing the Debian packages failed"
missing=$(h_need ip vblade dnsmasq "$AOE_QEMU" dracut sfdisk mkfs.ext4 dpkg-deb depmod flock) ||
	die "still missing after install-deps: $missing"

inst=$AOE_WORK/inst
mod=$inst/usr/lib/dracut/modules.d/50aoe
demo_step "helper + dracut module (make install DESTDIR=work/inst)" \
	make -C "$AOE_REPO" install DESTDIR="$inst" || die "make install failed"
helper_size=$(stat -c %s "$mod/aoe-up") || die "no aoe-up in $mod"
helper_cc=$(cat "$AOE_REPO/src/.kind" 2>/dev/null || echo '?')

demo_step "guest kernel: Debian's linux-image-amd64, unpacked (kernel_fetch)" kernel_fetch ||
	die "cannot fetch the guest kernel package (network? apt sources?)"
echo "          kernel $KVER from $KERNEL_ROOT"

# dracut --add aoe on top of a minimal systemd initrd (the harness's module list without ours)
read -r -a mods <<<"${AOE_INITRD_MODULES_systemd//@MOD@/}"
AOE_INITRD_MODULES_systemd=${mods[*]}
mapfile -t dargs < <(initrd_dracut_args systemd "$mod")
dargs+=(--add aoe)
demo_step "initrd: dracut --add aoe, systemd kind (build_initrd, cached once built)" \
	build_initrd "$AOE_WORK/initrd.img" systemd "$mod" --add aoe || die "dracut failed"
printf '          dracutbasedir=<system dracut + modules.d/50aoe> dracut --conf /dev/null --confdir <empty> --kver %s --kmoddir <kernel>/lib/modules/%s' "$KVER" "$KVER"
for a in "${dargs[@]}"; do case $a in *' '*) printf ' "%s"' "$a" ;; *) printf ' %s' "$a" ;; esac; done
printf ' initrd.img\n'
initrd_size=$(stat -c %s "$AOE_WORK/initrd.img")
echo "          initrd $initrd_size bytes$([ "$INITRD_BUILD_S" = 0 ] && echo ' (from the cache)' || echo ", built in $INITRD_BUILD_S s")"

# make_disk: the demo root tree packed into work/disk.img (64 MiB, root on partition 1).
make_disk() { demo_rootdir "$AOE_WORK/rootdir" && disk_image "$AOE_WORK/disk.img" 1 64 "$AOE_WORK/rootdir"; }
demo_step "root disk: busybox, msdos label, ext4 on partition 1 (disk_image)" make_disk ||
	die "cannot build the root disk image"

ns=$(netns_name demo)
tap=tap0
tftp=$AOE_WORK/tftp
export AOE_LAB_CONF=$AOE_WORK/lab.conf AOE_LAB_STATE=$AOE_WORK/lab-state AOE_LAB_RUN=$AOE_WORK/lab-run AOE_UP=$mod/aoe-up
lab_server "$ns"
# lab ARGS...: aoe-lab in the namespace (where the lab NIC is), its lines shown
lab() { ip netns exec "$ns" "$AOE_REPO/lab/aoe-lab" "$@" && echo "          (aoe-lab $*)"; }
# make_lan: the namespace, its tap as the lab NIC with an address, aoe-lab init
make_lan() {
	lan_create demo "$mtu" && ip -n "$ns" addr replace "$AOE_NET_PREFIX.1/24" dev "$tap" &&
		lab init --nic "$tap" --tftp "$tftp" --mtu "$mtu" --dhcp full --range "$AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199"
}
demo_step "netns $ns, $tap MTU $mtu; aoe-lab init: record, pxelinux, dnsmasq" make_lan ||
	die "cannot set up the network namespace or the lab"
sed -n 's/^\(written\|created\|restarted\|changed\|unchanged\): /          \1: /p' "$DEMO_LOGDIR/$(printf %02d "$DEMO_STEP").log"

append="console=ttyS0 panic=-1 rd.shell=0"
[ "$shell" = 1 ] && append+=" aoe.demo.shell"
# make_lab: the disk, kernel and initrd as version 1 of image "demo"; the
# machine recorded (it writes the disk: layer none); published
make_lab() {
	local v=$AOE_LAB_STATE/images/demo/1
	mkdir -p "$v" && mv "$AOE_WORK/disk.img" "$v/root.img" && cp "$KERNEL_VMLINUZ" "$v/vmlinuz" &&
		cp "$AOE_WORK/initrd.img" "$v/initrd.img" && printf '%s\n' '[image demo]' 'shelf = 0' >> "$AOE_LAB_CONF" &&
		lab client add "$(qemu_mac 0)" --name demo --layer none --append "$append" && lab image publish demo
}
demo_step "aoe-lab image demo version 1, client add, image publish: vblade exports e0.1" make_lab ||
	die "aoe-lab could not publish the image"
sed -n 's/^\(created\|started\|published\|switched\): /          \1: /p' "$DEMO_LOGDIR/$(printf %02d "$DEMO_STEP").log"
DNSMASQ_LOG=$SYSTEMCTL_RUN/dnsmasq.log
mac=$(qemu_mac 0)
echo "          pxelinux.cfg/01-${mac//:/-}: $(grep -m1 'APPEND' "$tftp/pxelinux.cfg/01-${mac//:/-}" | sed 's/^ *//')"

log=$AOE_WORK/console.log
: >"$log"
DEMO_STEP=$((DEMO_STEP + 1))
demo_say "$DEMO_STEP/$DEMO_STEPS QEMU (TCG, no disk, -boot n): PXE boot onto /dev/etherd/e0.1p1 (timeout $tmo s)"
marks=$AOE_WORK/marks
# A failed initrd does not power off (dracut's emergency action loops): stop QEMU a few seconds
# after the console says so. QEMU runs under `timeout`, a direct child of this shell.
fail_ere='Boot has failed|Kernel panic|FATAL|AoE root not found|aoe-up: .*not found within|System halted'
(
	log_wait "$log" "$fail_ere" "$tmo" >/dev/null || exit 0
	sleep 3
	for p in $(pgrep -P $$ -x timeout); do kill -TERM "$p"; done
) &
fail_pid=$!
mapfile -t specs < <(demo_pxe_specs "$log" "$DNSMASQ_LOG")
if [ "$shell" = 1 ]; then
	log_marks "$marks" "" "${specs[@]}" &
	watch_pid=$!
	echo "          the guest's console follows; at the shell prompt type 'exit' to power it off"
	if [ -t 0 ]; then
		qemu_boot "$log" "$tmo" --ns "$ns" --nic "$tap" --pxe --interactive
	else
		# piped input: type it only once the guest's shell is up, keep stdin open until QEMU ends
		input=$AOE_WORK/shell-input
		cat >"$input"
		running=$AOE_WORK/qemu-running
		touch "$running"
		qemu_boot "$log" "$tmo" --ns "$ns" --nic "$tap" --pxe --interactive < <(
			while [ -e "$running" ] && ! log_has "$log" AOE-SHELL; do sleep 0.3; done
			sleep 1
			[ -e "$running" ] && cat "$input"
			while [ -e "$running" ]; do sleep 0.5; done
		)
		rm -f "$running"
	fi
	echo
else
	LOG_MARKS_SAY=demo_guest_say log_marks "$marks" "" "${specs[@]}" &
	watch_pid=$!
	qemu_boot "$log" "$tmo" --ns "$ns" --nic "$tap" --pxe
fi
rc=$?
sleep 0.3
h_kill "$watch_pid"
watch_pid=
[ -n "$fail_pid" ] && h_kill "$fail_pid"
fail_pid=
[ "$rc" = 124 ] && timed_out=1 || timed_out=0

DEMO_STEP=$((DEMO_STEP + 1))
DEMO_STEPS=$DEMO_STEP
if ! log_has "$log" AOE-ROOT-OK; then
	echo "--- last lines of the guest console ($log):"
	demo_tail "$log" 40
	why="the guest never reached the AoE root"
	[ "$timed_out" = 1 ] && why+=" within $tmo s"
	die "$why ($(boot_why "$log" "$DNSMASQ_LOG"))"
fi

if [ "$shell" = 0 ]; then
	echo "--- the guest's banner (from its serial console):"
	log_text "$log" | sed -n 's/^.*aoe-demo| \{0,1\}/    /p'
fi
payload=$(log_fact "$log" payload | head -n1)
aoe_s=$(klog_delta "$log" 'AoE v85 initialised' ' etherd/e0.1: p1') || aoe_s=n/a
up=$(log_fact "$log" uptime | head -n1) || up=n/a
found=$(log_grep "$log" 'aoe-up: found ' | head -n1 | sed 's/.*aoe-up: //')
t_dhcp=$(log_between "$marks" "DHCP lease (PXE firmware)" "TFTP initrd sent") || t_dhcp=n/a
t_root=$(log_between "$marks" "DHCP lease (PXE firmware)" "init of the AoE root running") || t_root=n/a
echo "--- boot figures:"
printf '    %-44s %s\n' \
	"aoe-up" "${found:-n/a}" \
	"aoe loaded -> root partition (guest klog)" "$aoe_s s" \
	"guest uptime at the real root's init" "$up s" \
	"payload bytes/frame" "${payload#*:} (${payload%%:*}, tap MTU $mtu)" \
	"initrd size (systemd, dracut --add aoe)" "$initrd_size bytes" \
	"helper /sbin/aoe-up size" "$helper_size bytes ($helper_cc, static)" \
	"DHCP -> kernel+initrd sent (TFTP)" "$t_dhcp s (host clock)" \
	"DHCP -> init on the AoE root" "$t_root s (host clock)" \
	"QEMU wall time, power on -> off" "${QEMU_WALL_S:-n/a} s"
demo_say "done: the diskless guest booted from the network onto its AoE root"
exit 0
