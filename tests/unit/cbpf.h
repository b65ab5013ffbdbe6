/*
 * cbpf.h - a classic BPF interpreter of the instructions the helper's
 * programs use (pin.c), for t_pin.c and tests/fuzz/fz_pin.c.  The kernel
 * runs them for real in tests/netns/impostor.sh.
 */
#ifndef T_CBPF_H
#define T_CBPF_H

#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

/* Load len (2 or 4) bytes at k of f (n bytes) into *a; 0 when past the frame. */
static int cbpf_load(const unsigned char *f, size_t n, uint32_t k, int len,
		     uint32_t *a)
{
	int i;

	if (k > n || n - k < (size_t)len)
		return 0;
	for (*a = 0, i = 0; i < len; i++)
		*a = *a << 8 | f[k + i];
	return 1;
}

/* Run p[0..np) on frame f (n bytes): its return value; past_end when a
 * load reads past the frame (the kernel ends the program with 0); -1 if
 * the program misbehaves (an unknown instruction, a bad scratch slot, a
 * jump out of it). */
static long cbpf_run(const struct sock_filter *p, int np,
		     const unsigned char *f, size_t n, long past_end)
{
	uint32_t a = 0, mem[BPF_MEMWORDS] = { 0 };
	int pc = 0;

	while (pc >= 0 && pc < np) {
		const struct sock_filter *o = &p[pc++];

		switch (o->code) {
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_W | BPF_ABS:
			if (!cbpf_load(f, n, o->k, BPF_SIZE(o->code) ==
				       BPF_H ? 2 : 4, &a))
				return past_end;
			break;
		case BPF_ST:
		case BPF_LD | BPF_MEM:
			if (o->k >= BPF_MEMWORDS)
				return -1;
			if (o->code == BPF_ST)
				mem[o->k] = a;
			else
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

#endif
