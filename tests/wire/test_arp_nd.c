/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP and Neighbour Discovery: requests for our addresses answered in
 * place (the NA's checksum verified independently), next hops learned from
 * ARP, NS and NA (strangers and static entries left alone), malformed ND
 * refused, and our own ARP requests and solicitations.
 */
#include <string.h>

#include <rte_mbuf.h>

#include "arp_nd.h"
#include "frame_build.h"
#include "testlib.h"
#include "wire_env.h"

static void
test_arp(void)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, zero[6];
	const uint8_t peer_ip[4] = {192, 0, 2, 1}, our_ip[4] = {192, 0, 2, 10};
	uint8_t frame[128], *p;
	struct wire_rx rx;
	struct rte_mbuf *m;
	struct rte_ether_addr mac;
	size_t len;

	len = fb_arp(frame, bcast, peer_mac, 1, peer_ip, zero, our_ip);
	CU_ASSERT_FATAL(one(frame, len, &rx, &m) == WIRE_REPLY);
	CU_ASSERT(rx.reason == WIRE_CTR_tx_arp_reply && rx.addr == 1);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	CU_ASSERT(memcmp(p, peer_mac, 6) == 0 && memcmp(p + 6, our_mac, 6) == 0);
	CU_ASSERT(p[12] == 0x08 && p[13] == 0x06);
	CU_ASSERT(p[20] == 0 && p[21] == 2); /* reply */
	CU_ASSERT(memcmp(p + 22, our_mac, 6) == 0 && memcmp(p + 28, our_ip, 4) == 0);
	CU_ASSERT(memcmp(p + 32, peer_mac, 6) == 0 && memcmp(p + 38, peer_ip, 4) == 0);
	CU_ASSERT(rte_pktmbuf_data_len(m) >= 42);
	rte_pktmbuf_free(m);

	/* For someone else: not answered. Gratuitous: not answered. */
	len = fb_arp(frame, bcast, peer_mac, 1, peer_ip, zero, (const uint8_t[]){192, 0, 2, 77});
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_not_for_us);
	len = fb_arp(frame, bcast, peer_mac, 1, our_ip, zero, our_ip);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_CONSUMED);
	frame[14 + 2] = 0x86; /* protocol not IPv4 */
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_bad_arp);

	/* A reply from the next hop is learned; one from a stranger is not. */
	CU_ASSERT(!wire_neigh_get(&nt, (unsigned int)hop4_idx, &mac));
	len = fb_arp(frame, our_mac, hop_mac, 2, hop_ip4, our_mac, our_ip);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_CONSUMED);
	CU_ASSERT(ctr.v[WIRE_CTR_neigh_learned] == 1 && ctr.v[WIRE_CTR_rx_arp] == 1);
	CU_ASSERT(wire_neigh_get(&nt, (unsigned int)hop4_idx, &mac));
	CU_ASSERT(memcmp(mac.addr_bytes, hop_mac, 6) == 0);
	one(frame, len, &rx, NULL); /* same again: no change */
	CU_ASSERT(ctr.v[WIRE_CTR_neigh_learned] == 0);
	len = fb_arp(frame, our_mac, peer_mac, 2, peer_ip, our_mac, our_ip);
	one(frame, len, &rx, NULL);
	CU_ASSERT(ctr.v[WIRE_CTR_neigh_learned] == 0);
	/* A static entry does not move. */
	wire_neigh_set_static(&nt, (unsigned int)hop4_idx,
			      &(struct rte_ether_addr){{2, 0, 0, 0, 0, 0x55}});
	len = fb_arp(frame, our_mac, hop_mac, 2, hop_ip4, our_mac, our_ip);
	one(frame, len, &rx, NULL);
	CU_ASSERT(wire_neigh_get(&nt, (unsigned int)hop4_idx, &mac) && mac.addr_bytes[5] == 0x55);
}

static const uint8_t sn_mac[6] = {0x33, 0x33, 0xff, 0, 0, 0x10};
static const uint8_t sn_ip6[16] = {0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 0x10};

static void
test_ns_na(void)
{
	static const uint8_t unspec[16];
	uint8_t frame[256], *p, *ip6, *icmp;
	struct wire_rx rx;
	struct rte_mbuf *m;
	struct rte_ether_addr mac;
	size_t len;

	/* NS from the next hop (SLLA option): answered, and the next hop learned. */
	len = fb_nd(frame, hop_mac, sn_mac, 135, hop_ip6, sn_ip6, our_ip6, hop_mac, 255);
	CU_ASSERT_FATAL(one(frame, len, &rx, &m) == WIRE_REPLY);
	CU_ASSERT(rx.reason == WIRE_CTR_tx_nd_advert && rx.ipv6);
	CU_ASSERT(ctr.v[WIRE_CTR_neigh_learned] == 1);
	CU_ASSERT(wire_neigh_get(&nt, (unsigned int)hop6_idx, &mac) &&
		  memcmp(mac.addr_bytes, hop_mac, 6) == 0);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	ip6 = p + 14;
	icmp = ip6 + 40;
	CU_ASSERT(rte_pktmbuf_data_len(m) == 14 + 40 + 32);
	CU_ASSERT(memcmp(p, hop_mac, 6) == 0 && memcmp(p + 6, our_mac, 6) == 0);
	CU_ASSERT(ip6[0] >> 4 == 6 && ip6[4] == 0 && ip6[5] == 32 && ip6[6] == 58 && ip6[7] == 255);
	CU_ASSERT(memcmp(ip6 + 8, our_ip6, 16) == 0 && memcmp(ip6 + 24, hop_ip6, 16) == 0);
	CU_ASSERT(icmp[0] == 136 && icmp[1] == 0);
	CU_ASSERT(icmp[4] == 0x60 && icmp[5] == 0 && icmp[6] == 0 && icmp[7] == 0); /* S, O */
	CU_ASSERT(memcmp(icmp + 8, our_ip6, 16) == 0);
	CU_ASSERT(icmp[24] == 2 && icmp[25] == 1 && memcmp(icmp + 26, our_mac, 6) == 0);
	CU_ASSERT(fb_ip6_l4_ok(ip6));
	rte_pktmbuf_free(m);

	/* NS without option (24 octets): the NA grows into the tailroom. */
	len = fb_nd(frame, peer_mac, our_mac, 135, peer_ip6, our_ip6, our_ip6, NULL, 255);
	CU_ASSERT_FATAL(one(frame, len, &rx, &m) == WIRE_REPLY);
	ip6 = rte_pktmbuf_mtod_offset(m, uint8_t *, 14);
	CU_ASSERT(rte_pktmbuf_data_len(m) == 86 && fb_ip6_l4_ok(ip6));
	rte_pktmbuf_free(m);

	/* Duplicate address detection: to all-nodes, S clear. */
	len = fb_nd(frame, peer_mac, sn_mac, 135, unspec, sn_ip6, our_ip6, NULL, 255);
	CU_ASSERT_FATAL(one(frame, len, &rx, &m) == WIRE_REPLY);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	ip6 = p + 14;
	CU_ASSERT(p[0] == 0x33 && p[1] == 0x33 && p[5] == 1);
	CU_ASSERT(ip6[24] == 0xff && ip6[25] == 2 && ip6[39] == 1);
	CU_ASSERT(ip6[40 + 4] == 0x20 && fb_ip6_l4_ok(ip6));
	rte_pktmbuf_free(m);

	/* Not ours; hop limit not 255; bad checksum; DAD with an SLLA. */
	len = fb_nd(frame, peer_mac, sn_mac, 135, peer_ip6, sn_ip6, hop_ip6, NULL, 255);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP && rx.reason == WIRE_CTR_drop_not_for_us);
	len = fb_nd(frame, peer_mac, sn_mac, 135, peer_ip6, sn_ip6, our_ip6, NULL, 64);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP && rx.reason == WIRE_CTR_drop_bad_nd);
	len = fb_nd(frame, peer_mac, sn_mac, 135, peer_ip6, sn_ip6, our_ip6, NULL, 255);
	frame[len - 1] ^= 1;
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP &&
		  rx.reason == WIRE_CTR_drop_bad_icmp6_csum);
	len = fb_nd(frame, peer_mac, sn_mac, 135, unspec, sn_ip6, our_ip6, peer_mac, 255);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP && rx.reason == WIRE_CTR_drop_bad_nd);
	/* An option of length 0. */
	len = fb_nd(frame, peer_mac, sn_mac, 135, peer_ip6, sn_ip6, our_ip6, peer_mac, 255);
	frame[14 + 40 + 25] = 0;
	fb_ip6_fix_l4(frame + 14, 2);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP && rx.reason == WIRE_CTR_drop_bad_nd);

	/* NA from the next hop with a new MAC: learned. */
	len = fb_nd(frame, peer_mac, our_mac, 136, hop_ip6, our_ip6, hop_ip6,
		    (const uint8_t[]){2, 0, 0, 0, 0, 0x77}, 255);
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_CONSUMED);
	CU_ASSERT(rx.reason == WIRE_CTR_rx_nd_advert && ctr.v[WIRE_CTR_neigh_learned] == 1);
	CU_ASSERT(wire_neigh_get(&nt, (unsigned int)hop6_idx, &mac) && mac.addr_bytes[5] == 0x77);
	/* Echo request: other ICMPv6. */
	frame[14 + 40] = 128;
	CU_ASSERT(one(frame, len, &rx, NULL) == WIRE_DROP && rx.reason == WIRE_CTR_drop_icmp6_other);
}

static void
test_solicit(void)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct wire_rx rx;
	uint8_t *p;

	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_FATAL(wire_arp_request(m, &wif, -1, wif.ip4[0], *(const rte_be32_t *)hop_ip4) == 0);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	CU_ASSERT(p[0] == 0xff && p[12] == 0x08 && p[13] == 0x06 && p[21] == 1);
	CU_ASSERT(memcmp(p + 38, hop_ip4, 4) == 0 && memcmp(p + 22, our_mac, 6) == 0);
	CU_ASSERT_FATAL(wire_nd_solicit(m, &wif, 9, our_ip6, hop_ip6) == 0);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	CU_ASSERT(p[0] == 0x33 && p[2] == 0xff && p[5] == hop_ip6[15]);
	CU_ASSERT(p[12] == 0x81 && p[16] == 0x86 && p[17] == 0xdd);
	CU_ASSERT(p[18 + 40] == 135 && fb_ip6_l4_ok(p + 18));
	/* Our own solicitation, fed back: a valid NS (for a target not ours). */
	memset(&ctr, 0, sizeof(ctr));
	wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_not_for_us);
	rte_pktmbuf_free(m);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"ARP", test_arp},
		{"NS/NA", test_ns_na},
		{"ARP request, NS", test_solicit},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"arp_nd", wire_env_setup, wire_env_teardown, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
