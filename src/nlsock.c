/*
 * nlsock.c - the one netlink socket setup both event sources share:
 * rtnetlink link events (rtnl.c) and kernel uevents (uevent.c).
 */
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>
#include "aoe-up.h"

/* Open a non-blocking, close-on-exec netlink socket of type/proto joined to groups; -1 on error. */
int nl_open(int type, int proto, unsigned int groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd = socket(AF_NETLINK, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Receive the next datagram the kernel sent (others are dropped) into buf:
 * its whole length, more than n if it was cut short; -1 with errno (EAGAIN:
 * none queued). */
long nl_recv(int fd, void *buf, size_t n)
{
	struct sockaddr_nl sa;
	socklen_t sl;
	ssize_t got;

	do {
		memset(&sa, 0, sizeof(sa));
		sl = sizeof(sa);
		got = recvfrom(fd, buf, n, MSG_DONTWAIT | MSG_TRUNC,
			       (struct sockaddr *)&sa, &sl);
	} while (got >= 0 && (sa.nl_family != AF_NETLINK || sa.nl_pid));
	return (long)got;
}
