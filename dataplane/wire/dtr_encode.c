/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "diam_avp.h"
#include "dtr.h"

int
dtr_encode(uint8_t *out, uint32_t cap, const struct diam_local *l, struct diam_idgen *ids,
	   const struct dtr_params *prm, uint8_t **pdu)
{
	const uint8_t m = DIAM_AVP_FLAG_M;
	const uint32_t v3 = DIAM_VENDOR_3GPP;
	uint32_t sid_len = diam_idgen_session_len(ids), uname, len;
	uint8_t *p, *d;

	if (prm->imsi_len > DTR_IMSI_MAX)
		return -EINVAL;
	uname = diam_avp_size(0, prm->imsi_len);
	len = DIAM_HDR_LEN + diam_avp_size(0, sid_len) + l->dtr_tmpl_len +
	      DIAM_AVP_VHDR_LEN + uname + diam_avp_size(v3, prm->smea_len) +
	      diam_avp_size(v3, prm->pdu_len) + diam_avp_size(v3, 4) +
	      (prm->has & DTR_HAS_VALIDITY ? diam_avp_size(0, 4) : 0) +
	      (prm->has & DTR_HAS_PRIORITY ? diam_avp_size(v3, 4) : 0);
	if (len > cap)
		return -ENOSPC;

	diam_put_hdr(out, len, DIAM_FLAG_R | DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4,
		     diam_idgen_hbh(ids), diam_idgen_e2e(ids));
	d = diam_put_avp_hdr(out + DIAM_HDR_LEN, AVP_SESSION_ID, m, 0, sid_len);
	diam_idgen_session(ids, d);
	p = diam_put_pad(d, sid_len);
	copy_short(p, l->dtr_tmpl, l->dtr_tmpl_len);
	p += l->dtr_tmpl_len;

	p = diam_put_avp_hdr(p, AVP_USER_IDENTIFIER, m, v3, uname);
	p = diam_put_avp(p, AVP_USER_NAME, m, 0, prm->imsi, prm->imsi_len);
	p = diam_put_avp(p, AVP_SM_RP_SMEA, m, v3, prm->smea, prm->smea_len);

	d = diam_put_avp_hdr(p, AVP_PAYLOAD, m, v3, prm->pdu_len);
	if (prm->pdu)
		copy_short(d, prm->pdu, prm->pdu_len);
	if (pdu)
		*pdu = d;
	p = diam_put_pad(d, prm->pdu_len);

	p = diam_put_avp_u32(p, AVP_REFERENCE_NUMBER, m, v3, prm->reference);
	if (prm->has & DTR_HAS_VALIDITY)
		p = diam_put_avp_u32(p, AVP_VALIDITY_TIME, m, 0, prm->validity_time);
	if (prm->has & DTR_HAS_PRIORITY)
		p = diam_put_avp_u32(p, AVP_PRIORITY_INDICATION, m, v3, prm->priority);
	return (int)(p - out);
}
