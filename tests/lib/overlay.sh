# shellcheck shell=bash
# Shared images: a test root that reports its overlay, and a boot storm of
# several guests on one bridge with one vblade. Source after harness.sh.

[ -n "${_AOE_OVERLAY_SH:-}" ] && return 0
_AOE_OVERLAY_SH=1
# shellcheck source=tests/lib/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# overlay_facts_script: print the fact script (sourced by the test root's init,
# which defines fact, arg, hasarg) for rd.aoe.overlay boots. Facts: rootfs,
# lower, machine_id, etc_hostname, fstab_root, remount, marker (one per marker
# file seen: NAME:CONTENT), wrote; aoe.test.mark=NAME writes /var/lib/aoe-marker/NAME;
# aoe.test.fill=MiB fills the overlay: fill_err, small_write, after_fill;
# aoe.test.read=SECS reads /dev/etherd/e0.1 for SECS s, 1 MiB at a time
# (O_DIRECT, block 7i mod 64), console lines "AOE-RD r I BLOCK START END MD5"
# (guest uptime), "AOE-RD taint UPTIME MAC=TAINT..." when a target MAC's
# taint changes (debugfs, looked at every 0.25 s), "AOE-RD start"/"AOE-RD done N".
overlay_facts_script() {
	cat <<'FACTS'
# overlay facts: what a machine on a shared image sees
fact "rootfs=$(awk '$2 == "/" { t = $3 } END { print t }' /proc/mounts)"
fact "lower=$(awk '$2 == "/run/aoe/lower" { print $1 ":" $4 }' /proc/mounts)"
fact "overlay_state=$(cat /run/aoe/overlay.state 2>/dev/null)"
fact "machine_id=$(cat /etc/machine-id 2>/dev/null)"
fact "etc_hostname=$(cat /etc/hostname 2>/dev/null)"
fact "fstab_root=$(awk '$1 !~ /^#/ && $2 == "/"' /etc/fstab 2>/dev/null)"
if mount -o remount,rw / 2>/tmp/remount.err; then fact "remount=ok"; else fact "remount=$(cat /tmp/remount.err)"; fi
for f in /var/lib/aoe-marker/*; do [ -f "$f" ] && fact "marker=${f##*/}:$(cat "$f")"; done
if m=$(arg aoe.test.mark) && [ -n "$m" ]; then
	mkdir -p /var/lib/aoe-marker
	echo "$(cat /proc/sys/kernel/random/boot_id)" > "/var/lib/aoe-marker/$m" && sync && fact "wrote=$m"
fi
if n=$(arg aoe.test.fill) && [ -n "$n" ]; then
	dd if=/dev/zero of=/var/fill bs=1M count="$n" 2>/tmp/fill.err
	fact "fill_rc=$?"
	fact "fill_err=$(grep -i 'space' /tmp/fill.err | head -n1)"
	rm -f /var/fill
	if echo after > /var/after-fill; then fact "small_write=ok"; else fact "small_write=fail"; fi
	fact "after_fill=alive"
fi
if n=$(arg aoe.test.read) && [ -n "$n" ]; then
	mkdir -p /sys/kernel/debug && mount -t debugfs debugfs /sys/kernel/debug
	echo "AOE-RD start $(cut -d' ' -f1 /proc/uptime)"
	# the taint, every 0.25 s whatever the reads do
	(
		prev=
		while :; do
			tl=$(awk '/^[0-9a-f]+:/ { m = substr($0, 1, 12) } /taint:/ { sub(/.*:/, ""); printf "%s=%s ", m, $0 }' /sys/kernel/debug/aoe/e0.1)
			[ "$tl" = "$prev" ] || echo "AOE-RD taint $(cut -d' ' -f1 /proc/uptime) $tl"
			prev=$tl
			sleep 0.25
		done
	) &
	tp=$!
	s0=$(cut -d. -f1 /proc/uptime) i=0
	while [ $(($(cut -d. -f1 /proc/uptime) - s0)) -lt "$n" ]; do
		b=$((i * 7 % 64)) a=$(cut -d' ' -f1 /proc/uptime)
		s=$(dd if=/dev/etherd/e0.1 bs=1M count=1 skip=$b iflag=direct 2> /dev/null | md5sum)
		echo "AOE-RD r $i $b $a $(cut -d' ' -f1 /proc/uptime) ${s%% *}"
		i=$((i + 1))
		sleep 0.5
	done
	kill "$tp"
	echo "AOE-RD done $i"
fi
FACTS
}

# overlay_image OUT: a 64 MiB root image (partition 1) of the busybox test root
# plus the overlay fact script, an fstab naming the AoE root for / (pass 1, as
# installers write it) and an empty machine-id, as a shared image ships.
overlay_image() {
	local dir
	dir=$(mktemp -d "$AOE_WORK/ovroot.XXXXXX") || return 1
	rootfs_tree "$dir" || return 1
	overlay_facts_script > "$dir/etc/aoe-facts.d/overlay.sh" || return 1
	printf '%s\n' '# the image as an installer leaves it' \
		'/dev/etherd/e0.1p1 / ext4 defaults,errors=remount-ro 0 1' > "$dir/etc/fstab"
	: > "$dir/etc/machine-id"
	mkdir -p "$dir/var/lib"
	disk_image "$1" 1 64 "$dir"
}

# storm_lan NAME N [paths]: a netns with bridge br0 and taps tap1..tapN in it; sets
# STORM_NS. vblade runs on br0 and answers every tap. With "paths", a second
# segment too: bridge br1 with taps tapp1..tappN (each guest's second NIC,
# storm_boot with STORM_PATHS=1).
storm_lan() {
	local i
	lan_create "$1" 1500 br0 || return 1
	STORM_NS=$LAN_NS
	[ "${3:-}" != paths ] || bridge_create "$STORM_NS" br1 || return 1
	for i in $(seq "$2"); do
		tap_create "$STORM_NS" "tap$i" 1500 && bridge_add "$STORM_NS" br0 "tap$i" || return 1
		[ "${3:-}" != paths ] || { tap_create "$STORM_NS" "tapp$i" 1500 && bridge_add "$STORM_NS" br1 "tapp$i"; } || return 1
	done
}

# storm_mac I [2]: the MAC of storm guest I (52:54:00:ae:10:I in hex), or of
# its second NIC (52:54:00:ae:11:I).
storm_mac() { printf '52:54:00:ae:1%d:%02x\n' "$((${2:-1} - 1))" "$1"; }

# storm_boot N LOGPREFIX TIMEOUT INITRD APPEND_FN [MEM]: start N guests at
# once on tap1..tapN of STORM_NS, guest I's command line "$(APPEND_FN I)",
# consoles LOGPREFIX-I.log; waits for all to end. Sets STORM_WALL_S (launch
# to the last guest's end) and STORM_ROOT_AT[I] (host seconds from launch to
# the guest's AOE-ROOT-OK, empty if never). INITRD "--pxe": the guests
# network-boot instead (their kernel, initrd and command line from the
# lab's TFTP server; APPEND_FN is not called); STORM_FW[I]=plain|secure
# makes guest I a UEFI machine (qemu_boot --uefi); STORM_PATHS=1 gives each
# guest a second NIC, on tappI (storm_lan ... paths), MAC storm_mac I 2.
storm_boot() {
	local n=$1 lp=$2 tmo=$3 initrd=$4 fn=$5 mem=${6:-512} i t0 pids=() left how
	STORM_ROOT_AT=()
	t0=$(h_now)
	for i in $(seq "$n"); do
		: > "$lp-$i.log"
		how=(--pxe)
		[ "$initrd" = --pxe ] || how=(--kernel "$KERNEL_VMLINUZ" --initrd "$initrd" --append "$("$fn" "$i")")
		[ -z "${STORM_FW[$i]:-}" ] || how+=(--uefi "${STORM_FW[$i]}")
		[ "${STORM_PATHS:-0}" != 1 ] || how+=(--nic "tapp$i,virtio-net-pci,$(storm_mac "$i" 2)")
		qemu_boot "$lp-$i.log" "$tmo" --ns "$STORM_NS" --nic "tap$i,virtio-net-pci,$(storm_mac "$i")" \
			--mem "$mem" "${how[@]}" &
		pids+=("$!")
		harness_on_cleanup "pkill -f -- 'file:$lp-$i.log' 2> /dev/null"
	done
	left=$n
	while [ "$left" -gt 0 ]; do
		left=0
		for i in $(seq "$n"); do
			kill -0 "${pids[$((i - 1))]}" 2> /dev/null && left=$((left + 1))
			if [ -z "${STORM_ROOT_AT[$i]:-}" ] && log_has "$lp-$i.log" AOE-ROOT-OK; then
				STORM_ROOT_AT[i]=$(h_since "$t0")
			fi
		done
		sleep 0.2
	done
	for i in "${pids[@]}"; do wait "$i" 2> /dev/null; done
	# shellcheck disable=SC2034 # read by the callers
	STORM_WALL_S=$(h_since "$t0")
	return 0
}
