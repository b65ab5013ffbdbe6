/* fz_pin.c - libFuzzer target: the pin filter's classic BPF program
 * (pin.c), run by a classic BPF interpreter with the kernel's rules on
 * frames as tc's ingress sees them (the outer VLAN tag, if any, already
 * stripped), against what the kernel then hands the aoe driver: it strips
 * further tags, so an AoE frame behind any number of them counts.
 *
 * Input: byte 0 = number of pins (mod MAXPIN + 1), byte 1 bit 0 = make the
 * frame's source the first pin, then the pins (6 bytes each), then the
 * frame.  Traps when an AoE frame from an unpinned MAC passes, when a
 * pinned one or a non-AoE frame behind fewer than PIN_DEPTH tags is dropped, or when
 * the program misbehaves (a jump out of it, an unknown instruction). */
#include <stdint.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/pkt_cls.h>
#include "aoe-up.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load len (1, 2, 4) bytes at k of f (n bytes) into *a; 0 when out of the frame. */
static int fz_load(const uint8_t *f, size_t n, uint32_t k, int len,
		   uint32_t *a)
{
	int i;

	if (k > n || n - k < (size_t)len)
		return 0;
	for (*a = 0, i = 0; i < len; i++)
		*a = *a << 8 | f[k + i];
	return 1;
}

/* Run p[0..np) on frame f (n bytes) as the kernel does: a load past the
 * frame ends the program with 0 (TC_ACT_OK); -1 if the program is bad. */
static long fz_run(const struct sock_filter *p, int np, const uint8_t *f,
		   size_t n)
{
	uint32_t a = 0, mem[BPF_MEMWORDS] = { 0 };
	int pc = 0;

	while (pc >= 0 && pc < np) {
		const struct sock_filter *o = &p[pc++];

		switch (o->code) {
		case BPF_LD | BPF_H | BPF_ABS:
			if (!fz_load(f, n, o->k, 2, &a))
				return 0;
			break;
		case BPF_LD | BPF_W | BPF_ABS:
			if (!fz_load(f, n, o->k, 4, &a))
				return 0;
			break;
		case BPF_ST:
			if (o->k >= BPF_MEMWORDS)
				return -1;
			mem[o->k] = a;
			break;
		case BPF_LD | BPF_MEM:
			if (o->k >= BPF_MEMWORDS)
				return -1;
			a = mem[o->k];
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == o->k ? o->jt : o->jf;
			break;
		case BPF_RET | BPF_K:
			return o->k;
		default:
			return -1;
		}
	}
	return -1;		/* ran off the end */
}

/* The kernel's view: the offset of the type behind every 802.1Q/802.1ad
 * tag at 12, 16, ...; *tags their number. 0 if the frame ends first. */
static size_t fz_type_at(const uint8_t *f, size_t n, int *tags)
{
	size_t at = 12;

	for (*tags = 0; at + 2 <= n; at += 4, ++*tags) {
		unsigned t = (unsigned)f[at] << 8 | f[at + 1];

		if (t != 0x8100 && t != 0x88A8)
			return at;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char pins[MAXPIN][6], f[2048];
	struct sock_filter prog[PIN_MAXOPS];
	int np, npins, tags, pinned = 0, i;
	size_t n, at;
	long r;

	if (size < 2)
		return 0;
	npins = data[0] % (MAXPIN + 1);
	if (size < 2 + 6 * (size_t)npins)
		return 0;
	memcpy(pins, data + 2, 6 * (size_t)npins);
	n = size - 2 - 6 * (size_t)npins;
	if (n > sizeof(f))
		n = sizeof(f);
	memcpy(f, data + 2 + 6 * npins, n);
	if (npins && (data[1] & 1) && n >= 12)
		memcpy(f + 6, pins[0], 6);
	np = pin_prog((const unsigned char (*)[6])pins, npins, prog);
	if (np > PIN_MAXOPS)
		__builtin_trap();
	r = fz_run(prog, np, f, n);
	if (r != TC_ACT_OK && r != TC_ACT_SHOT)
		__builtin_trap();	/* a bad program, or an unknown result */
	if (n < 14)
		return 0;	/* no room for a type: the kernel drops it */
	for (i = 0; i < npins; i++)
		pinned |= !memcmp(f + 6, pins[i], 6);
	at = fz_type_at(f, n, &tags);
	if (tags >= PIN_DEPTH) {
		if (r != TC_ACT_SHOT && at)
			__builtin_trap();	/* too deep to look into: dropped */
		return 0;
	}
	if (!at)
		return 0;
	if (((unsigned)f[at] << 8 | f[at + 1]) == AOE_ETHERTYPE) {
		if (r != (pinned ? TC_ACT_OK : TC_ACT_SHOT))
			__builtin_trap();
	} else if (r != TC_ACT_OK) {
		__builtin_trap();	/* not AoE: never the pin's business */
	}
	return 0;
}
