#!/bin/bash
# Debian 12 (initramfs-tools 0.142, kernel 6.1) on AoE with initramfs-tools and
# no dracut: PXE with NetworkManager, update-initramfs -u with MODULES=dep on
# the client, a boot from that image with ifupdown through a 40 s target
# outage (tests/e2e/releases/itr-release.sh).
# run.sh: three at a time
DEBIAN_SUITE=bookworm ITR_NET1=nm ITR_NET2=ifupdown ITR_DEP=1 ITR_OUTAGE=40 exec "$(dirname "$0")/releases/itr-release.sh"
