#!/bin/sh
# Shared by the 95aoe hooks: the AoE target asked for and the aoe-up call.

command -v getarg > /dev/null || . /lib/dracut-lib.sh

# aoe_target: print the AoE device the boot needs (eX.Y[pN]) from
# rd.aoe.target= or root=/dev/etherd/...; false if the root is not on AoE.
# An rd.aoe.target= that is present counts even when empty or mistyped, so
# that aoe-up --check reports it instead of the module ignoring it.
aoe_target() {
    if _aoe_t=$(getarg rd.aoe.target=); then
        echo "${_aoe_t#/dev/etherd/}"
        return 0
    fi
    _aoe_t=$(getarg root=)
    case "${_aoe_t#block:}" in
        /dev/etherd/*)
            _aoe_t=${_aoe_t#block:}
            echo "${_aoe_t#/dev/etherd/}"
            return 0
            ;;
    esac
    return 1
}

# aoe_safe TEXT: print TEXT on one line with every character that is not
# printable ASCII, or is one of $ ` " \, as '?'. dracut's die() writes its
# message inside double quotes into an emergency hook that is sourced later:
# what goes to die must be inert there, whatever aoe-up or the command line said.
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

# aoe_up [ARG...]: run aoe-up with ARGs, the target and every rd.aoe.* and
# BOOTIF word of the command line, spelled as the user wrote them, so that
# its errors name the option the user typed. rd.debug makes it verbose.
aoe_up() {
    set -f
    for _aoe_w in $(getcmdline); do
        case "$_aoe_w" in
            rd.aoe.* | BOOTIF=*) set -- "$@" "$_aoe_w" ;;
        esac
    done
    set +f
    if ! getarg rd.aoe.target= > /dev/null; then
        _aoe_w=$(getarg root=)
        set -- "$@" "root=${_aoe_w#block:}"
    fi
    getargbool 0 rd.debug && set -- -v "$@"
    aoe-up "$@"
}

# aoe_timeout_max: print "rd.aoe.timeout=N" with a lower N when the search
# would outlast dracut's own limits, and warn; print nothing when it fits or
# is not a number (aoe-up --check reports that). The limits: 2/3 of rd.retry,
# when dracut's loop starts its timeout scripts, and under systemd rd.timeout
# (when set), after which the root device job fails on its own.
aoe_timeout_max() {
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
