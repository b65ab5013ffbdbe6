#!/bin/sh
# Shared by the 95aoe hooks: the AoE target asked for and the aoe-up call.

command -v getarg > /dev/null || . /lib/dracut-lib.sh

# aoe_target: print the AoE device the boot needs (eX.Y[pN]) from
# rd.aoe.target= or root=/dev/etherd/...; false if the root is not on AoE.
aoe_target() {
    _aoe_t=$(getarg rd.aoe.target=) && [ -n "$_aoe_t" ] && {
        echo "${_aoe_t#/dev/etherd/}"
        return 0
    }
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

# aoe_up [ARG...]: run aoe-up with ARGs, the target and every rd.aoe.* and
# BOOTIF word of the command line, spelled as the user wrote them, so that
# its errors name the option the user typed.
aoe_up() {
    set -f
    for _aoe_w in $(getcmdline); do
        case "$_aoe_w" in
            rd.aoe.* | BOOTIF=*) set -- "$@" "$_aoe_w" ;;
        esac
    done
    set +f
    getarg rd.aoe.target= > /dev/null || set -- "$@" "root=$(getarg root=)"
    aoe-up "$@"
}

# aoe_timeout_max: print "rd.aoe.timeout=N" with a lower N when the timeout in
# force would not end before dracut gives up (2/3 of rd.retry, when its timeout
# hooks start); print nothing when it fits or is not a number (aoe-up says so).
aoe_timeout_max() {
    _aoe_retry=$(getarg rd.retry -d rd_retry=)
    _aoe_retry=${_aoe_retry:-180}
    case "$_aoe_retry" in '' | *[!0-9]*) return 0 ;; esac
    _aoe_limit=$((_aoe_retry * 2 / 3))
    [ "$_aoe_limit" -ge 1 ] || _aoe_limit=1
    _aoe_to=$(getarg rd.aoe.timeout=)
    case "$_aoe_to" in
        '') _aoe_to=90 ;;
        *[!0-9]*) return 0 ;;
    esac
    [ "$_aoe_to" -le "$_aoe_limit" ] && return 0
    warn "rd.aoe.timeout=$_aoe_to does not end before 2/3 of rd.retry=$_aoe_retry; using $_aoe_limit"
    echo "rd.aoe.timeout=$_aoe_limit"
}
