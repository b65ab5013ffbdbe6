/* fz_opts.c - libFuzzer target: the whole option parser. The input, split
 * at NUL bytes, is argv[1..]; each argument is an exact-size heap string so
 * that ASan catches a read past its end (--cmdline=TEXT in it is split in
 * place).  The input up to its first NUL is also split as a kernel command
 * line (cmdline.c): every word inside the text, each step forward. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aoe-up.h"

#define FZ_MAXARGS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Split data as a kernel command line; trap on a word outside the text. */
static void fz_split(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1), *p, *next;
	struct cml_word w;

	memcpy(t, data, size);
	t[size] = '\0';
	for (p = cml_skip(t); *p; p = next) {
		next = cml_next(p, &w);
		if (next <= p || next > t + size || w.key < t ||
		    w.key + w.klen > next ||
		    (w.val && (w.val < w.key || w.val + w.vlen > next)))
			__builtin_trap();
		(void)cml_later(next, &w);
	}
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FZ_MAXARGS + 2], err[400], sp[160];
	const uint8_t *p = data, *end = data + size, *z;
	struct opts o;
	int argc = 1, i;
	size_t l;

	fz_split(data, size);
	argv[0] = strdup("aoe-up");
	while (p < end && argc <= FZ_MAXARGS) {
		z = memchr(p, 0, (size_t)(end - p));
		l = z ? (size_t)(z - p) : (size_t)(end - p);
		argv[argc] = malloc(l + 1);
		memcpy(argv[argc], p, l);
		argv[argc++][l] = '\0';
		p += l + 1;
	}
	argv[argc] = NULL;
	if (opts_parse(argc, argv, &o, err, sizeof(err)) == 0) {
		opts_spell(&o.mtu_sp, "9000", sp, sizeof(sp));
		for (i = 0; i < o.nifs; i++)
			opts_spell(&o.if_sp, o.ifs[i].text, sp, sizeof(sp));
	} else {
		log_safe(err, strlen(err));
		for (l = 0; err[l]; l++)
			if (strchr("$`\"\\", err[l]) || err[l] < ' ')
				__builtin_trap();	/* messages are inert */
	}
	for (i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
