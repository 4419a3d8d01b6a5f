/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The UE stage: the UE-level refusals of each undecided request (102, 105,
 * 106, 201, by scs_check_ue) and its COUNT. A context whose reservation
 * crosses its low-water mark is handed to the COUNT thread for a refill.
 */
#include "gw_stages.h"
#include "ue_count.h"

unsigned int
gw_ue(struct gw_req *req, unsigned int n, const struct scs_policy *pol, bool sole,
      uint32_t low_water, struct rte_ring *refill_req, unsigned int *idx,
      struct gw_counters *gc)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];
		uint16_t st;

		if (r->result != 0)
			continue;
		st = scs_check_ue(pol, r->scs, r->ue, &r->count, sole);
		if (st != 0) {
			gw_refuse(r, st);
			continue;
		}
		if (unlikely(ue_count_crossed_low(r->ue, r->count, low_water)) &&
		    rte_ring_mp_enqueue(refill_req, r->ue) != 0)
			gc->v[GW_CTR_refill_req_lost]++;
		idx[k++] = i;
	}
	return k;
}
