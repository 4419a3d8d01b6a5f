/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal: the stages of gw_burst(), one per file, in the order a trigger
 * flows through them. Each takes the burst's requests (req[0..n)) and only
 * what it uses; a request whose result is set is decided, and later stages
 * leave it to gw_answer().
 */
#ifndef MTC_GW_STAGES_H
#define MTC_GW_STAGES_H

#include <rte_ethdev.h>

#include "diam_codes.h"
#include "gw.h"

/* A request refused with a Request-Status (Result-Code 2001). */
static inline void
gw_refuse(struct gw_req *r, uint16_t request_status)
{
	r->result = DIAM_SUCCESS;
	r->status = request_status;
}

/* Sends m[0..n) on a port's queue and frees what it did not take; returns
 * how many it did not. */
static inline uint16_t
gw_tx_all(uint16_t port, uint16_t queue, struct rte_mbuf **m, uint16_t n)
{
	uint16_t sent = n ? rte_eth_tx_burst(port, queue, m, n) : 0;

	if (unlikely(sent < n))
		rte_pktmbuf_free_bulk(m + sent, n - sent);
	return (uint16_t)(n - sent);
}

/* gw_rx.c: takes pkts[0..n) (owns them all: ARP/ND replies sent, DTAs counted,
 * the rest freed) and leaves the Tsp requests from known SCSs, undecided, in
 * req[0..return) in arrival order; neigh learns from ARP/ND answers. */
unsigned int gw_rx(struct rte_mbuf **pkts, uint16_t n, struct gw_req *req,
		   const struct gw_port *p, uint16_t queue, const struct scs_policy *pol,
		   struct wire_neigh *neigh, struct wire_counters *wc, struct gw_counters *gc);

/* gw_decode.c: decodes req[0..n); leaves those worth an answer in
 * req[0..return), a protocol fault decided with its Result-Code, and frees
 * the rest. */
unsigned int gw_decode(struct gw_req *req, unsigned int n, const struct diam_local *local,
		       struct wire_counters *wc);

/* gw_lookup.c: takes the undecided requests of req[0..n); leaves each one's
 * UE context in ue (prefetched), NULL when there is none. */
void gw_lookup(struct gw_req *req, unsigned int n, const struct ue_keyer *keyer,
	       const struct ue_table *ues);

/* gw_scs.c: takes the undecided requests of req[0..n); leaves those the SCS
 * checks refuse (103, 104, 101, 109, 108) and every Recall decided, a
 * Replace of a sent trigger marked replace; reads the sent table. */
void gw_scs(struct gw_req *req, unsigned int n, const struct scs_view *v,
	    const struct sent_table *sent, uint64_t tsc, uint64_t now);

/* gw_ue.c: takes the undecided requests of req[0..n); leaves those the UE
 * checks refuse (102, 105, 106, 201) decided, a COUNT in each other one, and
 * their indices in idx[0..return); asks the COUNT thread for a refill through
 * refill_req when a reservation runs low. */
unsigned int gw_ue(struct gw_req *req, unsigned int n, const struct scs_policy *pol, bool sole,
		   uint32_t low_water, struct rte_ring *refill_req, unsigned int *idx,
		   struct gw_counters *gc);

/* What the DTR stage sends with: its worker's own engine, identifiers, DTR
 * headers (next hop's MAC filled in), queue and counters; the runtime's pool,
 * T4 port and limits; the sent table it records each trigger in. */
struct gw_dtr_out {
	const struct gw_runtime *rt;
	struct a3_engine *a3;
	struct diam_idgen *ids;
	const struct wire_flow *flow;
	struct sent_table *sent;
	struct gw_counters *gc;
	uint16_t queue;
};

/* gw_dtr.c: takes the requests req[idx[0..k)] that passed every check and
 * whether the next hop is resolved (hop); sends their DTRs in one A3 burst
 * and one TX burst, records each sent one, and leaves every one decided
 * (0 or 112, 201 when it could not be sent, 3004 when the port was full). */
void gw_dtr(struct gw_req *req, unsigned int *idx, unsigned int k, bool hop,
	    const struct scs_policy *pol, const struct gw_dtr_out *o, uint64_t now);

/* gw_answer.c: takes req[0..n), every one decided, and their mbufs; leaves
 * nothing: each DAA is written in place and sent on port p, or freed. */
void gw_answer(struct gw_req *req, unsigned int n, const struct gw_port *p, uint16_t queue,
	       const struct diam_local *local, struct diam_idgen *ids, struct wire_counters *wc,
	       struct gw_counters *gc,
	       const struct scs_view *v);

/* gw_next_hop.c: the T4 next hop's MAC into mac, true; while it is
 * unresolved, an ARP request or Neighbour Solicitation on the T4 port's
 * queue at most every 100 ms (next_tsc: the worker's next time), false. */
bool gw_next_hop(const struct gw_runtime *rt, const struct wire_neigh *neigh, uint16_t queue,
		 uint64_t *next_tsc, struct rte_ether_addr *mac, uint64_t tsc);

#endif
