/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reference DAR decoder for test_dar_diff: dataplane/wire/dar_decode.c
 * as it was before its fast path (commit 002e7a5), verbatim but for the
 * name of its entry point (dar_ref.h) and this comment. Do not optimise it:
 * it is the specification the fast decoder is compared against.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dar.h"
#include "diam_avp.h"
#include "dar_ref.h"

/* AVP identity as one switchable value: vendor in the high half. */
#define AVP_KEY(vendor, code) ((uint64_t)(vendor) << 32 | (uint32_t)(code))
#define BASE(code) AVP_KEY(DIAM_VENDOR_NONE, code)
#define TGPP(code) AVP_KEY(DIAM_VENDOR_3GPP, code)

enum walk { WALK_ON = 0, WALK_STOP = -1 };

/* Keeps the first fault: the walk goes on to find Session-Id and friends. */
static inline void
fault(struct dar_trigger *d, uint32_t result, uint32_t avp)
{
	if (d->result == 0) {
		d->result = result;
		d->failed_avp = avp;
	}
}

/* Marks an AVP seen; 0 (and 5009) if it was seen before. */
static inline int
first(struct dar_trigger *d, uint32_t bit, uint32_t code)
{
	if (d->has & bit) {
		fault(d, DIAM_AVP_OCCURS_TOO_MANY_TIMES, code);
		return 0;
	}
	d->has |= bit;
	return 1;
}

static inline int
get_u32(struct dar_trigger *d, const struct diam_avp *a, uint32_t *v)
{
	if (a->len != 4) {
		fault(d, DIAM_INVALID_AVP_LENGTH, a->code);
		return WALK_STOP;
	}
	*v = diam_get32(a->data);
	return WALK_ON;
}

static inline void
span(struct wire_span *s, const struct diam_avp *a)
{
	s->p = a->data;
	s->len = a->len;
}

static inline void
unknown(struct dar_trigger *d, const struct diam_avp *a)
{
	if (a->flags & DIAM_AVP_FLAG_M)
		fault(d, DIAM_AVP_UNSUPPORTED, a->code);
}

static inline int
tbcd_valid(const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++) {
		uint8_t lo = p[i] & 0xf, hi = p[i] >> 4;

		if (lo > 9 || (hi > 9 && !(hi == 0xf && i == len - 1)))
			return 0;
	}
	return 1;
}

static int
walk_trigger_data(const uint8_t *p, const uint8_t *end, struct dar_trigger *d)
{
	struct diam_avp a;
	enum diam_avp_status st;
	uint32_t v;

	while ((st = diam_avp_next(&p, end, &a)) == DIAM_AVP_OK) {
		switch (AVP_KEY(a.vendor, a.code)) {
		case TGPP(AVP_PAYLOAD):
			if (first(d, DAR_HAS_PAYLOAD, a.code))
				span(&d->payload, &a);
			break;
		case TGPP(AVP_PRIORITY_INDICATION):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (!first(d, DAR_HAS_PRIORITY, a.code))
				break;
			if (v > PRIORITY_PRIORITY)
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
			d->priority = (uint8_t)v;
			break;
		case TGPP(AVP_APPLICATION_PORT_IDENTIFIER):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (first(d, DAR_HAS_APP_PORT, a.code))
				d->app_port = v;
			break;
		default:
			unknown(d, &a);
			break;
		}
	}
	if (st == DIAM_AVP_BAD_LEN) {
		fault(d, DIAM_INVALID_AVP_LENGTH, AVP_TRIGGER_DATA);
		return WALK_STOP;
	}
	return WALK_ON;
}

static int
walk_device_action(const uint8_t *p, const uint8_t *end, struct dar_trigger *d)
{
	struct diam_avp a;
	enum diam_avp_status st;
	uint32_t v;

	while ((st = diam_avp_next(&p, end, &a)) == DIAM_AVP_OK) {
		switch (AVP_KEY(a.vendor, a.code)) {
		case TGPP(AVP_EXTERNAL_IDENTIFIER):
			if (!first(d, DAR_HAS_EXT_ID, a.code))
				break;
			span(&d->ext_id, &a);
			if (a.len == 0 || a.len > DIAM_EXT_ID_MAX)
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
			break;
		case TGPP(AVP_MSISDN):
			if (!first(d, DAR_HAS_MSISDN, a.code))
				break;
			span(&d->msisdn, &a);
			if (a.len == 0 || a.len > DIAM_MSISDN_MAX || !tbcd_valid(a.data, a.len))
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
			break;
		case TGPP(AVP_SCS_IDENTITY):
			if (!first(d, DAR_HAS_SCS_ID, a.code))
				break;
			span(&d->scs_id, &a);
			if (a.len > DIAM_SCS_ID_MAX)
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
			break;
		case TGPP(AVP_REFERENCE_NUMBER):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (first(d, DAR_HAS_REFERENCE, a.code))
				d->reference = v;
			break;
		case TGPP(AVP_OLD_REFERENCE_NUMBER):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (first(d, DAR_HAS_OLD_REFERENCE, a.code))
				d->old_reference = v;
			break;
		case TGPP(AVP_ACTION_TYPE):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (!first(d, DAR_HAS_ACTION_TYPE, a.code))
				break;
			if (v != ACTION_DEVICE_TRIGGER_REQUEST && v != ACTION_DEVICE_TRIGGER_RECALL &&
			    v != ACTION_DEVICE_TRIGGER_REPLACE) {
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
				break;
			}
			d->action_type = (uint8_t)v;
			break;
		case TGPP(AVP_TRIGGER_DATA):
			if (!first(d, DAR_HAS_TRIGGER_DATA, a.code))
				break;
			if (walk_trigger_data(a.data, a.data + a.len, d) != WALK_ON)
				return WALK_STOP;
			break;
		case BASE(AVP_VALIDITY_TIME):
			if (get_u32(d, &a, &v) != WALK_ON)
				return WALK_STOP;
			if (first(d, DAR_HAS_VALIDITY, a.code))
				d->validity_time = v;
			break;
		default:
			unknown(d, &a);
			break;
		}
	}
	if (st == DIAM_AVP_BAD_LEN) {
		fault(d, DIAM_INVALID_AVP_LENGTH, AVP_DEVICE_ACTION);
		return WALK_STOP;
	}
	return WALK_ON;
}

static void
walk_top(const uint8_t *p, const uint8_t *end, struct dar_trigger *d)
{
	struct diam_avp a;
	enum diam_avp_status st;
	uint32_t v;

	while ((st = diam_avp_next(&p, end, &a)) == DIAM_AVP_OK) {
		switch (AVP_KEY(a.vendor, a.code)) {
		case BASE(AVP_SESSION_ID):
			if (!first(d, DAR_HAS_SESSION_ID, a.code))
				break;
			span(&d->session_id, &a);
			if (a.len == 0)
				fault(d, DIAM_INVALID_AVP_VALUE, a.code);
			break;
		case BASE(AVP_AUTH_APPLICATION_ID):
			if (get_u32(d, &a, &v) != WALK_ON)
				return;
			if (first(d, DAR_HAS_AUTH_APP_ID, a.code) && v != DIAM_APP_TSP)
				fault(d, DIAM_APPLICATION_UNSUPPORTED, a.code);
			break;
		case BASE(AVP_AUTH_SESSION_STATE):
			if (get_u32(d, &a, &v) != WALK_ON)
				return;
			first(d, DAR_HAS_AUTH_SESSION_STATE, a.code);
			break;
		case BASE(AVP_ORIGIN_HOST):
			if (first(d, DAR_HAS_ORIGIN_HOST, a.code))
				span(&d->origin_host, &a);
			break;
		case BASE(AVP_ORIGIN_REALM):
			if (first(d, DAR_HAS_ORIGIN_REALM, a.code))
				span(&d->origin_realm, &a);
			break;
		case BASE(AVP_DESTINATION_REALM):
			if (first(d, DAR_HAS_DEST_REALM, a.code))
				span(&d->dest_realm, &a);
			break;
		case BASE(AVP_DESTINATION_HOST):
			first(d, DAR_HAS_DEST_HOST, a.code);
			break;
		case BASE(AVP_DRMP):
			first(d, DAR_HAS_DRMP, a.code);
			break;
		case BASE(AVP_ROUTE_RECORD):
		case BASE(AVP_PROXY_INFO):
		case TGPP(AVP_SUPPORTED_FEATURES):
			break;
		case TGPP(AVP_DEVICE_ACTION):
			if (!first(d, DAR_HAS_DEVICE_ACTION, a.code))
				break;
			if (walk_device_action(a.data, a.data + a.len, d) != WALK_ON)
				return;
			break;
		default:
			unknown(d, &a);
			break;
		}
	}
	if (st == DIAM_AVP_BAD_LEN)
		fault(d, DIAM_INVALID_AVP_LENGTH, 0);
}

/* DiameterIdentity comparison: ASCII, case-insensitive (RFC 6733 4.3.1). */
static inline int
realm_equal(const struct wire_span *s, const uint8_t *realm, uint32_t len)
{
	uint32_t i;

	if (s->len != len)
		return 0;
	if (memcmp(s->p, realm, len) == 0)
		return 1;
	for (i = 0; i < len; i++) {
		uint8_t a = s->p[i], b = realm[i];

		if (a >= 'A' && a <= 'Z')
			a |= 0x20;
		if (b >= 'A' && b <= 'Z')
			b |= 0x20;
		if (a != b)
			return 0;
	}
	return 1;
}

/* The first required AVP that is missing, 0 if none. */
static uint32_t
missing_avp(const struct dar_trigger *d)
{
	uint32_t h = d->has;

	if (!(h & DAR_HAS_SESSION_ID))
		return AVP_SESSION_ID;
	if (!(h & DAR_HAS_ORIGIN_HOST))
		return AVP_ORIGIN_HOST;
	if (!(h & DAR_HAS_ORIGIN_REALM))
		return AVP_ORIGIN_REALM;
	if (!(h & DAR_HAS_DEST_REALM))
		return AVP_DESTINATION_REALM;
	if (!(h & DAR_HAS_DEVICE_ACTION))
		return AVP_DEVICE_ACTION;
	if (!(h & (DAR_HAS_EXT_ID | DAR_HAS_MSISDN)))
		return AVP_EXTERNAL_IDENTIFIER;
	if (!(h & DAR_HAS_REFERENCE))
		return AVP_REFERENCE_NUMBER;
	if (!(h & DAR_HAS_ACTION_TYPE))
		return AVP_ACTION_TYPE;
	if (d->action_type != ACTION_DEVICE_TRIGGER_RECALL) {
		if (!(h & DAR_HAS_TRIGGER_DATA))
			return AVP_TRIGGER_DATA;
		if (!(h & DAR_HAS_PAYLOAD))
			return AVP_PAYLOAD;
	}
	if (d->action_type != ACTION_DEVICE_TRIGGER_REQUEST && !(h & DAR_HAS_OLD_REFERENCE))
		return AVP_OLD_REFERENCE_NUMBER;
	return 0;
}

/*
 * For a request refused on its header (3001, 3007, 5015): the answer still
 * copies the Session-Id (PROTOCOL.md section 3) when the first AVP is one
 * that lies whole within the datagram; otherwise one is made up.
 */
static void
session_id_peek(const uint8_t *msg, uint32_t len, struct dar_trigger *d)
{
	const uint8_t *p = msg + DIAM_HDR_LEN;
	struct diam_avp a;

	if (diam_avp_next(&p, msg + len, &a) == DIAM_AVP_OK && a.code == AVP_SESSION_ID &&
	    a.vendor == 0 && a.len > 0) {
		d->session_id.p = a.data;
		d->session_id.len = a.len;
		d->has |= DAR_HAS_SESSION_ID;
	}
}

uint32_t
dar_decode_ref(const uint8_t *msg, uint32_t len, const struct diam_local *l, struct dar_trigger *d)
{
	uint32_t w, missing;

	memset(d, 0, sizeof(*d));
	d->msg = msg;
	d->msg_len = len;
	if (len < DIAM_HDR_LEN) {
		d->drop = DAR_DROP_SHORT;
		return 0;
	}
	w = diam_get32(msg);
	if (w >> 24 != DIAM_VERSION) {
		d->drop = DAR_DROP_VERSION;
		return 0;
	}
	d->cmd_flags = msg[4];
	if (!(d->cmd_flags & DIAM_FLAG_R)) {
		d->drop = DAR_DROP_NOT_REQUEST;
		return 0;
	}
	d->hop_by_hop = diam_get32(msg + 12);
	d->end_to_end = diam_get32(msg + 16);
	if ((w & 0xffffff) != len || (len & 3)) {
		d->result = DIAM_INVALID_MESSAGE_LENGTH;
		session_id_peek(msg, len, d);
		return d->result;
	}
	if ((diam_get32(msg + 4) & 0xffffff) != DIAM_CMD_DEVICE_ACTION) {
		d->result = DIAM_COMMAND_UNSUPPORTED;
		session_id_peek(msg, len, d);
		return d->result;
	}
	if (diam_get32(msg + 8) != DIAM_APP_TSP) {
		d->result = DIAM_APPLICATION_UNSUPPORTED;
		session_id_peek(msg, len, d);
		return d->result;
	}

	walk_top(msg + DIAM_HDR_LEN, msg + len, d);
	if (d->result)
		return d->result;
	missing = missing_avp(d);
	if (missing) {
		d->failed_avp = missing;
		d->result = DIAM_MISSING_AVP;
	} else if (!realm_equal(&d->dest_realm, l->realm, l->realm_len)) {
		d->failed_avp = AVP_DESTINATION_REALM;
		d->result = DIAM_REALM_NOT_SERVED;
	} else {
		d->result = DIAM_SUCCESS;
	}
	return d->result;
}

#define FIELD(f)                                                                           \
	do {                                                                               \
		if (a->f != b->f) {                                                        \
			fprintf(stderr, "  %s: ref %" PRIu64 ", new %" PRIu64 "\n", #f,    \
				(uint64_t)a->f, (uint64_t)b->f);                           \
			bad = 1;                                                           \
		}                                                                          \
	} while (0)
#define SPAN(f)                                                                            \
	do {                                                                               \
		if (a->f.p != b->f.p || a->f.len != b->f.len) {                            \
			fprintf(stderr, "  %s: ref %+td/%u, new %+td/%u\n", #f,            \
				a->f.p ? a->f.p - msg : -1, a->f.len,                      \
				b->f.p ? b->f.p - msg : -1, b->f.len);                     \
			bad = 1;                                                           \
		}                                                                          \
	} while (0)

int
dar_ref_diff(const uint8_t *msg, uint32_t ra, uint32_t rb, const struct dar_trigger *a,
	     const struct dar_trigger *b)
{
	int bad = 0;

	if (ra != rb) {
		fprintf(stderr, "  return: ref %u, new %u\n", ra, rb);
		bad = 1;
	}
	FIELD(msg);
	FIELD(msg_len);
	FIELD(result);
	FIELD(has);
	FIELD(hop_by_hop);
	FIELD(end_to_end);
	FIELD(reference);
	FIELD(old_reference);
	FIELD(validity_time);
	FIELD(app_port);
	FIELD(failed_avp);
	FIELD(cmd_flags);
	FIELD(action_type);
	FIELD(priority);
	FIELD(drop);
	SPAN(session_id);
	SPAN(origin_host);
	SPAN(origin_realm);
	SPAN(dest_realm);
	SPAN(ext_id);
	SPAN(msisdn);
	SPAN(scs_id);
	SPAN(payload);
	return bad;
}
