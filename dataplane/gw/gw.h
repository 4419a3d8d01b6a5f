/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway's dataplane: what the workers read and never write (the
 * runtime), what they share with each other and the other threads (each
 * with its writer), and what each worker owns. A worker polls its queue of
 * the Tsp port (and of the T4 port when that is another port) and runs the
 * whole pipeline per burst (gw_burst.c, one stage per file): receive, DAR
 * decode, bulk UE lookup, SCS checks, UE checks and COUNT, DTRs with one A3
 * protect burst, DAAs.
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

/*
 * Everything the workers read and nobody writes once they run: set up by
 * the start (gw/mtc-gw/app.c, ports.c) before the first worker is
 * launched. Workers hold it as const.
 */
struct gw_runtime {
	struct gw_port tsp;
	struct gw_port t4;      /* same port_id as tsp when one port carries both */
	bool one_port;

	unsigned int t4_hop;      /* the next hop's entry in gw_shared.neigh */
	struct wire_flow t4_flow; /* DTR headers; each worker copies it */

	struct diam_local local;
	const struct ue_keyer *keyer;
	struct rte_mempool *pool;
	uint32_t count_low_water; /* a COUNT reservation this close to its end asks a refill */

	uint32_t max_validity; /* seconds: how long a trigger without one is remembered */
	uint64_t tsc_hz;
	uint64_t start_tsc;
	uint64_t start_time; /* UTC seconds at start_tsc */
	unsigned int n_workers;
};

/* What the workers share with each other and with the other threads, each
 * with who writes it. */
struct gw_shared {
	/*
	 * Next hops toward the delivery node. The start adds the entries (and
	 * a configured MAC) before the workers run; after that every worker's
	 * receive stage writes a learned MAC from ARP and ND answers, one
	 * 64-bit store each, and every worker reads them (neigh.h).
	 */
	struct wire_neigh neigh;
	/* Writer: the admin thread (the start-up code before it), which
	 * publishes a new snapshot with one atomic pointer store; workers read
	 * it per burst. */
	struct scs_policy_slot policy;
	/* Per-SCS state by id that outlives the snapshots: each worker writes
	 * its own lane (buckets, identity memo, counters); quota counts by
	 * compare-and-swap; names by the admin thread (scs_policy.h). */
	struct scs_state *scs_state;
	/*
	 * Writer: the admin thread (contexts added and removed under RCU).
	 * The COUNT fields of a context are the exception: workers take
	 * COUNTs with a fetch-add (a sole worker with a store), the COUNT
	 * thread raises the bounds (ue_count.h).
	 */
	struct ue_table *ues;
	/* Each worker, and the COUNT thread, reports its quiescent state here;
	 * the admin thread's defer queues wait on it before they free. */
	struct rte_rcu_qsbr *qs;
	/*
	 * Written by every worker: slots are claimed by compare-and-swap. A
	 * trigger is recorded by the worker that sent it and looked up by
	 * whichever worker receives its Recall or Replace, so no one worker
	 * can own it.
	 */
	struct sent_table sent;
	/* Contexts whose COUNT reservation crossed its low-water mark.
	 * Producers: the workers; consumer: the COUNT (control) thread. */
	struct rte_ring *refill_req;
	/* Writers (atomic stores): the signal handler, the control thread at
	 * --duration, and the stop; workers read it once per loop. */
	bool stop;
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
	const struct gw_runtime *rt;
	struct gw_shared *sh;
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
	struct gw_req req[GW_BURST];
} __rte_cache_aligned;

/* Sets up a worker (its A3 engine and identifiers). Returns 0 or -errno. */
int gw_worker_init(struct gw_worker *w, const struct gw_runtime *rt, struct gw_shared *sh,
		   unsigned int id);
void gw_worker_fini(struct gw_worker *w);

/* Runs one burst received on port p (the pipeline). */
void gw_burst(struct gw_worker *w, const struct gw_port *p, struct rte_mbuf **pkts,
	      uint16_t n);

/* The worker loop, for rte_eal_remote_launch: polls until sh->stop. */
int gw_worker_main(void *arg);

/* UTC seconds now, from the TSC (no system call). */
static inline uint64_t
gw_now(const struct gw_runtime *rt, uint64_t tsc)
{
	return rt->start_time + (tsc - rt->start_tsc) / rt->tsc_hz;
}

#endif
