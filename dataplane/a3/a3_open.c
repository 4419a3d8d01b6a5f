/* SPDX-License-Identifier: BSD-3-Clause */
/* UE side (PROTOCOL.md 5.5): header and KSI, MAC in constant time, replay
 * window, and only then decryption and the expiry check. */
#include <stddef.h>
#include <string.h>

#include "a3_engine.h"

#define OFF_HDR A3_PDU_HEADROOM
#define OFF_PT (A3_PDU_HEADROOM + A3_PDU_HDR_LEN)

/* A key set's ksi, eea, eia and valid octets, as one word. */
_Static_assert(offsetof(struct a3_keyset, eea) == offsetof(struct a3_keyset, ksi) + 1 &&
	       offsetof(struct a3_keyset, eia) == offsetof(struct a3_keyset, ksi) + 2 &&
	       offsetof(struct a3_keyset, valid) == offsetof(struct a3_keyset, ksi) + 3 &&
	       __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "header_check reads ksi, eea, eia and valid as one word");

static inline uint32_t
keyset_word(const struct a3_keyset *ks)
{
	uint32_t w;

	memcpy(&w, &ks->ksi, sizeof(w));
	return w;
}

/* Step 1: the header against the context. Sets *set to the key set index. */
static inline uint8_t
header_check(const struct a3_rx *rx, unsigned int *set)
{
	const uint8_t *p = rx->pdu;
	uint32_t n, want;

	if (rx->pdu == NULL || rx->ue == NULL || rx->len < A3_PDU_OVERHEAD + A3_PT_FIXED_LEN)
		return A3_ERR_HEADER;
	n = (uint32_t)p[8] << 8 | p[9];
	if (p[0] != A3_PDU_VERSION_TYPE || (p[1] & 0x0f) != 0 ||
	    (p[3] & ~A3_PDU_FLAG_PRIORITY) != 0 || n + A3_PDU_OVERHEAD != rx->len)
		return A3_ERR_HEADER;
	/* The first valid set with this KSI decides (valid is 0 or 1). */
	want = (uint32_t)(p[1] >> 4) | (uint32_t)(p[2] >> 4) << 8 |
	       (uint32_t)(p[2] & 0x0f) << 16 | UINT32_C(1) << 24;
	for (unsigned int s = 0; s < 2; s++) {
		uint32_t have = keyset_word(&rx->ue->set[s]);

		if (have == want) {
			*set = s;
			return A3_OK;
		}
		if ((have & 0xff0000ff) == (want & 0xff0000ff))
			return A3_ERR_ALG;
	}
	return A3_ERR_KSI;
}

/* Constant time: one 32-bit difference, no early exit. */
static inline int
mac_equal(const uint8_t *a, const uint8_t *b)
{
	uint32_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return (x ^ y) == 0;
}

/* Runs the jobs of a group; a failed one fails its PDU. */
static void
run_or_fail(struct a3_engine *e, const struct a3_group *g, uint8_t *status)
{
	uint64_t failed = a3_jobs_run(e, g->mgr, g->m);

	for (unsigned int k = 0; unlikely(failed) && k < g->m; k++)
		if (failed >> k & 1)
			status[g->idx[k]] = A3_ERR_INTERNAL;
}

static int
get_or_fail(struct a3_engine *e, const struct a3_group *g, uint8_t *status)
{
	if (a3_jobs_get(e, g->mgr, g->m) == g->m)
		return 0;
	for (unsigned int k = 0; k < g->m; k++)
		status[g->idx[k]] = A3_ERR_INTERNAL;
	return -1;
}

/* Fields of a decrypted PDU; A3_ERR_HEADER if L does not fit. */
static uint8_t
plaintext_read(struct a3_rx *rx, uint64_t now)
{
	const uint8_t *pt = rx->pdu + A3_PDU_HDR_LEN;
	uint32_t n = rx->len - A3_PDU_OVERHEAD;

	rx->priority = rx->pdu[3] & A3_PDU_FLAG_PRIORITY;
	rx->reference = a3_get32(pt);
	rx->expiry = a3_get32(pt + 4);
	rx->app_port = a3_get32(pt + 8);
	rx->scs_id_len = pt[12];
	if (rx->scs_id_len > A3_SCS_ID_MAX || A3_PT_FIXED_LEN + (uint32_t)rx->scs_id_len > n)
		return A3_ERR_HEADER;
	rx->scs_id = pt + A3_PT_FIXED_LEN;
	rx->payload = rx->scs_id + rx->scs_id_len;
	rx->payload_len = (uint16_t)(n - A3_PT_FIXED_LEN - rx->scs_id_len);
	if (rx->expiry != 0 && now > rx->expiry)
		return A3_ERR_EXPIRED;
	return A3_OK;
}

/* Step 2: the MAC of every PDU of a group into its slot's tag. */
static void
mac_group(struct a3_engine *e, struct a3_rx *rx, const struct a3_keyset *const *ksp,
	  const struct a3_group *g, uint8_t *status)
{
	if (get_or_fail(e, g, status) != 0)
		return;
	for (unsigned int k = 0; k < g->m; k++) {
		unsigned int i = g->idx[k];
		struct a3_rx *r = &rx[i];
		const struct a3_keyset *ks = ksp[i];
		struct a3_slot *sl = &e->slot[i];
		uint8_t *base = r->pdu - A3_PDU_HEADROOM;

		/* The headroom is the caller's scratch here: not restored. */
		if (ks->eia == A3_ALG_AES) {
			a3_cmac_prefix(base, r->count, A3_BEARER, A3_DIRECTION);
		} else if (ks->eia == A3_ALG_NULL) {
			memset(sl->tag, 0, A3_PDU_MAC_LEN);
		}
		a3_job_auth(e->jobs[k], ks->eia, ks, sl->aiv, r->count, A3_BEARER,
			    A3_DIRECTION, base, OFF_HDR, (r->len - A3_PDU_MAC_LEN) * 8,
			    sl->tag);
		a3_job_no_cipher(e->jobs[k], base);
		e->jobs[k]->chain_order = IMB_ORDER_HASH_CIPHER;
		a3_job_tag(e->jobs[k], k);
	}
	run_or_fail(e, g, status);
}

/* Step 4: decrypt the PDUs of a group in place. */
static void
decrypt_group(struct a3_engine *e, struct a3_rx *rx, const struct a3_keyset *const *ksp,
	      const struct a3_group *g, uint8_t *status)
{
	if (get_or_fail(e, g, status) != 0)
		return;
	for (unsigned int k = 0; k < g->m; k++) {
		unsigned int i = g->idx[k];
		struct a3_rx *r = &rx[i];
		const struct a3_keyset *ks = ksp[i];

		a3_job_cipher(e->jobs[k], ks->eea, ks->conf.raw, e->slot[i].civ, r->count,
			      A3_BEARER, A3_DIRECTION, r->pdu - A3_PDU_HEADROOM, OFF_PT,
			      (r->len - A3_PDU_OVERHEAD) * 8, IMB_DIR_DECRYPT);
		a3_job_no_auth(e->jobs[k]);
		e->jobs[k]->chain_order = IMB_ORDER_CIPHER_HASH;
		a3_job_tag(e->jobs[k], k);
	}
	run_or_fail(e, g, status);
}

static unsigned int
open_chunk(struct a3_engine *e, struct a3_rx *rx, unsigned int n, uint64_t now,
	   uint8_t *status)
{
	unsigned int idx[A3_BURST_MAX], set[A3_BURST_MAX], m = 0, m2 = 0, ok = 0;
	const struct a3_keyset *ksp[A3_BURST_MAX];
	unsigned int ns = 0, ng;
	uint8_t snow[A3_BURST_MAX];
	struct a3_group g[2];

	for (unsigned int i = 0; i < n; i++) {
		status[i] = header_check(&rx[i], &set[i]);
		if (status[i] != A3_OK)
			continue;
		rx[i].count = a3_get32(rx[i].pdu + 4);
		ksp[i] = &rx[i].ue->set[set[i]];
		snow[i] = ksp[i]->eia == A3_ALG_SNOW3G;
		ns += snow[i];
		idx[m++] = i;
	}
	if (m == 0)
		return 0;
	ng = a3_group_split(e, idx, m, snow, ns, g);
	for (unsigned int gi = 0; gi < ng; gi++)
		mac_group(e, rx, ksp, &g[gi], status);

	/* Step 3, in arrival order so that a burst cannot replay itself. */
	ns = 0;
	for (unsigned int i = 0; i < n; i++) {
		struct a3_rx *r = &rx[i];
		struct a3_replay *w;

		if (status[i] != A3_OK)
			continue;
		w = &r->ue->win[set[i]];
		if (!mac_equal(e->slot[i].tag, r->pdu + r->len - A3_PDU_MAC_LEN)) {
			status[i] = A3_ERR_MAC;
		} else if (a3_replay_check(w, r->count) != 0) {
			status[i] = A3_ERR_REPLAY;
		} else {
			a3_replay_mark(w, r->count);
			snow[i] = ksp[i]->eea == A3_ALG_SNOW3G;
			ns += snow[i];
			idx[m2++] = i;
		}
	}
	if (m2 == 0)
		return 0;
	ng = a3_group_split(e, idx, m2, snow, ns, g);
	for (unsigned int gi = 0; gi < ng; gi++)
		decrypt_group(e, rx, ksp, &g[gi], status);

	for (unsigned int k = 0; k < m2; k++) {
		unsigned int i = idx[k];

		if (status[i] == A3_OK)
			status[i] = plaintext_read(&rx[i], now);
		ok += status[i] == A3_OK;
	}
	return ok;
}

unsigned int
a3_open_burst(struct a3_engine *e, struct a3_rx *rx, unsigned int n, uint64_t now,
	      uint8_t *status)
{
	uint8_t local[A3_BURST_MAX];
	unsigned int ok = 0;

	for (unsigned int i = 0; i < n; i += A3_BURST_MAX) {
		unsigned int m = n - i < A3_BURST_MAX ? n - i : A3_BURST_MAX;

		ok += open_chunk(e, rx + i, m, now, status ? status + i : local);
	}
	return ok;
}
