/*
 * t_abft.c - the aBFT parser over good and corrupt tables, the base-memory
 * scan (several tables: they must agree), and the lookup order (ACPI table,
 * else /dev/mem, never /dev/mem on an EFI boot) in a fake tree.
 */
#include <stdio.h>
#include <string.h>
#include "t.h"

#define LEN 48			/* iPXE's table: 46 bytes, padded */

/* Write the n bytes at b to the file path (the test's fake firmware). */
static void put_file(const char *path, const unsigned char *b, size_t n)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fwrite(b, 1, n, f);
		fclose(f);
	}
}

/* Build a valid table for shelf.slot and MAC 52:54:00:ae:00:01 into b. */
static void mk(unsigned char *b, unsigned shelf, unsigned slot)
{
	static const unsigned char mac[6] = { 0x52, 0x54, 0, 0xae, 0, 1 };
	unsigned char sum = 0;
	int i;

	memset(b, 0, LEN);
	memcpy(b, "aBFT", 4);
	b[4] = LEN;
	b[8] = 1;
	memcpy(b + 10, "FENSYS", 6);
	b[36] = (unsigned char)(shelf & 0xff);
	b[37] = (unsigned char)(shelf >> 8);
	b[38] = (unsigned char)slot;
	memcpy(b + 40, mac, 6);
	for (i = 0; i < LEN; i++)
		sum = (unsigned char)(sum + b[i]);
	b[9] = (unsigned char)(0 - sum);
}

/* Fix the checksum of b after a test changed a field. */
static void resum(unsigned char *b)
{
	unsigned char sum = 0;
	int i;

	b[9] = 0;
	for (i = 0; i < LEN; i++)
		sum = (unsigned char)(sum + b[i]);
	b[9] = (unsigned char)(0 - sum);
}

/* Parse b (avail bytes) and render the result as one comparable line. */
static void show(const unsigned char *b, size_t avail, char *out, size_t n)
{
	char msg[160] = "", tn[24], mac[18];
	struct abft a;

	if (abft_parse(b, avail, "0x9fc40", &a, msg, sizeof(msg)) != ABFT_OK) {
		snprintf(out, n, "%s", msg);
		return;
	}
	tgt_name(&a.tgt, TGT_NAME_PART, tn, sizeof(tn));
	mac_format(a.mac, mac);
	snprintf(out, n, "%s %s", tn, mac);
}

#define BAD(why) "aBFT at 0x9fc40: " why "; ignored"

/* One table per case: a change to a good one, and what must come out. */
static void t_abft_tables(void)
{
	static const struct {
		const char *name;
		int field, value;	/* byte to set (-1 none), then resum */
		int keep_sum;		/* 1: leave the checksum broken */
		size_t avail;
		const char *want;
	} cases[] = {
		{ "good table", -1, 0, 0, LEN, "e0.1 52:54:00:ae:00:01" },
		{ "bad checksum", 38, 2, 1, LEN, BAD("checksum does not add up") },
		{ "signature", 0, 'A', 0, LEN, BAD("no aBFT signature") },
		{ "length below the fields", 4, 40, 0, LEN,
		  BAD("length out of range") },
		{ "length past what was read", -1, 0, 0, 40,
		  BAD("length out of range") },
		{ "length huge", 6, 1, 0, LEN, BAD("length out of range") },
		{ "slot 255 (broadcast)", 38, 255, 0, LEN,
		  BAD("slot out of range") },
		{ "slot 254", 38, 254, 0, LEN, "e0.254 52:54:00:ae:00:01" },
		{ "multicast MAC", 40, 1, 0, LEN,
		  BAD("MAC is not a NIC's address") },
		{ "truncated before length", -1, 0, 0, 6,
		  BAD("length out of range") },
	};
	unsigned char b[LEN];
	char got[200], name[80];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mk(b, 0, 1);
		if (cases[i].field >= 0) {
			b[cases[i].field] = (unsigned char)cases[i].value;
			if (!cases[i].keep_sum)
				resum(b);
		}
		show(b, cases[i].avail, got, sizeof(got));
		snprintf(name, sizeof(name), "abft %s", cases[i].name);
		t_str(name, got, cases[i].want);
	}
	mk(b, 65535, 1);
	show(b, LEN, got, sizeof(got));
	t_str("abft shelf 65535 (broadcast)", got, BAD("shelf out of range"));
	mk(b, 4095, 1);
	show(b, LEN, got, sizeof(got));
	t_str("abft shelf 4095 (reserved)", got, BAD("shelf out of range"));
	mk(b, 65534, 7);
	show(b, LEN, got, sizeof(got));
	t_str("abft shelf 65534 (u16 little-endian)", got,
	      "e65534.7 52:54:00:ae:00:01");
	memset(b + 40, 0, 6);
	resum(b);
	show(b, LEN, got, sizeof(got));
	t_str("abft all-zero MAC", got, BAD("MAC is not a NIC's address"));
}

/* Memory scans: alignment, a bad table before a good one, none at all. */
static void t_abft_scan(void)
{
	static unsigned char mem[4096];
	unsigned char b[LEN];
	char msg[160] = "", tn[24];
	struct abft a;
	int r;

	memset(mem, 0, sizeof(mem));
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan of empty memory finds none", r, ABFT_NONE);
	mk(mem + 0x108, 0, 1);	/* not 16-byte aligned: iPXE aligns it */
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan ignores an unaligned table", r, ABFT_NONE);
	memset(mem, 0, sizeof(mem));
	mk(mem + 0x100, 0, 1);
	mem[0x100 + 9] ^= 1;	/* broken copy first */
	mk(mem + 0x200, 3, 9);
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft scan skips a corrupt table for a good one",
	     r == ABFT_OK && !strcmp(tn, "e3.9"), tn);
	memset(mem + 0x200, 0, LEN);
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan with only a corrupt table says so", r, ABFT_BAD);
	t_str("abft scan names the table's physical address", msg,
	      "aBFT at 0x80100: checksum does not add up; ignored");
	memset(mem, 0, sizeof(mem));
	mk(b, 0, 1);
	memcpy(mem + sizeof(mem) - 32, b, 32);	/* runs past the end */
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan rejects a table cut by the end of memory", r,
	      ABFT_BAD);
}

/* Several good tables in base memory: one disk and NIC if they agree, else
 * none (which one is stale cannot be told). */
static void t_abft_scan_many(void)
{
	static unsigned char mem[4096];
	char msg[160] = "", tn[24];
	struct abft a;
	int r;

	memset(mem, 0, sizeof(mem));
	mk(mem + 0x100, 0, 1);
	mk(mem + 0x300, 0, 1);	/* the same table twice */
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft scan: two tables that agree are one",
	     r == ABFT_OK && !strcmp(tn, "e0.1"), tn);
	mk(mem + 0x300, 0, 2);	/* a stale table naming another disk */
	msg[0] = 0;
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan: two tables naming different disks: none used", r,
	      ABFT_BAD);
	t_str("abft scan: the ambiguity names both addresses", msg,
	      "aBFT at 0x80100 and 0x80300: tables differ; ignored");
	mk(mem + 0x300, 0, 1);
	mem[0x300 + 45] ^= 2;	/* same disk, another NIC */
	resum(mem + 0x300);
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	t_int("abft scan: two tables naming different NICs: none used", r,
	      ABFT_BAD);
	mk(mem + 0x300, 0, 2);
	mem[0x300 + 9] ^= 1;	/* a corrupt copy does not count */
	r = abft_scan(mem, sizeof(mem), 0x80000, &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft scan: a corrupt second table does not make it ambiguous",
	     r == ABFT_OK && !strcmp(tn, "e0.1"), tn);
}

/* The lookup: the ACPI table first, else base memory in /dev/mem. */
static void t_abft_find(void)
{
	static unsigned char mem[0x20000];
	unsigned char b[LEN];
	char msg[160] = "", tn[24], path[1024];
	struct abft a;
	FILE *f;
	int r;

	fk_reset("abft");
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	t_int("abft find: no ACPI table and no /dev/mem is none", r,
	      ABFT_NONE);
	/* /dev/mem as a file: 0x80000 bytes of zeros, then base memory */
	memset(mem, 0, sizeof(mem));
	mk(mem + 0x1fc40, 0, 2);
	fk_file("/dev/mem", "");
	snprintf(path, sizeof(path), "%s/dev/mem", fk_prefix());
	f = fopen(path, "r+");
	if (!f || fseek(f, 0x80000, SEEK_SET) ||
	    fwrite(mem, 1, sizeof(mem), f) != sizeof(mem)) {
		t_ok("abft find: fake /dev/mem", 0, "cannot write it");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft find: BIOS table in base memory at 0x9fc40",
	     r == ABFT_OK && !strcmp(tn, "e0.2"), tn);
	mk(b, 5, 6);
	fk_dir("/sys/firmware/acpi/tables");
	snprintf(path, sizeof(path), "%s/sys/firmware/acpi/tables/aBFT",
		 fk_prefix());
	put_file(path, b, LEN);
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft find: BIOS: the ACPI table comes first",
	     r == ABFT_OK && !strcmp(tn, "e5.6"), tn);
	b[20] ^= 0x40;
	put_file(path, b, LEN);
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	t_ok("abft find: a corrupt ACPI table is reported, not trusted",
	     r == ABFT_BAD && !strcmp(msg, "aBFT at ACPI: checksum does not"
				      " add up; ignored"), msg);
	/* UEFI: only the ACPI table counts; base memory (here a stale e0.2
	 * at 0x9fc40) is never read, as the kernel's iBFT finder does */
	fk_dir("/sys/firmware/efi");
	remove(path);
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft find: EFI boot, no ACPI table: a stale table in base"
	     " memory is not used", r == ABFT_NONE, tn);
	mk(b, 5, 6);
	put_file(path, b, LEN);
	r = abft_find(fk_prefix(), &a, msg, sizeof(msg));
	tgt_name(&a.tgt, TGT_NAME_DISK, tn, sizeof(tn));
	t_ok("abft find: EFI boot: the ACPI table, not the stale one",
	     r == ABFT_OK && !strcmp(tn, "e5.6"), tn);
}

void t_abft(void)
{
	t_abft_tables();
	t_abft_scan();
	t_abft_scan_many();
	t_abft_find();
}
