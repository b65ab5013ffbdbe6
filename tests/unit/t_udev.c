/* t_udev.c - when aoe-up waits for udev to finish with a NIC (fake tree). */
#include "t.h"

void t_udev(void)
{
	fk_reset("udev");
	t_int("udev: no control socket, no udevd: do not wait",
	      udv_active(fk_prefix()), 0);
	fk_file("/run/udev/control", "");
	t_int("udev: udevd runs: wait for it", udv_active(fk_prefix()), 1);
	t_int("udev: NIC 3 not processed yet", udv_done(fk_prefix(), 3, "eth0"),
	      0);
	fk_file("/run/udev/data/n3", "I:123\nE:ID_NET_NAME_SLOT=ens3\n");
	t_int("udev: entry before net_setup_link ran: not yet",
	      udv_done(fk_prefix(), 3, "eth0"), 0);
	fk_file("/run/udev/data/n3", "I:123\nE:ID_NET_NAME_SLOT=ens3\n"
		"E:ID_NET_LINK_FILE=/usr/lib/systemd/network/99-default.link\n"
		"E:ID_NET_NAME=ens3\nE:ID_NET_DRIVER=virtio_net\n");
	t_int("udev: entry names ens3, NIC still eth0: rename pending",
	      udv_done(fk_prefix(), 3, "eth0"), 0);
	t_int("udev: entry names ens3, NIC is ens3: done",
	      udv_done(fk_prefix(), 3, "ens3"), 1);
	t_int("udev: ens3 is not ens30", udv_done(fk_prefix(), 3, "ens30"), 0);
	fk_file("/run/udev/data/n4", "I:123\nE:ID_NET_DRIVER=e1000\n"
		"E:ID_NET_LINK_FILE=/etc/systemd/network/10-keep.link\n");
	t_int("udev: entry without a chosen name: done",
	      udv_done(fk_prefix(), 4, "eth1"), 1);
	t_int("udev: NIC 30 is not NIC 3", udv_done(fk_prefix(), 30, "ens3"),
	      0);
}
