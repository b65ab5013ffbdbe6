/*
 * num.c - strict decimal numbers: digits only, no sign, no leading zeros
 * (so "010" is never read as octal or as ten), no junk after them.
 */
#include "aoe-up.h"

/* Parse digits at s into *v (<= max), set *end after them; NUM_OK/BAD/RANGE. */
int num_parse(const char *s, const char **end, unsigned long max,
	      unsigned long *v)
{
	unsigned long x = 0;
	const char *p = s;
	int big = 0;

	if (*p < '0' || *p > '9')
		return NUM_BAD;
	if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
		return NUM_BAD;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long d = (unsigned long)(*p - '0');

		if (big || d > max || x > (max - d) / 10)
			big = 1;
		else
			x = x * 10 + d;
	}
	*end = p;
	*v = x;
	return big ? NUM_RANGE : NUM_OK;
}

/* Parse the whole string s as a number in lo..hi; 0 on success, -1 if not. */
int num_whole(const char *s, unsigned long lo, unsigned long hi,
	      unsigned long *v)
{
	const char *end;

	if (num_parse(s, &end, hi, v) != NUM_OK || *end || *v < lo)
		return -1;
	return 0;
}
