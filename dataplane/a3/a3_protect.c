/* SPDX-License-Identifier: BSD-3-Clause */
/* Gateway side: build and protect A3-PDUs, a burst of jobs at a time. */
#include <string.h>

#include "a3_engine.h"

/* Offsets from the job's base, pdu - A3_PDU_HEADROOM. */
#define OFF_HDR A3_PDU_HEADROOM
#define OFF_PT (A3_PDU_HEADROOM + A3_PDU_HDR_LEN)

static uint8_t
trigger_check(const struct a3_trigger *t)
{
	if (t->ks == NULL || !t->ks->valid)
		return A3_ERR_KSI;
	if (t->pdu == NULL || t->scs_id_len > A3_SCS_ID_MAX ||
	    a3_pt_len(t->scs_id_len, t->payload_len) > A3_PT_MAX ||
	    (t->scs_id_len > 0 && t->scs_id == NULL) ||
	    (t->payload_len > 0 && t->payload == NULL))
		return A3_ERR_HEADER;
	return A3_OK;
}

/* Header and plaintext, in place at t->pdu. Returns N. */
static uint32_t
pdu_write(const struct a3_trigger *t)
{
	const struct a3_keyset *ks = t->ks;
	uint8_t *p = t->pdu;
	uint8_t *pt = p + A3_PDU_HDR_LEN;
	uint32_t n = a3_pt_len(t->scs_id_len, t->payload_len);

	/* The payload first: it is the part a caller is most likely to have
	 * placed already, and moving it first keeps the SCS-Identity intact. */
	if (t->payload_len > 0 && t->payload != pt + A3_PT_FIXED_LEN + t->scs_id_len)
		memmove(pt + A3_PT_FIXED_LEN + t->scs_id_len, t->payload, t->payload_len);
	if (t->scs_id_len > 0 && t->scs_id != pt + A3_PT_FIXED_LEN)
		memmove(pt + A3_PT_FIXED_LEN, t->scs_id, t->scs_id_len);

	p[0] = A3_PDU_VERSION_TYPE;
	p[1] = (uint8_t)(ks->ksi << 4);
	p[2] = (uint8_t)(ks->eea << 4 | ks->eia);
	p[3] = t->priority ? A3_PDU_FLAG_PRIORITY : 0;
	a3_put32(p + 4, t->count);
	p[8] = (uint8_t)(n >> 8);
	p[9] = (uint8_t)n;
	a3_put32(pt, t->reference);
	a3_put32(pt + 4, t->expiry);
	a3_put32(pt + 8, t->app_port);
	pt[12] = t->scs_id_len;
	return n;
}

/* Builds, runs and completes the jobs of one group; slots by item. */
static unsigned int
protect_group(struct a3_engine *e, struct a3_trigger *t, const struct a3_group *g,
	      uint8_t *status)
{
	uint64_t failed;

	if (a3_jobs_get(e, g->mgr, g->m) != g->m) {
		for (unsigned int k = 0; k < g->m; k++)
			status[g->idx[k]] = A3_ERR_INTERNAL;
		return 0;
	}
	/* In locals: the job stores below may alias *g and *e for all the
	 * compiler knows. */
	const unsigned int *idx = g->idx, m = g->m;
	struct a3_slot *slot = e->slot;
	IMB_JOB **jobs = e->jobs;

	for (unsigned int k = 0; k < m; k++) {
		unsigned int i = idx[k];
		struct a3_trigger *tr = &t[i];
		const struct a3_keyset *ks = tr->ks;
		struct a3_slot *sl = &slot[i];
		IMB_JOB *j = jobs[k];
		uint8_t *base = tr->pdu - A3_PDU_HEADROOM;
		uint32_t n_pt = pdu_write(tr);
		uint8_t *mac = tr->pdu + A3_PDU_HDR_LEN + n_pt;

		if (ks->eia == A3_ALG_AES) {
			a3_cmac_prefix(base, tr->count, A3_BEARER, A3_DIRECTION);
		} else if (ks->eia == A3_ALG_NULL) {
			memset(mac, 0, A3_PDU_MAC_LEN);
		}
		a3_job_cipher(j, ks->eea, ks->conf.raw, sl->civ, tr->count, A3_BEARER,
			      A3_DIRECTION, base, OFF_PT, n_pt * 8, IMB_DIR_ENCRYPT);
		a3_job_auth(j, ks->eia, ks, sl->aiv, tr->count, A3_BEARER, A3_DIRECTION,
			    base, OFF_HDR, (A3_PDU_HDR_LEN + n_pt) * 8, mac);
		j->chain_order = IMB_ORDER_CIPHER_HASH;
		a3_job_tag(j, k);
	}
	failed = a3_jobs_run(e, g->mgr, g->m);
	for (unsigned int k = 0; unlikely(failed) && k < g->m; k++)
		if (failed >> k & 1)
			status[g->idx[k]] = A3_ERR_INTERNAL;
	return g->m - (unsigned int)__builtin_popcountll(failed);
}

static unsigned int
protect_chunk(struct a3_engine *e, struct a3_trigger *t, unsigned int n,
	      uint8_t *status)
{
	unsigned int idx[A3_BURST_MAX], m = 0, ns = 0, ok = 0, ng;
	uint8_t snow[A3_BURST_MAX];
	struct a3_group g[2];

	for (unsigned int i = 0; i < n; i++) {
		status[i] = trigger_check(&t[i]);
		if (unlikely(status[i] != A3_OK))
			continue;
		snow[i] = t[i].ks->eea == A3_ALG_SNOW3G || t[i].ks->eia == A3_ALG_SNOW3G;
		ns += snow[i];
		idx[m++] = i;
	}
	if (m == 0)
		return 0;
	ng = a3_group_split(e, idx, m, snow, ns, g);
	for (unsigned int gi = 0; gi < ng; gi++)
		ok += protect_group(e, t, &g[gi], status);
	return ok;
}

unsigned int
a3_protect_burst(struct a3_engine *e, struct a3_trigger *t, unsigned int n,
		 uint8_t *status)
{
	uint8_t local[A3_BURST_MAX];
	unsigned int ok = 0;

	for (unsigned int i = 0; i < n; i += A3_BURST_MAX) {
		unsigned int m = n - i < A3_BURST_MAX ? n - i : A3_BURST_MAX;

		ok += protect_chunk(e, t + i, m, status ? status + i : local);
	}
	return ok;
}
