/* t_aoectl.c - control nodes under a fake /dev/etherd, module presence. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "t.h"

/* Content of prefix+rel, or "(missing)". */
static void slurp(const char *rel, char *b, size_t n)
{
	char path[600];
	FILE *f;
	size_t r;

	snprintf(path, sizeof(path), "%s%s", fk_prefix(), rel);
	f = fopen(path, "r");
	if (!f) {
		snprintf(b, n, "(missing)");
		return;
	}
	r = fread(b, 1, n - 1, f);
	b[r] = '\0';
	fclose(f);
}

void t_aoectl(void)
{
	char got[256], path[600];
	struct stat st;
	int err;

	fk_reset("ctl");
	t_int("aoectl module not loaded", actl_loaded(fk_prefix()), 0);
	fk_dir("/sys/module/aoe/parameters");
	t_int("aoectl module loaded", actl_loaded(fk_prefix()), 1);

	fk_file("/dev/etherd/interfaces", "");
	fk_file("/dev/etherd/discover", "");
	fk_file("/dev/etherd/err", "");
	fk_file("/dev/etherd/revalidate", "");
	fk_file("/dev/etherd/flush", "");
	t_int("aoectl write interfaces", actl_write(fk_prefix(), "interfaces",
						    "ens3,ens4\n"), 0);
	slurp("/dev/etherd/interfaces", got, sizeof(got));
	t_str("aoectl interfaces content", got, "ens3,ens4\n");
	t_int("aoectl write discover", actl_write(fk_prefix(), "discover",
						  "\n"), 0);
	slurp("/dev/etherd/discover", got, sizeof(got));
	t_str("aoectl discover content", got, "\n");

	fk_reset("ctl-nodes");
	fk_dir("/dev");
	err = actl_nodes(fk_prefix());
	snprintf(path, sizeof(path), "%s/dev/etherd/interfaces", fk_prefix());
	if (geteuid() == 0) {
		t_int("aoectl mknod as root", err, 0);
		t_ok("aoectl interfaces node is char 152:4",
		     stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
		     major(st.st_rdev) == 152 && minor(st.st_rdev) == 4,
		     "wrong node");
		snprintf(path, sizeof(path), "%s/dev/etherd/flush",
			 fk_prefix());
		t_ok("aoectl flush node is char 152:6",
		     stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
		     minor(st.st_rdev) == 6, "wrong node");
	} else {
		t_int("aoectl mknod without root says EPERM", err, EPERM);
		snprintf(path, sizeof(path), "%s/dev/etherd", fk_prefix());
		t_ok("aoectl made /dev/etherd", stat(path, &st) == 0 &&
		     S_ISDIR(st.st_mode), "no directory");
	}
}
