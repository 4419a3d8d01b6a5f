/* SPDX-License-Identifier: BSD-3-Clause */
/* A worker: its set-up and its polling loop. */
#include <errno.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "gw.h"

int
gw_worker_init(struct gw_worker *w, struct gw_shared *gw, unsigned int id)
{
	memset(w, 0, sizeof(*w));
	w->id = id;
	w->gw = gw;
	w->t4_flow = gw->t4_flow;
	w->a3 = a3_engine_create();
	if (w->a3 == NULL)
		return -ENOMEM;
	diam_idgen_init(&w->ids, &gw->local, (uint32_t)gw->start_time, (uint8_t)id);
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
	struct gw_shared *gw = w->gw;

	rte_rcu_qsbr_thread_online(gw->qs, w->id);
	while (!__atomic_load_n(&gw->stop, __ATOMIC_RELAXED)) {
		/* Worker 0 resolves the next hop before the first trigger needs
		 * it (the others ask only when they have a trigger to send). */
		if (unlikely(w->id == 0 && !w->hop_ok)) {
			struct rte_ether_addr mac;

			w->hop_ok = gw_t4_next_hop(w, &mac, rte_rdtsc());
		}
		poll_port(w, &gw->tsp);
		if (!gw->one_port)
			poll_port(w, &gw->t4);
		/* Nothing of the UE table or the policy is held past here. */
		rte_rcu_qsbr_quiescent(gw->qs, w->id);
	}
	rte_rcu_qsbr_thread_offline(gw->qs, w->id);
	return 0;
}
