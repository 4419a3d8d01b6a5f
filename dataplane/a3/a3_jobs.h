/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal: 128-EEA1/2/3 and 128-EIA1/2/3 as intel-ipsec-mb job fields, with
 * the inputs of TS 33.401 Annex B (the library's IV helpers build them).
 * Inline: they run once per trigger. A job is built on one base pointer; the
 * cipher region and the hashed region are octet offsets from it.
 */
#ifndef MTC_A3_JOBS_H
#define MTC_A3_JOBS_H

#include <string.h>

#include <intel-ipsec-mb.h>

#include "a3.h"

static inline void
a3_cmac_prefix(uint8_t *p, uint32_t count, uint8_t bearer, uint8_t dir)
{
	a3_put32(p, count);
	p[4] = (uint8_t)(bearer << 3 | dir << 2);
	p[5] = p[6] = p[7] = 0;
}

/* No cipher part (a hash-only job) and no auth part (a cipher-only job). */
/* Tags a job with its position in the submission, for a3_jobs_run. */
static inline void
a3_job_tag(IMB_JOB *job, unsigned int k)
{
	job->user_data = (void *)(uintptr_t)k;
}

/* The library reads no other cipher field of a NULL cipher, no other hash
 * field of a NULL hash (the tests submit with its checks on). */
static inline void
a3_job_no_cipher(IMB_JOB *job, uint8_t *base)
{
	job->cipher_mode = IMB_CIPHER_NULL;
	job->cipher_direction = IMB_DIR_ENCRYPT;
	job->src = base;
	job->dst = base;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = 0;
}

static inline void
a3_job_no_auth(IMB_JOB *job)
{
	job->hash_alg = IMB_AUTH_NULL;
}

static inline void
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

static inline void
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
		a3_job_no_auth(job);
		break;
	}
}

#endif
