/*
 * psock.c - the path probe's AF_PACKET socket: send one AoE frame on an
 * interface and wait, bounded, for the frame that answers it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <unistd.h>
#include "aoe-up.h"

#ifndef ETH_P_AOE
#define ETH_P_AOE 0x88A2
#endif
#define PSK_TRIES 3
#define PSK_WAIT_MS 300

/* A raw AoE socket bound to ifindex; -1 on error. */
int psk_open(int ifindex)
{
	struct sockaddr_ll sa;
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_AOE));

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sll_family = AF_PACKET;
	sa.sll_protocol = htons(ETH_P_AOE);
	sa.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* Wait up to PSK_WAIT_MS for a frame answering q; 1 and its start in ans, else 0. */
static int psk_wait(int fd, const struct prb_req *q, unsigned char *ans)
{
	unsigned char buf[PRB_MAXFRAME];
	long long end = clk_now() + PSK_WAIT_MS, left;
	struct pollfd pf;
	ssize_t got;

	while ((left = clk_left(clk_now(), end)) > 0) {
		pf.fd = fd;
		pf.events = POLLIN;
		if (poll(&pf, 1, (int)left) <= 0)
			continue;
		got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (got <= 0 || !prb_match(buf, (size_t)got, q))
			continue;
		memset(ans, 0, PSK_ANSWER);
		memcpy(ans, buf, (size_t)got < PSK_ANSWER ? (size_t)got :
		       PSK_ANSWER);
		return 1;
	}
	return 0;
}

/* Send q as a len-byte frame on fd up to PSK_TRIES times; 1 and the answer's start in ans, else 0. */
int psk_ask(int fd, int ifindex, const struct prb_req *q, size_t len,
	    unsigned char *ans)
{
	unsigned char frame[PRB_MAXFRAME];
	struct sockaddr_ll sa;
	int i;

	if (len > sizeof(frame) || prb_build(frame, len, q) < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sll_family = AF_PACKET;
	sa.sll_protocol = htons(ETH_P_AOE);
	sa.sll_ifindex = ifindex;
	sa.sll_halen = 6;
	memcpy(sa.sll_addr, q->dst, 6);
	for (i = 0; i < PSK_TRIES; i++) {
		if (sendto(fd, frame, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) < 0 && errno != ENOBUFS)
			return 0;
		if (psk_wait(fd, q, ans))
			return 1;
	}
	return 0;
}
