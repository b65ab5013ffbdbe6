/*
 * abft.c - the AoE Boot Firmware Table iPXE leaves after `sanboot aoe:`.
 *
 * Layout: a 36-byte ACPI header (signature "aBFT", u32 length at 4; all
 * `length` bytes sum to 0 mod 256), then shelf (u16 LE) at 36, slot at 38,
 * a reserved byte and the client NIC's MAC at 40.  UEFI firmware installs
 * it as an ACPI table (/sys/firmware/acpi/tables/aBFT); on BIOS iPXE keeps
 * it 16-byte aligned in its base memory, which the kernel leaves reserved:
 * read through /dev/mem between 0x80000 and 0xA0000.  Which one counts:
 * the ACPI table when there is one; on an EFI boot nothing else (as the
 * kernel's iBFT finder: base memory may hold a stale table); on BIOS the
 * good tables in base memory, only if they all name the same disk and NIC.
 * Nothing in it is trusted before every check below has passed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "aoe-up.h"

#define ABFT_MIN 46		/* header + shelf, slot, reserved, MAC */
#define ABFT_MAX 4096		/* more is no aBFT */
#define ABFT_LO 0x80000UL	/* base memory searched on BIOS */
#define ABFT_HI 0xA0000UL
#define ABFT_ACPI "/sys/firmware/acpi/tables/aBFT"
#define ABFT_EFI "/sys/firmware/efi"	/* there when booted by EFI */

static unsigned char abft_mem[ABFT_HI - ABFT_LO];

/* Little-endian u16 / u32 at p. */
static unsigned long abft_le(const unsigned char *p, int bytes)
{
	unsigned long v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* Check the table at b (avail bytes readable) into *a; NULL, or why not. */
static const char *abft_check(const unsigned char *b, size_t avail,
			      struct abft *a)
{
	unsigned long len, shelf, i;
	unsigned char sum = 0;

	if (avail < 4 || memcmp(b, "aBFT", 4))
		return "no aBFT signature";
	len = avail < 8 ? 0 : abft_le(b + 4, 4);
	if (len < ABFT_MIN || len > ABFT_MAX || len > avail)
		return "length out of range";
	for (i = 0; i < len; i++)
		sum = (unsigned char)(sum + b[i]);
	if (sum)
		return "checksum does not add up";
	shelf = abft_le(b + 36, 2);
	if (shelf >= 65535 || shelf == 4095)
		return "shelf out of range";
	if (b[38] == 255)
		return "slot out of range";
	if (!mac_unicast(b + 40) || !memcmp(b + 40, "\0\0\0\0\0", 6))
		return "MAC is not a NIC's address";
	a->tgt.shelf = (unsigned)shelf;
	a->tgt.slot = b[38];
	a->tgt.part = 0;
	memcpy(a->mac, b + 40, 6);
	return NULL;
}

/* Parse one table; ABFT_OK, or ABFT_BAD with "aBFT at WHERE: why" in msg. */
int abft_parse(const unsigned char *b, size_t avail, const char *where,
	       struct abft *a, char *msg, size_t n)
{
	const char *why = abft_check(b, avail, a);

	if (!why)
		return ABFT_OK;
	fmt(msg, n, "aBFT at %s: %s; ignored", where, why);
	return ABFT_BAD;
}

/* Search len bytes of memory at physical base on 16-byte steps; ABFT_*.
 * Corrupt tables are skipped; good ones must name the same disk and NIC,
 * else none counts (ABFT_BAD). */
int abft_scan(const unsigned char *mem, size_t len, unsigned long base,
	      struct abft *a, char *msg, size_t n)
{
	const unsigned char *one = NULL, *p;
	char where[16] = "";
	size_t off;

	for (off = 0; off + 4 <= len; off += 16) {
		p = mem + off;
		if (memcmp(p, "aBFT", 4))
			continue;
		fmt(where, sizeof(where), "0x%lx", base + off);
		if (abft_parse(p, len - off, where, a, msg, n) != ABFT_OK)
			continue;
		if (one && (memcmp(one + 36, p + 36, 3) ||
			    memcmp(one + 40, p + 40, 6))) {
			fmt(msg, n, "aBFT at 0x%lx and %s: tables differ;"
			    " ignored", base + (unsigned long)(one - mem),
			    where);
			return ABFT_BAD;
		}
		one = p;
	}
	return one ? ABFT_OK : *where ? ABFT_BAD : ABFT_NONE;
}

/* Read up to n bytes of prefix+rel at offset off into buf; bytes or -1. */
static long abft_read(const char *prefix, const char *rel, unsigned long off,
		      unsigned char *buf, size_t n)
{
	char path[PATHSZ];
	size_t got = 0;
	ssize_t r;
	int fd;

	sys_path(prefix, rel, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < n && (r = pread(fd, buf + got, n - got,
				     (off_t)(off + got))) > 0)
		got += (size_t)r;
	close(fd);
	return (long)got;
}

/* Find the firmware's aBFT under prefix: the ACPI table, else (not on an
 * EFI boot: the directory opens) base memory. */
int abft_find(const char *prefix, struct abft *a, char *msg, size_t n)
{
	long got = abft_read(prefix, ABFT_ACPI, 0, abft_mem, ABFT_MAX);

	if (got >= 0)
		return abft_parse(abft_mem, (size_t)got, "ACPI", a, msg, n);
	if (abft_read(prefix, ABFT_EFI, 0, abft_mem, 0) >= 0)
		return ABFT_NONE;
	got = abft_read(prefix, "/dev/mem", ABFT_LO, abft_mem,
			sizeof(abft_mem));
	if (got <= 0)
		return ABFT_NONE;
	return abft_scan(abft_mem, (size_t)got, ABFT_LO, a, msg, n);
}
