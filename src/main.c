/*
 * main.c - the aoe-up loop: choose NICs, set their MTU and bring them up,
 * restrict the aoe driver to those with carrier, and write discover with a
 * backoff until the target appears or the deadline passes.  It waits in
 * poll() on rtnetlink link events and kernel uevents, except in the path
 * probe (path.c), which blocks on its own replies, bounded by PATH_MS and a
 * share of the time left, before the driver gets a NIC.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "loop.h"

#define LOOP_MAXDEV 32	/* AoE devices a failure report names */
#define LOOP_JOIN_MS 5000	/* found: NICs with carrier may still join */
#define LOOP_MULTI_DEADSECS 86400	/* several target MACs: fail over */

/* Write line to the --status-file, if one was asked for. */
static void loop_status(const struct loop *r, const char *line)
{
	struct stat st;
	int fd;

	if (!r->o->status_file || !line || !line[0])
		return;
	fd = open(r->o->status_file, O_WRONLY | O_CREAT | O_CLOEXEC |
		  O_NOFOLLOW | O_NONBLOCK, 0644);
	if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode)) {
		if (!ftruncate(fd, 0))
			log_put(fd, line);
	} else {
		log_msg(LV_ALWAYS, "cannot write status file %s: %s",
			r->o->status_file,
			fd < 0 ? rep_err(errno) : "not a regular file");
	}
	if (fd >= 0)
		close(fd);
}

/* Record line in the status file and return code. */
static int loop_exit(const struct loop *r, int code, const char *line)
{
	loop_status(r, line);
	return code;
}

/* MTU of local interface name: ours, else from sysfs; -1 if unknown. */
static int loop_mtu(const struct loop *r, const char *name)
{
	char rel[64], v[16];
	unsigned long m;
	int mtu = held_mtu_of(r, name);

	if (mtu > 0)
		return mtu;
	fmt(rel, sizeof(rel), "/sys/class/net/%s/mtu", name);
	if (sys_read(r->pfx, rel, v, sizeof(v)) > 0 &&
	    num_whole(v, 1, 1UL << 20, &m) == 0)
		return (int)m;
	return -1;
}

/* Log an error writing a control node, once per distinct errno. */
static void loop_ctl_err(struct loop *r, const char *node, int err)
{
	if (err == r->last_err)
		return;
	r->last_err = err;
	log_msg(LV_ALWAYS, "cannot write %s/dev/etherd/%s: %s", r->pfx, node,
		rep_err(err));
}

/* At the end, list the NICs that never had carrier too: the driver's
 * queries on them go nowhere until they get it, and then (aoe-watch
 * discovers on carrier, else the driver's 60 s timer) they join as more
 * paths, with the MTU and pin filter set here, but not probed. */
static void loop_later(struct loop *r)
{
	char list[sizeof(r->iflist)], line[sizeof(r->iflist) + 1];
	int err;

	held_iflist(r, 1, list, sizeof(list));
	if (!strcmp(list, r->iflist))
		return;
	fmt(line, sizeof(line), "%s\n", list);
	err = actl_write(r->pfx, "interfaces", line);
	if (err)
		loop_ctl_err(r, "interfaces", err);
	else
		log_msg(LV_NORMAL, "aoe interfaces: %s (NICs without carrier"
			" join when they get it)", list);
}

/* Several target MACs (answered, or pinned): the driver moves I/O off a
 * silent one only with aoe_deadsecs > 0 (with 0 a request stays on the
 * target it was sent to until that one answers), so set a day unless
 * rd.aoe.deadsecs= was given. */
static void loop_paths(const struct loop *r)
{
	const struct opts *o = r->o;
	int n = r->npaths > o->npins ? r->npaths : o->npins;
	char tn[TGT_NAMESZ];
	int st;

	if (n < 2)
		return;
	tgt_name(&o->tgt, TGT_NAME_DISK, tn, sizeof(tn));
	if (o->deadsecs_set) {
		if (!o->deadsecs)
			log_msg(LV_ALWAYS, "warning: %s has %d target MACs,"
				" but rd.aoe.deadsecs=0 keeps each request on"
				" the target it went to: if one fails, the"
				" disk waits for it", tn, n);
		return;
	}
	st = actl_deadsecs(r->pfx, LOOP_MULTI_DEADSECS);
	if (st)
		log_msg(LV_ALWAYS, "cannot set aoe_deadsecs to %d for %s's %d"
			" target MACs (%s): a failed path will hang the disk",
			LOOP_MULTI_DEADSECS, tn, n, rep_err(st));
	else
		log_msg(LV_NORMAL, "%s has %d target MACs: aoe_deadsecs=%d,"
			" so that the driver moves I/O off a silent one",
			tn, n, LOOP_MULTI_DEADSECS);
}

/* If the target is there and up, and every NIC with carrier is in the
 * driver's list (or LOOP_JOIN_MS passed), report it; exit code, or -1 if
 * not yet. */
static int loop_found(struct loop *r, long long now)
{
	char b[300], first[NAMESZ];
	struct adev d;
	size_t l;

	if (adev_check(r->pfx, &r->o->tgt, &d) != ADEV_FOUND)
		return -1;
	if (r->t_found < 0) {
		r->t_found = now;
		if (held_pending(r))
			log_msg(LV_NORMAL, "%s is up; NICs with carrier are"
				" still joining", r->tn);
	}
	if (held_pending(r) && now - r->t_found < LOOP_JOIN_MS)
		return -1;
	loop_later(r);
	loop_paths(r);
	l = strcspn(d.netif, ",");
	if (l >= NAMESZ)
		l = NAMESZ - 1;
	memcpy(first, d.netif, l);
	first[l] = '\0';
	rep_found(b, sizeof(b), r->tn, &d, loop_mtu(r, first), now - r->t0);
	log_put(2, b);
	return loop_exit(r, EXIT_FOUND, b);
}

/* The first time aoe gets NICs: load it with list as its interfaces, or
 * set its aoe_deadsecs if it is built in or was loaded before us. */
static void loop_load(struct loop *r, const char *list)
{
	int st;

	if (r->modprobed)
		return;
	r->modprobed = 1;
	if (actl_loaded(r->pfx)) {
		if ((st = actl_deadsecs(r->pfx, r->o->deadsecs)))
			log_msg(LV_NORMAL, "cannot set the loaded aoe driver's"
				" aoe_deadsecs to %d (%s)", r->o->deadsecs,
				rep_err(st));
		return;
	}
	log_msg(LV_NORMAL, "loading aoe with aoe_iflist=%s aoe_deadsecs=%d",
		list, r->o->deadsecs);
	st = actl_modprobe(r->pfx, list, r->o->deadsecs, r->deadline);
	if (st == ACTL_KILLED)
		log_msg(LV_ALWAYS, "modprobe aoe aoe_iflist=%s: still running"
			" at the deadline; killed it", list);
	else if (st)
		log_msg(LV_ALWAYS, "modprobe aoe aoe_iflist=%s failed (%d)",
			list, st);
}

/* Restrict aoe to the NICs with carrier whose path was probed (loading
 * it if need be); on change, discover now.  NICs with carrier not probed
 * yet go to the probe, which the loop then moves on. */
static void loop_aoe(struct loop *r)
{
	char list[sizeof(r->iflist)], line[sizeof(r->iflist) + 1];
	struct held_nic *v[MAXIF];
	long long now;
	int err;

	path_add(r, v, held_to_probe(r, v));	/* before aoe sees the NICs */
	r->probe_next = path_step(r, clk_now());
	held_iflist(r, 0, list, sizeof(list));
	if (!list[0] || !strcmp(list, r->iflist))
		return;
	loop_load(r, list);
	now = clk_now();	/* the probe and modprobe took their time */
	fmt(line, sizeof(line), "%s\n", list);
	err = actl_write(r->pfx, "interfaces", line);
	if (err) {
		loop_ctl_err(r, "interfaces", err);
		if (r->next_disc < 0)
			r->next_disc = now + BO_CAP_MS;
		return;
	}
	log_msg(LV_NORMAL, "aoe interfaces: %s", list);
	strcpy(r->iflist, list);
	r->backoff = 0;
	r->next_disc = now;
}

/* Write discover if its time has come, and schedule the next one. */
static void loop_discover(struct loop *r, long long now)
{
	int err;

	if (r->next_disc < 0 || now < r->next_disc)
		return;
	err = actl_write(r->pfx, "discover", "\n");
	if (err) {
		loop_ctl_err(r, "discover", err);
	} else {
		r->discovers++;
		log_msg(LV_VERBOSE, "discover #%d at %lld ms", r->discovers,
			now - r->t0);
	}
	r->backoff = bo_next(r->backoff);
	r->next_disc = now + bo_jitter(r->backoff, &r->seed);
}

/* Print the failure report; exit code 1, or 3 if no NIC ever had carrier. */
static int loop_fail(const struct loop *r)
{
	/* static: run once, at the end, and its ~9 KB off the stack */
	static struct rep_nic nics[MAXIF];
	static struct adev ans[LOOP_MAXDEV], dev;
	static char parts[128], b[3000];
	char *p;
	struct rep_fail f = {
		.target = r->tn, .timeout = r->o->timeout,
		.nics = nics, .nnics = r->n, .discovers = r->discovers,
		.dev = &dev, .parts = parts, .part = r->o->tgt.part,
		.answered = ans,
	};
	size_t l;
	int more = 1;

	held_rep(r, nics);
	f.check = adev_check(r->pfx, &r->o->tgt, &dev);
	if (f.check == ADEV_NO_PART)
		adev_parts(r->pfx, &r->o->tgt, parts, sizeof(parts));
	f.nanswered = adev_list(r->pfx, ans, LOOP_MAXDEV);
	rep_failure(b, sizeof(b), &f);
	for (p = b; more && *p; p += l + 1) {	/* b ends as its first line */
		l = strcspn(p, "\n");
		more = p[l] == '\n';
		p[l] = '\0';
		log_put(2, p);
	}
	return loop_exit(r, held_usable(r, HELD_CARRIER_EVER) ? EXIT_NOTFOUND :
			 EXIT_NONIC, b);
}

/* --links-only: 1 when every usable NIC has carrier, or the carrier deadline passed. */
static int loop_links_done(const struct loop *r, long long now)
{
	if (now >= r->cdeadline)
		return 1;
	if (r->sel.nmissing || !r->n)
		return 0;
	return held_usable(r, HELD_CARRIER_NOW) == held_usable(r, HELD_USABLE);
}

/* --links-only: print each NIC's state to stdout; exit 0 if one has carrier. */
static int loop_links_report(const struct loop *r, long long now)
{
	const struct held_nic *n;
	char b[160];
	int i, up = held_usable(r, HELD_CARRIER_NOW);
	int usable = held_usable(r, HELD_USABLE);

	for (i = 0; i < r->n; i++) {
		n = &r->nics[i];
		if (!n->index)
			fmt(b, sizeof(b), "aoe-up: %s: removed", n->name);
		else if (n->note[0])
			fmt(b, sizeof(b), "aoe-up: %s: %s, mtu %d", n->name,
			    n->note, n->mtu);
		else	/* carrier up: when it came; none: until now */
			fmt(b, sizeof(b), "aoe-up: %s: %s after %lld ms, mtu %d",
			    n->name, n->carrier ? "carrier up" : "no carrier",
			    (n->carrier ? n->t_carrier : now) - r->t0, n->mtu);
		log_put(1, b);
	}
	fmt(b, sizeof(b), "aoe-up: links: %d of %d with carrier, %lld ms",
	    up, r->n, now - r->t0);
	log_put(1, b);
	return loop_exit(r, up ? EXIT_FOUND : usable ? EXIT_NOTFOUND :
			EXIT_NONIC, b);
}

/* Read what the sockets have (pf as loop_wait fills it): link events,
 * uevents, answers for the target, udev's events, the probe's answers.
 * The one place link events are read. */
static void loop_read(struct loop *r, const struct pollfd *pf)
{
	if (pf[0].revents)
		held_read(r);
	if (pf[1].revents && uev_drain(r->ufd))
		log_msg(LV_VERBOSE, "uevent for an AoE disk");
	if (pf[2].revents)
		seen_drain(r);
	if (pf[3].revents)
		udv_drain(r->dfd);
	path_read(r, pf + 4);
}

/* Wait in poll() until an event or the nearest deadline; poll() passes
 * over the sockets we do not have (fd -1). */
static void loop_wait(struct loop *r, long long now)
{
	const int fd[4] = { r->rfd, r->ufd, r->sfd, r->dfd };
	struct pollfd pf[4 + MAXIF];
	long long dl[5];
	int i, n;

	for (i = 0; i < 4; i++) {
		pf[i].fd = fd[i];
		pf[i].events = POLLIN;	/* poll() sets every revents */
	}
	n = 4 + path_pollfds(r, pf + 4);
	dl[0] = r->o->links_only ? -1 : r->deadline;
	dl[1] = r->o->links_only ? -1 : r->next_disc;
	dl[2] = held_next_deadline(r);
	dl[3] = r->probe_next;
	dl[4] = r->t_found < 0 ? -1 : r->t_found + LOOP_JOIN_MS;
	if (poll(pf, (nfds_t)n, clk_poll_ms(now, dl, 5)) > 0)
		loop_read(r, pf);
}

/* The loop; returns the exit code. */
static int loop_events(struct loop *r)
{
	const struct opts *o = r->o;
	long long now;
	int code;

	for (;;) {
		now = clk_now();
		if (r->rescan) {
			r->rescan = 0;
			held_scan(r, now);
		} else {
			held_prepare_all(r);
		}
		seen_drain(r);	/* who answered, before judging the target */
		if (!o->links_only && (code = loop_found(r, now)) >= 0)
			return code;
		if ((code = held_timeouts(r, now)) >= 0)
			return loop_exit(r, code, r->status);
		if (r->rescan)
			continue;
		if (o->links_only) {
			if (loop_links_done(r, now))
				return loop_links_report(r, now);
		} else {
			loop_aoe(r);
			now = clk_now();
			loop_discover(r, now);
			if (now >= r->deadline)
				return loop_fail(r);
		}
		loop_wait(r, now);
	}
}

/* Set up the sockets and run; returns the exit code. */
static int loop_run(const struct opts *o)
{
	static struct loop r;	/* one per process: zero, and off the stack */

	r.o = o;
	r.pfx = o->prefix;
	tgt_name(&o->tgt, TGT_NAME_PART, r.tn, sizeof(r.tn));
	r.t0 = clk_now();
	r.deadline = r.t0 + (long long)o->timeout * 1000;
	r.cdeadline = r.t0 + (long long)o->ctimeout * 1000;
	r.next_disc = r.probe_next = r.t_found = -1;
	r.seed = bo_seed(r.t0);
	r.rescan = 1;
	r.rfd = rtnl_open();
	r.lfd = ifctl_open();
	if (r.rfd < 0 || r.lfd < 0) {
		fmt(r.status, sizeof(r.status), "aoe-up: cannot open a"
		    " netlink socket: %s", rep_err(errno));
		log_put(2, r.status);
		return loop_exit(&r, EXIT_NONIC, r.status);
	}
	r.ufd = r.sfd = -1;
	if (!o->links_only)
		r.ufd = uev_open();
	r.udev = udv_active(r.pfx);
	r.dfd = r.udev ? udv_open() : -1;
	if (!o->links_only) {
		r.sfd = seen_open();
		if (r.sfd < 0)
			log_msg(o->npins ? LV_ALWAYS : LV_VERBOSE,
				"cannot watch who answers for the"
				" target: %s", rep_err(errno));
		log_msg(LV_NORMAL,
			"looking for %s (timeout %d s)", r.tn, o->timeout);
	}
	return loop_events(&r);
}

/* The firmware's aBFT under o->prefix into *a; 1 if a good one was found
 * (a bad one is reported when say). */
static int main_abft_read(const struct opts *o, int say, struct abft *a)
{
	char msg[160];
	int r = abft_find(o->prefix, a, msg, sizeof(msg));

	if (r == ABFT_BAD && say)
		log_msg(LV_ALWAYS, "%s", msg);
	return r == ABFT_OK;
}

/* Print the firmware's aBFT as "eX.Y aa:bb:cc:dd:ee:ff"; exit code. */
static int main_show_abft(const struct opts *o)
{
	char line[48];
	struct abft a;
	size_t l;

	if (!main_abft_read(o, 1, &a))
		return EXIT_NOTFOUND;
	tgt_name(&a.tgt, TGT_NAME_DISK, line, sizeof(line));
	l = strlen(line);
	line[l++] = ' ';
	mac_format(a.mac, line + l);
	log_put(1, line);
	return EXIT_FOUND;
}

/* Fill the target and NIC the command line left open from the aBFT;
 * -1 if there is still no target, else 0.  Quiet unless say (--check:
 * only whether there is a target matters). */
static int main_abft(struct opts *o, int say)
{
	static char mac[18];
	static const struct opt_spell sp = { "", "aBFT NIC" };
	char tn[TGT_NAMESZ], mine[TGT_NAMESZ];
	struct abft a;

	if (!say && o->have_tgt)
		return 0;
	if (!main_abft_read(o, say, &a))
		return o->have_tgt ? 0 : -1;
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	mac_format(a.mac, mac);
	if (!o->have_tgt) {
		o->tgt = a.tgt;
		o->have_tgt = 1;
	} else if (say && (o->tgt.shelf != a.tgt.shelf ||
			   o->tgt.slot != a.tgt.slot)) {
		tgt_name(&o->tgt, TGT_NAME_DISK, mine, sizeof(mine));
		log_msg(LV_NORMAL,
			"aBFT names %s; the command line's %s wins", tn,
			mine);
	}
	if (o->nifs || o->have_bootif)
		return 0;
	memcpy(o->bootif, a.mac, 6);
	o->have_bootif = 1;
	o->bootif_text = mac;
	o->bootif_sp = sp;
	if (say)
		log_msg(LV_NORMAL, "aBFT: %s via the NIC with MAC %s", tn, mac);
	return 0;
}

int main(int argc, char **argv)
{
	static struct opts o;	/* off the stack, like the loop's */
	char err[400];
	const char *help;

	if (opts_parse(argc, argv, &o, err, sizeof(err))) {
		log_put(2, err);
		return EXIT_USAGE;
	}
	if (o.action == ACT_HELP) {
		help = opts_help();
		return write(1, help, strlen(help)) < 0;
	}
	if (o.action == ACT_VERSION) {
		log_put(1, "aoe-up " AOE_UP_VERSION);
		return 0;
	}
	if (o.action == ACT_ABFT)
		return main_show_abft(&o);
	log_level = o.verbosity;
	if (o.abft && main_abft(&o, !o.check)) {
		log_put(2, "aoe-up: no target given and the firmware left no"
			" valid aBFT; expected root=/dev/etherd/eSHELF.SLOT"
			"[pPART], root=aoe:..., netroot=aoe:... or"
			" rd.aoe.target=...");
		return EXIT_USAGE;
	}
	if (o.check) {		/* what the hooks act on, checked */
		opts_show(&o, err, sizeof(err));
		return write(1, err, strlen(err)) < 0;
	}
	return loop_run(&o);
}
