/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One burst through the gateway, stage by stage (one file each):
 *   gw_rx:      parse, ARP/ND answered, DTAs counted, source ACL (a request
 *               from no SCS's prefix is dropped, never answered);
 *   gw_decode:  DAR decode, protocol faults decided;
 *   gw_lookup:  bulk UE lookup, its contexts prefetched while gw_scs runs;
 *   gw_scs:     SCS checks (103, 104, 101, 109, 108), Recall and Replace;
 *   gw_ue:      UE checks (102, 105, 106, 201) and COUNT;
 *   gw_dtr:     DTRs built, one A3 protect burst, one TX burst;
 *   gw_answer:  every request answered in its own mbuf, one TX burst.
 * Built with -Dstage_cycles=true, the cycles of each stage are counted.
 */
#include <rte_cycles.h>

#include "gw_stages.h"

#ifdef GW_STAGE_CYCLES
#define STAGE_END(w, s, t)                                                  \
	do {                                                                \
		uint64_t now_ = rte_rdtsc();                                \
		(w)->stage_cycles[s] += now_ - (t);                         \
		(t) = now_;                                                 \
	} while (0)
#else
#define STAGE_END(w, s, t) RTE_SET_USED(t)
#endif

void
gw_burst(struct gw_worker *w, const struct gw_port *p, struct rte_mbuf **pkts, uint16_t n)
{
	const struct gw_runtime *rt = w->rt;
	struct gw_shared *sh = w->sh;
	const struct scs_policy *pol = scs_policy_get(&sh->policy);
	uint16_t queue = (uint16_t)w->id;
	uint64_t tsc = rte_rdtsc();
	uint64_t now = gw_now(rt, tsc);
	unsigned int idx[GW_BURST], nr, k;

	w->gc.v[GW_CTR_rx_bursts]++;
	if (unlikely(pol == NULL)) {
		w->gc.v[GW_CTR_drop_no_policy] += n;
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	uint64_t t = tsc;
	struct scs_view v;

	scs_view_init(&v, pol, sh->scs_state, w->id);
	nr = gw_rx(pkts, n, w->req, p, queue, pol, &sh->neigh, &w->wc, &w->gc);
	STAGE_END(w, GW_STAGE_RECEIVE, t);
	nr = gw_decode(w->req, nr, &rt->local, &w->wc);
	STAGE_END(w, GW_STAGE_DECODE, t);
	gw_lookup(w->req, nr, rt->keyer, sh->ues);
	STAGE_END(w, GW_STAGE_LOOKUP, t);
	gw_scs(w->req, nr, &v, &sh->sent, tsc, now);
	STAGE_END(w, GW_STAGE_SCS, t);
	/* A gateway's only worker takes COUNTs without a locked instruction. */
	k = gw_ue(w->req, nr, pol, rt->n_workers == 1, rt->count_low_water, sh->refill_req, idx,
		  &w->gc);
	if (k > 0) {
		/* The worker's own copy of the DTR headers takes the next hop's MAC. */
		bool hop = gw_next_hop(rt, &sh->neigh, queue, &w->arp_next_tsc,
				       &w->t4_flow.dst_mac, rte_rdtsc());
		const struct gw_dtr_out o = { .rt = rt, .a3 = w->a3, .ids = &w->ids,
					      .flow = &w->t4_flow, .sent = &sh->sent,
					      .gc = &w->gc, .queue = queue };

		gw_dtr(w->req, idx, k, hop, pol, &o, now);
	}
	STAGE_END(w, GW_STAGE_TRIGGER, t);
	gw_answer(w->req, nr, p, queue, &rt->local, &w->ids, &w->wc, &w->gc, &v);
	STAGE_END(w, GW_STAGE_ANSWER, t);
#ifdef GW_STAGE_CYCLES
	w->stage_pkts += n;
#endif
}
