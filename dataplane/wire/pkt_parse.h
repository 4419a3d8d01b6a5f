/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive stage: classifies a burst of frames from the port into Tsp
 * datagrams (with where their Diameter message is), ARP/ND replies built in
 * place, frames consumed (learned from), and drops, each counted.
 */
#ifndef MTC_PKT_PARSE_H
#define MTC_PKT_PARSE_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "neigh.h"
#include "wire_counters.h"
#include "wire_if.h"

enum wire_verdict {
	WIRE_TSP = 0,  /* a Tsp datagram: decode the message at msg_off */
	WIRE_REPLY,    /* an ARP reply or Neighbour Advertisement built in place: transmit */
	WIRE_CONSUMED, /* nothing to send (learned from): free */
	WIRE_DROP,     /* counted under reason: free */
};

/* Per-frame result. Offsets are from the start of the mbuf's data. */
struct wire_rx {
	uint16_t l3_off;
	uint16_t l4_off;
	uint16_t msg_off;
	uint16_t msg_len;
	uint8_t verdict; /* enum wire_verdict */
	uint8_t ipv6;
	uint8_t reason; /* enum wire_ctr that counted the frame */
	uint8_t addr;   /* index of our address it was sent to */
};

/*
 * Classifies pkts[0..n) into rx[0..n) and counts each frame in c. ARP
 * requests and Neighbour Solicitations for our addresses become replies in
 * their own mbuf; ARP and Neighbour Advertisements update the next hops of
 * nt. Returns how many frames are Tsp datagrams. The caller keeps
 * ownership of every mbuf and acts on rx[i].verdict.
 */
uint16_t wire_rx_burst(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf **pkts,
		       uint16_t n, struct wire_rx *rx, struct wire_counters *c);

static inline uint8_t *
wire_rx_msg(struct rte_mbuf *m, const struct wire_rx *rx)
{
	return rte_pktmbuf_mtod_offset(m, uint8_t *, rx->msg_off);
}

#endif
