/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "dar_build.h"
#include "diam_codes.h"

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
db_hdr(struct dbuf *b, uint8_t flags, uint32_t cmd, uint32_t app, uint32_t hbh, uint32_t e2e)
{
	memset(b, 0, sizeof(*b));
	put32(b->b, DIAM_VERSION << 24);
	put32(b->b + 4, (uint32_t)flags << 24 | cmd);
	put32(b->b + 8, app);
	put32(b->b + 12, hbh);
	put32(b->b + 16, e2e);
	b->len = DIAM_HDR_LEN;
}

static uint32_t
avp_hdr(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, uint32_t len)
{
	uint32_t at = b->len, hl = vendor ? 12 : 8;

	put32(b->b + at, code);
	put32(b->b + at + 4, (uint32_t)(flags | (vendor ? DIAM_AVP_FLAG_V : 0)) << 24 | (hl + len));
	if (vendor)
		put32(b->b + at + 8, vendor);
	b->len += hl;
	return at;
}

void
db_avp(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, const void *data,
       uint32_t len)
{
	avp_hdr(b, code, flags, vendor, len);
	if (len)
		memcpy(b->b + b->len, data, len);
	b->len += len;
	while (b->len & 3)
		b->b[b->len++] = 0;
}

void
db_u32(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, uint32_t v)
{
	uint8_t d[4];

	put32(d, v);
	db_avp(b, code, flags, vendor, d, 4);
}

void
db_str(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, const char *s)
{
	db_avp(b, code, flags, vendor, s, (uint32_t)strlen(s));
}

void
db_begin(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor)
{
	b->grp[b->depth++] = avp_hdr(b, code, flags, vendor, 0);
}

void
db_end(struct dbuf *b)
{
	uint32_t at = b->grp[--b->depth];
	uint8_t f = b->b[at + 4];

	put32(b->b + at + 4, (uint32_t)f << 24 | (b->len - at));
}

uint32_t
db_finish(struct dbuf *b)
{
	put32(b->b, DIAM_VERSION << 24 | b->len);
	return b->len;
}

void
dar_spec_typical(struct dar_spec *s, const uint8_t *payload, size_t payload_len)
{
	memset(s, 0, sizeof(*s));
	s->session_id = "scs1.example;1700000000;42";
	s->origin_host = "scs1.example";
	s->origin_realm = "example";
	s->dest_realm = "iwf.example";
	s->ext_id = "device-0001@iot.example";
	s->scs_id = "+15550100";
	s->payload = payload;
	s->payload_len = payload_len;
	s->reference = 1001;
	s->action_type = ACTION_DEVICE_TRIGGER_REQUEST;
	s->validity = 3600;
	s->has_validity = 1;
	s->priority = 1;
	s->has_priority = 1;
	s->app_port = 9200;
	s->has_app_port = 1;
	s->hbh = 0x11;
	s->e2e = 0x22;
}

uint32_t
dar_build(struct dbuf *b, const struct dar_spec *s)
{
	const uint8_t m = DIAM_AVP_FLAG_M;
	const uint32_t v3 = DIAM_VENDOR_3GPP;

	db_hdr(b, s->flags ? s->flags : DIAM_FLAG_R | DIAM_FLAG_P,
	       s->cmd ? s->cmd : DIAM_CMD_DEVICE_ACTION, s->app ? s->app : DIAM_APP_TSP, s->hbh,
	       s->e2e);
	if (s->session_id)
		db_str(b, AVP_SESSION_ID, m, 0, s->session_id);
	if (s->has_auth_app)
		db_u32(b, AVP_AUTH_APPLICATION_ID, m, 0, s->auth_app);
	db_u32(b, AVP_AUTH_SESSION_STATE, m, 0, DIAM_NO_STATE_MAINTAINED);
	if (s->origin_host)
		db_str(b, AVP_ORIGIN_HOST, m, 0, s->origin_host);
	if (s->origin_realm)
		db_str(b, AVP_ORIGIN_REALM, m, 0, s->origin_realm);
	if (s->dest_realm)
		db_str(b, AVP_DESTINATION_REALM, m, 0, s->dest_realm);
	if (!s->no_device_action) {
		db_begin(b, AVP_DEVICE_ACTION, m, v3);
		if (s->ext_id)
			db_str(b, AVP_EXTERNAL_IDENTIFIER, m, v3, s->ext_id);
		if (s->msisdn)
			db_avp(b, AVP_MSISDN, m, v3, s->msisdn, (uint32_t)s->msisdn_len);
		if (s->scs_id)
			db_str(b, AVP_SCS_IDENTITY, m, v3, s->scs_id);
		if (!s->no_reference)
			db_u32(b, AVP_REFERENCE_NUMBER, m, v3, s->reference);
		if (s->has_old_reference)
			db_u32(b, AVP_OLD_REFERENCE_NUMBER, 0, v3, s->old_reference);
		if (!s->no_action_type)
			db_u32(b, AVP_ACTION_TYPE, m, v3, s->action_type);
		if (!s->no_trigger_data) {
			db_begin(b, AVP_TRIGGER_DATA, m, v3);
			if (!s->no_payload)
				db_avp(b, AVP_PAYLOAD, m, v3, s->payload, (uint32_t)s->payload_len);
			if (s->has_priority)
				db_u32(b, AVP_PRIORITY_INDICATION, m, v3, s->priority);
			if (s->has_app_port)
				db_u32(b, AVP_APPLICATION_PORT_IDENTIFIER, m, v3, s->app_port);
			if (s->hook)
				s->hook(b, DB_TRIGGER_DATA, s->arg);
			db_end(b);
		}
		if (s->has_validity)
			db_u32(b, AVP_VALIDITY_TIME, m, 0, s->validity);
		if (s->hook)
			s->hook(b, DB_DEVICE_ACTION, s->arg);
		db_end(b);
	}
	if (s->hook)
		s->hook(b, DB_TOP, s->arg);
	return db_finish(b);
}
