/*
 * udev.c - has udev finished with a NIC?  udev may rename a NIC (eth0 to
 * the predictable ens3) only while it is down, so aoe-up brings a NIC up
 * only once udev has processed it: its database entry
 * /run/udev/data/n<IFINDEX> exists, written after the rules (and the
 * rename) ran, naming the NIC as it is now.  udev's own "processed" multicast (group 2 of the uevent
 * netlink) wakes the loop to look again; nothing is parsed from it.
 */
#include <fcntl.h>
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

/* 1 while udevd has events queued (its /run/udev/queue exists): a NIC's
 * driver may still be loading, so a NIC may still appear. */
int udv_busy(const char *prefix)
{
	return sys_exists(prefix, "/run/udev/queue");
}

/* The value of the line of buf (which starts with '\n') that begins with
 * key ("E:NAME="), or NULL if no line does. */
static char *udv_value(char *buf, const char *key)
{
	size_t n = strlen(key);
	char *l = buf;

	while ((l = strchr(l, '\n')) && strncmp(++l, key, n))
		;
	return l ? l + n : NULL;
}

/* 1 if udev is done with the NIC with this ifindex, now called name: its
 * database entry shows that a .link file was applied (ID_NET_LINK_FILE)
 * and the name udev chose (ID_NET_NAME) is absent or already the NIC's.
 * (Measured in systemd initrds: an entry can exist seconds before udev
 * handles the event that names the NIC.) */
int udv_done(const char *prefix, int ifindex, const char *name)
{
	char rel[48], path[PATHSZ], buf[4096], *p, *e;
	ssize_t got;
	int fd;

	fmt(rel, sizeof(rel), "/run/udev/data/n%d", ifindex);
	sys_path(prefix, rel, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	buf[0] = '\n';
	got = read(fd, buf + 1, sizeof(buf) - 2);
	close(fd);
	if (got < 0)
		return 0;
	buf[got + 1] = '\0';
	if (!udv_value(buf, "E:ID_NET_LINK_FILE="))
		return 0;	/* net_setup_link has not run on it yet */
	p = udv_value(buf, "E:ID_NET_NAME=");
	if (!p)
		return 1;
	e = strchr(p, '\n');
	if (e)
		*e = '\0';
	return !strcmp(p, name);
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
