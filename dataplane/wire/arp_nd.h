/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP (RFC 826) and IPv6 Neighbour Discovery (RFC 4861) for the gateway's
 * own addresses: answering, learning next hops, and soliciting them.
 */
#ifndef MTC_ARP_ND_H
#define MTC_ARP_ND_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "neigh.h"
#include "pkt_parse.h"
#include "wire_if.h"

#define ICMP6_NS 135
#define ICMP6_NA 136
#define ND_OPT_SLLA 1 /* source link-layer address */
#define ND_OPT_TLLA 2 /* target link-layer address */
#define ND_NA_FLAG_S 0x40000000u
#define ND_NA_FLAG_O 0x20000000u
#define ND_HOP_LIMIT 255
#define ND_NS_LEN 24 /* ICMPv6 header, reserved, target */
#define ND_NA_LEN 32 /* likewise, and one TLLA option */

/* An ARP frame at l3_off: answers, learns; returns the counter and sets r->verdict. */
enum wire_ctr wire_arp_input(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf *m,
			     uint16_t l3_off, struct wire_rx *r, struct wire_counters *c);

/* An ICMPv6 packet (IPv6 header at l3_off): NS answered, NS/NA learned, rest dropped. */
enum wire_ctr wire_icmp6_input(const struct wire_if *wif, struct wire_neigh *nt,
			       struct rte_mbuf *m, uint16_t l3_off, struct wire_rx *r,
			       struct wire_counters *c);

/*
 * Resolution of a next hop: writes a broadcast ARP request, or a Neighbour
 * Solicitation to the target's solicited-node multicast address, into the
 * empty mbuf m, with an 802.1Q tag when vlan_tci >= 0. Returns 0 or -ENOSPC.
 */
int wire_arp_request(struct rte_mbuf *m, const struct wire_if *wif, int vlan_tci, rte_be32_t src,
		     rte_be32_t target);
int wire_nd_solicit(struct rte_mbuf *m, const struct wire_if *wif, int vlan_tci,
		    const uint8_t src[16], const uint8_t target[16]);

#endif
