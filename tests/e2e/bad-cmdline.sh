#!/bin/bash
# A mistyped AoE option ends the boot at once with one clear line: dracut's
# FATAL naming the option, the value given and the expected form. Checked in
# the cmdline hook (before any NIC is touched) for values wrong in themselves;
# an unknown NIC name is only known at run time, after the carrier timeout.
# A target is exported all along, and nothing may be written to it.
# run.sh: two at a time
set -u
# shellcheck source=tests/lib/e2e.sh
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init "e2e bad command lines"

e2e_lan badcmd 1500
disk=$(e2e_disk 1)
sum=$(sha256sum < "$disk")
vblade_start "$E2E_NS" 0 1 "$E2E_TAP" "$disk" || h_die "vblade"
initrd=$(e2e_initrd systemd)
end='System halted|reboot: (Power down|Restarting)|Kernel panic'

# bad NAME APPEND FATAL_ERE: boot with APPEND; expect a FATAL line matching FATAL_ERE and the end.
bad() {
	local name=$1 append=$2 ere=$3 log
	log=$AOE_WORK/bad-$name.log
	e2e_boot_until "$log" 240 "$end" "$append rd.shell=0" "$initrd"
	e2e_expect "$name: FATAL line names option, value and form" "$log" "FATAL: .*$ere"
	e2e_expect "$name: the boot ends" "$log" "$end"
	e2e_expect_none "$name: the root is never reached" "$log" 'AOE-ROOT-OK'
	e2e_figure "$name: boot start -> end (s)" "${E2E_UNTIL_S:-n/a}"
}

bad shelf "root=/dev/etherd/e65535.1" \
	'root=/dev/etherd/e65535\.1: shelf out of range; expected /dev/etherd/eSHELF\.SLOT\[pPART\] or aoe:eSHELF\.SLOT\[pPART\] \(shelf 0-65534'
bad slot "root=/dev/etherd/e0.255" \
	'root=/dev/etherd/e0\.255: slot out of range; expected /dev/etherd/eSHELF\.SLOT\[pPART\] .*slot 0-254'
bad part0 "root=/dev/etherd/e0.1p0" \
	'root=/dev/etherd/e0\.1p0: partition out of range; expected /dev/etherd/eSHELF\.SLOT\[pPART\] .*partition 1-15'
bad mtu "root=/dev/etherd/e0.1p1 rd.aoe.mtu=huge" \
	'rd\.aoe\.mtu=huge: expected auto, keep or a number 68-65535'
# a quoted word is read as dracut's getarg reads it: a pin present but
# unusable stops the boot (it was dropped, and the boot went on unpinned)
bad quoted-pin 'root=/dev/etherd/e0.1p1 "rd.aoe.mac=52:54:00:aa:00:0x"' \
	'rd\.aoe\.mac=52:54:00:aa:00:0x: expected MAC\[,MAC\.\.\.\] \(aa:bb:cc:dd:ee:ff, up to 8\)'
for n in shelf slot part0 mtu quoted-pin; do
	e2e_expect_none "$n: rejected before aoe-up touched a NIC" "$AOE_WORK/bad-$n.log" \
		'aoe-up: (looking for|aoe interfaces)|AoE v85 initialised'
done

bad unknown-if "root=/dev/etherd/e0.1p1 rd.aoe.if=eth9 rd.aoe.timeout.carrier=2" \
	"rd\\.aoe\\.if=eth9: no such interface \\(have: [^)]*${IF0}"
log=$AOE_WORK/bad-unknown-if.log
waited=$(klog_delta "$log" 'aoe-up: looking for' 'rd.aoe.if=eth9: no such interface') || waited=
e2e_figure "unknown-if: aoe-up start -> failure (guest s)" "${waited:-n/a}"
# (the exact 2 s wait is timed in tests/netns/unknown_if.sh; here aoe-up runs
# as aoe-up.service and its lines reach the console through journald, whose
# timestamps lag at early boot)
check "unknown-if: aoe-up gave up at the carrier timeout, not the 90 s one (${waited:-?} s)" "" \
	awk -v w="${waited:--1}" 'BEGIN { exit !(w >= 0 && w < 30) }'
e2e_expect_none "unknown-if: the aoe driver was never loaded" "$log" 'AoE v85 initialised'

check "nothing was written to the exported disk" "" test "$(sha256sum < "$disk")" = "$sum"
