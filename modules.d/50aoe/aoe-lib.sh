#!/bin/sh
# Shared by the 50aoe hooks: the AoE target asked for and the aoe-up call.

# dracut's images have dracut-lib; initramfs-tools images get the same calls
# from aoe-itr-lib.sh (initramfs-tools/, installed by the aoe-boot hook)
if ! command -v getarg > /dev/null; then
    if [ -e /lib/dracut-lib.sh ]; then
        . /lib/dracut-lib.sh
    else
        . "${aoe_libdir:-/lib}/aoe-itr-lib.sh"
    fi
fi

# Where the search leaves its marker, result line and exit code, and where
# the module's scripts are (tests point both elsewhere).
aoe_rundir=${aoe_rundir:-/run/aoe}
aoe_libdir=${aoe_libdir:-/lib}

# aoe_target: print the AoE device the boot needs (eX.Y[pN]) from, first
# found: rd.aoe.target=, root=/dev/etherd/... or root=aoe:..., netroot=aoe:...,
# the firmware's aBFT (iPXE sanboot; not with rd.aoe.abft=0); false if the
# root is not on AoE. A value that is present counts even when empty or
# mistyped, so that aoe-up --check reports it instead of the module ignoring it.
# Only decides whether the module acts: what it prints is not checked (the
# hooks use aoe_opt target, which is).
aoe_target() {
    if _aoe_t=$(getarg rd.aoe.target=); then
        echo "${_aoe_t#/dev/etherd/}"
        return 0
    fi
    _aoe_t=$(getarg root=)
    case "${_aoe_t#block:}" in
        /dev/etherd/* | aoe:*)
            _aoe_t=${_aoe_t#block:}
            _aoe_t=${_aoe_t#aoe:}
            echo "${_aoe_t#/dev/etherd/}"
            return 0
            ;;
    esac
    _aoe_t=$(getarg netroot=)
    case "$_aoe_t" in
        aoe:*)
            echo "${_aoe_t#aoe:}"
            return 0
            ;;
    esac
    aoe_abft_target
}

# aoe_abft_target: print the target of the aBFT iPXE's sanboot left (aoe-up
# checks it and says why a bad one is ignored); false if there is none or
# rd.aoe.abft=0. Costs one read of the firmware table or of base memory.
aoe_abft_target() {
    [ "$(getarg rd.aoe.abft=)" = 0 ] && return 1
    _aoe_t=$(aoe-up --show-abft) || return 1
    echo "${_aoe_t%% *}"
}

# aoe_safe TEXT: print TEXT on one line with every character that is not
# printable ASCII, or is one of $ ` " \, as '?'. dracut's die() writes its
# message inside double quotes into an emergency hook that is sourced later:
# what goes to die must be inert there, whatever aoe-up or the command line said.
# Hooks call aoe_die, never die (tests/lint.sh).
aoe_safe() {
    _aoe_in=$1 _aoe_out=
    _aoe_ok=' !#%&'\''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~'
    while [ -n "$_aoe_in" ]; do
        _aoe_rest=${_aoe_in#?}
        _aoe_c=${_aoe_in%"$_aoe_rest"}
        case "$_aoe_ok" in
            *"$_aoe_c"*) _aoe_out=$_aoe_out$_aoe_c ;;
            *) _aoe_out="$_aoe_out?" ;;
        esac
        _aoe_in=$_aoe_rest
    done
    printf '%s\n' "$_aoe_out"
}

# aoe_die TEXT...: end the boot through dracut's die() with TEXT made inert
# (aoe_safe): every FATAL line of the module goes through here.
aoe_die() {
    die "$(aoe_safe "$*")"
}

# aoe_up [ARG...]: run aoe-up on the whole command line, which it splits
# as getarg does (quotes; of each key the last word), so that what it checks
# is what getarg returns and its errors name the option the user typed;
# ARGs after it win. rd.debug makes it verbose. --abft: the firmware's aBFT
# fills in what the command line leaves open (rd.aoe.abft=0 turns it off).
aoe_up() {
    set -- --abft --cmdline="$(getcmdline)" "$@"
    getargbool 0 rd.debug && set -- -v "$@"
    aoe-up "$@"
}

# aoe_check: check every option with aoe-up's own parser; keep the values it
# printed back (target=, root=, overlay=, ..., checked and in its spelling)
# in $aoe_rundir/options, the only values the hooks act on (aoe_opt). A bad
# option ends the boot with aoe-up's line.
aoe_check() {
    mkdir -p "$aoe_rundir"
    if ! _aoe_err=$(aoe_up --check 2>&1 > "$aoe_rundir/options"); then
        rm -f "$aoe_rundir/options"
        aoe_die "${_aoe_err:-aoe-up --check failed}"
    fi
}

# aoe_search_result: end the boot through aoe_die if the search (aoe-start.sh)
# failed, with "AoE root not found: " and aoe-up's one-line result.
aoe_search_result() {
    _aoe_rc=1
    read -r _aoe_rc < "$aoe_rundir/rc"
    if [ "$_aoe_rc" != 0 ]; then
        _aoe_msg=
        [ -r "$aoe_rundir/status" ] && read -r _aoe_msg < "$aoe_rundir/status"
        aoe_die "AoE root not found: ${_aoe_msg:-aoe-up failed for $(aoe_opt target)}"
    fi
    unset _aoe_rc _aoe_msg
}

# aoe_opt NAME: print the value aoe-up --check gave NAME (aoe_check); false
# when it gave none, or when the cmdline hook found no AoE root.
aoe_opt() {
    [ -r "$aoe_rundir/options" ] || return 1
    while IFS= read -r _aoe_l; do
        case "$_aoe_l" in
            "$1="*)
                printf '%s\n' "${_aoe_l#*=}"
                return 0
                ;;
        esac
    done < "$aoe_rundir/options"
    return 1
}

# aoe_sysroot_unit DEV: under systemd, mount DEV (/dev/etherd/...) on
# /sysroot once the initqueue (and so the AoE search) is done.
# systemd-fstab-generator takes root=aoe:... for a remote filesystem and
# makes a sysroot.mount that mounts "aoe:..."; with netroot= alone there is
# none. A sysroot.mount in /run/systemd/system overrides the generator's
# (aoe_unitdir= points elsewhere, for tests).
# Uses dracut's parsed rootfstype= (fstype) and rootflags=/ro/rw (rflags).
aoe_sysroot_unit() {
    _aoe_u=${aoe_unitdir:-/run/systemd/system}
    mkdir -p "$_aoe_u/initrd-root-fs.target.requires"
    {
        echo "[Unit]"
        echo "Description=/sysroot on the AoE disk $1"
        echo "Before=initrd-root-fs.target"
        echo "After=dracut-initqueue.service"
        echo "[Mount]"
        echo "What=$1"
        echo "Where=/sysroot"
        echo "Type=${fstype:-auto}"
        echo "Options=${rflags:-defaults}"
    } > "$_aoe_u/sysroot.mount"
    ln -sf ../sysroot.mount "$_aoe_u/initrd-root-fs.target.requires/sysroot.mount"
    systemctl --no-block daemon-reload
}

# aoe_timeout_max: print "rd.aoe.timeout=N" with a lower N when the search
# would outlast dracut's own limits, and warn; print nothing when it fits or
# is not a number (aoe-up --check reports that). The limits: 2/3 of rd.retry,
# when dracut's loop starts its timeout scripts, and under systemd rd.timeout
# (when set), after which the root device job fails on its own.
aoe_timeout_max() {
    # initramfs-tools puts no limit on the wait (local-top)
    [ "${aoe_gen:-dracut}" = dracut ] || return 0
    _aoe_retry=$(getarg rd.retry -d rd_retry=)
    case "${_aoe_retry:=180}" in *[!0-9]*) return 0 ;; esac
    _aoe_limit=$((_aoe_retry * 2 / 3)) _aoe_why="2/3 of rd.retry=$_aoe_retry"
    _aoe_rdto=$(getarg rd.timeout)
    case "$_aoe_rdto" in
        '' | 0 | *[!0-9]*) ;;
        *)
            if [ $((_aoe_rdto - 1)) -lt "$_aoe_limit" ]; then
                _aoe_limit=$((_aoe_rdto - 1)) _aoe_why="rd.timeout=$_aoe_rdto"
            fi
            ;;
    esac
    [ "$_aoe_limit" -ge 1 ] || _aoe_limit=1
    if _aoe_to=$(getarg rd.aoe.timeout=); then
        _aoe_what="rd.aoe.timeout=$_aoe_to"
    else
        _aoe_to=90 _aoe_what="the default rd.aoe.timeout (90 s)"
    fi
    case "$_aoe_to" in '' | *[!0-9]*) return 0 ;; esac
    [ "$_aoe_to" -le "$_aoe_limit" ] && return 0
    warn "$_aoe_what does not end before $_aoe_why; using rd.aoe.timeout=$_aoe_limit"
    echo "rd.aoe.timeout=$_aoe_limit"
}

# aoe_disk_nics: the NICs the aoe driver reaches its disks through, as a
# comma list (from each disk's netif in sysfs; aoe_sysfs= for tests), and
# when there is a disk, the other NICs on the driver's list: paths that
# have not joined yet (no carrier at boot: multipath).
aoe_disk_nics() {
    _aoe_l=,
    _aoe_il="${aoe_sysfs:-/sys}/module/aoe/parameters/aoe_iflist"
    for _aoe_f in "${aoe_sysfs:-/sys}"/block/etherd!*/netif "$_aoe_il"; do
        [ -r "$_aoe_f" ] || continue
        [ "$_aoe_f" = "$_aoe_il" ] && [ "$_aoe_l" = , ] && continue
        read -r _aoe_v < "$_aoe_f" || continue
        _aoe_ifs=$IFS IFS=,
        for _aoe_n in $_aoe_v; do
            case "$_aoe_l" in *",$_aoe_n,"*) ;; *) _aoe_l="$_aoe_l$_aoe_n," ;; esac
        done
        IFS=$_aoe_ifs
    done
    _aoe_l=${_aoe_l#,}
    printf '%s\n' "${_aoe_l%,}"
}

# aoe_nm_keep: tell the real root's NetworkManager to keep the MTU of the
# NICs the AoE disks are on (a DHCP-advertised MTU would otherwise be
# applied, and the aoe driver does not follow an MTU change): a per-boot
# default in /run/NetworkManager/conf.d (aoe_nmdir= for tests), one section
# per NIC with the MTU it has now. An explicit 0 ("leave it") only held during
# activation: NetworkManager 1.58 applied a DHCP lease that came after it. A
# profile that sets ethernet.mtu itself still wins: that is the admin's call.
aoe_nm_keep() {
    _aoe_nics=$(aoe_disk_nics)
    [ -n "$_aoe_nics" ] || return 0
    _aoe_d=${aoe_nmdir:-/run/NetworkManager/conf.d}
    mkdir -p "$_aoe_d" || return 0
    _aoe_i=0
    _aoe_ifs=$IFS IFS=,
    {
        echo "# Written by the initramfs (aoe-boot, ${aoe_gen:-dracut}) at every boot: the AoE"
        echo "# root's NICs keep the MTU the aoe driver sized its frames for."
        for _aoe_n in $_aoe_nics; do
            read -r _aoe_m < "${aoe_sysfs:-/sys}/class/net/$_aoe_n/mtu" 2> /dev/null || continue
            case $_aoe_m in '' | *[!0-9]*) continue ;; esac
            _aoe_i=$((_aoe_i + 1))
            echo "[connection-aoe-boot-$_aoe_i]"
            echo "match-device=interface-name:$(aoe_safe "$_aoe_n")"
            echo "ethernet.mtu=$_aoe_m"
        done
    } > "$_aoe_d/90-aoe-boot.conf"
    IFS=$_aoe_ifs
}
