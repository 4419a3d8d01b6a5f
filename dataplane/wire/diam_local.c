/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "diam_avp.h"
#include "diam_local.h"

static int
set_name(uint8_t *dst, uint16_t *len, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n == 0 || n > DIAM_IDENTITY_MAX)
		return -EINVAL;
	memcpy(dst, src, n);
	*len = (uint16_t)n;
	return 0;
}

int
diam_local_init(struct diam_local *l, const char *origin_host, const char *realm,
		const char *t4_realm)
{
	uint8_t *p;

	memset(l, 0, sizeof(*l));
	if (set_name(l->origin_host, &l->origin_host_len, origin_host) ||
	    set_name(l->realm, &l->realm_len, realm) ||
	    set_name(l->t4_realm, &l->t4_realm_len, t4_realm))
		return -EINVAL;

	p = diam_put_avp_u32(l->daa_tmpl, AVP_AUTH_APPLICATION_ID, DIAM_AVP_FLAG_M, 0, DIAM_APP_TSP);
	p = diam_put_avp_u32(p, AVP_AUTH_SESSION_STATE, DIAM_AVP_FLAG_M, 0, DIAM_NO_STATE_MAINTAINED);
	p = diam_put_avp(p, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, l->origin_host, l->origin_host_len);
	p = diam_put_avp(p, AVP_ORIGIN_REALM, DIAM_AVP_FLAG_M, 0, l->realm, l->realm_len);
	l->daa_tmpl_len = (uint16_t)(p - l->daa_tmpl);

	p = diam_put_avp_u32(l->dtr_tmpl, AVP_AUTH_SESSION_STATE, DIAM_AVP_FLAG_M, 0, DIAM_NO_STATE_MAINTAINED);
	p = diam_put_avp(p, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, l->origin_host, l->origin_host_len);
	p = diam_put_avp(p, AVP_ORIGIN_REALM, DIAM_AVP_FLAG_M, 0, l->realm, l->realm_len);
	p = diam_put_avp(p, AVP_DESTINATION_REALM, DIAM_AVP_FLAG_M, 0, l->t4_realm, l->t4_realm_len);
	l->dtr_tmpl_len = (uint16_t)(p - l->dtr_tmpl);
	return 0;
}

/* Decimal digits of v at out; returns how many. */
static uint32_t
put_dec(uint8_t *out, uint32_t v)
{
	uint8_t tmp[10];
	uint32_t n = 0, i;

	do {
		tmp[n++] = (uint8_t)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static uint32_t
dec_len(uint32_t v)
{
	uint32_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static inline uint32_t
session_lo(const struct diam_idgen *g)
{
	return (uint32_t)g->worker << 24 | (g->seq & 0xffffff);
}

/* The prefix "<origin-host>;<hi32>;" and lo32 after it. */
static void
build_sid(struct diam_idgen *g, const uint8_t *host, uint16_t host_len)
{
	uint8_t *p = g->sid;

	memmove(p, host, host_len);
	p += host_len;
	*p++ = ';';
	p += put_dec(p, g->hi);
	*p++ = ';';
	g->prefix_len = (uint16_t)(p - g->sid);
	g->sid_len = (uint16_t)(g->prefix_len + put_dec(p, session_lo(g)));
}

void
diam_idgen_init(struct diam_idgen *g, const struct diam_local *l, uint32_t start_time,
		uint8_t worker)
{
	memset(g, 0, sizeof(*g));
	g->hi = start_time;
	g->worker = worker;
	g->hbh = (uint32_t)worker << 24 | (start_time & 0xffff) << 8;
	g->e2e = (start_time & 0xfff) << 20 | (uint32_t)(worker & 0xf) << 16;
	build_sid(g, l->origin_host, l->origin_host_len);
}

uint32_t
diam_idgen_session_len(const struct diam_idgen *g)
{
	return g->sid_len;
}

uint32_t
diam_idgen_session(struct diam_idgen *g, uint8_t *out)
{
	uint32_t n = g->sid_len;
	uint8_t *d = g->sid + n - 1, *lo = g->sid + g->prefix_len;

	copy_short(out, g->sid, n);
	if (__builtin_expect(++g->seq == 0x1000000, 0)) {
		/* The worker's 24-bit space is used up: move to the next hi32. */
		g->seq = 0;
		g->hi++;
		build_sid(g, g->sid, (uint16_t)(g->prefix_len - 2 - dec_len(g->hi - 1)));
		return n;
	}
	/* lo32 + 1, in decimal; a carry out of its first digit lengthens it. */
	while (d >= lo && *d == '9')
		*d-- = '0';
	if (__builtin_expect(d >= lo, 1))
		(*d)++;
	else
		g->sid_len = (uint16_t)(g->prefix_len + put_dec(lo, session_lo(g)));
	return n;
}
