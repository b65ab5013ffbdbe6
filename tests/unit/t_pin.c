/*
 * t_pin.c - the pin filter's classic BPF program, run by cbpf.h's
 * interpreter (the kernel runs it for real in tests/netns/impostor.sh), and
 * which frames count as the target's answers.
 */
#include <stdio.h>
#include <string.h>
#include <linux/filter.h>
#include "t.h"
#include "cbpf.h"

#define SHOT 2			/* TC_ACT_SHOT */
#define OK 0			/* TC_ACT_OK */

/* Run prog[0..n) on frame f (len bytes); its return value, or -1 if it
 * misbehaves or reads past the frame. */
static long run_bpf(const struct sock_filter *p, int n,
		    const unsigned char *f, size_t len)
{
	return cbpf_run(p, n, f, len, -1);
}

/* A 60-byte frame from source MAC src: the tags of tags (each a TPID,
 * its VID 7), then ethertype type. */
static void frame_tagged(unsigned char *f, const unsigned char *src,
			 const unsigned *tags, int ntags, unsigned type)
{
	int i, at = 12;

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, src, 6);
	for (i = 0; i < ntags; i++, at += 4) {
		f[at] = (unsigned char)(tags[i] >> 8);
		f[at + 1] = (unsigned char)tags[i];
		f[at + 3] = 7;
	}
	f[at] = (unsigned char)(type >> 8);
	f[at + 1] = (unsigned char)type;
}

/* A 60-byte untagged frame of ethertype type from source MAC src. */
static void frame(unsigned char *f, const unsigned char *src, unsigned type)
{
	frame_tagged(f, src, NULL, 0, type);
}

/* The pinned MACs; the sources the cases send from. */
static const unsigned char pins[2][6] = {
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
	{ 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef },
};
static const unsigned char imp[] = { 0x02, 0, 0, 0, 0, 0x66 },
	half[] = { 0x02, 0, 0, 0, 0xcd, 0xef },	/* pins[0] then [1] */
	last[] = { 0x52, 0x54, 0, 0xab, 0, 0x01 };

/* One case: the program for the first npins pins, a frame from src. */
static const struct {
	const char *name;
	int npins;
	const unsigned char *src;
	unsigned type;
	long want;
} prog_cases[] = {
	{ "pin prog (1): AoE from the pinned MAC passes", 1, pins[0], 0x88A2, OK },
	{ "pin prog (1): AoE from another MAC is dropped", 1, imp, 0x88A2, SHOT },
	{ "pin prog (1): IPv4 from another MAC passes", 1, imp, 0x0800, OK },
	{ "pin prog (2): AoE from the second MAC passes", 2, pins[1], 0x88A2, OK },
	{ "pin prog (2): AoE from the first MAC passes", 2, pins[0], 0x88A2, OK },
	{ "pin prog (2): first 4 bytes of one MAC, last 2 of another: dropped",
	  2, half, 0x88A2, SHOT },
	{ "pin prog (2): last 2 bytes pinned, first 4 not: dropped", 2, last,
	  0x88A2, SHOT },
	{ "pin prog (0): drops every AoE frame", 0, pins[0], 0x88A2, SHOT },
};

static void t_prog(void)
{
	static const unsigned char many[MAXPIN][6];
	struct sock_filter p[PIN_MAXOPS];
	unsigned char f[60];
	size_t i;
	int n;

	t_int("pin prog: one MAC, 43 instructions", pin_prog(pins, 1, p), 43);
	t_int("pin prog: two MACs, 47 instructions", pin_prog(pins, 2, p), 47);
	t_int("pin prog: MAXPIN MACs fit PIN_MAXOPS",
	      pin_prog(many, MAXPIN, p), PIN_MAXOPS);
	for (i = 0; i < sizeof(prog_cases) / sizeof(prog_cases[0]); i++) {
		n = pin_prog(pins, prog_cases[i].npins, p);
		frame(f, prog_cases[i].src, prog_cases[i].type);
		t_int(prog_cases[i].name, run_bpf(p, n, f, 60),
		      prog_cases[i].want);
	}
}

static void t_answer(void)
{
	static const unsigned char src[] = { 0x02, 0, 0, 0, 0, 0x66 };
	struct aoe_target t = { 0x1234, 7, 1 };
	unsigned char f[60];

	frame(f, src, 0x88A2);
	f[14] = 0x18;		/* version 1, response */
	f[16] = 0x12;
	f[17] = 0x34;
	f[18] = 7;
	f[19] = 1;		/* config */
	t_int("seen: config answer for the target", seen_answer(f, 60, &t), 1);
	t_int("seen: too short", seen_answer(f, 23, &t), 0);
	f[18] = 8;
	t_int("seen: another slot", seen_answer(f, 60, &t), 0);
	f[18] = 7;
	f[17] = 0x35;
	t_int("seen: another shelf", seen_answer(f, 60, &t), 0);
	f[17] = 0x34;
	f[14] = 0x10;
	t_int("seen: a query, not an answer", seen_answer(f, 60, &t), 0);
	f[14] = 0x18;
	f[19] = 0;
	t_int("seen: an ATA answer", seen_answer(f, 60, &t), 0);
	f[19] = 1;
	f[13] = 0xA3;
	t_int("seen: another ethertype", seen_answer(f, 60, &t), 0);
}

/* Tagged frames: the kernel strips tags on the way to the aoe driver, so
 * the pin must look behind each one (issue: a VID 0 tag bypassed it). */
static const struct {
	const char *name;
	unsigned tags[PIN_DEPTH + 1];
	int ntags;
	const unsigned char *src;
	unsigned type;
	long want;
} tag_cases[] = {
	{ "pin prog: 802.1Q-tagged AoE from another MAC is dropped",
	  { 0x8100 }, 1, imp, 0x88A2, SHOT },
	{ "pin prog: 802.1ad-tagged AoE from another MAC is dropped",
	  { 0x88A8 }, 1, imp, 0x88A2, SHOT },
	{ "pin prog: AoE behind two tags from another MAC is dropped",
	  { 0x88A8, 0x8100 }, 2, imp, 0x88A2, SHOT },
	{ "pin prog: AoE behind four tags from another MAC is dropped",
	  { 0x8100, 0x8100, 0x88A8, 0x8100 }, 4, imp, 0x88A2, SHOT },
	{ "pin prog: AoE behind PIN_DEPTH - 1 tags from another MAC is dropped",
	  { 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100 },
	  PIN_DEPTH - 1, imp, 0x88A2, SHOT },
	{ "pin prog: AoE behind PIN_DEPTH - 1 tags from the pinned MAC passes",
	  { 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x88A8 },
	  PIN_DEPTH - 1, pins[0], 0x88A2, OK },
	{ "pin prog: tagged AoE from the pinned MAC passes",
	  { 0x8100, 0x88A8 }, 2, pins[0], 0x88A2, OK },
	{ "pin prog: tagged IPv4 from another MAC passes",
	  { 0x8100 }, 1, imp, 0x0800, OK },
	{ "pin prog: PIN_DEPTH tags are too many: dropped, even from a pin",
	  { 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100 },
	  PIN_DEPTH, pins[0], 0x0800, SHOT },
};

static void t_tags(void)
{
	struct sock_filter p[PIN_MAXOPS];
	unsigned char f[60];
	size_t i;
	int n = pin_prog(pins, 1, p);

	for (i = 0; i < sizeof(tag_cases) / sizeof(tag_cases[0]); i++) {
		frame_tagged(f, tag_cases[i].src, tag_cases[i].tags,
			     tag_cases[i].ntags, tag_cases[i].type);
		t_int(tag_cases[i].name, run_bpf(p, n, f, 60),
		      tag_cases[i].want);
	}
}

void t_pin(void)
{
	t_prog();
	t_tags();
	t_answer();
}
