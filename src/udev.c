/*
 * udev.c - has udev finished with a NIC?  udev may rename a NIC (eth0 to
 * the predictable ens3) only while it is down, so aoe-up brings a NIC up
 * only once udev has processed it: its database entry
 * /run/udev/data/n<IFINDEX> exists, written after the rules (and the
 * rename) ran.  udev's own "processed" multicast (group 2 of the uevent
 * netlink) wakes the loop to look again; nothing is parsed from it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>
#include "aoe-up.h"

#define UDV_GROUP 2		/* udevd's processed events */

/* 1 if udevd runs and sees our NICs: its control socket exists and, on
 * the real system (empty prefix), we share PID 1's network namespace. */
int udv_active(const char *prefix)
{
	char mine[64], init[64];
	ssize_t a, b;

	if (!sys_exists(prefix, "/run/udev/control"))
		return 0;
	if (prefix[0])
		return 1;
	a = readlink("/proc/self/ns/net", mine, sizeof(mine));
	b = readlink("/proc/1/ns/net", init, sizeof(init));
	return a > 0 && a == b && !memcmp(mine, init, (size_t)a);
}

/* 1 if udev has a database entry for the NIC with this ifindex. */
int udv_done(const char *prefix, int ifindex)
{
	char rel[48];

	snprintf(rel, sizeof(rel), "/run/udev/data/n%d", ifindex);
	return sys_exists(prefix, rel);
}

/* A non-blocking socket on udev's processed events; -1 if not possible. */
int udv_open(void)
{
	return nl_open(SOCK_DGRAM, NETLINK_KOBJECT_UEVENT, UDV_GROUP);
}

/* Discard every queued message: they only say "look again". */
void udv_drain(int fd)
{
	char buf[512];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
}
