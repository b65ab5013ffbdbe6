/* t_main.c - runs every unit test group; exit 1 if any case failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "t.h"

const char *t_root;
static int failed;
static char prefix[512];

void t_ok(const char *name, int cond, const char *why)
{
	if (cond)
		printf("PASS: %s\n", name);
	else {
		printf("FAIL: %s: %s\n", name, why);
		failed++;
	}
}

void t_str(const char *name, const char *got, const char *want)
{
	char why[2048];

	snprintf(why, sizeof(why), "got [%s], want [%s]", got, want);
	t_ok(name, !strcmp(got, want), why);
}

void t_int(const char *name, long long got, long long want)
{
	char why[128];

	snprintf(why, sizeof(why), "got %lld, want %lld", got, want);
	t_ok(name, got == want, why);
}

/* Make every directory leading to path. */
static void fk_parents(char *path)
{
	char *p;

	for (p = path + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

void fk_reset(const char *sub)
{
	char cmd[700];

	snprintf(prefix, sizeof(prefix), "%s/%s", t_root, sub);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", prefix,
		 prefix);
	if (system(cmd))
		abort();
}

const char *fk_prefix(void)
{
	return prefix;
}

void fk_file(const char *rel, const char *content)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", prefix, rel);
	fk_parents(path);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(content, f);
	fclose(f);
}

void fk_link(const char *rel, const char *target)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s", prefix, rel);
	fk_parents(path);
	if (symlink(target, path))
		abort();
}

void fk_dir(const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s%s/", prefix, rel);
	fk_parents(path);
}

int main(void)
{
	char tmpl[] = "/tmp/aoe-up-unit.XXXXXX", cmd[256];

	t_root = mkdtemp(tmpl);
	if (!t_root)
		return 2;
	t_target();
	t_opts();
	t_cmdline();
	t_mac();
	t_mtu();
	t_time();
	t_nicsel();
	t_aoedev();
	t_report();
	t_rtnl();
	t_uevent();
	t_aoectl();
	t_probe();
	t_abft();
	t_udev();
	t_pin();
	t_fmt();
	t_harden();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t_root);
	if (system(cmd))
		failed++;
	return failed ? 1 : 0;
}
