/*
 * sysfs.c - reading small files under a root prefix (tests point the
 * prefix at a fake tree; at boot it is empty), and listing directories
 * with getdents64 straight into a buffer of the caller's (no opendir: its
 * malloc'd DIR and readdir are libc code the helper can do without).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __KLIBC__
#include <dirent.h>		/* getdents: the getdents64 system call */
#else
#include <sys/syscall.h>	/* SYS_getdents64, for syscall() */
#endif
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

struct sys_dirent64 {		/* the kernel's linux_dirent64 */
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Open directory prefix+rel for sys_dir_next; 0, or -1 if it cannot be. */
int sys_dir_open(const char *prefix, const char *rel, struct sys_dir *d)
{
	char path[PATHSZ];

	sys_path(prefix, rel, path, sizeof(path));
	d->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d->len = d->off = 0;
	return d->fd < 0 ? -1 : 0;
}

/* The next entry's name ("." and ".." too), or NULL at the end or on error. */
const char *sys_dir_next(struct sys_dir *d)
{
	unsigned short reclen;
	const char *e;

	if (d->off >= d->len) {
#ifdef __KLIBC__
		d->len = getdents(d->fd, (struct dirent *)d->buf,
				  sizeof(d->buf));
#else
		d->len = (int)syscall(SYS_getdents64, d->fd, d->buf,
				      sizeof(d->buf));
#endif
		d->off = 0;
		if (d->len <= 0)
			return NULL;
	}
	/* read through char and memcpy: the buffer's type is long long */
	e = (const char *)d->buf + d->off;
	memcpy(&reclen, e + offsetof(struct sys_dirent64, reclen),
	       sizeof(reclen));
	d->off += reclen;
	return e + offsetof(struct sys_dirent64, name);
}

/* Close a directory sys_dir_open opened. */
void sys_dir_close(struct sys_dir *d)
{
	close(d->fd);
}
