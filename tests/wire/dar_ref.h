/* SPDX-License-Identifier: BSD-3-Clause */
/* The reference DAR decoder (dar_ref.c): dar_decode() before its fast path. */
#ifndef MTC_TEST_DAR_REF_H
#define MTC_TEST_DAR_REF_H

#include <stdint.h>

#include "dar.h"

uint32_t dar_decode_ref(const uint8_t *msg, uint32_t len, const struct diam_local *l,
			struct dar_trigger *d);

#endif
