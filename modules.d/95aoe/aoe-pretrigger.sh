#!/bin/sh
# pre-trigger hook (shell initrds): udevd runs, coldplug has not started yet.
# Start the AoE root search in the background now, when the cmdline hook
# found an AoE root; the initqueue job aoe-root.sh waits for it.

if [ -e /run/aoe/wanted ] && [ -z "${aoe_search_pid:-}" ]; then
    ( . /lib/aoe-start.sh ) &
    aoe_search_pid=$!
fi
