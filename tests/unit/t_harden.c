/* t_harden.c - what comes from outside cannot trick the helper: sockets
 * closed on exec, netlink messages only from the kernel, control nodes not
 * through symlinks, every /sys/class/net entry read. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <unistd.h>
#include "t.h"

/* 1 if fd is open and close-on-exec. */
static int cloexec(int fd)
{
	int fl = fd < 0 ? -1 : fcntl(fd, F_GETFD);

	return fl >= 0 && (fl & FD_CLOEXEC);
}

static void t_cloexec(void)
{
	int fd;

	fd = ifctl_open();
	t_ok("harden: ioctl socket is close-on-exec", cloexec(fd), "not set");
	close(fd);
	fd = rtnl_open();
	t_ok("harden: rtnetlink socket is close-on-exec", cloexec(fd), "not set");
	close(fd);
	fd = uev_open();
	t_ok("harden: uevent socket is close-on-exec", cloexec(fd), "not set");
	close(fd);
	fd = psk_open(1);
	if (fd < 0 && geteuid()) {
		printf("SKIP: harden: packet socket is close-on-exec: not root\n");
		return;
	}
	t_ok("harden: packet socket is close-on-exec", cloexec(fd), "not set");
	close(fd);
	fd = seen_open();
	t_ok("harden: the answer-watching socket is close-on-exec",
	     cloexec(fd), "not set");
	close(fd);
}

/* Send len bytes from a fresh socket of proto to fd's port (unicast); 0 ok. */
static int nl_forge(int fd, int proto, const void *msg, size_t len)
{
	struct sockaddr_nl to;
	socklen_t sl = sizeof(to);
	int s = socket(AF_NETLINK, SOCK_RAW, proto), r;

	if (s < 0 || getsockname(fd, (struct sockaddr *)&to, &sl) < 0)
		return -1;
	to.nl_groups = 0;
	r = sendto(s, msg, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0;
	close(s);
	return r ? -1 : 0;
}

static void t_sender(void)
{
	static const char uev[] = "add@/devices/virtual/block/etherd!e0.1\0"
				  "ACTION=add\0DEVNAME=etherd/e0.1";
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} m;
	char buf[256];
	int fd = uev_open();

	if (fd < 0 || nl_forge(fd, NETLINK_KOBJECT_UEVENT, uev, sizeof(uev))) {
		printf("SKIP: harden: forged uevent: cannot send one\n");
	} else {
		usleep(10000);
		t_int("harden: a uevent from a process is ignored",
		      uev_drain(fd), 0);
	}
	if (fd >= 0)
		close(fd);
	fd = rtnl_open();
	memset(&m, 0, sizeof(m));
	m.nh.nlmsg_len = sizeof(m);
	m.nh.nlmsg_type = RTM_NEWLINK;
	m.ifi.ifi_index = 1;
	m.ifi.ifi_flags = 0x10001;	/* up, lower up */
	if (fd < 0 || nl_forge(fd, NETLINK_ROUTE, &m, sizeof(m))) {
		printf("SKIP: harden: forged link message: cannot send one\n");
	} else {
		usleep(10000);
		t_int("harden: a link message from a process is ignored",
		      nl_recv(fd, buf, sizeof(buf)), -1);
	}
	if (fd >= 0)
		close(fd);
}

/* A link message longer than the buffer is seen as cut short (MSG_TRUNC). */
static void t_trunc(void)
{
	char buf[16];
	long got = -1;
	int fd = rtnl_open(), i;

	if (fd < 0 || rtnl_ask(fd, 1)) {
		printf("SKIP: harden: cut-short link message: no rtnetlink\n");
		return;
	}
	for (i = 0; i < 50 && got < 0; i++) {
		usleep(2000);
		got = nl_recv(fd, buf, sizeof(buf));
	}
	t_ok("harden: a link message longer than the buffer shows its length",
	     got > (long)sizeof(buf), "not detected");
	close(fd);
}

static void t_nodes(void)
{
	char path[600];
	FILE *f;

	fk_reset("harden-nodes");
	fk_file("/elsewhere", "");
	fk_link("/dev/etherd/discover", "../../elsewhere");
	t_str("harden: a control node that is a symlink is refused",
	      rep_err(actl_write(fk_prefix(), "discover", "\n")),
	      "is a symbolic link");
	snprintf(path, sizeof(path), "%s/elsewhere", fk_prefix());
	f = fopen(path, "r");
	t_ok("harden: nothing written through the symlink",
	     f && fgetc(f) == EOF, "written");
	if (f)
		fclose(f);
}

/* Where readdir lists name in the fake /sys/class/net (from 0), or -1. */
static int dir_pos(const char *name)
{
	char path[600];
	struct dirent *e;
	DIR *d;
	int i = 0, at = -1;

	snprintf(path, sizeof(path), "%s/sys/class/net", fk_prefix());
	d = opendir(path);
	while (d && at < 0 && (e = readdir(d)))
		if (!strcmp(e->d_name, name))
			at = i;
		else
			i++;
	if (d)
		closedir(d);
	return at;
}

/* The NIC sought is listed after the first 64 entries (readdir's order). */
static void t_many(void)
{
	static const unsigned char mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	char rel[80], name[NAMESZ] = "", names[MAXIF][NAMESZ];
	int i;

	fk_reset("harden-many");
	fk_file("/sys/class/net/zz0/address", "52:54:00:12:34:56\n");
	fk_file("/sys/class/net/zz0/type", "1\n");
	fk_dir("/sys/class/net/zz0/device");
	for (i = 0; i < 3000 && (i < 100 || dir_pos("zz0") < 70); i++) {
		snprintf(rel, sizeof(rel), "/sys/class/net/a%04d/address", i);
		fk_file(rel, "02:00:00:00:00:01\n");
	}
	t_int("harden: the MAC's NIC is found past 64 entries",
	      nsel_by_mac(fk_prefix(), mac, name), 0);
	t_str("harden: ... and it is zz0", name, "zz0");
	t_int("harden: the only Ethernet NIC is listed past 64 entries",
	      nsel_list(fk_prefix(), names, MAXIF, NSEL_ETHER), 1);
}

void t_harden(void)
{
	t_cloexec();
	t_sender();
	t_trunc();
	t_nodes();
	t_many();
}
