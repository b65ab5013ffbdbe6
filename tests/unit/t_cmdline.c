/*
 * t_cmdline.c - a kernel command line split as dracut's getarg splits it
 * (cmdline.c), and aoe-up --cmdline: of each of its keys the last word
 * counts, and --check shows what the hooks act on (opts_show).
 */
#include <stdio.h>
#include <string.h>
#include "t.h"

/* text -> its words as [key] or [key=value], the value as getarg returns it */
static const struct {
	const char *text, *want;
} splits[] = {
	{ "a=1 b", "[a=1][b]" },
	{ "  a=1\t\n b  ", "[a=1][b]" },
	{ "\"a=x y\" b", "[a=x y][b]" },
	{ "a=\"x y\" b", "[a=x y][b]" },
	{ "\"a=$(touch x)\"", "[a=$(touch x)]" },
	{ "a=\"1\"", "[a=1]" },
	{ "a=\"\"", "[a=]" },
	{ "a=\"", "[a=]" },
	{ "\"a\"", "[a]" },
	{ "\"", "[]" },
	{ "a=", "[a=]" },
	{ "a=b=c", "[a=b=c]" },
	{ "=a=b", "[=a=b]" },
	{ "=a", "[=a]" },
	{ "a=x\"y z\"w v", "[a=x\"y z\"w][v]" },
	{ "a\"b c\"=d", "[a\"b c\"=d]" },
	{ "\"a=1\"x b", "[a=1\"x][b]" },
	{ "\"a=\"1\"\"", "[a=1\"]" },
	{ "a=1\"", "[a=1\"]" },
	{ "\"unclosed a=1", "[unclosed a=1]" },
	{ "a=1\xa0" "b=2", "[a=1][b=2]" },
	{ "a=1\rb=2\x0b" "c", "[a=1][b=2][c]" },
	{ "", "" },
};

/* Render the words of text as in splits[]. */
static void t_words(const char *text, char *out, size_t n)
{
	char buf[200], *p;
	struct cml_word w;
	size_t len = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	out[0] = '\0';
	for (p = cml_skip(buf); *p;) {
		p = cml_next(p, &w);
		len += (size_t)snprintf(out + len, n - len, "[%.*s%s%.*s]",
					(int)w.klen, w.key, w.val ? "=" : "",
					(int)w.vlen, w.val ? w.val : "");
	}
}

#define OV_X "expected tmpfs, tmpfs:size=SIZE (SIZE: 1-100% or a number" \
	     " with k, m or g) or eSHELF.SLOT[pPART]"
#define ROOT_X "expected /dev/etherd/eSHELF.SLOT[pPART] or" \
	       " aoe:eSHELF.SLOT[pPART] (shelf 0-65534 except 4095, slot" \
	       " 0-254, partition 1-15)"
#define MAC_X "expected MAC[,MAC...] (aa:bb:cc:dd:ee:ff, up to 8)"
#define OVS "overlay.format=0|overlay.reset=0|"

/* aoe-up ARGS ('|'-separated) -> opts_show's lines ('|' for newline) and
 * the pins, or the error */
static const struct {
	const char *args, *want;
} runs[] = {
	{ "--cmdline=root=/dev/etherd/e0.1p1 quiet",
	  "target=e0.1p1|root=/dev/etherd/e0.1p1|" },
	{ "--cmdline=BOOT_IMAGE=/vmlinuz root=aoe:e0.1p1 ro",
	  "target=e0.1p1|root=aoe:e0.1p1|" },
	{ "--cmdline=root=block:/dev/etherd/e0.1p1",
	  "target=e0.1p1|root=/dev/etherd/e0.1p1|" },
	{ "--cmdline=root=UUID=1 rd.aoe.target=e0.1",
	  "target=e0.1|" },
	{ "--cmdline=netroot=aoe:e0.1p1", "target=e0.1p1|root=aoe:e0.1p1|" },
	{ "--cmdline=root= netroot=aoe:e0.1p1",
	  "target=e0.1p1|root=aoe:e0.1p1|" },
	{ "--cmdline=root=UUID=1 netroot=aoe:e0.1p1", "target=e0.1p1|" },
	{ "--cmdline=netroot=aoe:e0.1", "target=e0.1|" },
	{ "--cmdline=rd.aoe.target=e0.1 root=/dev/etherd/e0.1p1",
	  "target=e0.1|root=/dev/etherd/e0.1p1|" },
	/* the last word counts; one before it is not even read */
	{ "--cmdline=root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs"
	  " rd.aoe.overlay=e0.2p1",
	  "target=e0.1p1|root=/dev/etherd/e0.1p1|overlay=e0.2p1|" OVS },
	{ "--cmdline=root=/dev/etherd/e0.1p1 rd.aoe.overlay=$(x)"
	  " rd.aoe.overlay=tmpfs:size=2g",
	  "target=e0.1p1|root=/dev/etherd/e0.1p1|overlay=tmpfs:size=2g|" OVS },
	{ "--cmdline=root=/dev/etherd/e0.1p1 rd.aoe.overlay=tmpfs"
	  " \"rd.aoe.overlay=$(touch x)\"",
	  "aoe-up: rd.aoe.overlay=$(touch x): " OV_X },
	{ "--cmdline=root=/dev/etherd/e0.1p1 \"rd.aoe.overlay=e0.2\""
	  " rd.aoe.overlay.format=\"1\"",
	  "target=e0.1p1|root=/dev/etherd/e0.1p1|overlay=e0.2|"
	  "overlay.format=1|overlay.reset=0|" },
	{ "--cmdline=root=/dev/etherd/e0.1p1 rd.aoe.overlay.format",
	  "aoe-up: rd.aoe.overlay.format=: expected 0 or 1" },
	/* netroot= and root= are checked even when not the target */
	{ "--cmdline=rd.aoe.target=e0.1 netroot=aoe:$(x)",
	  "aoe-up: netroot=aoe:$(x): expected aoe:eSHELF.SLOT[pPART] (shelf"
	  " 0-65534 except 4095, slot 0-254, partition 1-15)" },
	{ "--cmdline=rd.aoe.target=e0.1 \"root=/dev/etherd/e0.1p1 x\"",
	  "aoe-up: root=/dev/etherd/e0.1p1 x: " ROOT_X },
	{ "--cmdline=rd.aoe.target=e0.1 netroot=nbd:x netroot=aoe:e0.1p1",
	  "target=e0.1|root=aoe:e0.1p1|" },
	{ "--cmdline=rd.aoe.target=e0.1 netroot=aoe:e0.x netroot=nbd:x",
	  "target=e0.1|" },
	/* the pin, however quoted; present but unusable stops */
	{ "--cmdline=root=aoe:e0.1 \"rd.aoe.mac=52:54:00:aa:00:01\"",
	  "target=e0.1|root=aoe:e0.1| pin=52:54:00:aa:00:01" },
	{ "--cmdline=root=aoe:e0.1 rd.aoe.mac=\"52:54:00:aa:00:01\"",
	  "target=e0.1|root=aoe:e0.1| pin=52:54:00:aa:00:01" },
	{ "--cmdline=root=aoe:e0.1 rd.aoe.mac=52:54:00:aa:00:01 rd.aoe.mac",
	  "aoe-up: rd.aoe.mac=: " MAC_X },
	{ "--cmdline=root=aoe:e0.1 \"rd.aoe.mac= 52:54:00:aa:00:01\"",
	  "aoe-up: rd.aoe.mac= 52:54:00:aa:00:01: " MAC_X },
	{ "--cmdline=root=aoe:e0.1 \"rd.aoe.mac\"=52:54:00:aa:00:01",
	  "aoe-up: rd.aoe.mac\"=52:54:00:aa:00:01: unknown parameter (see"
	  " aoe-up --help)" },
	/* other words are not ours; rd.aoe alone is the hooks' */
	{ "--cmdline=rd.aoe=0 rd.aoe rd.aoeif=x rd.aoe. quiet e0.9 -v"
	  " rd.aoe.target=e0.1", "aoe-up: rd.aoe.: unknown parameter (see"
	  " aoe-up --help)" },
	{ "--cmdline=rd.aoe=0 rd.aoeif=x quiet e0.9 -v rd.aoe.target=e0.1",
	  "target=e0.1|" },
	/* argv after --cmdline wins, as always the last one given */
	{ "--cmdline=root=aoe:e0.1p1 rd.aoe.target=e0.2|rd.aoe.target=e0.3",
	  "target=e0.3|root=aoe:e0.1p1|" },
	/* --overlay: the overlay disk is the target */
	{ "--overlay|--cmdline=root=aoe:e0.1p1 rd.aoe.overlay=e0.2p1",
	  "target=e0.2p1|root=aoe:e0.1p1|overlay=e0.2p1|" OVS },
	{ "--overlay|--cmdline=root=aoe:e0.1p1 rd.aoe.overlay=e0.2"
	  " \"rd.aoe.mac=52:54:00:aa:00:01\"",
	  "target=e0.2|root=aoe:e0.1p1|overlay=e0.2|" OVS
	  " pin=52:54:00:aa:00:01" },
	{ "--overlay|--cmdline=root=aoe:e0.1p1 rd.aoe.overlay=tmpfs",
	  "aoe-up: --overlay: needs rd.aoe.overlay=eSHELF.SLOT[pPART] (a"
	  " disk, not tmpfs)" },
	{ "--overlay|--cmdline=root=aoe:e0.1p1",
	  "aoe-up: --overlay: needs rd.aoe.overlay=eSHELF.SLOT[pPART] (a"
	  " disk, not tmpfs)" },
	{ "--cmdline", "aoe-up: --cmdline: missing value; expected the kernel"
	  " command line" },
};

void t_cmdline(void)
{
	char got[600], name[300], buf[400], err[400], *argv[8], *p;
	struct opts o;
	size_t i, len;
	int argc, k;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		t_words(splits[i].text, got, sizeof(got));
		snprintf(name, sizeof(name), "cmdline split [%s]",
			 splits[i].text);
		for (p = name; *p; p++)	/* one line per case */
			if ((unsigned char)*p < ' ' || (unsigned char)*p > '~')
				*p = '?';
		t_str(name, got, splits[i].want);
	}
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", runs[i].args);
		argv[0] = (char *)"aoe-up";
		for (argc = 1, p = buf; p && argc < 7; argc++) {
			argv[argc] = p;
			if ((p = strchr(p, '|')))
				*p++ = '\0';
		}
		argv[argc] = NULL;
		snprintf(name, sizeof(name), "opts --cmdline [%s]",
			 runs[i].args);
		if (opts_parse(argc, argv, &o, err, sizeof(err))) {
			t_str(name, err, runs[i].want);
			continue;
		}
		opts_show(&o, got, sizeof(got));
		for (p = got; (p = strchr(p, '\n'));)
			*p = '|';
		for (k = 0; k < o.npins; k++) {
			len = strlen(got);
			snprintf(got + len, sizeof(got) - len, " pin=");
			mac_format(o.pins[k], got + len + 5);
		}
		t_str(name, got, runs[i].want);
	}
}
