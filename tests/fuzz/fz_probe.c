/* fz_probe.c - libFuzzer target: AoE frames as the path probe receives
 * them (config answers to a broadcast query, IDENTIFY answers) and as the
 * pinning's watcher sees config answers (seen_answer). */
#include <stdint.h>
#include <string.h>
#include "aoe-up.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct prb_req ata = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 0x52, 0x54, 0, 0xae, 0, 0x01 },
		0, 1, 0x80abcd01UL, PRB_ATA
	};
	static const struct aoe_target tgt = { 0, 1, 0 };
	struct prb_req cfg = ata;
	char mac[18];
	int scnt;

	memset(cfg.dst, 0xff, 6);
	cfg.cmd = PRB_CFG;
	if (prb_match(data, size, &cfg)) {
		scnt = prb_cfg_scnt(data, size);
		if (prb_payload(9000, scnt) > 9000 - AOE_HDR)
			__builtin_trap();	/* never more than the MTU allows */
		mac_format(data + 6, mac);
	}
	prb_match(data, size, &ata);
	seen_answer(data, size, &tgt);
	return 0;
}
