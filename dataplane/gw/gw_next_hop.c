/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The next hop toward the delivery node: its MAC from the neighbour table,
 * or, while it is unresolved, an ARP request or Neighbour Solicitation on
 * the T4 port, at most every 100 ms per worker. The answer is learned by
 * the receive stage.
 */
#include "arp_nd.h"
#include "gw_stages.h"

bool
gw_next_hop(const struct gw_runtime *rt, const struct wire_neigh *neigh, uint16_t queue,
	    uint64_t *next_tsc, struct rte_ether_addr *mac, uint64_t tsc)
{
	const struct wire_flow *f = &rt->t4_flow;
	struct rte_mbuf *m;
	int rc;

	if (likely(wire_neigh_get(neigh, rt->t4_hop, mac)))
		return true;
	if (tsc < *next_tsc || (m = rte_pktmbuf_alloc(rt->pool)) == NULL)
		return false;
	*next_tsc = tsc + rt->tsc_hz / 10;
	if (f->ipv6)
		rc = wire_nd_solicit(m, &rt->t4.wif, f->vlan_tci, f->v6.src, f->v6.dst);
	else
		rc = wire_arp_request(m, &rt->t4.wif, f->vlan_tci, f->v4.src, f->v4.dst);
	if (rc != 0 || rte_eth_tx_burst(rt->t4.port_id, queue, &m, 1) != 1)
		rte_pktmbuf_free(m);
	return false;
}
