/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz entry: an Ethernet frame as received. Runs the receive stage; a Tsp
 * datagram is decoded and answered in place (DAA, headers turned around);
 * an ARP/ND reply is checked for its lengths and checksums. The first input
 * octet is not part of the frame: it chooses the port's checksum offloads
 * and the mbuf's offload flags.
 */
#include <stdlib.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_udp.h>

#include "daa.h"
#include "dar.h"
#include "fuzz_entry.h"
#include "fuzz_mbuf.h"
#include "pkt_parse.h"
#include "udp_out.h"

static struct wire_if wif;
static struct wire_neigh nt;
static struct diam_local local;
static struct diam_idgen ids;
static struct wire_counters ctr;
static int ready;

static void
setup(void)
{
	static const uint8_t ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
	static const uint8_t hop6[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 1};
	static const uint8_t hop4[4] = {192, 0, 2, 254};

	if (ready)
		return;
	memcpy(wif.mac.addr_bytes, (const uint8_t[]){0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01}, 6);
	wif.tsp_port = RTE_BE16(3868);
	wif.n_ip4 = 1;
	memcpy(&wif.ip4[0], (const uint8_t[]){192, 0, 2, 10}, 4);
	wif.n_ip6 = 1;
	memcpy(wif.ip6[0], ip6, 16);
	wire_neigh_init(&nt);
	wire_neigh_add(&nt, false, hop4);
	wire_neigh_add(&nt, true, hop6);
	if (diam_local_init(&local, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		abort();
	diam_idgen_init(&ids, &local, 1700000000u, 0);
	ready = 1;
}

static void
check_reply_l4(struct rte_mbuf *m, const struct wire_rx *rx)
{
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, rx->l3_off);
	void *l4 = rte_pktmbuf_mtod_offset(m, void *, rx->l4_off);

	if (rx->ipv6) {
		if (rte_ipv6_udptcp_cksum_verify((struct rte_ipv6_hdr *)l3, l4) != 0)
			abort();
	} else {
		if (rte_raw_cksum(l3, 20) != 0xffff ||
		    rte_ipv4_udptcp_cksum_verify((struct rte_ipv4_hdr *)l3, l4) != 0)
			abort();
	}
}

int
fuzz_rx_input(const uint8_t *data, size_t size)
{
	struct rte_mbuf mb, *m = &mb;
	struct wire_rx rx;
	struct dar_trigger d;
	uint8_t *buf, sel;
	int n;

	setup();
	if (size < 1 || size > 4096)
		return 0;
	sel = data[0];
	buf = fuzz_mbuf(m, data + 1, size - 1);
	if (buf == NULL)
		return 0;
	wif.flags = sel & 3;
	m->ol_flags = (sel & 4 ? RTE_MBUF_F_RX_IP_CKSUM_GOOD : 0) |
		      (sel & 8 ? RTE_MBUF_F_RX_IP_CKSUM_BAD : 0) |
		      (sel & 16 ? RTE_MBUF_F_RX_L4_CKSUM_GOOD : 0) |
		      (sel & 32 ? RTE_MBUF_F_RX_L4_CKSUM_BAD : 0);

	if (wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) != (rx.verdict == WIRE_TSP))
		abort();
	if (rte_pktmbuf_data_len(m) > m->buf_len - m->data_off)
		abort();
	if (rx.verdict == WIRE_TSP) {
		uint8_t *msg = wire_rx_msg(m, &rx);

		if ((uint32_t)rx.msg_off + rx.msg_len > rte_pktmbuf_data_len(m))
			abort();
		if (dar_decode(msg, rx.msg_len, &local, &d) != 0) {
			int rs = d.result == DIAM_SUCCESS ? RS_SUCCESS : DAA_NO_NOTIFICATION;

			n = daa_encode(msg, wire_reply_room(m, &rx), &local, &ids, &d, d.result, rs);
			if (n > 0) {
				if (wire_udp_reply(m, &rx, (uint32_t)n) != 0)
					abort();
				if (rte_pktmbuf_data_len(m) != rx.msg_off + n)
					abort();
				check_reply_l4(m, &rx);
			}
		}
	} else if (rx.verdict == WIRE_REPLY && rx.ipv6) {
		uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, rx.l3_off);

		if (rte_ipv6_udptcp_cksum_verify((struct rte_ipv6_hdr *)l3, l3 + 40) != 0)
			abort();
	}
	free(buf);
	return 0;
}
