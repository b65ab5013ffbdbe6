/*
 * nlsock.c - the one netlink socket setup both event sources share:
 * rtnetlink link events (rtnl.c) and kernel uevents (uevent.c).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <unistd.h>
#include "aoe-up.h"

/* Open a non-blocking, close-on-exec netlink socket of type/proto joined to groups; -1 on error. */
int nl_open(int type, int proto, unsigned int groups)
{
	struct sockaddr_nl sa;
	int fd = socket(AF_NETLINK, type, proto);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = groups;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}
