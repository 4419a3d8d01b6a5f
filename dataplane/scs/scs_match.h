/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCS-level checks on the worker, in the refusal order of PROTOCOL.md
 * section 3: 103, 104, 101, 109, 108 before the UE lookup, then 102, 105,
 * 106, 201. No locks, allocation, system calls or logging.
 */
#ifndef MTC_SCS_MATCH_H
#define MTC_SCS_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>

#include "diam_codes.h"
#include "scs_policy.h"
#include "ue_ctx.h"

/*
 * Source ACL over a burst: hdr[i] points at an IPv4 (resp. IPv6) header of a
 * UDP datagram; scs[i] gets the index of the SCS owning the source (longest
 * prefix), or SCS_NONE.
 */
void scs_classify_v4(const struct scs_policy *p, const uint8_t **hdr, uint32_t *scs,
		     unsigned int n);
void scs_classify_v6(const struct scs_policy *p, const uint8_t **hdr, uint32_t *scs,
		     unsigned int n);

/*
 * What one worker's checks use for one burst: the snapshot in force, the
 * worker's own lane of the mutable state, the shared quota counts and the
 * worker's Hyperscan scratch for that snapshot.
 */
struct scs_view {
	const struct scs_policy *pol;
	struct scs_lane *lane;
	struct scs_quota *quota;
	hs_scratch_t *scratch;
};

/* Worker, once per burst: the view of policy p for worker w. Empties the
 * worker's identity memo when p is a generation it has not seen. */
static inline void
scs_view_init(struct scs_view *v, const struct scs_policy *p, struct scs_state *st,
	      unsigned int w)
{
	v->pol = p;
	v->lane = &st->lane[w];
	v->quota = st->quota;
	v->scratch = p->scratch[w];
	if (unlikely(v->lane->memo_gen != p->generation)) {
		for (unsigned int i = 0; i < SCS_MEMO_SLOTS; i++)
			v->lane->memo[i].scs = SCS_NONE;
		v->lane->memo_gen = p->generation;
	}
}

/* Counts one outcome of SCS scs on the view's worker. */
static inline void
scs_count(const struct scs_view *v, uint32_t scs, enum scs_ctr c)
{
	v->lane->ctr[(size_t)scs * SCS_CTR_N + c]++;
}

/* The per-SCS counter of an answer: its Request-Status when it has one
 * (status >= 0), else 3004 or a protocol fault by its Result-Code. */
static inline enum scs_ctr
scs_outcome_ctr(uint32_t result, int status)
{
	switch (status) {
	case RS_SUCCESS: return SCS_CTR_success;
	case RS_ORIGINALMESSAGESENT: return SCS_CTR_orig_sent;
	case RS_INVPAYLOAD: return SCS_CTR_invpayload;
	case RS_INVEXTID: return SCS_CTR_invextid;
	case RS_INVSCSID: return SCS_CTR_invscsid;
	case RS_INVPERIOD: return SCS_CTR_invperiod;
	case RS_NOTAUTHORIZED: return SCS_CTR_notauthorized;
	case RS_SERVICEUNAVAILABLE: return SCS_CTR_unavailable;
	case RS_QUOTAEXCEEDED: return SCS_CTR_quota;
	case RS_RATEEXCEEDED: return SCS_CTR_rate;
	case RS_REPLACEFAIL: return SCS_CTR_replacefail;
	case RS_RECALLFAIL: return SCS_CTR_recallfail;
	case RS_TEMPORARYERROR: return SCS_CTR_temporary;
	default: return result == DIAM_TOO_BUSY ? SCS_CTR_too_busy : SCS_CTR_fault;
	}
}

/* What the SCS-level checks need from a decoded request. */
struct scs_req {
	uint32_t scs;            /* from the classification */
	const uint8_t *scs_id;   /* NULL when the request has no SCS-Identity */
	const uint8_t *payload;
	uint32_t payload_len;
	uint32_t validity;       /* seconds, when has_validity */
	uint8_t scs_id_len;
	uint8_t has_validity;
};

/*
 * 103, 104, 101, 109, 108 for one request: 0 when it may go on to the UE
 * lookup. A request that reaches the rate check takes a token whatever
 * follows; one that passes the quota check counts against the quota.
 */
uint16_t scs_check(const struct scs_view *v, const struct scs_req *r, uint64_t now_tsc);

/* scs_check over a burst; status[i] as above. Returns how many passed. */
unsigned int scs_check_burst(const struct scs_view *v, const struct scs_req *r,
			     unsigned int n, uint64_t now_tsc, uint16_t *status);

/*
 * After the UE lookup (ue NULL: not found): 102, 105 (no group shared with
 * the SCS), 106 (suspended, or COUNT space exhausted), 201 (COUNT reservation
 * dry). On 0, *count is this trigger's COUNT, never handed out before.
 * sole: the caller is the gateway's only worker (ue_count_alloc_sole).
 */
uint16_t scs_check_ue(const struct scs_policy *p, uint32_t scs, struct ue_ctx *ue,
		      uint32_t *count, bool sole);

/* The individual checks, for tests and for a worker that orders its own. */
bool scs_identity_ok(const struct scs_view *v, uint32_t scs, const uint8_t *id, uint8_t len);
bool scs_payload_denied(const struct scs_view *v, uint32_t scs, const uint8_t *payload,
			uint32_t len);
bool scs_rate_take(const struct scs_view *v, uint32_t scs, uint64_t now_tsc);
bool scs_quota_take(const struct scs_view *v, uint32_t scs, uint64_t now_tsc);

#endif
