/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stages 6 and 7: the UE behind each trigger (bulk lookup), the UE-level
 * refusals and its COUNT, then the DTRs: built straight into new mbufs with
 * the trigger's SCS-Identity and payload already where the A3 plaintext
 * goes, protected in place by one A3 burst, sent in one TX burst.
 */
#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include "arp_nd.h"
#include "copy_short.h"
#include "daa.h"
#include "dtr.h"
#include "gw_stages.h"
#include "ue_count.h"

bool
gw_count_answer(struct gw_worker *w, struct rte_mbuf *m, const struct wire_rx *rx)
{
	const uint8_t *msg = wire_rx_msg(m, rx);
	uint32_t code;

	/* A request's R bit is set; a DTA is the T4 command without it. */
	if (rx->msg_len < DIAM_HDR_LEN || (msg[4] & DIAM_FLAG_R) ||
	    (((uint32_t)msg[5] << 16 | (uint32_t)msg[6] << 8 | msg[7]) != DIAM_CMD_DEVICE_TRIGGER))
		return false;
	code = dta_decode(msg, rx->msg_len, NULL, NULL);
	w->wc.v[wire_dta_ctr(code)]++;
	return true;
}


/*
 * Stage 6a, run before the SCS checks so that the UE contexts it prefetches
 * arrive while those run: the UE of each undecided request, or NULL (an
 * unknown identifier, or an MSISDN that is no key, answered in stage 6b).
 */
void
gw_ue_lookup(struct gw_worker *w, unsigned int n)
{
	uint64_t keys[GW_BURST], ekeys[GW_BURST];
	const uint8_t *eid[GW_BURST];
	uint32_t elen[GW_BURST];
	unsigned int epos[GW_BURST], idx[GW_BURST];
	struct ue_ctx *ctx[GW_BURST];
	unsigned int m = 0, ne = 0;

	/* External-Identifiers are hashed together (ue_key_extid_bulk),
	 * MSISDNs one by one. */
	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];
		const struct dar_trigger *d = &r->d;

		if (r->result != 0)
			continue;
		if (d->has & DAR_HAS_EXT_ID) {
			eid[ne] = d->ext_id.p;
			elen[ne] = d->ext_id.len;
			epos[ne++] = m;
		} else if (ue_key_msisdn_tbcd(w->rt->keyer, d->msisdn.p, d->msisdn.len,
					      &keys[m]) != 0) {
			continue; /* r->ue stays NULL */
		}
		idx[m++] = i;
	}
	if (ne > 0) {
		ue_key_extid_bulk(w->rt->keyer, eid, elen, ne, ekeys);
		for (unsigned int j = 0; j < ne; j++)
			keys[epos[j]] = ekeys[j];
	}
	if (m == 0)
		return;
	ue_table_lookup_bulk(w->sh->ues, keys, m, ctx);
	for (unsigned int j = 0; j < m; j++)
		w->req[idx[j]].ue = ctx[j];
}

/* Stage 6b: the UE-level refusals and the COUNTs; returns the requests
 * still to deliver, in idx. */
static unsigned int
gw_ue_checks(struct gw_worker *w, const struct scs_policy *pol, unsigned int n,
	     unsigned int *idx)
{
	/* A gateway's only worker takes COUNTs without a locked instruction. */
	bool sole = w->rt->n_workers == 1;
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &w->req[i];
		uint16_t st;

		if (r->result != 0)
			continue;
		st = scs_check_ue(pol, r->scs, r->ue, &r->count, sole);
		if (st != 0) {
			gw_refuse(r, st);
			continue;
		}
		if (unlikely(ue_count_crossed_low(r->ue, r->count, w->rt->count_low_water)) &&
		    rte_ring_mp_enqueue(w->sh->refill_req, r->ue) != 0)
			w->gc.v[GW_CTR_refill_req_lost]++;
		idx[k++] = i;
	}
	return k;
}

bool
gw_t4_next_hop(struct gw_worker *w, struct rte_ether_addr *mac, uint64_t tsc)
{
	const struct gw_runtime *rt = w->rt;
	struct rte_mbuf *m;
	int rc;

	if (likely(wire_neigh_get(&w->sh->neigh, rt->t4_hop, mac)))
		return true;
	if (tsc < w->arp_next_tsc || (m = rte_pktmbuf_alloc(rt->pool)) == NULL)
		return false;
	w->arp_next_tsc = tsc + rt->tsc_hz / 10;
	if (rt->t4_flow.ipv6)
		rc = wire_nd_solicit(m, &rt->t4.wif, rt->t4_flow.vlan_tci, rt->t4_flow.v6.src,
				     rt->t4_flow.v6.dst);
	else
		rc = wire_arp_request(m, &rt->t4.wif, rt->t4_flow.vlan_tci, rt->t4_flow.v4.src,
				      rt->t4_flow.v4.dst);
	if (rc != 0 || rte_eth_tx_burst(rt->t4.port_id, (uint16_t)w->id, &m, 1) != 1)
		rte_pktmbuf_free(m);
	return false;
}

/* One DTR into m; fills the A3 trigger t. Returns the Diameter length or -1. */
static int
dtr_build(struct gw_worker *w, const struct scs_policy *pol, struct gw_req *r,
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
	out = wire_udp_start(m, &w->t4_flow, &cap);
	if (out == NULL)
		return -1;
	len = dtr_encode(out, cap, &w->rt->local, &w->ids, &prm, &pdu);
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
gw_trigger(struct gw_worker *w, const struct scs_policy *pol, unsigned int n, uint64_t now)
{
	const struct gw_runtime *rt = w->rt;
	unsigned int idx[GW_BURST], k, ok = 0;
	struct rte_mbuf *m[GW_BURST];
	struct a3_trigger t[GW_BURST];
	uint8_t st[GW_BURST];
	int len[GW_BURST];
	uint16_t sent;

	k = gw_ue_checks(w, pol, n, idx);
	if (k == 0)
		return;
	if (!gw_t4_next_hop(w, &w->t4_flow.dst_mac, rte_rdtsc()) ||
	    rte_pktmbuf_alloc_bulk(rt->pool, m, k) != 0) {
		/* The COUNTs taken are simply not used: never reused either. */
		for (unsigned int j = 0; j < k; j++)
			gw_refuse(&w->req[idx[j]], RS_TEMPORARYERROR);
		return;
	}
	for (unsigned int j = 0; j < k; j++) {
		len[j] = dtr_build(w, pol, &w->req[idx[j]], m[j], &t[j], now);
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
	a3_protect_burst(w->a3, t, k, st);
	/* The A3 library used the octets before the PDU as scratch. Every
	 * header is mended before any checksum reads one: the checksum's wide
	 * loads right after these narrow stores would stall on each packet. */
	for (unsigned int j = 0; j < k; j++)
		if (st[j] == A3_OK)
			dtr_payload_hdr(t[j].pdu, (uint16_t)a3_pdu_len(t[j].scs_id_len,
								       t[j].payload_len));
	for (unsigned int j = 0; j < k; j++) {
		struct gw_req *r = &w->req[idx[j]];

		if (st[j] != A3_OK || wire_udp_finish(m[j], &w->t4_flow, (uint32_t)len[j]) != 0) {
			gw_refuse(r, RS_TEMPORARYERROR);
			rte_pktmbuf_free(m[j]);
			continue;
		}
		m[ok] = m[j];
		idx[ok++] = idx[j];
	}
	sent = ok ? rte_eth_tx_burst(rt->t4.port_id, (uint16_t)w->id, m, (uint16_t)ok) : 0;
	w->gc.v[GW_CTR_dtr_sent] += sent;
	for (unsigned int j = 0; j < ok; j++) {
		struct gw_req *r = &w->req[idx[j]];

		if (j >= sent) {
			/* Overloaded: the answer says so, the trigger is not lost silently. */
			rte_pktmbuf_free(m[j]);
			r->result = DIAM_TOO_BUSY;
			r->status = DAA_NOTIFICATION_ONLY;
			continue;
		}
		gw_refuse(r, r->replace ? RS_ORIGINALMESSAGESENT : RS_SUCCESS);
		sent_table_add(&w->sh->sent, r->scs, r->d.reference,
			       now + ((r->d.has & DAR_HAS_VALIDITY) ? r->d.validity_time
								    : rt->max_validity),
			       now);
	}
}
