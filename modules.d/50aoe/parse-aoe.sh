#!/bin/sh
# cmdline hook: decide whether the root is on AoE, check every rd.aoe.*
# option, and queue the search.
#
#   root=/dev/etherd/e<shelf>.<slot>[p<part>]   shelf 0-65534 but 4095, slot 0-254, part 1-15
#   root=aoe:e<shelf>.<slot>[p<part>]           the same, as network roots are written
#   rd.aoe.target=e<shelf>.<slot>[p<part>]      the AoE disk, when root= names a UUID or LABEL
#   netroot=aoe:e<shelf>.<slot>[p<part>]        likewise (iPXE's root-path); the root if no root=
#   (none of these, an aBFT)                    iPXE's sanboot aoe: table names disk and NIC
#   rd.aoe=0  rd.aoe.abft=0                     do nothing at all / ignore the aBFT
#
# Without an AoE root this hook does nothing: no module load, no discover, no
# delay (with no AoE option it reads the firmware's table, once).

command -v aoe_target > /dev/null || . /lib/aoe-lib.sh

if getargbool 1 rd.aoe && aoe_target > /dev/null; then
    # One check of every option, with the helper's own parser, over the
    # command line as getarg reads it: a mistyped value ends the boot here
    # with a line naming the option and its form. From here on the hooks act
    # only on the values it printed back (aoe_opt).
    aoe_check
    unset _aoe_err
    # rd.aoe.overlay: the shared image is mounted read-only (aoe-overlay.sh)
    command -v aoe_overlay_parse > /dev/null || . "$aoe_libdir/aoe-overlay.sh"
    aoe_overlay_parse
    # only the root's AoE disk may name the root (root=UUID=, LABEL=, ...)
    command -v aoe_scope > /dev/null || . "$aoe_libdir/aoe-scope.sh"
    aoe_scope "$(aoe_opt target)"

    # the root itself on AoE: root=/dev/etherd/..., root=aoe:..., or
    # netroot=aoe: with a partition and no root=, as aoe-up checked it
    _aoe_dev=$(aoe_opt root)
    # shellcheck disable=SC2034 # root and rootok: read by dracut's init
    case "$_aoe_dev" in
        /dev/etherd/*)
            root="block:$_aoe_dev"
            rootok=1
            ;;
        aoe:*)
            _aoe_dev=/dev/etherd/${_aoe_dev#aoe:}
            root="block:$_aoe_dev"
            rootok=1
            # dracut-cmdline.sh's marker for "no root= at all"
            unset root_unset
            [ -n "$DRACUT_SYSTEMD" ] && aoe_sysroot_unit "$_aoe_dev"
            ;;
    esac
    unset _aoe_dev

    # The job is sourced by the initqueue loop rather than run as a child, so
    # that a failed search can end the boot through die() in the loop's own
    # context, in shell and systemd initrds alike. The work file makes the
    # loop start it without waiting for udev to settle.
    # the search starts as soon as udevd runs (aoe-up.service, or the
    # pre-trigger hook); the initqueue job waits for its result
    mkdir -p "$aoe_rundir"
    : > "$aoe_rundir/wanted"
    {
        # shellcheck disable=SC2016 # $job is the loop's variable
        echo '[ -e "$job" ] && rm -f -- "$job"'
        echo '. /lib/aoe-root.sh'
    } > "$hookdir/initqueue/aoe-up.sh"
    : >> "$hookdir/initqueue/work"
    need_shutdown
fi
