/* t_fmt.c - fmt() against the libc's snprintf: same text, same return,
 * same truncation, for every conversion fmt.c knows. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "t.h"

/* Format with both into n-byte buffers; compare text and return value. */
#define SAME(name, n, ...) do {                                            \
	char a_[64], b_[64];                                               \
	int ra_, rb_;                                                      \
	memset(a_, 'X', sizeof(a_));                                       \
	memset(b_, 'X', sizeof(b_));                                       \
	ra_ = fmt(a_, (n), __VA_ARGS__);                                   \
	rb_ = snprintf(b_, (n), __VA_ARGS__);                              \
	t_ok("fmt " name, ra_ == rb_ && !memcmp(a_, b_, sizeof(a_)),       \
	     "differs from snprintf");                                     \
} while (0)

void t_fmt(void)
{
	const char *volatile none = NULL;
	char buf[8];

	SAME("plain text", 64, "no conversion");
	SAME("%s", 64, "[%s] [%s]", "e0.1", "");
	SAME("%c", 64, "-%c-", 'x');
	SAME("%d 0, 7, -7", 64, "%d %d %d", 0, 7, -7);
	SAME("%d INT_MIN, INT_MAX", 64, "%d %d", INT_MIN, INT_MAX);
	SAME("%u UINT_MAX", 64, "%u", UINT_MAX);
	SAME("%ld LONG_MIN", 64, "%ld", LONG_MIN);
	SAME("%lu ULONG_MAX", 64, "%lu", ULONG_MAX);
	SAME("%lx", 64, "%lx %x %lx", 0xdeadbeefUL, 0u, ULONG_MAX);
	SAME("%lld LLONG_MIN, LLONG_MAX", 64, "%lld %lld", LLONG_MIN,
	     LLONG_MAX);
	SAME("%llu ULLONG_MAX", 64, "%llu", ULLONG_MAX);
	SAME("%%", 64, "100%% of %s", "it");
	SAME("mixed, as the helper writes", 64,
	     "%s: carrier up after %lld ms, mtu %d", "ens2", 123LL, 9000);
	SAME("cut mid-text", 10, "%s via %s", "e65534.254", "ens2");
	SAME("cut mid-number", 5, "mtu %d", 9000);
	SAME("one byte: only the NUL", 1, "%d", 42);
	SAME("no room at all", 0, "%s", "untouched");
	t_int("fmt returns the whole length when cut",
	      fmt(buf, sizeof(buf), "%s", "0123456789abcdef"), 16);
	t_str("fmt cut text ends in NUL", buf, "0123456");
	fmt(buf, sizeof(buf), "%s", none);
	t_str("fmt %s of NULL", buf, "(null)");
}
