# shellcheck shell=bash
# Entry point of the end-to-end harness: source this from a bash test script.
#   . "$(dirname "$0")/../lib/harness.sh"; harness_init
# Parts: common.sh (dirs, cleanup, timing), kernel.sh, rootfs.sh, initrd.sh, net.sh,
# qemu.sh, pxe.sh. Every function has a one-line contract above its definition.

_aoe_lib=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=tests/lib/common.sh
. "$_aoe_lib/common.sh"
# shellcheck source=tests/lib/kernel.sh
. "$_aoe_lib/kernel.sh"
# shellcheck source=tests/lib/rootfs.sh
. "$_aoe_lib/rootfs.sh"
# shellcheck source=tests/lib/initrd.sh
. "$_aoe_lib/initrd.sh"
# shellcheck source=tests/lib/net.sh
. "$_aoe_lib/net.sh"
# shellcheck source=tests/lib/qemu.sh
. "$_aoe_lib/qemu.sh"
# shellcheck source=tests/lib/pxe.sh
. "$_aoe_lib/pxe.sh"
unset _aoe_lib

# harness_require_root: print a SKIP reason and return 1 unless running as root with ip netns and the e2e tools.
harness_require_root() {
	local m
	[ "$(id -u)" = 0 ] || { echo "not root"; return 1; }
	m=$(h_need ip vblade dnsmasq "$AOE_QEMU" dracut sfdisk mkfs.ext4 dpkg-deb depmod apt-get timeout) ||
		{ echo "missing $m"; return 1; }
}
