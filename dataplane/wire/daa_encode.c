/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "daa.h"
#include "diam_avp.h"

int
daa_encode(uint8_t *out, uint32_t cap, const struct diam_local *l, struct diam_idgen *ids,
	   const struct dar_trigger *d, uint32_t result, int request_status)
{
	uint8_t id_copy[DIAM_EXT_ID_MAX], scs_copy[DIAM_SCS_ID_MAX];
	const struct wire_span *id = dar_ue_id(d);
	uint32_t id_code = (d->has & DAR_HAS_EXT_ID) ? AVP_EXTERNAL_IDENTIFIER : AVP_MSISDN;
	uint32_t sid_len, len, dn_len = 0, scs_len = 0;
	/* Lengths read once: the encoder's stores may alias the request's. */
	uint32_t id_len = id->len, scs_id_len = d->scs_id.len;
	int notify = request_status >= 0 || request_status == DAA_NOTIFICATION_ONLY;
	int made_up = d->session_id.len == 0;
	uint8_t flags, *p, *sid;

	sid_len = made_up ? diam_idgen_session_len(ids) : d->session_id.len;
	len = DIAM_HDR_LEN + diam_avp_size(0, sid_len) + l->daa_tmpl_len +
	      diam_avp_size(0, 4);
	if (notify) {
		if (!(d->has & (DAR_HAS_EXT_ID | DAR_HAS_MSISDN)) || !(d->has & DAR_HAS_REFERENCE) ||
		    !(d->has & DAR_HAS_ACTION_TYPE) || d->action_type == 0 ||
		    id_len > DIAM_EXT_ID_MAX || scs_id_len > DIAM_SCS_ID_MAX)
			return -EINVAL;
		if (d->has & DAR_HAS_SCS_ID)
			scs_len = diam_avp_size(DIAM_VENDOR_3GPP, scs_id_len);
		dn_len = DIAM_AVP_VHDR_LEN + diam_avp_size(DIAM_VENDOR_3GPP, id_len) + scs_len +
			 2 * diam_avp_size(DIAM_VENDOR_3GPP, 4) +
			 (request_status >= 0 ? diam_avp_size(DIAM_VENDOR_3GPP, 4) : 0);
		len += dn_len;
		/* The request's octets are about to be overwritten when out is d->msg. */
		copy_short(id_copy, id->p, id_len);
		if (scs_len)
			copy_short(scs_copy, d->scs_id.p, scs_id_len);
	}
	if (len > cap)
		return -ENOSPC;

	/* Session-Id data first: in place it usually does not move at all. */
	sid = out + DIAM_HDR_LEN + DIAM_AVP_HDR_LEN;
	if (made_up)
		diam_idgen_session(ids, sid);
	else if (d->session_id.p != sid)
		memmove(sid, d->session_id.p, sid_len);
	diam_put_avp_hdr(out + DIAM_HDR_LEN, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, sid_len);
	p = diam_put_pad(sid, sid_len);

	flags = d->cmd_flags & DIAM_FLAG_P;
	if (result >= 3000 && result < 4000)
		flags |= DIAM_FLAG_E;
	diam_put_hdr(out, len, flags, DIAM_CMD_DEVICE_ACTION, DIAM_APP_TSP, d->hop_by_hop,
		     d->end_to_end);

	copy_short(p, l->daa_tmpl, l->daa_tmpl_len);
	p += l->daa_tmpl_len;
	p = diam_put_avp_u32(p, AVP_RESULT_CODE, DIAM_AVP_FLAG_M, 0, result);
	if (notify) {
		const uint8_t f = DIAM_AVP_FLAG_M;

		/* Both lengths were checked above; said again for the compiler,
		 * whose bounds warning cannot see it here. */
		if (id_len > DIAM_EXT_ID_MAX || scs_id_len > DIAM_SCS_ID_MAX)
			__builtin_unreachable();
		p = diam_put_avp_hdr(p, AVP_DEVICE_NOTIFICATION, f, DIAM_VENDOR_3GPP,
				     dn_len - DIAM_AVP_VHDR_LEN);
		p = diam_put_avp(p, id_code, f, DIAM_VENDOR_3GPP, id_copy, id_len);
		if (scs_len) {
			p = diam_put_avp(p, AVP_SCS_IDENTITY, f, DIAM_VENDOR_3GPP, scs_copy,
					 scs_id_len);
		}
		p = diam_put_avp_u32(p, AVP_REFERENCE_NUMBER, f, DIAM_VENDOR_3GPP, d->reference);
		p = diam_put_avp_u32(p, AVP_ACTION_TYPE, f, DIAM_VENDOR_3GPP, d->action_type);
		if (request_status >= 0)
			p = diam_put_avp_u32(p, AVP_REQUEST_STATUS, f, DIAM_VENDOR_3GPP,
					     (uint32_t)request_status);
	}
	return (int)(p - out);
}
