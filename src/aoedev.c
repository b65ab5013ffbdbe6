/*
 * aoedev.c - AoE block devices as sysfs shows them: /sys/block/etherd!eX.Y
 * with state, mac, netif, payload, and partitions etherd!eX.YpN inside.
 */
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

/* Write the path of device NAME's directory, <prefix>/sys/block/etherd!NAME,
 * into path (PATHSZ bytes). */
static void adev_dir(const char *prefix, const char *name, char *path)
{
	fmt(path, PATHSZ, "%s/sys/block/etherd!%s", prefix, name);
}

/* Read attribute attr ("/state") of the device at dir into buf ("" if absent). */
static void adev_attr(const char *dir, const char *attr, char *buf, size_t n)
{
	if (sys_read(dir, attr, buf, n) < 0)
		buf[0] = '\0';
}

/* Fill *d from sysfs for device NAME ("e0.1"); 0 if it exists, -1 if not. */
int adev_read(const char *prefix, const char *name, struct adev *d)
{
	char dir[PATHSZ], v[32];
	unsigned char mac[6];
	unsigned long pl;
	const char *end;

	memset(d, 0, sizeof(*d));
	adev_dir(prefix, name, dir);
	if (!sys_exists(dir, ""))
		return -1;
	fmt(d->name, sizeof(d->name), "%s", name);
	adev_attr(dir, "/state", d->state, sizeof(d->state));
	adev_attr(dir, "/netif", d->netif, sizeof(d->netif));
	adev_attr(dir, "/mac", v, sizeof(v));
	if (mac_parse_hex12(v, mac) == 0)
		mac_format(mac, d->mac);
	else
		fmt(d->mac, sizeof(d->mac), "%s", v[0] ? v : "none");
	adev_attr(dir, "/payload", v, sizeof(v));
	if (num_parse(v, &end, 1UL << 20, &pl) == NUM_OK)
		d->payload = (int)pl;
	return 0;
}

/* 1 if device NAME has partition p (etherd!NAMEpP in its directory). */
static int adev_has_part(const char *prefix, const char *name, unsigned p)
{
	char rel[128];

	fmt(rel, sizeof(rel), "/sys/block/etherd!%s/etherd!%sp%u", name, name,
	    p);
	return sys_exists(prefix, rel);
}

/* Judge target t: ADEV_ABSENT, ADEV_NOT_UP, ADEV_NO_PART or ADEV_FOUND. */
int adev_check(const char *prefix, const struct aoe_target *t,
	       struct adev *d)
{
	char name[TGT_NAMESZ];

	tgt_name(t, TGT_NAME_DISK, name, sizeof(name));
	if (adev_read(prefix, name, d) < 0)
		return ADEV_ABSENT;
	if (strncmp(d->state, "up", 2))
		return ADEV_NOT_UP;
	if (t->part && !adev_has_part(prefix, name, t->part))
		return ADEV_NO_PART;
	return ADEV_FOUND;
}

/* List t's partitions (1..31) as "p1, p2" into buf; returns how many. */
int adev_parts(const char *prefix, const struct aoe_target *t, char *buf,
	       size_t n)
{
	char name[TGT_NAMESZ];
	size_t len = 0;
	unsigned p;
	int cnt = 0;

	tgt_name(t, TGT_NAME_DISK, name, sizeof(name));
	buf[0] = '\0';
	for (p = 1; p < 32; p++)
		if (adev_has_part(prefix, name, p))
			fmt_add(buf, n, &len, "%sp%u", cnt++ ? ", " : "", p);
	return cnt;
}

/* Fill out with every /sys/block/etherd!* device, sorted; returns how many. */
int adev_list(const char *prefix, struct adev *out, int max)
{
	struct sys_dir dir;
	struct adev tmp;
	const char *e;
	int n = 0, i;

	if (sys_dir_open(prefix, "/sys/block", &dir) < 0)
		return 0;
	while ((e = sys_dir_next(&dir)) && n < max) {
		if (strncmp(e, "etherd!", 7) ||
		    strlen(e + 7) >= sizeof(tmp.name) ||
		    adev_read(prefix, e + 7, &tmp) < 0)
			continue;
		for (i = n; i > 0 && strcmp(out[i - 1].name, tmp.name) > 0;
		     i--)
			out[i] = out[i - 1];
		out[i] = tmp;
		n++;
	}
	sys_dir_close(&dir);
	return n;
}
