/* t_mtu.c - the MTU steps --mtu=auto tries, and sectors per frame. */
#include <stdio.h>
#include <string.h>
#include "t.h"

static const struct {
	int cur;
	const char *steps;
} cases[] = {
	{ 1500, "9000 8228 7716 7204 6692 6180 5668 5156 4644 4132 3620 3108"
		" 2596 2084 1572" },
	{ 1000, "9000 8228 7716 7204 6692 6180 5668 5156 4644 4132 3620 3108"
		" 2596 2084 1572 1060" },
	{ 68, "9000 8228 7716 7204 6692 6180 5668 5156 4644 4132 3620 3108"
	      " 2596 2084 1572 1060 548" },
	{ 1572, "9000 8228 7716 7204 6692 6180 5668 5156 4644 4132 3620 3108"
		" 2596 2084" },
	{ 8228, "9000" },
	{ 8999, "9000" },
	{ 9000, "" },
	{ 65535, "" },
	{ 16110, "" },
};

void t_mtu(void)
{
	char name[64], got[256];
	size_t i, len;
	int m;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "mtu auto steps from %d",
			 cases[i].cur);
		got[0] = '\0';
		len = 0;
		for (m = mtu_auto_next(0, cases[i].cur); m && len < 200;
		     m = mtu_auto_next(m, cases[i].cur))
			len += (size_t)snprintf(got + len, sizeof(got) - len,
						"%s%d", len ? " " : "", m);
		t_str(name, got, cases[i].steps);
	}
	t_int("mtu sectors 1500", mtu_sectors(1500), 2);
	t_int("mtu sectors 9000", mtu_sectors(9000), 17);
	t_int("mtu sectors 8228", mtu_sectors(8228), 16);
	t_int("mtu sectors 8227", mtu_sectors(8227), 15);
}
