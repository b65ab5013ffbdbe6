/*
 * seen.c - which MACs answer for the target.  AoE has no authentication:
 * anything on the segment may answer for eX.Y, and the aoe driver uses
 * every answer.  A packet socket for all protocols (it sees frames before
 * the tc ingress filter of pin.c drops them), filtered in the kernel to
 * AoE config answers, tells aoe-up who answered: a MAC outside --mac is
 * reported as refused, and without --mac a second MAC is a warning.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <unistd.h>
#include "loop.h"

#define SEEN_KEEP 32		/* bytes of a frame kept */

/* A packet socket that gets AoE config answers on every NIC; -1 on error. */
int seen_open(void)
{
	static struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AOE_ETHERTYPE, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 14),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x08, 0, 3), /* answer */
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 19),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),	/* config */
		BPF_STMT(BPF_RET | BPF_K, SEEN_KEEP),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog fp = { sizeof(code) / sizeof(code[0]), code };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			htons(ETH_P_ALL));

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 if frame f (len bytes) is a config answer for target t. */
int seen_answer(const unsigned char *f, size_t len,
		const struct aoe_target *t)
{
	return prb_answer(f, len, t->shelf, t->slot, PRB_CFG);
}

/* 1 if mac is one of the n MACs stored one after the other at v. */
static int seen_in(const unsigned char *v, int n, const unsigned char *mac)
{
	int i;

	for (i = 0; i < n; i++)
		if (!memcmp(v + 6 * i, mac, 6))
			return 1;
	return 0;
}

/* Name of our NIC with ifindex, or NULL if it is not one of ours. */
static const char *seen_nic(const struct loop *r, int ifindex)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->nics[i].index == ifindex)
			return r->nics[i].name;
	return NULL;
}

/* Note an answer for the target from mac on ifindex; say so if it is refused or another MAC. */
static void seen_note(struct loop *r, const unsigned char *mac, int ifindex)
{
	const struct opts *o = r->o;
	const char *nif = seen_nic(r, ifindex);
	char tn[TGT_NAMESZ], m[18], other[18], sp[200];

	if (!nif || seen_in(r->seen[0], r->nseen, mac) || r->nseen == MAXSEEN)
		return;
	memcpy(r->seen[r->nseen++], mac, 6);
	tgt_name(&o->tgt, TGT_NAME_DISK, tn, sizeof(tn));
	mac_format(mac, m);
	if (o->npins) {
		if (seen_in(o->pins[0], o->npins, mac)) {
			r->npaths++;
			return;
		}
		opts_spell(&o->pin_sp, o->pin_text, sp, sizeof(sp));
		log_msg(LV_ALWAYS,
			"%s: refused the answer from %s via %s: %s pins"
			" the target", tn, m, nif, sp);
		return;
	}
	r->npaths++;
	if (r->nseen < 2)
		return;
	mac_format(r->seen[0], other);
	log_msg(LV_ALWAYS, "warning: %s answered by %s and %s (via %s): the aoe"
		" driver uses both; pin the right one(s) with rd.aoe.mac=", tn,
		other, m, nif);
}

/* Read every frame the socket holds and note the target's answers. */
void seen_drain(struct loop *r)
{
	unsigned char f[SEEN_KEEP];
	struct sockaddr_ll sa;
	socklen_t sl;
	ssize_t got;

	if (r->sfd < 0)
		return;
	for (;;) {
		sl = sizeof(sa);
		got = recvfrom(r->sfd, f, sizeof(f), MSG_DONTWAIT,
			       (struct sockaddr *)&sa, &sl);
		if (got < 0 && errno != EINTR)
			return;
		if (got > 0 && sa.sll_pkttype != PACKET_OUTGOING &&
		    seen_answer(f, (size_t)got, &r->o->tgt))
			seen_note(r, f + 6, sa.sll_ifindex);
	}
}
