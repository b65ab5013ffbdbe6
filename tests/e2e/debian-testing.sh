#!/bin/bash
# Debian testing (forky: kernel 7.2, dracut-ng 112, systemd 262,
# NetworkManager 1.58) on AoE, in one boot: tests/e2e/releases/debian-release.sh.
# The suite is named by its codename, so that the cache's key says which
# release an image is; when forky is released, testing's next codename goes here.
# run.sh: three at a time
DEBIAN_SUITE=forky exec "$(dirname "$0")/releases/debian-release.sh"
