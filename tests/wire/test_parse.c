/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive stage on real mbufs: Ethernet/VLAN, IPv4 (checksum, options,
 * fragments, offload flags), IPv6 (extension headers), UDP (checksums,
 * lengths, ports), and a whole burst.
 */
#include <string.h>

#include <rte_mbuf.h>

#include "frame_build.h"
#include "dar.h"
#include "testlib.h"
#include "wire_env.h"

static int
udp_reason(const struct frame_spec *f, struct wire_rx *rx)
{
	uint8_t frame[1600];
	size_t len = fb_udp(frame, f, dar, dar_len);

	one(frame, len, rx, NULL);
	return rx->reason;
}

static void
test_ipv4(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct wire_rx rx;
	struct rte_mbuf *m;
	struct dar_trigger d;
	size_t len;

	fb_spec_v4(&f, our_mac);
	len = fb_udp(frame, &f, dar, dar_len);
	CU_ASSERT(one(frame, len, &rx, &m) == WIRE_TSP);
	CU_ASSERT(rx.l3_off == 14 && rx.l4_off == 34 && rx.msg_off == 42);
	CU_ASSERT(rx.msg_len == dar_len && !rx.ipv6 && rx.addr == 1);
	CU_ASSERT(dar_decode(wire_rx_msg(m, &rx), rx.msg_len, &local, &d) == DIAM_SUCCESS);
	rte_pktmbuf_free(m);

	/* VLAN-tagged, with IPv4 options. */
	f.vlan = 100;
	f.ip_opts = 8;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	CU_ASSERT(rx.l3_off == 18 && rx.l4_off == 18 + 28 && rx.msg_off == 18 + 36);
	f.vlan = -1;
	f.ip_opts = 40;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	f.ip_opts = 0;

	/* No UDP checksum over IPv4 is allowed. */
	f.udp_cksum = FB_CKSUM_ZERO;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	f.udp_cksum = FB_CKSUM_BAD;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_bad_udp_csum);
	f.udp_cksum = FB_CKSUM_OK;
	f.ip_cksum = FB_CKSUM_BAD;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_bad_ip_csum);
	CU_ASSERT(rx.verdict == WIRE_DROP);
	f.ip_cksum = FB_CKSUM_OK;

	f.frag = 0x2000; /* MF */
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_ip_fragment);
	f.frag = 0x0005; /* offset 40 */
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_ip_fragment);
	f.frag = 0x4000; /* DF is fine */
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	f.frag = 0;

	f.dst[3] = 11;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_not_for_us);
	f.dst[3] = 10;
	f.dport = 3869;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_bad_port);
	f.dport = 3868;
	f.proto = 6;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_ip_proto);
	f.proto = 0;
	f.udp_len_delta = -1;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_bad_udp_len);
	f.udp_len_delta = 0;
	f.dst_mac[5] ^= 1;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_not_our_mac);
	f.dst_mac[5] ^= 1;

	/* Truncated frames and a total length past the frame. */
	len = fb_udp(frame, &f, dar, dar_len);
	one(frame, 20, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_runt);
	one(frame, 10, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_runt);
	one(frame, len - 1, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_bad_ip_len);
	frame[14] = 0x44; /* IHL 4 */
	one(frame, len, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_bad_ip_hdr);
}

static void
test_ipv4_offload(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct wire_rx rx;
	struct rte_mbuf *m;
	size_t len;

	fb_spec_v4(&f, our_mac);
	f.ip_cksum = FB_CKSUM_BAD;
	len = fb_udp(frame, &f, dar, dar_len);
	wif.flags = WIRE_IF_RX_IP_CKSUM;
	m = mbuf_of(frame, len);
	m->ol_flags = RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	memset(&ctr, 0, sizeof(ctr));
	CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 1);
	/* The port says bad: dropped even though the software would not. */
	f.ip_cksum = FB_CKSUM_OK;
	len = fb_udp(frame, &f, dar, dar_len);
	rte_pktmbuf_free(m);
	m = mbuf_of(frame, len);
	m->ol_flags = RTE_MBUF_F_RX_IP_CKSUM_BAD;
	CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 0);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_bad_ip_csum);
	/* Unknown: checked in software. */
	m->ol_flags = 0;
	CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 1);
	rte_pktmbuf_free(m);
	wif.flags = 0;
}

static void
test_l4_offload(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct wire_rx rx;
	struct rte_mbuf *m;
	size_t len;
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		if (v6)
			fb_spec_v6(&f, our_mac);
		else
			fb_spec_v4(&f, our_mac);
		f.udp_cksum = FB_CKSUM_BAD;
		len = fb_udp(frame, &f, dar, dar_len);
		wif.flags = WIRE_IF_RX_L4_CKSUM;
		m = mbuf_of(frame, len);
		m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_GOOD;
		memset(&ctr, 0, sizeof(ctr));
		CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 1);
		m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN;
		CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 0);
		CU_ASSERT(rx.reason == WIRE_CTR_drop_bad_udp_csum);
		/* Without the port flag, the mbuf's word is not taken. */
		wif.flags = 0;
		m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_GOOD;
		CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 0);
		rte_pktmbuf_free(m);
	}
}

static void
test_multiseg(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct wire_rx rx;
	struct rte_mbuf *m, *tail;
	size_t len;

	fb_spec_v4(&f, our_mac);
	len = fb_udp(frame, &f, dar, dar_len);
	m = mbuf_of(frame, 100);
	tail = mbuf_of(frame + 100, len - 100);
	CU_ASSERT_FATAL(rte_pktmbuf_chain(m, tail) == 0);
	memset(&ctr, 0, sizeof(ctr));
	CU_ASSERT(wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) == 0);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_multiseg && ctr.v[WIRE_CTR_drop_multiseg] == 1);
	rte_pktmbuf_free(m);
}

static void
test_ipv6(void)
{
	struct frame_spec f;
	struct wire_rx rx;

	fb_spec_v6(&f, our_mac);
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	CU_ASSERT(rx.ipv6 && rx.l4_off == 54 && rx.msg_off == 62 && rx.msg_len == dar_len);
	f.vlan = 7;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_rx_tsp);
	CU_ASSERT(rx.msg_off == 66);
	f.vlan = -1;
	f.udp_cksum = FB_CKSUM_ZERO;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_udp6_zero_csum);
	f.udp_cksum = FB_CKSUM_BAD;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_bad_udp_csum);
	f.udp_cksum = FB_CKSUM_OK;
	f.ext_hdr = 1;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_ip6_ext_hdr);
	f.ext_hdr = 0;
	f.dst[15] = 0x11;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_not_for_us);
	f.dst[15] = 0x10;
	f.proto = 6;
	CU_ASSERT(udp_reason(&f, &rx) == WIRE_CTR_drop_ip_proto);
}

static void
test_l2(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct wire_rx rx;
	size_t len;

	fb_spec_v4(&f, our_mac);
	f.vlan = 5;
	len = fb_udp(frame, &f, dar, dar_len);
	/* A second tag: 0x8100 inside 0x8100. */
	memmove(frame + 16, frame + 12, len - 12);
	frame[12] = 0x81;
	frame[13] = 0x00;
	frame[14] = 0;
	frame[15] = 9;
	one(frame, len + 4, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_vlan_stacked);
	frame[12] = 0x88;
	frame[13] = 0xa8;
	one(frame, len + 4, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_vlan_stacked);
	frame[12] = 0x88;
	frame[13] = 0xcc; /* LLDP */
	one(frame, len + 4, &rx, NULL);
	CU_ASSERT(rx.reason == WIRE_CTR_drop_ethertype);
}

static void
test_burst(void)
{
	uint8_t frame[1600];
	struct frame_spec f;
	struct rte_mbuf *m[4];
	struct wire_rx rx[4];
	size_t len;
	int i;

	fb_spec_v4(&f, our_mac);
	for (i = 0; i < 4; i++) {
		f.frag = i == 2 ? 0x2000 : 0;
		len = fb_udp(frame, &f, dar, dar_len);
		m[i] = mbuf_of(frame, len);
	}
	memset(&ctr, 0, sizeof(ctr));
	CU_ASSERT(wire_rx_burst(&wif, &nt, m, 4, rx, &ctr) == 3);
	CU_ASSERT(rx[0].verdict == WIRE_TSP && rx[2].verdict == WIRE_DROP && rx[3].verdict == WIRE_TSP);
	CU_ASSERT(ctr.v[WIRE_CTR_rx_frames] == 4 && ctr.v[WIRE_CTR_rx_tsp] == 3 &&
		  ctr.v[WIRE_CTR_drop_ip_fragment] == 1);
	rte_pktmbuf_free_bulk(m, 4);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"IPv4", test_ipv4},
		{"IPv4 checksum offload", test_ipv4_offload},
		{"UDP checksum offload", test_l4_offload},
		{"multi-segment", test_multiseg},
		{"IPv6", test_ipv6},
		{"L2", test_l2},
		{"burst", test_burst},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"parse", wire_env_setup, wire_env_teardown, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
