/*
 * probe.c - the path probe's frames, as pure functions: an AoE config
 * query (to learn the target's MAC and sectors per frame), an ATA IDENTIFY
 * DEVICE request padded with junk to a given frame size, and whether a
 * received frame answers one.  Tags have bit 31 set, which the aoe driver
 * ignores, so the probe does not disturb it.
 */
#include <string.h>
#include "aoe-up.h"

#define PRB_VER1 0x10		/* version 1, no flags */
#define PRB_RSP 0x08		/* response flag (0x04: error flag) */
#define PRB_ATA_ID 0xEC

/* Store v big-endian in n bytes at p. */
static void prb_put(unsigned char *p, unsigned long v, int n)
{
	while (n--) {
		p[n] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Read n big-endian bytes at p. */
static unsigned long prb_get(const unsigned char *p, int n)
{
	unsigned long v = 0;

	while (n--)
		v = (v << 8) | *p++;
	return v;
}

/* The tag of probe number seq of process id: bit 31 set. */
unsigned long prb_tag(unsigned pid, unsigned seq)
{
	return 0x80000000UL | ((unsigned long)(pid & 0x7fffff) << 8) |
	       (seq & 0xff);
}

/* Bytes of the frame that tests a payload on an interface with this MTU. */
int prb_size(int payload, int mtu)
{
	int want = AOE_HDR + payload, cap = mtu + 14;

	return want < cap ? want : cap;
}

/* Data bytes per frame the driver chooses: min(MTU's sectors, target's) * 512. */
int prb_payload(int mtu, int scnt)
{
	int k = mtu_sectors(mtu);

	return 512 * (k < scnt ? k : scnt);
}

/* Build q's request (IDENTIFY padded with junk, or a config query) of len bytes into f; len, or -1 if too short. */
int prb_build(unsigned char *f, size_t len, const struct prb_req *q)
{
	size_t i;

	if (len < AOE_HDR || len < ETH_MINFRAME)
		return -1;
	memcpy(f, q->dst, 6);
	memcpy(f + 6, q->src, 6);
	prb_put(f + 12, AOE_ETHERTYPE, 2);
	f[14] = PRB_VER1;
	f[15] = 0;			/* error */
	prb_put(f + 16, q->shelf, 2);
	f[18] = (unsigned char)q->slot;
	f[19] = (unsigned char)q->cmd;
	prb_put(f + 20, q->tag, 4);
	if (q->cmd == PRB_CFG) {	/* read config, no string: zeros */
		memset(f + 24, 0, len - 24);
		return (int)len;
	}
	f[24] = 0;			/* aflags: no write */
	f[25] = 0;			/* errfeat */
	f[26] = 1;			/* sector count */
	f[27] = PRB_ATA_ID;
	memset(f + 28, 0, 8);		/* lba 0..5, reserved 2 */
	for (i = AOE_HDR; i < len; i++)
		f[i] = (unsigned char)(0xA5 ^ i);	/* junk */
	return (int)len;
}

/* 1 if frame f (len bytes) is an AoE response (error flag or not) to
 * command cmd from shelf.slot. */
int prb_answer(const unsigned char *f, size_t len, unsigned shelf,
	       unsigned slot, int cmd)
{
	return len >= 24 && prb_get(f + 12, 2) == AOE_ETHERTYPE &&
	       (f[14] & PRB_RSP) && f[19] == cmd &&
	       prb_get(f + 16, 2) == shelf && f[18] == slot;
}

/* 1 if frame f (len bytes) answers q: to q's NIC from q's target (any
 * unicast MAC, if q->dst is broadcast), a version 1 response without the
 * error flag, same command, shelf, slot and tag. */
int prb_match(const unsigned char *f, size_t len, const struct prb_req *q)
{
	static const unsigned char bcast[6] = { 255, 255, 255, 255, 255, 255 };

	if (!prb_answer(f, len, q->shelf, q->slot, q->cmd) ||
	    memcmp(f, q->src, 6) || (f[6] & 1))
		return 0;
	if (memcmp(q->dst, bcast, 6) && memcmp(f + 6, q->dst, 6))
		return 0;
	return (f[14] & 0xfc) == (PRB_VER1 | PRB_RSP) &&
	       prb_get(f + 20, 4) == q->tag;
}

/* Sectors per frame a config answer f advertises; 0 if too short. */
int prb_cfg_scnt(const unsigned char *f, size_t len)
{
	return len > 28 ? f[28] : 0;
}
