#!/bin/sh
# cmdline hook: decide whether the root is on AoE, check every rd.aoe.*
# option, and queue the search.
#
#   root=/dev/etherd/e<shelf>.<slot>[p<part>]   shelf 0-65534 but 4095, slot 0-254, part 1-15
#   rd.aoe.target=e<shelf>.<slot>[p<part>]      the AoE disk, when root= names a UUID or LABEL
#   rd.aoe=0                                    do nothing at all
#
# Without an AoE root this hook does nothing: no module load, no discover, no delay.

command -v aoe_target > /dev/null || . /lib/aoe-lib.sh

if getargbool 1 rd.aoe && aoe_target > /dev/null; then
    # One check of every option, with the helper's own parser: a mistyped
    # value ends the boot here with a line naming the option and its form.
    # Whatever it printed reaches die() only through aoe_safe.
    _aoe_err=$(aoe_up --check 2>&1) || die "$(aoe_safe "${_aoe_err:-aoe-up --check failed}")"
    unset _aoe_err

    case "${root#block:}" in
        /dev/etherd/*)
            root="block:${root#block:}"
            # shellcheck disable=SC2034 # read by dracut's init
            rootok=1
            ;;
    esac

    # The job is sourced by the initqueue loop rather than run as a child, so
    # that a failed search can end the boot through die() in the loop's own
    # context, in shell and systemd initrds alike. The work file makes the
    # loop start it without waiting for udev to settle.
    {
        # shellcheck disable=SC2016 # $job is the loop's variable
        echo '[ -e "$job" ] && rm -f -- "$job"'
        echo '. /lib/aoe-root.sh'
    } > "$hookdir/initqueue/aoe-up.sh"
    : >> "$hookdir/initqueue/work"
    need_shutdown
fi
