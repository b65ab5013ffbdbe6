/* t_time.c - discover backoff, deadlines and the poll timeout. */
#include <stdio.h>
#include <limits.h>
#include "t.h"

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
	t_str("backoff sequence", got, "200 400 800 1600 3000 3000 3000 3000");
	t_int("backoff restarts from 0", bo_next(0), 200);
	t_int("backoff after a long wait caps", bo_next(100000), 3000);

	t_int("clock left before deadline", clk_left(1000, 1500), 500);
	t_int("clock left at deadline", clk_left(1500, 1500), 0);
	t_int("clock left after deadline", clk_left(2000, 1500), 0);
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
