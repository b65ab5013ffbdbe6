#!/bin/sh
# udev RUN program of 61-aoe-storage.rules, in the initramfs only, for an AoE
# device outside the root's AoE disk (aoe-scope.sh): it gets no /dev/disk
# link; say so on the console if it carries the root's UUID, label, PARTUUID
# or PARTLABEL (aoe_scope_rival).

command -v aoe_safe > /dev/null || . "${aoe_libdir:-/lib}/aoe-lib.sh"
command -v aoe_scope_rival > /dev/null || . "${aoe_libdir:-/lib}/aoe-scope.sh"
aoe_scope_rival "$1"
