/*
 * opts.c - the option table, parsing and validation.
 *
 * Every option has a CLI spelling (-m 9000, --mtu=9000) and, where it makes
 * sense at boot, a kernel-command-line spelling (rd.aoe.mtu=9000) that the
 * dracut hook passes through as typed.  Errors name the option the way the
 * user spelled it, the bad value and the expected form, on one line.
 */
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

enum {
	K_IF, K_BOOTIF, K_MTU, K_TIMEOUT, K_CTIMEOUT, K_DEADSECS, K_STATUS,
	K_PREFIX, K_CMDLINE,
	K_OVERLAY, K_OVFORMAT, K_OVRESET,	/* the shell's overlay hook */
	K_PROBE, K_ABFT, K_MAC, K_TARGET, K_ROOT, K_NETROOT,	/* take a value */
	K_NOPROBE, K_OVRUN, K_ABFTON, K_SHOWABFT, K_CHECK, K_LINKS, K_QUIET, K_VERBOSE,
	K_HELP, K_VERSION
};
#define K_HASVAL(k) ((k) <= K_NETROOT)

struct odef {
	unsigned char kind;
	char sh[2];		/* "m" for -m, or "" */
	const char *lng, *word;
};

static const struct odef odefs[] = {
	{ K_IF, "i", "if", "rd.aoe.if" },
	{ K_BOOTIF, "b", "bootif", "BOOTIF" },
	{ K_MTU, "m", "mtu", "rd.aoe.mtu" },
	{ K_TIMEOUT, "t", "timeout", "rd.aoe.timeout" },
	{ K_CTIMEOUT, "c", "carrier-timeout", "rd.aoe.timeout.carrier" },
	{ K_DEADSECS, "", "deadsecs", "rd.aoe.deadsecs" },
	{ K_STATUS, "s", "status-file", NULL },
	{ K_PREFIX, "P", "prefix", NULL },
	{ K_CMDLINE, "", "cmdline", NULL },
	{ K_OVRUN, "", "overlay", NULL },
	{ K_NOPROBE, "", "no-probe", NULL },
	{ K_PROBE, "", NULL, "rd.aoe.probe" },
	{ K_ABFTON, "", "abft", NULL },
	{ K_ABFT, "", NULL, "rd.aoe.abft" },
	{ K_SHOWABFT, "", "show-abft", NULL },
	{ K_MAC, "", "mac", "rd.aoe.mac" },
	{ K_CHECK, "n", "check", NULL },
	{ K_LINKS, "l", "links-only", NULL },
	{ K_QUIET, "q", "quiet", NULL },
	{ K_VERBOSE, "v", "verbose", NULL },
	{ K_HELP, "h", "help", NULL },
	{ K_VERSION, "V", "version", NULL },
	{ K_TARGET, "", NULL, "rd.aoe.target" },
	{ K_ROOT, "", NULL, "root" },
	{ K_NETROOT, "", NULL, "netroot" },
	{ K_OVERLAY, "", NULL, "rd.aoe.overlay" },
	{ K_OVFORMAT, "", NULL, "rd.aoe.overlay.format" },
	{ K_OVRESET, "", NULL, "rd.aoe.overlay.reset" },
};
#define NDEFS (sizeof(odefs) / sizeof(odefs[0]))

/* What each option expects; a target's ranges follow its form (opt_target). */
static const char *const expect[] = {
	[K_IF] = "expected a comma list of up to 16 interface names"
		 " (A-Z a-z 0-9 . _ + -) or MACs (aa:bb:cc:dd:ee:ff)",
	[K_BOOTIF] = "expected 01-aa-bb-cc-dd-ee-ff or aa:bb:cc:dd:ee:ff",
	[K_MTU] = "expected auto, keep or a number 68-65535",
	[K_TIMEOUT] = "expected whole seconds 1-3600",
	[K_CTIMEOUT] = "expected whole seconds 0-3600",
	[K_DEADSECS] = "expected whole seconds 0-86400 (0: wait for the"
		       " target forever)",
	[K_STATUS] = "expected a file name",
	[K_PREFIX] = "expected a directory",
	[K_CMDLINE] = "expected the kernel command line",
	[K_PROBE] = "expected 0 or 1",
	[K_ABFT] = "expected 0 or 1",
	[K_MAC] = "expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)",
	[K_TARGET] = "expected eSHELF.SLOT[pPART]",
	[K_ROOT] = "expected /dev/etherd/eSHELF.SLOT[pPART] or"
		   " aoe:eSHELF.SLOT[pPART]",
	[K_NETROOT] = "expected aoe:eSHELF.SLOT[pPART]",
	[K_OVERLAY] = "expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or"
		      " a number with k, m or g) or eSHELF.SLOT[pPART]",
	[K_OVFORMAT] = "expected 0 or 1",
	[K_OVRESET] = "expected 0 or 1",
};

struct pstate {
	struct opts *o;
	char *err;
	size_t n;
	const char *root;	/* root= value, judged at the end */
	const char *netroot;	/* netroot= value, likewise */
	int have_pos;
};

/* Write the option as typed: "--mtu=V", "-m V", "rd.aoe.mtu=V", "--mtu"
 * (no value) or "V" (a bare value: pre "", no name). */
void opts_spell(const struct opt_spell *sp, const char *val, char *buf,
		size_t n)
{
	const char *sep = !val || !sp->name ? "" :
			  strcmp(sp->pre, "-") ? "=" : " ";

	fmt(buf, n, "%s%s%s%s", sp->pre, sp->name ? sp->name : "", sep,
	    val ? val : "");
}

/* Put "aoe-up: SPELLING: why" into the error buffer; returns -1. */
static int opt_fail(struct pstate *ps, const struct opt_spell *sp,
		    const char *val, const char *why, const char *why2)
{
	char s[160];

	opts_spell(sp, val, s, sizeof(s));
	fmt(ps->err, ps->n, "aoe-up: %s: %s%s", s, why, why2);
	return -1;
}

/* Is s a plausible interface name: 1-15 of A-Z a-z 0-9 . _ + -, not . or ..?
 * (The kernel allows more; no shell or list metacharacter gets through.) */
static int opt_ifname_ok(const char *s, size_t len)
{
	size_t i;
	char c;

	if (len == 0 || len >= NAMESZ)
		return 0;
	if (len <= 2 && s[0] == '.' && s[len - 1] == '.')	/* . or .. */
		return 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || (c && strchr("._+-", c))))
			return 0;
	}
	return 1;
}

/* Add one item of an --if list (name or MAC); 0 ok, -1 bad. */
static int opt_if_item(struct opts *o, const char *s, size_t len)
{
	struct opt_if it;
	int i;

	memset(&it, 0, sizeof(it));
	if (len >= sizeof(it.text))
		return -1;
	memcpy(it.text, s, len);
	if (mac_parse(it.text, it.mac) == 0) {
		if (!mac_unicast(it.mac))
			return -1;
		it.is_mac = 1;
	}
	else if (opt_ifname_ok(s, len))
		memcpy(it.name, s, len);
	else
		return -1;
	for (i = 0; i < o->nifs; i++)
		if (!strcmp(o->ifs[i].text, it.text))
			return 0;
	if (o->nifs == MAXIF)
		return -1;
	o->ifs[o->nifs++] = it;
	return 0;
}

/* Parse a comma list of names/MACs into o->ifs (replacing it); 0 ok. */
static int opt_if_list(struct opts *o, const char *v)
{
	const char *p = v, *c;

	o->nifs = 0;
	for (;;) {
		c = strchr(p, ',');
		if (opt_if_item(o, p, c ? (size_t)(c - p) : strlen(p)))
			return -1;
		if (!c)
			return 0;
		p = c + 1;
	}
}

/* Parse a comma list of unicast target MACs into o->pins (replacing it); 0 ok. */
static int opt_pins(struct opts *o, const char *v)
{
	char one[18];
	size_t len;
	int i;

	o->npins = 0;
	for (;;) {
		len = strcspn(v, ",");
		if (len != 17 || o->npins == MAXPIN)
			return -1;
		memcpy(one, v, len);
		one[len] = '\0';
		if (mac_parse(one, o->pins[o->npins]) ||
		    !mac_unicast(o->pins[o->npins]))
			return -1;
		for (i = 0; i < o->npins; i++)
			if (!memcmp(o->pins[i], o->pins[o->npins], 6))
				break;
		if (i == o->npins)
			o->npins++;
		if (!v[len])
			return 0;
		v += len + 1;
	}
}

/* Parse a whole number in lo..hi (seconds, an MTU, 0|1 for a switch) into
 * *out; 0 ok, -1 bad. */
static int opt_num(int *out, const char *v, unsigned long lo,
		   unsigned long hi)
{
	unsigned long s;

	if (num_whole(v, lo, hi, &s))
		return -1;
	*out = (int)s;
	return 0;
}

/* Parse an --mtu value; 0 ok, -1 bad. */
static int opt_mtu(struct opts *o, const char *v)
{
	if (!strcmp(v, "auto"))
		o->mtu_mode = MTU_AUTO;
	else if (!strcmp(v, "keep"))
		o->mtu_mode = MTU_KEEP;
	else if (opt_num(&o->mtu, v, 68, 65535) == 0)
		o->mtu_mode = MTU_SET;
	else
		return -1;
	return 0;
}

/* Parse the target at t, in value v of target option kind, into *dst; 0
 * ok, -1 with the error set: why, the form expected, then the ranges (one
 * text for the three forms). */
static int opt_target(struct pstate *ps, const struct opt_spell *sp,
		      const char *v, const char *t, int kind,
		      struct aoe_target *dst)
{
	int r = tgt_parse(t, dst);
	size_t l;

	if (r == TGT_OK)
		return 0;
	opt_fail(ps, sp, v, tgt_why(r), expect[kind]);
	l = strlen(ps->err);
	fmt(ps->err + l, ps->n - l, " (shelf 0-65534 except 4095, slot 0-254,"
	    " partition 1-15)");
	return -1;
}

/* Is v a tmpfs size: 1-100%, or a number >= 1 with k, m or g (or none)? */
static int opt_ov_size(const char *v)
{
	const char *end;
	unsigned long n;

	if (num_parse(v, &end, 1UL << 30, &n) != NUM_OK || n < 1)
		return 0;
	if (!*end)
		return 1;
	if (end[1])
		return 0;
	if (*end == '%')
		return n <= 100;
	return !!strchr("kKmMgG", *end);
}

/* rd.aoe.overlay=tmpfs[:size=SIZE] or eSHELF.SLOT[pPART]; 0 ok, -1 bad. */
static int opt_overlay(struct pstate *ps, const struct opt_spell *sp,
		       const char *v)
{
	struct opts *o = ps->o;
	int r;

	o->overlay = v;
	o->have_ovtgt = 0;
	if (!strcmp(v, "tmpfs") ||
	    (!strncmp(v, "tmpfs:size=", 11) && opt_ov_size(v + 11)))
		return 0;
	if (v[0] != 'e')
		return opt_fail(ps, sp, v, expect[K_OVERLAY], "");
	if ((r = tgt_parse(v, &o->ovtgt)) != TGT_OK)
		return opt_fail(ps, sp, v, tgt_why(r), expect[K_OVERLAY]);
	o->have_ovtgt = 1;
	return 0;
}

/* The overlay words together: a disk other than the root's, and format/
 * reset (and --overlay, which then makes it the target) only with a disk;
 * 0 ok, -1 with the error set.  They are kernel command line words only,
 * so that is how the errors spell them. */
static int opt_ov_finish(struct pstate *ps)
{
	static const struct opt_spell ov = { "", "rd.aoe.overlay" },
		format = { "", "rd.aoe.overlay.format" },
		reset = { "", "rd.aoe.overlay.reset" },
		run = { "--", "overlay" };
	struct opts *o = ps->o;

	if (o->have_ovtgt && o->have_tgt && o->ovtgt.shelf == o->tgt.shelf &&
	    o->ovtgt.slot == o->tgt.slot)
		return opt_fail(ps, &ov, o->overlay, "is the root's own AoE"
				" disk; expected another eSHELF.SLOT[pPART]",
				"");
	if ((o->ov_format || o->ov_reset || o->ov_run) && !o->have_ovtgt)
		return opt_fail(ps, o->ov_run ? &run : o->ov_format ? &format :
				&reset, o->ov_run ? NULL : "1",
				"needs rd.aoe.overlay=eSHELF.SLOT[pPART] (a"
				" disk, not tmpfs)", "");
	if (o->ov_run) {
		o->tgt = o->ovtgt;
		o->have_tgt = 1;
	}
	return 0;
}

static int opt_cmdline(struct pstate *ps, char *t);

/* Apply an option that takes value v; 0 ok, -1 with the error set. */
static int opt_value(struct pstate *ps, int kind, const struct opt_spell *sp,
		     const char *v)
{
	struct opts *o = ps->o;
	int bad = 0;

	switch (kind) {
	case K_IF:
		o->if_sp = *sp;
		bad = opt_if_list(o, v);
		break;
	case K_BOOTIF:
		o->bootif_sp = *sp;
		o->bootif_text = v;
		bad = mac_parse_bootif(v, o->bootif);
		o->have_bootif = !bad;
		break;
	case K_MTU:
		o->mtu_sp = *sp;
		bad = opt_mtu(o, v);
		break;
	case K_TIMEOUT:
		bad = opt_num(&o->timeout, v, 1, 3600);
		break;
	case K_CTIMEOUT:
		bad = opt_num(&o->ctimeout, v, 0, 3600);
		break;
	case K_DEADSECS:
		bad = opt_num(&o->deadsecs, v, 0, 86400);
		o->deadsecs_set = !bad;
		break;
	case K_STATUS:
		bad = !*v;
		o->status_file = v;
		break;
	case K_PREFIX:
		o->prefix = v;
		break;
	case K_CMDLINE:
		/* argv's strings are the program's to change (C99 5.1.2.2.1) */
		return opt_cmdline(ps, (char *)v);
	case K_PROBE:
		bad = opt_num(&o->probe, v, 0, 1);
		break;
	case K_ABFT:
		bad = opt_num(&o->abft, v, 0, 1);
		break;
	case K_MAC:
		o->pin_sp = *sp;
		o->pin_text = v;
		bad = opt_pins(o, v);
		break;
	case K_TARGET:
		if (opt_target(ps, sp, v, v, kind, &o->tgt))
			return -1;
		o->have_tgt = 1;
		break;
	case K_ROOT:
		ps->root = v;
		break;
	case K_NETROOT:
		ps->netroot = v;
		break;
	case K_OVERLAY:
		return opt_overlay(ps, sp, v);
	case K_OVFORMAT:
		bad = opt_num(&o->ov_format, v, 0, 1);
		break;
	case K_OVRESET:
		bad = opt_num(&o->ov_reset, v, 0, 1);
		break;
	}
	return bad ? opt_fail(ps, sp, v, expect[kind], "") : 0;
}

/* Apply a flag option. */
static void opt_flag(struct opts *o, int kind)
{
	switch (kind) {
	case K_NOPROBE: o->probe = 0; break;
	case K_OVRUN: o->ov_run = 1; break;
	case K_ABFTON: o->abft = 1; break;
	case K_SHOWABFT: o->action = ACT_ABFT; break;
	case K_CHECK: o->check = 1; break;
	case K_LINKS: o->links_only = 1; break;
	case K_QUIET: o->verbosity = 0; break;
	case K_VERBOSE: o->verbosity = 2; break;
	case K_HELP: o->action = ACT_HELP; break;
	case K_VERSION:
		if (o->action != ACT_HELP)
			o->action = ACT_VERSION;
		break;
	}
}

enum opt_field { OF_SHORT, OF_LONG, OF_WORD };	/* -m, --mtu, rd.aoe.mtu */

/* Find the table entry whose field is s[0..len). */
static const struct odef *opt_find(enum opt_field field, const char *s,
				   size_t len)
{
	const char *k;
	size_t i;

	for (i = 0; i < NDEFS; i++) {
		k = field == OF_SHORT ? odefs[i].sh :
		    field == OF_LONG ? odefs[i].lng : odefs[i].word;
		if (k && strlen(k) == len && !strncmp(k, s, len))
			return &odefs[i];
	}
	return NULL;
}

/* Put "aoe-up: PRE WHAT: unknown KIND (see aoe-up --help)" into the error
 * buffer (PRE and WHAT as typed, one string); returns -1. */
static int opt_unknown(struct pstate *ps, const char *pre, const char *what,
		       const char *kind)
{
	fmt(ps->err, ps->n, "aoe-up: %s%s: unknown %s (see aoe-up --help)",
	    pre, what, kind);
	return -1;
}

/* Handle "--name[=value]" at argv[*i]; 0 ok, -1 with the error set. */
static int opt_long(struct pstate *ps, int argc, char **argv, int *i)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a) : strlen(a);
	const struct odef *d = opt_find(OF_LONG, a, len);
	struct opt_spell sp = { "--", NULL };

	if (!d)
		return opt_unknown(ps, "", argv[*i], "option");
	sp.name = d->lng;
	if (!K_HASVAL(d->kind)) {
		if (eq)
			return opt_fail(ps, &sp, eq + 1, "takes no value", "");
		opt_flag(ps->o, d->kind);
		return 0;
	}
	if (eq)
		return opt_value(ps, d->kind, &sp, eq + 1);
	if (*i + 1 >= argc)
		return opt_fail(ps, &sp, NULL, "missing value; ",
				expect[d->kind]);
	return opt_value(ps, d->kind, &sp, argv[++*i]);
}

/* Handle "-abc" or "-mVALUE" / "-m VALUE" at argv[*i]; 0 ok, -1 error. */
static int opt_short(struct pstate *ps, int argc, char **argv, int *i)
{
	const char *p = argv[*i] + 1;
	const struct odef *d;
	struct opt_spell sp = { "-", NULL };

	for (; *p; p++) {
		d = opt_find(OF_SHORT, p, 1);
		if (!d) {
			char c[2] = { *p, '\0' };

			return opt_unknown(ps, "-", c, "option");
		}
		if (!K_HASVAL(d->kind)) {
			opt_flag(ps->o, d->kind);
			continue;
		}
		sp.name = d->sh;
		if (p[1])
			return opt_value(ps, d->kind, &sp, p + 1);
		if (*i + 1 >= argc)
			return opt_fail(ps, &sp, NULL, "missing value; ",
					expect[d->kind]);
		return opt_value(ps, d->kind, &sp, argv[++*i]);
	}
	return 0;
}

/* Handle a kernel-command-line word: its key, the klen bytes at a, and
 * value v; an unknown key is named as the text at a; 0 ok, -1 error. */
static int opt_word(struct pstate *ps, const char *a, size_t klen,
		    const char *v)
{
	const struct odef *d = opt_find(OF_WORD, a, klen);
	struct opt_spell sp = { "", NULL };

	if (!d)
		return opt_unknown(ps, "", a, "parameter");
	sp.name = d->word;
	return opt_value(ps, d->kind, &sp, v);
}

/* Is w's key one of aoe-up's: rd.aoe.* (a typo too), BOOTIF, root,
 * netroot? */
static int opt_cml_ours(const struct cml_word *w)
{
	return (w->klen >= 7 && !memcmp(w->key, "rd.aoe.", 7)) ||
	       opt_find(OF_WORD, w->key, w->klen);
}

/* Apply the kernel command line text t (--cmdline): of each of our keys
 * the last word, split and unquoted as dracut's getarg does (a word with
 * no '=' has the empty value), NUL-terminated in place; 0 ok, -1 error. */
static int opt_cmdline(struct pstate *ps, char *t)
{
	struct cml_word w;
	char *p = cml_skip(t), *next;

	for (; *p; p = next) {
		next = cml_next(p, &w);
		if (!opt_cml_ours(&w) || cml_later(next, &w))
			continue;
		if (w.val)
			w.val[w.vlen] = '\0';
		else
			w.key[w.klen] = '\0';
		if (opt_word(ps, w.key, w.klen, w.val ? w.val : ""))
			return -1;
	}
	return 0;
}

/* Handle the positional TARGET; 0 ok, -1 error. */
static int opt_positional(struct pstate *ps, const char *a)
{
	static const struct opt_spell sp = { "", NULL };

	if (ps->have_pos) {
		fmt(ps->err, ps->n, "aoe-up: %s: unexpected argument"
		    " (only one TARGET may be given)", a);
		return -1;
	}
	ps->have_pos = 1;
	if (opt_target(ps, &sp, a, a, K_TARGET, &ps->o->tgt))
		return -1;
	ps->o->have_tgt = 1;
	return 0;
}

/* The AoE device root= (block: too) or netroot= value v (K_ROOT/K_NETROOT)
 * names, into *t: ROOT_DEV or ROOT_AOE as it is spelled, ROOT_NONE if it
 * names none, -1 if it names a bad one. */
static int opt_root(struct pstate *ps, const char *v, int kind,
		    struct aoe_target *t)
{
	static const struct opt_spell sp[2] = { { "", "root" },
						{ "", "netroot" } };
	const struct opt_spell *s = &sp[kind == K_NETROOT];
	const char *d = v;

	if (!v)
		return ROOT_NONE;
	if (kind == K_ROOT && !strncmp(d, "block:", 6))
		d += 6;
	if (kind == K_ROOT && !strncmp(d, "/dev/etherd/", 12))
		return opt_target(ps, s, v, d, kind, t) ? -1 : ROOT_DEV;
	if (strncmp(d, "aoe:", 4))
		return ROOT_NONE;
	return opt_target(ps, s, v, d + 4, kind, t) ? -1 : ROOT_AOE;
}

/* Judge what depends on several options: rd.aoe.target= (or TARGET) over
 * root=, over netroot=, over the aBFT (--abft).  An AoE root= or netroot=
 * is checked even when it is not the target; the root itself is root=, or
 * with no root= netroot='s partition. */
static int opt_finish(struct pstate *ps)
{
	static const struct opt_spell rsp = { "", "root" };
	struct opts *o = ps->o;
	struct aoe_target nt;
	int r, n;

	if (o->action != ACT_RUN)
		return 0;
	if ((r = opt_root(ps, ps->root, K_ROOT, &o->root)) < 0 ||
	    (n = opt_root(ps, ps->netroot, K_NETROOT, &nt)) < 0)
		return -1;
	o->root_form = r;
	if (!r && n && (!ps->root || !*ps->root) && nt.part) {
		o->root = nt;
		o->root_form = ROOT_AOE;
	}
	if (!o->have_tgt && (r || n)) {
		o->tgt = r ? o->root : nt;
		o->have_tgt = 1;
	}
	if (o->have_tgt || o->abft)
		return 0;
	if (ps->root)
		return opt_fail(ps, &rsp, ps->root, "not an AoE device"
				" (expected /dev/etherd/eSHELF.SLOT[pPART]"
				" or aoe:eSHELF.SLOT[pPART])", "");
	if (o->links_only)
		return 0;
	fmt(ps->err, ps->n, "aoe-up: no target given; expected"
	    " eSHELF.SLOT[pPART], root=/dev/etherd/eSHELF.SLOT"
	    "[pPART] or rd.aoe.target=eSHELF.SLOT[pPART]");
	return -1;
}

/* Set the defaults every run starts from. */
static void opt_defaults(struct opts *o)
{
	static const struct opt_spell mtu = { "--", "mtu" };
	static const struct opt_spell ifs = { "--", "if" };

	memset(o, 0, sizeof(*o));
	o->action = ACT_RUN;
	o->mtu_mode = MTU_AUTO;
	o->mtu_sp = mtu;
	o->if_sp = ifs;
	o->timeout = 90;
	o->ctimeout = 5;
	o->prefix = "";
	o->verbosity = 1;
	o->probe = 1;
}

/* Parse argv into *o; 0 ok, -1 with a one-line message in err. */
int opts_parse(int argc, char **argv, struct opts *o, char *err, size_t n)
{
	struct pstate ps = { .o = o, .err = err, .n = n };
	int i, r, dashdash = 0;
	const char *a;

	opt_defaults(o);
	err[0] = '\0';
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!dashdash && !strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		if (!dashdash && a[0] == '-' && a[1] == '-')
			r = opt_long(&ps, argc, argv, &i);
		else if (!dashdash && a[0] == '-' && a[1])
			r = opt_short(&ps, argc, argv, &i);
		else if (strchr(a, '='))
			r = opt_word(&ps, a, (size_t)(strchr(a, '=') - a),
				     strchr(a, '=') + 1);
		else
			r = opt_positional(&ps, a);
		if (r)
			return -1;
	}
	if ((r = opt_finish(&ps)))
		return r;
	return o->action == ACT_RUN ? opt_ov_finish(&ps) : 0;
}

/* Write the checked values the hooks act on into b, as NAME=VALUE lines
 * (--check): the target, the root's AoE device, the overlay words. */
void opts_show(const struct opts *o, char *b, size_t n)
{
	char t[TGT_NAMESZ];
	size_t len = 0;

	b[0] = '\0';
	if (o->have_tgt) {
		tgt_name(&o->tgt, TGT_NAME_PART, t, sizeof(t));
		fmt_add(b, n, &len, "target=%s\n", t);
	}
	if (o->root_form) {
		tgt_name(&o->root, TGT_NAME_PART, t, sizeof(t));
		fmt_add(b, n, &len, "root=%s%s\n", o->root_form == ROOT_AOE ?
			"aoe:" : "/dev/etherd/", t);
	}
	if (!o->overlay)
		return;
	if (o->have_ovtgt)
		tgt_name(&o->ovtgt, TGT_NAME_PART, t, sizeof(t));
	fmt_add(b, n, &len, "overlay=%s\noverlay.format=%d\n"
		"overlay.reset=%d\n", o->have_ovtgt ? t : o->overlay,
		o->ov_format, o->ov_reset);
}

/* The --help text: every option, its command line spelling and its form;
 * the prose is in aoe-up(8) (kept short: this is the initramfs helper). */
const char *opts_help(void)
{
	return
"usage: aoe-up [OPTIONS] [TARGET]      (details: aoe-up(8), dracut.aoe(7))\n"
"Bring up the NICs for an AoE root; make the aoe driver find TARGET.\n"
"TARGET: eX.Y[pN] (shelf 0-65534 but 4095, slot 0-254, part 1-15); also\n"
"  rd.aoe.target=eX.Y[pN], root=/dev/etherd/eX.Y[pN], root=aoe:eX.Y[pN],\n"
"  netroot=aoe:eX.Y[pN]\n"
"  -i, --if=LIST           rd.aoe.if=LIST     NIC names or MACs\n"
"  -b, --bootif=V          BOOTIF=V           01-aa-bb-cc-dd-ee-ff or a MAC\n"
"  -m, --mtu=V             rd.aoe.mtu=V       auto (default), keep, 68-65535\n"
"  -t, --timeout=S         rd.aoe.timeout=S   1-3600 s (90)\n"
"  -c, --carrier-timeout=S rd.aoe.timeout.carrier=S  0-3600 s (5)\n"
"      --deadsecs=S        rd.aoe.deadsecs=S  0-86400 s, 0: wait (default;\n"
"                                             86400 with 2+ target MACs)\n"
"      --mac=LIST          rd.aoe.mac=LIST    the target's MACs (pinned)\n"
"      --no-probe          rd.aoe.probe=0|1   path probe off (on)\n"
"      --abft              rd.aoe.abft=0|1    take what is not given from the\n"
"                                             firmware's aBFT (iPXE sanboot)\n"
"      --show-abft         print the aBFT's \"eX.Y MAC\"; exit 1 if none\n"
"  rd.aoe.overlay=tmpfs[:size=SIZE]|eX.Y[pN] rd.aoe.overlay.format=0|1\n"
"  rd.aoe.overlay.reset=0|1  (checked here, used by the overlay hook)\n"
"      --overlay           look for the rd.aoe.overlay= disk instead\n"
"      --cmdline=TEXT      the words above from a kernel command line, split\n"
"                          as dracut's getarg does (quotes; the last counts)\n"
"  -n, --check             validate; print the target, root and overlay\n"
"  -s, --status-file=F  -P, --prefix=DIR  -l, --links-only\n"
"  -q, --quiet  -v, --verbose  -h, --help  -V, --version\n"
"NICs: those of --if, else the one with the BOOTIF MAC, else every wired\n"
"Ethernet NIC.  --mtu=auto: the largest MTU up to 9000 the NIC takes, never\n"
"lowered, unless the path probe finds big frames lost: then 1500.\n"
"Exit status: 0 found (--check: ok, --links-only: carrier),\n"
"1 not found by the deadline (--links-only: no carrier), 2 bad option,\n"
"3 no usable NIC.\n";
}
