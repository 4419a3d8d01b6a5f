/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kinds of frame mtc-trafgen makes: the valid trigger, each protocol
 * fault (PROTOCOL.md 3), each Request-Status a file can provoke, and the
 * frames the gateway drops without an answer.
 */
#include <stdio.h>
#include <string.h>

#include "diam_codes.h"
#include "traf.h"

enum kind {
	K_VALID, K_5015, K_5014, K_3001, K_3007, K_5005_SID, K_5005_REF, K_5005_ID, K_5009,
	K_5004_ACTION, K_5004_PRIO, K_5001, K_3003, K_101_LONG, K_101_DENY, K_102, K_103_BAD,
	K_103_MISSING, K_104, K_105, K_106, K_110, K_111, K_112_RECALL, K_112_REPLACE,
	D_STRANGER, D_PORT, D_FRAG, D_IP_CSUM, D_UDP_CSUM, D_VERSION, D_NOT_REQUEST, K_N
};

static const char *const kind_names[K_N] = {
	"valid", "5015 message length", "5014 AVP length", "3001 command", "3007 application",
	"5005 no Session-Id", "5005 no Reference-Number", "5005 no identifier",
	"5009 repeated AVP", "5004 Action-Type", "5004 Priority", "5001 unknown M AVP",
	"3003 realm", "101 too long", "101 denied", "102 unknown UE", "103 bad identity",
	"103 no identity", "104 validity", "105 no group", "106 suspended", "110 replace unknown",
	"111 recall unknown", "112 recall sent", "112 replace sent", "drop stranger",
	"drop port", "drop fragment", "drop IPv4 checksum", "drop UDP checksum",
	"drop version", "drop R bit",
};

const unsigned int traf_n_kinds = K_N;

const char *
traf_kind_name(unsigned int k)
{
	return k < K_N ? kind_names[k] : "?";
}

void
traf_hook(struct dbuf *b, enum db_level where, void *arg)
{
	const struct traf_gen *g = arg;
	static const uint8_t two[2] = { 0, 1 };

	if (where == DB_DEVICE_ACTION && g->extra == TRAF_EXTRA_DUP_REF)
		db_u32(b, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, g->s.reference);
	else if (where == DB_DEVICE_ACTION && g->extra == TRAF_EXTRA_SHORT_REF)
		db_avp(b, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, two, 2);
	else if (where == DB_TOP && g->extra == TRAF_EXTRA_UNKNOWN_M)
		db_u32(b, 9999, DIAM_AVP_FLAG_M, 0, 1);
}

/* TBCD (TS 29.329): first digit in the low nibble, 0xF after an odd count. */
static size_t
tbcd(const char *digits, uint8_t *out)
{
	size_t n = strlen(digits), i;

	for (i = 0; i < (n + 1) / 2; i++) {
		uint8_t lo = (uint8_t)(digits[2 * i] - '0');
		uint8_t hi = 2 * i + 1 < n ? (uint8_t)(digits[2 * i + 1] - '0') : 0xf;

		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return i;
}

static bool
scs_usable(const struct traf *t, int s)
{
	return t->scs[s].ok_id || !t->prov.scs[s].require_identity;
}

/* A usable SCS, preferring one with a UE to trigger; -1 if none. */
static int
pick_scs(struct traf *t, const struct tp_ue **ue)
{
	unsigned int n = t->prov.n_scs, start = traf_below(t, n);

	for (unsigned int i = 0; i < n; i++) {
		int s = (int)((start + i) % n);

		if (scs_usable(t, s) && (*ue = traf_ue_for(t, s)) != NULL)
			return s;
	}
	return -1;
}

/* A request that passes every check of scs for ue. */
static void
base(struct traf *t, struct traf_gen *g, int scs, const struct tp_ue *ue, uint32_t hbh)
{
	const struct tp_scs *s = &t->prov.scs[scs];
	struct dar_spec *d = &g->s;
	uint32_t cap = t->max_payload < 1024 ? t->max_payload : 1024, r = traf_below(t, 16);

	memset(d, 0, sizeof(*d));
	memset(&g->ex, 0, sizeof(g->ex));
	g->ue = ue;
	g->scs = scs;
	g->v6 = t->scs[scs].v6 && (!t->scs[scs].v4 || traf_below(t, 3) == 0);
	g->extra = TRAF_EXTRA_NONE;
	g->len_delta = g->version = 0;
	g->dport = t->port;
	g->frag = 0;
	g->bad_ip_csum = g->bad_udp_csum = 0;
	snprintf(g->host, sizeof(g->host), "%s.scs.example", s->name);
	snprintf(g->sid, sizeof(g->sid), "%s;%u;%u", g->host, hbh, (uint32_t)traf_rand(t));
	d->session_id = g->sid;
	d->origin_host = g->host;
	d->origin_realm = "scs.example";
	d->dest_realm = t->realm;
	if (ue && ue->ext_id[0] && (!ue->msisdn[0] || traf_below(t, 2))) {
		snprintf(g->ext, sizeof(g->ext), "%s", ue->ext_id);
		d->ext_id = g->ext;
	} else if (ue) {
		d->msisdn = g->tbcd;
		d->msisdn_len = tbcd(ue->msisdn, g->tbcd);
	} else {
		snprintf(g->ext, sizeof(g->ext), "nobody-%u@iot.example", hbh);
		d->ext_id = g->ext;
	}
	if (s->n_ident || s->require_identity || traf_below(t, 2)) {
		snprintf(g->scs_id, sizeof(g->scs_id), "%s", t->scs[scs].ok_id ? t->scs[scs].ok_id : s->name);
		d->scs_id = g->scs_id;
	}
	d->reference = hbh;
	d->action_type = ACTION_DEVICE_TRIGGER_REQUEST;
	d->payload_len = r == 0 ? 0 : r == 1 ? cap : traf_below(t, cap + 1);
	ex_payload(hbh, g->payload, (uint32_t)d->payload_len);
	d->payload = g->payload;
	if ((d->has_validity = traf_below(t, 2)))
		d->validity = 60 + traf_below(t, 86400 - 60);
	if (d->has_validity && d->validity > t->max_validity)
		d->validity = t->max_validity;
	if ((d->has_priority = traf_below(t, 3) == 0))
		d->priority = traf_below(t, 2);
	if ((d->has_app_port = traf_below(t, 2)))
		d->app_port = 1024 + traf_below(t, 60000);
	d->hbh = hbh;
	d->e2e = (uint32_t)traf_rand(t);
	d->hook = traf_hook;
	d->arg = g;
	if (traf_denied(t, scs, g->payload, (uint32_t)d->payload_len))
		d->payload_len = 0;
}

static void
fault(struct traf_gen *g, uint32_t result)
{
	g->ex.result = result;
	g->ex.status = -1;
}

static void
drop(struct traf_gen *g, const char *why)
{
	g->ex.result = 0;
	snprintf(g->ex.drop, sizeof(g->ex.drop), "%s", why);
}

static int
scs_where(struct traf *t, bool (*ok)(const struct traf *, int))
{
	for (unsigned int i = 0; i < t->prov.n_scs; i++)
		if (ok(t, (int)i))
			return (int)i;
	return -1;
}

static bool
needs_id(const struct traf *t, int s)
{
	return t->prov.scs[s].require_identity;
}

static bool
refuses_id(const struct traf *t, int s)
{
	return t->scs[s].bad_id != NULL;
}

static const char *
deny_text(const struct traf *t, int s)
{
	static const char *const texts[] = { "please SHUTDOWN now", "shutdown", "reboot",
		"factory reset", "delete all", "format" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (traf_denied(t, s, (const uint8_t *)texts[i], (uint32_t)strlen(texts[i])))
			return texts[i];
	return NULL;
}

static bool
has_deny(const struct traf *t, int s)
{
	return scs_usable(t, s) && deny_text(t, s) != NULL;
}

/* A UE and an SCS that shares no group with it. */
static int
unrelated(struct traf *t, const struct tp_ue **ue)
{
	for (int tries = 0; tries < 256 && t->prov.n_ue; tries++) {
		int s = (int)traf_below(t, t->prov.n_scs);
		const struct tp_ue *u = &t->prov.ue[traf_rand(t) % t->prov.n_ue];

		if (scs_usable(t, s) && !(u->groups & t->prov.scs[s].groups)) {
			*ue = u;
			return s;
		}
	}
	return -1;
}

static const struct tp_ue *
suspended_ue(struct traf *t)
{
	if (t->suspended == -2) {
		t->suspended = -1;
		for (size_t i = 0; i < t->prov.n_ue && t->suspended < 0; i++)
			if (t->prov.ue[i].suspended && t->prov.ue[i].groups)
				t->suspended = (long)i;
	}
	return t->suspended < 0 ? NULL : &t->prov.ue[t->suspended];
}

static int
scs_for_group(struct traf *t, uint64_t groups)
{
	for (unsigned int i = 0; i < t->prov.n_scs; i++)
		if (scs_usable(t, (int)i) && (t->prov.scs[i].groups & groups))
			return (int)i;
	return -1;
}

/* The SCS-level and UE-level refusals, Recall and Replace. */
static int
status_kind(struct traf *t, unsigned int k, uint32_t hbh, struct traf_gen *g)
{
	const struct tp_ue *ue = NULL;
	struct traf_sent *sent;
	const char *text;
	int s = -1;

	switch (k) {
	case K_101_DENY:
		if ((s = scs_where(t, has_deny)) < 0)
			return -1;
		base(t, g, s, traf_ue_for(t, s), hbh);
		text = deny_text(t, s);
		memcpy(g->payload, text, strlen(text));
		g->s.payload_len = strlen(text);
		return 0;
	case K_103_BAD:
	case K_103_MISSING:
		if ((s = scs_where(t, k == K_103_BAD ? refuses_id : needs_id)) < 0)
			return -1;
		base(t, g, s, traf_ue_for(t, s), hbh);
		if (k == K_103_BAD)
			snprintf(g->scs_id, sizeof(g->scs_id), "%s", t->scs[s].bad_id);
		g->s.scs_id = k == K_103_BAD ? g->scs_id : NULL;
		return 0;
	case K_105:
		if ((s = unrelated(t, &ue)) < 0)
			return -1;
		base(t, g, s, ue, hbh);
		return 0;
	case K_106:
		if ((ue = suspended_ue(t)) == NULL || (s = scs_for_group(t, ue->groups)) < 0)
			return -1;
		base(t, g, s, ue, hbh);
		return 0;
	case K_112_RECALL:
	case K_112_REPLACE:
		if ((sent = traf_sent_pick(t)) == NULL)
			return -1;
		base(t, g, (int)sent->scs, sent->ue, hbh);
		g->s.old_reference = sent->ref;
		break;
	default:
		if ((s = pick_scs(t, &ue)) < 0)
			return -1;
		base(t, g, s, ue, hbh);
		g->s.old_reference = 0xf0000000u | hbh; /* never sent */
		break;
	}
	switch (k) {
	case K_101_LONG:
		if (t->max_payload >= TRAF_PAYLOAD_MAX)
			return -1;
		g->s.payload_len = t->max_payload + 1 + traf_below(t, 64);
		if (g->s.payload_len > TRAF_PAYLOAD_MAX)
			g->s.payload_len = TRAF_PAYLOAD_MAX;
		ex_payload(hbh, g->payload, (uint32_t)g->s.payload_len);
		break;
	case K_102:
		snprintf(g->ext, sizeof(g->ext), "nobody-%u@iot.example", hbh);
		g->s.ext_id = g->ext;
		g->s.msisdn = NULL;
		g->ue = NULL;
		break;
	case K_104:
		if (t->max_validity == UINT32_MAX)
			return -1;
		g->s.has_validity = 1;
		g->s.validity = t->max_validity + 1;
		break;
	case K_110:
	case K_112_REPLACE:
		g->s.action_type = ACTION_DEVICE_TRIGGER_REPLACE;
		g->s.has_old_reference = 1;
		break;
	case K_111:
	case K_112_RECALL:
		g->s.action_type = ACTION_DEVICE_TRIGGER_RECALL;
		g->s.has_old_reference = 1;
		g->s.no_trigger_data = 1;
		g->s.payload_len = 0;
		break;
	default:
		return -1;
	}
	return 0;
}

int
traf_kind_make(struct traf *t, unsigned int k, uint32_t hbh, struct traf_gen *g)
{
	const struct tp_ue *ue = NULL;
	int s;

	if (k >= K_101_LONG && k <= K_112_REPLACE) {
		if (status_kind(t, k, hbh, g) != 0)
			return -1;
		traf_judge(t, g);
		return 0;
	}
	if ((s = pick_scs(t, &ue)) < 0)
		return -1;
	if ((k == D_FRAG || k == D_IP_CSUM) && !t->scs[s].v4)
		return -1;
	base(t, g, s, ue, hbh);
	switch (k) {
	case K_VALID: traf_judge(t, g); return 0;
	case K_5015: g->len_delta = 8; fault(g, DIAM_INVALID_MESSAGE_LENGTH); break;
	case K_5014:
		g->s.no_reference = 1;
		g->extra = TRAF_EXTRA_SHORT_REF;
		fault(g, DIAM_INVALID_AVP_LENGTH);
		break;
	case K_3001: g->s.cmd = 8388640; fault(g, DIAM_COMMAND_UNSUPPORTED); break;
	case K_3007: g->s.app = DIAM_APP_TSP + 1; fault(g, DIAM_APPLICATION_UNSUPPORTED); break;
	case K_5005_SID: g->s.session_id = NULL; fault(g, DIAM_MISSING_AVP); break;
	case K_5005_REF: g->s.no_reference = 1; fault(g, DIAM_MISSING_AVP); break;
	case K_5005_ID:
		g->s.ext_id = NULL;
		g->s.msisdn = NULL;
		fault(g, DIAM_MISSING_AVP);
		break;
	case K_5009: g->extra = TRAF_EXTRA_DUP_REF; fault(g, DIAM_AVP_OCCURS_TOO_MANY_TIMES); break;
	case K_5004_ACTION: g->s.action_type = 7; fault(g, DIAM_INVALID_AVP_VALUE); break;
	case K_5004_PRIO:
		g->s.has_priority = 1;
		g->s.priority = 2;
		fault(g, DIAM_INVALID_AVP_VALUE);
		break;
	case K_5001: g->extra = TRAF_EXTRA_UNKNOWN_M; fault(g, DIAM_AVP_UNSUPPORTED); break;
	case K_3003: g->s.dest_realm = "elsewhere.example"; fault(g, DIAM_REALM_NOT_SERVED); break;
	case D_STRANGER: g->scs = -1; drop(g, "unknown_source"); break;
	case D_PORT: g->dport = (uint16_t)(t->port + 1); drop(g, "bad_port"); break;
	case D_FRAG: g->v6 = 0; g->frag = 0x2000; drop(g, "ip_fragment"); break;
	case D_IP_CSUM: g->v6 = 0; g->bad_ip_csum = 1; drop(g, "bad_ip_csum"); break;
	case D_UDP_CSUM: g->bad_udp_csum = 1; drop(g, "bad_udp_csum"); break;
	case D_VERSION: g->version = 2; drop(g, "dar_version"); break;
	case D_NOT_REQUEST: g->s.flags = DIAM_FLAG_P; drop(g, "dar_not_request"); break;
	default: return -1;
	}
	return 0;
}
