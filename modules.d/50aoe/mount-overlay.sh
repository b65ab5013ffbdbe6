#!/bin/sh
# pre-pivot hook: with rd.aoe.overlay=, put a writable overlay over the
# read-only AoE image on $NEWROOT before switch_root (aoe-overlay.sh).

command -v aoe_overlay_mount > /dev/null || . /lib/aoe-overlay.sh

aoe_overlay_mount
