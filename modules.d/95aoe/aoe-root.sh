#!/bin/sh
# initqueue job, sourced by the initqueue loop once: bring up the NICs and
# find the AoE target with aoe-up. On failure aoe-up has printed what it
# tried on which NICs and what answered; die() then takes dracut's failure
# path (the emergency shell only with rd.shell). Nothing is written to any disk.

command -v aoe_up > /dev/null || . /lib/aoe-lib.sh

mkdir -p /run/aoe
# shellcheck disable=SC2046 # one word or none
if ! aoe_up --status-file=/run/aoe/status $(aoe_timeout_max); then
    _aoe_msg=
    [ -r /run/aoe/status ] && read -r _aoe_msg < /run/aoe/status
    die "$(aoe_safe "AoE root not found: ${_aoe_msg:-aoe-up failed for $(aoe_target)}")"
fi
