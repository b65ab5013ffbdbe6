#!/bin/bash
# Debian 13 (trixie: kernel 6.12, dracut 106, systemd 257, NetworkManager
# 1.52) on AoE, in one boot: tests/e2e/releases/debian-release.sh.
# run.sh: three at a time
DEBIAN_SUITE=trixie exec "$(dirname "$0")/releases/debian-release.sh"
