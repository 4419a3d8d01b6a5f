/* SPDX-License-Identifier: BSD-3-Clause */
/* 128-EEA1/2/3 and 128-EIA1/2/3 as intel-ipsec-mb jobs, with the inputs of
 * TS 33.401 Annex B (the IV helpers of the library build them). */
#include <string.h>

#include "a3_engine.h"

void
a3_job_cipher(IMB_JOB *job, uint8_t alg, const void *key, uint8_t *iv,
	      uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *base,
	      uint32_t off, uint32_t len_bits, IMB_CIPHER_DIRECTION d)
{
	job->cipher_direction = d;
	job->src = base;
	job->enc_keys = key;
	job->dec_keys = key;
	job->key_len_in_bytes = IMB_KEY_128_BYTES;
	job->iv = iv;
	job->iv_len_in_bytes = 16;

	switch (alg) {
	case A3_ALG_SNOW3G:
		snow3g_f8_iv_gen(count, bearer, dir, iv);
		job->cipher_mode = IMB_CIPHER_SNOW3G_UEA2_BITLEN;
		/* The library applies the offset to dst as well. */
		job->dst = base;
		job->cipher_start_src_offset_in_bits = (uint64_t)off * 8;
		job->msg_len_to_cipher_in_bits = len_bits;
		break;
	case A3_ALG_AES:
		/* Counter block: COUNT | BEARER | DIRECTION | 0..., 16 octets. */
		a3_put32(iv, count);
		iv[4] = (uint8_t)(bearer << 3 | dir << 2);
		memset(iv + 5, 0, 11);
		job->cipher_mode = IMB_CIPHER_CNTR;
		job->dst = base + off;
		job->cipher_start_src_offset_in_bytes = off;
		job->msg_len_to_cipher_in_bytes = (len_bits + 7) / 8;
		break;
	case A3_ALG_ZUC:
		zuc_eea3_iv_gen(count, bearer, dir, iv);
		job->cipher_mode = IMB_CIPHER_ZUC_EEA3;
		job->dst = base + off;
		job->cipher_start_src_offset_in_bytes = off;
		job->msg_len_to_cipher_in_bytes = (len_bits + 7) / 8;
		break;
	default: /* EEA0: the ciphertext is the plaintext, in place. */
		job->cipher_mode = IMB_CIPHER_NULL;
		job->dst = base + off;
		job->cipher_start_src_offset_in_bytes = off;
		job->msg_len_to_cipher_in_bytes = (len_bits + 7) / 8;
		break;
	}
}

void
a3_job_auth(IMB_JOB *job, uint8_t alg, const struct a3_keyset *ks, uint8_t *iv,
	    uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *base,
	    uint32_t off, uint32_t len_bits, uint8_t *tag)
{
	job->src = base;
	job->auth_tag_output = tag;
	job->auth_tag_output_len_in_bytes = A3_PDU_MAC_LEN;

	switch (alg) {
	case A3_ALG_SNOW3G:
		/* FRESH = BEARER followed by 27 zero bits. */
		snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv);
		job->hash_alg = IMB_AUTH_SNOW3G_UIA2_BITLEN;
		job->u.SNOW3G_UIA2._key = ks->integ.raw;
		job->u.SNOW3G_UIA2._iv = iv;
		job->hash_start_src_offset_in_bytes = off;
		job->msg_len_to_hash_in_bits = len_bits;
		break;
	case A3_ALG_AES:
		job->hash_alg = IMB_AUTH_AES_CMAC_BITLEN;
		job->u.CMAC._key_expanded = ks->integ.cmac.rk;
		job->u.CMAC._skey1 = ks->integ.cmac.k1;
		job->u.CMAC._skey2 = ks->integ.cmac.k2;
		job->hash_start_src_offset_in_bytes = off - A3_PDU_HEADROOM;
		job->msg_len_to_hash_in_bits = (uint64_t)A3_PDU_HEADROOM * 8 + len_bits;
		break;
	case A3_ALG_ZUC:
		zuc_eia3_iv_gen(count, bearer, dir, iv);
		job->hash_alg = IMB_AUTH_ZUC_EIA3_BITLEN;
		job->u.ZUC_EIA3._key = ks->integ.raw;
		job->u.ZUC_EIA3._iv = iv;
		job->hash_start_src_offset_in_bytes = off;
		job->msg_len_to_hash_in_bits = len_bits;
		break;
	default: /* EIA0: MAC-I is 00000000, written by the caller. */
		job->hash_alg = IMB_AUTH_NULL;
		job->auth_tag_output = NULL;
		job->auth_tag_output_len_in_bytes = 0;
		break;
	}
}

static void
once_done(IMB_JOB *j, void *arg)
{
	*(int *)arg = j->status == IMB_STATUS_COMPLETED ? 0 : -1;
}

int
a3_eea_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
	    uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t len_bits)
{
	int rc = -1;

	if (a3_jobs_get(e, 1) != 1)
		return -1;
	a3_job_cipher(e->jobs[0], ks->eea, ks->conf.raw, e->slot[0].civ, count,
		      bearer, dir, buf, 0, len_bits, IMB_DIR_ENCRYPT);
	if (a3_jobs_run(e, 1, once_done, &rc) != 0)
		return -1;
	return rc;
}

int
a3_eia_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
	    uint8_t bearer, uint8_t dir, uint8_t *msg, uint32_t len_bits,
	    uint8_t mac[4])
{
	uint8_t *base = msg - A3_PDU_HEADROOM;
	uint8_t saved[A3_PDU_HEADROOM];
	int rc = -1;

	if (a3_jobs_get(e, 1) != 1)
		return -1;
	memcpy(saved, base, sizeof(saved));
	if (ks->eia == A3_ALG_AES)
		a3_cmac_prefix(base, count, bearer, dir);
	memset(e->slot[0].tag, 0, sizeof(e->slot[0].tag));
	a3_job_auth(e->jobs[0], ks->eia, ks, e->slot[0].aiv, count, bearer, dir,
		    base, A3_PDU_HEADROOM, len_bits, e->slot[0].tag);
	e->jobs[0]->chain_order = IMB_ORDER_HASH_CIPHER;
	if (a3_jobs_run(e, 1, once_done, &rc) != 0)
		rc = -1;
	memcpy(base, saved, sizeof(saved));
	memcpy(mac, e->slot[0].tag, 4);
	return rc;
}
