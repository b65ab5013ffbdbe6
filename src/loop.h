/*
 * loop.h - the event loop's private state, shared by the files that make
 * up the loop only: main.c (the loop), nicheld.c (the NICs it holds),
 * path.c (the path probe, a state of the loop) and seen.c (who answers
 * for the target).  main.c calls into the others; they do not call each
 * other, and only main.c reads the sockets.
 * Everything else sees aoe-up.h alone.
 */
#ifndef AOE_LOOP_H
#define AOE_LOOP_H

#include "aoe-up.h"

/* ---- nicheld.c: the NICs the loop holds ---- */
#define HELD_RECHECK_MS 100	/* a missing --if name, udev still naming: look again */
struct held_nic {
	char name[NAMESZ];
	int index;		/* 0 once the NIC is gone */
	int mtu;
	int prepared;		/* MTU set and link brought up */
	int carrier;		/* has carrier now */
	long long t_added, t_carrier;	/* ms; t_carrier -1 = never */
	int reported;		/* "no carrier" said */
	int from;		/* index into opts.ifs it was chosen for, or -1 */
	int probed;		/* the path probe ran on it */
	int named;		/* udev is done with it (or we stopped waiting) */
	int pinned;		/* the --mac filter is on it */
	char note[64];		/* why it is left out, "" if it is not */
};

/* ---- path.c: the path probe, one more state of the loop ---- */
#define PATH_NANS 4		/* responders to a config query heeded */
struct path_nic {		/* one NIC in a probe round */
	struct held_nic *n;
	struct psk_q a;		/* the query, its socket (fd < 0: err is why)
				 * and answers (none if its MAC is unknown:
				 * not asked) */
	unsigned char ans[PATH_NANS * PSK_ANSWER];
};
enum path_phase { PATH_IDLE, PATH_ASK, PATH_TEST };
enum path_frame {		/* a responder's test: the frame asked now */
	PATH_BIG,		/* the driver's size */
	PATH_SMALL,		/* 1500 bytes, once the big one went unanswered */
	PATH_AGAIN		/* the big one again, under its first tag */
};
struct path_run {		/* a round: config queries, then IDENTIFY tests */
	enum path_phase phase;
	struct path_nic p[MAXIF];
	struct psk_q *q[MAXIF];	/* the queries out: the round's, or &t */
	int n, m;		/* NICs in the round, queries at q */
	long long end;		/* of the current step */
	int i, j;		/* the test: NIC p[i], responder j */
	enum path_frame frame;
	unsigned long btag;	/* the first big frame's tag, asked again */
	int big, lost, scnt;	/* its frame; the NIC's lost frame size */
	struct psk_q t;		/* the IDENTIFY query */
	unsigned char tans[PSK_ANSWER];
};

struct loop {
	const struct opts *o;
	const char *pfx;
	char tn[TGT_NAMESZ];	/* the target, e0.1p1, for messages */
	long long t0, deadline, cdeadline;
	int cdone;		/* carrier deadline handled */
	struct held_nic nics[MAXIF];
	int n;
	struct nsel sel;	/* last selection */
	int use_all;		/* BOOTIF MAC not found: all Ethernet NICs */
	int lfd, rfd, ufd;	/* ioctl, rtnetlink, uevent sockets */
	int rescan;		/* a link we do not know appeared */
	char iflist[MAXIF * NAMESZ + 2];	/* last written to aoe */
	int modprobed, last_err;
	int discovers, backoff;	/* backoff: nominal, before jitter */
	unsigned seed;		/* for the jitter */
	long long next_disc;	/* -1 = not yet */
	char status[256];	/* line for --status-file if exiting early */
	int sfd;		/* socket seeing the target's answers, or -1 */
	int udev;		/* udevd manages our NICs: wait for it */
	int dfd;		/* udev's processed events, or -1 */
	unsigned char seen[MAXSEEN][6];	/* MACs that answered for it */
	int nseen;
	int npaths;		/* of them, not refused: target MACs in use */
	long long t_found;	/* first seen up, -1 = not yet */
	int pin_loaded;		/* modprobe sch_ingress cls_bpf done */
	struct path_run probe;
	long long probe_next;	/* when the probe moves on, -1 = idle */
};

void held_scan(struct loop *r, long long now);
void held_prepare_all(struct loop *r);
void held_event(const struct rtnl_link *l, void *arg);
void held_read(struct loop *r);
int held_timeouts(struct loop *r, long long now);
enum held_which {
	HELD_USABLE,		/* live and not left out */
	HELD_CARRIER_NOW,	/* ... and has carrier now */
	HELD_CARRIER_EVER	/* ... and has had carrier */
};
int held_usable(const struct loop *r, enum held_which which);
void held_iflist(const struct loop *r, int all, char *buf, size_t n);
long long held_next_deadline(const struct loop *r);
void held_rep(const struct loop *r, struct rep_nic *out);
int held_mtu_of(const struct loop *r, const char *name);
int held_to_probe(struct loop *r, struct held_nic **v);
int held_pending(const struct loop *r);

/* ---- path.c: probing the path to the target ---- */
#define PATH_MS 3000		/* one step of the probe at most */
void path_add(struct loop *r, struct held_nic **v, int n);
long long path_step(struct loop *r, long long now);
int path_pollfds(struct loop *r, struct pollfd *pf);
void path_read(struct loop *r, const struct pollfd *pf);

/* ---- seen.c: the answers the loop's socket saw ---- */
void seen_drain(struct loop *r);

#endif
