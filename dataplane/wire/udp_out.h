/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UDP datagrams out: headers built for a new datagram toward a configured
 * peer (DTRs), or a received datagram turned around in place (DAAs).
 * Checksums are computed in software.
 */
#ifndef MTC_UDP_OUT_H
#define MTC_UDP_OUT_H

#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "pkt_parse.h"

#define WIRE_TTL 64

/* A flow the gateway sends on. Addresses and ports in network order. */
struct wire_flow {
	struct rte_ether_addr src_mac;
	struct rte_ether_addr dst_mac;
	int32_t vlan_tci; /* < 0: untagged */
	uint8_t ipv6;
	rte_be16_t src_port;
	rte_be16_t dst_port;
	union {
		struct {
			rte_be32_t src, dst;
		} v4;
		struct {
			uint8_t src[16], dst[16];
		} v6;
	};
};

/* Octets of Ethernet, VLAN, IP and UDP headers the flow puts before a payload. */
static inline uint16_t
wire_flow_hdr_len(const struct wire_flow *f)
{
	return (uint16_t)(RTE_ETHER_HDR_LEN + (f->vlan_tci >= 0 ? 4 : 0) + (f->ipv6 ? 40 : 20) + 8);
}

/*
 * Resets m for a new datagram on f and returns where its payload goes;
 * *cap gets the octets available there. NULL if m cannot hold the headers.
 */
uint8_t *wire_udp_start(struct rte_mbuf *m, const struct wire_flow *f, uint32_t *cap);

/*
 * Writes f's headers for a payload of len octets already in place (after
 * wire_udp_start), sets the mbuf's lengths and fills the IPv4 header and UDP
 * checksums. Returns 0, or -EINVAL when len is too large for a datagram.
 */
int wire_udp_finish(struct rte_mbuf *m, const struct wire_flow *f, uint32_t len);

/*
 * Room for an answer written over the message of a received Tsp datagram:
 * the octets from rx->msg_off to the end of the mbuf's buffer.
 */
static inline uint32_t
wire_reply_room(const struct rte_mbuf *m, const struct wire_rx *rx)
{
	return (uint32_t)rte_pktmbuf_data_len(m) - rx->msg_off + rte_pktmbuf_tailroom(m);
}

/*
 * Turns the Tsp datagram m around: the answer of len octets already sits at
 * rx->msg_off. Swaps MAC addresses, IP addresses and ports (answering from
 * the address and port the request was sent to), drops IPv4 options, sets
 * lengths, TTL/hop limit and checksums, and trims the mbuf. Updates rx's
 * offsets. Returns 0, or -EINVAL when len is too large.
 */
int wire_udp_reply(struct rte_mbuf *m, struct wire_rx *rx, uint32_t len);

#endif
