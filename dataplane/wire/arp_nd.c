/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_ip.h>

#include "arp_nd.h"

static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 0x01};

static inline void
learn(struct wire_neigh *nt, struct wire_counters *c, bool ipv6, const void *ip,
      const void *mac)
{
	struct rte_ether_addr a;

	memcpy(a.addr_bytes, mac, RTE_ETHER_ADDR_LEN);
	if (wire_neigh_learn(nt, ipv6, ip, &a))
		c->v[WIRE_CTR_neigh_learned]++;
}

enum wire_ctr
wire_arp_input(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf *m,
	       uint16_t l3_off, struct wire_rx *r, struct wire_counters *c)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_hdr *arp;
	struct rte_arp_ipv4 *a;
	rte_be32_t sip, tip;
	uint16_t op;

	r->verdict = WIRE_DROP;
	if (rte_pktmbuf_data_len(m) < l3_off + sizeof(*arp))
		return WIRE_CTR_drop_runt;
	arp = rte_pktmbuf_mtod_offset(m, struct rte_arp_hdr *, l3_off);
	a = &arp->arp_data;
	op = rte_be_to_cpu_16(arp->arp_opcode);
	if (arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
	    arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
	    arp->arp_hlen != RTE_ETHER_ADDR_LEN || arp->arp_plen != 4 ||
	    (op != RTE_ARP_OP_REQUEST && op != RTE_ARP_OP_REPLY))
		return WIRE_CTR_drop_bad_arp;
	sip = a->arp_sip;
	tip = a->arp_tip;
	learn(nt, c, false, &sip, &a->arp_sha);

	if (op == RTE_ARP_OP_REQUEST && sip != tip) {
		int idx = wire_if_ip4(wif, tip);

		if (idx < 0)
			return WIRE_CTR_drop_not_for_us;
		arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
		a->arp_tha = a->arp_sha;
		a->arp_tip = sip;
		a->arp_sha = wif->mac;
		a->arp_sip = tip;
		eth->dst_addr = a->arp_tha;
		eth->src_addr = wif->mac;
		r->verdict = WIRE_REPLY;
		r->addr = (uint8_t)idx;
		r->l3_off = l3_off;
		return WIRE_CTR_tx_arp_reply;
	}
	r->verdict = WIRE_CONSUMED;
	return WIRE_CTR_rx_arp;
}

static inline bool
ip6_unspecified(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

/* ff02::1:ffXX:XXXX for target. */
static inline bool
is_solicited_node(const uint8_t *dst, const uint8_t *target)
{
	static const uint8_t pfx[13] = {0xff, 0x02, [11] = 0x01, [12] = 0xff};

	return memcmp(dst, pfx, 13) == 0 && memcmp(dst + 13, target + 13, 3) == 0;
}

/*
 * Checks the options of an NS/NA (RFC 4861 4.6, 7.1): every option has a
 * non-zero length and fits. *lla gets the link-layer address option of type
 * want, if there is one.
 */
static int
nd_options(const uint8_t *p, const uint8_t *end, uint8_t want, const uint8_t **lla)
{
	*lla = NULL;
	while (p < end) {
		size_t len;

		if (end - p < 2 || p[1] == 0)
			return -1;
		len = (size_t)p[1] * 8;
		if (len > (size_t)(end - p))
			return -1;
		if (p[0] == want && len >= 8)
			*lla = p + 2;
		p += len;
	}
	return 0;
}

/* Turns the NS at ip6 into the NA for its target, in place. */
static enum wire_ctr
nd_advertise(const struct wire_if *wif, struct rte_mbuf *m, uint16_t l3_off,
	     struct rte_ipv6_hdr *ip6, uint8_t *icmp, bool dad)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	uint32_t new_len = (uint32_t)l3_off + sizeof(*ip6) + ND_NA_LEN;
	uint32_t cur = rte_pktmbuf_data_len(m);
	uint32_t flags = ND_NA_FLAG_O | (dad ? 0 : ND_NA_FLAG_S);
	uint16_t ck;

	if (new_len > cur && new_len - cur > rte_pktmbuf_tailroom(m))
		return WIRE_CTR_drop_no_room;
	m->data_len = (uint16_t)new_len;
	m->pkt_len = new_len;

	if (dad) {
		/* RFC 4861 7.2.4: to all-nodes when the solicitation came from :: */
		memcpy(ip6->dst_addr, all_nodes, 16);
		rte_ether_addr_copy(&(struct rte_ether_addr){{0x33, 0x33, 0, 0, 0, 1}},
				    &eth->dst_addr);
	} else {
		memcpy(ip6->dst_addr, ip6->src_addr, 16);
		eth->dst_addr = eth->src_addr;
	}
	eth->src_addr = wif->mac;
	memcpy(ip6->src_addr, icmp + 8, 16);
	ip6->vtc_flow = RTE_BE32(6u << 28);
	ip6->payload_len = RTE_BE16(ND_NA_LEN);
	ip6->hop_limits = ND_HOP_LIMIT;

	icmp[0] = ICMP6_NA;
	icmp[1] = 0;
	icmp[2] = icmp[3] = 0;
	flags = rte_cpu_to_be_32(flags);
	memcpy(icmp + 4, &flags, 4);
	icmp[24] = ND_OPT_TLLA;
	icmp[25] = 1;
	memcpy(icmp + 26, wif->mac.addr_bytes, RTE_ETHER_ADDR_LEN);
	ck = rte_ipv6_udptcp_cksum(ip6, icmp);
	memcpy(icmp + 2, &ck, 2);
	return WIRE_CTR_tx_nd_advert;
}

enum wire_ctr
wire_icmp6_input(const struct wire_if *wif, struct wire_neigh *nt, struct rte_mbuf *m,
		 uint16_t l3_off, struct wire_rx *r, struct wire_counters *c)
{
	struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, l3_off);
	uint8_t *icmp = (uint8_t *)(ip6 + 1);
	uint16_t plen = rte_be_to_cpu_16(ip6->payload_len);
	const uint8_t *lla;
	bool from_unspec;
	int idx;

	r->verdict = WIRE_DROP;
	if (plen < 4)
		return WIRE_CTR_drop_bad_nd;
	if (icmp[0] != ICMP6_NS && icmp[0] != ICMP6_NA)
		return WIRE_CTR_drop_icmp6_other;
	/* RFC 4861 7.1.1 / 7.1.2 */
	if (ip6->hop_limits != ND_HOP_LIMIT || icmp[1] != 0 || plen < ND_NS_LEN ||
	    icmp[8] == 0xff)
		return WIRE_CTR_drop_bad_nd;
	if (rte_ipv6_udptcp_cksum_verify(ip6, icmp) != 0)
		return WIRE_CTR_drop_bad_icmp6_csum;
	from_unspec = ip6_unspecified(ip6->src_addr);

	if (icmp[0] == ICMP6_NA) {
		if (nd_options(icmp + ND_NS_LEN, icmp + plen, ND_OPT_TLLA, &lla) != 0)
			return WIRE_CTR_drop_bad_nd;
		learn(nt, c, true, icmp + 8,
		      lla ? lla : rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->src_addr.addr_bytes);
		r->verdict = WIRE_CONSUMED;
		return WIRE_CTR_rx_nd_advert;
	}

	if (nd_options(icmp + ND_NS_LEN, icmp + plen, ND_OPT_SLLA, &lla) != 0 ||
	    (from_unspec && (lla != NULL || !is_solicited_node(ip6->dst_addr, icmp + 8))))
		return WIRE_CTR_drop_bad_nd;
	idx = wire_if_ip6(wif, icmp + 8);
	if (lla != NULL)
		learn(nt, c, true, ip6->src_addr, lla);
	if (idx < 0)
		return WIRE_CTR_drop_not_for_us;
	r->addr = (uint8_t)idx;
	r->l3_off = l3_off;
	r->ipv6 = 1;
	{
		enum wire_ctr ctr = nd_advertise(wif, m, l3_off, ip6, icmp, from_unspec);

		if (ctr == WIRE_CTR_tx_nd_advert)
			r->verdict = WIRE_REPLY;
		return ctr;
	}
}

static uint8_t *
frame_start(struct rte_mbuf *m, const struct wire_if *wif, const struct rte_ether_addr *dst,
	    int vlan_tci, uint16_t type, uint16_t l3_len)
{
	uint16_t l2 = sizeof(struct rte_ether_hdr) + (vlan_tci >= 0 ? sizeof(struct rte_vlan_hdr) : 0);
	uint8_t *p;
	struct rte_ether_hdr *eth;

	rte_pktmbuf_reset(m);
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(l2 + l3_len));
	if (p == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)p;
	eth->dst_addr = *dst;
	eth->src_addr = wif->mac;
	if (vlan_tci >= 0) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eth + 1);

		eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_VLAN);
		vh->vlan_tci = rte_cpu_to_be_16((uint16_t)vlan_tci);
		vh->eth_proto = rte_cpu_to_be_16(type);
	} else {
		eth->ether_type = rte_cpu_to_be_16(type);
	}
	return p + l2;
}

int
wire_arp_request(struct rte_mbuf *m, const struct wire_if *wif, int vlan_tci, rte_be32_t src,
		 rte_be32_t target)
{
	static const struct rte_ether_addr bcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)frame_start(
		m, wif, &bcast, vlan_tci, RTE_ETHER_TYPE_ARP, sizeof(struct rte_arp_hdr));

	if (arp == NULL)
		return -ENOSPC;
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = 4;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	arp->arp_data.arp_sha = wif->mac;
	arp->arp_data.arp_sip = src;
	memset(&arp->arp_data.arp_tha, 0, RTE_ETHER_ADDR_LEN);
	arp->arp_data.arp_tip = target;
	return 0;
}

int
wire_nd_solicit(struct rte_mbuf *m, const struct wire_if *wif, int vlan_tci, const uint8_t src[16],
		const uint8_t target[16])
{
	struct rte_ether_addr dst = {{0x33, 0x33, 0xff, target[13], target[14], target[15]}};
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)frame_start(
		m, wif, &dst, vlan_tci, RTE_ETHER_TYPE_IPV6, sizeof(*ip6) + ND_NA_LEN);
	uint8_t *icmp;
	uint16_t ck;

	if (ip6 == NULL)
		return -ENOSPC;
	icmp = (uint8_t *)(ip6 + 1);
	ip6->vtc_flow = RTE_BE32(6u << 28);
	ip6->payload_len = RTE_BE16(ND_NA_LEN);
	ip6->proto = IPPROTO_ICMPV6;
	ip6->hop_limits = ND_HOP_LIMIT;
	memcpy(ip6->src_addr, src, 16);
	memcpy(ip6->dst_addr, (const uint8_t[16]){0xff, 0x02, [11] = 0x01, [12] = 0xff}, 13);
	memcpy(ip6->dst_addr + 13, target + 13, 3);
	memset(icmp, 0, ND_NA_LEN);
	icmp[0] = ICMP6_NS;
	memcpy(icmp + 8, target, 16);
	icmp[24] = ND_OPT_SLLA;
	icmp[25] = 1;
	memcpy(icmp + 26, wif->mac.addr_bytes, RTE_ETHER_ADDR_LEN);
	ck = rte_ipv6_udptcp_cksum(ip6, icmp);
	memcpy(icmp + 2, &ck, 2);
	return 0;
}
