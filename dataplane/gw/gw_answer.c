/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The answer stage: every request left, decided, is answered with a
 * Device-Action-Answer written in its own mbuf (the request turned around
 * in place), counted by its outcome, and sent in one TX burst.
 */
#include "daa.h"
#include "gw_stages.h"

/* All answers are written before any is checksummed: the checksum's wide
 * loads right after the encoder's narrow stores would wait for them. */
void
gw_answer(struct gw_req *req, unsigned int n, const struct gw_port *p, uint16_t queue,
	  const struct diam_local *local, struct diam_idgen *ids, struct wire_counters *wc,
	  struct gw_counters *gc, const struct scs_view *v)
{
	struct rte_mbuf *out[GW_BURST];
	int len[GW_BURST];
	uint16_t k = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];

		len[i] = daa_encode(wire_rx_msg(r->m, &r->rx), wire_reply_room(r->m, &r->rx),
				    local, ids, &r->d, r->result, r->status);
		if (r->status >= 0)
			gc->v[gw_status_ctr((uint16_t)r->status)]++;
		else if (r->result == DIAM_TOO_BUSY)
			gc->v[GW_CTR_rc_3004_too_busy]++;
		scs_count(v, r->scs, SCS_CTR_requests);
		scs_count(v, r->scs, scs_outcome_ctr(r->result, r->status));
	}
	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];

		if (unlikely(len[i] < 0 || wire_udp_reply(r->m, &r->rx, (uint32_t)len[i]) != 0)) {
			wc->v[WIRE_CTR_daa_no_room]++;
			rte_pktmbuf_free(r->m);
			continue;
		}
		out[k++] = r->m;
	}
	gc->v[GW_CTR_drop_answer_tx] += gw_tx_all(p->port_id, queue, out, k);
}
