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

#include <lmdb.h>

#include "keywrap.h"
#include "ue_ctx.h"
#include "ue_table.h"

struct count_store;

/* The databases kept beside the COUNT bounds in the same environment, so
 * that a record and the reservation it needs commit together. */
enum store_db {
	STORE_DB_META, /* format record */
	STORE_DB_UE,   /* UE records by IMSI (ue_rec.h) */
	STORE_DB_SCS,  /* SCS definitions by name */
	STORE_DBS
};

struct count_store_params {
	const char *dir;   /* LMDB environment directory, created if missing */
	uint64_t map_size; /* 0: 1 GiB */
	uint32_t block;     /* COUNT values reserved per extension; 0: 4096 */
	uint32_t low_water; /* extend below this many left; 0: block / 4 */
	/* The master key stored keys are wrapped under (NULL: none kept); a
	 * store written under another one is refused. */
	const struct keywrap_master *master;
};

/* Returns 0 or -errno; err gets a message naming the directory and cause.
 * A store of another layout or version, or written under another master
 * key, is refused (-EINVAL); one that another gateway holds open (an
 * exclusive flock on data_dir/gateway.lock) too (-EBUSY, with its pid). */
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

/* The environment and a database of it, for the records kept beside the
 * bounds (the admin thread writes them; LMDB serialises write
 * transactions between it and the COUNT thread). */
MDB_env *count_store_env(struct count_store *cs);
MDB_dbi count_store_db(const struct count_store *cs, enum store_db which);
/* Drops the store's pages from this process's mapping (they stay in the
 * page cache and come back on the next read): after a bulk load, so that
 * the gateway's resident memory is its tables, not the file it read. Call
 * it while no other thread reads the store. */
void count_store_release_pages(struct count_store *cs);
/* An LMDB result as -errno (-ENOSPC for a full map, -ENOENT, -EIO). */
int store_errno(int mdb_rc);

/* A first reservation made inside the caller's transaction, published by
 * count_store_publish() only after the caller's commit. */
struct count_resv {
	struct ue_ctx *ctx; /* NULL: nothing to publish */
	uint64_t start, bound;
};
int count_store_reserve_in(struct count_store *cs, MDB_txn *txn, struct ue_ctx *ctx,
			   struct count_resv *r);
void count_store_publish(const struct count_resv *r, unsigned int n);

/* The stored bound of (imsi, ksi): 0 and -ENOENT when none. */
int count_store_get(struct count_store *cs, uint64_t imsi, uint8_t ksi, uint64_t *bound);

#endif
