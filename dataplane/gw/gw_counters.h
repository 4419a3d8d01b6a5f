/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway pipeline's per-worker counters: every outcome of a trigger
 * and every drop, each declared once with its name, its kind (ctr_kind.h)
 * and its description. The
 * wire stages (parsing, Diameter decoding) keep their own (wire_counters.h).
 */
#ifndef MTC_GW_COUNTERS_H
#define MTC_GW_COUNTERS_H

#include <stdint.h>

#include <rte_common.h>

#include "ctr_kind.h"

#define GW_COUNTERS(X)                                                                    \
	X(rs_0_success, success, "Request-Status 0 SUCCESS: protected trigger sent to the delivery node") \
	X(rs_101_invpayload, refusal, "Request-Status 101 INVPAYLOAD: too long or matches a deny rule") \
	X(rs_102_invextid, refusal, "Request-Status 102 INVEXTID: no UE for the identifier") \
	X(rs_103_invscsid, refusal, "Request-Status 103 INVSCSID: SCS-Identity missing or not allowed") \
	X(rs_104_invperiod, refusal, "Request-Status 104 INVPERIOD: Validity-Time above the maximum") \
	X(rs_105_notauthorized, refusal, "Request-Status 105 NOTAUTHORIZED: no group shared") \
	X(rs_106_serviceunavailable, refusal, "Request-Status 106 SERVICEUNAVAILABLE: suspended or COUNT space exhausted") \
	X(rs_108_quotaexceeded, refusal, "Request-Status 108 QUOTAEXCEEDED")              \
	X(rs_109_rateexceeded, refusal, "Request-Status 109 RATEEXCEEDED")                \
	X(rs_110_replacefail, refusal, "Request-Status 110 REPLACEFAIL: replace of an unknown trigger") \
	X(rs_111_recallfail, refusal, "Request-Status 111 RECALLFAIL: recall of an unknown trigger") \
	X(rs_112_originalmessagesent, success, "Request-Status 112 ORIGINALMESSAGESENT")  \
	X(rs_201_temporaryerror, refusal, "Request-Status 201 TEMPORARYERROR: COUNT reservation dry, next hop unresolved or protection failed") \
	X(rc_3004_too_busy, refusal, "Result-Code 3004 TOO_BUSY: the trigger could not be queued") \
	X(drop_unknown_source, drop, "Tsp request from a source no SCS owns: dropped, not answered") \
	X(drop_no_policy, drop, "request while no policy is loaded: dropped")             \
	X(drop_answer_tx, drop, "answers the Tsp port did not take")                      \
	X(drop_reply_tx, drop, "ARP/ND replies the port did not take")                    \
	X(refill_req_lost, info, "COUNT refill requests the control thread's ring did not take (its periodic scan catches them)") \
	X(dtr_sent, info, "Device-Trigger-Requests handed to the T4 port")                \
	X(rx_bursts, info, "non-empty receive bursts")

enum gw_ctr {
#define GW_CTR_ENUM(name, kind, desc) GW_CTR_##name,
	GW_COUNTERS(GW_CTR_ENUM)
#undef GW_CTR_ENUM
	GW_CTR_MAX
};

struct gw_counters {
	uint64_t v[GW_CTR_MAX];
} __rte_cache_aligned;

struct gw_counter_desc {
	const char *name;
	const char *desc;
	enum ctr_kind kind;
};

extern const struct gw_counter_desc gw_counter_desc[GW_CTR_MAX];

void gw_counters_add(struct gw_counters *dst, const struct gw_counters *src);

/* The counter of a Request-Status value. */
enum gw_ctr gw_status_ctr(uint16_t request_status);

/* The stages of gw_burst(), for -Dstage_cycles=true. */
enum gw_stage {
	GW_STAGE_RECEIVE,  /* gw_rx: parse, ARP/ND, DTAs, source ACL */
	GW_STAGE_DECODE,   /* gw_decode */
	GW_STAGE_LOOKUP,   /* gw_lookup: UE keys and table */
	GW_STAGE_SCS,      /* gw_scs */
	GW_STAGE_TRIGGER,  /* gw_ue and gw_dtr: UE checks, COUNT, DTRs, A3, TX */
	GW_STAGE_ANSWER,   /* gw_answer */
	GW_STAGES
};
extern const char *const gw_stage_name[GW_STAGES];

/* Prints ", "-separated "<stage> <cycles / n>" for the GW_STAGES counts in
 * cycles (0 for each when n is 0), then a newline, to stdout. */
void gw_stage_print(const uint64_t *cycles, uint64_t n);

#endif
