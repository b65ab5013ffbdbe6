/* t_aoedev.c - judging the target over a fake /sys/block. */
#include <stdio.h>
#include <string.h>
#include "t.h"

static void fake_dev(const char *name, const char *state, const char *mac,
		     const char *netif, const char *payload)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "/sys/block/etherd!%s/state", name);
	fk_file(rel, state);
	snprintf(rel, sizeof(rel), "/sys/block/etherd!%s/mac", name);
	fk_file(rel, mac);
	snprintf(rel, sizeof(rel), "/sys/block/etherd!%s/netif", name);
	fk_file(rel, netif);
	snprintf(rel, sizeof(rel), "/sys/block/etherd!%s/payload", name);
	fk_file(rel, payload);
}

/* The fake tree the aoedev and report tests share. */
void fake_block(void);
void fake_block(void)
{
	fk_reset("block");
	fake_dev("e0.1", "up\n", "525400123456\n", "ens3\n", "8704\n");
	fk_dir("/sys/block/etherd!e0.1/etherd!e0.1p1");
	fk_dir("/sys/block/etherd!e0.1/etherd!e0.1p3");
	fk_dir("/sys/block/etherd!e0.1/power");
	fake_dev("e0.2", "down,closewait\n", "525400abcdef\n", "ens3,ens4\n",
		 "1024\n");
	fake_dev("e1.10", "up,kickme\n", "none\n", "\n", "0\n");
	fake_dev("e0.3", "up\n", "525400000003\n", "ens4\n", "1024\n");
	fk_dir("/sys/block/sda");
}

static const struct {
	const char *tgt;
	int want;
} checks[] = {
	{ "e0.1", ADEV_FOUND },
	{ "e0.1p1", ADEV_FOUND },
	{ "e0.1p3", ADEV_FOUND },
	{ "e0.1p2", ADEV_NO_PART },
	{ "e0.2", ADEV_NOT_UP },
	{ "e0.2p1", ADEV_NOT_UP },
	{ "e1.10", ADEV_FOUND },
	{ "e0.4", ADEV_ABSENT },
	{ "e9.9p1", ADEV_ABSENT },
};

void t_aoedev(void)
{
	struct aoe_target t;
	struct adev d, all[8];
	char name[80], got[256];
	size_t i, len = 0;
	int n, k;

	fake_block();
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		tgt_parse(checks[i].tgt, &t);
		snprintf(name, sizeof(name), "aoedev check %s", checks[i].tgt);
		t_int(name, adev_check(fk_prefix(), &t, &d), checks[i].want);
	}
	tgt_parse("e0.1", &t);
	adev_check(fk_prefix(), &t, &d);
	snprintf(got, sizeof(got), "%s|%s|%s|%s|%d", d.name, d.state, d.mac,
		 d.netif, d.payload);
	t_str("aoedev attributes", got,
	      "e0.1|up|52:54:00:12:34:56|ens3|8704");
	t_int("aoedev partitions count", adev_parts(fk_prefix(), &t, got,
						    sizeof(got)), 2);
	t_str("aoedev partitions list", got, "p1, p3");
	tgt_parse("e0.3", &t);
	t_int("aoedev no partitions", adev_parts(fk_prefix(), &t, got,
						 sizeof(got)), 0);
	t_str("aoedev no partitions text", got, "");
	n = adev_list(fk_prefix(), all, 8);
	for (k = 0; k < n; k++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s=%s",
					k ? " " : "", all[k].name, all[k].mac);
	t_str("aoedev lists every etherd device", got,
	      "e0.1=52:54:00:12:34:56 e0.2=52:54:00:ab:cd:ef"
	      " e0.3=52:54:00:00:00:03 e1.10=none");
	fk_reset("noblock");
	t_int("aoedev list without /sys/block", adev_list(fk_prefix(), all, 8),
	      0);
}
