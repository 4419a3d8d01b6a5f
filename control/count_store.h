/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Durable COUNT bounds (PROTOCOL.md 5.4) in LMDB: per (IMSI, KSI) the bound
 * below which COUNT values may have been used. Control thread only.
 *
 * Reservation runs ahead of need, off the hot path: count_store_refill()
 * extends, in durable transactions of a few thousand contexts each, the
 * bounds of every live context whose reservation fell below the low-water
 * mark (and gives new contexts their first one), and publishes each new
 * bound to the workers (release store) only after the commit that holds it. A restart resumes each cursor at its stored bound.
 */
#ifndef MTC_COUNT_STORE_H
#define MTC_COUNT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "ue_ctx.h"
#include "ue_table.h"

struct count_store;

struct count_store_params {
	const char *dir;   /* LMDB environment directory, created if missing */
	uint64_t map_size; /* 0: 1 GiB */
	uint32_t block;     /* COUNT values reserved per extension; 0: 4096 */
	uint32_t low_water; /* extend below this many left; 0: block / 4 */
};

/* Returns 0 or -errno; err gets a message naming the directory and cause. */
int count_store_open(const struct count_store_params *p, struct count_store **out,
		     char *err, size_t errlen);
void count_store_close(struct count_store *cs);

/*
 * One pass over the table's live contexts: a context without a reservation
 * (bound 0) starts at its stored bound (0 when none, or when ctx->fresh marks
 * new key material), any other is extended when below the low-water mark.
 * Transactions of up to 8,192 contexts, each committed durably and then
 * published. Bounds never pass UE_COUNT_LIMIT. Returns the number of
 * contexts extended, or -errno (then the contexts of the failed transaction
 * and after it were not published).
 */
int count_store_refill(struct count_store *cs, struct ue_table *t);

/*
 * The same for the n contexts given (those the workers saw cross their
 * low-water mark), without a scan; contexts no longer live are skipped.
 */
int count_store_refill_some(struct count_store *cs, struct ue_ctx *const *ctx, unsigned int n);

/* Below how many values left a context is extended. */
uint32_t count_store_low_water(const struct count_store *cs);

/* The same for one context (a rekey before its publication). */
int count_store_reserve(struct count_store *cs, struct ue_ctx *ctx);

/* The stored bound of (imsi, ksi): 0 and -ENOENT when none. */
int count_store_get(struct count_store *cs, uint64_t imsi, uint8_t ksi, uint64_t *bound);

#endif
