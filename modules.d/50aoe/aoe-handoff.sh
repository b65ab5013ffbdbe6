#!/bin/sh
# pre-pivot hook: hand the AoE root's NICs over to the real root's network
# manager. Leaves NetworkManager a per-boot default under /run that keeps
# their MTU (aoe_nm_keep). systemd-networkd applies no DHCP MTU unless told
# to (UseMTU=); ifupdown's dhclient and ifdown are held by the hooks the
# package installs in /etc (see the lab guide, "The real root's network").

command -v aoe_nm_keep > /dev/null || . /lib/aoe-lib.sh

aoe_nm_keep
