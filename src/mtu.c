/*
 * mtu.c - which MTUs --mtu=auto tries, as pure functions.
 *
 * AoE carries (MTU - 36) / 512 sectors per frame, so below 9000 only the
 * steps 36 + 512 * k change anything.  auto tries 9000, then those steps
 * from k = 16 down, and stops before one that would not raise the MTU.
 */
#include "aoe-up.h"

#define MTU_SECTOR 512
#define MTU_TOP_K 16

/* MTU carrying k sectors per AoE frame. */
static int mtu_step(int k)
{
	return AOE_HDR + MTU_SECTOR * k;
}

/* Next MTU to try after prev (0 = first) for a NIC now at cur; 0 = stop. */
int mtu_auto_next(int prev, int cur)
{
	int k, m;

	if (prev == 0) {
		m = MTU_JUMBO;
	} else {
		k = prev >= MTU_JUMBO ? MTU_TOP_K :
		    (prev - AOE_HDR) / MTU_SECTOR - 1;
		if (k < 1)
			return 0;
		m = mtu_step(k);
	}
	return m > cur ? m : 0;
}

/* Sectors an AoE frame carries at this MTU. */
int mtu_sectors(int mtu)
{
	return mtu > AOE_HDR ? (mtu - AOE_HDR) / MTU_SECTOR
				      : 0;
}
