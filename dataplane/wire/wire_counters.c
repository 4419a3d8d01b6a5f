/* SPDX-License-Identifier: BSD-3-Clause */
#include "wire_counters.h"

const struct wire_counter_desc wire_counter_desc[WIRE_CTR_MAX] = {
#define WIRE_CTR_DESC(n, k, d) [WIRE_CTR_##n] = {.name = #n, .desc = d, .kind = CTR_KIND_##k},
	WIRE_COUNTERS(WIRE_CTR_DESC)
#undef WIRE_CTR_DESC
};

void
wire_counters_add(struct wire_counters *dst, const struct wire_counters *src)
{
	unsigned int i;

	for (i = 0; i < WIRE_CTR_MAX; i++)
		dst->v[i] += __atomic_load_n(&src->v[i], __ATOMIC_RELAXED);
}
