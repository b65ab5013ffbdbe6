/* t_time.c - discover backoff, deadlines and the poll timeout. */
#include <stdio.h>
#include <limits.h>
#include "t.h"

/* Jitter stays within +-25 %, reaches both ends' neighbourhood, differs by seed. */
static void t_jitter(void)
{
	unsigned seed = 1, other = 2;
	int i, j, lo = 1 << 30, hi = 0, same = 0;

	for (i = 0; i < 2000; i++) {
		j = bo_jitter(800, &seed);
		lo = j < lo ? j : lo;
		hi = j > hi ? j : hi;
		same += j == bo_jitter(800, &other);
	}
	t_ok("jitter of 800 ms stays in 600..1000", lo >= 600 && hi <= 1000,
	     "out of range");
	t_ok("jitter spreads over the range", lo < 620 && hi > 980,
	     "too narrow");
	t_ok("two seeds give different waits", same < 100, "in lockstep");
	t_int("jitter of 0 ms is 0", bo_jitter(0, &seed), 0);
	t_ok("seeds differ between runs", bo_seed(5) != bo_seed(5) ||
	     bo_seed(5) != bo_seed(5), "same seed twice");
}

void t_time(void)
{
	char got[128];
	size_t len = 0;
	long long a, b;
	int i, w = 0;

	for (i = 0; i < 8; i++) {
		w = bo_next(w);
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%d",
					len ? " " : "", w);
	}
	t_str("backoff sequence", got, "200 400 800 800 800 800 800 800");
	t_int("backoff restarts from 0", bo_next(0), 200);
	t_int("backoff after a long wait caps", bo_next(100000), 800);
	t_jitter();

	t_int("clock left before deadline", clk_left(1000, 1500), 500);
	t_int("clock left at deadline", clk_left(1500, 1500), 0);
	t_int("clock left after deadline", clk_left(2000, 1500), 0);
	t_int("sooner of two deadlines", clk_sooner(900, 300), 300);
	t_int("sooner: an unset one is skipped", clk_sooner(-1, 300), 300);
	t_int("sooner: unset second", clk_sooner(900, -1), 900);
	t_int("sooner: both unset", clk_sooner(-1, -1), -1);
	{
		long long d[3] = { 90000, 1200, -1 };
		t_int("poll ms: nearest deadline", clk_poll_ms(1000, d, 3),
		      200);
	}
	{
		long long d[3] = { -1, -1, -1 };
		t_int("poll ms: no deadline waits forever",
		      clk_poll_ms(1000, d, 3), -1);
	}
	{
		long long d[2] = { 500, 5000 };
		t_int("poll ms: passed deadline is 0", clk_poll_ms(1000, d, 2),
		      0);
	}
	{
		long long d[1] = { 1LL << 40 };
		t_int("poll ms: far deadline clamps to INT_MAX",
		      clk_poll_ms(0, d, 1), INT_MAX);
	}
	a = clk_now();
	b = clk_now();
	t_ok("clock is monotonic", b >= a && a >= 0, "went back");
}
