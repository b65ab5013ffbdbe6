#!/bin/bash
# The lab as an admin runs it, with aoe-lab alone, onto a full Debian root:
#   aoe-lab init --nic ... --paths ... (the record made; dnsmasq's file;
#   pxelinux; both lab NICs' MTU),
#   aoe-lab image create (debootstrap, cached by the tool; the suite's
#   kernel, initramfs-tools and this project's package in a chroot),
#   aoe-lab client add MAC, aoe-lab image publish;
# the machine PXE-boots the image's own kernel and initramfs onto version 1
# with a tmpfs layer, gets to its login prompt with its name, and its
# network is up (networkd's DHCP lease, then a ping from the server); a
# power-button press shuts it down cleanly. The lab is redundant (issue 20):
# a second segment (paths=), on which each version is exported again, and
# the first machine has a NIC on each. In its first boot, once the booted
# system's aoe-boot-watch.service (systemd, the Debian root) has said both
# paths, the first segment's export is stopped for DOWN s and started: the
# boot goes on over the second, and the watcher says the path stop
# answering and come back. Then aoe-lab image update
# (version 2 from 1: a new filesystem UUID, apt in a chroot, version 1 not
# touched) and publish: the machine's next boot comes up on version 2
# while version 1 is still exported; image rollback switches back. Then a
# second machine with a kept layer (client add --layer disk:1G): aoe-lab
# makes its blank layer disk and export, its first boot formats the layer
# and runs on it; the disk holds its ext4 after the shutdown.
# systemd is not in the test's namespaces: tests/lib/systemctl-ns runs the
# export unit's vblade command and dnsmasq there (see its header).
# run.sh: two at a time
# run.sh: long
# shellcheck disable=SC2016 # sh -c scripts, literal on purpose
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
# shellcheck source=tests/lib/debian.sh
. "$(dirname "$0")/../lib/debian.sh"
miss=$(h_need debootstrap dpkg-buildpackage debugfs dumpe2fs) || skip_script "$miss not installed (tools/install-deps.sh)"
e2e_init "e2e lab: aoe-lab from a blank server to a Debian root"

e2e_lan lab 1500
tftp=$AOE_WORK/tftp
mac=$(qemu_mac 0) macb=$(qemu_mac 2)
DOWN=15	# s the first segment's export is stopped in boot 1: a failover (~11 s) and reads after it
conf=$AOE_WORK/etc/lab.conf
export AOE_LAB_CONF=$conf AOE_LAB_STATE=$AOE_WORK/lab-state AOE_LAB_RUN=$AOE_WORK/lab-run
export AOE_LAB_CACHE=$AOE_CACHE/lab AOE_UP=$E2E_MOD/aoe-up
lab_server "$E2E_NS"
# lab ARGS...: aoe-lab in the lab's namespace (the lab NIC is there); output in $out
lab() { out=$(ip netns exec "$E2E_NS" "$AOE_REPO/lab/aoe-lab" "$@" 2>&1); }
ip -n "$E2E_NS" addr replace "$AOE_NET_PREFIX.1/24" dev "$E2E_TAP" || h_die "server address"
tapmac=$(ip netns exec "$E2E_NS" cat "/sys/class/net/$E2E_TAP/address")
# the second segment: the server's NIC on it is tapb (the machine's second NIC's tap)
tap_create "$E2E_NS" tapb || h_die "the second segment"
tapbmac=$(ip netns exec "$E2E_NS" cat /sys/class/net/tapb/address)
v1=$AOE_LAB_STATE/images/lab/1 v2=$AOE_LAB_STATE/images/lab/2

# --- the server: init makes the record ------------------------------------------------
lab init --nic "$E2E_TAP" --paths tapb --tftp "$tftp" --dhcp full --range "$AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199" --mtu auto
check_eq "aoe-lab init --nic ... --paths ...: the record made, the server prepared, both lab NICs' MTU" "$out" \
	"written: $conf ([lab] nic = $E2E_TAP, paths = tapb, dhcp = full, range = $AOE_NET_PREFIX.100,$AOE_NET_PREFIX.199, mtu = auto, tftp = $tftp)
created: $AOE_LAB_STATE/images
created: $AOE_LAB_STATE/exports
created: $AOE_LAB_STATE/layers
created: $tftp
written: $tftp/pxelinux.0 (from $AOE_PXELINUX)
written: $tftp/ldlinux.c32 (from $AOE_LDLINUX)
written: $tftp/bootx64.efi (from /usr/lib/shim/shimx64.efi.signed)
written: $tftp/grubx64.efi (from /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed)
written: $tftp/grub/grub.cfg (from aoe-lab)
changed: $E2E_TAP mtu 1500 -> 9000 (until a reboot: set it in the server's network configuration too)
changed: tapb mtu 1500 -> 9000 (until a reboot: set it in the server's network configuration too)
written: $AOE_LAB_DNSMASQ_CONF
restarted: dnsmasq.service"
lab init --nic "$E2E_TAP" --mtu auto
check_eq "aoe-lab init again: every part unchanged" "$out" \
	"unchanged: $tftp/pxelinux.0
unchanged: $tftp/ldlinux.c32
unchanged: $tftp/bootx64.efi
unchanged: $tftp/grubx64.efi
unchanged: $tftp/grub/grub.cfg
unchanged: $E2E_TAP mtu 9000
unchanged: tapb mtu 9000
unchanged: $AOE_LAB_DNSMASQ_CONF"

# --- the image ------------------------------------------------------------------------
deb=$(debian_deb) || h_die "make deb"
t0=$(h_now)
out=$("$AOE_REPO/lab/aoe-lab" image create lab --size 2G --mirror "$(DEBIAN_SUITE=bookworm debian_mirror)" --deb "$deb" 2>&1)
rc=$? create_s=$(h_since "$t0")
kver=$(sed -n 's/^kernel = //p' "$v1/manifest" 2> /dev/null)
check_eq "aoe-lab image create: version 1, with progress" "$rc:$(grep -v '^       ' <<< "$out")" \
	"0:[1/5] debootstrap bookworm
[2/5] the lab's files, $(basename "$deb"), the initramfs (initramfs-tools, in a chroot)
[3/5] kernel and initramfs
[4/5] the root disk (2G, ext4 UUID $(sed -n 's/^uuid = //p' "$v1/manifest" 2> /dev/null))
[5/5] version 1 in place, the record
created: image lab version 1 (bookworm, kernel $kver, 2G, $v1)"
[ -s "$v1/root.img" ] || h_die "no image: $(tail -n 3 <<< "$out")"
fs1="$v1/root.img?offset=1048576"
check_eq "image create: the disk's filesystem has the manifest's UUID" \
	"$(dumpe2fs -h "$fs1" 2> /dev/null | sed -n 's/^Filesystem UUID: *//p')" "$(sed -n 's/^uuid = //p' "$v1/manifest")"
check_eq "image create: an empty machine-id (each machine makes its own)" "$(debugfs -R 'cat /etc/machine-id' "$fs1" 2> /dev/null | wc -c)" 0
check "image create: networkd does DHCP on the wired NICs, enabled" "" \
	sh -c 'debugfs -R "cat /etc/systemd/network/50-aoe-lab.network" "$1" 2> /dev/null | grep -qx "DHCP=yes" &&
		debugfs -R "stat /etc/systemd/system/multi-user.target.wants/systemd-networkd.service" "$1" 2> /dev/null | grep -q "Type: symlink"' sh "$fs1"
check "image create: aoe-boot is installed in it (dpkg)" "" \
	sh -c 'debugfs -R "cat /var/lib/dpkg/status" "$1" 2> /dev/null | grep -A1 -x "Package: aoe-boot" | grep -qx "Status: install ok installed"' sh "$fs1"
check "image create: the version's initramfs has aoe-up" "" grep -q 'sbin/aoe-up$' <(debian_initrd_list "$v1/initrd.img")
e2e_figure "aoe-lab image create, 2G (s; debootstrap cached: $(grep -c 'once; cached' <<< "$out" | sed 's/1/no/;s/0/yes/'))" "$create_s"

lab client add "$mac" --name pc1 --append "console=ttyS0 panic=-1 rd.aoe.if=$mac,$macb"
check_eq "aoe-lab client add: one command (its two NICs named in --append)" "$out" "created: [client pc1] ($mac, image lab, layer tmpfs)"
t0=$(h_now)
lab image publish lab
publish_s=$(h_since "$t0")
check_eq "aoe-lab image publish: version 1 exported read-only, its entry switched in" "$out" \
	"started: aoe-lab-export@lab.1 (e0.1 $v1/root.img, read-only)
started: aoe-lab-export@lab.1.path-tapb (e0.1 $v1/root.img, read-only, on tapb)
published: image lab version 1
switched: $tftp/pxelinux.cfg -> generation 1 (1 machine(s))"
e2e_figure "aoe-lab image publish (s)" "$publish_s"
check "the whole lab took 4 commands and no hand-written file" "" test "$(grep -c '^\[' "$conf")" = 3

# boot NAME LOG HOST MAC ROOT VERSION LAYER [MAC2]: PXE-boot the machine
# HOST (MAC; a second NIC MAC2 on the second segment) to its login prompt,
# check the Debian root (ROOT, VERSION's kernel, LAYER's words and both
# pins on the command line), its name, its network (a ping), run
# $BOOT_UP (a function: the log) when set, then press its power button
boot() {
	local n=$1 log=$2 host=$3 m=$4 root=$5 layer=$7 kver mon=$AOE_WORK/mon-$RANDOM pid t0 lease nics
	kver=$(sed -n 's/^kernel = //p' "$AOE_LAB_STATE/images/lab/$6/manifest")
	nics=(--nic "$E2E_TAP,e1000,$m")
	[ -z "${8:-}" ] || nics+=(--nic "tapb,e1000,$8")
	t0=$(h_now)
	e2e_pxe_boot "$log" 900 "${nics[@]}" --mem 1024 --monitor "$mon" &
	pid=$!
	harness_on_cleanup "kill $pid 2> /dev/null"
	if ! log_wait "$log" "^$host login:" 600 "$pid" > /dev/null; then
		fail "$n: the machine reaches its login prompt" "$(e2e_show_log "$log" 40)"
		kill "$pid" 2> /dev/null
		return 1
	fi
	pass "$n: the machine reaches its login prompt, named $host (systemd.hostname)"
	e2e_figure "$n: PXE power-on to the login prompt (s)" "$(h_since "$t0")"
	check "$n: it is the image's Debian 12" "" log_has "$log" "Debian GNU/Linux 12 $host ttyS0"
	check "$n: the kernel is the image's own ($kver)" "" log_has "$log" "Linux version $kver "
	case " $(log_grep "$log" 'Command line:' | head -n1) " in
	*" root=/dev/etherd/${root}p1 ro $layer rd.aoe.mac=$tapmac,$tapbmac systemd.hostname=$host console=ttyS0 panic=-1 "*)
		pass "$n: the entry's command line: $root, $layer, the pin" ;;
	*) fail "$n: the entry's command line: $root, $layer, the pin" "$(log_grep "$log" 'Command line:')" ;;
	esac
	e2e_expect "$n: aoe-up found $root on the lab NIC" "$log" "aoe-up: found ${root/./\\.}p1: target [0-9a-f:]{17} via "
	e2e_expect_none "$n: no unit failed on the way" "$log" '\[FAILED\]'
	# networkd's lease names the machine (iPXE's does not)
	for _ in $(seq 60); do
		lease=$(awk -v h="$host" '$4 == h { print $3; exit }' "$SYSTEMCTL_RUN/dnsmasq.leases" 2> /dev/null)
		[ -n "$lease" ] && break
		sleep 1
	done
	check "$n: the booted system took a DHCP lease as $host" "$(tail -n 3 "$SYSTEMCTL_RUN/dnsmasq.leases" 2> /dev/null)" test -n "$lease"
	# the lease can be a moment ahead of the address on the NIC: up to 20 s
	check "$n: its network is up: it answers a ping from the server" "" \
		sh -c 'ip netns exec "$1" ping -c 1 -w 20 "$2" > /dev/null' sh "$E2E_NS" "${lease:-0.0.0.0}"
	[ -z "${BOOT_UP:-}" ] || "$BOOT_UP" "$log"
	qemu_monitor "$mon" system_powerdown || kill "$pid"
	wait "$pid"
	e2e_expect "$n: the power button shuts it down cleanly" "$log" 'reboot: Power down'
	e2e_expect_none "$n: no I/O error" "$log" 'I/O error|EXT4-fs error'
}
# path_outage LOG: once the watcher has said both paths of e0.1, stop the
# first segment's export for DOWN s, then start it (as an admin would);
# "never" in $AOE_WORK/outage when it did not say them
path_outage() {
	# either may come first (the driver's order of the targets)
	if ! log_wait "$1" "aoe-boot: e0\.1: path to $tapbmac via " 600 > /dev/null ||
		! log_wait "$1" "aoe-boot: e0\.1: path to $tapmac via " 10 > /dev/null; then
		echo never > "$AOE_WORK/outage"
		return 1
	fi
	ip netns exec "$E2E_NS" "$AOE_LAB_SYSTEMCTL" stop aoe-lab-export@lab.1.service
	sleep "$DOWN"
	ip netns exec "$E2E_NS" "$AOE_LAB_SYSTEMCTL" start aoe-lab-export@lab.1.service
	echo restarted > "$AOE_WORK/outage"
}
# paths_checks LOG (BOOT_UP of boot 1, at its login prompt): what the
# booted system's watcher said of the outage
# shellcheck disable=SC2317 # run as $BOOT_UP
paths_checks() {
	local a="e0\\.1: the path to $tapmac via [a-z0-9]+"
	e2e_expect "boot 1: aoe-up put both NICs on the driver's list" "$1" 'aoe-up: aoe interfaces: [a-z0-9]+,[a-z0-9]+'
	e2e_expect "boot 1: aoe-boot-watch.service (systemd) says both paths" "$1" "aoe-boot: e0\\.1: path to $tapmac via "
	log_wait "$1" "aoe-boot: $a is back in use after" 60 > /dev/null
	check "boot 1: the first segment's export stopped once the watcher said both paths, started $DOWN s later" \
		"$(cat "$AOE_WORK/outage" 2> /dev/null)" grep -qx restarted "$AOE_WORK/outage"
	e2e_expect "boot 1: the watcher says the first path stop answering, the boot going on over the other" "$1" \
		"aoe-boot: $a stopped answering; its I/O goes over the other 1 path\\(s\\)"
	e2e_expect "boot 1: ... and the path back in use once its export is started" "$1" "aoe-boot: $a is back in use after [0-9]+ s"
	e2e_expect_none "boot 1: the second path, never stopped, is never said to stop answering" "$1" \
		"aoe-boot: e0\\.1: the path to $tapbmac via [a-z0-9-]+ stopped answering"
	e2e_expect_none "boot 1: both NICs kept their link through the Debian root's networkd (the watcher says none lost carrier)" "$1" \
		'aoe-boot: [a-z0-9]+ lost carrier'
}
path_outage "$AOE_WORK/boot1.log" &
BOOT_UP=paths_checks boot "boot 1 (version 1, two paths)" "$AOE_WORK/boot1.log" pc1 "$mac" e0.1 1 rd.aoe.overlay=tmpfs "$macb"

# --- update, publish, rollback ------------------------------------------------------------
m1=$(sha256sum < "$v1/root.img")
t0=$(h_now)
out=$("$AOE_REPO/lab/aoe-lab" image update lab --install less 2>&1)
rc=$? update_s=$(h_since "$t0")
uuid2=$(sed -n 's/^uuid = //p' "$v2/manifest" 2> /dev/null)
check_eq "aoe-lab image update: version 2 from version 1, with progress" "$rc:$out" \
	"0:[1/5] copy version 1's disk
[2/5] a filesystem UUID of its own ($uuid2)
[3/5] apt-get update, full-upgrade, install less (in a chroot)
[4/5] kernel and initramfs
[5/5] version 2 in place
created: image lab version 2 (from version 1, kernel $(sed -n 's/^kernel = //p' "$v2/manifest" 2> /dev/null), $v2)"
fs2="$v2/root.img?offset=1048576"
check_eq "image update: version 2's filesystem has a UUID of its own" \
	"$(dumpe2fs -h "$fs2" 2> /dev/null | sed -n 's/^Filesystem UUID: *//p')" "$uuid2"
check "... not version 1's" "" test "$uuid2" != "$(sed -n 's/^uuid = //p' "$v1/manifest")"
check "image update: the package asked for is in version 2, not in version 1" "" \
	sh -c 'debugfs -R "stat /usr/bin/less" "$1" 2> /dev/null | grep -q "^Inode" && ! debugfs -R "stat /usr/bin/less" "$2" 2> /dev/null | grep -q "^Inode"' sh "$fs2" "$fs1"
check "image update: version 1's disk not touched (sha256)" "" test "$(sha256sum < "$v1/root.img")" = "$m1"
check "image update: version 2 checks clean" "" sh -c 'e2fsck -fn "$1" > /dev/null 2>&1' sh "$fs2"
e2e_figure "aoe-lab image update, apt-get update + full-upgrade (s)" "$update_s"
lab image publish lab
check_eq "aoe-lab image publish: version 2 beside version 1" "$out" \
	"started: aoe-lab-export@lab.2 (e0.2 $v2/root.img, read-only)
started: aoe-lab-export@lab.2.path-tapb (e0.2 $v2/root.img, read-only, on tapb)
published: image lab version 2 (was 1, still exported)
switched: $tftp/pxelinux.cfg -> generation 2 (1 machine(s))"
boot "boot 2 (version 2)" "$AOE_WORK/boot2.log" pc1 "$mac" e0.2 2 rd.aoe.overlay=tmpfs
check "boot 2: version 1's vblade still runs" "" kill -0 "$(cat "$SYSTEMCTL_RUN/lab.1.pid")"
lab image rollback lab
check_eq "aoe-lab image rollback: one command back to version 1" "$out" \
	"published: image lab version 1 (was 2, still exported)
switched: $tftp/pxelinux.cfg -> generation 3 (1 machine(s))
removed: generation 1"
check "image rollback: the entry boots version 1's kernel and root" "" \
	grep -q "^  APPEND initrd=aoe-lab/3/lab-1/initrd.img root=/dev/etherd/e0.1p1 " "$tftp/pxelinux.cfg/01-${mac//:/-}"

# --- a machine with a kept layer: its disk made, formatted at its first boot ---------
mac2=$(qemu_mac 1)
layer=$AOE_LAB_STATE/layers/pc2.img
lab client add "$mac2" --name pc2 --layer disk:1G --append "console=ttyS0 panic=-1"
check_eq "aoe-lab client add --layer disk:1G: the layers' shelf, a blank disk, its export, the entry" "$out" \
	"created: layer disk $layer (1G, blank)
started: aoe-lab-export@pc2.layer (e1.0 $layer, read-write, only $mac2)
created: [client pc2] ($mac2, image lab, layer disk:1G, seat 0, the layers on shelf 1)
switched: $tftp/pxelinux.cfg -> generation 4 (2 machine(s))
removed: generation 2"
boot "boot 3 (a kept layer)" "$AOE_WORK/boot3.log" pc2 "$mac2" e0.1 1 "rd.aoe.overlay=e1.0 rd.aoe.overlay.format=1"
e2e_expect "boot 3: the first boot formatted the blank layer disk" "$AOE_WORK/boot3.log" 'formatting /dev/etherd/e1\.0 as the overlay disk'
check "boot 3: the layer disk holds the machine's ext4 after the shutdown" "" \
	sh -c 'dumpe2fs -h "$1" 2> /dev/null | grep -q "^Filesystem state: *clean"' sh "$layer"
tap_exit
