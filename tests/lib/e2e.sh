# shellcheck shell=bash
# The project's end-to-end scenarios on top of the harness: the module as
# `make install` lays it out, a target on a tap in a private netns, a boot,
# and PASS/FAIL lines. Source from a tests/e2e/*.sh script.

# shellcheck source=tests/lib/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
# shellcheck source=tests/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/tap.sh"

# the names the guest's first two NICs get (udev's policy, in the initramfs)
IF0=$(qemu_ifname 0)
IF1=$(qemu_ifname 1)
export IF0 IF1

# e2e_init NAME: start the harness, or print one SKIP per case of the
# scenario and exit 0 when this machine cannot run QEMU boots (not root, tools missing).
# NAME, the scenario's title, is for the reader of the script.
e2e_init() {
	local why
	why=$(harness_require_root) || skip_script "$why"
	harness_init
	kernel_fetch || h_die "cannot fetch the guest kernel"
	E2E_MOD=$AOE_WORK/inst/usr/lib/dracut/modules.d/50aoe
	# one build of the helper at a time: scripts run side by side share src/
	mkdir -p "$AOE_REPO/build"
	flock "$AOE_REPO/build/.helper.lock" make -s -C "$AOE_REPO" install DESTDIR="$AOE_WORK/inst" > /dev/null ||
		h_die "make install failed"
}

# e2e_initrd KIND [DRACUT_ARGS...]: build (or reuse) a KIND initrd with the
# installed module; prints its path.
e2e_initrd() {
	local kind=$1
	shift
	build_initrd "" "$kind" "$E2E_MOD" "$@" > /dev/null || h_die "initrd ($kind) failed"
	echo "$INITRD_CACHED"
}

# e2e_lan NAME [MTU]: lan_create NAME MTU, or die; sets E2E_NS and E2E_TAP.
e2e_lan() {
	lan_create "$1" "${2:-1500}" || h_die "netns/tap for $1"
	E2E_NS=$LAN_NS E2E_TAP=$LAN_TAP
}

# e2e_disk ROOTPART: a private copy of the cached root image with the root
# on partition ROOTPART; prints its path.
e2e_disk() {
	local src dst
	src=$(disk_image_cached "$1") || h_die "root image"
	dst=$AOE_WORK/disk-p$1-$RANDOM.img
	cp --sparse=always "$src" "$dst" && echo "$dst"
}

# e2e_boot LOG TIMEOUT APPEND INITRD [QEMU_BOOT_OPTS...] [-- QEMU_ARGS...]: direct kernel
# boot in E2E_NS with one virtio NIC on E2E_TAP unless --nic options are given.
e2e_boot() {
	local log=$1 tmo=$2 append=$3 initrd=$4
	shift 4
	case " $* " in *" --nic "*) ;; *) set -- --nic "$E2E_TAP" "$@" ;; esac
	# options last: they may end with "-- QEMU_ARGS..."
	qemu_boot "$log" "$tmo" --ns "$E2E_NS" --kernel "$KERNEL_VMLINUZ" \
		--initrd "$initrd" --append "$append" "$@"
}

# e2e_show_log LOG: print the guest's console log indented, for a failure.
e2e_show_log() { log_text "$1" | tail -n "${2:-60}" | sed 's/^/    | /'; }

# e2e_root_reached NAME LOG: PASS if the guest ran the AoE root's init.
e2e_root_reached() {
	if log_has "$2" AOE-ROOT-OK; then
		pass "$1"
	else
		fail "$1" "the guest never reached the AoE root (log below)"
		e2e_show_log "$2"
	fi
}

# e2e_figure NAME VALUE: print a measured figure (not a test).
e2e_figure() { printf '# figure: %-40s %s\n' "$1" "$2"; }

# e2e_boot_figures LOG PART: print the aoe phase and root uptime figures of a boot.
e2e_boot_figures() {
	e2e_figure "aoe loaded -> root partition (s)" \
		"$(klog_delta "$1" 'AoE v85 initialised' " etherd/$2:" || echo n/a)"
	e2e_figure "guest uptime at the real root (s)" "$(log_fact "$1" uptime | head -n1 || echo n/a)"
	e2e_figure "boot wall time (s)" "${QEMU_WALL_S:-n/a}"
}

# e2e_boot_until LOG TIMEOUT ERE APPEND INITRD [QEMU_BOOT_OPTS...]: like
# e2e_boot, but stop the guest 2 s after its console shows a line matching
# ERE (a halted guest never exits QEMU by itself). Sets E2E_UNTIL_S to the
# wall seconds until the match (empty if none).
# shellcheck disable=SC2034 # E2E_UNTIL_S is read by the scenarios
e2e_boot_until() {
	local log=$1 tmo=$2 ere=$3 pid t0 i
	shift 3
	: > "$log"
	E2E_UNTIL_S=
	t0=$(h_now)
	e2e_boot "$log" "$tmo" "$@" &
	pid=$!
	if log_wait "$log" "$ere" "$tmo" "$pid" > /dev/null; then
		E2E_UNTIL_S=$(h_since "$t0")
		if kill -0 "$pid" 2> /dev/null; then
			sleep 2
			pkill -f -- "file:$log" 2> /dev/null
		fi
	fi
	for i in $(seq 20); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
	wait "$pid" 2> /dev/null
	return 0
}

# e2e_expect NAME LOG ERE: PASS if the console log has a line matching ERE.
e2e_expect() {
	if log_grep "$2" "$3" > /dev/null; then
		pass "$1"
	else
		fail "$1" "no console line matches /$3/ (log below)"
		e2e_show_log "$2" 40
	fi
}

# e2e_expect_none NAME LOG ERE: PASS if no console line matches ERE (else FAIL showing them).
e2e_expect_none() {
	local hits
	if [ ! -s "$2" ]; then
		fail "$1" "empty console log $2"
	elif hits=$(log_grep "$2" "$3"); then
		fail "$1" "console lines match /$3/:"
		printf '%s\n' "$hits" | head -n 10 | sed 's/^/    | /'
	else
		pass "$1"
	fi
}

# e2e_found_ms LOG: print the ms of aoe-up's first "found" line; 1 if none.
e2e_found_ms() {
	log_grep "$1" 'aoe-up: found .*, [0-9]+ ms' | head -n1 | sed -E 's/.*, ([0-9]+) ms.*/\1/' | grep .
}

# e2e_carrier_ms LOG NIC: print the ms of aoe-up's first "NIC: carrier up after N ms" line; 1 if none.
e2e_carrier_ms() {
	log_grep "$1" "aoe-up: $2: carrier up after [0-9]+ ms" | head -n1 | sed -E 's/.*carrier up after ([0-9]+) ms.*/\1/' | grep .
}

# e2e_carrier_found_ms LOG NIC: print the ms from NIC's carrier up to aoe-up's found line (both
# from aoe-up's start, so udev's time drops out); 1 if either line is missing.
e2e_carrier_found_ms() {
	local c f
	c=$(e2e_carrier_ms "$1" "$2") && f=$(e2e_found_ms "$1") && echo $((f - c))
}

# e2e_boot_bg LOG TIMEOUT APPEND INITRD [QEMU_BOOT_OPTS...]: e2e_boot in the background; sets E2E_BOOT_PID (reap with e2e_boot_wait).
e2e_boot_bg() {
	: > "$1"
	e2e_boot "$@" &
	E2E_BOOT_PID=$!
	# the guest runs in a subshell: end it (by its unique log path) if the test stops first
	harness_on_cleanup "pkill -f -- 'file:$1' 2> /dev/null"
}

# e2e_boot_wait: wait for the e2e_boot_bg guest to end by itself.
e2e_boot_wait() { wait "$E2E_BOOT_PID" 2> /dev/null; return 0; }

# e2e_wait_log LOG ERE SECS: log_wait for the e2e_boot_bg guest; 0 when seen (sets
# E2E_SEEN_AT to the h_now time it was seen, empty if not).
# shellcheck disable=SC2034 # E2E_SEEN_AT is read by the scenarios
e2e_wait_log() {
	E2E_SEEN_AT=$(log_wait "$1" "$2" "$3" "${E2E_BOOT_PID:-0}")
}

# e2e_tftp DIR INITRD [MKTFTP_ARGS...]: fill DIR with pxelinux/mktftp.sh for the guest kernel and INITRD.
e2e_tftp() {
	local dir=$1 initrd=$2
	shift 2
	"$AOE_REPO/pxelinux/mktftp.sh" --kernel "$KERNEL_VMLINUZ" --initrd "$initrd" "$@" "$dir" > /dev/null
}

# e2e_pxe_boot LOG TIMEOUT [QEMU_BOOT_OPTS...]: network boot in E2E_NS (one virtio NIC on E2E_TAP unless --nic is given); needs dnsmasq_start.
e2e_pxe_boot() {
	local log=$1 tmo=$2
	shift 2
	case " $* " in *" --nic "*) ;; *) set -- --nic "$E2E_TAP" "$@" ;; esac
	qemu_boot "$log" "$tmo" --ns "$E2E_NS" --pxe "$@"
}

# e2e_initrd_nics KIND "DRIVER..." [DRACUT_ARGS...]: like e2e_initrd, but the module installs only these NIC drivers (its aoe_nic_drivers knob); prints its path.
e2e_initrd_nics() {
	local kind=$1 drivers=$2
	shift 2
	AOE_NIC_DRIVERS=$drivers build_initrd "" "$kind" "$E2E_MOD" "$@" > /dev/null ||
		h_die "initrd ($kind, NIC drivers $drivers) failed"
	echo "$INITRD_CACHED"
}
