#!/bin/sh
# mount hook for systemd initrds, put in place by parse-aoe.sh only for
# root=aoe:eX.Y[pN] (or netroot=aoe:eX.YpN with no root=): systemd's
# generators mount only root=/dev/..., UUID= and LABEL= roots, and
# rootfs-block's mount hook is a shell-initrd one. Mounts the AoE root on
# $NEWROOT with rootfstype= and rootflags= (ro/rw) as dracut parsed them.

command -v getarg > /dev/null || . /lib/dracut-lib.sh

case "$root" in
    block:/dev/etherd/*)
        ismounted "$NEWROOT" ||
            mount -t "${fstype:-auto}" -o "${rflags:-defaults}" "${root#block:}" "$NEWROOT" ||
            warn "aoe: cannot mount ${root#block:} on $NEWROOT"
        ;;
esac
