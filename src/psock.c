/*
 * psock.c - the path probe's AF_PACKET sockets: send one AoE frame on each
 * of one or more interfaces at once and wait, bounded, for the frames that
 * answer it.
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

#define PSK_TRIES 3
#define PSK_WAIT_MS 300
#define PSK_MORE_MS 50		/* for other answers after the first */

/* Fill sa to address AoE frames on ifindex. */
static void psk_addr(struct sockaddr_ll *sa, int ifindex)
{
	*sa = (struct sockaddr_ll){ .sll_family = AF_PACKET,
				    .sll_protocol = htons(AOE_ETHERTYPE),
				    .sll_ifindex = ifindex };
}

/* A raw AoE socket bound to ifindex; -1 on error. */
int psk_open(int ifindex)
{
	struct sockaddr_ll sa;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC,
			htons(AOE_ETHERTYPE));

	if (fd < 0)
		return -1;
	psk_addr(&sa, ifindex);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The MAC of the NIC fd is bound to into mac; 0, or -1 if unknown. */
int psk_mac(int fd, unsigned char mac[6])
{
	struct sockaddr_ll sa;
	socklen_t sl = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &sl) || sa.sll_halen != 6)
		return -1;
	memcpy(mac, sa.sll_addr, 6);
	return 0;
}

/* 1 if one of the k answers at ans comes from f's source MAC. */
static int psk_seen(const unsigned char *ans, int k, const unsigned char *f)
{
	while (k--)
		if (!memcmp(ans + k * PSK_ANSWER + 6, f + 6, 6))
			return 1;
	return 0;
}

/* Send a's query as a len-byte frame; 0, or -1 with errno. */
static int psk_send(const struct psk_q *a, size_t len)
{
	static unsigned char frame[PRB_MAXFRAME];
	struct sockaddr_ll sa;

	if (len > sizeof(frame) || prb_build(frame, len, &a->q) < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	psk_addr(&sa, a->ifindex);
	sa.sll_halen = 6;
	memcpy(sa.sll_addr, a->q.dst, 6);
	if (sendto(a->fd, frame, len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0 && errno != ENOBUFS)
		return -1;
	return 0;
}

/* Read one frame on a's socket (its first PSK_ANSWER bytes); keep it if
 * it answers a's query from a source MAC not seen yet: 1 kept, else 0.
 * Such an answer with no room left sets a->more: a sample is not all. */
static int psk_take(struct psk_q *a)
{
	unsigned char f[PSK_ANSWER] = { 0 };	/* zeros after a short one */
	ssize_t got = recv(a->fd, f, sizeof(f), MSG_DONTWAIT);

	if (got <= 0 || !prb_match(f, (size_t)got, &a->q) ||
	    psk_seen(a->ans, a->k, f))
		return 0;
	if (a->k >= a->max)
		return !(a->more = 1);
	memcpy(a->ans + a->k++ * PSK_ANSWER, f, PSK_ANSWER);
	return 1;
}

/* When a's wait ends: PSK_WAIT_MS after its last try, PSK_MORE_MS after
 * its first answer or, with none, after the first on any NIC (quiet, -1
 * if none yet); not past end. */
static long long psk_until(const struct psk_q *a, long long quiet,
			   long long end)
{
	long long t = a->sent + PSK_WAIT_MS;

	if (a->first >= 0 && a->first + PSK_MORE_MS < t)
		t = a->first + PSK_MORE_MS;
	else if (a->first < 0 && quiet >= 0 && quiet < t)
		t = quiet;
	return t < end ? t : end;
}

/* Move a on at now: send its next try if its wait ended unanswered and
 * tries are left (and no NIC answered yet), else it is done once its wait
 * ends or it has max answers (a broadcast query waits on, to see whether
 * more come); when its wait ends, or -1 once it is done. */
static long long psk_turn(struct psk_q *a, size_t len, long long quiet,
			  long long now, long long end)
{
	long long t = psk_until(a, quiet, end);

	if (a->done)
		return -1;
	if (a->tries && (a->k < a->max || (a->q.dst[0] & 1)) && now < t)
		return t;	/* a broadcast query still listens for more */
	if (!a->k && a->tries < PSK_TRIES && quiet < 0 && now < end) {
		a->tries++;
		a->sent = now;
		if (!psk_send(a, len))
			return psk_until(a, quiet, end);
		a->err = errno;
	}
	a->done = 1;
	return -1;
}

/* Make a ready to be asked: no tries, no answers. */
void psk_q_reset(struct psk_q *a)
{
	a->k = a->tries = a->done = a->err = a->more = 0;
	a->sent = a->first = -1;
}

/* Move the n queries at v on at now (psk_turn), sending as len-byte
 * frames until end: up to PSK_TRIES tries PSK_WAIT_MS apart while none
 * answers; each keeps its own answers, and the others wait PSK_MORE_MS
 * more after the first.  When the nearest wait ends, or -1 once all are
 * done. */
long long psk_turn_all(struct psk_q **v, int n, size_t len, long long now,
		       long long end)
{
	long long quiet = -1, next = -1;	/* quiet: the first answer's grace ends */
	int i;

	for (i = 0; i < n; i++)
		if (v[i]->first >= 0)
			quiet = clk_sooner(quiet, v[i]->first + PSK_MORE_MS);
	for (i = 0; i < n; i++)
		next = clk_sooner(next, psk_turn(v[i], len, quiet, now, end));
	return next;
}

/* pf[0..n) to poll the n queries at v: their sockets, -1 for those done. */
void psk_pollfds(struct psk_q **v, int n, struct pollfd *pf)
{
	int i;

	for (i = 0; i < n; i++) {
		pf[i].fd = v[i]->done ? -1 : v[i]->fd;
		pf[i].events = POLLIN;
		pf[i].revents = 0;
	}
}

/* Take the answers that poll() found at pf (as psk_pollfds set it up),
 * noting each query's first. */
void psk_take_all(struct psk_q **v, int n, const struct pollfd *pf)
{
	int i;

	for (i = 0; i < n; i++)
		if ((pf[i].revents & POLLIN) && psk_take(v[i]) &&
		    v[i]->k == 1)
			v[i]->first = clk_now();
}
