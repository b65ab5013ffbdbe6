/*
 * rtnl.c - rtnetlink link messages: a socket subscribed to link events,
 * a request for one link's state, and decoding RTM_NEWLINK/RTM_DELLINK.
 */
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <unistd.h>
#include "aoe-up.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

/* Open a non-blocking NETLINK_ROUTE socket joined to RTMGRP_LINK; -1 on error. */
int rtnl_open(void)
{
	return nl_open(SOCK_RAW, NETLINK_ROUTE, RTMGRP_LINK);
}

/* Ask the kernel for link index's state (answered as an RTM_NEWLINK); 0 ok. */
int rtnl_ask(int fd, int index)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST },
		.ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index },
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
		      sizeof(sa)) < 0 ? -1 : 0;
}

/* Decode the attributes of one link message into *l. */
static void rtnl_attrs(const struct nlmsghdr *nh, struct rtnl_link *l)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	const struct rtattr *a = IFLA_RTA(ifi);
	int len = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));
	size_t plen;

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		plen = RTA_PAYLOAD(a);
		if (a->rta_type == IFLA_IFNAME && plen > 0) {
			if (plen >= NAMESZ)
				plen = NAMESZ - 1;
			memcpy(l->name, RTA_DATA(a), plen);
			l->name[plen] = '\0';
		} else if (a->rta_type == IFLA_CARRIER && plen >= 1) {
			l->carrier = *(const unsigned char *)RTA_DATA(a);
		} else if (a->rta_type == IFLA_MTU && plen >= 4) {
			memcpy(&l->mtu, RTA_DATA(a), 4);
		}
	}
}

/* Call fn for every link message in one datagram; returns how many, -1 if malformed. */
int rtnl_parse(const void *buf, size_t len, rtnl_fn fn, void *arg)
{
	const struct nlmsghdr *nh;
	const struct ifinfomsg *ifi;
	struct rtnl_link l;
	size_t off = 0;
	int n = 0;

	while (off + sizeof(*nh) <= len) {
		nh = (const struct nlmsghdr *)((const char *)buf + off);
		if (nh->nlmsg_len < sizeof(*nh) || nh->nlmsg_len > len - off)
			return -1;
		off += NLMSG_ALIGN(nh->nlmsg_len);
		if (nh->nlmsg_type != RTM_NEWLINK &&
		    nh->nlmsg_type != RTM_DELLINK)
			continue;
		if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
			return -1;
		ifi = NLMSG_DATA(nh);
		memset(&l, 0, sizeof(l));
		l.index = ifi->ifi_index;
		l.flags = ifi->ifi_flags;
		l.gone = nh->nlmsg_type == RTM_DELLINK;
		l.carrier = -1;
		rtnl_attrs(nh, &l);
		fn(&l, arg);
		n++;
	}
	return n;
}

/* 1 if the link is up and has carrier. */
int rtnl_has_carrier(const struct rtnl_link *l)
{
	if (l->gone || !(l->flags & IFF_UP))
		return 0;
	return (l->flags & IFF_LOWER_UP) || l->carrier == 1;
}
