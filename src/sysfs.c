/*
 * sysfs.c - reading small files under a root prefix (tests point the
 * prefix at a fake tree; at boot it is empty).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "aoe-up.h"

/* Join prefix and rel ("/sys/...") into buf. */
void sys_path(const char *prefix, const char *rel, char *buf, size_t n)
{
	fmt(buf, n, "%s%s", prefix, rel);
}

/* Read the first line of prefix+rel into buf, without the newline; length or -1. */
int sys_read(const char *prefix, const char *rel, char *buf, size_t n)
{
	char path[PATHSZ];
	ssize_t r;
	int fd;
	char *nl;

	sys_path(prefix, rel, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return (int)strlen(buf);
}

/* 1 if prefix+rel exists (following links), else 0. */
int sys_exists(const char *prefix, const char *rel)
{
	char path[PATHSZ];
	struct stat st;

	sys_path(prefix, rel, path, sizeof(path));
	return stat(path, &st) == 0;
}
