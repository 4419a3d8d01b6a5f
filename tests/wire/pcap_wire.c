/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes what the encoders produce, as Ethernet frames, to a pcap file for
 * Wireshark to judge: DAAs answered in place to DARs received over IPv4,
 * IPv6 and VLAN (several Result-Codes, with and without Device-Notification)
 * and DTRs toward a peer (a fake 40-octet A3-PDU as payload). Writes the
 * values tshark must decode, one line per frame, to the second file:
 *   cmd-code <TAB> Result-Code <TAB> Request-Status <TAB> Reference-Number <TAB> User-Name
 *
 *   pcap_wire OUT.pcap EXPECTED.txt
 */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_mbuf.h>

#include "daa.h"
#include "dar.h"
#include "dar_build.h"
#include "dtr.h"
#include "frame_build.h"
#include "pkt_parse.h"
#include "udp_out.h"

static struct rte_mempool *pool;
static struct wire_if wif;
static struct wire_neigh nt;
static struct wire_counters ctr;
static struct diam_local local;
static struct diam_idgen ids;
static FILE *pcap, *expect;
static uint32_t ts;
static const uint8_t our_mac[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01};
static const uint8_t our_ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};

static void
put_le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

	fwrite(b, 1, 4, f);
}

static void
pcap_open(const char *path)
{
	pcap = fopen(path, "wb");
	if (pcap == NULL) {
		perror(path);
		rte_exit(1, "pcap");
	}
	put_le32(pcap, 0xa1b2c3d4);
	put_le32(pcap, 2 | 4u << 16); /* version 2.4 */
	put_le32(pcap, 0);            /* thiszone */
	put_le32(pcap, 0);            /* sigfigs */
	put_le32(pcap, 65535);        /* snaplen */
	put_le32(pcap, 1);            /* Ethernet */
}

static void
dump(struct rte_mbuf *m)
{
	uint32_t len = rte_pktmbuf_data_len(m);

	put_le32(pcap, 1700000000u + ts++);
	put_le32(pcap, 0);
	put_le32(pcap, len);
	put_le32(pcap, len);
	fwrite(rte_pktmbuf_mtod(m, void *), 1, len, pcap);
}

static void
expect_line(uint32_t cmd, uint32_t result, int rs, int ref, const char *uname)
{
	char r[16] = "", st[16] = "", rf[16] = "";

	if (result)
		snprintf(r, sizeof(r), "%u", result);
	if (rs >= 0)
		snprintf(st, sizeof(st), "%d", rs);
	if (ref >= 0)
		snprintf(rf, sizeof(rf), "%d", ref);
	fprintf(expect, "%u\t%s\t%s\t%s\t%s\n", cmd, r, st, rf, uname ? uname : "");
}

/* A DAR through the receive stage, answered in place. */
static int
daa_case(const struct dar_spec *s, const struct frame_spec *f, uint32_t result, int rs)
{
	static struct dbuf b;
	static uint8_t frame[DB_MAX + 128];
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct dar_trigger d;
	struct wire_rx rx;
	uint32_t got;
	size_t len;
	int n;

	dar_build(&b, s);
	len = fb_udp(frame, f, b.b, b.len);
	if (m == NULL || rte_pktmbuf_append(m, (uint16_t)len) == NULL)
		return -1;
	memcpy(rte_pktmbuf_mtod(m, void *), frame, len);
	if (wire_rx_burst(&wif, &nt, &m, 1, &rx, &ctr) != 1)
		return -1;
	got = dar_decode(wire_rx_msg(m, &rx), rx.msg_len, &local, &d);
	if (got != result && !(result == DIAM_TOO_BUSY && got == DIAM_SUCCESS)) {
		fprintf(stderr, "DAR decoded to %u, expected %u\n", got, result);
		return -1;
	}
	n = daa_encode(wire_rx_msg(m, &rx), wire_reply_room(m, &rx), &local, &ids, &d, result, rs);
	if (n < 0 || wire_udp_reply(m, &rx, (uint32_t)n) != 0)
		return -1;
	dump(m);
	expect_line(DIAM_CMD_DEVICE_ACTION, result, rs,
		    rs >= 0 || rs == DAA_NOTIFICATION_ONLY ? (int)d.reference : -1, NULL);
	rte_pktmbuf_free(m);
	return 0;
}

static int
dtr_case(struct wire_flow *fl, struct dtr_params *p)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	uint8_t *out, *pdu;
	uint32_t cap;
	int n, i;

	if (m == NULL || (out = wire_udp_start(m, fl, &cap)) == NULL)
		return -1;
	n = dtr_encode(out, cap, &local, &ids, p, &pdu);
	if (n < 0)
		return -1;
	for (i = 0; i < p->pdu_len; i++)
		pdu[i] = (uint8_t)(i == 0 ? 0x11 : i);
	if (wire_udp_finish(m, fl, (uint32_t)n) != 0)
		return -1;
	dump(m);
	expect_line(DIAM_CMD_DEVICE_TRIGGER, 0, -1, (int)p->reference, (const char *)p->imsi);
	rte_pktmbuf_free(m);
	return 0;
}

int
main(int argc, char **argv)
{
	char *eal[] = {"pcap_wire", "--no-huge", "--no-pci", "-m", "256", "--log-level=*:error",
		       "--no-shconf", "-l", "0"};
	static const uint8_t payload[128] = {0x77, 0x61, 0x6b, 0x65};
	static const uint8_t msisdn[6] = {0x51, 0x55, 0x10, 0x00, 0x00, 0xf1};
	struct frame_spec v4, v6, v4vlan;
	struct dar_spec s;
	struct wire_flow fl = {.vlan_tci = -1, .src_port = RTE_BE16(3868), .dst_port = RTE_BE16(3868)};
	struct dtr_params p = {
		.imsi = (const uint8_t *)"001010123456789",
		.imsi_len = 15,
		.smea = (const uint8_t *)"+15550100",
		.smea_len = 9,
		.reference = 1001,
		.validity_time = 3600,
		.priority = 1,
		.has = DTR_HAS_VALIDITY | DTR_HAS_PRIORITY,
		.pdu_len = 40,
	};
	int err = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s OUT.pcap EXPECTED.txt\n", argv[0]);
		return 2;
	}
	if (rte_eal_init((int)RTE_DIM(eal), eal) < 0)
		return 1;
	pool = rte_pktmbuf_pool_create("pcap_wire", 64, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	if (pool == NULL)
		return 1;
	memcpy(wif.mac.addr_bytes, our_mac, 6);
	wif.tsp_port = RTE_BE16(3868);
	wif.n_ip4 = 1;
	memcpy(&wif.ip4[0], (const uint8_t[]){192, 0, 2, 10}, 4);
	wif.n_ip6 = 1;
	memcpy(wif.ip6[0], our_ip6, 16);
	wire_neigh_init(&nt);
	if (diam_local_init(&local, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		return 1;
	diam_idgen_init(&ids, &local, 1700000000u, 0);
	pcap_open(argv[1]);
	expect = fopen(argv[2], "w");
	if (expect == NULL)
		return 1;

	fb_spec_v4(&v4, our_mac);
	fb_spec_v6(&v6, our_mac);
	fb_spec_v4(&v4vlan, our_mac);
	v4vlan.vlan = 100;
	v4vlan.ip_opts = 8;

	dar_spec_typical(&s, payload, sizeof(payload));
	err |= daa_case(&s, &v4, DIAM_SUCCESS, RS_SUCCESS);
	err |= daa_case(&s, &v6, DIAM_SUCCESS, RS_RATEEXCEEDED);
	err |= daa_case(&s, &v4vlan, DIAM_TOO_BUSY, DAA_NOTIFICATION_ONLY);
	s.ext_id = NULL;
	s.scs_id = NULL;
	s.msisdn = msisdn;
	s.msisdn_len = sizeof(msisdn);
	err |= daa_case(&s, &v6, DIAM_SUCCESS, RS_INVEXTID);
	dar_spec_typical(&s, payload, 4);
	s.dest_realm = "other.example";
	err |= daa_case(&s, &v4, DIAM_REALM_NOT_SERVED, DAA_NO_NOTIFICATION);
	dar_spec_typical(&s, payload, 4);
	s.session_id = NULL;
	err |= daa_case(&s, &v6, DIAM_MISSING_AVP, DAA_NO_NOTIFICATION);
	dar_spec_typical(&s, payload, 4);
	s.action_type = 2;
	err |= daa_case(&s, &v4vlan, DIAM_INVALID_AVP_VALUE, DAA_NO_NOTIFICATION);
	dar_spec_typical(&s, payload, 4);
	s.cmd = 8388640;
	err |= daa_case(&s, &v4, DIAM_COMMAND_UNSUPPORTED, DAA_NO_NOTIFICATION);

	memcpy(fl.src_mac.addr_bytes, our_mac, 6);
	memcpy(fl.dst_mac.addr_bytes, (const uint8_t[]){2, 0, 0, 0, 0, 0x99}, 6);
	memcpy(&fl.v4.src, (const uint8_t[]){192, 0, 2, 10}, 4);
	memcpy(&fl.v4.dst, (const uint8_t[]){203, 0, 113, 5}, 4);
	err |= dtr_case(&fl, &p);
	fl.ipv6 = 1;
	memcpy(fl.v6.src, our_ip6, 16);
	memcpy(fl.v6.dst, (const uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, 0, 5, [15] = 5}, 16);
	p.has = 0;
	p.reference = 7;
	p.imsi = (const uint8_t *)"001019876543210";
	err |= dtr_case(&fl, &p);
	fl.vlan_tci = 100;
	p.pdu_len = 41;
	p.has = DTR_HAS_PRIORITY;
	p.priority = 0;
	err |= dtr_case(&fl, &p);

	fclose(pcap);
	fclose(expect);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	if (err)
		fprintf(stderr, "a case failed to encode\n");
	return err ? 1 : 0;
}
