/* t_nicsel.c - choosing NICs over a fake /sys/class/net. */
#include <stdio.h>
#include <string.h>
#include "t.h"

/* One fake interface: type, MAC, and which sysfs entries it has. */
static void fake_nic(const char *name, const char *type, const char *mac,
		     int device, const char *extra)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "/sys/class/net/%s/type", name);
	fk_file(rel, type);
	snprintf(rel, sizeof(rel), "/sys/class/net/%s/address", name);
	fk_file(rel, mac);
	if (device) {
		snprintf(rel, sizeof(rel), "/sys/class/net/%s/device", name);
		fk_link(rel, "/");
	}
	if (extra) {
		snprintf(rel, sizeof(rel), "/sys/class/net/%s/%s", name, extra);
		fk_dir(rel);
	}
}

static void fake_tree(void)
{
	fk_reset("nic");
	fake_nic("lo", "772\n", "00:00:00:00:00:00\n", 0, NULL);
	fake_nic("ens4", "1\n", "52:54:00:00:00:04\n", 1, NULL);
	fake_nic("ens3", "1\n", "52:54:00:00:00:03\n", 1, NULL);
	fake_nic("bond0", "1\n", "52:54:00:00:00:04\n", 0, NULL);
	fake_nic("wlan0", "1\n", "52:54:00:00:00:05\n", 1, "wireless");
	fake_nic("wlp2s0", "1\n", "52:54:00:00:00:06\n", 1, "phy80211");
	fake_nic("veth0", "1\n", "52:54:00:00:00:10\n", 0, NULL);
	fake_nic("ib0", "32\n", "80:00:00:48:fe:80\n", 1, NULL);
	fake_nic("eno1", "1\n", "AA:BB:CC:DD:EE:FF\n", 1, NULL);
}

/* Parse args split at '|' into *o (must succeed). */
static void mkopts(const char *args, struct opts *o)
{
	char buf[256], err[256], *argv[16], *p;
	int argc = 1;

	snprintf(buf, sizeof(buf), "%s", args);
	argv[0] = (char *)"aoe-up";
	for (p = buf; p; argc++) {
		argv[argc] = p;
		p = strchr(p, '|');
		if (p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	if (opts_parse(argc, argv, o, err, sizeof(err)))
		t_ok(args, 0, err);
}

/* The selection as "mode: a,b missing: 1". */
static void sel_text(const struct nsel *s, char *b, size_t n)
{
	size_t len;
	int i;

	len = (size_t)snprintf(b, n, "%s:", s->mode == SEL_IF ? "if" :
			       s->mode == SEL_BOOTIF ? "bootif" : "all");
	for (i = 0; i < s->n; i++)
		len += (size_t)snprintf(b + len, n - len, "%s%s", i ? "," : " ",
					s->names[i]);
	for (i = 0; i < s->nmissing; i++)
		len += (size_t)snprintf(b + len, n - len, "%s%d",
					i ? "," : " missing: ", s->missing[i]);
}

static const struct {
	const char *args;
	int use_all;
	const char *want;
} cases[] = {
	{ "e0.1", 0, "all: eno1,ens3,ens4" },
	{ "--if=ens4|e0.1", 0, "if: ens4" },
	{ "--if=ens4,eth9|e0.1", 0, "if: ens4 missing: 1" },
	{ "--if=eth9|e0.1", 0, "if: missing: 0" },
	{ "--if=veth0,wlan0|e0.1", 0, "if: veth0,wlan0" },
	{ "--if=52:54:00:00:00:10|e0.1", 0, "if: veth0" },
	{ "--if=52-54-00-00-00-04|e0.1", 0, "if: ens4" },
	{ "--if=aa:bb:cc:dd:ee:ff|e0.1", 0, "if: eno1" },
	{ "--if=52:54:00:00:00:99|e0.1", 0, "if: missing: 0" },
	{ "--if=ens3,52:54:00:00:00:03|e0.1", 0, "if: ens3" },
	{ "BOOTIF=01-52-54-00-00-00-03|e0.1", 0, "bootif: ens3" },
	{ "BOOTIF=01-52-54-00-00-00-04|e0.1", 0, "bootif: ens4" },
	{ "BOOTIF=01-52-54-00-00-00-99|e0.1", 0, "bootif: missing: -1" },
	{ "BOOTIF=01-52-54-00-00-00-99|e0.1", 1, "all: eno1,ens3,ens4" },
	{ "BOOTIF=01-52-54-00-00-00-03|--if=ens4|e0.1", 0, "if: ens4" },
};

void t_nicsel(void)
{
	static const struct {
		const char *name;
		int ether;
	} eth[] = {
		{ "ens3", 1 }, { "lo", 0 }, { "bond0", 0 }, { "wlan0", 0 },
		{ "wlp2s0", 0 }, { "veth0", 0 }, { "ib0", 0 }, { "nope", 0 },
	};
	char got[256], name[200];
	struct nsel s;
	struct opts o;
	size_t i;

	fake_tree();
	for (i = 0; i < sizeof(eth) / sizeof(eth[0]); i++) {
		snprintf(name, sizeof(name), "nic %s is %sphysical Ethernet",
			 eth[i].name, eth[i].ether ? "" : "not ");
		t_int(name, nsel_is_ether(fk_prefix(), eth[i].name),
		      eth[i].ether);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mkopts(cases[i].args, &o);
		nsel_select(fk_prefix(), &o, cases[i].use_all, &s);
		sel_text(&s, got, sizeof(got));
		snprintf(name, sizeof(name), "nic select [%s]%s", cases[i].args,
			 cases[i].use_all ? " after BOOTIF fallback" : "");
		t_str(name, got, cases[i].want);
	}
	nsel_have(fk_prefix(), got, sizeof(got));
	t_str("nic have lists all but lo, sorted", got,
	      "bond0, eno1, ens3, ens4, ib0, veth0, wlan0, wlp2s0");
	fk_reset("empty");
	nsel_have(fk_prefix(), got, sizeof(got));
	t_str("nic have with no interfaces", got, "none");
	mkopts("e0.1", &o);
	nsel_select(fk_prefix(), &o, 0, &s);
	sel_text(&s, got, sizeof(got));
	t_str("nic select with no /sys/class/net", got, "all:");
}
