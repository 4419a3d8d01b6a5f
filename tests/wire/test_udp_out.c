/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The way out: a DAR answered in place (IPv4 with options and VLAN, IPv6),
 * with every header turned around and checksums verified independently;
 * and new datagrams toward a peer.
 */
#include <string.h>

#include <rte_mbuf.h>

#include "daa.h"
#include "diam_avp.h"
#include "frame_build.h"
#include "testlib.h"
#include "udp_out.h"
#include "wire_env.h"

static void
check_reply(const struct frame_spec *f)
{
	uint8_t frame[1600], *p, *ip, *u, *msg;
	struct wire_rx rx;
	struct rte_mbuf *m;
	struct dar_trigger d;
	size_t len = fb_udp(frame, f, dar, dar_len);
	uint16_t l3 = f->vlan >= 0 ? 18 : 14;
	int n;

	CU_ASSERT_FATAL(one(frame, len, &rx, &m) == WIRE_TSP);
	msg = wire_rx_msg(m, &rx);
	CU_ASSERT_FATAL(dar_decode(msg, rx.msg_len, &local, &d) == DIAM_SUCCESS);
	n = daa_encode(msg, wire_reply_room(m, &rx), &local, &ids, &d, DIAM_SUCCESS, RS_SUCCESS);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_FATAL(wire_udp_reply(m, &rx, (uint32_t)n) == 0);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	CU_ASSERT(rte_pktmbuf_data_len(m) == rx.msg_off + n);
	CU_ASSERT(rte_pktmbuf_pkt_len(m) == (uint32_t)(rx.msg_off + n));
	CU_ASSERT(memcmp(p, f->src_mac, 6) == 0 && memcmp(p + 6, our_mac, 6) == 0);
	if (f->vlan >= 0) {
		CU_ASSERT(p[12] == 0x81 && p[15] == (uint8_t)f->vlan);
	}
	ip = p + l3;
	if (f->ipv6) {
		CU_ASSERT(memcmp(ip + 8, f->dst, 16) == 0 && memcmp(ip + 24, f->src, 16) == 0);
		CU_ASSERT((ip[4] << 8 | ip[5]) == n + 8);
		CU_ASSERT(fb_ip6_l4_ok(ip));
		u = ip + 40;
	} else {
		CU_ASSERT(ip[0] == 0x45); /* options gone */
		CU_ASSERT(memcmp(ip + 12, f->dst, 4) == 0 && memcmp(ip + 16, f->src, 4) == 0);
		CU_ASSERT((ip[2] << 8 | ip[3]) == n + 28);
		CU_ASSERT(fb_ip4_hdr_ok(ip) && fb_ip4_l4_ok(ip));
		u = ip + 20;
	}
	CU_ASSERT((u[0] << 8 | u[1]) == f->dport && (u[2] << 8 | u[3]) == f->sport);
	CU_ASSERT(u + 8 == rte_pktmbuf_mtod_offset(m, uint8_t *, rx.msg_off));
	CU_ASSERT(diam_get32(u + 8) == (DIAM_VERSION << 24 | (uint32_t)n));
	rte_pktmbuf_free(m);
}

static void
test_reply(void)
{
	struct frame_spec f;

	fb_spec_v4(&f, our_mac);
	check_reply(&f);
	f.ip_opts = 12;
	f.vlan = 42;
	check_reply(&f);
	fb_spec_v6(&f, our_mac);
	check_reply(&f);
	f.vlan = 3;
	check_reply(&f);
}

static void
test_udp_out(void)
{
	struct wire_flow fl = {.vlan_tci = -1, .src_port = RTE_BE16(3868), .dst_port = RTE_BE16(3869)};
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *p, *ip;
	uint32_t cap;
	int ver;

	CU_ASSERT_FATAL(m != NULL);
	memcpy(fl.src_mac.addr_bytes, our_mac, 6);
	memcpy(fl.dst_mac.addr_bytes, hop_mac, 6);
	memcpy(&fl.v4.src, (const uint8_t[]){198, 51, 100, 1}, 4);
	memcpy(&fl.v4.dst, (const uint8_t[]){203, 0, 113, 5}, 4);
	for (ver = 0; ver < 3; ver++) {
		if (ver == 1) {
			fl.ipv6 = 1;
			memcpy(fl.v6.src, our_ip6, 16);
			memcpy(fl.v6.dst, hop_ip6, 16);
		}
		if (ver == 2)
			fl.vlan_tci = 100;
		p = wire_udp_start(m, &fl, &cap);
		CU_ASSERT_FATAL(p != NULL);
		CU_ASSERT(cap >= 1500);
		memset(p, 0xab, 101);
		CU_ASSERT_FATAL(wire_udp_finish(m, &fl, 101) == 0);
		CU_ASSERT(rte_pktmbuf_data_len(m) == wire_flow_hdr_len(&fl) + 101);
		CU_ASSERT(rte_pktmbuf_mtod_offset(m, uint8_t *, wire_flow_hdr_len(&fl)) == p);
		ip = rte_pktmbuf_mtod_offset(m, uint8_t *, ver == 2 ? 18 : 14);
		if (fl.ipv6) {
			CU_ASSERT(fb_ip6_l4_ok(ip));
		} else {
			CU_ASSERT(fb_ip4_hdr_ok(ip) && fb_ip4_l4_ok(ip));
		}
		CU_ASSERT(wire_udp_finish(m, &fl, 70000) == -EINVAL);
	}
	rte_pktmbuf_free(m);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"answer in place", test_reply},
		{"UDP out", test_udp_out},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"udp_out", wire_env_setup, wire_env_teardown, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
