#!/bin/bash
# dracut module: root filesystem on an ATA over Ethernet (AoE) disk.
#
# Boot syntax (see dracut.aoe(7)):
#   root=/dev/etherd/e<shelf>.<slot>[p<part>]
#   root=aoe:e<shelf>.<slot>[p<part>]       the same, as network roots are written
#   rd.aoe.target=e<shelf>.<slot>[p<part>]   AoE disk for root=UUID=/LABEL=
#   netroot=aoe:e<shelf>.<slot>[p<part>]     likewise; iPXE's sanboot aBFT, when no option names one
#   rd.aoe=0  rd.aoe.if=  rd.aoe.mtu=  rd.aoe.timeout=  rd.aoe.timeout.carrier=
#   rd.aoe.probe=  rd.aoe.abft=
#   rd.aoe.overlay=tmpfs[:size=SIZE]|eSHELF.SLOT[pPART]  rd.aoe.overlay.format=  rd.aoe.overlay.reset=
#
# AoE needs no IP address: this module does not pull in dracut's network
# module or a DHCP client; it installs the NIC drivers itself.
#
# dracut.conf knob: aoe_nic_drivers="virtio_net e1000" installs only these NIC
# drivers (default: every wired Ethernet driver, or the root's NICs' drivers
# in host-only mode).

# aoe_block_is_aoe MAJ:MIN: true if that block device is an AoE disk or partition.
aoe_block_is_aoe() {
    [[ $(readlink -f "/sys/dev/block/$1" 2> /dev/null) == */etherd!* ]]
}

# aoe_host_nics: names of the local NICs the host's AoE disks are reached through.
aoe_host_nics() {
    local _netif
    for _netif in /sys/block/etherd!*/netif; do
        [[ -r $_netif ]] || continue
        tr ',' '\n' < "$_netif"
    done | sort -u
}

# called by dracut
check() {
    if [[ ! -x "$moddir/aoe-up" ]]; then
        derror "95aoe: $moddir/aoe-up is missing: build and install the module with 'make install'"
        return 1
    fi
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
    hostonly='' instmods aoe overlay
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
    local _nic _mac _macs=()
    for _nic in $(aoe_host_nics); do
        read -r _mac < "/sys/class/net/$_nic/address" && _macs+=("$_mac")
    done
    ((${#_macs[@]})) && printf ' rd.aoe.if=%s' "$(IFS=,; echo "${_macs[*]}")"
    return 0
}

# called by dracut
install() {
    inst_simple "$moddir/aoe-up" /sbin/aoe-up
    inst_simple "$moddir/aoe-lib.sh" /lib/aoe-lib.sh
    inst_simple "$moddir/aoe-root.sh" /lib/aoe-root.sh
    inst_simple "$moddir/aoe-mount.sh" /lib/aoe-mount.sh
    # rd.aoe.overlay: one shared read-only image, a writable layer per machine
    inst_simple "$moddir/aoe-overlay.sh" /lib/aoe-overlay.sh
    inst_hook pre-pivot 50 "$moddir/mount-overlay.sh"
    inst_multiple -o blkid mkfs.ext4
    # ... and no fsck of that shared image by systemd-fsck-root: e2fsck may
    # write even to a clean filesystem (shell initrds: fastboot, aoe-overlay.sh)
    if dracut_module_included "systemd"; then
        local _d=$initdir${systemdsystemunitdir:-/usr/lib/systemd/system}/systemd-fsck-root.service.d
        mkdir -p "$_d"
        printf '%s\n' '[Unit]' '# 95aoe: with rd.aoe.overlay= the AoE root is a shared read-only image' \
            'ConditionKernelCommandLine=!rd.aoe.overlay' > "$_d/95aoe-overlay.conf"
    fi
    inst_multiple modprobe
    inst_hook cmdline 90 "$moddir/parse-aoe.sh"
    inst_rules "$moddir/61-aoe-storage.rules"

    if [[ $hostonly_cmdline == "yes" ]]; then
        local _conf
        _conf=$(cmdline)
        [[ $_conf ]] && echo "$_conf" > "${initdir}/etc/cmdline.d/95aoe.conf"
    fi
    if declare -f dracut_need_initqueue > /dev/null; then
        dracut_need_initqueue
    fi
}
