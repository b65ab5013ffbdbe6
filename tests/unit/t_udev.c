/* t_udev.c - when aoe-up waits for udev to finish with a NIC (fake tree). */
#include "t.h"

void t_udev(void)
{
	fk_reset("udev");
	t_int("udev: no control socket, no udevd: do not wait",
	      udv_active(fk_prefix()), 0);
	fk_file("/run/udev/control", "");
	t_int("udev: udevd runs: wait for it", udv_active(fk_prefix()), 1);
	t_int("udev: NIC 3 not processed yet", udv_done(fk_prefix(), 3), 0);
	fk_file("/run/udev/data/n3", "E:ID_NET_NAME_SLOT=ens3\n");
	t_int("udev: NIC 3 processed (database entry)",
	      udv_done(fk_prefix(), 3), 1);
	t_int("udev: NIC 30 is not NIC 3", udv_done(fk_prefix(), 30), 0);
}
