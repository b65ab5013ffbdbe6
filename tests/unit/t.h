/* t.h - the unit tests' tiny harness: one PASS/FAIL line per case. */
#ifndef T_H
#define T_H
#include "aoe-up.h"

extern const char *t_root;	/* a fresh temporary directory */

void t_ok(const char *name, int cond, const char *why);
void t_str(const char *name, const char *got, const char *want);
void t_int(const char *name, long long got, long long want);

/* fake trees under t_root */
void fk_reset(const char *sub);
void fk_file(const char *rel, const char *content);
void fk_link(const char *rel, const char *target);
void fk_dir(const char *rel);
const char *fk_prefix(void);

void t_target(void);
void t_opts(void);
void t_cmdline(void);
void t_mac(void);
void t_mtu(void);
void t_time(void);
void t_nicsel(void);
void t_aoedev(void);
void t_report(void);
void t_rtnl(void);
void t_uevent(void);
void t_aoectl(void);
void t_probe(void);
void t_abft(void);
void t_udev(void);
void t_pin(void);
void t_fmt(void);
void t_harden(void);
#endif
