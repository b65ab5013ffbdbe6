/*
 * nicsel.c - listing and choosing network interfaces from sysfs
 * (<prefix>/sys/class/net), so a test can build a fake tree.
 */
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

#define ARPHRD_ETHER_TYPE "1"
#define NIC_LISTMAX 64	/* interfaces named in "have: ..." */

/* Path of attribute attr of interface name, relative to the prefix. */
static void nsel_rel(const char *name, const char *attr, char *buf, size_t n)
{
	fmt(buf, n, "/sys/class/net/%s%s%s", name, attr ? "/" : "",
	    attr ? attr : "");
}

/* 1 if NAME has the sysfs entry attr. */
static int nsel_has(const char *prefix, const char *name, const char *attr)
{
	char rel[128];

	nsel_rel(name, attr, rel, sizeof(rel));
	return sys_exists(prefix, rel);
}

/* 1 if NAME is a physical, wired Ethernet NIC (not lo, not virtual). */
int nsel_is_ether(const char *prefix, const char *name)
{
	char rel[128], v[16];

	if (!strcmp(name, "lo"))
		return 0;
	nsel_rel(name, "type", rel, sizeof(rel));
	if (sys_read(prefix, rel, v, sizeof(v)) < 0 ||
	    strcmp(v, ARPHRD_ETHER_TYPE))
		return 0;
	return nsel_has(prefix, name, "device") &&
	       !nsel_has(prefix, name, "wireless") &&
	       !nsel_has(prefix, name, "phy80211");
}

/* The next entry of d that can name an interface of this kind, or NULL. */
static const char *nsel_next(const char *prefix, struct sys_dir *d,
			     enum nsel_kind kind)
{
	const char *e;

	while ((e = sys_dir_next(d)))
		if (e[0] != '.' && strlen(e) < NAMESZ &&
		    (kind == NSEL_ANY || nsel_is_ether(prefix, e)))
			return e;
	return NULL;
}

/* Put the first max interface names in sort order (wired Ethernet NICs
 * only if kind is NSEL_ETHER) into names, reading every entry; returns how
 * many. */
int nsel_list(const char *prefix, char names[][NAMESZ], int max,
	      enum nsel_kind kind)
{
	struct sys_dir d;
	const char *name;
	int n = 0, i;

	if (sys_dir_open(prefix, "/sys/class/net", &d) < 0)
		return 0;
	while ((name = nsel_next(prefix, &d, kind))) {
		if (n == max && strcmp(names[n - 1], name) < 0)
			continue;
		i = n < max ? n++ : n - 1;	/* full: the last one goes */
		for (; i > 0 && strcmp(names[i - 1], name) > 0; i--)
			memcpy(names[i], names[i - 1], NAMESZ);
		strcpy(names[i], name);
	}
	sys_dir_close(&d);
	return n;
}

/* 1 if NAME's MAC address is mac. */
static int nsel_mac_is(const char *prefix, const char *name,
		       const unsigned char mac[6])
{
	char rel[128], v[32];
	unsigned char m[6];

	nsel_rel(name, "address", rel, sizeof(rel));
	return sys_read(prefix, rel, v, sizeof(v)) > 0 &&
	       mac_parse(v, m) == 0 && !memcmp(m, mac, 6);
}

/* Find a NIC of this kind with this MAC among every entry; 0 and its
 * name, or -1. */
static int nsel_scan_mac(const char *prefix, const unsigned char mac[6],
			 char *name, enum nsel_kind kind)
{
	struct sys_dir d;
	const char *e;
	int found = -1;

	if (sys_dir_open(prefix, "/sys/class/net", &d) < 0)
		return -1;
	while (found && (e = nsel_next(prefix, &d, kind)))
		if (strcmp(e, "lo") && nsel_mac_is(prefix, e, mac)) {
			strcpy(name, e);
			found = 0;
		}
	sys_dir_close(&d);
	return found;
}

/* Find the NIC with this MAC, physical ones first; 0 and its name, or -1. */
int nsel_by_mac(const char *prefix, const unsigned char mac[6], char *name)
{
	return nsel_scan_mac(prefix, mac, name, NSEL_ETHER) &&
	       nsel_scan_mac(prefix, mac, name, NSEL_ANY) ? -1 : 0;
}

/* Add name (chosen for --if item, or -1) unless it is there already. */
static void nsel_add(struct nsel *s, const char *name, int item)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return;
	if (s->n < MAXIF) {
		s->item[s->n] = item;
		strcpy(s->names[s->n++], name);
	}
}

/* Choose the NICs named in --if; note the ones that do not exist. */
static void nsel_by_if(const char *prefix, const struct opts *o,
		       struct nsel *s)
{
	char name[NAMESZ];
	int i;

	for (i = 0; i < o->nifs; i++) {
		if (o->ifs[i].is_mac ? nsel_by_mac(prefix, o->ifs[i].mac, name)
				     : !nsel_has(prefix, o->ifs[i].name, NULL)) {
			s->missing[s->nmissing++] = i;
			continue;
		}
		nsel_add(s, o->ifs[i].is_mac ? name : o->ifs[i].name, i);
	}
}

/* Choose NICs: --if, else BOOTIF (unless use_all), else all wired Ethernet. */
void nsel_select(const char *prefix, const struct opts *o, int use_all,
		 struct nsel *s)
{
	char name[NAMESZ];
	int i;

	memset(s, 0, sizeof(*s));
	if (o->nifs) {
		s->mode = SEL_IF;
		nsel_by_if(prefix, o, s);
	} else if (o->have_bootif && !use_all) {
		s->mode = SEL_BOOTIF;
		if (nsel_by_mac(prefix, o->bootif, name) == 0)
			nsel_add(s, name, -1);
		else
			s->missing[s->nmissing++] = -1;
	} else {
		s->mode = SEL_ALL;
		s->n = nsel_list(prefix, s->names, MAXIF, NSEL_ETHER);
		for (i = 0; i < s->n; i++)
			s->item[i] = -1;
	}
}

/* Write the existing interfaces except lo, "ens3, ens4", or "none". */
void nsel_have(const char *prefix, char *buf, size_t n)
{
	char names[NIC_LISTMAX][NAMESZ];
	int cnt = nsel_list(prefix, names, NIC_LISTMAX, NSEL_ANY), i;
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < cnt && len + NAMESZ + 2 < n; i++) {
		if (!strcmp(names[i], "lo"))
			continue;
		len += (size_t)fmt(buf + len, n - len, "%s%s",
				   len ? ", " : "", names[i]);
	}
	if (!len)
		fmt(buf, n, "none");
}
