/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the pipeline stages shared by gw_pipeline.c and gw_trigger.c. */
#ifndef MTC_GW_STAGES_H
#define MTC_GW_STAGES_H

#include "diam_codes.h"
#include "gw.h"

/* A request refused with a Request-Status (Result-Code 2001). */
static inline void
gw_refuse(struct gw_req *r, uint16_t request_status)
{
	r->result = DIAM_SUCCESS;
	r->status = request_status;
}

/*
 * A Device-Trigger-Answer from the delivery node is counted by its
 * Result-Code and consumed: true. Anything else: false.
 */
bool gw_count_answer(struct gw_worker *w, struct rte_mbuf *m, const struct wire_rx *rx);

/* Stage 6a: the UE of each undecided request of w->req into its ue, NULL
 * if none; the context is prefetched. */
void gw_ue_lookup(struct gw_worker *w, unsigned int n);

/* Stages 6b and 7 for the requests of w->req still undecided. */
void gw_trigger(struct gw_worker *w, const struct scs_policy *pol, unsigned int n,
		uint64_t now);

#endif
