/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decode stage: each request's Device-Action-Request decoded. A
 * protocol fault is decided here with its Result-Code (answered without a
 * Request-Status); a message with nothing safe to answer is dropped.
 */
#include "daa.h"
#include "gw_stages.h"

unsigned int
gw_decode(struct gw_req *req, unsigned int n, const struct diam_local *local,
	  struct wire_counters *wc)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];

		dar_decode(wire_rx_msg(r->m, &r->rx), r->rx.msg_len, local, &r->d);
		wc->v[wire_dar_ctr(&r->d)]++;
		if (r->d.result == 0) { /* nothing safe to answer */
			rte_pktmbuf_free(r->m);
			continue;
		}
		if (r->d.result != DIAM_SUCCESS) {
			r->result = r->d.result;
			r->status = DAA_NO_NOTIFICATION;
		}
		if (kept != i)
			req[kept] = *r;
		kept++;
	}
	return kept;
}
