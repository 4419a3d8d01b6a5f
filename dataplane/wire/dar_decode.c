/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tsp DAR decoding: one pass, three nested AVP loops, no copies (dar.h).
 *
 * The cost is the AVP walk, a chain of dependent loads (an AVP's position is
 * known once the length of the one before it is) and some twenty to forty
 * instructions per AVP, so both are kept short:
 *  - the next AVP is p + ((flags_len + 3) & 0xfffffc): the mask drops the
 *    flags octet and rounds up in one operation, as a length that fits in
 *    the message (a 24-bit length) leaves no carry out of the low 24 bits;
 *  - the clamp of a group's unpadded last AVP to the group's end is the
 *    loop condition (p reaching or passing end), not a select on the chain;
 *  - the grouped AVPs are 3GPP ones, so they have the V bit and their data
 *    starts at a constant 12 octets;
 *  - the seen-bits stay in a register until the end; faults, which are
 *    rare, go to the descriptor directly;
 *  - the descriptor is not cleared whole: the spans are written when their
 *    AVP is first seen, and only the ones not seen are zeroed at the end;
 *  - a request whose header is refused takes a separate, cold path.
 * The bounds checks are those of diam_avp_next(), per AVP, against the
 * enclosing group. tests/wire/test_dar_diff.c compares every result with
 * those of the plain walk this one replaced (tests/wire/dar_ref.c).
 *
 * A Device Trigger Request whose AVPs come in PROTOCOL.md's order takes a
 * shorter walk first (dar_fast.c), which keeps the fixed-size AVPs off the
 * chain; any other request, or one with a fault, is walked here.
 */
#include <stddef.h>
#include <string.h>

#include "dar.h"
#include "dar_fast.h"
#include "diam_avp.h"

#define DAR_LIKELY(x) __builtin_expect(!!(x), 1)
#define DAR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define DAR_INLINE static inline __attribute__((always_inline))

/* The AVP header word after the code: flags octet, then the 24-bit length. */
#define FL_V ((uint32_t)DIAM_AVP_FLAG_V << 24)
#define FL_M ((uint32_t)DIAM_AVP_FLAG_M << 24)
#define FL_LEN 0xffffffu

enum walk { WALK_ON = 0, WALK_STOP = -1 };

/* The descriptor, and its seen-bits kept in a register until the walk ends. */
struct walk_state {
	struct dar_trigger *d;
	uint32_t has;
};

/* Keeps the first fault: the walk goes on to find Session-Id and friends. */
DAR_INLINE void
fault(struct walk_state *w, uint32_t result, uint32_t avp)
{
	if (w->d->result == 0) {
		w->d->result = result;
		w->d->failed_avp = avp;
	}
}

/* Marks an AVP seen; 0 (and 5009) if it was seen before. */
DAR_INLINE int
first(struct walk_state *w, uint32_t bit, uint32_t code)
{
	if (DAR_UNLIKELY(w->has & bit)) {
		fault(w, DIAM_AVP_OCCURS_TOO_MANY_TIMES, code);
		return 0;
	}
	w->has |= bit;
	return 1;
}

/* An Unsigned32 must be four octets: 5014 and the end of the walk if not. */
DAR_INLINE int
get_u32(struct walk_state *w, uint32_t code, const uint8_t *data, uint32_t len, uint32_t *v)
{
	if (DAR_UNLIKELY(len != 4)) {
		fault(w, DIAM_INVALID_AVP_LENGTH, code);
		return WALK_STOP;
	}
	*v = diam_get32(data);
	return WALK_ON;
}

DAR_INLINE void
span(struct wire_span *s, const uint8_t *data, uint32_t len)
{
	s->p = data;
	s->len = len;
}

DAR_INLINE void
unknown(struct walk_state *w, uint32_t fl, uint32_t code)
{
	if (fl & FL_M)
		fault(w, DIAM_AVP_UNSUPPORTED, code);
}

static int
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

/* An AVP as the walk sees it (avp_step()). */
struct avp {
	uint32_t code;
	uint32_t fl;     /* the flags octet and the 24-bit length */
	uint32_t vendor; /* 0 without the V bit */
	uint32_t len;    /* of the data */
	const uint8_t *data;
	const uint8_t *next; /* the AVP after this one and its padding */
};

enum avp_step { AVP_BAD = -1, AVP_END = 0, AVP_NEXT = 1 };

/*
 * One step of a walk: the header of the AVP at p, checked against end, the
 * end of its container (the bounds checks of diam_avp_next()). AVP_END when
 * p has reached or passed end, which it passes only after a group's
 * unpadded last AVP; AVP_BAD when the AVP does not fit (5014); otherwise
 * AVP_NEXT and *a, whose next is past end only when end is a group's and
 * the group leaves the padding out.
 */
DAR_INLINE int
avp_step(const uint8_t *p, const uint8_t *end, struct avp *a)
{
	ptrdiff_t left = end - p;
	uint32_t f, len;

	if (DAR_UNLIKELY(left < DIAM_AVP_HDR_LEN))
		return left <= 0 ? AVP_END : AVP_BAD;
	a->code = diam_get32(p);
	f = diam_get32(p + 4);
	len = f & FL_LEN;
	/* Padded. When len <= left < 2^24 - 3, f + 3 does not carry into the
	 * flags octet, which the mask drops. Set ahead of the checks: set
	 * after them, GCC 12 lays the walk out a cycle or two a DAR slower
	 * (bench_wire). */
	a->next = p + ((f + 3) & (FL_LEN & ~3u));
	a->fl = f;
	if (DAR_LIKELY(f & FL_V)) {
		if (DAR_UNLIKELY(len > (size_t)left || len < DIAM_AVP_VHDR_LEN))
			return AVP_BAD;
		a->vendor = diam_get32(p + 8);
		a->data = p + DIAM_AVP_VHDR_LEN;
		a->len = len - DIAM_AVP_VHDR_LEN;
	} else {
		/* 8 <= len <= left, left >= 8 */
		if (DAR_UNLIKELY(len - DIAM_AVP_HDR_LEN > (uint32_t)left - DIAM_AVP_HDR_LEN))
			return AVP_BAD;
		a->vendor = DIAM_VENDOR_NONE;
		a->data = p + DIAM_AVP_HDR_LEN;
		a->len = len - DIAM_AVP_HDR_LEN;
	}
	return AVP_NEXT;
}

DAR_INLINE int
walk_trigger_data(struct walk_state *w, const uint8_t *p, const uint8_t *end)
{
	struct dar_trigger *d = w->d;

	for (;;) {
		struct avp a;
		uint32_t v;
		int step = avp_step(p, end, &a);

		if (DAR_UNLIKELY(step != AVP_NEXT)) {
			if (step == AVP_END)
				break;
			goto bad;
		}
		if (DAR_LIKELY(a.vendor == DIAM_VENDOR_3GPP)) {
			switch (a.code) {
			case AVP_PAYLOAD:
				if (first(w, DAR_HAS_PAYLOAD, a.code))
					span(&d->payload, a.data, a.len);
				break;
			case AVP_PRIORITY_INDICATION:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return WALK_STOP;
				if (!first(w, DAR_HAS_PRIORITY, a.code))
					break;
				if (DAR_UNLIKELY(v > PRIORITY_PRIORITY))
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
				d->priority = (uint8_t)v;
				break;
			case AVP_APPLICATION_PORT_IDENTIFIER:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return WALK_STOP;
				if (first(w, DAR_HAS_APP_PORT, a.code))
					d->app_port = v;
				break;
			default:
				unknown(w, a.fl, a.code);
				break;
			}
		} else {
			unknown(w, a.fl, a.code);
		}
		p = a.next;
	}
	return WALK_ON;
bad:
	fault(w, DIAM_INVALID_AVP_LENGTH, AVP_TRIGGER_DATA);
	return WALK_STOP;
}

DAR_INLINE int
walk_device_action(struct walk_state *w, const uint8_t *p, const uint8_t *end)
{
	struct dar_trigger *d = w->d;

	for (;;) {
		struct avp a;
		uint32_t v;
		int step = avp_step(p, end, &a);

		if (DAR_UNLIKELY(step != AVP_NEXT)) {
			if (step == AVP_END)
				break;
			goto bad;
		}
		if (DAR_LIKELY(a.vendor == DIAM_VENDOR_3GPP)) {
			switch (a.code) {
			case AVP_EXTERNAL_IDENTIFIER:
				if (!first(w, DAR_HAS_EXT_ID, a.code))
					break;
				span(&d->ext_id, a.data, a.len);
				if (DAR_UNLIKELY(a.len == 0 || a.len > DIAM_EXT_ID_MAX))
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
				break;
			case AVP_MSISDN:
				if (!first(w, DAR_HAS_MSISDN, a.code))
					break;
				span(&d->msisdn, a.data, a.len);
				if (a.len == 0 || a.len > DIAM_MSISDN_MAX ||
				    !tbcd_valid(a.data, a.len))
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
				break;
			case AVP_SCS_IDENTITY:
				if (!first(w, DAR_HAS_SCS_ID, a.code))
					break;
				span(&d->scs_id, a.data, a.len);
				if (DAR_UNLIKELY(a.len > DIAM_SCS_ID_MAX))
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
				break;
			case AVP_REFERENCE_NUMBER:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return WALK_STOP;
				if (first(w, DAR_HAS_REFERENCE, a.code))
					d->reference = v;
				break;
			case AVP_OLD_REFERENCE_NUMBER:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return WALK_STOP;
				if (first(w, DAR_HAS_OLD_REFERENCE, a.code))
					d->old_reference = v;
				break;
			case AVP_ACTION_TYPE:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return WALK_STOP;
				if (!first(w, DAR_HAS_ACTION_TYPE, a.code))
					break;
				if (DAR_UNLIKELY(v != ACTION_DEVICE_TRIGGER_REQUEST &&
						 v != ACTION_DEVICE_TRIGGER_RECALL &&
						 v != ACTION_DEVICE_TRIGGER_REPLACE)) {
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
					break;
				}
				d->action_type = (uint8_t)v;
				break;
			case AVP_TRIGGER_DATA:
				if (!first(w, DAR_HAS_TRIGGER_DATA, a.code))
					break;
				/* 3GPP, so V: the data starts 12 octets in. */
				if (walk_trigger_data(w, p + DIAM_AVP_VHDR_LEN,
						      p + (a.fl & FL_LEN)) != WALK_ON)
					return WALK_STOP;
				break;
			default:
				unknown(w, a.fl, a.code);
				break;
			}
		} else if (a.vendor == DIAM_VENDOR_NONE && a.code == AVP_VALIDITY_TIME) {
			if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
				return WALK_STOP;
			if (first(w, DAR_HAS_VALIDITY, a.code))
				d->validity_time = v;
		} else {
			unknown(w, a.fl, a.code);
		}
		p = a.next;
	}
	return WALK_ON;
bad:
	fault(w, DIAM_INVALID_AVP_LENGTH, AVP_DEVICE_ACTION);
	return WALK_STOP;
}

DAR_INLINE void
walk_top(struct walk_state *w, const uint8_t *p, const uint8_t *end)
{
	struct dar_trigger *d = w->d;

	for (;;) {
		struct avp a;
		uint32_t v;
		int step = avp_step(p, end, &a);

		if (DAR_UNLIKELY(step != AVP_NEXT)) {
			if (step == AVP_END)
				break;
			goto bad;
		}
		if (a.vendor == DIAM_VENDOR_NONE) {
			switch (a.code) {
			case AVP_SESSION_ID:
				if (!first(w, DAR_HAS_SESSION_ID, a.code))
					break;
				span(&d->session_id, a.data, a.len);
				if (DAR_UNLIKELY(a.len == 0))
					fault(w, DIAM_INVALID_AVP_VALUE, a.code);
				break;
			case AVP_AUTH_APPLICATION_ID:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return;
				if (first(w, DAR_HAS_AUTH_APP_ID, a.code) && v != DIAM_APP_TSP)
					fault(w, DIAM_APPLICATION_UNSUPPORTED, a.code);
				break;
			case AVP_AUTH_SESSION_STATE:
				if (get_u32(w, a.code, a.data, a.len, &v) != WALK_ON)
					return;
				first(w, DAR_HAS_AUTH_SESSION_STATE, a.code);
				break;
			case AVP_ORIGIN_HOST:
				if (first(w, DAR_HAS_ORIGIN_HOST, a.code))
					span(&d->origin_host, a.data, a.len);
				break;
			case AVP_ORIGIN_REALM:
				if (first(w, DAR_HAS_ORIGIN_REALM, a.code))
					span(&d->origin_realm, a.data, a.len);
				break;
			case AVP_DESTINATION_REALM:
				if (first(w, DAR_HAS_DEST_REALM, a.code))
					span(&d->dest_realm, a.data, a.len);
				break;
			case AVP_DESTINATION_HOST:
				first(w, DAR_HAS_DEST_HOST, a.code);
				break;
			case AVP_DRMP:
				first(w, DAR_HAS_DRMP, a.code);
				break;
			case AVP_ROUTE_RECORD:
			case AVP_PROXY_INFO:
				break;
			default:
				unknown(w, a.fl, a.code);
				break;
			}
		} else if (a.vendor == DIAM_VENDOR_3GPP && a.code == AVP_DEVICE_ACTION) {
			if (first(w, DAR_HAS_DEVICE_ACTION, a.code) &&
			    walk_device_action(w, p + DIAM_AVP_VHDR_LEN, p + (a.fl & FL_LEN)) !=
				    WALK_ON)
				return;
		} else if (a.vendor == DIAM_VENDOR_3GPP && a.code == AVP_SUPPORTED_FEATURES) {
			/* known, skipped */
		} else {
			unknown(w, a.fl, a.code);
		}
		p = a.next;
	}
	return;
bad:
	fault(w, DIAM_INVALID_AVP_LENGTH, 0);
}

/* DiameterIdentity comparison: ASCII, case-insensitive (RFC 6733 4.3.1). */
static inline int
realm_equal(const struct wire_span *s, const uint8_t *realm, uint32_t len)
{
	const uint8_t *a = s->p;
	uint32_t i;

	if (s->len != len)
		return 0;
	/* The usual case, the same octets: words, the last one overlapping. */
	if (len >= 8) {
		uint64_t x, y;

		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, realm + i, 8);
			if (x != y)
				goto fold;
		}
		memcpy(&x, a + len - 8, 8);
		memcpy(&y, realm + len - 8, 8);
		if (x == y)
			return 1;
	} else if (len >= 4) {
		uint32_t x0, y0, x1, y1;

		memcpy(&x0, a, 4);
		memcpy(&y0, realm, 4);
		memcpy(&x1, a + len - 4, 4);
		memcpy(&y1, realm + len - 4, 4);
		if (x0 == y0 && x1 == y1)
			return 1;
	}
fold:
	for (i = 0; i < len; i++) {
		uint8_t x = a[i], y = realm[i];

		if (x >= 'A' && x <= 'Z')
			x |= 0x20;
		if (y >= 'A' && y <= 'Z')
			y |= 0x20;
		if (x != y)
			return 0;
	}
	return 1;
}

/* The first required AVP that is missing, 0 if none. */
static uint32_t
missing_avp(uint32_t h, uint8_t action_type)
{
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
	if (action_type != ACTION_DEVICE_TRIGGER_RECALL) {
		if (!(h & DAR_HAS_TRIGGER_DATA))
			return AVP_TRIGGER_DATA;
		if (!(h & DAR_HAS_PAYLOAD))
			return AVP_PAYLOAD;
	}
	if (action_type != ACTION_DEVICE_TRIGGER_REQUEST && !(h & DAR_HAS_OLD_REFERENCE))
		return AVP_OLD_REFERENCE_NUMBER;
	return 0;
}

/* What a Device Trigger Request must carry (missing_avp() finds nothing). */
#define DAR_REQUEST_REQUIRED                                                                      \
	(DAR_HAS_SESSION_ID | DAR_HAS_ORIGIN_HOST | DAR_HAS_ORIGIN_REALM | DAR_HAS_DEST_REALM |   \
	 DAR_HAS_DEVICE_ACTION | DAR_HAS_REFERENCE | DAR_HAS_ACTION_TYPE | DAR_HAS_TRIGGER_DATA | \
	 DAR_HAS_PAYLOAD)

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

/*
 * A request refused on its header: a drop, or 5015, 3001, 3007 with the
 * Session-Id when the first AVP is one.
 */
static uint32_t __attribute__((noinline, cold))
header_fault(const uint8_t *msg, uint32_t len, struct dar_trigger *d)
{
	uint32_t w0;

	memset(d, 0, sizeof(*d));
	d->msg = msg;
	d->msg_len = len;
	if (len < DIAM_HDR_LEN) {
		d->drop = DAR_DROP_SHORT;
		return 0;
	}
	w0 = diam_get32(msg);
	if (w0 >> 24 != DIAM_VERSION) {
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
	if ((w0 & 0xffffff) != len || (len & 3))
		d->result = DIAM_INVALID_MESSAGE_LENGTH;
	else if ((diam_get32(msg + 4) & 0xffffff) != DIAM_CMD_DEVICE_ACTION)
		d->result = DIAM_COMMAND_UNSUPPORTED;
	else
		d->result = DIAM_APPLICATION_UNSUPPORTED;
	session_id_peek(msg, len, d);
	return d->result;
}

/* The spans, each written when its AVP is first seen (and only then). */
#define DAR_SPANS                                                                                 \
	(DAR_HAS_SESSION_ID | DAR_HAS_ORIGIN_HOST | DAR_HAS_ORIGIN_REALM | DAR_HAS_DEST_REALM |   \
	 DAR_HAS_EXT_ID | DAR_HAS_MSISDN | DAR_HAS_SCS_ID | DAR_HAS_PAYLOAD)

/* Zeroes the spans of the AVPs the walk did not see. */
DAR_INLINE void
clear_unseen(struct dar_trigger *d, uint32_t has)
{
	static const struct wire_span none;

	/* The typical request: all but MSISDN. */
	if (DAR_LIKELY((has & DAR_SPANS) == (DAR_SPANS & ~DAR_HAS_MSISDN))) {
		d->msisdn = none;
		return;
	}
	if (!(has & DAR_HAS_SESSION_ID))
		d->session_id = none;
	if (!(has & DAR_HAS_ORIGIN_HOST))
		d->origin_host = none;
	if (!(has & DAR_HAS_ORIGIN_REALM))
		d->origin_realm = none;
	if (!(has & DAR_HAS_DEST_REALM))
		d->dest_realm = none;
	if (!(has & DAR_HAS_EXT_ID))
		d->ext_id = none;
	if (!(has & DAR_HAS_MSISDN))
		d->msisdn = none;
	if (!(has & DAR_HAS_SCS_ID))
		d->scs_id = none;
	if (!(has & DAR_HAS_PAYLOAD))
		d->payload = none;
}

/* All but the spans, which the walk writes or clear_unseen() zeroes. */
DAR_INLINE void
desc_init(struct dar_trigger *d, const uint8_t *msg, uint32_t len)
{
	memset(d, 0, offsetof(struct dar_trigger, session_id));
	d->msg = msg;
	d->msg_len = len;
	d->cmd_flags = msg[4];
	d->hop_by_hop = diam_get32(msg + 12);
	d->end_to_end = diam_get32(msg + 16);
}

uint32_t
dar_decode(const uint8_t *msg, uint32_t len, const struct diam_local *l, struct dar_trigger *d)
{
	struct walk_state w;
	uint32_t missing;

	/* Version 1, R, the length of the datagram (a multiple of 4, at most
	 * 24 bits), Device-Action, Tsp. */
	if (DAR_UNLIKELY(len - DIAM_HDR_LEN > 0xffffffu - DIAM_HDR_LEN ||
			 diam_get32(msg) != (DIAM_VERSION << 24 | len) ||
			 (len & 3) || !(msg[4] & DIAM_FLAG_R) ||
			 (diam_get32(msg + 4) & 0xffffff) != DIAM_CMD_DEVICE_ACTION ||
			 diam_get32(msg + 8) != DIAM_APP_TSP))
		return header_fault(msg, len, d);

	/* From here len is the 24-bit header length, a multiple of 4. */
	desc_init(d, msg, len);
	w.d = d;
	w.has = 0;
	if (!dar_fast_walk(msg + DIAM_HDR_LEN, msg + len, d, &w.has)) {
		/* Not the usual request: the general walk, from the start. */
		desc_init(d, msg, len);
		w.has = 0;
		walk_top(&w, msg + DIAM_HDR_LEN, msg + len);
	}
	d->has = w.has;
	clear_unseen(d, w.has);
	if (DAR_UNLIKELY(d->result != 0))
		return d->result;
	if (DAR_LIKELY(d->action_type == ACTION_DEVICE_TRIGGER_REQUEST &&
		       (w.has & DAR_REQUEST_REQUIRED) == DAR_REQUEST_REQUIRED &&
		       (w.has & (DAR_HAS_EXT_ID | DAR_HAS_MSISDN))))
		missing = 0;
	else
		missing = missing_avp(w.has, d->action_type);
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
