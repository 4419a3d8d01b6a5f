/* SPDX-License-Identifier: BSD-3-Clause */
/* The TS 33.220 Annex B.2 KDF, HMAC-SHA-256, as intel-ipsec-mb jobs. */
#include <errno.h>
#include <string.h>

#include "a3_engine.h"

#define SHA256_BLOCK 64
#define SHA256_LEN 32

#define FC_KIWF 0x51
#define FC_KDI 0x50
#define P0_CONF 0x01
#define P0_INT 0x02

/* HMAC inner and outer states of one key, 16-octet aligned for the jobs. */
struct hmac_pads {
	uint8_t ipad[SHA256_LEN] __attribute__((aligned(16)));
	uint8_t opad[SHA256_LEN] __attribute__((aligned(16)));
};

static void
hmac_pads(struct a3_engine *e, const uint8_t *key, size_t key_len,
	  struct hmac_pads *p)
{
	uint8_t k[SHA256_BLOCK] __attribute__((aligned(16)));
	uint8_t blk[SHA256_BLOCK] __attribute__((aligned(16)));

	memset(k, 0, sizeof(k));
	if (key_len > SHA256_BLOCK)
		IMB_SHA256(e->mgr[A3_MGR_MAIN], key, key_len, k);
	else
		memcpy(k, key, key_len);
	for (int i = 0; i < SHA256_BLOCK; i++)
		blk[i] = k[i] ^ 0x36;
	IMB_SHA256_ONE_BLOCK(e->mgr[A3_MGR_MAIN], blk, p->ipad);
	for (int i = 0; i < SHA256_BLOCK; i++)
		blk[i] = k[i] ^ 0x5c;
	IMB_SHA256_ONE_BLOCK(e->mgr[A3_MGR_MAIN], blk, p->opad);
	imb_clear_mem(k, sizeof(k));
	imb_clear_mem(blk, sizeof(blk));
}

static void
hmac_job(IMB_JOB *j, const struct hmac_pads *p, const uint8_t *s, size_t s_len,
	 uint8_t *out)
{
	a3_job_no_cipher(j, (uint8_t *)(uintptr_t)s);
	j->chain_order = IMB_ORDER_HASH_CIPHER;
	j->hash_alg = IMB_AUTH_HMAC_SHA_256;
	j->u.HMAC._hashed_auth_key_xor_ipad = p->ipad;
	j->u.HMAC._hashed_auth_key_xor_opad = p->opad;
	j->src = s;
	j->hash_start_src_offset_in_bytes = 0;
	j->msg_len_to_hash_in_bytes = s_len;
	j->auth_tag_output = out;
	j->auth_tag_output_len_in_bytes = SHA256_LEN;
}

static int
run_checked(struct a3_engine *e, unsigned int n)
{
	return a3_jobs_run(e, A3_MGR_MAIN, n) == 0 ? 0 : -EIO;
}

int
a3_kdf(struct a3_engine *e, const uint8_t *key, size_t key_len,
       const uint8_t *s, size_t s_len, uint8_t out[32])
{
	struct hmac_pads p;
	int rc;

	hmac_pads(e, key, key_len, &p);
	if (a3_jobs_get(e, A3_MGR_MAIN, 1) != 1)
		return -EIO;
	hmac_job(e->jobs[0], &p, s, s_len, out);
	a3_job_tag(e->jobs[0], 0);
	rc = run_checked(e, 1);
	imb_clear_mem(&p, sizeof(p));
	return rc;
}

int
a3_derive_kiwf(struct a3_engine *e, const uint8_t kasme[A3_KASME_LEN],
	       const uint8_t nonce[A3_NONCE_LEN], uint8_t kiwf[A3_KIWF_LEN])
{
	uint8_t s[1 + A3_NONCE_LEN + 2];

	s[0] = FC_KIWF;
	memcpy(s + 1, nonce, A3_NONCE_LEN);
	s[1 + A3_NONCE_LEN] = 0x00;
	s[2 + A3_NONCE_LEN] = A3_NONCE_LEN;
	return a3_kdf(e, kasme, A3_KASME_LEN, s, sizeof(s), kiwf);
}

/* S = FC || P0 || L0 || P1 || L1 for K_di_conf / K_di_int. */
#define KDI_S_LEN 7
static void
kdi_s(uint8_t s[KDI_S_LEN], uint8_t p0, uint8_t alg)
{
	s[0] = FC_KDI;
	s[1] = p0;
	s[2] = 0x00;
	s[3] = 0x01;
	s[4] = alg;
	s[5] = 0x00;
	s[6] = 0x01;
}

/* UEs per submission: two jobs each. */
#define DERIVE_CHUNK (A3_BURST_MAX / 2)

int
a3_derive_bulk(struct a3_engine *e, struct a3_derive_req *req, unsigned int n)
{
	struct hmac_pads pads[DERIVE_CHUNK];
	uint8_t s[DERIVE_CHUNK][2][KDI_S_LEN];
	uint8_t out[DERIVE_CHUNK][2][SHA256_LEN] __attribute__((aligned(16)));
	int rc = 0;

	for (unsigned int i = 0; i < n; i++)
		if (req[i].eea > A3_ALG_MAX || req[i].eia > A3_ALG_MAX)
			return -EINVAL;

	for (unsigned int base = 0; base < n && rc == 0; base += DERIVE_CHUNK) {
		unsigned int m = n - base < DERIVE_CHUNK ? n - base : DERIVE_CHUNK;

		if (a3_jobs_get(e, A3_MGR_MAIN, 2 * m) != 2 * m) {
			rc = -EIO;
			break;
		}
		for (unsigned int i = 0; i < m; i++) {
			struct a3_derive_req *r = &req[base + i];

			hmac_pads(e, r->kiwf, A3_KIWF_LEN, &pads[i]);
			kdi_s(s[i][0], P0_CONF, r->eea);
			kdi_s(s[i][1], P0_INT, r->eia);
			hmac_job(e->jobs[2 * i], &pads[i], s[i][0], KDI_S_LEN, out[i][0]);
			hmac_job(e->jobs[2 * i + 1], &pads[i], s[i][1], KDI_S_LEN, out[i][1]);
			a3_job_tag(e->jobs[2 * i], 2 * i);
			a3_job_tag(e->jobs[2 * i + 1], 2 * i + 1);
		}
		rc = run_checked(e, 2 * m);
		/* The 128 least significant bits: the last 16 octets. */
		for (unsigned int i = 0; i < m && rc == 0; i++) {
			memcpy(req[base + i].k_conf, out[i][0] + 16, A3_KEY_LEN);
			memcpy(req[base + i].k_int, out[i][1] + 16, A3_KEY_LEN);
		}
	}
	imb_clear_mem(pads, sizeof(pads));
	imb_clear_mem(out, sizeof(out));
	return rc;
}
