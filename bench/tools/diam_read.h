/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small Diameter reader for the tools: the header, and AVPs found by code
 * and vendor in a message or a grouped AVP, with how often each occurs.
 * Independent of the gateway's decoders, which it is used to check.
 */
#ifndef MTC_DIAM_READ_H
#define MTC_DIAM_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "diam_avp.h"

struct dr_msg {
	uint8_t version;
	uint8_t flags;
	uint32_t len;
	uint32_t cmd;
	uint32_t app;
	uint32_t hbh;
	uint32_t e2e;
	const uint8_t *avps;
	uint32_t avps_len;
};

/* 0 when the header is readable and its length is the datagram's; -1 else
 * (m is still filled when len >= DIAM_HDR_LEN). */
int dr_header(const uint8_t *msg, uint32_t len, struct dr_msg *m);

/* Occurrences of (code, vendor) in [p, p + len); *a gets the first.
 * -1 when an AVP there is malformed. */
int dr_find(const uint8_t *p, uint32_t len, uint32_t code, uint32_t vendor, struct diam_avp *a);

/* Codes of the AVPs in [p, p + len), in order; how many (at most max), -1 malformed. */
int dr_codes(const uint8_t *p, uint32_t len, uint32_t *codes, int max);

/* The AVP (code, vendor) occurring exactly once, as an Unsigned32. 0 or -1. */
int dr_u32(const uint8_t *p, uint32_t len, uint32_t code, uint32_t vendor, uint32_t *v);

/* Whether the AVP's data is the text s. */
bool dr_is(const struct diam_avp *a, const char *s);

#endif
