/* SPDX-License-Identifier: BSD-3-Clause */
/* The reference DAR decoder (dar_ref.c): dar_decode() before its fast path. */
#ifndef MTC_TEST_DAR_REF_H
#define MTC_TEST_DAR_REF_H

#include <stdint.h>

#include "dar.h"

uint32_t dar_decode_ref(const uint8_t *msg, uint32_t len, const struct diam_local *l,
			struct dar_trigger *d);

/*
 * Compares what the two decoders made of msg: their return values ra (the
 * reference's) and rb, and every field of their descriptors a and b. Prints
 * each difference to stderr; returns 0 when there is none.
 */
int dar_ref_diff(const uint8_t *msg, uint32_t ra, uint32_t rb, const struct dar_trigger *a,
		 const struct dar_trigger *b);

#endif
