/* SPDX-License-Identifier: BSD-3-Clause */
/* Test helper: a message's AVPs, flattened in order with their depth. */
#ifndef MTC_TEST_AVP_WALK_H
#define MTC_TEST_AVP_WALK_H

#include <stdint.h>

#include "diam_avp.h"

struct flat_avp {
	uint32_t code, vendor, len;
	uint8_t flags, depth;
	const uint8_t *data;
};

/* Grouped AVPs whose children are listed (the ones the gateway writes). */
static inline int
avp_is_grouped(uint32_t code)
{
	return code == AVP_DEVICE_NOTIFICATION || code == AVP_USER_IDENTIFIER ||
	       code == AVP_DEVICE_ACTION || code == AVP_TRIGGER_DATA;
}

static inline int
avp_flatten(const uint8_t *p, const uint8_t *end, struct flat_avp *out, int max, uint8_t depth)
{
	struct diam_avp a;
	int n = 0;

	while (n < max && diam_avp_next(&p, end, &a) == DIAM_AVP_OK) {
		out[n++] = (struct flat_avp){a.code, a.vendor, a.len, a.flags, depth, a.data};
		if (avp_is_grouped(a.code))
			n += avp_flatten(a.data, a.data + a.len, out + n, max - n, depth + 1);
	}
	return n;
}

#endif
