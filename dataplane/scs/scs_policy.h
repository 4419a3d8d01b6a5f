/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCS policy as the workers see it, in two halves:
 *
 * - struct scs_policy: an immutable snapshot (source ACLs, per-SCS rules and
 *   Hyperscan databases, limits) with a generation number. Built on the
 *   control side (control/policy.c), published whole with one pointer swap,
 *   freed after an RCU grace period. A worker loads the pointer once per
 *   burst and holds it until it reports quiescence. Writer of the slot: the
 *   admin thread (before the workers start: the start-up code).
 * - struct scs_state: what changes per trigger (token buckets, quota counts,
 *   identity verdicts remembered, per-SCS counters), indexed by SCS id. It
 *   lives as long as the gateway and survives every publication: changing
 *   one SCS's rules touches no SCS's bucket or quota.
 *
 * SCS ids are stable: assigned when an SCS is added, never reused, so the
 * same id means the same SCS in every snapshot (and in the recall/replace
 * table's keys). State for an id is zero until its SCS first sends.
 */
#ifndef MTC_SCS_POLICY_H
#define MTC_SCS_POLICY_H

#include <stdint.h>

#include <hs/hs.h>
#include <rte_acl.h>
#include <rte_common.h>

#define SCS_NAME_MAX 64
#define SCS_NONE UINT32_MAX /* classification: no SCS owns this source */

/* Read-only per-SCS rules of one snapshot. */
struct scs_rule {
	hs_database_t *ident_db; /* NULL: any SCS-Identity */
	hs_database_t *deny_db;  /* NULL: no payload rule */
	uint64_t groups;         /* bitmap of groups this SCS may trigger */
	uint64_t tb_cost;        /* TSC cycles per token on one worker; 0: no rate limit */
	uint64_t tb_depth;       /* bucket depth in cycles (per-worker burst * cost) */
	uint64_t quota;          /* triggers per period, all workers; 0: unlimited */
	uint64_t quota_period;   /* TSC cycles */
	uint8_t require_identity;
	uint8_t present;         /* 0: this id is not an SCS of this snapshot */
	char name[SCS_NAME_MAX];
} __rte_cache_aligned;

struct scs_policy {
	uint64_t generation;      /* 1, 2, ... in publication order */
	struct rte_acl_ctx *acl4; /* NULL when no IPv4 source is configured */
	struct rte_acl_ctx *acl6;
	uint32_t n_ids;        /* ids 0 .. n_ids - 1 have a rule (present or not) */
	uint32_t n_scs;        /* rules present */
	uint32_t n_workers;
	uint32_t max_payload;  /* octets */
	uint32_t max_validity; /* seconds */
	const struct scs_rule *scs; /* [n_ids] */
	/* [n_workers]: each scratch is used by its worker alone (Hyperscan
	 * writes into it while scanning); sized for this snapshot's databases. */
	hs_scratch_t *const *scratch;
};

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
 * Hyperscan scan. Emptied when the worker first sees a new policy
 * generation, so no entry outlives the rules it came from.
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

/*
 * Per-SCS outcome counters, per worker. Each is declared with its kind:
 * a success, a refusal (answered with a Request-Status other than success)
 * or a fault (answered with a protocol Result-Code).
 */
#define SCS_COUNTERS(X)                                         \
	X(requests, info, "requests classified to this SCS")     \
	X(success, success, "triggers sent toward the UE")        \
	X(orig_sent, success, "recall or replace of a sent trigger (112)") \
	X(invpayload, refusal, "101 payload refused")             \
	X(invextid, refusal, "102 no such UE")                    \
	X(invscsid, refusal, "103 SCS-Identity refused")          \
	X(invperiod, refusal, "104 validity too long")            \
	X(notauthorized, refusal, "105 not authorized for the UE") \
	X(unavailable, refusal, "106 UE suspended or exhausted")  \
	X(quota, refusal, "108 quota exceeded")                   \
	X(rate, refusal, "109 rate exceeded")                     \
	X(replacefail, refusal, "110 replace of an unknown trigger") \
	X(recallfail, refusal, "111 recall of an unknown trigger") \
	X(temporary, refusal, "201 temporary error")              \
	X(too_busy, refusal, "3004 too busy")                     \
	X(fault, fault, "protocol faults (3xxx/5xxx Result-Code)")

enum scs_ctr {
#define SCS_CTR_ENUM(name, kind, help) SCS_CTR_##name,
	SCS_COUNTERS(SCS_CTR_ENUM)
#undef SCS_CTR_ENUM
	SCS_CTR_N
};

/* One worker's share of the state: written by that worker alone. */
struct scs_lane {
	struct scs_bucket *bucket; /* [cap] */
	struct scs_id_memo *memo;  /* [SCS_MEMO_SLOTS] */
	uint64_t memo_gen;         /* policy generation the memo's verdicts are from */
	uint64_t *ctr;             /* [cap][SCS_CTR_N] */
} __rte_cache_aligned;

struct scs_state {
	uint32_t cap;             /* SCS ids it can hold */
	uint32_t n_workers;
	struct scs_quota *quota;  /* [cap]: every worker, by compare-and-swap */
	/* The name of each id handed out, for any thread that reports per-SCS
	 * figures (telemetry, Prometheus, the API): an id's name never
	 * changes, so the table only grows. Writer: the registry's (admin). */
	char (*name)[SCS_NAME_MAX]; /* [cap] */
	uint32_t n_named;           /* ids 0 .. n_named - 1 named: release/acquire */
	struct scs_lane lane[];   /* [n_workers] */
};

/* Allocates the state for ids 0 .. cap - 1, zeroed. NULL when out of memory. */
struct scs_state *scs_state_create(uint32_t cap, uint32_t n_workers);
void scs_state_free(struct scs_state *st);

/* Names id (before the first snapshot that holds it is published). */
void scs_state_name_set(struct scs_state *st, uint32_t id, const char *name);
/* The name of id, NULL when it was never named: any thread. */
const char *scs_state_name(const struct scs_state *st, uint32_t id);

/* The counters of one SCS summed over the workers (control side; relaxed
 * reads of counters the workers keep incrementing). */
void scs_state_sum(const struct scs_state *st, uint32_t scs, int worker,
		   uint64_t out[SCS_CTR_N]);

/* Where the workers find the current policy. Writer: the admin thread. */
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
