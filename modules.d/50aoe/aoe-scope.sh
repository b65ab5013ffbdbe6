#!/bin/sh
# The root's AoE disk, and only it, may name the root in the initramfs.
#
# root=UUID=, LABEL=, PARTUUID=, PARTLABEL= (and root=/dev/disk/by-*/...)
# resolve through udev's /dev/disk/by-* links, which 61-aoe-storage.rules
# makes for AoE disks. Anyone on the LAN can export another shelf.slot that
# carries the root's UUID or label and compete for that link. So once the
# cmdline hook knows the root's AoE disk (rd.aoe.target=, netroot=aoe:,
# the aBFT), aoe_scope marks that disk and its partitions in
# $aoe_rundir/scope/ by udev's device name (%k: etherd/e0.1p1, udev's "/"
# for the kernel's "!"), and in the initramfs the rule makes links only for
# marked AoE devices; for any other it runs aoe-rival.sh, which reports one
# that carries the root's name (aoe_scope_rival).
# Sourced by parse-aoe.sh and aoe-rival.sh; tests set aoe_rundir, aoe_kmsg.

# aoe_scope_link ROOT: print the /dev/disk link (by-uuid/X, by-label/X, ...)
# through which ROOT (a root= value) is found, encoded as udev names it;
# print nothing for a root named otherwise.
aoe_scope_link() {
    _aoe_r=${1#block:}
    case "$_aoe_r" in
        UUID=*) echo "by-uuid/${_aoe_r#UUID=}" ;;
        PARTUUID=*) echo "by-partuuid/${_aoe_r#PARTUUID=}" ;;
        LABEL=* | PARTLABEL=*)
            # as dracut's label_uuid_to_dev and udev's *_ENC: / and space escaped
            _aoe_k=by-label
            case "$_aoe_r" in PARTLABEL=*) _aoe_k=by-partlabel ;; esac
            printf '%s/%s\n' "$_aoe_k" "$(printf '%s' "${_aoe_r#*=}" | sed 's,/,\\x2f,g;s, ,\\x20,g')"
            ;;
        /dev/disk/by-uuid/* | /dev/disk/by-label/* | /dev/disk/by-partuuid/* | /dev/disk/by-partlabel/*)
            echo "${_aoe_r#/dev/disk/}"
            ;;
    esac
}

# aoe_scope TARGET: the root's AoE disk is TARGET's (eX.Y[pN]): mark it and
# its partitions p1-p15 as the only AoE devices udev may link in the
# initramfs, and record the disk and the link root= resolves through.
# A TARGET that is not eX.Y[pN] marks nothing (aoe-up --check refused it).
aoe_scope() {
    _aoe_d=${1#/dev/etherd/}
    _aoe_d=${_aoe_d%%p*}
    case "$_aoe_d" in e[0-9]*.[0-9]*) ;; *) return 0 ;; esac
    case "${_aoe_d#e}" in *[!0-9.]* | *.*.*) return 0 ;; esac
    _aoe_s=$aoe_rundir/scope
    mkdir -p "$_aoe_s/etherd" || return 0
    : > "$_aoe_s/etherd/$_aoe_d"
    for _aoe_p in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
        : > "$_aoe_s/etherd/${_aoe_d}p$_aoe_p"
    done
    echo "$_aoe_d" > "$_aoe_s/disk"
    aoe_scope_link "$(getarg root=)" > "$_aoe_s/root"
}

# aoe_scope_rival NAME: NAME (udev's etherd/eX.Y[pN]) is an AoE device outside
# the root's disk; udev's blkid results are in the environment (ID_FS_UUID_ENC,
# ID_FS_LABEL_ENC, ID_PART_ENTRY_UUID, ID_PART_ENTRY_NAME). If it carries the
# name root= is found by, say so on the console, once per device.
aoe_scope_rival() {
    _aoe_s=$aoe_rundir/scope
    [ -r "$_aoe_s/root" ] && [ -r "$_aoe_s/disk" ] || return 0
    read -r _aoe_l < "$_aoe_s/root" || return 0
    read -r _aoe_d < "$_aoe_s/disk" || return 0
    case "$_aoe_l" in
        by-uuid/?*) [ "$_aoe_l" = "by-uuid/${ID_FS_UUID_ENC:-}" ] ;;
        by-label/?*) [ "$_aoe_l" = "by-label/${ID_FS_LABEL_ENC:-}" ] ;;
        by-partuuid/?*) [ "$_aoe_l" = "by-partuuid/${ID_PART_ENTRY_UUID:-}" ] ;;
        by-partlabel/?*) [ "$_aoe_l" = "by-partlabel/${ID_PART_ENTRY_NAME:-}" ] ;;
        *) false ;;
    esac || return 0
    _aoe_n=${1#etherd[/!]}
    mkdir -p "$aoe_rundir/rival"
    [ -e "$aoe_rundir/rival/$_aoe_n" ] && return 0
    : > "$aoe_rundir/rival/$_aoe_n"
    # level 3: on the console even with quiet, like aoe-up's warnings
    aoe_safe "<27>aoe-boot: warning: $_aoe_n carries the root's $_aoe_l too; ignored: only the root's AoE disk $_aoe_d may name the root" > "${aoe_kmsg:-/dev/kmsg}"
}
