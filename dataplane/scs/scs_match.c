/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include <rte_ip.h>

#include "scs_match.h"
#include "ue_count.h"

static void
classify(const struct rte_acl_ctx *acl, const uint8_t **hdr, uint32_t *scs,
	 unsigned int n)
{
	if (acl == NULL || rte_acl_classify(acl, hdr, scs, n, 1) != 0) {
		for (unsigned int i = 0; i < n; i++)
			scs[i] = SCS_NONE;
		return;
	}
	/* userdata is index + 1; 0 means no rule matched */
	for (unsigned int i = 0; i < n; i++)
		scs[i] = scs[i] - 1u;
}

void
scs_classify_v4(const struct scs_policy *p, const uint8_t **hdr, uint32_t *scs,
		unsigned int n)
{
	classify(p->acl4, hdr, scs, n);
}

void
scs_classify_v6(const struct scs_policy *p, const uint8_t **hdr, uint32_t *scs,
		unsigned int n)
{
	classify(p->acl6, hdr, scs, n);
}

static int
on_match(unsigned int id, unsigned long long from, unsigned long long to,
	 unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	*(int *)ctx = 1;
	return 1; /* one match decides: stop the scan */
}

/* 1 match, 0 none, -1 scan error. */
static int
scan(hs_database_t *db, hs_scratch_t *scratch, const uint8_t *data, uint32_t len)
{
	static const char empty[1];
	int matched = 0;
	hs_error_t rc;

	rc = hs_scan(db, data ? (const char *)data : empty, len, 0, scratch,
		     on_match, &matched);
	if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
		return -1;
	return matched;
}

/* The memo slot of an identity: its first and last eight octets (or fewer),
 * its length and the SCS, mixed. */
static inline unsigned int
memo_slot(uint32_t scs, const uint8_t *id, uint8_t len)
{
	uint64_t a = 0, b = 0;

	if (len >= 8) {
		memcpy(&a, id, 8);
		memcpy(&b, id + len - 8, 8);
	} else if (len >= 4) {
		uint32_t x, y;

		memcpy(&x, id, 4);
		memcpy(&y, id + len - 4, 4);
		a = x;
		b = y;
	} else if (len > 0) {
		a = (uint64_t)id[0] | (uint64_t)id[len / 2] << 8 | (uint64_t)id[len - 1] << 16;
	}
	a ^= b * UINT64_C(0x9e3779b97f4a7c15) ^ ((uint64_t)scs << 8 | len);
	a *= UINT64_C(0xff51afd7ed558ccd);
	return (unsigned int)(a >> 58) & (SCS_MEMO_SLOTS - 1);
}

bool
scs_identity_ok(const struct scs_view *v, uint32_t scs, const uint8_t *id, uint8_t len)
{
	const struct scs_rule *r = &v->pol->scs[scs];
	struct scs_id_memo *m;
	bool ok;
	int rc;

	if (id == NULL)
		return !r->require_identity;
	if (r->ident_db == NULL)
		return true;
	if (len > SCS_MEMO_ID_MAX) /* a scan error refuses: fail closed */
		return scan(r->ident_db, v->scratch, id, len) == 1;
	_Static_assert((SCS_MEMO_SLOTS & (SCS_MEMO_SLOTS - 1)) == 0, "a power of two");
	m = &v->lane->memo[memo_slot(scs, id, len)];
	if (m->scs == scs && m->len == len && memcmp(m->id, id, len) == 0)
		return m->ok;
	rc = scan(r->ident_db, v->scratch, id, len);
	if (rc < 0) /* refused, and not remembered */
		return false;
	ok = rc == 1;
	m->scs = scs;
	m->len = len;
	m->ok = ok;
	memcpy(m->id, id, len);
	return ok;
}

bool
scs_payload_denied(const struct scs_view *v, uint32_t scs, const uint8_t *payload,
		   uint32_t len)
{
	const struct scs_rule *r = &v->pol->scs[scs];

	if (len > v->pol->max_payload)
		return true;
	if (r->deny_db == NULL)
		return false;
	return scan(r->deny_db, v->scratch, payload, len) != 0;
}

bool
scs_rate_take(const struct scs_view *v, uint32_t scs, uint64_t now_tsc)
{
	const struct scs_rule *r = &v->pol->scs[scs];
	struct scs_bucket *b = &v->lane->bucket[scs];
	uint64_t credit;

	if (r->tb_cost == 0)
		return true;
	/* Credit is kept in TSC cycles: a refill is one subtraction, the
	 * division by the rate was done once at compile time. A bucket kept
	 * across a publication that lowered the depth is clipped here. */
	credit = b->credit + (now_tsc > b->last ? now_tsc - b->last : 0);
	if (credit > r->tb_depth || credit < b->credit)
		credit = r->tb_depth;
	if (now_tsc > b->last)
		b->last = now_tsc;
	if (credit < r->tb_cost) {
		b->credit = credit;
		return false;
	}
	b->credit = credit - r->tb_cost;
	return true;
}

bool
scs_quota_take(const struct scs_view *v, uint32_t scs, uint64_t now_tsc)
{
	const struct scs_rule *r = &v->pol->scs[scs];
	struct scs_quota *q = &v->quota[scs];
	uint32_t period;
	uint64_t cur, nv, used;

	if (r->quota == 0)
		return true;
	period = (uint32_t)(now_tsc / r->quota_period);
	cur = __atomic_load_n(&q->state, __ATOMIC_RELAXED);
	for (;;) {
		uint32_t vp = (uint32_t)(cur >> 32);

		/* A worker whose clock reads a little behind must not reset
		 * the count of a period another worker already started. */
		if ((int32_t)(period - vp) > 0) {
			used = 0;
		} else {
			period = vp;
			used = cur & UINT32_MAX;
		}
		if (used >= r->quota)
			return false;
		nv = ((uint64_t)period << 32) | (used + 1);
		/* Relaxed: the counter guards nothing else. */
		if (__atomic_compare_exchange_n(&q->state, &cur, nv, true,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return true;
	}
}

uint16_t
scs_check(const struct scs_view *v, const struct scs_req *r, uint64_t now_tsc)
{
	if (!scs_identity_ok(v, r->scs, r->scs_id, r->scs_id_len))
		return RS_INVSCSID;
	if (r->has_validity && r->validity > v->pol->max_validity)
		return RS_INVPERIOD;
	if (scs_payload_denied(v, r->scs, r->payload, r->payload_len))
		return RS_INVPAYLOAD;
	if (!scs_rate_take(v, r->scs, now_tsc))
		return RS_RATEEXCEEDED;
	if (!scs_quota_take(v, r->scs, now_tsc))
		return RS_QUOTAEXCEEDED;
	return RS_SUCCESS;
}

unsigned int
scs_check_burst(const struct scs_view *v, const struct scs_req *r, unsigned int n,
		uint64_t now_tsc, uint16_t *status)
{
	unsigned int ok = 0;

	for (unsigned int i = 0; i < n; i++) {
		status[i] = scs_check(v, &r[i], now_tsc);
		ok += status[i] == RS_SUCCESS;
	}
	return ok;
}

uint16_t
scs_check_ue(const struct scs_policy *p, uint32_t scs, struct ue_ctx *ue, uint32_t *count,
	     bool sole)
{
	if (ue == NULL)
		return RS_INVEXTID;
	if ((ue->groups & p->scs[scs].groups) == 0)
		return RS_NOTAUTHORIZED;
	if (__atomic_load_n(&ue->suspended, __ATOMIC_RELAXED))
		return RS_SERVICEUNAVAILABLE;
	switch (sole ? ue_count_alloc_sole(ue, count) : ue_count_alloc(ue, count)) {
	case UE_COUNT_OK:
		return RS_SUCCESS;
	case UE_COUNT_EXHAUSTED:
		return RS_SERVICEUNAVAILABLE;
	default:
		return RS_TEMPORARYERROR;
	}
}
