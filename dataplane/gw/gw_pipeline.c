/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One burst through the gateway, stage by stage:
 *   1. receive stage: parse, ARP/ND answered, drops counted;
 *   2. Device-Trigger-Answers from the delivery node counted;
 *   3. source ACL: a request from no SCS's prefix is dropped, never answered;
 *   4. DAR decode: protocol faults answered with their Result-Code;
 *   5. SCS checks (103, 104, 101, 109, 108), Recall and Replace;
 *   6. bulk UE lookup, its contexts prefetched while stage 5 runs, then
 *      102/105/106/201 and COUNT (gw_trigger.c);
 *   7. DTRs built, one A3 protect burst, one TX burst (gw_trigger.c);
 *   8. every request answered in its own mbuf, one TX burst.
 */
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "daa.h"
#include "gw.h"
#include "gw_stages.h"

/* Frees what the port did not take; returns how many it did not. */
static uint16_t
tx_all(uint16_t port, uint16_t queue, struct rte_mbuf **m, uint16_t n)
{
	uint16_t sent = n ? rte_eth_tx_burst(port, queue, m, n) : 0;

	if (unlikely(sent < n))
		rte_pktmbuf_free_bulk(m + sent, n - sent);
	return (uint16_t)(n - sent);
}

/* Stages 1-3: keeps the Tsp requests from known SCSs in w->req. */
static unsigned int
gw_receive(struct gw_worker *w, const struct gw_port *p, const struct scs_policy *pol,
	   struct rte_mbuf **pkts, uint16_t n)
{
	struct rte_mbuf *replies[GW_BURST];
	const uint8_t *hdr4[GW_BURST], *hdr6[GW_BURST];
	unsigned int i4[GW_BURST], i6[GW_BURST], n4 = 0, n6 = 0, nr = 0, nt = 0;
	uint32_t scs4[GW_BURST], scs6[GW_BURST];

	wire_rx_burst(&p->wif, &w->sh->neigh, pkts, n, w->rx, &w->wc);
	for (uint16_t i = 0; i < n; i++) {
		struct wire_rx *rx = &w->rx[i];

		if (rx->verdict == WIRE_REPLY) {
			replies[nr++] = pkts[i];
			continue;
		}
		if (rx->verdict != WIRE_TSP || gw_count_answer(w, pkts[i], rx)) {
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		if (rx->ipv6) {
			hdr6[n6] = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, rx->l3_off);
			i6[n6++] = i;
		} else {
			hdr4[n4] = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, rx->l3_off);
			i4[n4++] = i;
		}
	}
	w->gc.v[GW_CTR_drop_reply_tx] += tx_all(p->port_id, (uint16_t)w->id, replies, (uint16_t)nr);

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
			w->gc.v[GW_CTR_drop_unknown_source]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		/* Field by field: the decoder fills the rest. */
		struct gw_req *r = &w->req[nt++];

		r->m = pkts[i];
		r->rx = w->rx[i];
		r->scs = scs;
		r->result = 0;
		r->status = 0;
		r->ue = NULL;
		r->replace = 0;
	}
	return nt;
}

/* Stage 4: decodes each request; faults get their answer now. */
static unsigned int
gw_decode(struct gw_worker *w, unsigned int n)
{
	unsigned int kept = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];

		dar_decode(wire_rx_msg(r->m, &r->rx), r->rx.msg_len, &w->rt->local, &r->d);
		w->wc.v[wire_dar_ctr(&r->d)]++;
		if (r->d.result == 0) { /* nothing safe to answer */
			rte_pktmbuf_free(r->m);
			continue;
		}
		if (r->d.result != DIAM_SUCCESS) {
			r->result = r->d.result;
			r->status = DAA_NO_NOTIFICATION;
		}
		if (kept != i)
			w->req[kept] = *r;
		kept++;
	}
	return kept;
}

/* Stage 5: the SCS-level refusals, then Recall and Replace. */
static void
gw_scs_checks(struct gw_worker *w, const struct scs_policy *pol, unsigned int n,
	      uint64_t tsc, uint64_t now)
{
	struct scs_req sr[GW_BURST];
	uint16_t st[GW_BURST];
	unsigned int idx[GW_BURST], m = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];
		const struct dar_trigger *d = &r->d;

		if (r->result != 0)
			continue;
		sr[m] = (struct scs_req){
			.scs = r->scs,
			.scs_id = (d->has & DAR_HAS_SCS_ID) ? d->scs_id.p : NULL,
			.scs_id_len = (uint8_t)d->scs_id.len,
			.payload = d->payload.p,
			.payload_len = d->payload.len,
			.validity = d->validity_time,
			.has_validity = !!(d->has & DAR_HAS_VALIDITY),
		};
		idx[m++] = i;
	}
	if (m == 0)
		return;
	scs_check_burst(pol, w->id, sr, m, tsc, st);
	for (unsigned int k = 0; k < m; k++) {
		struct gw_req *r = &w->req[idx[k]];
		uint8_t at = r->d.action_type;

		if (st[k] != 0) {
			gw_refuse(r, st[k]);
		} else if (at == ACTION_DEVICE_TRIGGER_REQUEST) {
			/* Where this trigger will be recorded once sent. */
			sent_table_prefetch(&w->sh->sent, r->scs, r->d.reference);
		} else if (at == ACTION_DEVICE_TRIGGER_RECALL || at == ACTION_DEVICE_TRIGGER_REPLACE) {
			bool sent = sent_table_find(&w->sh->sent, r->scs, r->d.old_reference, now);

			if (at == ACTION_DEVICE_TRIGGER_RECALL)
				gw_refuse(r, sent ? RS_ORIGINALMESSAGESENT : RS_RECALLFAIL);
			else if (!sent)
				gw_refuse(r, RS_REPLACEFAIL);
			else
				r->replace = 1;
		}
	}
}

/* Stage 8: every request left is answered in its own mbuf. All answers are
 * written before any is checksummed: the checksum's wide loads right after
 * the encoder's narrow stores would wait for them. */
static void
gw_answer(struct gw_worker *w, const struct gw_port *p, unsigned int n)
{
	struct rte_mbuf *out[GW_BURST];
	int len[GW_BURST];
	uint16_t k = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];

		len[i] = daa_encode(wire_rx_msg(r->m, &r->rx), wire_reply_room(r->m, &r->rx),
				    &w->rt->local, &w->ids, &r->d, r->result, r->status);
		if (r->status >= 0)
			w->gc.v[gw_status_ctr((uint16_t)r->status)]++;
		else if (r->result == DIAM_TOO_BUSY)
			w->gc.v[GW_CTR_rc_3004_too_busy]++;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];

		if (unlikely(len[i] < 0 || wire_udp_reply(r->m, &r->rx, (uint32_t)len[i]) != 0)) {
			w->wc.v[WIRE_CTR_daa_no_room]++;
			rte_pktmbuf_free(r->m);
			continue;
		}
		out[k++] = r->m;
	}
	w->gc.v[GW_CTR_drop_answer_tx] += tx_all(p->port_id, (uint16_t)w->id, out, k);
}

/* Built with -Dstage_cycles=true, the cycles of each stage; else nothing. */
#ifdef GW_STAGE_CYCLES
#define STAGE_END(w, s, t)                                                  \
	do {                                                                \
		uint64_t now_ = rte_rdtsc();                                \
		(w)->stage_cycles[s] += now_ - (t);                         \
		(t) = now_;                                                 \
	} while (0)
#else
#define STAGE_END(w, s, t) RTE_SET_USED(t)
#endif

void
gw_burst(struct gw_worker *w, const struct gw_port *p, struct rte_mbuf **pkts, uint16_t n)
{
	const struct scs_policy *pol = scs_policy_get(&w->sh->policy);
	uint64_t tsc = rte_rdtsc();
	uint64_t now = gw_now(w->rt, tsc);
	unsigned int nr;

	w->gc.v[GW_CTR_rx_bursts]++;
	if (unlikely(pol == NULL)) {
		w->gc.v[GW_CTR_drop_no_policy] += n;
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	uint64_t t = tsc;

	nr = gw_receive(w, p, pol, pkts, n);
	STAGE_END(w, GW_STAGE_RECEIVE, t);
	nr = gw_decode(w, nr);
	STAGE_END(w, GW_STAGE_DECODE, t);
	gw_ue_lookup(w, nr);
	STAGE_END(w, GW_STAGE_LOOKUP, t);
	gw_scs_checks(w, pol, nr, tsc, now);
	STAGE_END(w, GW_STAGE_SCS, t);
	gw_trigger(w, pol, nr, now);
	STAGE_END(w, GW_STAGE_TRIGGER, t);
	gw_answer(w, p, nr);
	STAGE_END(w, GW_STAGE_ANSWER, t);
#ifdef GW_STAGE_CYCLES
	w->stage_pkts += n;
#endif
}
