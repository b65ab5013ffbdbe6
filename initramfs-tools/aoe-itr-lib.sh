# shellcheck shell=sh
# What the shared aoe-boot scripts (aoe-lib.sh, aoe-overlay.sh, aoe-scope.sh)
# call from dracut-lib, for initramfs-tools images: getcmdline, getarg,
# getargbool, die, warn, info. aoe-lib.sh sources this file when the image
# has no /lib/dracut-lib.sh. Tests point aoe_cmdline_d, aoe_proc_cmdline and
# aoe_kmsg elsewhere.

# which generator made the image (aoe-lib.sh words its hints by it)
# shellcheck disable=SC2034 # read by aoe-lib.sh
aoe_gen=initramfs-tools

# getcmdline: the words the image recorded at build time (/etc/cmdline.d/*.conf,
# as dracut keeps them: the hook's rd.aoe.if= and rd.aoe.mac= for MODULES=dep),
# then the kernel's: a word typed at boot comes last, so it wins.
getcmdline() {
    _ag_all=
    for _ag_f in "${aoe_cmdline_d:-/etc/cmdline.d}"/*.conf; do
        [ -r "$_ag_f" ] || continue
        while IFS= read -r _ag_l || [ -n "$_ag_l" ]; do
            case $_ag_l in '#'*) continue ;; esac
            _ag_all="$_ag_all $_ag_l"
        done < "$_ag_f"
    done
    _ag_l=
    read -r _ag_l < "${aoe_proc_cmdline:-/proc/cmdline}"
    printf '%s' "${_ag_all# } $_ag_l"
}

. "${aoe_libdir:-/lib}/aoe-getarg.sh"

# initramfs-tools' panic and log functions: /init runs each boot script as a
# child, which must source them itself (tests: aoe_itr_functions)
if ! command -v panic > /dev/null && [ -r "${aoe_itr_functions:-/scripts/functions}" ]; then
    . "${aoe_itr_functions:-/scripts/functions}"
fi

# die TEXT: initramfs-tools' panic (the rescue shell, or with panic=N a
# reboot), then end the calling script. panic returns when the rescue shell
# is left: the boot must not go on as if the root were found. Callers pass
# TEXT through aoe_safe (aoe_die): panic's echo would read backslashes.
die() {
    printf '<27>aoe-boot: FATAL: %s\n' "$*" > "${aoe_kmsg:-/dev/kmsg}" 2> /dev/null
    if command -v panic > /dev/null; then
        panic "aoe-boot: FATAL: $*"
    else
        printf 'aoe-boot: FATAL: %s\n' "$*" >&2
    fi
    exit 1
}

# warn TEXT: on the console whatever quiet says (initramfs-tools'
# log_warning_msg is silent under quiet), and in the kernel log.
warn() {
    printf '<28>aoe-boot: warning: %s\n' "$*" > "${aoe_kmsg:-/dev/kmsg}" 2> /dev/null
    printf 'aoe-boot: warning: %s\n' "$*" >&2
}

# info TEXT: in the kernel log; on the console too unless quiet.
info() {
    printf '<30>aoe-boot: %s\n' "$*" > "${aoe_kmsg:-/dev/kmsg}" 2> /dev/null
    [ "${quiet:-n}" = y ] || printf 'aoe-boot: %s\n' "$*"
}
