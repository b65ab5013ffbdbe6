/*
 * log.c - progress and error output: one write(2) per line, so lines from
 * the helper and from udev or systemd do not interleave mid-line.  Every
 * line is made safe on the way out: a byte that is not printable ASCII, or
 * is one of $ ` " \ (which a shell still reads inside double quotes, as in
 * dracut's emergency hook), is written as '?'.  Values from the command
 * line, sysfs or the network thus never reach a log or a shell verbatim.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "aoe-up.h"

int log_level = LV_NORMAL;

/* Replace each unsafe byte of the n at s by '?'. */
void log_safe(char *s, size_t n)
{
	unsigned char c;

	for (; n--; s++) {
		c = (unsigned char)*s;
		if (c < ' ' || c > '~' || strchr("$`\"\\", c))
			*s = '?';
	}
}

/* Write text plus a newline to fd in one write. */
void log_put(int fd, const char *text)
{
	char buf[1024];
	size_t n = strlen(text);

	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	memcpy(buf, text, n);
	log_safe(buf, n);
	buf[n++] = '\n';
	if (write(fd, buf, n) < 0)
		return;
}

/* Print "aoe-up: ..." to stderr if level <= log_level (0 = always). */
void log_msg(int level, const char *f, ...)
{
	char buf[1000];
	va_list ap;

	if (level > log_level)
		return;
	memcpy(buf, "aoe-up: ", 8);
	va_start(ap, f);
	fmt_v(buf + 8, sizeof(buf) - 8, f, ap);
	va_end(ap);
	log_put(2, buf);
}
