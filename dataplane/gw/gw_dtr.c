/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DTR stage: a Device-Trigger-Request for each request that passed
 * every check, built straight into a new mbuf with the trigger's
 * SCS-Identity and payload already where the A3 plaintext goes, protected
 * in place by one A3 burst, sent in one TX burst, and recorded for Recall
 * and Replace.
 */
#include <rte_prefetch.h>

#include "copy_short.h"
#include "daa.h"
#include "dtr.h"
#include "gw_stages.h"

/* One DTR into m; fills the A3 trigger t. Returns the Diameter length or -1. */
static int
dtr_build(const struct gw_dtr_out *o, const struct scs_policy *pol, struct gw_req *r,
	  struct rte_mbuf *m, struct a3_trigger *t, uint64_t now)
{
	const struct dar_trigger *d = &r->d;
	const struct scs_rule *rule = &pol->scs[r->scs];
	bool has_scs_id = d->has & DAR_HAS_SCS_ID;
	char imsi[16];
	struct dtr_params prm = {
		.reference = d->reference,
		.validity_time = d->validity_time,
		.priority = d->priority,
		.has = (uint8_t)((d->has & DAR_HAS_VALIDITY ? DTR_HAS_VALIDITY : 0) |
				 (d->has & DAR_HAS_PRIORITY ? DTR_HAS_PRIORITY : 0)),
		.smea = has_scs_id ? d->scs_id.p : (const uint8_t *)rule->name,
		.smea_len = (uint8_t)(has_scs_id ? d->scs_id.len : strlen(rule->name)),
		.pdu_len = (uint16_t)a3_pdu_len((uint8_t)d->scs_id.len, d->payload.len),
	};
	uint8_t *out, *pdu, *pt;
	uint32_t cap;
	int len;

	prm.imsi_len = (uint8_t)ue_imsi_digits(r->ue->imsi, imsi);
	prm.imsi = (const uint8_t *)imsi;
	out = wire_udp_start(m, o->flow, &cap);
	if (out == NULL)
		return -1;
	len = dtr_encode(out, cap, &o->rt->local, o->ids, &prm, &pdu);
	if (len < 0)
		return -1;
	/* SCS-Identity and payload go where the plaintext wants them. */
	pt = pdu + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN;
	if (d->scs_id.len)
		copy_short(pt, d->scs_id.p, d->scs_id.len);
	if (d->payload.len)
		copy_short(pt + d->scs_id.len, d->payload.p, d->payload.len);
	*t = (struct a3_trigger){
		.ks = &r->ue->ks,
		.count = r->count,
		.reference = d->reference,
		.expiry = (d->has & DAR_HAS_VALIDITY) ? (uint32_t)(now + d->validity_time) : 0,
		.app_port = (d->has & DAR_HAS_APP_PORT) ? d->app_port : 0,
		.priority = d->priority,
		.scs_id = pt,
		.scs_id_len = (uint8_t)d->scs_id.len,
		.payload = pt + d->scs_id.len,
		.payload_len = (uint16_t)d->payload.len,
		.pdu = pdu,
	};
	/* Headers and lengths now; the UDP checksum once the PDU is final. */
	return len;
}

void
gw_dtr(struct gw_req *req, unsigned int *idx, unsigned int k, bool hop,
       const struct scs_policy *pol, const struct gw_dtr_out *o, uint64_t now)
{
	const struct gw_runtime *rt = o->rt;
	unsigned int ok = 0;
	struct rte_mbuf *m[GW_BURST];
	struct a3_trigger t[GW_BURST];
	uint8_t st[GW_BURST];
	int len[GW_BURST];
	uint16_t sent;

	if (!hop || rte_pktmbuf_alloc_bulk(rt->pool, m, k) != 0) {
		/* The COUNTs taken are simply not used: never reused either. */
		for (unsigned int j = 0; j < k; j++)
			gw_refuse(&req[idx[j]], RS_TEMPORARYERROR);
		return;
	}
	for (unsigned int j = 0; j < k; j++) {
		len[j] = dtr_build(o, pol, &req[idx[j]], m[j], &t[j], now);
		if (len[j] < 0) /* cannot happen with the configured limits */
			t[j].ks = NULL;
	}
	/* The key schedules again, toward L1: building the DTRs may have
	 * pushed the lines prefetched at the lookup out of it. */
	for (unsigned int j = 0; j < k; j++) {
		const uint8_t *ks = (const uint8_t *)t[j].ks;

		if (ks == NULL)
			continue;
		for (unsigned int off = 0; off < sizeof(struct a3_keyset); off += RTE_CACHE_LINE_SIZE)
			rte_prefetch0(ks + off);
		rte_prefetch0(ks + sizeof(struct a3_keyset) - 1);
	}
	a3_protect_burst(o->a3, t, k, st);
	/* The A3 library used the octets before the PDU as scratch. Every
	 * header is mended before any checksum reads one: the checksum's wide
	 * loads right after these narrow stores would stall on each packet. */
	for (unsigned int j = 0; j < k; j++)
		if (st[j] == A3_OK)
			dtr_payload_hdr(t[j].pdu, (uint16_t)a3_pdu_len(t[j].scs_id_len,
								       t[j].payload_len));
	for (unsigned int j = 0; j < k; j++) {
		struct gw_req *r = &req[idx[j]];

		if (st[j] != A3_OK || wire_udp_finish(m[j], o->flow, (uint32_t)len[j]) != 0) {
			gw_refuse(r, RS_TEMPORARYERROR);
			rte_pktmbuf_free(m[j]);
			continue;
		}
		m[ok] = m[j];
		idx[ok++] = idx[j];
	}
	sent = ok ? rte_eth_tx_burst(rt->t4.port_id, o->queue, m, (uint16_t)ok) : 0;
	o->gc->v[GW_CTR_dtr_sent] += sent;
	for (unsigned int j = 0; j < ok; j++) {
		struct gw_req *r = &req[idx[j]];

		if (j >= sent) {
			/* Overloaded: the answer says so, the trigger is not lost silently. */
			rte_pktmbuf_free(m[j]);
			r->result = DIAM_TOO_BUSY;
			r->status = DAA_NOTIFICATION_ONLY;
			continue;
		}
		gw_refuse(r, r->replace ? RS_ORIGINALMESSAGESENT : RS_SUCCESS);
		sent_table_add(o->sent, r->scs, r->d.reference,
			       now + ((r->d.has & DAR_HAS_VALIDITY) ? r->d.validity_time
								    : rt->max_validity),
			       now);
	}
}
