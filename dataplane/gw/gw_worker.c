/* SPDX-License-Identifier: BSD-3-Clause */
/* A worker: its set-up and its polling loop (the pipeline: gw_burst.c). */
#include <errno.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "gw_stages.h"

int
gw_worker_init(struct gw_worker *w, const struct gw_runtime *rt, struct gw_shared *sh,
	       unsigned int id)
{
	memset(w, 0, sizeof(*w));
	w->id = id;
	w->rt = rt;
	w->sh = sh;
	w->t4_flow = rt->t4_flow;
	w->a3 = a3_engine_create();
	if (w->a3 == NULL)
		return -ENOMEM;
	diam_idgen_init(&w->ids, &rt->local, (uint32_t)rt->start_time, (uint8_t)id);
	return 0;
}

void
gw_worker_fini(struct gw_worker *w)
{
	a3_engine_free(w->a3);
	w->a3 = NULL;
}

static inline void
poll_port(struct gw_worker *w, const struct gw_port *p)
{
	uint16_t n = rte_eth_rx_burst(p->port_id, (uint16_t)w->id, w->pkts, GW_BURST);

	if (n > 0) {
		if (unlikely(w->first_rx_tsc == 0))
			__atomic_store_n(&w->first_rx_tsc, rte_rdtsc(), __ATOMIC_RELAXED);
		gw_burst(w, p, w->pkts, n);
	}
}

int
gw_worker_main(void *arg)
{
	struct gw_worker *w = arg;
	const struct gw_runtime *rt = w->rt;
	struct gw_shared *sh = w->sh;

	rte_rcu_qsbr_thread_online(sh->qs, w->id);
	while (!__atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) {
		/* Worker 0 resolves the next hop before the first trigger needs
		 * it (the others ask only when they have a trigger to send). */
		if (unlikely(w->id == 0 && !w->hop_ok)) {
			struct rte_ether_addr mac;

			w->hop_ok = gw_next_hop(rt, &sh->neigh, (uint16_t)w->id, &w->arp_next_tsc,
						&mac, rte_rdtsc());
		}
		poll_port(w, &rt->tsp);
		if (!rt->one_port)
			poll_port(w, &rt->t4);
		/* Nothing of the UE table or the policy is held past here. */
		rte_rcu_qsbr_quiescent(sh->qs, w->id);
	}
	rte_rcu_qsbr_thread_offline(sh->qs, w->id);
	return 0;
}
