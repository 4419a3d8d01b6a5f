/* SPDX-License-Identifier: BSD-3-Clause */
/* 128-EEA1/2/3 and 128-EIA1/2/3 as intel-ipsec-mb jobs, with the inputs of
 * TS 33.401 Annex B (the IV helpers of the library build them). */
#include <string.h>

#include "a3_engine.h"

int
a3_eea_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
	    uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t len_bits)
{
	if (a3_jobs_get(e, A3_MGR_MAIN, 1) != 1)
		return -1;
	a3_job_cipher(e->jobs[0], ks->eea, ks->conf.raw, e->slot[0].civ, count,
		      bearer, dir, buf, 0, len_bits, IMB_DIR_ENCRYPT);
	a3_job_no_auth(e->jobs[0]);
	e->jobs[0]->chain_order = IMB_ORDER_CIPHER_HASH;
	a3_job_tag(e->jobs[0], 0);
	return a3_jobs_run(e, A3_MGR_MAIN, 1) == 0 ? 0 : -1;
}

int
a3_eia_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
	    uint8_t bearer, uint8_t dir, uint8_t *msg, uint32_t len_bits,
	    uint8_t mac[4])
{
	uint8_t *base = msg - A3_PDU_HEADROOM;
	uint8_t saved[A3_PDU_HEADROOM];
	int rc;

	if (a3_jobs_get(e, A3_MGR_MAIN, 1) != 1)
		return -1;
	memcpy(saved, base, sizeof(saved));
	if (ks->eia == A3_ALG_AES)
		a3_cmac_prefix(base, count, bearer, dir);
	memset(e->slot[0].tag, 0, sizeof(e->slot[0].tag));
	a3_job_auth(e->jobs[0], ks->eia, ks, e->slot[0].aiv, count, bearer, dir,
		    base, A3_PDU_HEADROOM, len_bits, e->slot[0].tag);
	a3_job_no_cipher(e->jobs[0], base);
	e->jobs[0]->chain_order = IMB_ORDER_HASH_CIPHER;
	a3_job_tag(e->jobs[0], 0);
	rc = a3_jobs_run(e, A3_MGR_MAIN, 1) == 0 ? 0 : -1;
	memcpy(base, saved, sizeof(saved));
	memcpy(mac, e->slot[0].tag, 4);
	return rc;
}
