/*
 * path.c - the path probe's policy.  Before the aoe driver sees a NIC,
 * find the target with a config query (its MAC and sectors per frame give
 * the frame size the driver will choose), then ask it IDENTIFY in a frame
 * of that size and in a 1500-byte one.  If only the small one is answered,
 * a switch on the way drops jumbo frames: with --mtu=auto lower the NIC to
 * 1500, else warn.  It must run before the driver: v85 resends a lost
 * frame unchanged, so reads issued with jumbo frames (the partition scan)
 * would hang until aoe_deadsecs whatever the MTU becomes afterwards.
 * Bounded in time (~2 s), IDENTIFY only, never fatal.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "aoe-up.h"

/* Fill q for the target on NIC n, to broadcast; 0, or -1 if n's MAC is unknown. */
static int path_req(const struct run *r, const struct nic *n,
		    struct prb_req *q)
{
	char rel[64], v[32];

	memset(q, 0, sizeof(*q));
	snprintf(rel, sizeof(rel), "/sys/class/net/%s/address", n->name);
	if (sys_read(r->pfx, rel, v, sizeof(v)) <= 0 || mac_parse(v, q->src))
		return -1;
	memset(q->dst, 0xff, 6);
	q->shelf = r->o->tgt.shelf;
	q->slot = r->o->tgt.slot;
	q->cmd = PRB_CFG;
	return 0;
}

/* Ask q as a len-byte frame with a fresh tag; 1 if answered (start in ans). */
static int path_ask(int fd, const struct nic *n, struct prb_req *q,
		    size_t len, unsigned char *ans)
{
	static unsigned seq;

	q->tag = prb_tag((unsigned)getpid(), seq++);
	return psk_ask(fd, n->index, q, len, ans);
}

/* The path via n loses big-byte frames: lower its MTU (auto) or warn. */
static void path_lost(struct run *r, struct nic *n, int big, int scnt)
{
	char b[300], keep[80], use[80], v[16], tn[24];
	struct rep_lost l;

	memset(&l, 0, sizeof(l));
	tgt_name(&r->o->tgt, 0, tn, sizeof(tn));
	l.dev = tn;
	l.nif = n->name;
	l.frame = big;
	l.mtu = PRB_SMALL_MTU;
	if (r->o->mtu_mode != MTU_AUTO) {
		snprintf(v, sizeof(v), "%d", r->o->mtu);
		opts_spell(&r->o->mtu_sp, r->o->mtu_mode == MTU_SET ? v :
			   "keep", keep, sizeof(keep));
		snprintf(v, sizeof(v), "%d", PRB_SMALL_MTU);
		opts_spell(&r->o->mtu_sp, v, use, sizeof(use));
		l.keep = keep;
		l.use = use;
	} else if (!(l.err = lnk_set_mtu(r->lfd, n->name, PRB_SMALL_MTU))) {
		n->mtu = PRB_SMALL_MTU;
		l.payload = prb_payload(PRB_SMALL_MTU, scnt);
	}
	rep_lost(b, sizeof(b), &l);
	log_put(2, b);
}

/* Probe the path to the target via n on fd: config query, then big and small IDENTIFY. */
static void path_run(struct run *r, struct nic *n, int fd)
{
	unsigned char ans[PSK_ANSWER];
	struct prb_req q;
	int scnt, big;

	if (path_req(r, n, &q) || !path_ask(fd, n, &q, 60, ans)) {
		log_msg(2, "%s: no answer to the path probe; carrying on",
			n->name);
		return;
	}
	scnt = prb_cfg_scnt(ans, sizeof(ans));
	big = PRB_HDR + prb_payload(n->mtu, scnt);
	if (big <= PRB_HDR + PRB_SMALL)
		return;
	memcpy(q.dst, ans + 6, 6);
	q.cmd = PRB_ATA;
	if (path_ask(fd, n, &q, (size_t)big, ans))
		log_msg(2, "%s: %d-byte frames reach the target", n->name, big);
	else if (path_ask(fd, n, &q, PRB_HDR + PRB_SMALL, ans))
		path_lost(r, n, big, scnt);
	else
		log_msg(2, "%s: the target does not answer IDENTIFY; carrying"
			" on", n->name);
}

/* Once per NIC, before aoe uses it: probe the path to the target. */
void path_probe_nic(struct run *r, struct nic *n)
{
	int fd;

	if (n->probed || !r->o->probe || !n->index)
		return;
	n->probed = 1;
	fd = psk_open(n->index);
	if (fd < 0) {
		log_msg(2, "%s: no packet socket for the path probe (%s)",
			n->name, rep_err(errno));
		return;
	}
	path_run(r, n, fd);
	close(fd);
}
