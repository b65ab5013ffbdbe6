/*
 * path.c - the path probe's policy.  Before the aoe driver sees a NIC,
 * find the target with a config query (its MAC and sectors per frame give
 * the frame size the driver will choose), then ask it IDENTIFY in a frame
 * of that size and in a 1500-byte one.  If only the small one is answered,
 * the big one is asked again under its first tag (so a late answer to the
 * first tries counts: a busy machine can be slower than the tries' waits);
 * still unanswered, a switch on the way drops jumbo frames: with
 * --mtu=auto lower the NIC to 1500, else warn.  It must run before the
 * driver: v85 resends a lost frame unchanged, so reads issued with jumbo
 * frames (the partition scan) would hang until aoe_deadsecs whatever the
 * MTU becomes afterwards.
 * If several MACs answer for the target, all are logged and tested: the
 * MTU is lowered (or a warning printed) only if none of them gets a big
 * frame, so a rogue answering small frames alone cannot lower it; and
 * never when more answered than were kept (PATH_NANS), so rogues that
 * answer first cannot crowd the real target out.  With --mac only the
 * pinned MACs get through (the pin is on before the probe).
 * The config queries go out on every NIC to probe at once.  Bounded in
 * time (PATH_MS, and a share of the time left to --timeout), IDENTIFY
 * only, never fatal.
 * It is a state of the main loop, not a loop of its own: path_add starts
 * a round (or adds NICs to the one asking), path_step moves it on, and
 * the loop polls the probe's sockets (path_pollfds, path_read) with its
 * own, so link events are read in one place while the probe runs.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "loop.h"

/* Give q a fresh tag. */
static void path_tag(struct prb_req *q)
{
	static unsigned seq;

	q->tag = prb_tag((unsigned)getpid(), seq++);
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

/* The end of a probe step starting now with left steps to go (> 0):
 * PATH_MS at most, and an equal share of half the time left to --timeout. */
static long long path_end(const struct loop *r, int left)
{
	long long now = clk_now();
	long long share = clk_left(now, r->deadline) / (2 * left);

	return now + (share < PATH_MS ? share : PATH_MS);
}

/* Ask the IDENTIFY test t (again; with a fresh tag if fresh, else under
 * the one it had): the round's only query. */
static void path_ask(struct path_run *pr, int fresh)
{
	if (fresh)
		path_tag(&pr->t.q);
	psk_q_reset(&pr->t);
	pr->q[0] = &pr->t;
	pr->m = 1;
}

/* Start testing the path via p[i]'s NIC to its responder j (a config
 * answer) with a frame of the size the driver would use; 0 if there is
 * nothing to test (the frame is no bigger than a small one). */
static int path_test(struct path_run *pr)
{
	const struct path_nic *p = &pr->p[pr->i];
	const struct held_nic *n = p->n;
	const unsigned char *a = p->ans + pr->j * PSK_ANSWER;
	int scnt = prb_cfg_scnt(a, PSK_ANSWER);
	char mac[18];

	pr->big = AOE_HDR + prb_payload(n->mtu, scnt);
	if (pr->big <= AOE_HDR + PRB_SMALL) {	/* say so if not the MTU's doing */
		mac_format(a + 6, mac);
		log_msg(prb_payload(n->mtu, 255) > PRB_SMALL ? LV_NORMAL :
			LV_VERBOSE, "%s: %s"
			" takes %d sectors per frame: no big frames to probe",
			n->name, mac, scnt);
		return 0;
	}
	pr->t = p->a;		/* its socket, the query for IDENTIFY */
	memcpy(pr->t.q.dst, a + 6, 6);
	pr->t.q.cmd = PRB_ATA;
	pr->t.ans = pr->tans;
	pr->t.max = 1;
	pr->frame = PATH_BIG;
	path_ask(pr, 1);
	return 1;
}

/* t is done: 1 big frames arrive, 0 they are lost but a small one is
 * answered, -1 no evidence either way; 2: the next frame is asked now
 * (after the big one, the small one; after that, the big one again with
 * the first big one's tag, pr->btag). */
static int path_tested(struct path_run *pr)
{
	const struct held_nic *n = pr->p[pr->i].n;
	struct psk_q *t = &pr->t;
	char mac[18];

	if (pr->frame != PATH_SMALL && t->k > 0) {
		log_msg(LV_VERBOSE, "%s: %d-byte frames reach the target%s",
			n->name, pr->big, pr->frame == PATH_BIG ? "" :
			" (asked again)");
		return 1;
	}
	if (pr->frame == PATH_BIG) {
		if (t->err) {
			log_msg(LV_NORMAL, "%s: cannot send a %d-byte probe"
				" (%s): path not tested", n->name, pr->big,
				rep_err(t->err));
			return -1;
		}
		pr->btag = t->q.tag;
		pr->frame = PATH_SMALL;
		path_ask(pr, 1);
		return 2;
	}
	if (pr->frame == PATH_AGAIN)	/* no time left to ask: no verdict */
		return t->tries ? 0 : -1;
	if (t->k > 0) {
		t->q.tag = pr->btag;
		pr->frame = PATH_AGAIN;
		path_ask(pr, 0);
		return 2;
	}
	mac_format(t->q.dst, mac);
	log_msg(LV_VERBOSE, "%s: %s does not answer IDENTIFY; carrying on",
		n->name, mac);
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

/* p[i]'s tests begin: say what its config query got; its step's end. */
static void path_nic_start(struct loop *r, struct path_run *pr)
{
	const struct path_nic *p = &pr->p[pr->i];
	const struct held_nic *n = p->n;

	pr->j = pr->lost = pr->scnt = 0;
	pr->end = path_end(r, pr->n - pr->i);
	if (p->a.fd < 0)
		log_msg(LV_VERBOSE,
			"%s: no packet socket for the path probe (%s)",
			n->name, rep_err(p->a.err));
	else if (!p->a.k)
		log_msg(LV_VERBOSE,
			"%s: no answer to the path probe; carrying on",
			n->name);
	else
		path_others(n, p->ans, p->a.k);
}

/* p[i]'s tests are over: judge its path (big frames count as lost only if
 * no responder got them, one answered small ones, and every responder was
 * kept: MACs that answer first could otherwise crowd the real target out
 * of the test). */
static void path_judge(struct loop *r, struct path_run *pr)
{
	struct path_nic *p = &pr->p[pr->i];

	if (pr->lost && p->a.more)
		log_msg(LV_ALWAYS, "%s: more than %d MACs answer for the"
			" target: the path is not judged by %d of them; pin"
			" the target with rd.aoe.mac=", p->n->name, PATH_NANS,
			PATH_NANS);
	else if (pr->lost)
		path_lost(r, p->n, pr->lost, pr->scnt);
	if (p->a.fd >= 0)
		close(p->a.fd);
}

/* Start the next test, from p[i]'s responder j on; a NIC with none left
 * is judged and the next one's tests begin.  The round ends (PATH_IDLE)
 * when no NIC is left: its NICs are probed and go to aoe together. */
static void path_go(struct loop *r, struct path_run *pr)
{
	int i;

	for (;;) {
		for (; pr->j < pr->p[pr->i].a.k; pr->j++)
			if (path_test(pr))
				return;
		path_judge(r, pr);
		if (++pr->i >= pr->n) {
			for (i = 0; i < pr->n; i++)
				pr->p[i].n->probed = 1;
			pr->phase = PATH_IDLE;
			pr->m = 0;
			return;
		}
		path_nic_start(r, pr);
	}
}

/* The test t is done: on to the small frame, the next responder or (the
 * NIC passed, or has no responder left) the next NIC. */
static void path_test_done(struct loop *r, struct path_run *pr)
{
	int res = path_tested(pr);

	if (res == 2)
		return;
	if (res == 1) {
		pr->lost = 0;
		pr->j = PATH_NANS;	/* big frames arrive: the path is good */
	} else {
		if (res == 0 && !pr->lost) {
			pr->lost = pr->big;
			pr->scnt = prb_cfg_scnt(pr->p[pr->i].ans +
						pr->j * PSK_ANSWER,
						PSK_ANSWER);
		}
		pr->j++;
	}
	path_go(r, pr);
}

/* Set p up to probe n: its socket and config query (for the target,
 * broadcast from n's MAC); 1 if the query can be asked, 0 if n's MAC is
 * unknown or it has no socket. */
static int path_open(const struct loop *r, struct held_nic *n,
		     struct path_nic *p)
{
	struct prb_req *q = &p->a.q;

	memset(p, 0, sizeof(*p));
	p->n = n;
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

/* Probe the path via each of the k NICs at v (not probed yet) before aoe
 * uses it: start a round with them, or add them to the round asking its
 * config queries while none has an answer (a silent NIC is not waited for
 * once another answered: then they wait for the next round, as they do
 * while the round tests). */
void path_add(struct loop *r, struct held_nic **v, int k)
{
	struct path_run *pr = &r->probe;
	int i, j, start = pr->phase == PATH_IDLE;

	if (!r->o->probe || k <= 0 || pr->phase == PATH_TEST)
		return;
	for (i = 0; i < pr->m; i++)
		if (pr->q[i]->k)
			return;
	if (start)
		pr->n = pr->m = 0;
	for (i = 0; i < k && pr->n < MAXIF; i++) {
		for (j = 0; j < pr->n && pr->p[j].n != v[i]; j++)
			;
		if (j < pr->n)
			continue;	/* in the round already */
		if (path_open(r, v[i], &pr->p[pr->n]))
			pr->q[pr->m++] = &pr->p[pr->n].a;
		pr->n++;
	}
	if (start && pr->n) {
		pr->phase = PATH_ASK;
		pr->end = path_end(r, pr->n);
	}
}

/* Move the probe on at now: send what is due, and once the config
 * queries are done, the IDENTIFY tests NIC by NIC.  When it next needs to move, or -1 when no
 * round is running. */
long long path_step(struct loop *r, long long now)
{
	struct path_run *pr = &r->probe;
	long long next;
	size_t len;

	while (pr->phase != PATH_IDLE) {
		len = pr->phase == PATH_ASK ? ETH_MINFRAME :
		      pr->frame == PATH_SMALL ? AOE_HDR + PRB_SMALL :
		      (size_t)pr->big;
		next = psk_turn_all(pr->q, pr->m, len, now, pr->end);
		if (next >= 0)
			return next;
		if (pr->phase == PATH_ASK) {	/* the tests, NIC by NIC */
			pr->phase = PATH_TEST;
			pr->i = 0;
			path_nic_start(r, pr);
			path_go(r, pr);
		} else {
			path_test_done(r, pr);
		}
		now = clk_now();
	}
	return -1;
}

/* The probe's sockets to poll into pf (MAXIF); how many. */
int path_pollfds(struct loop *r, struct pollfd *pf)
{
	struct path_run *pr = &r->probe;

	if (pr->phase == PATH_IDLE)
		return 0;
	psk_pollfds(pr->q, pr->m, pf);
	return pr->m;
}

/* Take the answers poll() found at pf (as path_pollfds set it up). */
void path_read(struct loop *r, const struct pollfd *pf)
{
	struct path_run *pr = &r->probe;

	if (pr->phase != PATH_IDLE)
		psk_take_all(pr->q, pr->m, pf);
}
