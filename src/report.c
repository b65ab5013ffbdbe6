/*
 * report.c - the texts of the result lines: found, per-NIC status and the
 * failure report.  They fill buffers so the tests can compare them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

/* Short text for the errnos interface and device calls give. */
const char *rep_err(int e)
{
	static char other[24];

	switch (e) {
	case EINVAL: return "Invalid argument";
	case EPERM: return "Operation not permitted";
	case EACCES: return "Permission denied";
	case EBUSY: return "Device or resource busy";
	case ENODEV: return "No such device";
	case ENXIO: return "No such device or address";
	case ENOENT: return "No such file or directory";
	case EOPNOTSUPP: return "Operation not supported";
	case ERANGE: return "Numerical result out of range";
	case EROFS: return "Read-only file system";
	case EIO: return "Input/output error";
	case ELOOP: return "is a symbolic link";
	}
	fmt(other, sizeof(other), "error %d", e);
	return other;
}

/* The success line: "aoe-up: found e0.1p1: target MAC via NIC, payload ...". */
void rep_found(char *b, size_t n, const char *target, const struct adev *d,
	       int mtu, long long ms)
{
	char m[16] = "";

	if (mtu > 0)
		fmt(m, sizeof(m), ", mtu %d", mtu);
	fmt(b, n, "aoe-up: found %s: target %s via %s, payload %d"
	    " bytes/frame%s, %lld ms", target, d->mac,
	    d->netif[0] ? d->netif : "?", d->payload, m, ms);
}

/* The path-probe line for a path that loses l->frame-byte frames. */
void rep_lost(char *b, size_t n, const struct rep_lost *l)
{
	int k = fmt(b, n, "aoe-up: %s: %d-byte frames are lost on the"
		    " path via %s; ", l->dev, l->frame, l->nif);

	if (k < 0 || (size_t)k >= n)
		return;
	if (l->keep)
		fmt(b + k, n - k, "%s keeps them: expect I/O to hang"
		    " (use %s)", l->keep, l->use);
	else if (l->err)
		fmt(b + k, n - k, "cannot set MTU %d (%s): expect I/O"
		    " to hang", l->mtu, rep_err(l->err));
	else
		fmt(b + k, n - k, "MTU set to %d (payload %d)", l->mtu,
		    l->payload);
}

/* The "tried ..." line, each NIC as "ens3 (carrier up, mtu 9000)". */
static void rep_tried(char *b, size_t n, size_t *len, const struct rep_fail *f)
{
	const struct rep_nic *r;
	int i;

	if (!f->nnics)
		fmt_add(b, n, len, "aoe-up: no interface to try");
	for (i = 0; i < f->nnics; i++) {
		r = &f->nics[i];
		fmt_add(b, n, len, "%s%s (%s, mtu %d)",
			i ? ", " : "aoe-up: tried ", r->name, r->note ? r->note :
			r->carrier ? "carrier up" : "no carrier", r->mtu);
	}
	fmt_add(b, n, len, "; %d discover broadcast%s\n", f->discovers,
		f->discovers == 1 ? "" : "s");
}

/* The line about the target's own device, if it answered. */
static void rep_target(char *b, size_t n, size_t *len, const struct rep_fail *f)
{
	if (f->check == ADEV_NOT_UP) {
		fmt_add(b, n, len, "aoe-up: %s answered but its state is %s\n",
			f->dev->name, f->dev->state[0] ? f->dev->state : "unknown");
	} else if (f->check == ADEV_NO_PART) {
		fmt_add(b, n, len, "aoe-up: %s is up but has no partition %u",
			f->dev->name, f->part);
		if (f->parts && f->parts[0])
			fmt_add(b, n, len, " (it has %s)\n", f->parts);
		else
			fmt_add(b, n, len, " (it has no partitions)\n");
	}
}

/* The "answered: ..." line listing every AoE device. */
static void rep_answered(char *b, size_t n, size_t *len,
			 const struct rep_fail *f)
{
	const struct adev *d;
	int i;

	if (!f->nanswered)
		fmt_add(b, n, len, "aoe-up: no AoE target answered on any"
			" interface\n");
	for (i = 0; i < f->nanswered; i++) {
		d = &f->answered[i];
		fmt_add(b, n, len, "%s%s (%s via %s, %s)",
			i ? ", " : "aoe-up: answered: ", d->name, d->mac,
			d->netif[0] ? d->netif : "?",
			d->state[0] ? d->state : "unknown");
	}
	if (f->nanswered)
		fmt_add(b, n, len, "\n");
}

/* The failure report, lines ending in "\n"; the first is the summary. Returns its length. */
size_t rep_failure(char *b, size_t n, const struct rep_fail *f)
{
	size_t len = 0;

	fmt_add(b, n, &len, "aoe-up: %s not found within %d s\n", f->target,
		f->timeout);
	rep_tried(b, n, &len, f);
	rep_target(b, n, &len, f);
	rep_answered(b, n, &len, f);
	return len;
}
