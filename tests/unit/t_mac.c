/* t_mac.c - MAC addresses, pxelinux BOOTIF and the driver's 12-digit form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"

static const struct {
	int kind;		/* 0 mac_parse, 1 bootif, 2 hex12 */
	const char *in;
	const char *out;	/* formatted, or NULL if rejected */
} cases[] = {
	{ 0, "52:54:00:12:34:56", "52:54:00:12:34:56" },
	{ 0, "52-54-00-12-34-56", "52:54:00:12:34:56" },
	{ 0, "AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff" },
	{ 0, "aA-bB-cC-dD-eE-fF", "aa:bb:cc:dd:ee:ff" },
	{ 0, "52:54:00-12:34:56", NULL },
	{ 0, "52:54:00:12:34", NULL },
	{ 0, "52:54:00:12:34:56:78", NULL },
	{ 0, "52:54:00:12:34:5g", NULL },
	{ 0, "5:54:00:12:34:567", NULL },
	{ 0, "525400123456", NULL },
	{ 0, "", NULL },
	{ 0, "52.54.00.12.34.56", NULL },
	{ 1, "01-52-54-00-12-34-56", "52:54:00:12:34:56" },
	{ 1, "01-AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff" },
	{ 1, "52:54:00:12:34:56", "52:54:00:12:34:56" },
	{ 1, "52-54-00-12-34-56", "52:54:00:12:34:56" },
	{ 1, "06-52-54-00-12-34-56", NULL },
	{ 1, "01-52-54-00-12-34", NULL },
	{ 1, "01-52-54-00-12-34-56-", NULL },
	{ 1, "01:52:54:00:12:34:56", NULL },
	{ 1, "01-52-54-00-12-34", NULL },
	{ 1, "ff:ff:ff:ff:ff:ff", NULL },
	{ 1, "33-33-00-00-00-01", NULL },
	{ 0, "0", NULL },
	{ 1, "0", NULL },
	{ 1, "x", NULL },
	{ 2, "525400123456", "52:54:00:12:34:56" },
	{ 2, "5254001234", NULL },
	{ 2, "none", NULL },
	{ 2, "52540012345g", NULL },
};

/* Parse in as kind from an exact-size heap copy, so ASan sees overreads. */
static int t_mac_one(int kind, const char *in, unsigned char m[6])
{
	char *s = strdup(in);
	int rc;

	if (!s)
		abort();
	rc = kind == 0 ? mac_parse(s, m) : kind == 1 ?
	     mac_parse_bootif(s, m) : mac_parse_hex12(s, m);
	free(s);
	return rc;
}

void t_mac(void)
{
	unsigned char m[6];
	char name[80], got[18];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "%s [%s]", cases[i].kind == 0 ?
			 "mac" : cases[i].kind == 1 ? "bootif" : "mac hex12",
			 cases[i].in);
		rc = t_mac_one(cases[i].kind, cases[i].in, m);
		if (!cases[i].out) {
			t_ok(name, rc != 0, "accepted, should be rejected");
			continue;
		}
		if (rc) {
			t_ok(name, 0, "rejected, should be accepted");
			continue;
		}
		mac_format(m, got);
		t_str(name, got, cases[i].out);
	}
}
