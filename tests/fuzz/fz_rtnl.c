/* fz_rtnl.c - libFuzzer target: rtnetlink datagrams fed through the
 * link-event logic (rtnl_parse into held_event on a run holding NICs). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "loop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct opts o;
	static struct loop r;
	char list[sizeof(r.iflist)];
	void *b = malloc(size ? size : 1);	/* exact size, aligned */
	int i;

	if (!b)
		return 0;
	memcpy(b, data, size);
	log_level = -1;
	memset(&r, 0, sizeof(r));
	o.ctimeout = 5;
	r.o = &o;
	r.pfx = "/nonexistent";
	r.n = 4;
	for (i = 0; i < r.n; i++) {
		r.nics[i].index = i + 1;
		r.nics[i].name[0] = (char)('a' + i);
		r.nics[i].t_carrier = i & 1 ? -1 : 0;
	}
	rtnl_parse(b, size, held_event, &r);
	for (i = 0; i < r.n; i++)
		if (!memchr(r.nics[i].name, 0, NAMESZ))
			__builtin_trap();	/* names stay terminated */
	held_iflist(&r, 0, list, sizeof(list));
	held_iflist(&r, 1, list, sizeof(list));
	held_pending(&r);
	held_usable(&r, HELD_CARRIER_NOW);
	free(b);
	return 0;
}
