#!/bin/bash
# tools/bench.sh (make bench): measure, on this machine, the figures docs/performance.md
# records: sizes, boot phases, a late target, jumbo vs 1500 read throughput, the smallest
# initrd and its TFTP time. Prints figures, it is no pass/fail test: exits non-zero only
# when it could measure nothing (not root, no kernel, no initrd).
# shellcheck disable=SC2317 # functions run through demo_step and the traps
set -u

me=bench.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1

# usage: print the help text.
usage() {
	cat <<EOF
usage: tools/bench.sh [--keep] [--read MiB] [--storm N]      (make bench)

Boots the Debian kernel in QEMU (TCG) four times from a vblade target in a private
netns and prints a table of figures, then the same table as markdown:
  A  PXE, systemd initrd, tap MTU 9000: aoe phase, uptime at root, jumbo read, TFTP time
  B  direct kernel boot, systemd initrd, tap MTU 1500: 1 KiB-frame read
  C  direct, systemd initrd, path to the target opened ~3 s after aoe-up began (3 runs)
  D  PXE, busybox initrd (only the drivers it needs): size, TFTP time, does it boot
  E  iPXE sanboot of a disk holding kernel + D's initrd (extlinux): INT 13 load time vs D's TFTP
  F  boot storm: one read-only image (vblade -r), systemd initrd, rd.aoe.overlay=tmpfs:
     1 client alone, then N at once on one bridge: time to root, read per client
  G  a Debian 12 root (tests/e2e/debian.sh): multi-user.target, generic vs host-only
     initramfs built by the client, a target outage: target back -> first write done
  H  the lab tool (tests/e2e/lab.sh, then tests/e2e/storm.sh): aoe-lab image create,
     update, publish; PXE to the login prompt of its Debian image; a room of 4
     booting one version through aoe-lab, proxy DHCP
  I  UEFI (tests/e2e/uefi.sh, AOE_UEFI_BENCH=1): power on -> root through shim and
     GRUB with and without Secure Boot, iPXE; the kernel and initramfs fetch over
     TFTP and HTTP for the generic and a small initramfs
  J  two paths to one disk (tests/e2e/multipath.sh): the write stall at each
     path failure, how soon a returned path is in use again; then the same
     with failures of --path-down S (the driver probes a long-silent path slowly)
  --keep      keep the work directory (console and dnsmasq logs)
  --read MiB  how much the guest reads from the AoE disk (default 48)
  --storm N   clients booting at once in F (default 4; 0 skips F)
  --outage S  how long the target is away in G (default 60; 0 skips G, which
              takes ~10 min, most of it the client's own dracut run)
  --no-lab    skip H (~9 min; the image's debootstrap is cached after the first)
  --path-down S  how long each path fails in J's second run (default 120, 30 s
              back between failures; 0 skips it, which takes ~10 min)
Needs root and the packages of tools/install-deps.sh. Takes ~6 min on a warm cache, plus
G, H, I and J (I: ~7 min, six UEFI and BIOS boots; J: ~5 min).
EOF
}

keep=0 readmib=48 storm=4 outage=60 lab=1 pathdown=120
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1 ;;
	--read) [ $# -ge 2 ] || { echo "$me: --read needs a value" >&2; exit 2; }; readmib=$2; shift ;;
	--storm) [ $# -ge 2 ] || { echo "$me: --storm needs a value" >&2; exit 2; }; storm=$2; shift ;;
	--outage) [ $# -ge 2 ] || { echo "$me: --outage needs a value" >&2; exit 2; }; outage=$2; shift ;;
	--no-lab) lab=0 ;;
	--path-down) [ $# -ge 2 ] || { echo "$me: --path-down needs a value" >&2; exit 2; }; pathdown=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$me: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $readmib in '' | *[!0-9]*) echo "$me: --read $readmib: expected MiB" >&2; exit 2 ;; esac
case $storm in '' | *[!0-9]* | 1) echo "$me: --storm $storm: expected 0 or 2-16 clients" >&2; exit 2 ;; esac
case $outage in '' | *[!0-9]*) echo "$me: --outage $outage: expected seconds (0 skips G)" >&2; exit 2 ;; esac
case $pathdown in '' | *[!0-9]*) echo "$me: --path-down $pathdown: expected seconds (0 skips J's second run)" >&2; exit 2 ;; esac
[ "$storm" -le 16 ] || { echo "$me: --storm $storm: expected 0 or 2-16 clients" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "$me: must run as root (network namespaces, vblade, dnsmasq, QEMU); try: sudo make bench" >&2; exit 1; }

# shellcheck source=tests/lib/harness.sh
. "$here/../tests/lib/harness.sh"
# shellcheck source=tests/lib/overlay.sh
. "$here/../tests/lib/overlay.sh"
# shellcheck source=tests/lib/demo.sh
. "$here/../tests/lib/demo.sh"

why=$(harness_require_root) || { echo "$me: cannot measure: $why (run tools/install-deps.sh)" >&2; exit 1; }
[ "$keep" = 1 ] && export AOE_KEEP=1
harness_init
DEMO_LOGDIR=$AOE_WORK/logs
mkdir -p "$DEMO_LOGDIR"
DEMO_STEPS=14
[ "$outage" -gt 0 ] && DEMO_STEPS=$((DEMO_STEPS + 1))
[ "$lab" = 1 ] && DEMO_STEPS=$((DEMO_STEPS + 2))
[ "$pathdown" -gt 0 ] && DEMO_STEPS=$((DEMO_STEPS + 1))
BOOT_TMO=300
disksize=$((readmib + 16))
[ "$disksize" -lt 64 ] && disksize=64

# Figures: label, value, how measured (printed in this order).
F_LABEL=() F_VALUE=() F_HOW=()
# fig LABEL VALUE HOW: record one figure for the final table.
fig() { F_LABEL+=("$1"); F_VALUE+=("$2"); F_HOW+=("$3"); }

# bench_lan NAME MTU [VBLADE]: lan_create with a private copy of the root disk, exported as e0.1
# on tap0 unless VBLADE is 0; sets NS, TAP, DISK.
bench_lan() {
	DISK=$AOE_WORK/disk-$1.img
	cp --sparse=always "$DISK_SRC" "$DISK" || return 1
	if [ "${3:-1}" = 0 ]; then lan_create "$1" "$2"; else lan_create "$1" "$2" "" "$DISK"; fi || return 1
	NS=$LAN_NS TAP=$LAN_TAP
}

# bench_pxe NAME INITRD MTU APPEND: PXE-boot INITRD (mktftp.sh tree, dnsmasq, vblade e0.1 at MTU) and wait for the guest to end; sets LOG, MARKS.
bench_pxe() {
	local name=$1 initrd=$2 mtu=$3 append=$4 specs=() wpid
	bench_lan "$name" "$mtu" || return 1
	demo_mktftp "$AOE_WORK/tftp-$name" "$KERNEL_VMLINUZ" "$initrd" "$append" >/dev/null || return 1
	dnsmasq_start "$NS" "$TAP" "$AOE_WORK/tftp-$name" || return 1
	LOG=$AOE_WORK/console-$name.log MARKS=$AOE_WORK/marks-$name
	: >"$LOG"
	mapfile -t specs < <(demo_pxe_specs "$LOG" "$DNSMASQ_LOG")
	log_marks "$MARKS" "" "${specs[@]}" &
	wpid=$!
	qemu_boot "$LOG" "$BOOT_TMO" --ns "$NS" --nic "$TAP" --pxe
	sleep 0.3
	h_kill "$wpid"
	return 0
}

# bench_direct NAME INITRD MTU APPEND: direct kernel boot of INITRD with vblade e0.1 at MTU; sets LOG.
bench_direct() {
	local name=$1 initrd=$2 mtu=$3 append=$4
	bench_lan "$name" "$mtu" || return 1
	LOG=$AOE_WORK/console-$name.log
	qemu_boot "$LOG" "$BOOT_TMO" --ns "$NS" --nic "$TAP" --kernel "$KERNEL_VMLINUZ" \
		--initrd "$initrd" --append "root=/dev/etherd/e0.1p1 $append"
	return 0
}

# bench_late NAME INITRD MTU APPEND DELAY: direct boot; vblade runs from the start on a veth
# whose peer joins the guest's bridge only DELAY s after "aoe-up: aoe interfaces" appears (a
# switch port still learning: the target's own announcement is lost, only discover finds it);
# sets LOG, LATE_OPEN (host time the path opened), LATE_FOUND, LATE_P1 (host times, empty if never).
bench_late() {
	local name=$1 initrd=$2 mtu=$3 append=$4 delay=$5 qpid
	LATE_OPEN='' LATE_FOUND='' LATE_P1=''
	bench_lan "$name" "$mtu" 0 || return 1
	bridge_create "$NS" br0 "$mtu" && bridge_add "$NS" br0 "$TAP" &&
		veth_create "$NS" vbl vbp "$mtu" || return 1
	vblade_start "$NS" 0 1 vbl "$DISK" || return 1
	LOG=$AOE_WORK/console-$name.log
	: >"$LOG"
	qemu_boot "$LOG" "$BOOT_TMO" --ns "$NS" --nic "$TAP" --kernel "$KERNEL_VMLINUZ" \
		--initrd "$initrd" --append "root=/dev/etherd/e0.1p1 $append" &
	qpid=$!
	harness_on_cleanup "demo_stop_bg $qpid"
	if log_wait "$LOG" 'aoe-up: aoe interfaces' 240 > /dev/null; then
		sleep "$delay"
		LATE_OPEN=$(h_now)
		bridge_add "$NS" br0 vbp || LATE_OPEN=''
		LATE_FOUND=$(log_wait "$LOG" 'aoe-up: found ' 120) || LATE_FOUND=''
		LATE_P1=$(log_wait "$LOG" ' etherd/e0\.1: p1' 30) || LATE_P1=''
	fi
	wait "$qpid"
	return 0
}

# stats V...: print "min / median / max" of the numbers V (n/a ignored).
stats() {
	printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -n | awk '
		{ v[NR] = $1 } END {
			if (!NR) { print "n/a"; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f / %.2f / %.2f (%d runs)\n", v[1], m, v[NR], NR }'
}

# phase_figs LOG TAG: the boot's phases on the guest clock: NIC's first kernel line,
# systemd's start and aoe-up's first line, each to the root partition.
phase_figs() {
	local log=$1 tag=$2
	fig "$tag: NIC's first kernel line -> root partition" \
		"$(or_na klog_delta_re "$log" 'virtio_net|e1000|renamed from eth' ' etherd/e0.1: p1') s" "guest klog"
	log_has "$log" 'systemd[1]: systemd ' &&
		fig "$tag: systemd starts -> root partition" \
			"$(or_na klog_delta "$log" 'systemd[1]: systemd ' ' etherd/e0.1: p1') s" "guest klog"
	fig "$tag: aoe-up's first line at uptime" "$(or_na klog_time "$log" 'aoe-up: ') s" \
		"guest klog: when the search started"
}


# or_na CMD...: print CMD's output, or n/a when it fails or prints nothing.
or_na() { local v; v=$("$@" 2>/dev/null | head -n1) && [ -n "$v" ] && echo "$v" || echo n/a; }


echo "aoe-boot bench: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

inst=$AOE_WORK/inst
mod=$inst/usr/lib/dracut/modules.d/50aoe
demo_step "helper + module (make install DESTDIR=work/inst)" make -C "$AOE_REPO" install DESTDIR="$inst" ||
	{ echo "$me: cannot build the helper: nothing to measure" >&2; exit 1; }
fig "helper /sbin/aoe-up (stripped, static)" "$(stat -c %s "$mod/aoe-up") B" "$(cat "$AOE_REPO/src/.kind" 2>/dev/null || echo '?'), src/Makefile"

demo_step "guest kernel (kernel_fetch)" kernel_fetch || { echo "$me: no guest kernel: nothing to measure" >&2; exit 1; }

INITRD_AOE=$AOE_WORK/initrd-systemd-aoe.img
demo_step "initrd: systemd kind with aoe (build_initrd)" build_initrd "$INITRD_AOE" systemd "$mod" ||
	{ echo "$me: no initrd: nothing to measure" >&2; exit 1; }
size_aoe=$(stat -c %s "$INITRD_AOE")

# bench_initrd_noaoe OUT: the same systemd initrd arguments with aoe dropped from the module list.
bench_initrd_noaoe() { AOE_INITRD_MODULES_systemd=${AOE_INITRD_MODULES_systemd//@MOD@/} build_initrd "$1" systemd "$mod"; }
INITRD_NOAOE=$AOE_WORK/initrd-systemd-noaoe.img
if demo_step "initrd: the same without aoe" bench_initrd_noaoe "$INITRD_NOAOE"; then
	size_noaoe=$(stat -c %s "$INITRD_NOAOE")
else
	size_noaoe=''
fi

# a dracut.conf that limits the module's NIC drivers (aoe_nic_drivers); path keyed by content for the cache key
nicconf_text='aoe_nic_drivers="virtio_net e1000"'
nicconf=$AOE_CACHE/bench/aoe-nic-$(printf '%s\n' "$nicconf_text" | sha256sum | cut -c1-12).conf
mkdir -p "$AOE_CACHE/bench" && printf '%s\n' "$nicconf_text" >"$nicconf"
INITRD_NIC=$AOE_WORK/initrd-systemd-aoe-nic.img
if demo_step "initrd: with aoe, aoe_nic_drivers=\"virtio_net e1000\"" \
	build_initrd "$INITRD_NIC" systemd "$mod" --conf "$nicconf"; then
	size_nic=$(stat -c %s "$INITRD_NIC")
else
	size_nic=''
fi

# bench_initrd_bb OUT: the smallest initrd that boots here: busybox kind, only the
# drivers boot D needs, and the module told to add no other NIC driver.
bench_initrd_bb() {
	AOE_NIC_DRIVERS="virtio_net virtio_pci" AOE_INITRD_DRIVERS_busybox="aoe virtio_net virtio_pci ext4" \
		build_initrd "$1" busybox "$mod"
}

INITRD_BB=$AOE_WORK/initrd-busybox.img
if demo_step "initrd: busybox kind, only the boot's drivers (aoe_nic_drivers)" bench_initrd_bb "$INITRD_BB"; then
	size_bb=$(stat -c %s "$INITRD_BB")
else
	size_bb=''
fi
fig "initrd systemd + aoe" "$size_aoe B" "build_initrd systemd (every wired NIC driver)"
if [ -n "$size_noaoe" ]; then
	fig "initrd systemd without aoe" "$size_noaoe B" "same dracut args, aoe not in -m"
	fig "  aoe module adds" "$((size_aoe - size_noaoe)) B" "difference of the two (zstd)"
fi
[ -n "$size_nic" ] && fig "initrd systemd + aoe, 2 NIC drivers" "$size_nic B" "aoe_nic_drivers=\"virtio_net e1000\""
[ -n "$size_bb" ] && fig "initrd busybox + aoe (smallest)" "$size_bb B" "--drivers \"aoe virtio_net virtio_pci ext4\", aoe_nic_drivers=\"virtio_net virtio_pci\""

DISK_SRC=$(disk_image_cached 1 "$disksize") || { echo "$me: cannot build the root image" >&2; exit 1; }

read_args="panic=-1 rd.shell=0 aoe.bench.read=$readmib aoe.bench.disk=/dev/etherd/e0.1"
# A: PXE + systemd + jumbo frames
demo_step "boot A: PXE, systemd initrd, MTU 9000, read $readmib MiB" \
	bench_pxe a "$INITRD_AOE" 9000 "$read_args"
if log_has "$LOG" AOE-ROOT-OK; then
	fig "aoe loaded -> root partition" "$(or_na klog_delta "$LOG" 'AoE v85 initialised' ' etherd/e0.1: p1') s" "guest klog, boot A"
	fig "guest uptime at the real root" "$(or_na log_fact "$LOG" uptime) s" "/proc/uptime in root's init, A"
	fig "aoe-up search (own figure)" "$(log_grep "$LOG" 'aoe-up: found ' | head -n1 | sed -n 's/.* \([0-9][0-9]*\) ms$/\1/p') ms" "aoe-up: found ... N ms, A"
	fig "read, tap MTU 9000" "$(or_na log_fact "$LOG" read_mib_s) MiB/s" "dd ${readmib} MiB, payload $(or_na log_fact "$LOG" payload | cut -d: -f2) B/frame"
	fig "TFTP kernel+initrd, systemd" "$(or_na log_between "$MARKS" 'TFTP pxelinux.cfg sent' 'TFTP initrd sent') s" "dnsmasq 'sent' lines, host clock"
	fig "PXE DHCP -> root's init, systemd" "$(or_na log_between "$MARKS" 'DHCP lease (PXE firmware)' 'init of the AoE root running') s" "host clock, boot A"
	phase_figs "$LOG" "generic (systemd) initrd"
else
	fig "boot A (systemd, PXE)" "did not boot" "$(boot_why "$LOG")"
fi

# B: direct boot, 1500 MTU
demo_step "boot B: direct, systemd initrd, MTU 1500, read $readmib MiB" \
	bench_direct b "$INITRD_AOE" 1500 "$read_args"
if log_has "$LOG" AOE-ROOT-OK; then
	fig "read, tap MTU 1500" "$(or_na log_fact "$LOG" read_mib_s) MiB/s" "dd ${readmib} MiB, payload $(or_na log_fact "$LOG" payload | cut -d: -f2) B/frame"
	fig "aoe loaded -> root partition, 1500" "$(or_na klog_delta "$LOG" 'AoE v85 initialised' ' etherd/e0.1: p1') s" "guest klog, boot B"
else
	fig "boot B (systemd, MTU 1500)" "did not boot" "$(boot_why "$LOG")"
fi

# C: late target, the path opened after the search began, several runs
late_delay=3 late_runs=3 late_found=() late_p1=()
for run in $(seq "$late_runs"); do
	demo_step "boot C$run: direct, systemd initrd, path to vblade opens ${late_delay} s after aoe-up began" \
		bench_late "c$run" "$INITRD_AOE" 9000 "panic=-1 rd.shell=0" "$late_delay"
	if [ -n "$LATE_OPEN" ] && log_has "$LOG" AOE-ROOT-OK; then
		late_found+=("$(h_delta "$LATE_OPEN" "$LATE_FOUND")")
		late_p1+=("$(h_delta "$LATE_OPEN" "$LATE_P1")")
	else
		fig "boot C$run (late target)" "did not boot" "$(boot_why "$LOG")"
	fi
done
fig "late target: path open -> aoe-up found" "$(stats "${late_found[@]}") s" "min/median/max, host clock, 0.1 s polling"
fig "late target: path open -> root partition" "$(stats "${late_p1[@]}") s" "min/median/max, host clock, 0.1 s polling"

# D: the smallest initrd over PXE
if [ -n "$size_bb" ]; then
	demo_step "boot D: PXE, busybox initrd, MTU 9000" \
		bench_pxe d "$INITRD_BB" 9000 "panic=-1 rd.shell=0"
	fig "TFTP kernel+initrd, busybox" "$(or_na log_between "$MARKS" 'TFTP pxelinux.cfg sent' 'TFTP initrd sent') s" "dnsmasq 'sent' lines, host clock"
	if log_has "$LOG" AOE-ROOT-OK; then
		fig "busybox initrd boots" "yes" "$(or_na log_fact "$LOG" root)"
		fig "busybox: aoe loaded -> root partition" "$(or_na klog_delta "$LOG" 'AoE v85 initialised' ' etherd/e0.1: p1') s" "guest klog, boot D"
		fig "busybox: guest uptime at the real root" "$(or_na log_fact "$LOG" uptime) s" "boot D"
		phase_figs "$LOG" "minimal (busybox) initrd"
		fig "PXE DHCP -> root's init, busybox" "$(or_na log_between "$MARKS" 'DHCP lease (PXE firmware)' 'init of the AoE root running') s" "host clock, boot D"
	else
		fig "busybox initrd boots" "did not boot" "$(boot_why "$LOG")"
	fi
else
	fig "busybox initrd" "not built" "dracut failed, see the log above"
fi

# bench_sanboot NAME INITRD: iPXE sanboot of a disk whose extlinux loads the kernel and
# INITRD from the AoE disk (root=UUID=, no AoE option); sets LOG, MARKS (log_marks: san, linux, root).
bench_sanboot() {
	local name=$1 initrd=$2 uuid=0a0eb007-5a4b-4007-8000-00000000be01 qpid
	DISK=$AOE_WORK/disk-$name.img
	rootfs_tree "$AOE_WORK/root-$name" || return 1
	boot_disk_image "$DISK" "$AOE_WORK/root-$name" "$KERNEL_VMLINUZ" "$initrd" "$uuid" \
		"root=UUID=$uuid panic=-1 rd.shell=0" || return 1
	lan_create "$name" 1500 "" "$DISK" || return 1
	NS=$LAN_NS TAP=$LAN_TAP
	sanboot_dnsmasq "$NS" "$TAP" "$AOE_WORK/tftp-$name" aoe:e0.1 || return 1
	LOG=$AOE_WORK/console-$name.log MARKS=$AOE_WORK/marks-$name
	: > "$LOG"
	qemu_boot "$LOG" "$BOOT_TMO" --ns "$NS" --nic "$TAP" --pxe &
	qpid=$!
	log_marks "$MARKS" "$qpid" "san|$LOG|Booting from SAN device" "linux|$LOG|Linux version" "root|$LOG|AOE-ROOT-OK"
	wait "$qpid"
	return 0
}

# E: iPXE sanboot, kernel and initrd from the AoE disk
if [ -n "$size_bb" ]; then
	demo_step "boot E: iPXE sanboot, extlinux on the AoE disk loads kernel + busybox initrd" \
		bench_sanboot e "$INITRD_BB"
	if log_has "$LOG" AOE-ROOT-OK; then
		t_san=$(log_mark "$MARKS" san) t_lin=$(log_mark "$MARKS" linux) t_root=$(log_mark "$MARKS" root)
		fig "INT 13 kernel+initrd, busybox (sanboot)" "$(h_delta "$t_san" "$t_lin") s" \
			"iPXE 'Booting from SAN' -> 'Linux version', host clock; same files as D's TFTP"
		fig "sanboot: kernel running -> root's init" "$(h_delta "$t_lin" "$t_root") s" "host clock, boot E (aBFT, no AoE option)"
	else
		fig "sanboot (boot E)" "did not boot" "$(boot_why "$LOG")"
	fi
fi

# bench_storm NAME N: N guests at once (systemd initrd, tmpfs overlay, read
# $readmib MiB each) from one vblade -r on a bridge; sets STORM_LOGS (prefix).
bench_storm() {
	local name=$1 n=$2
	storm_lan "$name" "$n" || return 1
	DISK=$AOE_WORK/disk-$name.img
	cp --sparse=always "$DISK_SRC" "$DISK" || return 1
	vblade_start "$STORM_NS" 0 1 br0 "$DISK" -r || return 1
	STORM_LOGS=$AOE_WORK/console-$name
	storm_boot "$n" "$STORM_LOGS" "$BOOT_TMO" "$INITRD_AOE" storm_append 512
}
# storm_append I: client I's command line
storm_append() { echo "root=/dev/etherd/e0.1p1 ro rd.aoe.overlay=tmpfs $read_args"; }
# storm_stats N WHAT: "min / mean / max" of the numbers on stdin (n/a if none), N expected.
storm_stats() {
	awk -v n="$1" '$1 ~ /^[0-9.]+$/ { s += $1; c++; if (c == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
		END { if (!c) { print "n/a"; exit } printf "%.1f / %.1f / %.1f (%d of %d)", lo, s / c, hi, c, n }'
}

# F: boot storm
if [ "$storm" -gt 0 ]; then
	demo_step "boot F1: one client alone, read-only image + tmpfs overlay" bench_storm f1 1
	fig "storm: 1 client: launch -> root" "${STORM_ROOT_AT[1]:-n/a} s" "host clock, systemd initrd, rd.aoe.overlay=tmpfs"
	fig "storm: 1 client: read" "$(or_na log_fact "$STORM_LOGS-1.log" read_mib_s) MiB/s" "dd ${readmib} MiB alone, MTU 1500"
	demo_step "boot F2: $storm clients at once from one vblade" bench_storm f2 "$storm"
	fig "storm: $storm clients: launch -> root" "$(for i in $(seq "$storm"); do echo "${STORM_ROOT_AT[$i]:-}"; done | storm_stats "$storm") s" "min / mean / max, host clock, all launched at once"
	fig "storm: $storm clients: read per client" "$(for i in $(seq "$storm"); do log_fact "$STORM_LOGS-$i.log" read_mib_s; done | storm_stats "$storm") MiB/s" "dd ${readmib} MiB each, reads overlapping"
	fig "storm: $storm clients: all off" "$STORM_WALL_S s" "launch -> last guest powered off"
	fig "storm: server side" "1 vblade" "vblade $(dpkg-query -W -f '${Version}' vblade 2>/dev/null || echo '?') -r, default buffer count (no -b), bridge of $storm taps, image in page cache"
fi

# bench_debian: the Debian scenario (tests/e2e/debian.sh) with the target away $outage s;
# its output in $AOE_WORK/debian.out.
bench_debian() {
	AOE_WORK=$AOE_WORK/debian AOE_OUTAGE_S=$outage bash "$here/../tests/e2e/debian.sh" > "$AOE_WORK/debian.out" 2>&1
	grep -q '^# figure: ' "$AOE_WORK/debian.out"
}

# G: a Debian 12 root
if [ "$outage" -gt 0 ]; then
	demo_step "boots G: Debian 12 root: NetworkManager, host-only rebuild, networkd, ifupdown + ${outage} s outage" bench_debian
	while IFS=$'\t' read -r label value; do
		fig "Debian: $label" "$value" "tests/e2e/debian.sh (e1000, DHCP offers MTU 1500, target away ${outage} s)"
	done < <(sed -n 's/^# figure: //p' "$AOE_WORK/debian.out" 2>/dev/null |
		awk '{ v = $NF; $NF = ""; sub(/ +$/, ""); print $0 "\t" v }')	# e2e_figure: LABEL VALUE, VALUE one word here
	grep -q '^FAIL' "$AOE_WORK/debian.out" 2>/dev/null &&
		fig "Debian: scenario" "had failures" "$(grep -c '^FAIL' "$AOE_WORK/debian.out") FAIL lines in $AOE_WORK/debian.out"
fi

# bench_e2e NAME: tests/e2e/NAME.sh alone, its output in $AOE_WORK/NAME.out.
bench_e2e() {
	AOE_WORK=$AOE_WORK/$1 bash "$here/../tests/e2e/$1.sh" > "$AOE_WORK/$1.out" 2>&1
	grep -q '^# figure: ' "$AOE_WORK/$1.out"
}
# e2e_figs NAME PREFIX HOW: the script's figures as bench figures.
e2e_figs() {
	while IFS=$'\t' read -r label value; do
		fig "$2$label" "$value" "$3"
	done < <(sed -n 's/^# figure: //p' "$AOE_WORK/$1.out" 2>/dev/null |
		awk '{ v = $NF; $NF = ""; sub(/ +$/, ""); print $0 "\t" v }')
	grep -q '^FAIL' "$AOE_WORK/$1.out" 2>/dev/null &&
		fig "$2scenario" "had failures" "$(grep -c '^FAIL' "$AOE_WORK/$1.out") FAIL lines in $AOE_WORK/$1.out"
}

# H: the lab tool
if [ "$lab" = 1 ]; then
	demo_step "H1: aoe-lab: init, image create, client add, publish, boot; update, publish, boot; a kept layer" bench_e2e lab
	e2e_figs lab "lab: " "tests/e2e/lab.sh: Debian 12 image made by aoe-lab, e1000, 1024 MiB, host clock"
	demo_step "H2: aoe-lab: a room of 4 PXE-booting one version at once, proxy DHCP" bench_e2e storm
	e2e_figs storm "room: " "tests/e2e/storm.sh: 4 machines from aoe-lab's entries, one vblade -r, tmpfs layers"
fi

# I: UEFI
bench_uefi() { AOE_UEFI_BENCH=1 bench_e2e uefi; }
demo_step "I: UEFI: shim and GRUB (Secure Boot on, off), iPXE; TFTP and HTTP" bench_uefi
e2e_figs uefi "uefi: " "tests/e2e/uefi.sh: OVMF (Debian), virtio-net without option ROM, aoe-lab's entries, host clock"

# J: two paths
demo_step "J: two paths to one disk: each path fails and comes back under synced writes" bench_e2e multipath
e2e_figs multipath "" "tests/e2e/multipath.sh: two NICs, two bridges, two vblades, rw root, 1 MiB fsync every 1.4 s; guest clock"
# bench_paths_long: the same with each path failing $pathdown s
bench_paths_long() {
	AOE_WORK=$AOE_WORK/multipath-long AOE_MP_DOWN=$pathdown AOE_MP_UP=30 bash "$here/../tests/e2e/multipath.sh" > "$AOE_WORK/multipath-long.out" 2>&1
	grep -q '^# figure: ' "$AOE_WORK/multipath-long.out"
}
if [ "$pathdown" -gt 0 ]; then
	demo_step "J: two paths, each failing ${pathdown} s" bench_paths_long
	e2e_figs multipath-long "${pathdown} s failures: " "tests/e2e/multipath.sh with AOE_MP_DOWN=$pathdown AOE_MP_UP=30; guest clock"
fi

# the table, twice: aligned text, then markdown
echo
echo "== aoe-boot bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU, QEMU TCG, kernel $KVER"
for i in "${!F_LABEL[@]}"; do
	printf '%-46s %-16s %s\n' "${F_LABEL[$i]}" "${F_VALUE[$i]}" "${F_HOW[$i]}"
done
echo
echo "<!-- markdown: paste into docs/performance.md -->"
echo "| figure | value | how |"
echo "|---|---|---|"
for i in "${!F_LABEL[@]}"; do
	printf '| %s | %s | %s |\n' "${F_LABEL[$i]# }" "${F_VALUE[$i]}" "${F_HOW[$i]//|/\\|}"
done
exit 0
