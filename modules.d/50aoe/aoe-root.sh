#!/bin/sh
# initqueue job, sourced by the initqueue loop once: wait for the AoE root
# search that started when udevd did (aoe-start.sh; run it here if it was not
# started) and end the boot through die() if it failed. aoe-up has printed
# what it tried on which NICs and what answered; die() then takes dracut's
# failure path (the emergency shell only with rd.shell). Nothing is written
# to any disk.

command -v aoe_up > /dev/null || . /lib/aoe-lib.sh

if [ -n "$DRACUT_SYSTEMD" ]; then
    # joins the running search, returns when it has ended
    systemctl start aoe-up.service
elif [ -n "${aoe_search_pid:-}" ]; then
    wait "$aoe_search_pid"
fi
[ -e "$aoe_rundir/rc" ] || . "$aoe_libdir/aoe-start.sh"
aoe_search_result
