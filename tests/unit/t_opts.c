/*
 * t_opts.c - options in both spellings: accepted values (as a summary of
 * what was parsed) and the exact one-line error for bad ones.
 */
#include <stdio.h>
#include <string.h>
#include "t.h"

#define E "aoe-up: "
#define MTU_X "expected auto, keep or a number 68-65535"
#define SEC1 "expected whole seconds 1-3600"
#define SEC0 "expected whole seconds 0-3600"
#define DEAD "expected whole seconds 0-86400 (0: wait for the target forever)"
#define IF_X "expected a comma list of up to 16 interface names" \
	     " (A-Z a-z 0-9 . _ + -) or MACs (aa:bb:cc:dd:ee:ff)"
#define BOOT_X "expected 01-aa-bb-cc-dd-ee-ff or aa:bb:cc:dd:ee:ff"
#define TGT_X "expected eSHELF.SLOT[pPART] (shelf 0-65534 except 4095," \
	      " slot 0-254, partition 1-15)"
#define RANGES " (shelf 0-65534 except 4095, slot 0-254, partition 1-15)"
#define ROOT_X "expected /dev/etherd/eSHELF.SLOT[pPART] or" \
	       " aoe:eSHELF.SLOT[pPART]" RANGES
#define NETROOT_X "expected aoe:eSHELF.SLOT[pPART]" RANGES
#define NOTAOE " not an AoE device (expected /dev/etherd/eSHELF.SLOT" \
	       "[pPART] or aoe:eSHELF.SLOT[pPART])"
#define NOTGT E "no target given; expected eSHELF.SLOT[pPART]," \
	      " root=/dev/etherd/eSHELF.SLOT[pPART] or" \
	      " rd.aoe.target=eSHELF.SLOT[pPART]"
#define MAC_X "expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)"
#define OV_X "expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or a number" \
	     " with k, m or g) or eSHELF.SLOT[pPART]"
#define D " if= bootif= mtu=auto t=90 ct=5 sf= pfx= flags=v1"
#define DX " if= bootif= mtu=auto t=90 ct=5 sf= pfx= flags=xv1"
#define DA " if= bootif= mtu=auto t=90 ct=5 sf= pfx= flags=av1"

/* args are split at '|' so a value may hold spaces */
static const struct {
	const char *args;
	const char *want;	/* summary, or the error line */
} cases[] = {
	/* targets */
	{ "e0.1", "tgt=e0.1" D },
	{ "e0.1p1", "tgt=e0.1p1" D },
	{ "/dev/etherd/e3.4p5", "tgt=e3.4p5" D },
	{ "rd.aoe.target=e0.1", "tgt=e0.1" D },
	{ "root=/dev/etherd/e0.1p2", "tgt=e0.1p2" D },
	{ "rd.aoe.target=e0.1|root=UUID=1234-abcd", "tgt=e0.1" D },
	{ "root=UUID=1234-abcd|rd.aoe.target=e0.1", "tgt=e0.1" D },
	{ "rd.aoe.target=e0.1|root=/dev/etherd/e9.9", "tgt=e0.1" D },
	{ "root=/dev/etherd/e9.9|rd.aoe.target=e0.1", "tgt=e0.1" D },
	/* an AoE root= is checked even when it is not the target */
	{ "rd.aoe.target=e0.1|root=/dev/etherd/junk", E "root=/dev/etherd/junk: "
	  ROOT_X },
	{ "root=UUID=1234-abcd", E "root=UUID=1234-abcd:" NOTAOE },
	{ "root=/dev/sda1", E "root=/dev/sda1:" NOTAOE },
	/* the network's own spellings: root=aoe:, netroot=aoe: */
	{ "root=aoe:e0.1p1", "tgt=e0.1p1" D },
	{ "root=aoe:e7.3", "tgt=e7.3" D },
	{ "root=aoe:e0.255", E "root=aoe:e0.255: slot out of range; " ROOT_X },
	{ "root=aoe:", E "root=aoe:: " ROOT_X },
	{ "root=aoe:sda1", E "root=aoe:sda1: " ROOT_X },
	{ "root=UUID=1234-abcd|netroot=aoe:e0.1", "tgt=e0.1" D },
	{ "netroot=aoe:e2.3p4", "tgt=e2.3p4" D },
	{ "root=aoe:e0.1p1|netroot=aoe:e0.2", "tgt=e0.1p1" D },
	{ "rd.aoe.target=e0.3|netroot=aoe:e0.2", "tgt=e0.3" D },
	{ "root=UUID=1234-abcd|netroot=aoe:e0.x",
	  E "netroot=aoe:e0.x: " NETROOT_X },
	{ "root=UUID=1234-abcd|netroot=nbd:srv:disk", E "root=UUID=1234-abcd:"
	  NOTAOE },
	/* --abft: the firmware's table fills in later what is not given */
	{ "root=UUID=1234-abcd|--abft", "tgt=" DA },
	{ "--abft", "tgt=" DA },
	{ "--abft|root=aoe:e0.1p1", "tgt=e0.1p1" DA },
	{ "--abft|rd.aoe.abft=0|root=UUID=1234-abcd", E "root=UUID=1234-abcd:"
	  NOTAOE },
	{ "rd.aoe.abft=1|root=UUID=1234-abcd", "tgt=" DA },
	{ "--abft|rd.aoe.abft=yes|e0.1", E "rd.aoe.abft=yes: expected 0 or 1" },
	{ "--abft=1|e0.1", E "--abft=1: takes no value" },
	{ "--show-abft", "show-abft" },
	{ "root=/dev/etherd/e0.255",
	  E "root=/dev/etherd/e0.255: slot out of range; " ROOT_X },
	{ "root=/dev/etherd/junk", E "root=/dev/etherd/junk: " ROOT_X },
	{ "", NOTGT },
	{ "-v", NOTGT },
	{ "e0.255", E "e0.255: slot out of range; " TGT_X },
	{ "e65535.0", E "e65535.0: shelf out of range; " TGT_X },
	{ "e4095.0", E "e4095.0: shelf 4095 is reserved; " TGT_X },
	{ "e0.1p16", E "e0.1p16: partition out of range; " TGT_X },
	{ "e0.1p0", E "e0.1p0: partition out of range; " TGT_X },
	{ "rd.aoe.target=e0.x", E "rd.aoe.target=e0.x: " TGT_X },
	{ "rd.aoe.target=", E "rd.aoe.target=: " TGT_X },
	{ "e0.1|e0.2", E "e0.2: unexpected argument (only one TARGET may be"
	  " given)" },
	{ "e0.1|rd.aoe.target=e0.2", "tgt=e0.2" D },
	/* the path probe: on by default, x in the flags when off */
	{ "e0.1|--no-probe", "tgt=e0.1" DX },
	{ "e0.1|rd.aoe.probe=0", "tgt=e0.1" DX },
	{ "e0.1|rd.aoe.probe=0|rd.aoe.probe=1", "tgt=e0.1" D },
	{ "e0.1|rd.aoe.probe=x", E "rd.aoe.probe=x: expected 0 or 1" },
	{ "e0.1|rd.aoe.probe=", E "rd.aoe.probe=: expected 0 or 1" },
	{ "e0.1|--no-probe=1", E "--no-probe=1: takes no value" },
	{ "--|e0.1", "tgt=e0.1" D },
	{ "--|-v", E "-v: " TGT_X },
	/* --mac: target MACs pinned, listed after the flags */
	{ "e0.1|rd.aoe.mac=52:54:00:AA:00:01", "tgt=e0.1" D
	  " pin=52:54:00:aa:00:01" },
	{ "e0.1|--mac=52-54-00-aa-00-01,52:54:00:aa:00:02,52:54:00:aa:00:01",
	  "tgt=e0.1" D " pin=52:54:00:aa:00:01,52:54:00:aa:00:02" },
	{ "e0.1|--mac|52:54:00:aa:00:01", "tgt=e0.1" D
	  " pin=52:54:00:aa:00:01" },
	{ "e0.1|rd.aoe.mac=52:54:00:aa:00:01|rd.aoe.mac=52:54:00:aa:00:02",
	  "tgt=e0.1" D " pin=52:54:00:aa:00:02" },
	{ "e0.1|rd.aoe.mac=zz", E "rd.aoe.mac=zz: " MAC_X },
	{ "e0.1|rd.aoe.mac=", E "rd.aoe.mac=: " MAC_X },
	{ "e0.1|rd.aoe.mac=52:54:00:aa:00:01,", E
	  "rd.aoe.mac=52:54:00:aa:00:01,: " MAC_X },
	{ "e0.1|rd.aoe.mac=52:54:00:aa:00:01 ", E
	  "rd.aoe.mac=52:54:00:aa:00:01 : " MAC_X },
	{ "e0.1|rd.aoe.mac=525400aa0001", E "rd.aoe.mac=525400aa0001: "
	  MAC_X },
	{ "e0.1|--mac=01:00:5e:00:00:01", E "--mac=01:00:5e:00:00:01: "
	  MAC_X },
	{ "e0.1|--mac=ff:ff:ff:ff:ff:ff", E "--mac=ff:ff:ff:ff:ff:ff: "
	  MAC_X },
	{ "e0.1|--mac=eth0", E "--mac=eth0: " MAC_X },
	{ "e0.1|--mac", E "--mac: missing value; " MAC_X },
	{ "e0.1|-M|x", E "-M: unknown option (see aoe-up --help)" },
	/* --mtu */
	{ "--mtu=9000|e0.1", "tgt=e0.1 if= bootif= mtu=9000 t=90 ct=5 sf="
	  " pfx= flags=v1" },
	{ "--mtu|keep|e0.1", "tgt=e0.1 if= bootif= mtu=keep t=90 ct=5 sf="
	  " pfx= flags=v1" },
	{ "-m68|e0.1", "tgt=e0.1 if= bootif= mtu=68 t=90 ct=5 sf= pfx="
	  " flags=v1" },
	{ "rd.aoe.mtu=65535|e0.1", "tgt=e0.1 if= bootif= mtu=65535 t=90"
	  " ct=5 sf= pfx= flags=v1" },
	{ "rd.aoe.mtu=auto|e0.1", "tgt=e0.1" D },
	{ "rd.aoe.mtu=huge|e0.1", E "rd.aoe.mtu=huge: " MTU_X },
	{ "--mtu=huge|e0.1", E "--mtu=huge: " MTU_X },
	{ "--mtu|huge|e0.1", E "--mtu=huge: " MTU_X },
	{ "-m|huge|e0.1", E "-m huge: " MTU_X },
	{ "-mhuge|e0.1", E "-m huge: " MTU_X },
	{ "--mtu=67|e0.1", E "--mtu=67: " MTU_X },
	{ "--mtu=65536|e0.1", E "--mtu=65536: " MTU_X },
	{ "--mtu=09000|e0.1", E "--mtu=09000: " MTU_X },
	{ "--mtu=+9000|e0.1", E "--mtu=+9000: " MTU_X },
	{ "--mtu=9000 |e0.1", E "--mtu=9000 : " MTU_X },
	{ "--mtu=AUTO|e0.1", E "--mtu=AUTO: " MTU_X },
	{ "--mtu=|e0.1", E "--mtu=: " MTU_X },
	{ "e0.1|--mtu", E "--mtu: missing value; " MTU_X },
	{ "e0.1|-m", E "-m: missing value; " MTU_X },
	/* timeouts */
	{ "-t|1|-c|0|e0.1", "tgt=e0.1 if= bootif= mtu=auto t=1 ct=0 sf="
	  " pfx= flags=v1" },
	{ "rd.aoe.timeout=3600|rd.aoe.timeout.carrier=3600|e0.1",
	  "tgt=e0.1 if= bootif= mtu=auto t=3600 ct=3600 sf= pfx= flags=v1" },
	{ "--timeout=0|e0.1", E "--timeout=0: " SEC1 },
	{ "--timeout=3601|e0.1", E "--timeout=3601: " SEC1 },
	{ "rd.aoe.timeout=1.5|e0.1", E "rd.aoe.timeout=1.5: " SEC1 },
	{ "rd.aoe.timeout=90s|e0.1", E "rd.aoe.timeout=90s: " SEC1 },
	{ "-t|-1|e0.1", E "-t -1: " SEC1 },
	{ "--carrier-timeout=3601|e0.1", E "--carrier-timeout=3601: " SEC0 },
	{ "rd.aoe.timeout.carrier=x|e0.1", E "rd.aoe.timeout.carrier=x: "
	  SEC0 },
	{ "-c|e0.1", E "-c e0.1: " SEC0 },
	/* the driver's aoe_deadsecs */
	{ "rd.aoe.deadsecs=600|e0.1", "tgt=e0.1" D " dead=600" },
	{ "--deadsecs=86400|rd.aoe.deadsecs=0|e0.1", "tgt=e0.1" D },
	{ "rd.aoe.deadsecs=-1|e0.1", E "rd.aoe.deadsecs=-1: " DEAD },
	{ "--deadsecs=86401|e0.1", E "--deadsecs=86401: " DEAD },
	{ "rd.aoe.deadsecs=3m|e0.1", E "rd.aoe.deadsecs=3m: " DEAD },
	/* --if */
	{ "--if=ens3|e0.1", "tgt=e0.1 if=ens3 bootif= mtu=auto t=90 ct=5 sf="
	  " pfx= flags=v1" },
	{ "rd.aoe.if=ens3,52-54-00-AB-cd-EF,eth0|e0.1", "tgt=e0.1"
	  " if=ens3,mac:52:54:00:ab:cd:ef,eth0 bootif= mtu=auto t=90 ct=5 sf="
	  " pfx= flags=v1" },
	{ "-i|eth0,eth0|e0.1", "tgt=e0.1 if=eth0 bootif= mtu=auto t=90 ct=5"
	  " sf= pfx= flags=v1" },
	{ "rd.aoe.if=eth0,,eth1|e0.1", E "rd.aoe.if=eth0,,eth1: " IF_X },
	{ "rd.aoe.if=|e0.1", E "rd.aoe.if=: " IF_X },
	{ "rd.aoe.if=eth0,|e0.1", E "rd.aoe.if=eth0,: " IF_X },
	{ "--if=a/b|e0.1", E "--if=a/b: " IF_X },
	{ "--if=eth0:1|e0.1", E "--if=eth0:1: " IF_X },
	{ "--if=a_name_that_is_16|e0.1", E "--if=a_name_that_is_16: " IF_X },
	{ "--if=a_name_that_is|e0.1", "tgt=e0.1 if=a_name_that_is bootif="
	  " mtu=auto t=90 ct=5 sf= pfx= flags=v1" },
	{ "--if=..|e0.1", E "--if=..: " IF_X },
	{ "--if=e$(x)|e0.1", E "--if=e$(x): " IF_X },
	{ "--if=`x`|e0.1", E "--if=`x`: " IF_X },
	{ "--if=a;b|e0.1", E "--if=a;b: " IF_X },
	{ "--if=a\"b|e0.1", E "--if=a\"b: " IF_X },
	{ "--if=a\\b|e0.1", E "--if=a\\b: " IF_X },
	{ "--if=eth\xc3\xa9|e0.1", E "--if=eth\xc3\xa9: " IF_X },
	{ "--if=br-lan_1.10+x|e0.1", "tgt=e0.1 if=br-lan_1.10+x bootif="
	  " mtu=auto t=90 ct=5 sf= pfx= flags=v1" },
	{ "--if=01:00:5e:00:00:01|e0.1", E "--if=01:00:5e:00:00:01: " IF_X },
	{ "-i|a b|e0.1", E "-i a b: " IF_X },
	{ "--if=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q|e0.1",
	  E "--if=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q: " IF_X },
	/* BOOTIF */
	{ "BOOTIF=01-52-54-00-12-34-56|e0.1", "tgt=e0.1 if="
	  " bootif=52:54:00:12:34:56 mtu=auto t=90 ct=5 sf= pfx= flags=v1" },
	{ "--bootif=52:54:00:12:34:56|e0.1", "tgt=e0.1 if="
	  " bootif=52:54:00:12:34:56 mtu=auto t=90 ct=5 sf= pfx= flags=v1" },
	{ "-b|52-54-00-12-34-56|e0.1", "tgt=e0.1 if="
	  " bootif=52:54:00:12:34:56 mtu=auto t=90 ct=5 sf= pfx= flags=v1" },
	{ "BOOTIF=06-52-54-00-12-34-56|e0.1",
	  E "BOOTIF=06-52-54-00-12-34-56: " BOOT_X },
	{ "BOOTIF=01-52-54-00-12-34|e0.1", E "BOOTIF=01-52-54-00-12-34: "
	  BOOT_X },
	{ "--bootif=eth0|e0.1", E "--bootif=eth0: " BOOT_X },
	/* files, flags */
	{ "-s|/run/aoe.status|-P|/tmp/x|e0.1", "tgt=e0.1 if= bootif="
	  " mtu=auto t=90 ct=5 sf=/run/aoe.status pfx=/tmp/x flags=v1" },
	{ "--status-file=|e0.1", E "--status-file=: expected a file name" },
	{ "-nq|e0.1", "tgt=e0.1 if= bootif= mtu=auto t=90 ct=5 sf= pfx="
	  " flags=nv0" },
	{ "--check|--verbose|e0.1", "tgt=e0.1 if= bootif= mtu=auto t=90 ct=5"
	  " sf= pfx= flags=nv2" },
	{ "-l", "tgt= if= bootif= mtu=auto t=90 ct=5 sf= pfx= flags=lv1" },
	{ "--links-only|-i|ens3", "tgt= if=ens3 bootif= mtu=auto t=90 ct=5 sf="
	  " pfx= flags=lv1" },
	{ "--links-only|root=UUID=x", E "root=UUID=x:" NOTAOE },
	{ "-h", "help" },
	{ "--help|--bogus=1", E "--bogus=1: unknown option (see aoe-up"
	  " --help)" },
	{ "--help|-V", "help" },
	{ "-V", "version" },
	{ "--check=1|e0.1", E "--check=1: takes no value" },
	{ "--mut=9000|e0.1", E "--mut=9000: unknown option (see aoe-up"
	  " --help)" },
	{ "-x|e0.1", E "-x: unknown option (see aoe-up --help)" },
	{ "-nx|e0.1", E "-x: unknown option (see aoe-up --help)" },
	/* kernel command line words */
	{ "rd.aoe.mut=9000|e0.1", E "rd.aoe.mut=9000: unknown parameter (see"
	  " aoe-up --help)" },
	{ "rd.aoe=1|e0.1", E "rd.aoe=1: unknown parameter (see aoe-up"
	  " --help)" },
	{ "quiet=1|e0.1", E "quiet=1: unknown parameter (see aoe-up"
	  " --help)" },
	{ "=x|e0.1", E "=x: unknown parameter (see aoe-up --help)" },
	{ "bootif=01-52-54-00-12-34-56|e0.1", E "bootif=01-52-54-00-12-34-56:"
	  " unknown parameter (see aoe-up --help)" },
	{ "rd.aoe.status-file=x|e0.1", E "rd.aoe.status-file=x: unknown"
	  " parameter (see aoe-up --help)" },
	{ "rd.aoe.mtu=1500|rd.aoe.mtu=9000|e0.1", "tgt=e0.1 if= bootif="
	  " mtu=9000 t=90 ct=5 sf= pfx= flags=v1" },
	/* the overlay words: checked here, used by the shell hook */
	{ "rd.aoe.overlay=tmpfs|e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=tmpfs:size=25%|e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=tmpfs:size=512m|e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=tmpfs:size=1048576|e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=e0.2p1|rd.aoe.overlay.format=1|"
	  "rd.aoe.overlay.reset=1|e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=e1.1|root=/dev/etherd/e0.1p1", "tgt=e0.1p1" D },
	{ "rd.aoe.overlay=ram|e0.1", E "rd.aoe.overlay=ram: " OV_X },
	{ "rd.aoe.overlay=tmpfs:size=0|e0.1",
	  E "rd.aoe.overlay=tmpfs:size=0: " OV_X },
	{ "rd.aoe.overlay=tmpfs:size=101%|e0.1",
	  E "rd.aoe.overlay=tmpfs:size=101%: " OV_X },
	{ "rd.aoe.overlay=tmpfs:size=1t|e0.1",
	  E "rd.aoe.overlay=tmpfs:size=1t: " OV_X },
	{ "rd.aoe.overlay=tmpfs:|e0.1", E "rd.aoe.overlay=tmpfs:: " OV_X },
	{ "rd.aoe.overlay=|e0.1", E "rd.aoe.overlay=: " OV_X },
	{ "rd.aoe.overlay=e0.255|e0.1",
	  E "rd.aoe.overlay=e0.255: slot out of range; " OV_X },
	{ "root=/dev/etherd/e0.1p1|rd.aoe.overlay=e0.1p2",
	  E "rd.aoe.overlay=e0.1p2: is the root's own AoE disk; expected"
	  " another eSHELF.SLOT[pPART]" },
	{ "rd.aoe.overlay=tmpfs|rd.aoe.overlay.reset=1|e0.1",
	  E "rd.aoe.overlay.reset=1: needs rd.aoe.overlay=eSHELF.SLOT[pPART]"
	  " (a disk, not tmpfs)" },
	{ "rd.aoe.overlay.format=1|e0.1",
	  E "rd.aoe.overlay.format=1: needs rd.aoe.overlay=eSHELF.SLOT[pPART]"
	  " (a disk, not tmpfs)" },
	{ "rd.aoe.overlay=e0.2|rd.aoe.overlay.format=yes|e0.1",
	  E "rd.aoe.overlay.format=yes: expected 0 or 1" },
	{ "rd.aoe.overlay=e0.2|rd.aoe.overlay.reset=|e0.1",
	  E "rd.aoe.overlay.reset=: expected 0 or 1" },
};

/* Render what was parsed as one comparable line. */
static void summary(const struct opts *o, char *b, size_t n)
{
	char tgt[24] = "", ifs[300] = "", boot[18] = "", mtu[16], fl[8];
	size_t len = 0;
	int i;

	if (o->action != ACT_RUN) {
		snprintf(b, n, "%s", o->action == ACT_HELP ? "help" :
			 o->action == ACT_VERSION ? "version" : "show-abft");
		return;
	}
	if (o->have_tgt)
		tgt_name(&o->tgt, TGT_NAME_PART, tgt, sizeof(tgt));
	for (i = 0; i < o->nifs; i++) {
		char m[18];

		if (o->ifs[i].is_mac)
			mac_format(o->ifs[i].mac, m);
		len += (size_t)snprintf(ifs + len, sizeof(ifs) - len, "%s%s%s",
					i ? "," : "", o->ifs[i].is_mac ?
					"mac:" : "", o->ifs[i].is_mac ? m :
					o->ifs[i].name);
	}
	if (o->have_bootif)
		mac_format(o->bootif, boot);
	if (o->mtu_mode == MTU_SET)
		snprintf(mtu, sizeof(mtu), "%d", o->mtu);
	else
		snprintf(mtu, sizeof(mtu), "%s",
			 o->mtu_mode == MTU_AUTO ? "auto" : "keep");
	snprintf(fl, sizeof(fl), "%s%s%s%sv%d", o->check ? "n" : "",
		 o->links_only ? "l" : "", o->probe ? "" : "x",
		 o->abft ? "a" : "", o->verbosity);
	snprintf(b, n, "tgt=%s if=%s bootif=%s mtu=%s t=%d ct=%d sf=%s pfx=%s"
		 " flags=%s", tgt, ifs, boot, mtu, o->timeout, o->ctimeout,
		 o->status_file ? o->status_file : "", o->prefix, fl);
	len = strlen(b);
	if (o->deadsecs)
		snprintf(b + len, n - len, " dead=%d", o->deadsecs);
	for (i = 0; i < o->npins; i++) {
		char m[18];

		mac_format(o->pins[i], m);
		len = strlen(b);
		snprintf(b + len, n - len, "%s%s", i ? "," : " pin=", m);
	}
}

/* --mac takes 8 MACs, not 9 (the error's long spelling may be cut). */
static void t_pin_max(void)
{
	char v[200] = "--mac=", err[400];
	char *argv[] = { (char *)"aoe-up", v, (char *)"e0.1", NULL };
	struct opts o;
	size_t len;
	int i, r;

	for (i = 1; i <= 9; i++) {
		len = strlen(v);
		snprintf(v + len, sizeof(v) - len, "%s02:00:00:00:00:%02d",
			 i > 1 ? "," : "", i);
		r = opts_parse(3, argv, &o, err, sizeof(err));
		if (i == 8)
			t_ok("opts --mac: 8 MACs accepted", !r && o.npins == 8,
			     err);
	}
	len = strlen(err);
	t_ok("opts --mac: a 9th MAC refused", r && len > strlen(MAC_X) &&
	     !strcmp(err + len - strlen(MAC_X), MAC_X), err);
}

void t_opts(void)
{
	char buf[400], *argv[32], err[400], got[600], name[300], *p;
	struct opts o;
	size_t i;
	int argc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].args);
		argv[0] = (char *)"aoe-up";
		argc = 1;
		for (p = buf; *buf && p; argc++) {
			argv[argc] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = '\0';
		}
		argv[argc] = NULL;
		snprintf(name, sizeof(name), "opts [%s]", cases[i].args);
		if (opts_parse(argc, argv, &o, err, sizeof(err)))
			snprintf(got, sizeof(got), "%s", err);
		else
			summary(&o, got, sizeof(got));
		t_str(name, got, cases[i].want);
	}
	t_pin_max();
	t_ok("help mentions every exit code",
	     strstr(opts_help(), "0 found") && strstr(opts_help(), "1 not") &&
	     strstr(opts_help(), "2 bad") && strstr(opts_help(), "3 no usable"),
	     "exit codes missing from --help");
}
