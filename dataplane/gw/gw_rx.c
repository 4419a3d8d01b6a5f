/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The receive stage: every frame parsed (wire_rx_burst), ARP and ND
 * answered, Device-Trigger-Answers from the delivery node counted, and each
 * Tsp request's source classified; a request from no SCS's prefix is
 * dropped, never answered. What is left goes on as requests, in arrival
 * order.
 */
#include "gw_stages.h"

/*
 * A Device-Trigger-Answer from the delivery node is counted by its
 * Result-Code and consumed: true. Anything else: false.
 */
static bool
count_answer(struct rte_mbuf *m, const struct wire_rx *rx, struct wire_counters *wc)
{
	const uint8_t *msg = wire_rx_msg(m, rx);
	uint32_t code;

	/* A request's R bit is set; a DTA is the T4 command without it. */
	if (rx->msg_len < DIAM_HDR_LEN || (msg[4] & DIAM_FLAG_R) ||
	    (((uint32_t)msg[5] << 16 | (uint32_t)msg[6] << 8 | msg[7]) != DIAM_CMD_DEVICE_TRIGGER))
		return false;
	code = dta_decode(msg, rx->msg_len, NULL, NULL);
	wc->v[wire_dta_ctr(code)]++;
	return true;
}

unsigned int
gw_rx(struct rte_mbuf **pkts, uint16_t n, struct gw_req *req, const struct gw_port *p,
      uint16_t queue, const struct scs_policy *pol, struct wire_neigh *neigh,
      struct wire_counters *wc, struct gw_counters *gc)
{
	struct wire_rx rx[GW_BURST];
	struct rte_mbuf *replies[GW_BURST];
	const uint8_t *hdr4[GW_BURST], *hdr6[GW_BURST];
	unsigned int i4[GW_BURST], i6[GW_BURST], n4 = 0, n6 = 0, nr = 0, nt = 0;
	uint32_t scs4[GW_BURST], scs6[GW_BURST];

	wire_rx_burst(&p->wif, neigh, pkts, n, rx, wc);
	for (uint16_t i = 0; i < n; i++) {
		if (rx[i].verdict == WIRE_REPLY) {
			replies[nr++] = pkts[i];
			continue;
		}
		if (rx[i].verdict != WIRE_TSP || count_answer(pkts[i], &rx[i], wc)) {
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		if (rx[i].ipv6) {
			hdr6[n6] = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, rx[i].l3_off);
			i6[n6++] = i;
		} else {
			hdr4[n4] = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, rx[i].l3_off);
			i4[n4++] = i;
		}
	}
	gc->v[GW_CTR_drop_reply_tx] += gw_tx_all(p->port_id, queue, replies, (uint16_t)nr);

	if (n4)
		scs_classify_v4(pol, hdr4, scs4, n4);
	if (n6)
		scs_classify_v6(pol, hdr6, scs6, n6);
	/* Back in arrival order, so that answers keep it. */
	for (unsigned int i = 0, a = 0, b = 0; i < n; i++) {
		uint32_t scs;

		if (a < n4 && i4[a] == i)
			scs = scs4[a++];
		else if (b < n6 && i6[b] == i)
			scs = scs6[b++];
		else
			continue;
		if (scs == SCS_NONE) {
			gc->v[GW_CTR_drop_unknown_source]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		/* Field by field: the decoder fills the rest. */
		struct gw_req *r = &req[nt++];

		r->m = pkts[i];
		r->rx = rx[i];
		r->scs = scs;
		r->result = 0;
		r->status = 0;
		r->ue = NULL;
		r->replace = 0;
	}
	return nt;
}
