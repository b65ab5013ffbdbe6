/*
 * pin.c - pinning the AoE target (--mac): the aoe driver takes an answer
 * for its shelf.slot from any MAC and spreads the disk's I/O over all of
 * them, so aoe-up puts a tc ingress filter on each NIC before the driver
 * gets it: a clsact qdisc and a cls_bpf filter for every protocol whose
 * classic BPF program (direct action) drops AoE frames, tagged or not, from
 * every MAC not pinned.  Installed
 * over rtnetlink: no bpf() syscall, no tc binary.  It stays after the boot.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/pkt_cls.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <unistd.h>
#include "aoe-up.h"

#define PIN_PRIO 1		/* the filter's priority */
#define PIN_HANDLE 0xae	/* its handle: a second run replaces it */
#define PIN_ACK_MS 2000

/* The filter program into f (PIN_MAXOPS): an AoE frame from a MAC not in
 * pins[0..n) gives TC_ACT_SHOT, all else TC_ACT_OK; returns its length.
 * The type is looked for behind up to PIN_DEPTH - 1 VLAN tags (802.1Q,
 * 802.1ad): the kernel strips the outer tag before tc runs and, after it,
 * any number of priority tags (VID 0) on the way to the aoe driver, which
 * reads no tag.  A frame with more tags is dropped: it is not looked into. */
int pin_prog(const unsigned char (*pins)[6], int n, struct sock_filter *f)
{
	static const struct sock_filter macs[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 6),	/* source */
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 10),
		BPF_STMT(BPF_ST, 1),
	};
	int i = 0, m, k, mac = 4 * PIN_DEPTH + 1, pass = mac + 5 + 4 * n;
	const unsigned char *p;

	for (k = 0; k < PIN_DEPTH; k++, i += 4) {	/* type at 12 + 4k */
		f[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS,
						    12 + 4 * k);
		f[i + 1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			AOE_ETHERTYPE, (unsigned char)(mac - i - 2), 0);
		f[i + 2] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			0x8100, 1, 0);	/* 802.1Q tag: look behind it */
		f[i + 3] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			0x88A8, 0, (unsigned char)(pass - i - 4)); /* 802.1ad */
	}
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, TC_ACT_SHOT);
	memcpy(f + i, macs, sizeof(macs));
	i += 4;
	for (m = 0; m < n; m++) {
		p = pins[m];
		f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_MEM, 0);
		f[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(unsigned)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3],
			0, 2);
		f[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_MEM, 1);
		f[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(unsigned)p[4] << 8 | p[5], (unsigned char)(pass - i - 1), 0);
		i++;
	}
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, TC_ACT_SHOT);
	f[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, TC_ACT_OK);
	return i;
}

/* Append attribute type with len bytes of data to the message at nh (room: cap bytes); the attribute, or NULL if full. */
static struct rtattr *pin_attr(struct nlmsghdr *nh, size_t cap,
			       unsigned short type, const void *data,
			       size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)nh +
					     NLMSG_ALIGN(nh->nlmsg_len));

	if (NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(len) > cap)
		return NULL;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	nh->nlmsg_len = (unsigned)(NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(len));
	return a;
}

/* Send the request at nh on fd and wait for the kernel's answer; 0 or an errno. */
static int pin_talk(int fd, struct nlmsghdr *nh)
{
	long buf[1024 / sizeof(long)];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsgerr *e;
	struct pollfd pf;
	ssize_t got;

	if (sendto(fd, nh, nh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return errno;
	pf.fd = fd;
	pf.events = POLLIN;
	for (;;) {
		if (poll(&pf, 1, PIN_ACK_MS) <= 0)
			return ETIMEDOUT;
		got = nl_recv(fd, buf, sizeof(buf));	/* the kernel's only */
		if (got < 0)
			return errno == EAGAIN ? ETIMEDOUT : errno;
		nh = (struct nlmsghdr *)buf;
		if ((size_t)got < NLMSG_LENGTH(sizeof(*e)) ||
		    nh->nlmsg_type != NLMSG_ERROR)
			continue;
		e = NLMSG_DATA(nh);
		return -e->error;
	}
}

/* Start a tc request of type (flags) for ifindex in m (cap bytes); its tcmsg. */
static struct tcmsg *pin_req(struct nlmsghdr *m, int type, int flags,
			     int ifindex)
{
	struct tcmsg *tc = NLMSG_DATA(m);

	memset(m, 0, NLMSG_LENGTH(sizeof(*tc)));
	m->nlmsg_len = NLMSG_LENGTH(sizeof(*tc));
	m->nlmsg_type = (unsigned short)type;
	m->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	tc->tcm_family = AF_UNSPEC;
	tc->tcm_ifindex = ifindex;
	return tc;
}

/* Add the clsact qdisc to ifindex (one already there will do); 0 or an errno. */
static int pin_qdisc(int fd, int ifindex)
{
	long buf[256 / sizeof(long)];
	struct nlmsghdr *m = (struct nlmsghdr *)buf;
	struct tcmsg *tc = pin_req(m, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL,
				   ifindex);
	int err;

	tc->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	tc->tcm_parent = TC_H_CLSACT;
	pin_attr(m, sizeof(buf), TCA_KIND, "clsact", 7);
	err = pin_talk(fd, m);
	return err == EEXIST ? 0 : err;
}

/* Add (or replace) the pin filter on ifindex's ingress; 0 or an errno. */
static int pin_filter(int fd, int ifindex, const unsigned char (*pins)[6],
		      int n)
{
	struct sock_filter prog[PIN_MAXOPS];
	long buf[1024 / sizeof(long)];
	struct nlmsghdr *m = (struct nlmsghdr *)buf;
	struct tcmsg *tc = pin_req(m, RTM_NEWTFILTER, NLM_F_CREATE |
				   NLM_F_REPLACE, ifindex);
	unsigned short len = (unsigned short)pin_prog(pins, n, prog);
	unsigned flags = TCA_BPF_FLAG_ACT_DIRECT;
	struct rtattr *opt;

	tc->tcm_handle = PIN_HANDLE;
	tc->tcm_parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
	/* every protocol: for a tagged frame tc matches the tag's */
	tc->tcm_info = TC_H_MAKE((unsigned)PIN_PRIO << 16, htons(ETH_P_ALL));
	pin_attr(m, sizeof(buf), TCA_KIND, "bpf", 4);
	opt = pin_attr(m, sizeof(buf), TCA_OPTIONS, NULL, 0);
	pin_attr(m, sizeof(buf), TCA_BPF_OPS_LEN, &len, sizeof(len));
	pin_attr(m, sizeof(buf), TCA_BPF_OPS, prog, len * sizeof(prog[0]));
	if (!pin_attr(m, sizeof(buf), TCA_BPF_FLAGS, &flags, sizeof(flags)))
		return EMSGSIZE;
	opt->rta_len = (unsigned short)((char *)m + m->nlmsg_len -
					(char *)opt);
	return pin_talk(fd, m);
}

/* Install the pin on ifindex: qdisc, then filter; 0 or an errno, *step naming what failed. */
int pin_nic(int ifindex, const unsigned char (*pins)[6], int n,
	    const char **step)
{
	int fd = nl_open(SOCK_RAW, NETLINK_ROUTE, 0), err;

	*step = "netlink socket";
	if (fd < 0)
		return errno;
	*step = "clsact qdisc";
	err = pin_qdisc(fd, ifindex);
	if (!err) {
		*step = "bpf filter";
		err = pin_filter(fd, ifindex, pins, n);
	}
	close(fd);
	return err;
}
