/*
 * psock.c - the path probe's AF_PACKET socket: send one AoE frame on an
 * interface and wait, bounded, for the frames that answer it.
 */
#include <errno.h>
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
#define PSK_MORE_MS 50		/* for other answers after the first */

/* A raw AoE socket bound to ifindex; -1 on error. */
int psk_open(int ifindex)
{
	struct sockaddr_ll sa;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_AOE));

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
	return fd;
}

/* 1 if one of the k answers at ans comes from f's source MAC. */
static int psk_seen(const unsigned char *ans, int k, const unsigned char *f)
{
	while (k--)
		if (!memcmp(ans + k * PSK_ANSWER + 6, f + 6, 6))
			return 1;
	return 0;
}

/* Gather answers to q until end (PSK_MORE_MS after the first), one per
 * source MAC, up to max at ans (PSK_ANSWER bytes each); how many. */
static int psk_wait(int fd, const struct prb_req *q, unsigned char *ans,
		    int max, long long end)
{
	static unsigned char buf[PRB_MAXFRAME];
	long long left;
	struct pollfd pf;
	ssize_t got;
	int k = 0;

	while (k < max && (left = clk_left(clk_now(), end)) > 0) {
		pf.fd = fd;
		pf.events = POLLIN;
		if (poll(&pf, 1, (int)left) <= 0)
			continue;
		got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (got <= 0 || !prb_match(buf, (size_t)got, q) ||
		    psk_seen(ans, k, buf))
			continue;
		memset(ans + k * PSK_ANSWER, 0, PSK_ANSWER);
		memcpy(ans + k * PSK_ANSWER, buf, (size_t)got < PSK_ANSWER ?
		       (size_t)got : PSK_ANSWER);
		if (!k++ && clk_now() + PSK_MORE_MS < end)
			end = clk_now() + PSK_MORE_MS;
	}
	return k;
}

/* Send q as a len-byte frame on fd up to PSK_TRIES times, not past end;
 * how many answers (up to max, at ans), or -1 with errno if not sent. */
int psk_ask(int fd, int ifindex, const struct prb_req *q, size_t len,
	    unsigned char *ans, int max, long long end)
{
	static unsigned char frame[PRB_MAXFRAME];
	struct sockaddr_ll sa;
	long long now;
	int i, k;

	if (len > sizeof(frame) || prb_build(frame, len, q) < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sll_family = AF_PACKET;
	sa.sll_protocol = htons(ETH_P_AOE);
	sa.sll_ifindex = ifindex;
	sa.sll_halen = 6;
	memcpy(sa.sll_addr, q->dst, 6);
	for (i = 0; i < PSK_TRIES && (now = clk_now()) < end; i++) {
		if (sendto(fd, frame, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) < 0 && errno != ENOBUFS)
			return -1;
		k = psk_wait(fd, q, ans, max, now + PSK_WAIT_MS < end ?
			     now + PSK_WAIT_MS : end);
		if (k)
			return k;
	}
	return 0;
}
