/*
 * fmt.c - the helper's one formatter: C99 snprintf's contract (writes at
 * most n bytes with the '\0', returns the length the whole text needs) for
 * the conversions the helper uses and no more: %s %c %d %u %x, each with
 * an optional l or ll, and %%.  No flags, widths or precisions: the libc's
 * full vsnprintf was 2.9 KB of the static helper, this is a tenth of it.
 * tests/unit/t_fmt.c holds it to the libc's output and checks that the
 * sources use no other conversion.
 */
#include <stdarg.h>
#include <stddef.h>
#include "aoe-up.h"

struct fmt_out {
	char *buf;
	size_t n, len;	/* room, text length so far (may exceed room) */
};

/* Append c if it fits (leaving room for the '\0'); count it anyway. */
static void fmt_ch(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

/* Append v in base 10 or 16, after a '-' if neg. */
static void fmt_num(struct fmt_out *o, unsigned long long v, unsigned base,
		    int neg)
{
	char d[24];
	int i = 0;

	if (neg)
		fmt_ch(o, '-');
	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		fmt_ch(o, d[--i]);
}

/* The next integer argument of size l (0 int, 1 long, 2 long long), read
 * with its own type (signed for %d, unsigned for %u and %x) and widened. */
static unsigned long long fmt_arg(va_list *ap, int l, int is_signed)
{
	if (is_signed)
		return (unsigned long long)(l == 2 ? va_arg(*ap, long long) :
					    l ? va_arg(*ap, long) :
					    va_arg(*ap, int));
	return l == 2 ? va_arg(*ap, unsigned long long) :
	       l ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
}

int fmt_v(char *buf, size_t n, const char *f, va_list ap)
{
	struct fmt_out o = { buf, n, 0 };
	unsigned long long u;
	const char *s;
	va_list aq;
	int l, neg;

	va_copy(aq, ap);
	for (; *f; f++) {
		if (*f != '%') {
			fmt_ch(&o, *f);
			continue;
		}
		for (l = 0; f[1] == 'l' && l < 2; f++)
			l++;
		switch (*++f) {
		case 's':
			s = va_arg(aq, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				fmt_ch(&o, *s);
			break;
		case 'c':
			fmt_ch(&o, (char)va_arg(aq, int));
			break;
		case 'd':
			u = fmt_arg(&aq, l, 1);
			neg = (long long)u < 0;
			fmt_num(&o, neg ? 0 - u : u, 10, neg);
			break;
		case 'u':
		case 'x':
			fmt_num(&o, fmt_arg(&aq, l, 0), *f == 'x' ? 16 : 10, 0);
			break;
		case '\0':
			f--;	/* a lone '%' at the end: dropped */
			break;
		default:
			fmt_ch(&o, *f);	/* "%%", or one this does not know */
		}
	}
	va_end(aq);
	if (n)
		buf[o.len < n ? o.len : n - 1] = '\0';
	return (int)o.len;
}

int fmt(char *buf, size_t n, const char *f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = fmt_v(buf, n, f, ap);
	va_end(ap);
	return r;
}

/* Append to the text of length *len in buf (n bytes) and add what was
 * written to *len; text that does not fit is cut, and *len stays below n. */
void fmt_add(char *buf, size_t n, size_t *len, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	if (*len < n)
		*len += (size_t)fmt_v(buf + *len, n - *len, f, ap);
	va_end(ap);
	if (*len >= n)
		*len = n - 1;
}
