#!/bin/bash
# dracut module: root filesystem on an ATA over Ethernet (AoE) disk.
#
# Boot syntax (see dracut.aoe(7)):
#   root=/dev/etherd/e<shelf>.<slot>[p<part>]
#   root=aoe:e<shelf>.<slot>[p<part>]       the same, as network roots are written
#   rd.aoe.target=e<shelf>.<slot>[p<part>]   AoE disk for root=UUID=/LABEL=
#   netroot=aoe:e<shelf>.<slot>[p<part>]     likewise; iPXE's sanboot aBFT, when no option names one
#   rd.aoe=0  rd.aoe.if=  rd.aoe.mtu=  rd.aoe.timeout=  rd.aoe.timeout.carrier=  rd.aoe.deadsecs=
#   rd.aoe.mac=  rd.aoe.probe=  rd.aoe.abft=
#   rd.aoe.overlay=tmpfs[:size=SIZE]|eSHELF.SLOT[pPART]  rd.aoe.overlay.format=  rd.aoe.overlay.reset=
#
# AoE needs no IP address: this module does not pull in dracut's network
# module or a DHCP client; it installs the NIC drivers itself.
#
# dracut.conf knob: aoe_nic_drivers="virtio_net e1000" installs only these NIC
# drivers (default: every wired Ethernet driver, or the root's NICs' drivers
# in host-only mode).
# dracut.conf knob: aoe_pin_target=no keeps host-only images from recording
# rd.aoe.mac= (the target MACs they were built against), for images that
# move between servers.
#
# The tests point aoe_sysfs at a fake /sys.

# aoe_block_is_aoe MAJ:MIN: true if that block device is an AoE disk or partition.
aoe_block_is_aoe() {
    [[ $(readlink -f "${aoe_sysfs:-/sys}/dev/block/$1" 2> /dev/null) == */etherd!* ]]
}

# aoe_mounted_aoe: true if a filesystem mounted here is on an AoE disk (the
# running root, or its overlay's image or layer). dracut fills its host
# devices only in host-only mode; this reads the mount table itself.
aoe_mounted_aoe() {
    local _id _parent _majmin _rest
    while read -r _id _parent _majmin _rest; do
        aoe_block_is_aoe "$_majmin" && return 0
    done < "${aoe_mountinfo:-/proc/self/mountinfo}"
    return 1
}

# aoe_host_nics: names of the local NICs the host's AoE disks are reached through.
aoe_host_nics() {
    local _netif
    for _netif in "${aoe_sysfs:-/sys}"/block/etherd!*/netif; do
        [[ -r $_netif ]] || continue
        tr ',' '\n' < "$_netif"
    done | sort -u
}

# aoe_host_macs: the MACs (aa:bb:cc:dd:ee:ff) of the targets of the host's AoE
# disks, as the aoe driver shows them (12 hex digits, or "none").
aoe_host_macs() {
    local _f _m
    for _f in "${aoe_sysfs:-/sys}"/block/etherd!*/mac; do
        [[ -r $_f ]] || continue
        read -r _m < "$_f" || continue
        [[ $_m =~ ^[0-9a-fA-F]{12}$ ]] || continue
        _m=${_m,,}
        echo "${_m:0:2}:${_m:2:2}:${_m:4:2}:${_m:6:2}:${_m:8:2}:${_m:10:2}"
    done | sort -u
}

# called by dracut
check() {
    if [[ ! -x "$moddir/aoe-up" ]]; then
        derror "50aoe: $moddir/aoe-up is missing: build and install the module with 'make install'"
        return 1
    fi
    # a machine running from AoE keeps booting from it, whatever the mode:
    # Debian's dracut (059) builds generic images, also on kernel updates
    aoe_mounted_aoe && return 0
    [[ $hostonly ]] || [[ $mount_needs ]] && {
        for_each_host_dev_and_slaves aoe_block_is_aoe && return 0
        # booted by iPXE's sanboot: the firmware's aBFT names an AoE disk
        "$moddir/aoe-up" --show-abft > /dev/null 2>&1 && return 0
        return 255
    }
    return 255
}

# called by dracut
depends() {
    local _d
    echo rootfs-block
    # dracut-ng (108+) split the initqueue out of base into its own module.
    for _d in "$dracutbasedir"/modules.d/[0-9][0-9]initqueue; do
        [[ -d $_d ]] && echo initqueue
    done
    return 0
}

# called by dracut
installkernel() {
    local _nic _drivers=()
    hostonly='' instmods aoe sch_ingress cls_bpf overlay
    if [[ -n ${aoe_nic_drivers-} ]]; then
        # shellcheck disable=SC2086 # a space separated list by design
        hostonly='' instmods $aoe_nic_drivers
    elif [[ $hostonly ]]; then
        for _nic in $(aoe_host_nics); do
            mapfile -t -O "${#_drivers[@]}" _drivers < <(get_dev_module "/sys/class/net/$_nic")
        done
        ((${#_drivers[@]})) && hostonly='' instmods "${_drivers[@]}"
    else
        instmods '=drivers/net/ethernet' virtio_net xen-netfront hv_netvsc vmxnet3
    fi
    return 0
}

# called by dracut
cmdline() {
    local _nic _mac _macs=() _tgts=()
    for _nic in $(aoe_host_nics); do
        read -r _mac < "${aoe_sysfs:-/sys}/class/net/$_nic/address" && _macs+=("$_mac")
    done
    ((${#_macs[@]})) && printf ' rd.aoe.if=%s' "$(IFS=,; echo "${_macs[*]}")"
    if [[ ${aoe_pin_target-} != no ]]; then
        mapfile -t _tgts < <(aoe_host_macs)
        if ((${#_tgts[@]} > 8)); then
            dwarn "50aoe: ${#_tgts[@]} AoE target MACs, more than rd.aoe.mac= takes (8): not pinning"
            _tgts=()
        fi
        ((${#_tgts[@]})) && printf ' rd.aoe.mac=%s' "$(IFS=,; echo "${_tgts[*]}")"
    fi
    return 0
}

# called by dracut
install() {
    inst_simple "$moddir/aoe-up" /sbin/aoe-up
    inst_simple "$moddir/aoe-lib.sh" /lib/aoe-lib.sh
    inst_simple "$moddir/aoe-root.sh" /lib/aoe-root.sh
    inst_simple "$moddir/aoe-start.sh" /lib/aoe-start.sh
    # only the root's AoE disk names the root (61-aoe-storage.rules)
    inst_simple "$moddir/aoe-scope.sh" /lib/aoe-scope.sh
    inst_simple "$moddir/aoe-rival.sh" /lib/aoe-rival.sh
    # start the search as soon as udevd runs, not after coldplug has settled
    if dracut_module_included "systemd"; then
        inst_simple "$moddir/aoe-up.service" "$systemdsystemunitdir/aoe-up.service"
        mkdir -p "$initdir$systemdsystemunitdir/initrd.target.wants"
        ln_r "$systemdsystemunitdir/aoe-up.service" "$systemdsystemunitdir/initrd.target.wants/aoe-up.service"
    else
        inst_hook pre-trigger 90 "$moddir/aoe-pretrigger.sh"
    fi
    # rd.aoe.overlay: one shared read-only image, a writable layer per machine
    inst_simple "$moddir/aoe-overlay.sh" /lib/aoe-overlay.sh
    inst_hook pre-pivot 50 "$moddir/mount-overlay.sh"
    # the real root's network manager must not lower the AoE NICs' MTU
    inst_hook pre-pivot 60 "$moddir/aoe-handoff.sh"
    inst_multiple -o blkid mkfs.ext4 cmp
    # ... and no fsck of that shared image by systemd-fsck-root: e2fsck may
    # write even to a clean filesystem (shell initrds: fastboot, aoe-overlay.sh)
    if dracut_module_included "systemd"; then
        local _d=$initdir${systemdsystemunitdir:-/usr/lib/systemd/system}/systemd-fsck-root.service.d
        mkdir -p "$_d"
        printf '%s\n' '[Unit]' '# 50aoe: with rd.aoe.overlay= the AoE root is a shared read-only image' \
            'ConditionKernelCommandLine=!rd.aoe.overlay' > "$_d/50aoe-overlay.conf"
    fi
    inst_multiple modprobe
    inst_hook cmdline 90 "$moddir/parse-aoe.sh"
    inst_rules "$moddir/61-aoe-storage.rules"
    # The naming policy: udev names the NIC in the initramfs as the real
    # system will (ens3, not eth0), before aoe-up brings it up; an interface
    # that is up cannot be renamed after switch_root. Host-only images also
    # carry the admin's own .link files.
    inst_rules 75-net-description.rules 80-net-setup-link.rules
    inst_multiple -o "${systemdnetwork:-/usr/lib/systemd/network}/99-default.link"
    if [[ $hostonly ]]; then
        inst_multiple -H -o "${systemdnetworkconfdir:-/etc/systemd/network}"/*.link
    fi

    if [[ $hostonly_cmdline == "yes" ]]; then
        local _conf
        _conf=$(cmdline)
        [[ $_conf ]] && echo "$_conf" > "${initdir}/etc/cmdline.d/50aoe.conf"
    fi
    if declare -f dracut_need_initqueue > /dev/null; then
        dracut_need_initqueue
    fi
}
