/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <netinet/in.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "udp_out.h"
#include "wire_cksum.h"

#define UDP_PAYLOAD_MAX (UINT16_MAX - sizeof(struct rte_ipv4_hdr) - sizeof(struct rte_udp_hdr))

/* T (wire_cksum.h) of the IPv4 header fields ip4_hdr sets to constants. */
#define IP4_HDR_CONST_SUM                                                                     \
	(WIRE_CKSUM_NET16(RTE_IPV4_VHL_DEF << 8) + WIRE_CKSUM_NET16(RTE_IPV4_HDR_DF_FLAG) +   \
	 WIRE_CKSUM_NET16(WIRE_TTL << 8 | IPPROTO_UDP))

static inline void
ip4_hdr(struct rte_ipv4_hdr *ip, rte_be32_t src, rte_be32_t dst, uint32_t l4_len)
{
	uint32_t tot = sizeof(*ip) + l4_len;

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = 0;
	ip->total_length = rte_cpu_to_be_16((uint16_t)tot);
	ip->packet_id = 0; /* DF set: the ID is not used (RFC 6864) */
	ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = WIRE_TTL;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = src;
	ip->dst_addr = dst;
	/* rte_ipv4_cksum(ip), from the values rather than the stores just made. */
	ip->hdr_checksum = (uint16_t)~wire_cksum_fold(IP4_HDR_CONST_SUM + WIRE_CKSUM_NET16(tot) +
						       (uint64_t)src + dst);
}

static inline void
ip6_hdr(struct rte_ipv6_hdr *ip6, const uint8_t *src, const uint8_t *dst, uint32_t l4_len)
{
	ip6->vtc_flow = RTE_BE32(6u << 28);
	ip6->payload_len = rte_cpu_to_be_16((uint16_t)l4_len);
	ip6->proto = IPPROTO_UDP;
	ip6->hop_limits = WIRE_TTL;
	if (src != ip6->src_addr)
		memmove(ip6->src_addr, src, 16);
	if (dst != ip6->dst_addr)
		memmove(ip6->dst_addr, dst, 16);
}

static inline void
udp_hdr(struct rte_udp_hdr *u, rte_be16_t sport, rte_be16_t dport, uint32_t l4_len)
{
	u->src_port = sport;
	u->dst_port = dport;
	u->dgram_len = rte_cpu_to_be_16((uint16_t)l4_len);
	u->dgram_cksum = 0;
}

uint8_t *
wire_udp_start(struct rte_mbuf *m, const struct wire_flow *f, uint32_t *cap)
{
	uint16_t hl = wire_flow_hdr_len(f);

	rte_pktmbuf_reset(m);
	if (rte_pktmbuf_tailroom(m) < hl)
		return NULL;
	*cap = rte_pktmbuf_tailroom(m) - hl;
	return rte_pktmbuf_mtod_offset(m, uint8_t *, hl);
}

int
wire_udp_finish(struct rte_mbuf *m, const struct wire_flow *f, uint32_t len)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
	uint16_t hl = wire_flow_hdr_len(f), l2 = hl - (f->ipv6 ? 40 : 20) - 8;
	uint32_t l4_len = len + sizeof(struct rte_udp_hdr);
	struct rte_udp_hdr *u;
	uint64_t hs;

	if (len > UDP_PAYLOAD_MAX || len > (uint32_t)rte_pktmbuf_tailroom(m) - hl)
		return -EINVAL;
	eth->dst_addr = f->dst_mac;
	eth->src_addr = f->src_mac;
	if (f->vlan_tci >= 0) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eth + 1);

		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_VLAN);
		vh->vlan_tci = rte_cpu_to_be_16((uint16_t)f->vlan_tci);
		vh->eth_proto = RTE_BE16(f->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	} else {
		eth->ether_type = RTE_BE16(f->ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	}
	u = (struct rte_udp_hdr *)(p + hl - sizeof(*u));
	udp_hdr(u, f->src_port, f->dst_port, l4_len);
	if (f->ipv6) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(p + l2);

		ip6_hdr(ip6, f->v6.src, f->v6.dst, l4_len);
		hs = wire_udp6_hdr_sum(f->v6.src, f->v6.dst, f->src_port, f->dst_port, l4_len);
	} else {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + l2);

		ip4_hdr(ip, f->v4.src, f->v4.dst, l4_len);
		hs = wire_udp4_hdr_sum(f->v4.src, f->v4.dst, f->src_port, f->dst_port, l4_len);
	}
	u->dgram_cksum = wire_udp_cksum(hs, u + 1, len);
	m->data_len = (uint16_t)(hl + len);
	m->pkt_len = m->data_len;
	/* One store for the offload lengths: writing the bit-fields one by
	 * one made the second a read of the first's byte, a store-forwarding
	 * stall on every packet. */
	m->tx_offload = rte_mbuf_tx_offload(l2, f->ipv6 ? 40 : 20, 0, 0, 0, 0, 0);
	return 0;
}

int
wire_udp_reply(struct rte_mbuf *m, struct wire_rx *rx, uint32_t len)
{
	struct rte_ether_hdr *eth;
	struct rte_ether_addr mac;
	struct rte_udp_hdr *u;
	uint32_t l4_len = len + sizeof(*u), total;
	uint16_t l3 = rx->l3_off;
	rte_be16_t port;
	uint64_t hs;

	if (len > UDP_PAYLOAD_MAX || len > wire_reply_room(m, rx))
		return -EINVAL;
	if (!rx->ipv6) {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l3);
		uint16_t opt = (uint16_t)(rx->l4_off - l3 - sizeof(*ip));

		if (opt) {
			/* Slide Ethernet and the fixed IPv4 header over the options. */
			memmove(rte_pktmbuf_mtod(m, uint8_t *) + opt, rte_pktmbuf_mtod(m, uint8_t *),
				l3 + sizeof(*ip));
			rte_pktmbuf_adj(m, opt);
			rx->l4_off -= opt;
			rx->msg_off -= opt;
		}
	}
	eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	mac = eth->dst_addr;
	eth->dst_addr = eth->src_addr;
	eth->src_addr = mac;

	u = rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *, rx->l4_off);
	port = u->src_port;
	/* The sums of the headers do not change when the ends swap: take them first. */
	if (rx->ipv6) {
		struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, l3);
		uint8_t a[16];

		hs = wire_udp6_hdr_sum(ip6->src_addr, ip6->dst_addr, port, u->dst_port, l4_len);
		memcpy(a, ip6->src_addr, 16);
		ip6_hdr(ip6, ip6->dst_addr, a, l4_len);
	} else {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l3);

		hs = wire_udp4_hdr_sum(ip->src_addr, ip->dst_addr, port, u->dst_port, l4_len);
		ip4_hdr(ip, ip->dst_addr, ip->src_addr, l4_len);
	}
	udp_hdr(u, u->dst_port, port, l4_len);
	u->dgram_cksum = wire_udp_cksum(hs, u + 1, len);
	total = (uint32_t)rx->msg_off + len;
	m->data_len = (uint16_t)total;
	m->pkt_len = total;
	m->tx_offload = rte_mbuf_tx_offload(l3, (uint64_t)(rx->l4_off - l3), 0, 0, 0, 0, 0);
	rx->msg_len = (uint16_t)len;
	return 0;
}
