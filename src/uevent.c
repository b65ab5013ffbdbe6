/*
 * uevent.c - kernel uevents (NETLINK_KOBJECT_UEVENT): they wake the helper
 * the moment the aoe driver adds a block device etherd!eX.Y.
 */
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>
#include "aoe-up.h"

#define UEV_KERNEL_GROUP 1

/* Open a non-blocking socket for kernel uevents; -1 if not possible. */
int uev_open(void)
{
	return nl_open(SOCK_DGRAM, NETLINK_KOBJECT_UEVENT, UEV_KERNEL_GROUP);
}

/* 1 if the l bytes at s contain the string w. */
static int uev_has(const char *s, size_t l, const char *w)
{
	size_t wl = strlen(w), i;

	for (i = 0; i + wl <= l; i++)
		if (!memcmp(s + i, w, wl))
			return 1;
	return 0;
}

/* 1 if the uevent (NUL-separated "action@devpath", KEY=VALUE...) is an AoE disk's. */
int uev_is_aoe(const char *buf, size_t len)
{
	size_t i = 0, l;

	while (i < len) {
		l = strnlen(buf + i, len - i);
		if (uev_has(buf + i, l, "etherd!") ||
		    (l > 15 && !strncmp(buf + i, "DEVNAME=etherd/", 15)))
			return 1;
		i += l + 1;
	}
	return 0;
}

/* Read every queued uevent from the kernel; 1 if one was an AoE disk's. */
int uev_drain(int fd)
{
	char buf[4096];
	long r;
	int aoe = 0;

	while ((r = nl_recv(fd, buf, sizeof(buf))) > 0)
		aoe |= uev_is_aoe(buf, r < (long)sizeof(buf) ? (size_t)r :
				  sizeof(buf));
	return aoe;
}
