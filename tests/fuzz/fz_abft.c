/* fz_abft.c - libFuzzer target: the firmware's aBFT, as found in memory
 * (abft_scan over the input, an exact-size heap copy) and as one table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "aoe-up.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *b = malloc(size ? size : 1);
	struct abft a;
	char msg[200];

	if (!b)
		return 0;
	memcpy(b, data, size);
	abft_scan(b, size, 0x80000, &a, msg, sizeof(msg));
	abft_parse(b, size, "fuzz", &a, msg, sizeof(msg));
	free(b);
	return 0;
}
