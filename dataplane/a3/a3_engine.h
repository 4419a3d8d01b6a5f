/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the per-thread engine and the job builders shared by protect,
 * open and the 3GPP algorithm tests. Not part of the public API. */
#ifndef MTC_A3_ENGINE_H
#define MTC_A3_ENGINE_H

#include <intel-ipsec-mb.h>

#include "a3.h"

struct a3_slot {
	uint8_t civ[16] __attribute__((aligned(16))); /* cipher IV */
	uint8_t aiv[16] __attribute__((aligned(16))); /* auth IV */
	uint8_t tag[16] __attribute__((aligned(16))); /* computed MAC (open) */
	uint8_t saved[A3_PDU_HEADROOM];              /* octets under the EIA2 prefix */
};

struct a3_engine {
	IMB_MGR *mgr;
	IMB_ARCH arch;
	struct a3_slot slot[A3_BURST_MAX];
	IMB_JOB *jobs[A3_BURST_MAX];
};

/* A job is built on one base pointer: the cipher region and the hashed
 * region are both given as octet offsets from it. */

/* Cipher part: len_bits from base + off. */
void a3_job_cipher(IMB_JOB *job, uint8_t alg, const void *key, uint8_t *iv,
		   uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *base,
		   uint32_t off, uint32_t len_bits, IMB_CIPHER_DIRECTION d);

/* Auth part over len_bits from base + off. For EIA2 the 8-octet prefix must
 * already sit at base + off - 8 (see a3_cmac_prefix); the hashed region
 * then starts there. tag gets 4 octets (nothing for EIA0). */
void a3_job_auth(IMB_JOB *job, uint8_t alg, const struct a3_keyset *ks, uint8_t *iv,
		 uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *base,
		 uint32_t off, uint32_t len_bits, uint8_t *tag);

static inline void
a3_cmac_prefix(uint8_t *p, uint32_t count, uint8_t bearer, uint8_t dir)
{
	a3_put32(p, count);
	p[4] = (uint8_t)(bearer << 3 | dir << 2);
	p[5] = p[6] = p[7] = 0;
}

/*
 * Gets n (<= A3_BURST_MAX) jobs into e->jobs, cleared for filling. The queue
 * is empty between calls, so all n are available.
 */
unsigned int a3_jobs_get(struct a3_engine *e, unsigned int n);

/*
 * Submits the n jobs filled in e->jobs, flushes, and calls done(job, arg) for
 * each completed one (in completion order; user_data says which). Returns 0,
 * or -1 if the library rejected the burst (nothing was processed).
 */
int a3_jobs_run(struct a3_engine *e, unsigned int n,
		void (*done)(IMB_JOB *job, void *arg), void *arg);

/*
 * One 128-EEA / 128-EIA computation with any BEARER, DIRECTION and bit
 * length, as TS 33.401 Annex C states them: for the conformance tests.
 * EEA works in place on buf; EIA needs A3_PDU_HEADROOM writable octets
 * before msg (restored). Return 0 or -1.
 */
int a3_eea_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
		uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t len_bits);
int a3_eia_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
		uint8_t bearer, uint8_t dir, uint8_t *msg, uint32_t len_bits,
		uint8_t mac[4]);

#endif
