/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "diam_read.h"

int
dr_header(const uint8_t *msg, uint32_t len, struct dr_msg *m)
{
	uint32_t w;

	memset(m, 0, sizeof(*m));
	if (len < DIAM_HDR_LEN)
		return -1;
	w = diam_get32(msg);
	m->version = (uint8_t)(w >> 24);
	m->len = w & 0xffffff;
	w = diam_get32(msg + 4);
	m->flags = (uint8_t)(w >> 24);
	m->cmd = w & 0xffffff;
	m->app = diam_get32(msg + 8);
	m->hbh = diam_get32(msg + 12);
	m->e2e = diam_get32(msg + 16);
	m->avps = msg + DIAM_HDR_LEN;
	m->avps_len = len - DIAM_HDR_LEN;
	return m->len == len ? 0 : -1;
}

int
dr_find(const uint8_t *p, uint32_t len, uint32_t code, uint32_t vendor, struct diam_avp *a)
{
	const uint8_t *end = p + len;
	struct diam_avp x;
	enum diam_avp_status st;
	int n = 0;

	while ((st = diam_avp_next(&p, end, &x)) == DIAM_AVP_OK) {
		if (x.code == code && x.vendor == vendor) {
			if (n++ == 0 && a)
				*a = x;
		}
	}
	return st == DIAM_AVP_END ? n : -1;
}

int
dr_codes(const uint8_t *p, uint32_t len, uint32_t *codes, int max)
{
	const uint8_t *end = p + len;
	struct diam_avp x;
	enum diam_avp_status st;
	int n = 0;

	while ((st = diam_avp_next(&p, end, &x)) == DIAM_AVP_OK)
		if (n < max)
			codes[n++] = x.code;
	return st == DIAM_AVP_END ? n : -1;
}

int
dr_u32(const uint8_t *p, uint32_t len, uint32_t code, uint32_t vendor, uint32_t *v)
{
	struct diam_avp a;

	if (dr_find(p, len, code, vendor, &a) != 1 || a.len != 4)
		return -1;
	*v = diam_get32(a.data);
	return 0;
}

bool
dr_is(const struct diam_avp *a, const char *s)
{
	return a->len == strlen(s) && memcmp(a->data, s, a->len) == 0;
}
