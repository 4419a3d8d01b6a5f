/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The UE table: trigger identifier key (ue_key.h) -> hot context (ue_ctx.h).
 *
 * An rte_hash with lock-free readers (RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF)
 * and the caller's RCU QSBR variable attached; the contexts live in one
 * preallocated array. One writer: every function here except
 * ue_table_lookup_bulk(), ue_table_slots() and ue_table_slot() belongs to it
 * (the start-up code, then the admin thread). Readers: the workers (lookups)
 * and the COUNT thread (it walks the slots), each reporting quiescence on the
 * QSBR variable between passes. Deleted keys and retired contexts go to RCU
 * defer queues and are freed, contexts wiped, once no reader can hold them:
 * the writer never waits for a grace period.
 */
#ifndef MTC_UE_TABLE_H
#define MTC_UE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "ue_ctx.h"
#include "ue_key.h"

struct ue_table;

struct ue_table_params {
	const char *name;  /* unique among rte_hash names */
	uint32_t max_ues;  /* provisioned UEs, two identifiers each */
	uint32_t spare;    /* extra contexts for rekeys in flight; 0: max_ues / 256 + 64 */
	int socket_id;
	struct rte_rcu_qsbr *qs; /* the workers' QSBR variable (required) */
};

/* Returns 0 or -errno (-EINVAL, -ENOMEM, -EEXIST for a name in use). */
int ue_table_create(const struct ue_table_params *p, struct ue_table **out);
/* Frees the table; workers must have stopped. Wipes every key set. */
void ue_table_free(struct ue_table *t);

const struct ue_keyer *ue_table_keyer(const struct ue_table *t);

/* A zeroed context in state UE_CTX_NEW, not yet reachable (the COUNT scan
 * leaves it alone); NULL when full. */
struct ue_ctx *ue_table_ctx_alloc(struct ue_table *t);
/* Marks a context filled, reserved and inserted: UE_CTX_LIVE, from now on
 * the COUNT thread keeps its reservation ahead of need. */
void ue_table_ctx_publish(struct ue_table *t, struct ue_ctx *ctx);
/* Returns a context that was never published (wiped). */
void ue_table_ctx_release(struct ue_table *t, struct ue_ctx *ctx);

/*
 * Publishes ctx under its identifiers (either pointer may be NULL, not both).
 * -EEXIST if one of them is already in the table (a duplicate or a 64-bit
 * collision: both are refused), -ENOSPC when the hash is full.
 */
int ue_table_insert(struct ue_table *t, struct ue_ctx *ctx, const uint64_t *key_ext,
		    const uint64_t *key_msisdn);

/*
 * ue_table_insert for n (at most UE_INSERT_BULK) contexts, a key of 0
 * meaning none (each context has at least one): one prefetching bulk check
 * that no identifier is taken, or given twice in the batch, then the adds.
 * Returns how many were inserted, in order: fewer than n when context i
 * could not be (it and those after it are not inserted).
 */
#define UE_INSERT_BULK 256
int ue_table_insert_bulk(struct ue_table *t, struct ue_ctx *const *ctx,
			 const uint64_t *key_ext, const uint64_t *key_msisdn, unsigned int n);

/*
 * Rekey: makes the identifiers of an existing UE point at nctx (filled and
 * given its COUNT reservation by the caller). Both identifiers must lead to
 * the same context. The old context is retired and wiped after a grace
 * period (ue_table_reclaim). -ENOENT, -EINVAL when they differ.
 */
int ue_table_replace(struct ue_table *t, const uint64_t *key_ext,
		     const uint64_t *key_msisdn, struct ue_ctx *nctx);

/* Removes a UE; its context is wiped after a grace period. */
int ue_table_delete(struct ue_table *t, const uint64_t *key_ext,
		    const uint64_t *key_msisdn);

/* Frees retired contexts whose grace period ended (waits for it if wait;
 * the caller must then not be a reader). Returns how many were freed. */
unsigned int ue_table_reclaim(struct ue_table *t, bool wait);
/* UEs (a context and two identifiers each) that can be added now. */
uint32_t ue_table_room(const struct ue_table *t);
/* Contexts retired and not yet freed. */
uint32_t ue_table_retiring(const struct ue_table *t);

/* Control-side single lookup. */
struct ue_ctx *ue_table_lookup(const struct ue_table *t, uint64_t key);

/*
 * Worker: looks up n keys (any n), ctx[i] = context or NULL, and prefetches
 * each context found. Returns the number found. Lock-free, no allocation.
 */
unsigned int ue_table_lookup_bulk(const struct ue_table *t, const uint64_t *keys,
				  unsigned int n, struct ue_ctx **ctx);

/* Iteration over the context array (the COUNT thread, a QSBR reader):
 * slots 0 .. ue_table_slots() - 1; only a context whose state reads
 * UE_CTX_LIVE (acquire) is whole. */
uint32_t ue_table_slots(const struct ue_table *t);
struct ue_ctx *ue_table_slot(struct ue_table *t, uint32_t i);
uint32_t ue_table_slot_index(const struct ue_table *t, const struct ue_ctx *ctx);
/* Contexts in state UE_CTX_LIVE. */
uint32_t ue_table_count(const struct ue_table *t);

/* Resident memory of this process in octets (/proc/self/statm), for the
 * per-UE memory benchmark; 0 if it cannot be read. */
size_t ue_mem_resident(void);

#endif
