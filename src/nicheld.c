/*
 * nicheld.c - the NICs the loop holds (struct held_nic): adding them as
 * the selection (nicsel.c) chooses them, setting the MTU and bringing them
 * up, following rtnetlink events (carrier, renames, removal) and the
 * carrier deadlines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "loop.h"

/* Index in r->nics of the NIC with this ifindex, or -1. */
static int held_by_index(const struct loop *r, int index)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->nics[i].index == index)
			return i;
	return -1;
}

/* Index in r->nics of the live NIC called name, or -1. */
static int held_by_name(const struct loop *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->nics[i].index && !strcmp(r->nics[i].name, name))
			return i;
	return -1;
}

/* Apply a numeric --mtu exactly, or leave the NIC out; -1 = retry later. */
static int held_mtu_set(struct loop *r, struct held_nic *n)
{
	char v[16], sp[80];
	int err = ifctl_set_mtu(r->lfd, n->name, r->o->mtu);

	if (err == ENODEV)
		return -1;
	if (!err) {
		n->mtu = r->o->mtu;
		return 0;
	}
	fmt(v, sizeof(v), "%d", r->o->mtu);
	opts_spell(&r->o->mtu_sp, v, sp, sizeof(sp));
	log_msg(LV_ALWAYS,
		"%s: %s refused it (%s); leaving %s out", sp, n->name,
		rep_err(err), n->name);
	fmt(n->note, sizeof(n->note), "left out: mtu %d refused",
	    r->o->mtu);
	return 0;
}

/* --mtu=auto: the largest step the NIC accepts above cur; -1 = retry later. */
static int held_mtu_auto(struct loop *r, struct held_nic *n, int cur)
{
	int m, err;

	for (m = mtu_auto_next(0, cur); m; m = mtu_auto_next(m, cur)) {
		err = ifctl_set_mtu(r->lfd, n->name, m);
		if (!err) {
			n->mtu = m;
			log_msg(LV_VERBOSE, "%s: mtu %d", n->name, m);
			return 0;
		}
		if (err == ENODEV)
			return -1;
		log_msg(LV_VERBOSE,
			"%s: mtu %d refused (%s)", n->name, m, rep_err(err));
		if (err != EINVAL) {
			log_msg(LV_ALWAYS,
				"%s: cannot set mtu %d (%s); keeping %d",
				n->name, m, rep_err(err), cur);
			break;
		}
	}
	return 0;	/* n->mtu stays cur */
}

/* --mac: put the pin filter on n before anything is received; leave n out if that fails. */
static void held_pin(struct loop *r, struct held_nic *n)
{
	char sp[200];
	const char *step;
	int err;

	if (!r->o->npins || n->pinned)
		return;
	while ((err = pin_nic(n->index, r->o->pins, r->o->npins, &step)) &&
	       !r->pin_loaded) {	/* not built in: load and retry */
		r->pin_loaded = 1;
		actl_load("sch_ingress");
		actl_load("cls_bpf");
	}
	opts_spell(&r->o->pin_sp, r->o->pin_text, sp, sizeof(sp));
	if (!err) {
		n->pinned = 1;
		log_msg(LV_NORMAL,
			"%s: %s: AoE frames from other MACs are dropped",
			n->name, sp);
		return;
	}
	log_msg(LV_ALWAYS, "%s: cannot pin the target (%s: %s); leaving %s out",
		sp, step, rep_err(err), n->name);
	fmt(n->note, sizeof(n->note), "left out: pinning failed");
}

/* 1 once udev is done with n (so it has its final name), or has had
 * UDV_WAIT_MS; an interface that is up cannot be renamed. */
static int held_named(struct loop *r, struct held_nic *n)
{
	if (n->named || !r->udev)
		return n->named = 1;
	if (udv_done(r->pfx, n->index, n->name)) {
		log_msg(LV_VERBOSE, "%s: udev is done with it", n->name);
		return n->named = 1;
	}
	if (clk_now() < n->t_added + UDV_WAIT_MS)
		return 0;
	log_msg(LV_ALWAYS,
		"%s: udev has not finished with it after %d s; using it"
		" as it is", n->name, UDV_WAIT_MS / 1000);
	return n->named = 1;
}

/* Set the MTU, then bring the link up, once; a NIC that vanished meanwhile is retried. */
static void held_prepare(struct loop *r, struct held_nic *n)
{
	int cur, err = 0;

	if (n->prepared || !n->index || !held_named(r, n))
		return;
	cur = ifctl_get_mtu(r->lfd, n->name);
	if (cur < 0)
		return;
	n->mtu = cur;
	if (r->o->mtu_mode == MTU_SET)
		err = held_mtu_set(r, n);
	else if (r->o->mtu_mode == MTU_AUTO)
		err = held_mtu_auto(r, n, cur);
	if (err)
		return;
	if (!n->note[0])
		held_pin(r, n);
	if (!n->note[0]) {
		err = ifctl_up(r->lfd, n->name);
		if (err == ENODEV)
			return;
		if (err) {
			log_msg(LV_ALWAYS,
				"%s: cannot bring the link up (%s); leaving"
				" it out", n->name, rep_err(err));
			fmt(n->note, sizeof(n->note), "left out: link"
			    " up failed");
		}
	}
	n->prepared = 1;
	rtnl_ask(r->rfd, n->index);
}

/* Prepare every NIC that is not yet. */
void held_prepare_all(struct loop *r)
{
	int i;

	for (i = 0; i < r->n; i++)
		held_prepare(r, &r->nics[i]);
}

/* Add a NIC the selection chose, unless we hold it already; once all
 * slots were used, the slot of a removed NIC is reused. */
static void held_add(struct loop *r, const char *name, int item,
		     long long now)
{
	struct held_nic *n;
	int idx, slot = r->n < MAXIF ? r->n : held_by_index(r, 0);

	if (held_by_name(r, name) >= 0 || slot < 0)
		return;
	idx = ifctl_index(r->lfd, name);
	if (idx <= 0 || held_by_index(r, idx) >= 0)
		return;
	r->n += slot == r->n;
	n = &r->nics[slot];
	*n = (struct held_nic){ .index = idx, .from = item, .t_added = now,
				.t_carrier = -1 };
	strcpy(n->name, name);
	log_msg(LV_VERBOSE, "%s: chosen", name);
}

/* Run the selection over sysfs and take on any newly chosen NIC. */
void held_scan(struct loop *r, long long now)
{
	int i;

	nsel_select(r->pfx, r->o, r->use_all, &r->sel);
	for (i = 0; i < r->sel.n; i++)
		held_add(r, r->sel.names[i], r->sel.item[i], now);
	held_prepare_all(r);
}

/* Note carrier gained or lost on n. */
static void held_carrier(struct loop *r, struct held_nic *n, int c)
{
	long long now = clk_now();

	if (c && !n->carrier) {
		if (n->t_carrier < 0) {
			n->t_carrier = now;
			log_msg(LV_NORMAL,
				"%s: carrier up after %lld ms%s", n->name,
				now - r->t0, n->reported ? "; adding it" : "");
		} else {
			log_msg(LV_NORMAL, "%s: carrier back", n->name);
		}
	} else if (!c && n->carrier) {
		log_msg(LV_NORMAL, "%s: carrier lost", n->name);
	}
	n->carrier = c;
}

/* rtnl_fn: apply one link message to the NIC it concerns (arg = the loop). */
void held_event(const struct rtnl_link *l, void *arg)
{
	struct loop *r = arg;
	int i = held_by_index(r, l->index);
	struct held_nic *n;

	if (i < 0) {
		if (!l->gone)
			r->rescan = 1;
		return;
	}
	n = &r->nics[i];
	if (l->gone) {
		log_msg(LV_NORMAL, "%s: removed", n->name);
		n->index = 0;
		n->carrier = 0;
		return;
	}
	if (l->name[0] && strcmp(l->name, n->name)) {
		log_msg(LV_NORMAL, "%s: renamed to %s", n->name, l->name);
		strcpy(n->name, l->name);
	}
	if (l->mtu > 0)
		n->mtu = l->mtu;
	held_carrier(r, n, rtnl_has_carrier(l));
}

/* 1 if n is which (enum held_which). */
static int held_is(const struct held_nic *n, enum held_which which)
{
	return n->index && !n->note[0] &&
	       (which != HELD_CARRIER_NOW || n->carrier) &&
	       (which != HELD_CARRIER_EVER || n->t_carrier >= 0);
}

/* Count the NICs that are which (enum held_which). */
int held_usable(const struct loop *r, enum held_which which)
{
	int i, cnt = 0;

	for (i = 0; i < r->n; i++)
		cnt += held_is(&r->nics[i], which);
	return cnt;
}

/* 1 if --if item i is held (perhaps under a new name). */
static int held_holds_item(const struct loop *r, int item)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->nics[i].index && r->nics[i].from == item)
			return 1;
	return 0;
}

/* Log a problem line and keep it as the status line. */
static void held_problem(struct loop *r, const char *text)
{
	fmt(r->status, sizeof(r->status), "aoe-up: %s", text);
	log_put(2, r->status);
}

/* At the carrier deadline: name missing NICs; EXIT_NONIC if none usable, else -1. */
static int held_missing(struct loop *r)
{
	const struct opts *o = r->o;
	char have[200], sp[80], line[300];
	int i, item;

	nsel_have(r->pfx, have, sizeof(have));
	for (i = 0; r->sel.mode == SEL_IF && i < r->sel.nmissing; i++) {
		item = r->sel.missing[i];
		if (held_holds_item(r, item))
			continue;
		opts_spell(&o->if_sp, o->ifs[item].text, sp, sizeof(sp));
		fmt(line, sizeof(line), "%s: no such interface (have: %s)",
		    sp, have);
		held_problem(r, line);
	}
	if (r->n) {
		if (held_usable(r, HELD_USABLE))
			return -1;
		held_problem(r, "no usable interface left");
		return EXIT_NONIC;
	}
	if (r->sel.mode == SEL_IF)
		return EXIT_NONIC;
	if (r->sel.mode == SEL_ALL) {
		log_msg(LV_ALWAYS,
			"no wired Ethernet interface yet (have: %s)", have);
		return -1;
	}
	/* SEL_BOOTIF: fall back to every Ethernet NIC */
	opts_spell(&o->bootif_sp, o->bootif_text, sp, sizeof(sp));
	log_msg(LV_ALWAYS, "%s: no interface has this MAC (have: %s); using"
		" every Ethernet interface", sp, have);
	r->use_all = 1;
	r->rescan = 1;
	return -1;
}

/* Read the link events waiting on r->rfd into the NICs; if some were
 * lost, ask for every NIC's state again and rescan. */
void held_read(struct loop *r)
{
	static long buf[16384 / sizeof(long)];
	long got;
	int i;

	while ((got = nl_recv(r->rfd, buf, sizeof(buf))) > 0 ||
	       (got < 0 && errno == ENOBUFS)) {
		if (got > 0 && got <= (long)sizeof(buf)) {
			rtnl_parse(buf, (size_t)got, held_event, r);
			continue;
		}
		r->rescan = 1;	/* events lost or cut short: ask again */
		for (i = 0; i < r->n; i++)
			if (r->nics[i].index)
				rtnl_ask(r->rfd, r->nics[i].index);
	}
}

/* 1 while an --if name is still missing and udev has events queued (a
 * NIC's driver may still be loading) or has not named every wired NIC yet
 * (until UDV_WAIT_MS past the carrier deadline): the name may be the one
 * udev is about to give, and "have:" should show it. */
static int held_naming(struct loop *r, long long now)
{
	char names[MAXIF][NAMESZ];
	int i, n, idx, missing = 0;

	for (i = 0; r->sel.mode == SEL_IF && i < r->sel.nmissing; i++)
		missing |= !held_holds_item(r, r->sel.missing[i]);
	if (!missing || !r->udev || now >= r->t0 + UDV_WAIT_MS +
	    (long long)r->o->ctimeout * 1000)
		return 0;
	if (udv_busy(r->pfx))
		return 1;
	n = nsel_list(r->pfx, names, MAXIF, NSEL_ETHER);
	for (i = 0; i < n; i++) {
		idx = ifctl_index(r->lfd, names[i]);
		if (idx > 0 && !udv_done(r->pfx, idx, names[i]))
			return 1;
	}
	return 0;
}

/* Report NICs past their carrier timeout, handle the carrier deadline; exit code or -1. */
int held_timeouts(struct loop *r, long long now)
{
	long long ct = (long long)r->o->ctimeout * 1000;
	struct held_nic *n;
	int i;

	for (i = 0; i < r->n; i++) {
		n = &r->nics[i];
		if (!n->index || n->note[0] || n->t_carrier >= 0 ||
		    n->reported || now < n->t_added + ct)
			continue;
		log_msg(LV_ALWAYS, "%s: no carrier after %d s; leaving it out",
			n->name, r->o->ctimeout);
		n->reported = 1;
	}
	if (r->cdone || now < r->cdeadline)
		return -1;
	if (held_naming(r, now)) {
		r->cdeadline = now + HELD_RECHECK_MS;	/* judge it then */
		return -1;
	}
	r->cdone = 1;
	return held_missing(r);
}

/* The nearest deadline still to handle (carrier, udev naming a NIC), or -1. */
long long held_next_deadline(const struct loop *r)
{
	long long ct = (long long)r->o->ctimeout * 1000;
	long long best = r->cdone ? -1 : r->cdeadline;
	const struct held_nic *n;
	int i;

	for (i = 0; i < r->n; i++) {
		n = &r->nics[i];
		if (n->index && !n->named)
			best = clk_sooner(best, n->t_added + UDV_WAIT_MS);
		if (n->index && !n->note[0] && n->t_carrier < 0 &&
		    !n->reported)
			best = clk_sooner(best, n->t_added + ct);
	}
	return best;
}

/* The interface list for aoe: usable NICs that have had carrier and
 * whose path was probed (or the probe is off), "a,b"; with all, also
 * those that never had carrier.  A name that would not fit whole is left
 * out. */
void held_iflist(const struct loop *r, int all, char *buf, size_t n)
{
	const struct held_nic *c;
	size_t len = 0;
	int i, ok;

	buf[0] = '\0';
	for (i = 0; i < r->n; i++) {
		c = &r->nics[i];
		ok = held_is(c, HELD_CARRIER_EVER) &&
		     (c->probed || !r->o->probe);
		if (all && held_is(c, HELD_USABLE) && c->t_carrier < 0)
			ok = 1;
		if (ok && len + NAMESZ + 1 < n)
			len += (size_t)fmt(buf + len, n - len, "%s%s",
					   len ? "," : "", c->name);
	}
}

/* How many usable NICs have carrier now but are not in the list the
 * driver last got (their probe or the list's write is still to come). */
int held_pending(const struct loop *r)
{
	const struct held_nic *c;
	char item[NAMESZ + 2], list[sizeof(r->iflist) + 2];
	int i, n = 0;

	fmt(list, sizeof(list), ",%s,", r->iflist);
	for (i = 0; i < r->n; i++) {
		c = &r->nics[i];
		fmt(item, sizeof(item), ",%s,", c->name);
		n += held_is(c, HELD_CARRIER_NOW) && !strstr(list, item);
	}
	return n;
}

/* Put at v (MAXIF) the usable NICs that have had carrier and are not
 * probed yet; how many. */
int held_to_probe(struct loop *r, struct held_nic **v)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		if (held_is(&r->nics[i], HELD_CARRIER_EVER) &&
		    !r->nics[i].probed)
			v[n++] = &r->nics[i];
	return n;
}

/* Fill out[0..r->n) with what the reports say of each NIC. */
void held_rep(const struct loop *r, struct rep_nic *out)
{
	const struct held_nic *n;
	int i;

	for (i = 0; i < r->n; i++) {
		n = &r->nics[i];
		strcpy(out[i].name, n->name);
		out[i].carrier = n->carrier;
		out[i].mtu = n->mtu;
		out[i].note = !n->index ? "removed" :
			      n->note[0] ? n->note : NULL;
	}
}

/* MTU of the held NIC called name, or -1. */
int held_mtu_of(const struct loop *r, const char *name)
{
	int i = held_by_name(r, name);

	return i < 0 ? -1 : r->nics[i].mtu;
}
