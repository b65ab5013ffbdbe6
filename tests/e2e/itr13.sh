#!/bin/bash
# Debian 13 (initramfs-tools 0.148, kernel 6.12) on AoE with initramfs-tools,
# Debian's default generator, and no dracut: PXE with ifupdown,
# update-initramfs -u on the client, its initramfs with NetworkManager and
# the overlay on a kept layer (tmpfs in a later boot); no
# target, a bad option, and aoetools' own hook against ours, with and without
# DHCP (tests/e2e/releases/itr-release.sh).
# run.sh: three at a time
DEBIAN_SUITE=trixie ITR_NET1=ifupdown ITR_NET2=nm ITR_OVERLAY=1 ITR_FAULTS=1 exec "$(dirname "$0")/releases/itr-release.sh"
