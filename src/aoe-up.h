/*
 * aoe-up.h - declarations shared by the aoe-up helper's modules.
 *
 * aoe-up brings up the network links an ATA over Ethernet root needs and
 * makes the aoe driver discover the wanted target.  Each .c file holds one
 * concern; its functions carry a short prefix naming that file.
 */
#ifndef AOE_UP_H
#define AOE_UP_H

#include <stdarg.h>
#include <stddef.h>

#define AOE_UP_VERSION "1.0"

#define EXIT_FOUND   0	/* target found, or --check ok */
#define EXIT_NOTFOUND 1	/* target not found by the deadline */
#define EXIT_USAGE   2	/* bad option or usage */
#define EXIT_NONIC   3	/* no usable network interface */

#define NAMESZ   16	/* IFNAMSIZ */
#define MAXIF    16	/* names/MACs in --if, and NICs handled */
#define MAXPIN   8	/* target MACs in --mac */
#define MAXSEEN  8	/* MACs noted answering for the target */
#define PATHSZ   512

/* ---- AoE on the wire (probe.c, psock.c, seen.c, mtu.c) ---- */
#define AOE_ETHERTYPE 0x88A2
#define AOE_HDR  36	/* Ethernet + AoE + ATA headers; the driver takes
			 * them off the MTU too when it sizes a frame */
#define ETH_MINFRAME 60	/* shortest Ethernet frame (no FCS) */

/* ---- num.c: strict decimal numbers ---- */
enum { NUM_OK = 0, NUM_BAD = -1, NUM_RANGE = -2 };
int num_parse(const char *s, const char **end, unsigned long max,
	      unsigned long *v);
int num_whole(const char *s, unsigned long lo, unsigned long hi,
	      unsigned long *v);

/* ---- target.c: eSHELF.SLOT[pPART] ---- */
struct aoe_target {
	unsigned shelf, slot, part;	/* part 0 = whole disk */
};
#define TGT_NAMESZ 24	/* "e65535.255p4294967295" and its NUL */
enum { TGT_OK, TGT_FORM, TGT_SHELF, TGT_RESERVED, TGT_SLOT, TGT_PART };
int tgt_parse(const char *s, struct aoe_target *t);
const char *tgt_why(int code);
enum tgt_form { TGT_NAME_DISK, TGT_NAME_PART };	/* e0.1, or e0.1p1 */
void tgt_name(const struct aoe_target *t, enum tgt_form form, char *buf,
	      size_t n);
void tgt_sysname(const struct aoe_target *t, char *buf, size_t n);

/* ---- mac.c: MAC addresses and BOOTIF ---- */
int mac_parse(const char *s, unsigned char mac[6]);
int mac_parse_bootif(const char *s, unsigned char mac[6]);
int mac_unicast(const unsigned char mac[6]);
int mac_parse_hex12(const char *s, unsigned char mac[6]);
void mac_format(const unsigned char mac[6], char *buf);

/* ---- abft.c: the firmware's AoE Boot Firmware Table ---- */
struct abft {
	struct aoe_target tgt;		/* part 0 */
	unsigned char mac[6];		/* the NIC the firmware booted from */
};
enum { ABFT_OK, ABFT_NONE, ABFT_BAD };
int abft_parse(const unsigned char *b, size_t avail, const char *where,
	       struct abft *a, char *msg, size_t n);
int abft_scan(const unsigned char *mem, size_t len, unsigned long base,
	      struct abft *a, char *msg, size_t n);
int abft_find(const char *prefix, struct abft *a, char *msg, size_t n);

/* ---- cmdline.c: a kernel command line's words, as dracut's getarg
 * splits them ---- */
struct cml_word {
	char *key, *val;	/* val NULL: no '=' */
	size_t klen, vlen;	/* neither is NUL-terminated */
};
char *cml_skip(char *s);
char *cml_next(char *s, struct cml_word *w);
int cml_later(char *s, const struct cml_word *w);

/* ---- opts.c: command line and kernel-command-line words ---- */
enum { MTU_AUTO, MTU_KEEP, MTU_SET };
enum { ROOT_NONE, ROOT_DEV, ROOT_AOE };	/* root= /dev/etherd/..., aoe:... */
enum { ACT_RUN, ACT_HELP, ACT_VERSION, ACT_ABFT };

struct opt_spell {		/* how the user spelled an option */
	const char *pre;	/* "--", "-" or "" (cmdline word) */
	const char *name;	/* "mtu", "m", "rd.aoe.mtu"; NULL: a bare
				 * value like TARGET (then pre is "") */
};

struct opt_if {
	char name[NAMESZ];
	unsigned char mac[6];
	int is_mac;
	char text[24];		/* as typed */
};

struct opts {
	int action;
	struct aoe_target tgt;
	int have_tgt;
	struct opt_if ifs[MAXIF];
	int nifs;
	struct opt_spell if_sp;
	unsigned char bootif[6];
	int have_bootif;
	const char *bootif_text;
	struct opt_spell bootif_sp;
	int mtu_mode, mtu;
	struct opt_spell mtu_sp;
	int timeout, ctimeout;	/* seconds */
	int deadsecs;		/* the driver's aoe_deadsecs; 0 = forever */
	int deadsecs_set;	/* given: no multipath default */
	const char *status_file;
	const char *prefix;
	int check, links_only;
	int verbosity;		/* 0 quiet, 1 normal, 2 verbose */
	int probe;		/* probe the path for lost jumbo frames */
	int abft;		/* the aBFT fills in what is not given */
	unsigned char pins[MAXPIN][6];	/* --mac: the only target MACs */
	int npins;
	struct opt_spell pin_sp;
	const char *pin_text;
	struct aoe_target root;	/* the root is this AoE device, */
	int root_form;		/* spelled so (ROOT_*) */
	const char *overlay;	/* rd.aoe.overlay= as checked, or NULL */
	struct aoe_target ovtgt;	/* its disk, when not tmpfs */
	int have_ovtgt, ov_format, ov_reset;
	int ov_run;		/* --overlay: look for that disk */
};

int opts_parse(int argc, char **argv, struct opts *o, char *err, size_t n);
void opts_spell(const struct opt_spell *sp, const char *val, char *buf,
		size_t n);
void opts_show(const struct opts *o, char *b, size_t n);
const char *opts_help(void);

/* ---- mtu.c: the MTU steps tried for --mtu=auto ---- */
#define MTU_JUMBO 9000
int mtu_auto_next(int prev, int cur);
int mtu_sectors(int mtu);

/* ---- backoff.c: time between discover broadcasts ---- */
#define BO_FIRST_MS 200
#define BO_CAP_MS 800		/* +25 % jitter: at most 1 s between broadcasts */
int bo_next(int prev_ms);
int bo_jitter(int ms, unsigned *seed);
unsigned bo_seed(long long now);

/* ---- clock.c: monotonic milliseconds ---- */
long long clk_now(void);
long long clk_left(long long now, long long deadline);
long long clk_sooner(long long a, long long b);
int clk_poll_ms(long long now, const long long *deadlines, int n);

/* ---- sysfs.c: reading files under a root prefix ---- */
void sys_path(const char *prefix, const char *rel, char *buf, size_t n);
int sys_read(const char *prefix, const char *rel, char *buf, size_t n);
int sys_exists(const char *prefix, const char *rel);
struct sys_dir {		/* a directory read with getdents64 */
	int fd, len, off;	/* len: bytes in buf; off: the next entry's */
	long long buf[256];	/* (entries are 8-byte aligned) */
};
int sys_dir_open(const char *prefix, const char *rel, struct sys_dir *d);
const char *sys_dir_next(struct sys_dir *d);
void sys_dir_close(struct sys_dir *d);

/* ---- nicsel.c: choosing network interfaces from sysfs ---- */
enum { SEL_IF, SEL_BOOTIF, SEL_ALL };
struct nsel {
	int mode;
	char names[MAXIF][NAMESZ];
	int n;
	int item[MAXIF];	/* index into opts.ifs per name, or -1 */
	int missing[MAXIF];	/* indexes into opts.ifs not found */
	int nmissing;
};
int nsel_is_ether(const char *prefix, const char *name);
enum nsel_kind { NSEL_ANY, NSEL_ETHER };	/* or only wired Ethernet */
int nsel_list(const char *prefix, char names[][NAMESZ], int max,
	      enum nsel_kind kind);
int nsel_by_mac(const char *prefix, const unsigned char mac[6], char *name);
void nsel_select(const char *prefix, const struct opts *o, int use_all,
		 struct nsel *s);
void nsel_have(const char *prefix, char *buf, size_t n);

/* ---- ifctl.c: interface ioctls (index, MTU, up) ---- */
int ifctl_open(void);
int ifctl_index(int fd, const char *name);
int ifctl_get_mtu(int fd, const char *name);
int ifctl_set_mtu(int fd, const char *name, int mtu);
int ifctl_up(int fd, const char *name);

/* ---- rtnl.c: rtnetlink link events ---- */
struct rtnl_link {
	int index;
	unsigned flags;
	char name[NAMESZ];
	int gone;		/* RTM_DELLINK */
	int carrier;		/* IFLA_CARRIER, -1 if absent */
	int mtu;		/* IFLA_MTU, 0 if absent */
};
typedef void (*rtnl_fn)(const struct rtnl_link *l, void *arg);
int nl_open(int type, int proto, unsigned int groups);	/* nlsock.c */
long nl_recv(int fd, void *buf, size_t n);		/* nlsock.c */
int rtnl_open(void);
int rtnl_ask(int fd, int index);
int rtnl_parse(const void *buf, size_t len, rtnl_fn fn, void *arg);
int rtnl_has_carrier(const struct rtnl_link *l);

/* ---- uevent.c: kernel uevents ---- */
int uev_open(void);
int uev_is_aoe(const char *buf, size_t len);
int uev_drain(int fd);

/* ---- aoectl.c: the aoe driver's control nodes and module ---- */
int actl_loaded(const char *prefix);
#define ACTL_KILLED -2
int actl_modprobe(const char *prefix, const char *iflist, int deadsecs,
		  long long deadline);
int actl_deadsecs(const char *prefix, int deadsecs);
int actl_load(const char *mod);
int actl_nodes(const char *prefix);
int actl_write(const char *prefix, const char *node, const char *text);

/* ---- aoedev.c: AoE block devices in sysfs ---- */
struct adev {
	char name[TGT_NAMESZ];	/* e0.1 */
	char state[32];
	char mac[18];		/* aa:bb:..., or as sysfs has it */
	char netif[64];
	int payload;
};
enum { ADEV_ABSENT, ADEV_NOT_UP, ADEV_NO_PART, ADEV_FOUND };
int adev_read(const char *prefix, const char *name, struct adev *d);
int adev_check(const char *prefix, const struct aoe_target *t,
	       struct adev *d);
int adev_parts(const char *prefix, const struct aoe_target *t, char *buf,
	       size_t n);
int adev_list(const char *prefix, struct adev *out, int max);

/* ---- report.c: message texts ---- */
struct rep_nic {
	char name[NAMESZ];
	int carrier;
	int mtu;
	const char *note;	/* why it was left out, or NULL */
};
struct rep_fail {
	const char *target;	/* e0.1p1 */
	int timeout;
	const struct rep_nic *nics;
	int nnics;
	int discovers;
	int check;		/* ADEV_* of the target */
	const struct adev *dev;	/* the target's device, if it answered */
	const char *parts;	/* its partitions, for ADEV_NO_PART */
	unsigned part;
	const struct adev *answered;
	int nanswered;
};
const char *rep_err(int e);
struct rep_lost {		/* a path that loses big frames */
	const char *dev, *nif;	/* e0.1, eth0 */
	int frame;		/* bytes of the lost frames */
	int mtu, payload;	/* MTU set and the payload after it */
	int err;		/* errno setting the MTU, or 0 */
	const char *keep, *use;	/* the MTU option as typed, and its fix */
};
void rep_lost(char *b, size_t n, const struct rep_lost *l);
void rep_found(char *b, size_t n, const char *target, const struct adev *d,
	       int mtu, long long ms);
size_t rep_failure(char *b, size_t n, const struct rep_fail *f);

/* ---- probe.c: the path probe's frames ---- */
#define PRB_SMALL 1024		/* payload a 1500-byte path carries */
#define PRB_SMALL_MTU 1500
#define PRB_MAXFRAME 65550	/* MTU 65535 + Ethernet header, and then some */
enum { PRB_ATA = 0, PRB_CFG = 1 };	/* AoE commands */
struct prb_req {
	unsigned char dst[6], src[6];	/* target (or broadcast), our NIC */
	unsigned shelf, slot;
	unsigned long tag;
	int cmd;			/* PRB_ATA: IDENTIFY; PRB_CFG: query */
};
unsigned long prb_tag(unsigned pid, unsigned seq);
int prb_size(int payload, int mtu);
int prb_payload(int mtu, int scnt);
int prb_build(unsigned char *f, size_t len, const struct prb_req *q);
int prb_answer(const unsigned char *f, size_t len, unsigned shelf,
	       unsigned slot, int cmd);
int prb_match(const unsigned char *f, size_t len, const struct prb_req *q);
int prb_cfg_scnt(const unsigned char *f, size_t len);

/* ---- psock.c: the probe's AF_PACKET socket ---- */
#define PSK_ANSWER 64		/* bytes of an answer kept */
struct psk_q {			/* a query on one NIC, asked with others */
	int fd, ifindex;
	struct prb_req q;
	unsigned char *ans;	/* up to max answers, PSK_ANSWER bytes each */
	int max, k;		/* k: answers kept */
	int tries, done, err;	/* err: errno of a failed send (or open), or 0 */
	int more;		/* another MAC answered once max were kept */
	long long sent, first;	/* ms: last try, first answer (-1: none) */
};
int psk_open(int ifindex);
int psk_mac(int fd, unsigned char mac[6]);
void psk_q_reset(struct psk_q *a);
struct pollfd;
long long psk_turn_all(struct psk_q **v, int n, size_t len, long long now,
		       long long end);
void psk_pollfds(struct psk_q **v, int n, struct pollfd *pf);
void psk_take_all(struct psk_q **v, int n, const struct pollfd *pf);

/* ---- pin.c: the tc ingress filter that pins the target's MACs ---- */
#define PIN_DEPTH 8	/* where the pin looks for the type: behind 0-7 tags */
#define PIN_MAXOPS (4 * PIN_DEPTH + 7 + 4 * MAXPIN)
struct sock_filter;
int pin_prog(const unsigned char (*pins)[6], int n, struct sock_filter *f);
int pin_nic(int ifindex, const unsigned char (*pins)[6], int n,
	    const char **step);

/* ---- seen.c: which MACs answer for the target ---- */
int seen_open(void);
int seen_answer(const unsigned char *f, size_t len,
		const struct aoe_target *t);

/* ---- udev.c: has udev finished with a NIC (named it)? ---- */
#define UDV_WAIT_MS 10000	/* then the NIC is used as it is */
int udv_active(const char *prefix);
int udv_busy(const char *prefix);
int udv_done(const char *prefix, int ifindex, const char *name);
int udv_open(void);
void udv_drain(int fd);

/* ---- fmt.c: snprintf for %s %c %d %u %x (l, ll) and %% only ---- */
int fmt(char *buf, size_t n, const char *f, ...)
	__attribute__((format(printf, 3, 4)));
int fmt_v(char *buf, size_t n, const char *f, va_list ap)
	__attribute__((format(printf, 3, 0)));
void fmt_add(char *buf, size_t n, size_t *len, const char *f, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- log.c: output ---- */
/* A message's level: printed when it is at most log_level (-q 0, default
 * 1, -v 2). */
enum { LV_ALWAYS = 0, LV_NORMAL = 1, LV_VERBOSE = 2 };
extern int log_level;
void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_put(int fd, const char *text);
void log_safe(char *s, size_t n);

#endif
