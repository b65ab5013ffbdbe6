/*
 * path.c - the path probe's policy.  Before the aoe driver sees a NIC,
 * find the target with a config query (its MAC and sectors per frame give
 * the frame size the driver will choose), then ask it IDENTIFY in a frame
 * of that size and in a 1500-byte one.  If only the small one is answered,
 * a switch on the way drops jumbo frames: with --mtu=auto lower the NIC to
 * 1500, else warn.  It must run before the driver: v85 resends a lost
 * frame unchanged, so reads issued with jumbo frames (the partition scan)
 * would hang until aoe_deadsecs whatever the MTU becomes afterwards.
 * If several MACs answer for the target, all are logged and tested: the
 * MTU is lowered (or a warning printed) only if none of them gets a big
 * frame, so a rogue answering small frames alone cannot lower it; and
 * never when more answered than were kept (PATH_NANS), so rogues that
 * answer first cannot crowd the real target out.  With --mac only the
 * pinned MACs get through (the pin is on before the probe).
 * The config queries go out on every NIC to probe at once.  Bounded in
 * time (PATH_MS, and a share of the time left to --timeout), IDENTIFY
 * only, never fatal.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "loop.h"

#define PATH_NANS 4		/* responders to a config query heeded */

struct path_nic {		/* one NIC in a probe */
	struct held_nic *n;
	struct psk_q a;		/* the query, its socket (fd < 0: err is why)
				 * and answers (none if its MAC is unknown:
				 * not asked) */
	unsigned char ans[PATH_NANS * PSK_ANSWER];
};

/* Give q a fresh tag. */
static void path_tag(struct prb_req *q)
{
	static unsigned seq;

	q->tag = prb_tag((unsigned)getpid(), seq++);
}

/* Ask a alone as a len-byte frame with a fresh tag, not past end; how
 * many answers, or -1 if it could not be sent (a->err). */
static int path_ask(struct psk_q *a, size_t len, long long end)
{
	path_tag(&a->q);
	psk_q_reset(a);
	psk_ask_all(&a, 1, len, end, -1);
	return a->err ? -1 : a->k;
}

/* The path via n loses big-byte frames: lower its MTU (auto) or warn. */
static void path_lost(struct loop *r, struct held_nic *n, int big, int scnt)
{
	char b[300], keep[80], use[80], v[16], tn[TGT_NAMESZ];
	struct rep_lost l = {
		.dev = tn, .nif = n->name, .frame = big, .mtu = PRB_SMALL_MTU
	};

	tgt_name(&r->o->tgt, TGT_NAME_DISK, tn, sizeof(tn));
	if (r->o->mtu_mode != MTU_AUTO) {
		fmt(v, sizeof(v), "%d", r->o->mtu);
		opts_spell(&r->o->mtu_sp, r->o->mtu_mode == MTU_SET ? v :
			   "keep", keep, sizeof(keep));
		fmt(v, sizeof(v), "%d", PRB_SMALL_MTU);
		opts_spell(&r->o->mtu_sp, v, use, sizeof(use));
		l.keep = keep;
		l.use = use;
	} else if (!(l.err = ifctl_set_mtu(r->lfd, n->name, PRB_SMALL_MTU))) {
		n->mtu = PRB_SMALL_MTU;
		l.payload = prb_payload(PRB_SMALL_MTU, scnt);
	}
	rep_lost(b, sizeof(b), &l);
	log_put(2, b);
}

/* Test the path via p's NIC to responder a (its config answer) with a
 * frame of the size the driver would use (*big): 1 it arrives, 0 it is
 * lost but a small one is answered, -1 no evidence either way. */
static int path_test(const struct path_nic *p, const unsigned char *a,
		     long long end, int *big)
{
	const struct held_nic *n = p->n;
	unsigned char ans[PSK_ANSWER];
	int scnt = prb_cfg_scnt(a, PSK_ANSWER), k;
	struct psk_q t = p->a;	/* its socket, the query for IDENTIFY */
	char mac[18];

	*big = AOE_HDR + prb_payload(n->mtu, scnt);
	mac_format(a + 6, mac);
	if (*big <= AOE_HDR + PRB_SMALL) {	/* say so if not the MTU's doing */
		log_msg(prb_payload(n->mtu, 255) > PRB_SMALL ? LV_NORMAL :
			LV_VERBOSE, "%s: %s"
			" takes %d sectors per frame: no big frames to probe",
			n->name, mac, scnt);
		return -1;
	}
	memcpy(t.q.dst, a + 6, 6);
	t.q.cmd = PRB_ATA;
	t.ans = ans;
	t.max = 1;
	k = path_ask(&t, (size_t)*big, end);
	if (k > 0) {
		log_msg(LV_VERBOSE,
			"%s: %d-byte frames reach the target", n->name,
			*big);
		return 1;
	}
	if (k < 0) {
		log_msg(LV_NORMAL,
			"%s: cannot send a %d-byte probe (%s): path not"
			" tested", n->name, *big, rep_err(t.err));
		return -1;
	}
	if (path_ask(&t, AOE_HDR + PRB_SMALL, end) > 0)
		return 0;
	log_msg(LV_VERBOSE,
		"%s: %s does not answer IDENTIFY; carrying on", n->name,
		mac);
	return -1;
}

/* Log each of the k responders at ans when there are several. */
static void path_others(const struct held_nic *n, const unsigned char *ans,
			int k)
{
	char mac[18];
	int i;

	for (i = 0; k > 1 && i < k; i++) {
		mac_format(ans + i * PSK_ANSWER + 6, mac);
		log_msg(LV_NORMAL,
			"%s: %s answers for the target too (%d sectors per"
			" frame)", n->name, mac,
			prb_cfg_scnt(ans + i * PSK_ANSWER, PSK_ANSWER));
	}
}

/* Test the path via p's NIC to each of its responders until end.  Big
 * frames count as lost only if no responder gets them and one answers
 * small ones, and only if every responder was kept: MACs that answer
 * first could otherwise crowd the real target out of the test. */
static void path_tests(struct loop *r, struct path_nic *p, long long end)
{
	const unsigned char *a;
	int i, big, lost = 0, scnt = 0;

	for (i = 0; i < p->a.k; i++) {
		a = p->ans + i * PSK_ANSWER;
		switch (path_test(p, a, end, &big)) {
		case 1:
			return;
		case 0:
			if (!lost) {
				lost = big;
				scnt = prb_cfg_scnt(a, PSK_ANSWER);
			}
		}
	}
	if (lost && p->a.more)
		log_msg(LV_ALWAYS, "%s: more than %d MACs answer for the"
			" target: the path is not judged by %d of them; pin"
			" the target with rd.aoe.mac=", p->n->name, PATH_NANS,
			PATH_NANS);
	else if (lost)
		path_lost(r, p->n, lost, scnt);
}

/* Finish the probe via p's NIC once its config query is done: log what
 * it got, then test the path to each responder until end. */
static void path_finish(struct loop *r, struct path_nic *p, long long end)
{
	struct held_nic *n = p->n;

	if (p->a.fd < 0) {
		log_msg(LV_VERBOSE,
			"%s: no packet socket for the path probe (%s)",
			n->name, rep_err(p->a.err));
		return;
	}
	if (!p->a.k) {
		log_msg(LV_VERBOSE,
			"%s: no answer to the path probe; carrying on",
			n->name);
		return;
	}
	path_others(n, p->ans, p->a.k);
	path_tests(r, p, end);
}

/* Set p up to probe n (marked probed): its socket and config query (for
 * the target, broadcast from n's MAC); 1 if the query can be asked, 0 if
 * n's MAC is unknown or it has no socket. */
static int path_open(const struct loop *r, struct held_nic *n,
		     struct path_nic *p)
{
	struct prb_req *q = &p->a.q;

	memset(p, 0, sizeof(*p));
	p->n = n;
	n->probed = 1;
	p->a.fd = psk_open(n->index);
	if (p->a.fd < 0) {
		p->a.err = errno ? errno : EIO;
		return 0;
	}
	p->a.ifindex = n->index;
	p->a.ans = p->ans;
	p->a.max = PATH_NANS;
	if (psk_mac(p->a.fd, q->src))
		return 0;
	memset(q->dst, 0xff, 6);
	q->shelf = r->o->tgt.shelf;
	q->slot = r->o->tgt.slot;
	q->cmd = PRB_CFG;
	path_tag(q);
	psk_q_reset(&p->a);
	return 1;
}

/* The end of a probe step starting now with left steps to go (> 0):
 * PATH_MS at most, and an equal share of half the time left to --timeout. */
static long long path_end(const struct loop *r, int left)
{
	long long now = clk_now();
	long long share = clk_left(now, r->deadline) / (2 * left);

	return now + (share < PATH_MS ? share : PATH_MS);
}

/* A link event came while the config queries of p[0..n) (m asked, at
 * a) are out: read it, and while none has an answer, ask via each NIC
 * it gave carrier too (else that NIC waits for the next round, after
 * this one's tests).  How many NICs are in the round now. */
static int path_join(struct loop *r, struct path_nic *p, struct psk_q **a,
		     int n, int *m)
{
	struct held_nic *v[MAXIF];
	int i, k;

	held_read(r);
	for (i = 0; i < *m; i++)
		if (a[i]->k)
			return n;
	k = held_to_probe(r, v);
	for (i = 0; i < k && n < MAXIF; i++, n++)
		if (path_open(r, v[i], &p[n]))
			a[(*m)++] = &p[n].a;
	return n;
}

/* Once per NIC, before aoe uses it: probe the path to the target via
 * each of the n NICs at v (up to MAXIF; as held_to_probe picks them).
 * The config queries go out on all at once, and on a NIC that gets
 * carrier meanwhile (a silent NIC is not waited for once another
 * answered), then each NIC's IDENTIFY tests run in turn. */
void path_probe_all(struct loop *r, struct held_nic **v, int n)
{
	struct path_nic p[MAXIF];
	struct psk_q *a[MAXIF];
	long long end;
	int i, m = 0;

	if (n > MAXIF)
		n = MAXIF;
	if (!r->o->probe || n <= 0)
		return;
	for (i = 0; i < n; i++)
		if (path_open(r, v[i], &p[i]))
			a[m++] = &p[i].a;
	end = path_end(r, n);
	while (psk_ask_all(a, m, ETH_MINFRAME, end, r->rfd))
		n = path_join(r, p, a, n, &m);
	for (i = 0; i < n; i++) {
		path_finish(r, &p[i], path_end(r, n - i));
		if (p[i].a.fd >= 0)
			close(p[i].a.fd);
	}
}
