#!/bin/bash
# A diskless QEMU client boots the real Debian kernel with an initrd made by
# the real dracut with our module, finds e0.1p1 exported by a real vblade and
# runs the root's own init. Once with a systemd initrd, once with a shell one.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e boot onto an AoE root"

e2e_figure "helper size (bytes)" "$(stat -c %s "$E2E_MOD/aoe-up")"
e2e_lan boot 9000
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$(e2e_disk 1)" || h_die "vblade"

for kind in systemd shell; do
	initrd=$(e2e_initrd "$kind")
	e2e_figure "$kind initrd size (bytes)" "$(stat -c %s "$initrd")"
	log=$AOE_WORK/boot-$kind.log
	e2e_boot "$log" 240 "root=/dev/etherd/e0.1p1 rd.shell=0" "$initrd"
	e2e_root_reached "$kind initrd boots onto /dev/etherd/e0.1p1" "$log"
	if log_grep "$log" 'aoe-up: found e0\.1p1: target [0-9a-f:]{17} via [a-z0-9]+, payload [0-9]+ bytes/frame' > /dev/null; then
		pass "$kind initrd: aoe-up reports target, MAC, NIC, payload"
	else
		fail "$kind initrd: aoe-up reports target, MAC, NIC, payload" "no 'aoe-up: found' line"
	fi
	check "$kind initrd: the root is the AoE partition" "" \
		test "$(log_fact "$log" root | head -n1)" = /dev/etherd/e0.1p1
	e2e_boot_figures "$log" e0.1
done
