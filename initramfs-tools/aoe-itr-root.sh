# shellcheck shell=sh
# The AoE root in initramfs-tools' local-top (scripts/local-top/aoe-boot):
# the search's result, and a root named by UUID or label found on the root's
# AoE disk only. Tests set aoe_rundir, aoe_paramconf, aoe_devdir and ROOT.

# aoe_itr_wait: wait for the search init-top started ($aoe_rundir/rc); if it
# is gone without a result (or never ran), run it here. A failed search ends
# the boot: "AoE root not found: " and aoe-up's one-line result.
aoe_itr_wait() {
    _aoe_pid=
    [ -r "$aoe_rundir/pid" ] && read -r _aoe_pid < "$aoe_rundir/pid"
    while [ ! -e "$aoe_rundir/rc" ]; do
        case "$_aoe_pid" in
            '' | *[!0-9]*) break ;;
        esac
        kill -0 "$_aoe_pid" 2> /dev/null || break
        sleep 0.1
    done
    [ -e "$aoe_rundir/rc" ] || (. "$aoe_libdir/aoe-start.sh")
    aoe_search_result
}

# aoe_itr_root: when ROOT (initramfs-tools' root=) names the root by UUID=,
# LABEL=, PARTUUID= or PARTLABEL=, find it on the root's AoE disk and its
# partitions only, and point ROOT at that device (/conf/param.conf). Ends
# the boot when none of them carries it. Any other ROOT is left alone.
aoe_itr_root() {
    case "${ROOT:-}" in
        UUID=* | LABEL=* | PARTUUID=* | PARTLABEL=*) ;;
        *) return 0 ;;
    esac
    _aoe_key=${ROOT%%=*} _aoe_want=${ROOT#*=}
    read -r _aoe_disk < "$aoe_rundir/scope/disk" ||
        aoe_die "AoE root: root=$ROOT, but no AoE disk is known to look on"
    _aoe_dd=${aoe_devdir:-/dev/etherd}
    for _aoe_dev in "$_aoe_dd/$_aoe_disk" "$_aoe_dd/$_aoe_disk"p*; do
        [ -b "$_aoe_dev" ] || [ -f "$_aoe_dev" ] || continue
        if aoe_itr_carries "$_aoe_dev" "$_aoe_key" "$_aoe_want"; then
            echo "ROOT='/dev/etherd/${_aoe_dev##*/}'" >> "${aoe_paramconf:-/conf/param.conf}"
            return 0
        fi
    done
    aoe_die "AoE root not found: no filesystem or partition on the AoE disk $_aoe_disk has root=$ROOT"
}

# aoe_itr_carries DEV KEY VALUE: true if blkid's low-level probe of DEV shows
# KEY (UUID, LABEL, PARTUUID, PARTLABEL) equal to VALUE. Its output is read
# line by line, never evaluated.
aoe_itr_carries() {
    case "$2" in
        PARTUUID) _aoe_k=PART_ENTRY_UUID ;;
        PARTLABEL) _aoe_k=PART_ENTRY_NAME ;;
        *) _aoe_k=$2 ;;
    esac
    _aoe_out=$(blkid -p -o export "$1" 2> /dev/null) || return 1
    _aoe_ifs=$IFS
    IFS='
'
    for _aoe_l in $_aoe_out; do
        [ "$_aoe_l" = "$_aoe_k=$3" ] && IFS=$_aoe_ifs && return 0
    done
    IFS=$_aoe_ifs
    return 1
}
