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
uint16_t scs_check(const struct scs_policy *p, unsigned int worker,
		   const struct scs_req *r, uint64_t now_tsc);

/* scs_check over a burst; status[i] as above. Returns how many passed. */
unsigned int scs_check_burst(const struct scs_policy *p, unsigned int worker,
			     const struct scs_req *r, unsigned int n, uint64_t now_tsc,
			     uint16_t *status);

/*
 * After the UE lookup (ue NULL: not found): 102, 105 (no group shared with
 * the SCS), 106 (suspended, or COUNT space exhausted), 201 (COUNT reservation
 * dry). On 0, *count is this trigger's COUNT, never handed out before.
 * sole: the caller is the gateway's only worker (ue_count_alloc_sole).
 */
uint16_t scs_check_ue(const struct scs_policy *p, uint32_t scs, struct ue_ctx *ue,
		      uint32_t *count, bool sole);

/* The individual checks, for tests and for a worker that orders its own. */
bool scs_identity_ok(const struct scs_policy *p, unsigned int worker, uint32_t scs,
		     const uint8_t *id, uint8_t len);
bool scs_payload_denied(const struct scs_policy *p, unsigned int worker, uint32_t scs,
			const uint8_t *payload, uint32_t len);
bool scs_rate_take(const struct scs_policy *p, unsigned int worker, uint32_t scs,
		   uint64_t now_tsc);
bool scs_quota_take(const struct scs_policy *p, uint32_t scs, uint64_t now_tsc);

#endif
