/* fz_pin.c - libFuzzer target: the pin filter's classic BPF program
 * (pin.c), run by cbpf.h's classic BPF interpreter with the kernel's rules on
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
#include "../unit/cbpf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	r = cbpf_run(prog, np, f, n, TC_ACT_OK);	/* the kernel: 0 past the end */
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
