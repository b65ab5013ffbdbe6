/* t_report.c - the exact texts of the found line and the failure report. */
#include <stdio.h>
#include <string.h>
#include "t.h"

void fake_block(void);

static const struct rep_nic two[] = {
	{ "ens3", 1, 9000, NULL },
	{ "ens4", 0, 1500, NULL },
};

/* Failure report for target tgt against the fake block tree. */
static void fail_text(const char *tgt, const struct rep_nic *nics, int nn,
		      int disc, int with_answers, char *b, size_t n)
{
	struct aoe_target t;
	struct adev dev, ans[8];
	struct rep_fail f;
	char tn[24], parts[64] = "";

	memset(&f, 0, sizeof(f));
	tgt_parse(tgt, &t);
	tgt_name(&t, TGT_NAME_PART, tn, sizeof(tn));
	f.target = tn;
	f.timeout = 90;
	f.nics = nics;
	f.nnics = nn;
	f.discovers = disc;
	f.check = adev_check(fk_prefix(), &t, &dev);
	f.dev = &dev;
	if (f.check == ADEV_NO_PART)
		adev_parts(fk_prefix(), &t, parts, sizeof(parts));
	f.parts = parts;
	f.part = t.part;
	f.nanswered = with_answers ? adev_list(fk_prefix(), ans, 8) : 0;
	f.answered = ans;
	rep_failure(b, n, &f);
}

#define ANS "aoe-up: answered: e0.1 (52:54:00:12:34:56 via ens3, up)," \
	" e0.2 (52:54:00:ab:cd:ef via ens3,ens4, down,closewait)," \
	" e0.3 (52:54:00:00:00:03 via ens4, up), e1.10 (none via ?, up,kickme)\n"

void t_report(void)
{
	static const struct rep_nic out[] = {
		{ "ens5", 0, 1500, "left out: mtu 9000 refused" },
	};
	struct aoe_target t;
	struct adev d;
	char b[2048];

	fake_block();
	tgt_parse("e0.1p1", &t);
	adev_check(fk_prefix(), &t, &d);
	rep_found(b, sizeof(b), "e0.1p1", &d, 9000, 412);
	t_str("report found line", b, "aoe-up: found e0.1p1: target"
	      " 52:54:00:12:34:56 via ens3, payload 8704 bytes/frame, mtu 9000,"
	      " 412 ms");

	fail_text("e7.7p1", two, 2, 42, 0, b, sizeof(b));
	t_str("report failure, nothing answered", b,
	      "aoe-up: e7.7p1 not found within 90 s\n"
	      "aoe-up: tried ens3 (carrier up, mtu 9000), ens4 (no carrier,"
	      " mtu 1500); 42 discover broadcasts\n"
	      "aoe-up: no AoE target answered on any interface\n");

	fail_text("e7.7", two, 1, 1, 1, b, sizeof(b));
	t_str("report failure, others answered", b,
	      "aoe-up: e7.7 not found within 90 s\n"
	      "aoe-up: tried ens3 (carrier up, mtu 9000); 1 discover"
	      " broadcast\n" ANS);

	fail_text("e0.2p1", two, 2, 5, 1, b, sizeof(b));
	t_str("report failure, target not up", b,
	      "aoe-up: e0.2p1 not found within 90 s\n"
	      "aoe-up: tried ens3 (carrier up, mtu 9000), ens4 (no carrier,"
	      " mtu 1500); 5 discover broadcasts\n"
	      "aoe-up: e0.2 answered but its state is down,closewait\n" ANS);

	fail_text("e0.1p2", two, 1, 5, 1, b, sizeof(b));
	t_str("report failure, partition missing", b,
	      "aoe-up: e0.1p2 not found within 90 s\n"
	      "aoe-up: tried ens3 (carrier up, mtu 9000); 5 discover"
	      " broadcasts\n"
	      "aoe-up: e0.1 is up but has no partition 2 (it has p1, p3)\n"
	      ANS);

	fail_text("e0.3p1", two, 1, 5, 0, b, sizeof(b));
	t_str("report failure, disk without partitions", b,
	      "aoe-up: e0.3p1 not found within 90 s\n"
	      "aoe-up: tried ens3 (carrier up, mtu 9000); 5 discover"
	      " broadcasts\n"
	      "aoe-up: e0.3 is up but has no partition 1 (it has no"
	      " partitions)\n"
	      "aoe-up: no AoE target answered on any interface\n");

	fail_text("e7.7", out, 1, 0, 0, b, sizeof(b));
	t_str("report failure, NIC left out", b,
	      "aoe-up: e7.7 not found within 90 s\n"
	      "aoe-up: tried ens5 (left out: mtu 9000 refused, mtu 1500); 0"
	      " discover broadcasts\n"
	      "aoe-up: no AoE target answered on any interface\n");

	fail_text("e7.7", out, 0, 0, 0, b, sizeof(b));
	t_str("report failure, no NIC", b,
	      "aoe-up: e7.7 not found within 90 s\n"
	      "aoe-up: no interface to try; 0 discover broadcasts\n"
	      "aoe-up: no AoE target answered on any interface\n");

	fail_text("e7.7", two, 2, 42, 1, b, 64);
	t_int("report failure truncates safely", (long long)strlen(b), 63);

	t_str("report errno text", rep_err(22), "Invalid argument");
	t_str("report unknown errno", rep_err(4242), "error 4242");
}
