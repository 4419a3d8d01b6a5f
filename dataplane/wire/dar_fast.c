/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DAR walk for the usual request (dar_fast.h): the AVPs in the order of
 * PROTOCOL.md section 2, each known one at most once, nothing unknown.
 *
 * The general walk (dar_decode.c) finds each AVP's successor from the
 * length just loaded, so its cost is a chain of dependent loads, one link
 * per AVP. Here an AVP is first compared with the one expected next; when
 * that AVP has a fixed size (the Unsigned32 ones), its successor's position
 * follows from the comparison, a predicted branch, and leaves the chain:
 * only the AVPs of variable length (Session-Id, the identities, the
 * External-Identifier, the SCS-Identity, the Payload) remain on it.
 *
 * Every check is the general walk's, in the general walk's terms; a request
 * in which the general walk would find a fault, or one in another order,
 * makes this walk give up, and the general walk decides. The checks after
 * the walk (required AVPs, the realm) are dar_decode()'s, for either walk.
 * tests/wire/test_dar_diff.c compares the two on the corpus and mutations.
 */
#include <stddef.h>

#include "dar_fast.h"
#include "diam_avp.h"

#define FAST_INLINE static inline __attribute__((always_inline))

#define FL_V ((uint32_t)DIAM_AVP_FLAG_V << 24)
#define FL_LEN 0xffffffu

/* An Unsigned32 AVP code at p, within end: its value, and p moved past it. */
FAST_INLINE bool
u32_avp(const uint8_t **pp, const uint8_t *end, uint32_t code, bool v3, uint32_t *val)
{
	const uint8_t *p = *pp;
	uint32_t size = v3 ? DIAM_AVP_VHDR_LEN + 4 : DIAM_AVP_HDR_LEN + 4;

	if (end - p < (ptrdiff_t)size || diam_get32(p) != code ||
	    (diam_get32(p + 4) & (FL_V | FL_LEN)) != ((v3 ? FL_V : 0) | size) ||
	    (v3 && diam_get32(p + 8) != DIAM_VENDOR_3GPP))
		return false;
	*val = diam_get32(p + size - 4);
	*pp = p + size;
	return true;
}

/* Whether the AVP at p (at least its code) is code: for the optional ones. */
FAST_INLINE bool
is_avp(const uint8_t *p, const uint8_t *end, uint32_t code)
{
	return end - p >= DIAM_AVP_HDR_LEN && diam_get32(p) == code;
}

/*
 * An AVP code of variable length at p, within end (3GPP when v3, with the V
 * bit; without it otherwise): its data in *s, and p moved past its padding,
 * which must lie within end too.
 */
FAST_INLINE bool
var_avp(const uint8_t **pp, const uint8_t *end, uint32_t code, bool v3, struct wire_span *s)
{
	const uint8_t *p = *pp;
	uint32_t hl = v3 ? DIAM_AVP_VHDR_LEN : DIAM_AVP_HDR_LEN, f, len;

	if (end - p < (ptrdiff_t)hl || diam_get32(p) != code)
		return false;
	f = diam_get32(p + 4);
	len = f & FL_LEN;
	if ((f & FL_V) != (v3 ? FL_V : 0) || len < hl || (ptrdiff_t)diam_pad4(len) > end - p ||
	    (v3 && diam_get32(p + 8) != DIAM_VENDOR_3GPP))
		return false;
	s->p = p + hl;
	s->len = len - hl;
	*pp = p + diam_pad4(len);
	return true;
}

/* A grouped 3GPP AVP code at p, within end: where its AVPs end. */
FAST_INLINE const uint8_t *
group_avp(const uint8_t *p, const uint8_t *end, uint32_t code)
{
	struct wire_span s;
	const uint8_t *q = p;

	if (!var_avp(&q, end, code, true, &s))
		return NULL;
	return s.p + s.len;
}

/* Trigger-Data's AVPs, from p to end: Payload, [Priority], [Port]. */
FAST_INLINE bool
trigger_data(const uint8_t *p, const uint8_t *end, struct dar_trigger *d, uint32_t *has)
{
	uint32_t v;

	if (!var_avp(&p, end, AVP_PAYLOAD, true, &d->payload))
		return false;
	*has |= DAR_HAS_PAYLOAD;
	if (is_avp(p, end, AVP_PRIORITY_INDICATION)) {
		if (!u32_avp(&p, end, AVP_PRIORITY_INDICATION, true, &v) || v > PRIORITY_PRIORITY)
			return false;
		d->priority = (uint8_t)v;
		*has |= DAR_HAS_PRIORITY;
	}
	if (is_avp(p, end, AVP_APPLICATION_PORT_IDENTIFIER)) {
		if (!u32_avp(&p, end, AVP_APPLICATION_PORT_IDENTIFIER, true, &d->app_port))
			return false;
		*has |= DAR_HAS_APP_PORT;
	}
	return p == end;
}

/* Device-Action's AVPs, from p to end, for a Device Trigger Request:
 * External-Identifier, [SCS-Identity], Reference-Number, Action-Type 1,
 * Trigger-Data, [Validity-Time]. */
FAST_INLINE bool
device_action(const uint8_t *p, const uint8_t *end, struct dar_trigger *d, uint32_t *has)
{
	const uint8_t *td_end;
	uint32_t v;

	if (!var_avp(&p, end, AVP_EXTERNAL_IDENTIFIER, true, &d->ext_id) ||
	    d->ext_id.len == 0 || d->ext_id.len > DIAM_EXT_ID_MAX)
		return false;
	*has |= DAR_HAS_EXT_ID;
	if (is_avp(p, end, AVP_SCS_IDENTITY)) {
		if (!var_avp(&p, end, AVP_SCS_IDENTITY, true, &d->scs_id) ||
		    d->scs_id.len > DIAM_SCS_ID_MAX)
			return false;
		*has |= DAR_HAS_SCS_ID;
	}
	if (!u32_avp(&p, end, AVP_REFERENCE_NUMBER, true, &d->reference) ||
	    !u32_avp(&p, end, AVP_ACTION_TYPE, true, &v) || v != ACTION_DEVICE_TRIGGER_REQUEST)
		return false;
	d->action_type = (uint8_t)v;
	td_end = group_avp(p, end, AVP_TRIGGER_DATA);
	if (td_end == NULL || !trigger_data(p + DIAM_AVP_VHDR_LEN, td_end, d, has))
		return false;
	*has |= DAR_HAS_REFERENCE | DAR_HAS_ACTION_TYPE | DAR_HAS_TRIGGER_DATA;
	p = td_end;
	if (is_avp(p, end, AVP_VALIDITY_TIME)) {
		if (!u32_avp(&p, end, AVP_VALIDITY_TIME, false, &d->validity_time))
			return false;
		*has |= DAR_HAS_VALIDITY;
	}
	return p == end;
}

bool
dar_fast_walk(const uint8_t *p, const uint8_t *end, struct dar_trigger *d, uint32_t *has_out)
{
	const uint8_t *da_end;
	uint32_t has = 0, v;

	if (!var_avp(&p, end, AVP_SESSION_ID, false, &d->session_id) || d->session_id.len == 0)
		return false;
	if (is_avp(p, end, AVP_AUTH_APPLICATION_ID)) {
		if (!u32_avp(&p, end, AVP_AUTH_APPLICATION_ID, false, &v) || v != DIAM_APP_TSP)
			return false;
		has |= DAR_HAS_AUTH_APP_ID;
	}
	if (is_avp(p, end, AVP_AUTH_SESSION_STATE)) {
		if (!u32_avp(&p, end, AVP_AUTH_SESSION_STATE, false, &v))
			return false;
		has |= DAR_HAS_AUTH_SESSION_STATE;
	}
	if (!var_avp(&p, end, AVP_ORIGIN_HOST, false, &d->origin_host) ||
	    !var_avp(&p, end, AVP_ORIGIN_REALM, false, &d->origin_realm) ||
	    !var_avp(&p, end, AVP_DESTINATION_REALM, false, &d->dest_realm))
		return false;
	da_end = group_avp(p, end, AVP_DEVICE_ACTION);
	if (da_end == NULL || da_end != end ||
	    !device_action(p + DIAM_AVP_VHDR_LEN, da_end, d, &has))
		return false;
	*has_out = has | DAR_HAS_SESSION_ID | DAR_HAS_ORIGIN_HOST | DAR_HAS_ORIGIN_REALM |
		   DAR_HAS_DEST_REALM | DAR_HAS_DEVICE_ACTION;
	return true;
}
