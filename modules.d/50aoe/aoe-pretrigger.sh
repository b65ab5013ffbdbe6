#!/bin/sh
# pre-trigger hook (shell initrds): udevd runs, coldplug has not started yet.
# Start the AoE root search in the background now, when the cmdline hook
# found an AoE root; the initqueue job aoe-root.sh waits for it.

if [ -z "$DRACUT_SYSTEMD" ] && [ -e "${aoe_rundir:-/run/aoe}/wanted" ] &&
    [ -z "${aoe_search_pid:-}" ]; then
    ( . "${aoe_libdir:-/lib}/aoe-start.sh" ) &
    aoe_search_pid=$!
fi
