/* SPDX-License-Identifier: BSD-3-Clause */
#include "tbcd.h"

int
tbcd_decode(const uint8_t *tbcd, uint32_t len, char *out)
{
	uint32_t i;
	int n = 0;

	for (i = 0; i < len; i++) {
		uint8_t lo = tbcd[i] & 0xf, hi = tbcd[i] >> 4;

		if (lo > 9)
			return -1;
		out[n++] = (char)('0' + lo);
		if (hi == 0xf && i == len - 1)
			break;
		if (hi > 9)
			return -1;
		out[n++] = (char)('0' + hi);
	}
	return n;
}
