/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCS policy as the workers see it: source ACLs, per-SCS Hyperscan
 * databases and limits, and the per-worker state that goes with them
 * (Hyperscan scratch, token buckets). Built on the control side
 * (control/policy.c), published whole with one pointer swap, freed after an
 * RCU grace period: a worker loads the pointer once per burst and holds it
 * until it reports quiescence.
 */
#ifndef MTC_SCS_POLICY_H
#define MTC_SCS_POLICY_H

#include <stdint.h>

#include <hs/hs.h>
#include <rte_acl.h>
#include <rte_common.h>

#define SCS_NAME_MAX 64
#define SCS_NONE UINT32_MAX /* classification: no SCS owns this source */

/* Read-only per-SCS rules. */
struct scs_rule {
	hs_database_t *ident_db; /* NULL: any SCS-Identity */
	hs_database_t *deny_db;  /* NULL: no payload rule */
	uint64_t groups;         /* bitmap of groups this SCS may trigger */
	uint64_t tb_cost;        /* TSC cycles per token on one worker; 0: no rate limit */
	uint64_t tb_depth;       /* bucket depth in cycles (per-worker burst * cost) */
	uint64_t quota;          /* triggers per period, all workers; 0: unlimited */
	uint64_t quota_period;   /* TSC cycles */
	uint8_t require_identity;
	char name[SCS_NAME_MAX];
} __rte_cache_aligned;

/*
 * Rate limiting: each worker has its own bucket per SCS, filled at
 * rate / n_workers with depth burst / n_workers (at least one token). No
 * cache line is written by two cores; the price is that an SCS whose traffic
 * lands on one worker only gets its share of the rate. RSS spreads sources
 * by address and port, and an SCS that needs its full rate from one address
 * can be given rate * n_workers.
 */
struct scs_bucket {
	uint64_t credit; /* TSC cycles of credit */
	uint64_t last;   /* TSC of the last refill */
};

/*
 * Quota: one counter per SCS shared by the workers (a quota is a total, it
 * cannot be split without losing part of it): period number in the high 32
 * bits, triggers counted in it in the low 32, updated by compare-and-swap.
 */
struct scs_quota {
	uint64_t state;
} __rte_cache_aligned;

/*
 * A worker's memory of SCS-Identity verdicts. The verdict is a function of
 * the policy, the SCS and the identity's octets alone, and an SCS uses a
 * handful of identities: a direct-mapped table spares most triggers a
 * Hyperscan scan. Per worker and per policy object, so a policy published
 * starts with an empty one and no entry outlives the rules it came from.
 * Identities longer than SCS_MEMO_ID_MAX are always scanned.
 */
#define SCS_MEMO_SLOTS 64
#define SCS_MEMO_ID_MAX 64
struct scs_id_memo {
	uint32_t scs; /* SCS_NONE: empty */
	uint8_t len;
	uint8_t ok;
	uint8_t id[SCS_MEMO_ID_MAX];
};

struct scs_worker_state {
	hs_scratch_t *scratch;     /* this worker's, cloned on the control side */
	struct scs_bucket *bucket; /* [n_scs] */
	struct scs_id_memo *memo;  /* [SCS_MEMO_SLOTS] */
} __rte_cache_aligned;

struct scs_policy {
	struct rte_acl_ctx *acl4; /* NULL when no IPv4 source is configured */
	struct rte_acl_ctx *acl6;
	uint32_t n_scs;
	uint32_t n_workers;
	uint32_t max_payload;  /* octets */
	uint32_t max_validity; /* seconds */
	struct scs_rule *scs;     /* [n_scs] */
	struct scs_quota *quota;  /* [n_scs] */
	struct scs_worker_state *worker; /* [n_workers] */
	hs_scratch_t *scratch_proto;
};

/* Where the workers find the current policy. */
struct scs_policy_slot {
	struct scs_policy *cur;
};

/* Worker: the policy in force for this burst. Acquire pairs with the
 * release of the publication, so the whole object is visible. */
static inline const struct scs_policy *
scs_policy_get(const struct scs_policy_slot *s)
{
	return __atomic_load_n(&s->cur, __ATOMIC_ACQUIRE);
}

#endif
