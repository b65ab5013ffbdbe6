/*
 * clock.c - milliseconds on a monotonic clock, and deadline arithmetic.
 *
 * klibc has no clock_gettime, so there the clock is times(), which counts
 * USER_HZ (100 on Linux) ticks since boot; where clock_t has 32 bits it
 * wraps a few minutes after boot, which clk_now() carries over.
 */
#include <limits.h>
#include "aoe-up.h"

#ifdef __KLIBC__
#include <sys/times.h>

#define CLK_USER_HZ 100

/* Milliseconds since an arbitrary fixed point; never goes back. */
long long clk_now(void)
{
	static unsigned long last;
	static long long carry;
	struct tms t;
	unsigned long ticks = (unsigned long)times(&t);

	if (sizeof(ticks) == 4 && ticks < last)
		carry += 1LL << 32;
	last = ticks;
	return (carry + (long long)ticks) * (1000 / CLK_USER_HZ);
}
#else
#include <time.h>

/* Milliseconds since an arbitrary fixed point; never goes back. */
long long clk_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
#endif

/* Milliseconds from now until deadline; 0 once it has passed. */
long long clk_left(long long now, long long deadline)
{
	return deadline > now ? deadline - now : 0;
}

/* The sooner of deadlines a and b (< 0 = unset); -1 if both are unset. */
long long clk_sooner(long long a, long long b)
{
	return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* poll() timeout for the nearest of n deadlines (< 0 = unset); -1 if none. */
int clk_poll_ms(long long now, const long long *deadlines, int n)
{
	long long best = -1;
	int i;

	for (i = 0; i < n; i++)
		best = clk_sooner(best, deadlines[i]);
	if (best >= 0)
		best = clk_left(now, best);
	return best > INT_MAX ? INT_MAX : (int)best;
}
