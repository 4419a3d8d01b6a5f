/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * COUNT allocation on the worker (PROTOCOL.md 5.4): a (key set, COUNT) pair is
 * never used twice.
 *
 * - count_next only grows (fetch-add), so two workers never get one value. A
 *   gateway with a single worker moves it with a plain store instead
 *   (ue_count_alloc_sole): the control thread writes the cursor only while
 *   the bound is 0, when no worker moves it, so the worker is its only writer
 *   and a locked instruction per trigger buys nothing.
 * - A value is used only below count_bound, and the control thread publishes a
 *   bound only after it is committed to disk: after a crash the store's bound
 *   is above every value ever used, and the cursor resumes there.
 * - Values fetched at or above the bound are thrown away, never retried.
 * - UE_COUNT_LIMIT keeps the last 2^20 values of the 32-bit space unused: the
 *   refill never raises a bound past it, so a UE that reaches it answers 106
 *   until it is rekeyed, with room left for triggers already in flight.
 */
#ifndef MTC_UE_COUNT_H
#define MTC_UE_COUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "ue_ctx.h"

#define UE_COUNT_SPACE (UINT64_C(1) << 32)
#define UE_COUNT_RESERVE (UINT64_C(1) << 20)
#define UE_COUNT_LIMIT (UE_COUNT_SPACE - UE_COUNT_RESERVE)
_Static_assert(UE_COUNT_LIMIT <= UINT32_MAX, "ue_ctx.count_bound is 32 bits");

enum ue_count_rc {
	UE_COUNT_OK = 0,
	UE_COUNT_DRY = 1,       /* reservation used up: 201 TEMPORARYERROR */
	UE_COUNT_EXHAUSTED = 2, /* end of the COUNT space: 106, needs rekey */
};

static inline enum ue_count_rc
ue_count_take(struct ue_ctx *ue, uint32_t *count, bool shared)
{
	/* Acquire: pairs with the control thread's release store of the bound,
	 * which comes after its store of the starting cursor. */
	uint64_t bound = __atomic_load_n(&ue->count_bound, __ATOMIC_ACQUIRE);
	uint64_t c = __atomic_load_n(&ue->count_next, __ATOMIC_RELAXED);

	/* Checked before the fetch-add so that a dry UE under load does not
	 * burn COUNT space: the cursor passes the bound by at most the number
	 * of workers racing here, which is also why its 32 bits never wrap. */
	if (c < bound) {
		/* Relaxed: only the atomicity matters; the bound read above is
		 * never larger than the one in force (bounds only grow). */
		if (shared)
			c = __atomic_fetch_add(&ue->count_next, 1, __ATOMIC_RELAXED);
		else
			__atomic_store_n(&ue->count_next, (uint32_t)(c + 1), __ATOMIC_RELAXED);
		if (c < bound) {
			*count = (uint32_t)c;
			return UE_COUNT_OK;
		}
	}
	return bound >= UE_COUNT_LIMIT ? UE_COUNT_EXHAUSTED : UE_COUNT_DRY;
}

/* The next COUNT of ue, for a worker among several. */
static inline enum ue_count_rc
ue_count_alloc(struct ue_ctx *ue, uint32_t *count)
{
	return ue_count_take(ue, count, true);
}

/* The same for the only worker of a gateway: no other thread takes COUNTs. */
static inline enum ue_count_rc
ue_count_alloc_sole(struct ue_ctx *ue, uint32_t *count)
{
	return ue_count_take(ue, count, false);
}

/*
 * Whether count, just allocated, is the value low_water below the bound in
 * force: exactly one trigger per bound crosses the low-water mark, and its
 * worker asks the control thread for a refill (a bound raised meanwhile
 * makes this false, and no refill is needed).
 */
static inline bool
ue_count_crossed_low(const struct ue_ctx *ue, uint32_t count, uint32_t low_water)
{
	return __atomic_load_n(&ue->count_bound, __ATOMIC_RELAXED) - count == low_water;
}

/* Values left below the bound (control side, for the refill). */
static inline uint64_t
ue_count_remaining(const struct ue_ctx *ue)
{
	uint64_t bound = __atomic_load_n(&ue->count_bound, __ATOMIC_RELAXED);
	uint64_t c = __atomic_load_n(&ue->count_next, __ATOMIC_RELAXED);

	return c < bound ? bound - c : 0;
}

#endif
