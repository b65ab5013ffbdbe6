/*
 * backoff.c - the wait between discover broadcasts: sub-second at first,
 * doubling, capped below a second so that a target whose path opens late
 * (a switch port still learning, a server booting) is found within about a
 * second; each wait is spread by +-25 % so that a room of machines booted
 * together does not broadcast in lockstep.
 */
#include <fcntl.h>
#include <unistd.h>
#include "aoe-up.h"

/* Nominal wait in ms after a broadcast, given the previous one (0 = first). */
int bo_next(int prev_ms)
{
	if (prev_ms <= 0)
		return BO_FIRST_MS;
	if (prev_ms >= BO_CAP_MS / 2)
		return BO_CAP_MS;
	return prev_ms * 2;
}

/* ms spread uniformly over [3/4 ms, 5/4 ms] by the generator in *seed. */
int bo_jitter(int ms, unsigned *seed)
{
	unsigned span = (unsigned)ms / 2 + 1;

	*seed = *seed * 1103515245u + 12345u;
	return ms - ms / 4 + (int)((*seed >> 16) % span);
}

/* A seed that differs between machines booted at the same moment. */
unsigned bo_seed(long long now)
{
	unsigned s = (unsigned)now ^ ((unsigned)getpid() << 16);
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
			s ^= (unsigned)now;
		close(fd);
	}
	return s;
}
