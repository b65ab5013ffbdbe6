/*
 * target.c - AoE target names: eSHELF.SLOT or eSHELF.SLOTpPART, optionally
 * written as /dev/etherd/eSHELF.SLOT[pPART].
 */
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

#define SHELF_MAX 65534UL	/* 0xffff is the broadcast shelf */
#define SHELF_RESERVED 4095UL	/* the driver drops answers from it */
#define SLOT_MAX 254UL		/* 0xff is the broadcast slot */
#define PART_MAX 15UL

/* Parse one number field of a target; TGT_OK or the given range code. */
static int tgt_field(const char **p, unsigned long max, int range,
		     unsigned long *v)
{
	int r = num_parse(*p, p, max, v);

	if (r == NUM_BAD)
		return TGT_FORM;
	if (r == NUM_RANGE)
		return range;
	return TGT_OK;
}

/* Parse s into *t; TGT_OK or a TGT_* code saying what is wrong. */
int tgt_parse(const char *s, struct aoe_target *t)
{
	unsigned long sh, sl, pa = 0;
	const char *p = s;
	int r;

	if (!strncmp(p, "/dev/etherd/", 12))
		p += 12;
	if (*p++ != 'e')
		return TGT_FORM;
	if ((r = tgt_field(&p, SHELF_MAX, TGT_SHELF, &sh)) != TGT_OK)
		return r;
	if (*p++ != '.')
		return TGT_FORM;
	if ((r = tgt_field(&p, SLOT_MAX, TGT_SLOT, &sl)) != TGT_OK)
		return r;
	if (*p == 'p') {
		p++;
		if ((r = tgt_field(&p, PART_MAX, TGT_PART, &pa)) != TGT_OK)
			return r;
		if (pa == 0)
			return TGT_PART;
	}
	if (*p)
		return TGT_FORM;
	if (sh == SHELF_RESERVED)
		return TGT_RESERVED;
	t->shelf = (unsigned)sh;
	t->slot = (unsigned)sl;
	t->part = (unsigned)pa;
	return TGT_OK;
}

/* Words saying what a TGT_* code means, "" for TGT_OK and TGT_FORM. */
const char *tgt_why(int code)
{
	switch (code) {
	case TGT_SHELF: return "shelf out of range; ";
	case TGT_RESERVED: return "shelf 4095 is reserved; ";
	case TGT_SLOT: return "slot out of range; ";
	case TGT_PART: return "partition out of range; ";
	}
	return "";
}

/* Write "e0.1" or, as TGT_NAME_PART with a partition, "e0.1p1" into buf. */
void tgt_name(const struct aoe_target *t, enum tgt_form form, char *buf,
	      size_t n)
{
	if (form == TGT_NAME_PART && t->part)
		fmt(buf, n, "e%u.%up%u", t->shelf, t->slot, t->part);
	else
		fmt(buf, n, "e%u.%u", t->shelf, t->slot);
}

/* Write the sysfs block name "etherd!e0.1" into buf. */
void tgt_sysname(const struct aoe_target *t, char *buf, size_t n)
{
	fmt(buf, n, "etherd!e%u.%u", t->shelf, t->slot);
}
