/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "raw_jobs.h"

#define HDR A3_PDU_HDR_LEN
#define ROOM A3_PDU_HEADROOM

void
raw_msg_prepare(struct raw_msg *m, uint32_t count)
{
	uint8_t *pre = m->pdu - ROOM;

	switch (m->ks->eea) {
	case A3_ALG_SNOW3G: snow3g_f8_iv_gen(count, A3_BEARER, A3_DIRECTION, m->civ); break;
	case A3_ALG_ZUC: zuc_eea3_iv_gen(count, A3_BEARER, A3_DIRECTION, m->civ); break;
	default:
		memset(m->civ, 0, 16);
		a3_put32(m->civ, count);
		m->civ[4] = A3_BEARER << 3 | A3_DIRECTION << 2;
	}
	switch (m->ks->eia) {
	case A3_ALG_SNOW3G:
		snow3g_f9_iv_gen(count, (uint32_t)A3_BEARER << 27, A3_DIRECTION, m->aiv);
		break;
	case A3_ALG_ZUC: zuc_eia3_iv_gen(count, A3_BEARER, A3_DIRECTION, m->aiv); break;
	default:
		memset(pre, 0, ROOM);
		a3_put32(pre, count);
		pre[4] = A3_BEARER << 3 | A3_DIRECTION << 2;
	}
}

static void
set_cipher(IMB_JOB *j, struct raw_msg *m, IMB_CIPHER_DIRECTION d)
{
	uint8_t *base = m->pdu - ROOM;

	j->cipher_direction = d;
	j->enc_keys = j->dec_keys = m->ks->conf.raw;
	j->key_len_in_bytes = 16;
	j->iv = m->civ;
	j->iv_len_in_bytes = 16;
	j->src = base;
	if (m->ks->eea == A3_ALG_SNOW3G) {
		j->cipher_mode = IMB_CIPHER_SNOW3G_UEA2_BITLEN;
		j->dst = base;
		j->cipher_start_src_offset_in_bits = (ROOM + HDR) * 8;
		j->msg_len_to_cipher_in_bits = m->n_pt * 8;
	} else {
		j->cipher_mode = m->ks->eea == A3_ALG_ZUC ? IMB_CIPHER_ZUC_EEA3 : IMB_CIPHER_CNTR;
		j->dst = m->pdu + HDR;
		j->cipher_start_src_offset_in_bytes = ROOM + HDR;
		j->msg_len_to_cipher_in_bytes = m->n_pt;
	}
}

static void
set_auth(IMB_JOB *j, struct raw_msg *m)
{
	const struct a3_keyset *ks = m->ks;

	j->src = m->pdu - ROOM;
	j->auth_tag_output = m->tag;
	j->auth_tag_output_len_in_bytes = 4;
	j->hash_start_src_offset_in_bytes = ROOM;
	j->msg_len_to_hash_in_bits = (HDR + m->n_pt) * 8;
	if (ks->eia == A3_ALG_SNOW3G) {
		j->hash_alg = IMB_AUTH_SNOW3G_UIA2_BITLEN;
		j->u.SNOW3G_UIA2._key = ks->integ.raw;
		j->u.SNOW3G_UIA2._iv = m->aiv;
	} else if (ks->eia == A3_ALG_ZUC) {
		j->hash_alg = IMB_AUTH_ZUC_EIA3_BITLEN;
		j->u.ZUC_EIA3._key = ks->integ.raw;
		j->u.ZUC_EIA3._iv = m->aiv;
	} else {
		j->hash_alg = IMB_AUTH_AES_CMAC_BITLEN;
		j->u.CMAC._key_expanded = ks->integ.cmac.rk;
		j->u.CMAC._skey1 = ks->integ.cmac.k1;
		j->u.CMAC._skey2 = ks->integ.cmac.k2;
		j->hash_start_src_offset_in_bytes = 0;
		j->msg_len_to_hash_in_bits += ROOM * 8;
	}
}

static void
submit(IMB_MGR *mgr, IMB_JOB **jobs, unsigned int n)
{
	/* Unchecked, as the A3 library submits in release builds. */
	unsigned int done = IMB_SUBMIT_BURST_NOCHECK(mgr, n, jobs);

	while (done < n)
		done += IMB_FLUSH_BURST(mgr, n - done, jobs);
}

void
raw_protect(IMB_MGR *mgr, struct raw_msg *m, unsigned int n)
{
	IMB_JOB *jobs[A3_BURST_MAX];

	n = IMB_GET_NEXT_BURST(mgr, n, jobs);
	for (unsigned int i = 0; i < n; i++) {
		set_cipher(jobs[i], &m[i], IMB_DIR_ENCRYPT);
		set_auth(jobs[i], &m[i]);
		jobs[i]->chain_order = IMB_ORDER_CIPHER_HASH;
	}
	submit(mgr, jobs, n);
}

void
raw_open(IMB_MGR *mgr, struct raw_msg *m, unsigned int n)
{
	IMB_JOB *jobs[A3_BURST_MAX];

	n = IMB_GET_NEXT_BURST(mgr, n, jobs);
	for (unsigned int i = 0; i < n; i++) {
		jobs[i]->cipher_mode = IMB_CIPHER_NULL;
		jobs[i]->dst = m[i].pdu + HDR;
		jobs[i]->cipher_start_src_offset_in_bytes = ROOM + HDR;
		jobs[i]->msg_len_to_cipher_in_bytes = 0;
		set_auth(jobs[i], &m[i]);
		jobs[i]->chain_order = IMB_ORDER_HASH_CIPHER;
	}
	submit(mgr, jobs, n);
	n = IMB_GET_NEXT_BURST(mgr, n, jobs);
	for (unsigned int i = 0; i < n; i++) {
		set_cipher(jobs[i], &m[i], IMB_DIR_DECRYPT);
		jobs[i]->hash_alg = IMB_AUTH_NULL;
		jobs[i]->chain_order = IMB_ORDER_CIPHER_HASH;
	}
	submit(mgr, jobs, n);
}
