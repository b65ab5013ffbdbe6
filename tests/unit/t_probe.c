/* t_probe.c - the path probe's frames: building, sizes, tags, matching the
 * answers, and the line printed for a path that loses big frames. */
#include <stdio.h>
#include <string.h>
#include "t.h"

static const struct prb_req req = {
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },	/* target */
	{ 0x52, 0x54, 0x00, 0xae, 0x00, 0x01 },	/* our NIC */
	0x1234, 7, 0x80abcd01UL, PRB_ATA
};

/* hex of f[0..n) */
static void hex(const unsigned char *f, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", f[i]);
}

static void t_build(void)
{
	unsigned char f[AOE_HDR + 8704];
	char h[2 * AOE_HDR + 1];
	size_t i;
	int junk = 1;

	t_int("probe build 8740 bytes", prb_build(f, 8740, &req), 8740);
	hex(f, AOE_HDR, h);
	t_str("probe build header", h,
	      "020000000001" "525400ae0001" "88a2"	/* Ethernet */
	      "1000" "1234" "07" "00" "80abcd01"	/* AoE: ver 1, ATA */
	      "000001ec" "000000000000" "0000");	/* ATA IDENTIFY, lba 0 */
	for (i = AOE_HDR; i < 8740; i++)
		junk &= f[i] == (unsigned char)(0xA5 ^ i);
	t_ok("probe build pads with junk", junk, "padding differs");
	t_int("probe build 1060 bytes", prb_build(f, 1060, &req), 1060);
	t_int("probe build refuses 59 bytes", prb_build(f, 59, &req), -1);
	t_int("probe build 60 bytes", prb_build(f, 60, &req), 60);
}

static void t_cfg(void)
{
	struct prb_req q = req;
	unsigned char f[60];
	char h[2 * 60 + 1];

	memset(q.dst, 0xff, 6);
	q.cmd = PRB_CFG;
	t_int("probe config query 60 bytes", prb_build(f, 60, &q), 60);
	hex(f, 60, h);
	t_str("probe config query", h,
	      "ffffffffffff" "525400ae0001" "88a2"
	      "1000" "1234" "07" "01" "80abcd01"	/* AoE: config */
	      "0000000000000000"			/* read, no string */
	      /* then zeros up to 60 bytes */
	      "00000000000000000000000000000000000000000000000000000000");
	f[28] = 17;
	t_int("probe config answer: sectors per frame", prb_cfg_scnt(f, 60), 17);
	t_int("probe config answer: runt", prb_cfg_scnt(f, 28), 0);
	memcpy(f, req.src, 6);
	memcpy(f + 6, req.dst, 6);
	f[14] = 0x18;
	t_int("probe config answer from any MAC to a broadcast query",
	      prb_match(f, 60, &q), 1);
	f[6] = 0x03;
	t_int("probe config answer from a multicast source is ignored",
	      prb_match(f, 60, &q), 0);
	memset(f + 6, 0xff, 6);
	t_int("probe config answer from the broadcast MAC is ignored",
	      prb_match(f, 60, &q), 0);
	memcpy(f + 6, req.dst, 6);
	f[14] = 0x1c;
	t_int("probe config answer with the error flag is ignored",
	      prb_match(f, 60, &q), 0);
	f[14] = 0x18;
	f[19] = 0;
	t_int("probe config: an ATA answer does not match",
	      prb_match(f, 60, &q), 0);
}

static const struct {
	int payload, mtu, want;
} sizes[] = {
	{ 8704, 9000, 8740 },	/* 17 sectors: what the driver sends */
	{ 8192, 9000, 8228 },
	{ 8704, 8228, 8242 },	/* never past MTU + 14 */
	{ 1024, 1500, 1060 },
};

static void t_sizes(void)
{
	char name[64];
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "probe size payload %d mtu %d",
			 sizes[i].payload, sizes[i].mtu);
		t_int(name, prb_size(sizes[i].payload, sizes[i].mtu),
		      sizes[i].want);
	}
	t_int("probe payload 9000 / 17 sectors", prb_payload(9000, 17), 8704);
	t_int("probe payload 9000 / 8 sectors", prb_payload(9000, 8), 4096);
	t_int("probe payload 1500 / 17 sectors", prb_payload(1500, 17), 1024);
	t_int("probe payload no sectors", prb_payload(9000, 0), 0);
	t_int("probe tag has bit 31 and the pid", (long long)prb_tag(0x123, 5),
	      0x80012305LL);
	t_int("probe tag keeps bit 31 for a big pid",
	      (long long)(prb_tag(0xffffffffU, 0x1ff) >> 31), 1);
}

/* offset, value to write into a good answer, want match */
static const struct {
	const char *what;
	int off;
	unsigned char val;
	int want;
} answers[] = {
	{ "the answer", -1, 0, 1 },
	{ "an answer with the error flag", 14, 0x1c, 0 },
	{ "an answer to another MAC", 5, 0x02, 0 },
	{ "an answer from a multicast source", 6, 0x03, 0 },
	{ "the request itself (no response flag)", 14, 0x10, 0 },
	{ "version 2", 14, 0x28, 0 },
	{ "another source MAC", 11, 0x02, 0 },
	{ "another ethertype", 13, 0xa3, 0 },
	{ "another shelf", 17, 0x35, 0 },
	{ "another slot", 18, 8, 0 },
	{ "a config command", 19, 1, 0 },
	{ "another tag", 23, 0x02, 0 },
	{ "the driver's tag (bit 31 clear)", 20, 0x00, 0 },
};

static void t_match(void)
{
	unsigned char f[AOE_HDR + 512];
	char name[96];
	size_t i;

	for (i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		prb_build(f, sizeof(f), &req);
		memcpy(f, req.src, 6);		/* an answer: swapped MACs */
		memcpy(f + 6, req.dst, 6);
		f[14] = 0x18;
		if (answers[i].off >= 0)
			f[answers[i].off] = answers[i].val;
		snprintf(name, sizeof(name), "probe match: %s", answers[i].what);
		t_int(name, prb_match(f, sizeof(f), &req), answers[i].want);
	}
	t_int("probe match: a runt frame", prb_match(f, 23, &req), 0);
}

static const struct {
	struct rep_lost l;
	const char *want;
} lost[] = {
	{ { "e0.1", "eth0", 8740, 1500, 1024, 0, NULL, NULL },
	  "aoe-up: e0.1: 8740-byte frames are lost on the path via eth0;"
	  " MTU set to 1500 (payload 1024)" },
	{ { "e0.1", "eth0", 8740, 1500, 0, 1, NULL, NULL },
	  "aoe-up: e0.1: 8740-byte frames are lost on the path via eth0;"
	  " cannot set MTU 1500 (Operation not permitted): expect I/O to hang" },
	{ { "e0.1", "eth1", 8228, 1500, 0, 0, "rd.aoe.mtu=9000",
	    "rd.aoe.mtu=1500" },
	  "aoe-up: e0.1: 8228-byte frames are lost on the path via eth1;"
	  " rd.aoe.mtu=9000 keeps them: expect I/O to hang"
	  " (use rd.aoe.mtu=1500)" },
	{ { "e0.1", "eth0", 8740, 1500, 0, 0, "-m keep", "-m 1500" },
	  "aoe-up: e0.1: 8740-byte frames are lost on the path via eth0;"
	  " -m keep keeps them: expect I/O to hang (use -m 1500)" },
};

static void t_lost(void)
{
	char b[300], name[64];
	size_t i;

	for (i = 0; i < sizeof(lost) / sizeof(lost[0]); i++) {
		snprintf(name, sizeof(name), "probe lost line %zu", i);
		rep_lost(b, sizeof(b), &lost[i].l);
		t_str(name, b, lost[i].want);
	}
	rep_lost(b, 20, &lost[0].l);
	t_str("probe lost line truncated", b, "aoe-up: e0.1: 8740-");
}

void t_probe(void)
{
	t_build();
	t_cfg();
	t_sizes();
	t_match();
	t_lost();
}
