/*
 * ifctl.c - interface ioctls: index, MTU, bringing a link up.  They return
 * the kernel's errno, since its answer (EINVAL above a NIC's maximum MTU)
 * is the truth, not the max_mtu sysfs reports.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <unistd.h>
#include "aoe-up.h"

/* A close-on-exec socket for interface ioctls (AF_INET, else netlink); -1 if none. */
int ifctl_open(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	return fd;
}

/* Fill ifr for name. */
static void ifctl_req(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
}

/* ifindex of name, or -1. */
int ifctl_index(int fd, const char *name)
{
	struct ifreq ifr;

	ifctl_req(&ifr, name);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return -1;
	return ifr.ifr_ifindex;
}

/* Current MTU of name, or -1. */
int ifctl_get_mtu(int fd, const char *name)
{
	struct ifreq ifr;

	ifctl_req(&ifr, name);
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		return -1;
	return ifr.ifr_mtu;
}

/* Set name's MTU; 0 or the kernel's errno. */
int ifctl_set_mtu(int fd, const char *name, int mtu)
{
	struct ifreq ifr;

	ifctl_req(&ifr, name);
	ifr.ifr_mtu = mtu;
	return ioctl(fd, SIOCSIFMTU, &ifr) < 0 ? errno : 0;
}

/* Set IFF_UP on name if it is not set; 0 or the kernel's errno. */
int ifctl_up(int fd, const char *name)
{
	struct ifreq ifr;

	ifctl_req(&ifr, name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return errno;
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &ifr) < 0 ? errno : 0;
}
