/* t_rtnl.c - decoding rtnetlink link messages and uevents. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "t.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

static union {
	struct nlmsghdr nh;
	char b[2048];
} msg;
static size_t mlen;

/* Start a link message of the given type in msg. */
static struct nlmsghdr *add_msg(int type, int index, unsigned flags)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)(msg.b + mlen);
	struct ifinfomsg *ifi;

	memset(nh, 0, NLMSG_LENGTH(sizeof(*ifi)));
	nh->nlmsg_type = (unsigned short)type;
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	ifi = NLMSG_DATA(nh);
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	return nh;
}

/* Append an attribute to nh. */
static void add_attr(struct nlmsghdr *nh, int type, const void *data,
		     size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)nh +
					     NLMSG_ALIGN(nh->nlmsg_len));

	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

static void end_msg(struct nlmsghdr *nh)
{
	mlen += NLMSG_ALIGN(nh->nlmsg_len);
}

static char seen[512];

static void collect(const struct rtnl_link *l, void *arg)
{
	size_t len = strlen(seen);

	(void)arg;
	snprintf(seen + len, sizeof(seen) - len, "%s[%d %s%s mtu=%d carrier=%d"
		 " has=%d]", len ? " " : "", l->index, l->name,
		 l->gone ? " gone" : "", l->mtu, l->carrier,
		 rtnl_has_carrier(l));
}

void t_rtnl(void)
{
	struct nlmsghdr *nh;
	unsigned char one = 1;
	int mtu = 9000, n;

	mlen = 0;
	nh = add_msg(RTM_NEWLINK, 2, IFF_UP | IFF_LOWER_UP | IFF_RUNNING);
	add_attr(nh, IFLA_IFNAME, "ens3", 5);
	add_attr(nh, IFLA_MTU, &mtu, 4);
	add_attr(nh, IFLA_CARRIER, &one, 1);
	end_msg(nh);
	nh = add_msg(RTM_NEWLINK, 3, IFF_UP);
	add_attr(nh, IFLA_IFNAME, "ens4", 5);
	end_msg(nh);
	nh = add_msg(RTM_NEWADDR, 3, 0);
	end_msg(nh);
	nh = add_msg(RTM_NEWLINK, 4, IFF_LOWER_UP);
	add_attr(nh, IFLA_IFNAME, "a_very_long_name_indeed", 24);
	end_msg(nh);
	nh = add_msg(RTM_DELLINK, 5, IFF_UP | IFF_LOWER_UP);
	add_attr(nh, IFLA_IFNAME, "eth0", 5);
	end_msg(nh);
	nh = add_msg(RTM_NEWLINK, 6, IFF_UP);
	add_attr(nh, IFLA_CARRIER, &one, 1);
	end_msg(nh);
	seen[0] = '\0';
	n = rtnl_parse(msg.b, mlen, collect, NULL);
	t_int("rtnl parse counts link messages", n, 5);
	t_str("rtnl parse decodes link messages", seen,
	      "[2 ens3 mtu=9000 carrier=1 has=1] [3 ens4 mtu=0 carrier=-1"
	      " has=0] [4 a_very_long_nam mtu=0 carrier=-1 has=0]"
	      " [5 eth0 gone mtu=0 carrier=-1 has=0] [6  mtu=0 carrier=1"
	      " has=1]");
	seen[0] = '\0';
	msg.nh.nlmsg_len = (unsigned)mlen + 100;
	t_int("rtnl parse rejects a truncated message",
	      rtnl_parse(msg.b, mlen, collect, NULL), -1);
	t_int("rtnl parse of nothing", rtnl_parse(msg.b, 0, collect, NULL), 0);
}

void t_uevent(void)
{
	static const char add[] = "add@/devices/virtual/block/etherd!e0.1\0"
		"ACTION=add\0DEVPATH=/devices/virtual/block/etherd!e0.1\0"
		"SUBSYSTEM=block\0DEVNAME=etherd/e0.1\0DEVTYPE=disk";
	static const char part[] = "ACTION=add\0DEVNAME=etherd/e0.1p1";
	static const char net[] = "add@/devices/virtual/net/veth0\0"
		"ACTION=add\0SUBSYSTEM=net\0INTERFACE=veth0";
	static const char sda[] = "add@/devices/pci/block/sda\0DEVNAME=sda";

	t_int("uevent for an AoE disk", uev_is_aoe(add, sizeof(add) - 1), 1);
	t_int("uevent for an AoE partition", uev_is_aoe(part, sizeof(part)), 1);
	t_int("uevent for a NIC", uev_is_aoe(net, sizeof(net)), 0);
	t_int("uevent for another disk", uev_is_aoe(sda, sizeof(sda)), 0);
	t_int("uevent cut short", uev_is_aoe(add, 10), 0);
}
