/*
 * backoff.c - the wait between discover broadcasts: sub-second at first,
 * doubling, capped at a few seconds.
 */
#include "aoe-up.h"

/* Wait in ms after a broadcast, given the previous wait (0 = first one). */
int bo_next(int prev_ms)
{
	if (prev_ms <= 0)
		return BO_FIRST_MS;
	if (prev_ms >= BO_CAP_MS / 2)
		return BO_CAP_MS;
	return prev_ms * 2;
}
