/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Diameter octet helpers shared by the decoders and encoders: big-endian
 * loads and stores, AVP headers, padding. All inline; no bounds checks here,
 * the callers check once per AVP.
 */
#ifndef MTC_DIAM_AVP_H
#define MTC_DIAM_AVP_H

#include <stdint.h>
#include <string.h>

#include "copy_short.h"
#include "diam_codes.h"

static inline uint32_t
diam_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return __builtin_bswap32(v);
}

static inline uint32_t
diam_get24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline void
diam_put32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

/* Flags (high octet) and a 24-bit length in one word. */
static inline void
diam_put_flags_len(uint8_t *p, uint8_t flags, uint32_t len)
{
	diam_put32(p, (uint32_t)flags << 24 | (len & 0xffffff));
}

static inline uint32_t
diam_pad4(uint32_t len)
{
	return (len + 3) & ~3u;
}

/* Header length of an AVP with or without a Vendor-ID. */
static inline uint32_t
diam_avp_hdr_len(uint32_t vendor)
{
	return vendor ? DIAM_AVP_VHDR_LEN : DIAM_AVP_HDR_LEN;
}

/* Octets an AVP with data_len octets of data occupies, padding included. */
static inline uint32_t
diam_avp_size(uint32_t vendor, uint32_t data_len)
{
	return diam_pad4(diam_avp_hdr_len(vendor) + data_len);
}

/*
 * Writes an AVP header for data_len octets of data (a vendor other than 0
 * sets the V bit); returns the data position.
 */
static inline uint8_t *
diam_put_avp_hdr(uint8_t *p, uint32_t code, uint8_t flags, uint32_t vendor, uint32_t data_len)
{
	uint32_t hl = diam_avp_hdr_len(vendor);

	diam_put32(p, code);
	if (vendor) {
		diam_put_flags_len(p + 4, flags | DIAM_AVP_FLAG_V, hl + data_len);
		diam_put32(p + 8, vendor);
	} else {
		diam_put_flags_len(p + 4, flags, hl + data_len);
	}
	return p + hl;
}

/* Zeroes the padding after data_len octets of data; returns the next AVP. */
static inline uint8_t *
diam_put_pad(uint8_t *data, uint32_t data_len)
{
	uint32_t pad = diam_pad4(data_len) - data_len;
	uint8_t *end = data + data_len;

	switch (pad) {
	case 3:
		end[2] = 0;
		/* fall through */
	case 2:
		end[1] = 0;
		/* fall through */
	case 1:
		end[0] = 0;
		break;
	default:
		break;
	}
	return end + pad;
}

/* A complete AVP: header, data copied from src, padding. Returns the next AVP. */
static inline uint8_t *
diam_put_avp(uint8_t *p, uint32_t code, uint8_t flags, uint32_t vendor,
	     const void *src, uint32_t len)
{
	uint8_t *d = diam_put_avp_hdr(p, code, flags, vendor, len);

	if (len)
		copy_short(d, src, len);
	return diam_put_pad(d, len);
}

static inline uint8_t *
diam_put_avp_u32(uint8_t *p, uint32_t code, uint8_t flags, uint32_t vendor, uint32_t v)
{
	uint8_t *d = diam_put_avp_hdr(p, code, flags, vendor, 4);

	diam_put32(d, v);
	return d + 4;
}

/* Diameter header; the length is patched by the caller when known later. */
static inline void
diam_put_hdr(uint8_t *p, uint32_t len, uint8_t flags, uint32_t cmd, uint32_t app,
	     uint32_t hbh, uint32_t e2e)
{
	diam_put32(p, (uint32_t)DIAM_VERSION << 24 | (len & 0xffffff));
	diam_put32(p + 4, (uint32_t)flags << 24 | (cmd & 0xffffff));
	diam_put32(p + 8, app);
	diam_put32(p + 12, hbh);
	diam_put32(p + 16, e2e);
}

/* A parsed AVP header. */
struct diam_avp {
	uint32_t code;
	uint32_t vendor;
	uint32_t len;  /* data octets */
	uint8_t flags;
	const uint8_t *data;
};

enum diam_avp_status {
	DIAM_AVP_OK = 0,
	DIAM_AVP_END,     /* no octets left */
	DIAM_AVP_BAD_LEN, /* header or length does not fit, or shorter than its header */
};

/*
 * Reads the AVP at *pp (at most end). On success advances *pp past the AVP
 * and its padding; the padding of the last AVP of a grouped AVP may be
 * missing (some peers leave it out of the group's length).
 */
static inline enum diam_avp_status
diam_avp_next(const uint8_t **pp, const uint8_t *end, struct diam_avp *a)
{
	const uint8_t *p = *pp;
	size_t left = (size_t)(end - p);
	uint32_t w, len, hl;

	if (left == 0)
		return DIAM_AVP_END;
	if (left < DIAM_AVP_HDR_LEN)
		return DIAM_AVP_BAD_LEN;
	a->code = diam_get32(p);
	w = diam_get32(p + 4);
	a->flags = (uint8_t)(w >> 24);
	len = w & 0xffffff;
	hl = (a->flags & DIAM_AVP_FLAG_V) ? DIAM_AVP_VHDR_LEN : DIAM_AVP_HDR_LEN;
	if (len < hl || len > left)
		return DIAM_AVP_BAD_LEN;
	a->vendor = hl == DIAM_AVP_VHDR_LEN ? diam_get32(p + 8) : 0;
	a->data = p + hl;
	a->len = len - hl;
	len = diam_pad4(len);
	*pp = len > left ? end : p + len;
	return DIAM_AVP_OK;
}

#endif
