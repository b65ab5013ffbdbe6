/*
 * log.c - progress and error output: one write(2) per line, so lines from
 * the helper and from udev or systemd do not interleave mid-line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "aoe-up.h"

int log_level = 1;

/* Write text plus a newline to fd in one write. */
void log_put(int fd, const char *text)
{
	char buf[1024];
	size_t n = strlen(text);

	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	memcpy(buf, text, n);
	buf[n++] = '\n';
	if (write(fd, buf, n) < 0)
		return;
}

/* Print "aoe-up: ..." to stderr if level <= log_level (0 = always). */
void log_msg(int level, const char *fmt, ...)
{
	char buf[1000];
	va_list ap;

	if (level > log_level)
		return;
	memcpy(buf, "aoe-up: ", 8);
	va_start(ap, fmt);
	vsnprintf(buf + 8, sizeof(buf) - 8, fmt, ap);
	va_end(ap);
	log_put(2, buf);
}
