#!/bin/sh
# The AoE root search, started as soon as udevd runs, in parallel with udev's
# coldplug: aoe-up waits for the NICs it brings (rtnetlink), so nothing waits
# for udev to settle. Started by aoe-up.service (systemd initrds) or, in the
# background, by the pre-trigger hook aoe-pretrigger.sh (shell initrds); the
# initqueue job aoe-root.sh runs it itself if neither did. Leaves aoe-up's
# exit code in /run/aoe/rc and its one-line result in /run/aoe/status
# ($aoe_rundir); the
# initqueue job ends the boot through die() when the search failed.

command -v aoe_up > /dev/null || . /lib/aoe-lib.sh

mkdir -p "$aoe_rundir"
# shellcheck disable=SC2046 # one word or none
aoe_up --status-file="$aoe_rundir/status" $(aoe_timeout_max)
echo "$?" > "$aoe_rundir/rc.new" && mv -f "$aoe_rundir/rc.new" "$aoe_rundir/rc"
