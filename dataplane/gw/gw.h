/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway's dataplane: what the workers share (read-mostly, set up
 * before they start) and what each worker owns. A worker polls its queue of
 * the Tsp port (and of the T4 port when that is another port) and runs the
 * whole pipeline per burst: parse, source ACL, DAR decode, SCS checks, bulk
 * UE lookup, COUNT, one A3 protect burst, DTRs out, DAAs out.
 */
#ifndef MTC_GW_H
#define MTC_GW_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "a3.h"
#include "dar.h"
#include "diam_local.h"
#include "gw_counters.h"
#include "neigh.h"
#include "pkt_parse.h"
#include "scs_match.h"
#include "sent_table.h"
#include "udp_out.h"
#include "ue_table.h"
#include "wire_counters.h"

#define GW_BURST 32
#define GW_MAX_WORKERS 16

/* One ethdev as the workers see it. */
struct gw_port {
	uint16_t port_id;
	struct wire_if wif; /* our addresses, with this port's MAC */
};

struct gw_shared {
	struct gw_port tsp;
	struct gw_port t4;      /* same port_id as tsp when one port carries both */
	bool one_port;

	struct wire_neigh neigh; /* next hop toward the delivery node: entry t4_hop */
	unsigned int t4_hop;
	struct wire_flow t4_flow; /* DTR headers; each worker copies it */

	struct diam_local local;
	struct scs_policy_slot policy;
	struct scs_state *scs_state; /* per-SCS state by id, outliving snapshots */
	struct ue_table *ues;
	const struct ue_keyer *keyer;
	struct rte_rcu_qsbr *qs;
	struct sent_table sent;
	struct rte_mempool *pool;
	/* Contexts whose COUNT reservation crossed its low-water mark, for
	 * the control thread (many producers, one consumer). */
	struct rte_ring *refill_req;
	uint32_t count_low_water;

	uint32_t max_validity; /* seconds: how long a trigger without one is remembered */
	uint64_t tsc_hz;
	uint64_t start_tsc;
	uint64_t start_time; /* UTC seconds at start_tsc */
	unsigned int n_workers;
	bool stop; /* atomic: set by the signal handler's thread */
};

/* One trigger on its way through the pipeline. */
struct gw_req {
	struct rte_mbuf *m;
	struct wire_rx rx;
	struct dar_trigger d;
	uint32_t scs;
	uint32_t result;    /* Result-Code of the answer; 0 while undecided */
	int status;         /* Request-Status, or DAA_NO_NOTIFICATION / _ONLY */
	uint32_t count;
	struct ue_ctx *ue;
	uint8_t replace;    /* Action-Type 4 of a sent trigger: success is 112 */
};

struct gw_worker {
	unsigned int id; /* 0..n_workers-1: queue and QSBR thread id */
	struct gw_shared *gw;
	struct a3_engine *a3;
	struct diam_idgen ids;
	/* This worker's copy of the DTR headers: the next hop's MAC is filled
	 * in per burst here, not in the shared copy other workers read. */
	struct wire_flow t4_flow;
	uint64_t arp_next_tsc; /* when to ask for the next hop again */
	bool hop_ok;           /* worker 0: the next hop has been resolved */
	uint64_t first_rx_tsc; /* TSC of its first non-empty receive burst; 0 before
				* (written once by the worker, read relaxed by others) */

	struct wire_counters wc;
	struct gw_counters gc;
#ifdef GW_STAGE_CYCLES
	/* Built with -Dstage_cycles=true: TSC cycles spent in each stage of
	 * gw_burst(), and the packets those bursts held. */
	uint64_t stage_cycles[GW_STAGES];
	uint64_t stage_pkts;
#endif

	/* Burst scratch, owned by the worker: no allocation per packet. */
	struct rte_mbuf *pkts[GW_BURST];
	struct wire_rx rx[GW_BURST];
	struct gw_req req[GW_BURST];
} __rte_cache_aligned;

/* Sets up a worker (its A3 engine and identifiers). Returns 0 or -errno. */
int gw_worker_init(struct gw_worker *w, struct gw_shared *gw, unsigned int id);
void gw_worker_fini(struct gw_worker *w);

/* Runs one burst received on port p (the pipeline). */
void gw_burst(struct gw_worker *w, const struct gw_port *p, struct rte_mbuf **pkts,
	      uint16_t n);

/*
 * The MAC of the next hop toward the delivery node. While it is unresolved,
 * sends an ARP request or Neighbour Solicitation (at most every 100 ms per
 * worker) and returns false.
 */
bool gw_t4_next_hop(struct gw_worker *w, struct rte_ether_addr *mac, uint64_t tsc);

/* The worker loop, for rte_eal_remote_launch: polls until gw->stop. */
int gw_worker_main(void *arg);

/* UTC seconds now, from the TSC (no system call). */
static inline uint64_t
gw_now(const struct gw_shared *gw, uint64_t tsc)
{
	return gw->start_time + (tsc - gw->start_tsc) / gw->tsc_hz;
}

#endif
