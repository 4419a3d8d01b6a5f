/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One T4 Device-Trigger-Request checked as PROTOCOL.md section 4 says, and
 * its A3-PDU opened by the UE it names (section 5.5), then compared with
 * the trigger the SCS sent: the payload is ex_payload() of the
 * Reference-Number, and with an expect file the rest of the request too.
 */
#include <stdlib.h>
#include <string.h>

#include "uecheck.h"

#define EXPIRY_SLACK 60 /* seconds between the gateway's clock and the capture's */

static uint64_t
fnv(const uint8_t *p, uint32_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

bool
uc_sid_repeated(struct uc *u, const uint8_t *sid, uint32_t len)
{
	size_t i;

	if (2 * (u->n_sid + 1) > u->sid_cap) {
		size_t cap = u->sid_cap ? 2 * u->sid_cap : 1024;
		char **nv = calloc(cap, sizeof(char *));

		if (nv == NULL)
			return false;
		for (size_t k = 0; k < u->sid_cap; k++) {
			if (u->sid[k] == NULL)
				continue;
			for (i = fnv((const uint8_t *)u->sid[k], (uint32_t)strlen(u->sid[k])) & (cap - 1);
			     nv[i]; i = (i + 1) & (cap - 1))
				;
			nv[i] = u->sid[k];
		}
		free(u->sid);
		u->sid = nv;
		u->sid_cap = cap;
	}
	for (i = fnv(sid, len) & (u->sid_cap - 1); u->sid[i]; i = (i + 1) & (u->sid_cap - 1))
		if (strlen(u->sid[i]) == len && memcmp(u->sid[i], sid, len) == 0)
			return true;
	if ((u->sid[i] = strndup((const char *)sid, len)) != NULL)
		u->n_sid++;
	return false;
}

/* "<origin-host>;<hi32>;<lo32>" with decimal 32-bit numbers. */
static bool
sid_format(const struct uc *u, const struct diam_avp *a)
{
	size_t hl = strlen(u->origin_host);
	const uint8_t *p = a->data + hl + 1, *end = a->data + a->len;

	if (a->len <= hl + 1 || memcmp(a->data, u->origin_host, hl) != 0 || a->data[hl] != ';')
		return false;
	for (int part = 0; part < 2; part++) {
		uint64_t v = 0;
		const uint8_t *start = p;

		while (p < end && *p >= '0' && *p <= '9' && p - start < 10)
			v = v * 10 + (uint64_t)(*p++ - '0');
		if (p == start || v > UINT32_MAX || (part == 0 ? p >= end || *p++ != ';' : p != end))
			return false;
	}
	return true;
}

static struct uc_ue *
ue_ctx(struct uc *u, const struct tp_ue *t)
{
	size_t i = (size_t)(t - u->prov.ue);
	struct uc_ue *x = u->ue[i];
	uint8_t kiwf[A3_KIWF_LEN];

	if (x)
		return x;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	memcpy(kiwf, t->kiwf, sizeof(kiwf));
	if ((t->has_kasme && a3_derive_kiwf(u->a3, t->kasme, t->nonce, kiwf) != 0) ||
	    a3_keyset_from_kiwf(u->a3, &x->ks, t->ksi, t->eea, t->eia, kiwf,
				t->eea == 0 || t->eia == 0) != 0)
		x->bad_keys = true;
	memset(kiwf, 0, sizeof(kiwf));
	a3_ue_ctx_init(&x->ctx);
	if (!x->bad_keys)
		a3_ue_ctx_rekey(&x->ctx, &x->ks);
	u->ue[i] = x;
	return x;
}

static bool
seen(struct uc_ue *x, uint64_t key, bool add)
{
	for (size_t i = 0; i < x->n_seen; i++)
		if (x->seen[i] == key)
			return true;
	if (add) {
		if (x->n_seen == x->cap_seen) {
			size_t cap = x->cap_seen ? 2 * x->cap_seen : 8;
			uint64_t *nv = realloc(x->seen, cap * sizeof(*nv));

			if (nv == NULL)
				return false;
			x->seen = nv;
			x->cap_seen = cap;
		}
		x->seen[x->n_seen++] = key;
	}
	return false;
}

/* Opens the PDU; 0 with rx filled, -1 when the UE refuses it. */
static int
open_pdu(struct uc *u, const struct tp_ue *t, uint32_t ref, uint8_t *buf, uint32_t len,
	 uint64_t ts, struct a3_rx *rx)
{
	struct uc_ue *x = ue_ctx(u, t);
	enum a3_status st;
	uint64_t key;

	if (x == NULL || x->bad_keys) {
		uc_mismatch(u, "DTR ref %u: UE %s: key set cannot be installed", ref, t->imsi);
		return -1;
	}
	key = len >= 8 ? (uint64_t)(buf[A3_PDU_HEADROOM + 1] >> 4) << 32 |
				 a3_get32(buf + A3_PDU_HEADROOM + 4)
		       : 0;
	*rx = (struct a3_rx){ .ue = &x->ctx, .pdu = buf + A3_PDU_HEADROOM, .len = len };
	st = a3_open(u->a3, rx, ts);
	if (st == A3_ERR_REPLAY && seen(x, key, false)) {
		u->count_repeated++;
		uc_mismatch(u, "DTR ref %u: UE %s: COUNT %u of KSI %u repeated", ref, t->imsi,
			    (uint32_t)key, (uint32_t)(key >> 32));
		return -1;
	}
	if (st == A3_ERR_REPLAY) {
		/* Below the 64-wide window, never seen: a late arrival, opened on its own. */
		struct a3_ue_ctx once;

		a3_ue_ctx_init(&once);
		a3_ue_ctx_rekey(&once, &x->ks);
		rx->ue = &once;
		st = a3_open(u->a3, rx, ts);
		a3_ue_ctx_wipe(&once);
		u->late++;
	}
	u->open_err[st <= A3_ERR_INTERNAL ? st : A3_ERR_INTERNAL]++;
	if (st != A3_OK) {
		uc_mismatch(u, "DTR ref %u: UE %s refuses the A3-PDU: %s", ref, t->imsi,
			    a3_status_name(st));
		return -1;
	}
	seen(x, key, true);
	return 0;
}

/* The opened trigger against the DTR and what the SCS sent. */
static void
check_plain(struct uc *u, const struct a3_rx *rx, uint32_t ref, const struct diam_avp *smea,
	    int has_validity, uint32_t validity, uint32_t prio, uint64_t ts,
	    const struct ex_line *e)
{
	uint8_t want[0x10000];
	int bad = 0;

	if (rx->reference != ref)
		bad = 1, uc_mismatch(u, "DTR ref %u: PDU Reference-Number %u", ref, rx->reference);
	if (rx->priority != prio)
		bad = 1, uc_mismatch(u, "DTR ref %u: PDU priority %u, DTR says %u", ref, rx->priority, prio);
	if (has_validity ? rx->expiry + EXPIRY_SLACK < ts + validity ||
				   rx->expiry > ts + validity + EXPIRY_SLACK
			 : rx->expiry != 0)
		bad = 1, uc_mismatch(u, "DTR ref %u: expiry %u at capture time %llu, Validity-Time %u",
				     ref, rx->expiry, (unsigned long long)ts, has_validity ? validity : 0);
	if (rx->scs_id_len && (rx->scs_id_len != smea->len ||
			       memcmp(rx->scs_id, smea->data, smea->len) != 0))
		bad = 1, uc_mismatch(u, "DTR ref %u: PDU SCS-Identity differs from SM-RP-SMEA", ref);
	ex_payload(ref, want, rx->payload_len);
	if (memcmp(want, rx->payload, rx->payload_len) != 0)
		bad = 1, uc_mismatch(u, "DTR ref %u: payload of %u octets is not the trigger's", ref,
				     rx->payload_len);
	if (e && (rx->payload_len != e->len || rx->app_port != (e->has_port ? e->port : 0) ||
		  prio != (e->has_prio ? e->prio : 0) || has_validity != e->has_validity ||
		  (has_validity && validity != e->validity) ||
		  rx->scs_id_len != (e->has_scs_id ? strlen(e->scs_id) : 0) ||
		  !(e->has_scs_id ? dr_is(smea, e->scs_id) : dr_is(smea, e->scs))))
		bad = 1, uc_mismatch(u, "DTR ref %u: length, port, priority, validity or SCS-Identity "
				     "not the request's (%s)", ref, e->kind);
	if (bad)
		u->dtr_failed++;
	else
		u->dtr_opened++;
}

void
uc_check_dtr(struct uc *u, const struct dr_msg *m, uint64_t ts)
{
	static uint8_t buf[A3_PDU_HEADROOM + 0x10000];
	const uint8_t *p = m->avps;
	uint32_t n = m->avps_len, ref = 0, ass = 0, vt = 0, prio = 0;
	struct diam_avp sid, oh, orr, dr, ui, un, smea, pl, vta;
	char imsi[TP_IMSI_MAX + 1];
	const struct tp_ue *t;
	const struct ex_line *e = NULL;
	struct a3_rx rx;
	size_t idx;
	int has_vt;

	u->dtr++;
	if ((m->flags & 0xf0) != (DIAM_FLAG_R | DIAM_FLAG_P) || m->app != DIAM_APP_T4)
		uc_mismatch(u, "DTR hbh %u: flags 0x%02x, Application-ID %u", m->hbh, m->flags, m->app);
	if (dr_find(p, n, AVP_SESSION_ID, 0, &sid) != 1 || dr_find(p, n, AVP_ORIGIN_HOST, 0, &oh) != 1 ||
	    dr_find(p, n, AVP_ORIGIN_REALM, 0, &orr) != 1 ||
	    dr_find(p, n, AVP_DESTINATION_REALM, 0, &dr) != 1 ||
	    dr_u32(p, n, AVP_AUTH_SESSION_STATE, 0, &ass) != 0 ||
	    dr_find(p, n, AVP_USER_IDENTIFIER, DIAM_VENDOR_3GPP, &ui) != 1 ||
	    dr_find(ui.data, ui.len, AVP_USER_NAME, 0, &un) != 1 ||
	    dr_find(p, n, AVP_SM_RP_SMEA, DIAM_VENDOR_3GPP, &smea) != 1 ||
	    dr_find(p, n, AVP_PAYLOAD, DIAM_VENDOR_3GPP, &pl) != 1 ||
	    dr_u32(p, n, AVP_REFERENCE_NUMBER, DIAM_VENDOR_3GPP, &ref) != 0 ||
	    (has_vt = dr_find(p, n, AVP_VALIDITY_TIME, 0, &vta)) > 1 ||
	    dr_find(p, n, AVP_PRIORITY_INDICATION, DIAM_VENDOR_3GPP, NULL) > 1) {
		uc_mismatch(u, "DTR hbh %u: an AVP of PROTOCOL.md 4 missing, repeated or malformed",
			    m->hbh);
		u->dtr_failed++;
		return;
	}
	if ((has_vt && dr_u32(p, n, AVP_VALIDITY_TIME, 0, &vt) != 0) ||
	    (dr_find(p, n, AVP_PRIORITY_INDICATION, DIAM_VENDOR_3GPP, NULL) == 1 &&
	     (dr_u32(p, n, AVP_PRIORITY_INDICATION, DIAM_VENDOR_3GPP, &prio) != 0 || prio > 1)))
		uc_mismatch(u, "DTR ref %u: Validity-Time or Priority-Indication malformed", ref);
	if (!sid_format(u, &sid))
		uc_mismatch(u, "DTR ref %u: Session-Id \"%.*s\" not <origin-host>;<hi32>;<lo32>", ref,
			    (int)sid.len, (const char *)sid.data);
	if (uc_sid_repeated(u, sid.data, sid.len))
		uc_mismatch(u, "DTR ref %u: Session-Id \"%.*s\" used before", ref, (int)sid.len,
			    (const char *)sid.data);
	if (ass != DIAM_NO_STATE_MAINTAINED || !dr_is(&oh, u->origin_host) ||
	    !dr_is(&orr, u->origin_realm) || !dr_is(&dr, u->dest_realm))
		uc_mismatch(u, "DTR ref %u: Auth-Session-State, Origin-Host/Realm or "
			    "Destination-Realm wrong", ref);
	if (smea.len == 0 || smea.len > A3_SCS_ID_MAX)
		uc_mismatch(u, "DTR ref %u: SM-RP-SMEA of %u octets", ref, smea.len);
	if (u->n_ex) {
		e = uc_expect(u, ref, &idx);
		if (e == NULL || !e->dtr) {
			uc_mismatch(u, "DTR ref %u: no trigger of the expect file should reach the "
				    "delivery node under this Reference-Number", ref);
			e = NULL;
		} else if (u->hit[idx].dtrs++ && !u->loop) {
			uc_mismatch(u, "DTR ref %u: a second DTR for the trigger", ref);
		}
	}
	snprintf(imsi, sizeof(imsi), "%.*s", un.len <= TP_IMSI_MAX ? (int)un.len : 0,
		 (const char *)un.data);
	t = un.len <= TP_IMSI_MAX ? tp_ue_by_imsi(&u->prov, imsi) : NULL;
	if (t == NULL || (e && strcmp(e->imsi, imsi) != 0)) {
		uc_mismatch(u, "DTR ref %u: User-Name \"%.*s\": %s", ref, (int)un.len,
			    (const char *)un.data, t ? "not the UE the SCS named" : "no such UE");
		u->dtr_failed++;
		return;
	}
	memcpy(buf + A3_PDU_HEADROOM, pl.data, pl.len);
	if (open_pdu(u, t, ref, buf, pl.len, ts, &rx) != 0) {
		u->dtr_failed++;
		return;
	}
	check_plain(u, &rx, ref, &smea, has_vt, vt, prio, ts, e);
}

void
uc_free_ues(struct uc *u)
{
	for (size_t i = 0; u->ue && i < u->prov.n_ue; i++) {
		if (u->ue[i] == NULL)
			continue;
		a3_ue_ctx_wipe(&u->ue[i]->ctx);
		a3_keyset_wipe(&u->ue[i]->ks);
		free(u->ue[i]->seen);
		free(u->ue[i]);
	}
	free(u->ue);
	for (size_t i = 0; i < u->sid_cap; i++)
		free(u->sid[i]);
	free(u->sid);
	u->ue = NULL;
	u->sid = NULL;
}
