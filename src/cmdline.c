/*
 * cmdline.c - a kernel command line split into words as dracut's getarg
 * splits it (its dracut-getarg follows the kernel's parameter rules), so
 * that what aoe-up checks is what the hooks' getarg returns.
 *
 * A word ends at white space outside double quotes; a quote at the start of
 * the word, or right after its first '=', is not part of it, nor is the
 * quote that closes it; other quotes stay.  The key is what comes before
 * the first '=' (one at the word's very start does not count).  White
 * space is the kernel's: tab, LF, VT, FF, CR, space and byte 0xA0.
 */
#include <string.h>
#include "aoe-up.h"

/* Is c white space to the kernel's parameter parser? */
static int cml_space(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= 9 && u <= 13) || u == 0xA0;
}

/* s past any white space. */
char *cml_skip(char *s)
{
	while (cml_space(*s))
		s++;
	return s;
}

/* Read the word at s (not white space) into *w without changing the text:
 * the key (klen bytes at w->key), the value (vlen bytes at w->val, NULL
 * for a word without '=').  Returns where the next word starts. */
char *cml_next(char *s, struct cml_word *w)
{
	int quoted = *s == '"', in_quote = quoted;
	size_t i, eq = 0, end;

	s += quoted;
	for (i = 0; s[i] && (in_quote || !cml_space(s[i])); i++) {
		if (!eq && i && s[i] == '=')
			eq = i;
		if (s[i] == '"')
			in_quote = !in_quote;
	}
	end = i;
	w->key = s;
	w->val = eq ? s + eq + 1 : NULL;
	if (w->val && *w->val == '"')
		w->val++;
	if ((quoted || (w->val && w->val[-1] == '"')) && i && s[i - 1] == '"')
		end = i - 1;
	w->klen = eq ? eq : end;
	w->vlen = !w->val || s + end < w->val ? 0 : (size_t)(s + end - w->val);
	return cml_skip(s + i + !!s[i]);
}

/* Is there a word with w's key after s (where w's successor starts)? */
int cml_later(char *s, const struct cml_word *w)
{
	struct cml_word x;

	for (s = cml_skip(s); *s;) {
		s = cml_next(s, &x);
		if (x.klen == w->klen && !memcmp(x.key, w->key, w->klen))
			return 1;
	}
	return 0;
}
