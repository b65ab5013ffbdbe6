# shellcheck shell=bash
# A real Debian root on the AoE disk: debootstrap from the archive apt uses
# here (cached), the project's .deb installed with dpkg, a generic initramfs
# made by the image's own dracut in a chroot, and a check service that reports
# facts on the console and does what the kernel command line asks (aoelab.*
# words, below). DEBIAN_SUITE=bookworm (Debian 12, the default) gets the guest
# kernel of kernel_fetch unpacked into it; any other suite (trixie) installs
# its own linux-image-amd64 and boots that (debian_image sets KVER and
# KERNEL_VMLINUZ from the image).
#
# Console protocol of the check service (on top of qemu.sh's AOE-FACT):
#   AOE-FACT state= failed= mu_s= root= kernel= dracut= ifaces= mac=IF:MAC mtu=IF:N
#            operstate=IF:S addr=IF:A.B.C.D netif= deadsecs= manager= ...
#   AOE-LAB-DONE           before the final poweroff/reboot
# Words it reads:
#   aoelab.net=nm|networkd|ifupdown   the network manager this boot (the others
#                                     are masked by debian_net_append)
#   aoelab.do=A,B,...                 hostonly  dracut -f --hostonly, facts on it
#                                     itr-update  update-initramfs -u, facts on it
#                                               (aoelab.itr_modules=dep: with MODULES=dep)
#                                     noinitrd  remove /boot/initrd.img-*
#                                     outage    write+fsync a numbered line per
#                                               second until a write took over
#                                               OUTAGE_MIN s, then 10 more
#                                     reboot    end with reboot (default poweroff)
#   aoelab.marker=TEXT                appended to /var/lib/aoe-lab/markers, synced

[ -n "${_AOE_DEBIAN_SH:-}" ] && return 0
_AOE_DEBIAN_SH=1
# shellcheck source=tests/lib/harness.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
# DEBIAN_GEN: the image's initramfs generator, dracut (dracut-core) or
# initramfs-tools (with busybox and no dracut at all, aoetools' hook beside
# ours, MODULES=netboot as a netboot image would have it, the suite's own kernel)
DEBIAN_GEN=${DEBIAN_GEN:-dracut}
# later suites: their own kernel (its postinst pulls initramfs-tools: debootstrap takes
# the first of alternatives), NetworkManager only (their tests boot with it alone)
if [ "$DEBIAN_GEN" = initramfs-tools ]; then
	DEBIAN_PACKAGES=systemd,systemd-sysv,udev,kmod,iproute2,initramfs-tools,busybox,e2fsprogs,procps,network-manager,dbus,libpam-systemd,ifupdown,isc-dhcp-client,aoetools,linux-image-amd64
elif [ "$DEBIAN_SUITE" = bookworm ]; then
	DEBIAN_PACKAGES=systemd,systemd-sysv,udev,kmod,iproute2,dracut-core,e2fsprogs,procps,network-manager,dbus,libpam-systemd,ifupdown,isc-dhcp-client
else
	DEBIAN_PACKAGES=systemd,systemd-sysv,udev,kmod,iproute2,dracut-core,e2fsprogs,procps,network-manager,dbus,libpam-systemd,linux-image-amd64
fi
DEBIAN_DISK_MIB=${DEBIAN_DISK_MIB:-2048}

# debian_mirror: print the URI of the Debian archive apt uses here for DEBIAN_SUITE.
debian_mirror() {
	local m
	# shellcheck disable=SC2016 # $(...) is apt's own format syntax
	m=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' 2>/dev/null |
		awk -v s="$DEBIAN_SUITE" '$2 == s { print $1; exit }')
	echo "${m:-http://deb.debian.org/debian/}"
}

# debian_tree: print the path of the cached debootstrap tree (built once, 2-3 min).
debian_tree() {
	local mirror key dir tmp script
	mirror=$(debian_mirror)
	key=$(h_hash -- "$DEBIAN_SUITE" "$DEBIAN_PACKAGES" "$mirror" minbase) || return 1
	dir=$AOE_CACHE/debian/tree-$key
	if [ ! -e "$dir/.done" ]; then
		h_need debootstrap || return 1
		mkdir -p "$AOE_CACHE/debian" || return 1
		tmp=$(mktemp -d "$AOE_CACHE/debian/.tree.XXXXXX") || return 1
		chmod 755 "$tmp"
		h_log "debootstrap $DEBIAN_SUITE from $mirror (2-3 min, cached)"
		# a suite newer than this debootstrap (forky on bookworm's) is made as sid is
		script=()
		[ -e "/usr/share/debootstrap/scripts/$DEBIAN_SUITE" ] || script=(/usr/share/debootstrap/scripts/sid)
		if ! debootstrap --variant=minbase --include="$DEBIAN_PACKAGES" "$DEBIAN_SUITE" "$tmp" "$mirror" \
			"${script[@]}" > "$tmp.log" 2>&1; then
			h_log "debootstrap failed: $(tail -n 5 "$tmp.log")"
			rm -rf "$tmp" "$tmp.log"
			return 1
		fi
		rm -f "$tmp.log"
		touch "$tmp/.done"
		[ -e "$dir/.done" ] || { rm -rf "$dir"; mv -T "$tmp" "$dir"; }
		rm -rf "$tmp"
	fi
	echo "$dir"
}

# debian_deb: build the project's .deb (make deb) once per run; print its path.
debian_deb() {
	local deb
	if [ -z "${_DEBIAN_DEB:-}" ]; then
		"$AOE_REPO/tools/mkdeb.sh" > "$AOE_WORK/mkdeb.log" 2>&1 ||
			{ h_log "make deb failed: $(tail -n 5 "$AOE_WORK/mkdeb.log")"; return 1; }
		deb=$(find "$AOE_REPO/build/deb" -maxdepth 1 -name 'aoe-boot_*.deb' | head -n1)
		[ -n "$deb" ] || return 1
		_DEBIAN_DEB=$AOE_WORK/$(basename "$deb")
		cp "$deb" "$_DEBIAN_DEB" || return 1
	fi
	echo "$_DEBIAN_DEB"
}

# debian_lab_files DIR: put the lab's check service and network switch into the tree DIR.
debian_lab_files() {
	local d=$1
	mkdir -p "$d/usr/local/sbin" "$d/etc/systemd/system/multi-user.target.wants" "$d/etc/network" \
		"$d/etc/systemd/system/sysinit.target.wants" "$d/var/lib/aoe-lab" || return 1
	echo aoe-client > "$d/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 aoe-client\n' > "$d/etc/hosts"
	# what the Debian installer writes, by label here (the UUID is made later)
	echo 'LABEL=aoe-root / ext4 errors=remount-ro 0 1' > "$d/etc/fstab"
	printf 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n' \
		> "$d/etc/network/interfaces"
	cat > "$d/usr/local/sbin/aoe-lab-net" <<'EOF'
#!/bin/sh
# Write the default-style configuration of the manager aoelab.net= names,
# for the NIC by its predictable name, as the Debian installer would.
nm=$(sed -n 's/.*aoelab\.net=\([a-z]*\).*/\1/p' /proc/cmdline)
nic=$(sed -n 's/.*aoelab\.nic=\([a-z0-9]*\).*/\1/p' /proc/cmdline)
rm -f /etc/network/interfaces.d/lab /etc/systemd/network/50-lab.network
mkdir -p /etc/network/interfaces.d /etc/systemd/network
case $nm in
ifupdown)
	printf '# The primary network interface\nallow-hotplug %s\niface %s inet dhcp\n' \
		"$nic" "$nic" > /etc/network/interfaces.d/lab ;;
networkd)
	printf '[Match]\nName=%s\n\n[Network]\nDHCP=yes\n' "$nic" > /etc/systemd/network/50-lab.network ;;
esac
exit 0
EOF
	cat > "$d/etc/systemd/system/aoe-lab-net.service" <<'EOF'
[Unit]
Description=Lab: configure the network manager this boot tests
DefaultDependencies=no
After=local-fs.target
Before=sysinit.target network-pre.target NetworkManager.service systemd-networkd.service networking.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/aoe-lab-net

[Install]
WantedBy=sysinit.target
EOF
	# sysinit: network-pre.target is pulled in only by units that want it
	ln -sf ../aoe-lab-net.service "$d/etc/systemd/system/sysinit.target.wants/aoe-lab-net.service"
	debian_check_script > "$d/usr/local/sbin/aoe-lab-check"
	chmod 755 "$d/usr/local/sbin/aoe-lab-net" "$d/usr/local/sbin/aoe-lab-check"
	cat > "$d/etc/systemd/system/aoe-lab-check.service" <<'EOF'
[Unit]
Description=Lab: report facts on the console, then shut down
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/aoe-lab-check
StandardOutput=journal+console
StandardError=journal+console

[Install]
WantedBy=multi-user.target
EOF
	ln -sf ../aoe-lab-check.service "$d/etc/systemd/system/multi-user.target.wants/aoe-lab-check.service"
}

# debian_check_script: print the guest's check script (bash).
debian_check_script() {
	cat <<'EOF'
#!/bin/bash
# Lab check: facts on the console (AOE-FACT), the actions aoelab.do= asks, then shut down.
cmdline=" $(cat /proc/cmdline) "
arg() { local v=${cmdline#* "$1"=}; [ "$v" = "$cmdline" ] && return 1; echo "${v%% *}"; }
fact() { echo "AOE-FACT $*"; }
has_do() { case ",$(arg aoelab.do)," in *",$1,"*) return 0 ;; esac; return 1; }
nic=$(arg aoelab.nic)

state=$(timeout 150 systemctl is-system-running --wait 2>/dev/null)
fact "state=$state"
fact "failed=$(systemctl --failed --plain --no-legend 2>/dev/null | awk '{ printf "%s%s", s, $1; s = "," }')"
mu=$(systemctl show -p ActiveEnterTimestampMonotonic --value multi-user.target)
fact "mu_s=$(awk -v u="$mu" 'BEGIN { printf "%.2f", u / 1e6 }')"
fact "root=$(findmnt -no SOURCE /)"
fact "kernel=$(uname -r)"
fact "dracut=$(dracut --version 2>/dev/null | head -n1)"
fact "itr=$(dpkg-query -W -f '${Version}' initramfs-tools 2>/dev/null)"
fact "ifaces=$(ls /sys/class/net | grep -v '^lo$' | paste -sd, -)"
# the address from DHCP, up to 60 s more
for _ in $(seq 120); do
	a=$(ip -4 -o addr show dev "$nic" 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
	[ -n "$a" ] && break
	sleep 0.5
done
fact "addr=$nic:${a:-none}"
for n in /sys/class/net/*; do
	n=${n##*/}
	[ "$n" = lo ] && continue
	fact "mac=$n:$(cat "/sys/class/net/$n/address")"
	fact "mtu=$n:$(cat "/sys/class/net/$n/mtu")"
	fact "operstate=$n:$(cat "/sys/class/net/$n/operstate")"
done
fact "netif=$(cat /sys/block/etherd\!e0.1/netif 2>/dev/null)"
# what the initramfs handed NetworkManager, and what NetworkManager did to the MTU
fact "nmconf=$(sed -n 's/^ethernet\.mtu=//p' /run/NetworkManager/conf.d/90-aoe-boot.conf 2>/dev/null | paste -sd, -)"
fact "nmlog=$(journalctl -b -o cat -u NetworkManager 2>/dev/null | grep -i mtu | tail -n 3 | tr '\n' '|')"
fact "deadsecs=$(cat /sys/module/aoe/parameters/aoe_deadsecs 2>/dev/null)"
for u in NetworkManager systemd-networkd networking "ifup@$nic"; do
	systemctl -q is-active "$u.service" && fact "manager=$u"
done
if m=$(arg aoelab.marker); then
	echo "$m" >> /var/lib/aoe-lab/markers && sync /var/lib/aoe-lab/markers && fact "marker=$m"
fi
if has_do hostonly; then
	t0=$(date +%s)
	dracut -f --hostonly --verbose > /var/lib/aoe-lab/dracut.log 2>&1
	fact "dracut_rc=$?"
	fact "hostonly_modules=$(sed -n 's/.*\*\*\* Including module: \([^ ]*\) \*\*\*.*/\1/p' /var/lib/aoe-lab/dracut.log | paste -sd, -)"
	fact "dracut_s=$(( $(date +%s) - t0 ))"
	i=/boot/initrd.img-$(uname -r)
	fact "hostonly_size=$(stat -c %s "$i")"
	fact "hostonly_aoe=$(lsinitrd "$i" 2>/dev/null | grep -c -e 'sbin/aoe-up$' -e '/aoe\.ko')"
	fact "hostonly_cmdline=$(lsinitrd -f etc/cmdline.d/50aoe.conf "$i" 2>/dev/null | tr '\n' ' ')"
	fact "hostonly_hooks=$(lsinitrd "$i" 2>/dev/null | grep -oE '(cmdline|pre-pivot)/[0-9]+-[a-z-]*aoe[a-z-]*\.sh$|pre-pivot/50-mount-overlay\.sh$' | sort -u | paste -sd, -)"
	sync
fi
if has_do outage; then
	min=$(arg aoelab.outage_min || echo 150)
	f=/var/lib/aoe-lab/writes
	n=0 after=-1
	echo "AOE-OUTAGE-READY"
	while [ "$after" -lt 10 ] && [ "$n" -lt 2000 ]; do
		n=$((n + 1))
		t0=$(cut -d' ' -f1 /proc/uptime)
		echo "write $n at $t0" >> "$f" && sync "$f" || fact "write_err=$n"
		t1=$(cut -d' ' -f1 /proc/uptime)
		took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", b - a }')
		echo "AOE-WRITE $n took ${took}s"
		[ "$after" -ge 0 ] && after=$((after + 1))
		[ "$after" -lt 0 ] && [ "$took" -ge "$min" ] && after=0 && fact "outage_write=$n took=$took"
		sleep 1
	done
	fact "writes=$n"
	fact "ioerr=$(dmesg | grep -c -i -e 'I/O error' -e 'EXT4-fs error' -e 'Buffer I/O')"
fi
if has_do itr-update; then
	# a kernel update's update-initramfs, with initramfs-tools
	t0=$(date +%s)
	i=/boot/initrd.img-$(uname -r)
	m=$(arg aoelab.itr_modules) && echo "MODULES=$m" > /etc/initramfs-tools/conf.d/aoe-lab
	update-initramfs -u -k "$(uname -r)" > /var/lib/aoe-lab/itr.log 2>&1
	fact "itr_rc=$?"
	fact "itr_s=$(( $(date +%s) - t0 ))"
	fact "itr_size=$(stat -c %s "$i")"
	fact "itr_files=$(lsinitramfs "$i" 2>/dev/null | grep -cE '(sbin/aoe-up|/aoe\.ko(\.xz|\.zst)?|scripts/(init-top|local-top|local-bottom|init-bottom)/aoe-boot|lib/aoe-itr-lib\.sh)$')"
	sync
fi
has_do noinitrd && rm -f /boot/initrd.img-* && sync && fact "noinitrd=$(ls /boot | grep -c initrd)"
echo AOE-LAB-DONE
if has_do reboot; then systemctl reboot; else systemctl poweroff; fi
EOF
}

# debian_image: build (or reuse) the Debian root disk and its generic initramfs;
# sets DEBIAN_IMG (pristine: copy before booting it), DEBIAN_INITRD and
# DEBIAN_DRACUT (the version of the dracut that made it). For a suite other
# than bookworm the kernel is the image's own: also sets KVER and
# KERNEL_VMLINUZ (a copy of the image's /boot/vmlinuz-KVER).
debian_image() {
	local tree deb key dir tmp t rc kver own='' from=()
	[ "$DEBIAN_SUITE" = bookworm ] && [ "$DEBIAN_GEN" = dracut ] || own=1
	tree=$(debian_tree) || return 1
	deb=$(debian_deb) || return 1
	from=("$deb")
	[ -n "$own" ] || from+=("$KERNEL_VMLINUZ")
	key=$(h_hash "${from[@]}" -- "$tree" "$DEBIAN_DISK_MIB" "$DEBIAN_GEN" \
		"$(declare -f debian_lab_files debian_check_script debian_image debian_modules disk_image)") || return 1
	dir=$AOE_CACHE/debian/img-$key
	DEBIAN_IMG=$dir/disk.img
	DEBIAN_INITRD=$dir/initrd.img
	export DEBIAN_IMG DEBIAN_INITRD
	if [ ! -e "$dir/.done" ]; then
		tmp=$(mktemp -d "$AOE_CACHE/debian/.img.XXXXXX") || return 1
		t=$tmp/root
		if [ -n "$own" ]; then
			kver=$(kernel_kver "$tree")
			[ -n "$kver" ] || { h_log "Debian image: no kernel in the $DEBIAN_SUITE tree"; rm -rf "$tmp"; return 1; }
		else
			kver=$KVER
		fi
		h_log "Debian image ($DEBIAN_SUITE): copy the tree, kernel $kver, $(basename "$deb"), $DEBIAN_GEN in a chroot"
		if ! { cp -a "$tree" "$t" && rm -f "$t/.done" && cp "$deb" "$t/tmp/" && debian_lab_files "$t"; }; then
			rm -rf "$tmp"
			return 1
		fi
		if [ -n "$own" ]; then
			# the initramfs its postinst made (initramfs-tools) goes: ours replaces it
			rm -f "$t/boot/initrd.img-$kver"
			[ "$DEBIAN_GEN" = dracut ] || printf '# a netboot image: the wired NIC drivers, no disk drivers\nMODULES=netboot\n' \
				> "$t/etc/initramfs-tools/conf.d/aoe-lab"
		elif ! { cp -a "$KERNEL_ROOT/boot/." "$t/boot/" && mkdir -p "$t/lib/modules" &&
			cp -a "$KERNEL_MODDIR" "$t/lib/modules/"; }; then
			rm -rf "$tmp"
			return 1
		fi
		if ! { mount --bind /proc "$t/proc" && mount --bind /sys "$t/sys" && mount --bind /dev "$t/dev"; }; then
			umount -l "$t/proc" "$t/sys" "$t/dev" 2>/dev/null
			rm -rf "$tmp"
			return 1
		fi
		if [ "$DEBIAN_GEN" = dracut ]; then
			{
				chroot "$t" dpkg -i "/tmp/$(basename "$deb")" &&
					chroot "$t" dracut --force --verbose --no-hostonly --add aoe --kver "$kver" "/boot/initrd.img-$kver" \
						> "$tmp/dracut.log" 2>&1 &&
					debian_modules < "$tmp/dracut.log" > "$tmp/modules" &&
					chroot "$t" dracut --version | head -n1 > "$tmp/dracut-version"
			} > "$tmp/chroot.log" 2>&1
		else
			# installing the package fires update-initramfs' trigger; then the
			# image's own update-initramfs, as an admin runs it
			# shellcheck disable=SC2016 # dpkg-query's own format
			{
				chroot "$t" dpkg -i "/tmp/$(basename "$deb")" &&
					chroot "$t" update-initramfs -c -k "$kver" > "$tmp/dracut.log" 2>&1 &&
					: > "$tmp/modules" &&
					chroot "$t" dpkg-query -W -f 'initramfs-tools ${Version}\n' initramfs-tools > "$tmp/dracut-version"
			} > "$tmp/chroot.log" 2>&1
		fi
		rc=$?
		umount -l "$t/proc" "$t/sys" "$t/dev"
		if [ "$rc" != 0 ]; then
			h_log "Debian image: chroot step failed: $(tail -n 8 "$tmp/chroot.log" "$tmp/dracut.log" 2> /dev/null)"
			rm -rf "$tmp"; return 1
		fi
		rm -f "$t/tmp/$(basename "$deb")"
		if ! { cp "$t/boot/initrd.img-$kver" "$tmp/initrd.img" && echo "$kver" > "$tmp/kver" &&
			cp "$t/boot/vmlinuz-$kver" "$tmp/vmlinuz" &&
			disk_image "$tmp/disk.img" 1 "$DEBIAN_DISK_MIB" "$t"; }; then
			rm -rf "$tmp"
			return 1
		fi
		rm -rf "$t"
		touch "$tmp/.done"
		[ -e "$dir/.done" ] || { rm -rf "$dir"; mv -T "$tmp" "$dir"; }
		rm -rf "$tmp"
	fi
	DEBIAN_DRACUT=$(cat "$dir/dracut-version")
	# what dpkg -i and the generator printed in the chroot
	DEBIAN_BUILDLOG=$dir/chroot.log
	export DEBIAN_BUILDLOG
	DEBIAN_MODULES=$(cat "$dir/modules")
	export DEBIAN_DRACUT DEBIAN_MODULES
	if [ -n "$own" ]; then
		KVER=$(cat "$dir/kver") && KERNEL_VMLINUZ=$dir/vmlinuz || return 1
		KERNEL_ROOT='' KERNEL_MODDIR=''
		export KVER KERNEL_VMLINUZ KERNEL_ROOT KERNEL_MODDIR
	fi
}

# debian_modules: the dracut modules a `dracut --verbose` log (stdin) says it
# installed, in its order, comma-separated.
debian_modules() {
	sed -n 's/.*\*\*\* Including module: \([^ ]*\) \*\*\*.*/\1/p' | paste -sd, -
}

# debian_initrd_list IMG: the paths in every cpio archive of an initramfs: the
# uncompressed first ones (early microcode; dracut-ng 112 puts the already
# compressed kernel modules there) and the compressed main one.
debian_initrd_list() {
	cpio -t --quiet < "$1" 2> /dev/null
	debian_initrd_main "$1" | cpio -t --quiet 2> /dev/null
}

# debian_initrd_cat IMG PATH: PATH from the main archive of an initramfs.
debian_initrd_cat() {
	debian_initrd_main "$1" | cpio -i --quiet --to-stdout "$2" 2> /dev/null
}

# debian_initrd_main IMG: the main archive of an initramfs, decompressed
# (dracut's skipcpio passes over the uncompressed ones).
debian_initrd_main() {
	local skip=/usr/lib/dracut/skipcpio magic
	magic=$("$skip" "$1" | head -c 4 | od -An -tx1 | tr -d ' \n')
	case $magic in
	1f8b*) "$skip" "$1" | gzip -dc ;;
	28b52ffd) "$skip" "$1" | zstd -dc ;;
	fd377a58) "$skip" "$1" | xz -dc ;;
	30373037) "$skip" "$1" ;;
	*) return 1 ;;
	esac
}

# debian_dracut_checks NAME LOG: what the image's own dracut made of the
# module, in the generic initramfs (DEBIAN_INITRD, DEBIAN_MODULES) and in the
# host-only one the client built for itself (LOG's facts): the module's files
# and hooks, its place in the install order, and no network stack.
debian_dracut_checks() {
	local name=$1 log=$2 list f hooks=cmdline/90-parse-aoe.sh,pre-pivot/50-mount-overlay.sh,pre-pivot/60-aoe-handoff.sh
	local want=(sbin/aoe-up drivers/block/aoe/aoe.ko systemd/system/initrd.target.wants/aoe-up.service
		udev/rules.d/61-aoe-storage.rules)
	IFS=, read -r -a f <<< "$hooks"
	want+=("${f[@]/#/hooks/}")
	list=$(debian_initrd_list "$DEBIAN_INITRD")
	for f in "${want[@]}"; do
		check "$name: the generic initramfs has .../$f" "" grep -qE "/${f//./\\.}(\.xz|\.gz|\.zst)?$" <<< "$list"
	done
	check "$name: dracut installs aoe before base (modules 50-59: out of tree)" "order: $DEBIAN_MODULES" \
		debian_before aoe base "$DEBIAN_MODULES"
	check "$name: the host-only rebuild installs aoe before base" "order: $(log_fact "$log" hostonly_modules)" \
		debian_before aoe base "$(log_fact "$log" hostonly_modules)"
	check "$name: the host-only initramfs has the module's hooks at their numbers" "" \
		test "$(log_fact "$log" hostonly_hooks)" = "$hooks"
	check "$name: no network module (no DHCP stack) in the generic initramfs" "modules: $DEBIAN_MODULES" \
		debian_no_net "$DEBIAN_MODULES"
	check "$name: none in the host-only one" "" debian_no_net "$(log_fact "$log" hostonly_modules)"
}

# debian_before A B LIST: true if module A comes before module B in the comma-separated LIST.
debian_before() {
	local l=",$3,"
	[[ $l == *",$1,"* && $l == *",$2,"* ]] || return 1
	l=${l%%",$2,"*},
	[[ $l == *",$1,"* ]]
}

# debian_no_net LIST: true if no dracut network module is in LIST (and LIST is not empty).
debian_no_net() {
	[ -n "$1" ] && ! grep -qE '(^|,)(network|network-legacy|network-manager|systemd-networkd|ifcfg|url-lib)(,|$)' <<< "$1"
}

# debian_lab NAME: the lab a Debian root boots in (needs tests/lib/e2e.sh): a
# LAN at MTU 9000, a private copy of DEBIAN_IMG exported as e0.1 by vblade,
# dnsmasq offering DHCP with MTU 1500. Sets DEBIAN_DISK (the copy) and
# DEBIAN_NIC (the guest's first NIC's name); dies on failure.
debian_lab() {
	e2e_lan "$1" 9000
	DEBIAN_DISK=$AOE_WORK/debian.img
	cp --sparse=always "$DEBIAN_IMG" "$DEBIAN_DISK" || h_die "copy the image"
	vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$DEBIAN_DISK" || h_die "vblade"
	mkdir -p "$AOE_WORK/tftp"
	dnsmasq_start "$E2E_NS" "$E2E_TAP" "$AOE_WORK/tftp" --dhcp-option=26,1500 || h_die "dnsmasq"
	DEBIAN_NIC=$IF0
	export DEBIAN_DISK DEBIAN_NIC
}

# debian_mtu_why LOG: why a boot's NIC may not have kept MTU 9000, for a
# failed check: the path probe's line, the MTU handed to NetworkManager, its
# own lines on the MTU.
debian_mtu_why() {
	echo "mtu $(log_fact "$1" mtu | paste -sd, -); probe: $(log_grep "$1" 'frames are lost on the path' | head -n1);" \
		"handed to NetworkManager: $(log_fact "$1" nmconf); NetworkManager: $(log_fact "$1" nmlog)"
}

# debian_net_append MANAGER NIC: the kernel words that make MANAGER (nm,
# networkd, ifupdown) the one that configures NIC this boot.
debian_net_append() {
	local w="aoelab.net=$1 aoelab.nic=$2"
	case $1 in
	nm) echo "$w" ;;
	networkd) echo "$w systemd.mask=NetworkManager.service systemd.wants=systemd-networkd.service" ;;
	ifupdown) echo "$w systemd.mask=NetworkManager.service" ;;
	*) return 1 ;;
	esac
}

# debian_fs IMG: print the root partition as e2fsprogs' tools take it ("IMG?offset=N": no mount, no loop device).
debian_fs() {
	local off
	off=$(disk_partition_start "$1" 1) || return 1
	echo "$1?offset=$off"
}

# debian_fs_file IMG PATH: print PATH from the image's root partition (debugfs).
debian_fs_file() {
	local fs
	fs=$(debian_fs "$1") || return 1
	debugfs -R "cat $2" "$fs" 2>/dev/null
}

# debian_fs_dump IMG PATH OUT: copy PATH out of the image's root partition.
debian_fs_dump() {
	local fs
	fs=$(debian_fs "$1") || return 1
	debugfs -R "dump $2 $3" "$fs" >/dev/null 2>&1 && [ -s "$3" ]
}

# debian_fs_clean IMG: true if the root filesystem needs no journal recovery (a clean unmount).
debian_fs_clean() {
	local fs feats
	fs=$(debian_fs "$1") || return 1
	feats=$(dumpe2fs -h "$fs" 2>/dev/null | sed -n 's/^Filesystem features: *//p')
	[ -n "$feats" ] && [[ " $feats " != *" needs_recovery "* ]]
}
