/* fz_uevent.c - libFuzzer target: kernel uevent datagrams. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aoe-up.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *b = malloc(size ? size : 1);	/* exact size: ASan sees overreads */

	if (!b)
		return 0;
	memcpy(b, data, size);
	uev_is_aoe(b, size);
	free(b);
	return 0;
}
