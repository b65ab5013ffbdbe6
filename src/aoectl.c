/*
 * aoectl.c - the aoe driver's control side: is the module loaded, loading
 * it with an interface list, its character devices under /dev/etherd
 * (made with mknod if udev/devtmpfs has not), and writes to them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "aoe-up.h"

#define AOE_CHR_MAJOR 152
#define AOE_CHR_MINOR0 2	/* the driver's MINOR_ERR, the first node's */

/* The control nodes in the driver's minor order (aoechr.c's enum). */
static const char *const actl_node_tab[] = {
	"err", "discover", "interfaces", "revalidate", "flush",
};

/* 1 if the aoe driver is present (module loaded or built in). */
int actl_loaded(const char *prefix)
{
	return sys_exists(prefix, "/sys/module/aoe");
}

/* Run modprobe with argv (argv[0] "modprobe"; <prefix>/sbin/modprobe under
 * a --prefix, for tests), killing it at deadline; its exit status, -1 if it
 * could not run, ACTL_KILLED if it was killed. */
static int actl_run(const char *prefix, char *const argv[], long long deadline)
{
	static const char *const dirs[] = {
		"/sbin", "/usr/sbin", "/bin", "/usr/bin"
	};
	char prog[PATHSZ];
	int st, killed = 0;
	size_t i;
	pid_t pid, w;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		for (i = 0; i < (prefix[0] ? 1 : sizeof(dirs) / sizeof(dirs[0]));
		     i++) {
			fmt(prog, sizeof(prog), "%s%s/modprobe", prefix,
			    dirs[i]);
			execv(prog, argv);
		}
		_exit(127);
	}
	while ((w = waitpid(pid, &st, WNOHANG)) == 0 || (w < 0 &&
							  errno == EINTR)) {
		if (!killed && clk_now() >= deadline) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		poll(NULL, 0, 20);
	}
	if (killed)
		return ACTL_KILLED;
	return w < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run "modprobe aoe aoe_iflist=IFLIST aoe_deadsecs=N", killed at deadline;
 * as actl_run. */
int actl_modprobe(const char *prefix, const char *iflist, int deadsecs,
		  long long deadline)
{
	char param[1100], dead[32];
	char *argv[] = { (char *)"modprobe", (char *)"aoe", param, dead, NULL };

	fmt(param, sizeof(param), "aoe_iflist=%s", iflist);
	fmt(dead, sizeof(dead), "aoe_deadsecs=%d", deadsecs);
	return actl_run(prefix, argv, deadline);
}

/* Write text to fd in one write(2) and close fd; 0 or an errno (fd < 0:
 * the errno of the open that gave it). */
static int actl_put(int fd, const char *text)
{
	size_t len = strlen(text);
	ssize_t r;
	int err;

	if (fd < 0)
		return errno;
	r = write(fd, text, len);
	err = r < 0 ? errno : (size_t)r != len ? EIO : 0;
	close(fd);
	return err;
}

/* Set the loaded driver's aoe_deadsecs (built in, or loaded before us);
 * 0 or an errno. */
int actl_deadsecs(const char *prefix, int deadsecs)
{
	char path[PATHSZ], v[16];

	sys_path(prefix, "/sys/module/aoe/parameters/aoe_deadsecs", path,
		 sizeof(path));
	fmt(v, sizeof(v), "%d\n", deadsecs);
	return actl_put(open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW), v);
}

/* Run "modprobe -q MOD", for at most 5 s; as actl_run. */
int actl_load(const char *mod)
{
	char *argv[] = { (char *)"modprobe", (char *)"-q", (char *)mod, NULL };

	return actl_run("", argv, clk_now() + 5000);
}

/* Write the path of <prefix>/dev/etherd/NODE into path (PATHSZ bytes). */
static void actl_path(const char *prefix, const char *node, char *path)
{
	fmt(path, PATHSZ, "%s/dev/etherd/%s", prefix, node);
}

/* Make <prefix>/dev/etherd and any missing control node; 0 or an errno. */
int actl_nodes(const char *prefix)
{
	char path[PATHSZ];
	size_t i;
	int err = 0;

	sys_path(prefix, "/dev/etherd", path, sizeof(path));
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return errno;
	for (i = 0; i < sizeof(actl_node_tab) / sizeof(actl_node_tab[0]);
	     i++) {
		actl_path(prefix, actl_node_tab[i], path);
		if (mknod(path, S_IFCHR | 0600,
			  makedev(AOE_CHR_MAJOR, AOE_CHR_MINOR0 + i)) < 0 &&
		    errno != EEXIST && !err)
			err = errno;
	}
	return err;
}

/* Open <prefix>/dev/etherd/NODE for writing, making it if missing; fd, or
 * -1 with errno.  Not through a symlink, and only a character device (a
 * regular file too under a --prefix, for tests); else errno ENODEV. */
static int actl_open(const char *prefix, const char *node)
{
	char path[PATHSZ];
	struct stat st;
	int fd, fl = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;

	actl_path(prefix, node, path);
	fd = open(path, fl);
	if (fd < 0 && errno == ENOENT) {
		actl_nodes(prefix);
		fd = open(path, fl);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !(S_ISCHR(st.st_mode) ||
				    (prefix[0] && S_ISREG(st.st_mode)))) {
		close(fd);
		errno = ENODEV;
		return -1;
	}
	return fd;
}

/* Write text to control node NODE in one write(2); 0 or an errno. */
int actl_write(const char *prefix, const char *node, const char *text)
{
	return actl_put(actl_open(prefix, node), text);
}
