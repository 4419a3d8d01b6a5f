/* SPDX-License-Identifier: BSD-3-Clause */
/* T4 Device-Trigger-Answer: the Result-Code, for counting (dar.h). */
#include "dar.h"
#include "diam_avp.h"

/* Experimental-Result { Vendor-Id, Experimental-Result-Code }. */
static uint32_t
experimental_code(const uint8_t *p, const uint8_t *end)
{
	struct diam_avp a;

	while (diam_avp_next(&p, end, &a) == DIAM_AVP_OK)
		if (a.code == AVP_EXPERIMENTAL_RESULT_CODE && a.vendor == 0 && a.len == 4)
			return diam_get32(a.data);
	return 0;
}

uint32_t
dta_decode(const uint8_t *msg, uint32_t len, uint32_t *hbh, uint32_t *e2e)
{
	const uint8_t *p = msg + DIAM_HDR_LEN, *end = msg + len;
	struct diam_avp a;
	enum diam_avp_status st;
	uint32_t code = 0;

	if (len < DIAM_HDR_LEN || msg[0] != DIAM_VERSION || (msg[4] & DIAM_FLAG_R) ||
	    (diam_get32(msg) & 0xffffff) != len ||
	    (diam_get32(msg + 4) & 0xffffff) != DIAM_CMD_DEVICE_TRIGGER ||
	    diam_get32(msg + 8) != DIAM_APP_T4)
		return 0;
	if (hbh)
		*hbh = diam_get32(msg + 12);
	if (e2e)
		*e2e = diam_get32(msg + 16);
	while ((st = diam_avp_next(&p, end, &a)) == DIAM_AVP_OK) {
		if (a.vendor != 0)
			continue;
		if (a.code == AVP_RESULT_CODE && a.len == 4 && code == 0)
			code = diam_get32(a.data);
		else if (a.code == AVP_EXPERIMENTAL_RESULT && code == 0)
			code = experimental_code(a.data, a.data + a.len);
	}
	return st == DIAM_AVP_END ? code : 0;
}
