/* SPDX-License-Identifier: BSD-3-Clause */
/* The receive stage (pkt_parse.h): Ethernet, one optional 802.1Q tag, IPv4 or IPv6, UDP. */
#include <netinet/in.h>

#include <rte_ip.h>
#include <rte_udp.h>

#include "arp_nd.h"
#include "pkt_parse.h"
#include "wire_cksum.h"

#define IP4_FRAG_MASK (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)

/* Next headers of RFC 8200 4 (and the IANA list of extension headers). */
static inline bool
ip6_ext_hdr(uint8_t nh)
{
	switch (nh) {
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_FRAGMENT:
	case IPPROTO_DSTOPTS:
	case IPPROTO_AH:
	case IPPROTO_ESP:
	case IPPROTO_MH:
	case 139: /* HIP */
	case 140: /* Shim6 */
	case 253: /* experiments, RFC 3692 */
	case 254:
		return true;
	default:
		return false;
	}
}

/* The UDP header at l4_off, ulen octets long (IP payload): checks port and length. */
static inline enum wire_ctr
udp_common(const struct wire_if *wif, struct rte_mbuf *m, uint16_t l4_off, uint32_t ulen,
	   struct wire_rx *r, struct rte_udp_hdr **udpp)
{
	struct rte_udp_hdr *udp = rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *, l4_off);

	if (ulen < sizeof(*udp) || rte_be_to_cpu_16(udp->dgram_len) != ulen)
		return WIRE_CTR_drop_bad_udp_len;
	if (udp->dst_port != wif->tsp_port)
		return WIRE_CTR_drop_bad_port;
	r->l4_off = l4_off;
	r->msg_off = (uint16_t)(l4_off + sizeof(*udp));
	r->msg_len = (uint16_t)(ulen - sizeof(*udp));
	*udpp = udp;
	return WIRE_CTR_rx_tsp;
}

/* Hardware verdict on a checksum when the port has the offload: 1 good, 0 bad, -1 check. */
static inline int
hw_cksum(const struct rte_mbuf *m, bool offload, uint64_t mask, uint64_t good, uint64_t bad)
{
	uint64_t f = m->ol_flags & mask;

	if (!offload)
		return -1;
	return f == good ? 1 : f == bad ? 0 : -1;
}

static inline enum wire_ctr
ipv4_input(const struct wire_if *wif, struct rte_mbuf *m, uint16_t off, struct wire_rx *r)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, off);
	uint32_t avail = rte_pktmbuf_data_len(m) - off;
	uint32_t ihl, tot;
	struct rte_udp_hdr *udp;
	enum wire_ctr ctr;
	int idx, hw;

	if (avail < sizeof(*ip))
		return WIRE_CTR_drop_runt;
	ihl = (uint32_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	/* IHL's four bits bound the options to 40 octets. */
	if (ip->version_ihl >> 4 != 4 || ihl < sizeof(*ip))
		return WIRE_CTR_drop_bad_ip_hdr;
	tot = rte_be_to_cpu_16(ip->total_length);
	if (ihl > avail || tot < ihl || tot > avail)
		return WIRE_CTR_drop_bad_ip_len;
	hw = hw_cksum(m, wif->flags & WIRE_IF_RX_IP_CKSUM, RTE_MBUF_F_RX_IP_CKSUM_MASK,
		      RTE_MBUF_F_RX_IP_CKSUM_GOOD, RTE_MBUF_F_RX_IP_CKSUM_BAD);
	if (hw == 0 || (hw < 0 && wire_ipv4_hdr_raw_cksum(ip, ihl) != 0xffff))
		return WIRE_CTR_drop_bad_ip_csum;
	if (ip->fragment_offset & RTE_BE16(IP4_FRAG_MASK))
		return WIRE_CTR_drop_ip_fragment;
	idx = wire_if_ip4(wif, ip->dst_addr);
	if (idx < 0)
		return WIRE_CTR_drop_not_for_us;
	if (ip->next_proto_id != IPPROTO_UDP)
		return WIRE_CTR_drop_ip_proto;
	ctr = udp_common(wif, m, (uint16_t)(off + ihl), tot - ihl, r, &udp);
	if (ctr != WIRE_CTR_rx_tsp)
		return ctr;
	if (udp->dgram_cksum != 0) {
		hw = hw_cksum(m, wif->flags & WIRE_IF_RX_L4_CKSUM, RTE_MBUF_F_RX_L4_CKSUM_MASK,
			      RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_BAD);
		if (hw == 0 || (hw < 0 && wire_ipv4_udptcp_cksum_verify(ip, udp) != 0))
			return WIRE_CTR_drop_bad_udp_csum;
	}
	r->addr = (uint8_t)idx;
	return WIRE_CTR_rx_tsp;
}

static inline enum wire_ctr
ipv6_input(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf *m, uint16_t off,
	   struct wire_rx *r, struct wire_counters *c)
{
	struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, off);
	uint32_t avail = rte_pktmbuf_data_len(m) - off;
	uint32_t plen;
	struct rte_udp_hdr *udp;
	enum wire_ctr ctr;
	int idx, hw;

	if (avail < sizeof(*ip6))
		return WIRE_CTR_drop_runt;
	if (rte_be_to_cpu_32(ip6->vtc_flow) >> 28 != 6)
		return WIRE_CTR_drop_bad_ip_hdr;
	plen = rte_be_to_cpu_16(ip6->payload_len);
	if (plen > avail - sizeof(*ip6))
		return WIRE_CTR_drop_bad_ip_len;
	r->ipv6 = 1;
	if (ip6->proto == IPPROTO_ICMPV6)
		return wire_icmp6_input(wif, nt, m, off, r, c);
	if (ip6_ext_hdr(ip6->proto))
		return WIRE_CTR_drop_ip6_ext_hdr;
	if (ip6->proto != IPPROTO_UDP)
		return WIRE_CTR_drop_ip_proto;
	idx = wire_if_ip6(wif, ip6->dst_addr);
	if (idx < 0)
		return WIRE_CTR_drop_not_for_us;
	ctr = udp_common(wif, m, (uint16_t)(off + sizeof(*ip6)), plen, r, &udp);
	if (ctr != WIRE_CTR_rx_tsp)
		return ctr;
	/* RFC 8200 8.1: the checksum is mandatory over IPv6. */
	if (udp->dgram_cksum == 0)
		return WIRE_CTR_drop_udp6_zero_csum;
	hw = hw_cksum(m, wif->flags & WIRE_IF_RX_L4_CKSUM, RTE_MBUF_F_RX_L4_CKSUM_MASK,
		      RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_BAD);
	if (hw == 0 || (hw < 0 && wire_ipv6_udptcp_cksum_verify(ip6, udp) != 0))
		return WIRE_CTR_drop_bad_udp_csum;
	r->addr = (uint8_t)idx;
	return WIRE_CTR_rx_tsp;
}

static inline enum wire_ctr
classify(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf *m, struct wire_rx *r,
	 struct wire_counters *c)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	uint16_t len = rte_pktmbuf_data_len(m), off = sizeof(*eth);
	rte_be16_t type;

	if (m->nb_segs != 1)
		return WIRE_CTR_drop_multiseg;
	if (len < sizeof(*eth))
		return WIRE_CTR_drop_runt;
	if (rte_is_unicast_ether_addr(&eth->dst_addr) &&
	    !rte_is_same_ether_addr(&eth->dst_addr, &wif->mac))
		return WIRE_CTR_drop_not_our_mac;
	type = eth->ether_type;
	if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		const struct rte_vlan_hdr *vh = (const struct rte_vlan_hdr *)(eth + 1);

		if (len < sizeof(*eth) + sizeof(*vh))
			return WIRE_CTR_drop_runt;
		type = vh->eth_proto;
		off += sizeof(*vh);
		if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN) || type == RTE_BE16(RTE_ETHER_TYPE_QINQ))
			return WIRE_CTR_drop_vlan_stacked;
	} else if (type == RTE_BE16(RTE_ETHER_TYPE_QINQ)) {
		return WIRE_CTR_drop_vlan_stacked;
	}
	r->l3_off = off;
	switch (type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		return ipv4_input(wif, m, off, r);
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		return ipv6_input(wif, nt, m, off, r, c);
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		return wire_arp_input(wif, nt, m, off, r, c);
	default:
		return WIRE_CTR_drop_ethertype;
	}
}

uint16_t
wire_rx_burst(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf **pkts,
	      uint16_t n, struct wire_rx *rx, struct wire_counters *c)
{
	uint16_t i, ntsp = 0;

	for (i = 0; i < n; i++) {
		struct wire_rx *r = &rx[i];
		enum wire_ctr ctr;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		*r = (struct wire_rx){.verdict = WIRE_DROP};
		ctr = classify(wif, nt, pkts[i], r, c);
		if (ctr == WIRE_CTR_rx_tsp) {
			r->verdict = WIRE_TSP;
			ntsp++;
		}
		r->reason = (uint8_t)ctr;
		c->v[ctr]++;
	}
	c->v[WIRE_CTR_rx_frames] += n;
	return ntsp;
}
