/* SPDX-License-Identifier: BSD-3-Clause */
/* Key sets: checks and key schedules, computed once per key. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "a3_engine.h"

static int
alg_allowed(uint8_t alg, bool allow_null)
{
	if (alg > A3_ALG_MAX)
		return 0;
	return alg != A3_ALG_NULL || allow_null;
}

int
a3_keyset_init(struct a3_engine *e, struct a3_keyset *ks, uint8_t ksi,
	       uint8_t eea, uint8_t eia, const uint8_t k_conf[A3_KEY_LEN],
	       const uint8_t k_int[A3_KEY_LEN], bool allow_null)
{
	uint8_t dec_rk[11 * 16] __attribute__((aligned(16)));

	if (ksi > A3_KSI_MAX || !alg_allowed(eea, allow_null) ||
	    !alg_allowed(eia, allow_null))
		return -EINVAL;

	memset(ks, 0, offsetof(struct a3_keyset, spare));
	switch (eea) {
	case A3_ALG_AES:
		IMB_AES_KEYEXP_128(e->mgr[A3_MGR_MAIN], k_conf, ks->conf.aes_rk, dec_rk);
		break;
	case A3_ALG_SNOW3G:
		if (IMB_SNOW3G_INIT_KEY_SCHED(e->mgr[A3_MGR_MAIN], k_conf,
					      (snow3g_key_schedule_t *)ks->conf.raw) != 0)
			return -EINVAL;
		break;
	case A3_ALG_ZUC:
		memcpy(ks->conf.raw, k_conf, A3_KEY_LEN);
		break;
	default:
		break;
	}
	switch (eia) {
	case A3_ALG_AES:
		IMB_AES_KEYEXP_128(e->mgr[A3_MGR_MAIN], k_int, ks->integ.cmac.rk, dec_rk);
		IMB_AES_CMAC_SUBKEY_GEN_128(e->mgr[A3_MGR_MAIN], ks->integ.cmac.rk,
					    ks->integ.cmac.k1, ks->integ.cmac.k2);
		break;
	case A3_ALG_SNOW3G:
		if (IMB_SNOW3G_INIT_KEY_SCHED(e->mgr[A3_MGR_MAIN], k_int,
					      (snow3g_key_schedule_t *)ks->integ.raw) != 0)
			return -EINVAL;
		break;
	case A3_ALG_ZUC:
		memcpy(ks->integ.raw, k_int, A3_KEY_LEN);
		break;
	default:
		break;
	}
	imb_clear_mem(dec_rk, sizeof(dec_rk));
	ks->ksi = ksi;
	ks->eea = eea;
	ks->eia = eia;
	ks->valid = 1;
	return 0;
}

_Static_assert(sizeof(snow3g_key_schedule_t) <= A3_KEY_LEN,
	       "SNOW 3G key schedule must fit the raw key slot");

int
a3_keyset_from_kiwf(struct a3_engine *e, struct a3_keyset *ks, uint8_t ksi,
		    uint8_t eea, uint8_t eia, const uint8_t kiwf[A3_KIWF_LEN],
		    bool allow_null)
{
	struct a3_derive_req req = { .kiwf = kiwf, .eea = eea, .eia = eia };
	int rc;

	if (!alg_allowed(eea, allow_null) || !alg_allowed(eia, allow_null))
		return -EINVAL;
	rc = a3_derive_bulk(e, &req, 1);
	if (rc == 0)
		rc = a3_keyset_init(e, ks, ksi, eea, eia, req.k_conf, req.k_int,
				    allow_null);
	imb_clear_mem(&req, sizeof(req));
	return rc;
}

void
a3_keyset_wipe(struct a3_keyset *ks)
{
	imb_clear_mem(ks, sizeof(*ks));
}
