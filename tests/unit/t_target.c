/* t_target.c - target names: what tgt_parse accepts and how it says no. */
#include <stdio.h>
#include "t.h"

static const struct {
	const char *in;
	int rc;
	const char *canon;	/* tgt_name with the partition */
} cases[] = {
	{ "e0.0", TGT_OK, "e0.0" },
	{ "e0.1", TGT_OK, "e0.1" },
	{ "e0.1p1", TGT_OK, "e0.1p1" },
	{ "e65534.254", TGT_OK, "e65534.254" },
	{ "e65535.1", TGT_SHELF, NULL },
	{ "e99999999999999999999.1", TGT_SHELF, NULL },
	{ "e4095.1", TGT_RESERVED, NULL },
	{ "e4094.1", TGT_OK, "e4094.1" },
	{ "e4096.1", TGT_OK, "e4096.1" },
	{ "e1.254", TGT_OK, "e1.254" },
	{ "e1.255", TGT_SLOT, NULL },
	{ "e1.1p0", TGT_PART, NULL },
	{ "e1.1p15", TGT_OK, "e1.1p15" },
	{ "e1.1p16", TGT_PART, NULL },
	{ "/dev/etherd/e7.3", TGT_OK, "e7.3" },
	{ "/dev/etherd/e7.3p2", TGT_OK, "e7.3p2" },
	{ "/dev/etherd/", TGT_FORM, NULL },
	{ "/dev/e7.3", TGT_FORM, NULL },
	{ "", TGT_FORM, NULL },
	{ "e", TGT_FORM, NULL },
	{ "e0", TGT_FORM, NULL },
	{ "e0.", TGT_FORM, NULL },
	{ "e.1", TGT_FORM, NULL },
	{ "E0.1", TGT_FORM, NULL },
	{ "e+0.1", TGT_FORM, NULL },
	{ "e-0.1", TGT_FORM, NULL },
	{ "e0.+1", TGT_FORM, NULL },
	{ "e00.1", TGT_FORM, NULL },
	{ "e0.01", TGT_FORM, NULL },
	{ "e0x1.1", TGT_FORM, NULL },
	{ "e0.1p", TGT_FORM, NULL },
	{ "e0.1p01", TGT_FORM, NULL },
	{ "e0.1 ", TGT_FORM, NULL },
	{ " e0.1", TGT_FORM, NULL },
	{ "e0.1x", TGT_FORM, NULL },
	{ "e0.1p1x", TGT_FORM, NULL },
	{ "e0.1.2", TGT_FORM, NULL },
	{ "e0,1", TGT_FORM, NULL },
};

void t_target(void)
{
	struct aoe_target t;
	char name[80], got[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "target [%s]", cases[i].in);
		rc = tgt_parse(cases[i].in, &t);
		if (rc != cases[i].rc || !cases[i].canon) {
			t_int(name, rc, cases[i].rc);
			continue;
		}
		tgt_name(&t, TGT_NAME_PART, got, sizeof(got));
		t_str(name, got, cases[i].canon);
	}
	tgt_parse("e12.3p4", &t);
	tgt_name(&t, TGT_NAME_DISK, got, sizeof(got));
	t_str("target name without partition", got, "e12.3");
	tgt_sysname(&t, got, sizeof(got));
	t_str("target sysfs name", got, "etherd!e12.3");
}
