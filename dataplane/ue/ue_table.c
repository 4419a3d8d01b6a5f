/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "ue_table.h"

#define UE_KEY_LEN sizeof(uint64_t)

struct ue_table {
	struct rte_hash *h;
	struct rte_rcu_qsbr *qs;
	struct ue_ctx *ctx;  /* capacity slots, one allocation */
	uint32_t capacity;
	uint32_t hwm;        /* slots ever handed out: [0, hwm) */
	uint32_t live;
	uint32_t *free_slots; /* stack of returned slots */
	uint32_t n_free;
	/* Contexts retired (deleted or replaced), freed and wiped once no
	 * reader can hold them: the workers and the COUNT thread. */
	struct rte_rcu_qsbr_dq *dq;
	uint32_t retiring;
	uint32_t entries; /* keys the hash holds */
	struct ue_keyer keyer;
};

/* The keys are SipHash outputs already: fold them, do not hash again. */
static uint32_t
ue_key_fold(const void *key, uint32_t len, uint32_t init)
{
	uint64_t k;

	(void)len;
	memcpy(&k, key, sizeof(k));
	return (uint32_t)(k ^ (k >> 32)) ^ init;
}

/* Two 8-octet keys: 0 when equal (rte_hash_cmp_eq_t). */
static int
ue_key_cmp(const void *a, const void *b, size_t len)
{
	uint64_t x, y;

	RTE_SET_USED(len);
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x != y;
}

_Static_assert(UE_KEY_LEN == sizeof(uint64_t), "ue_key_cmp compares 8-octet keys");

static void slot_free(struct ue_table *t, struct ue_ctx *ctx);

/* rte_rcu_qsbr_dq's free function: n retired slots no reader holds. */
static void
ctx_reclaimed(void *p, void *e, unsigned int n)
{
	struct ue_table *t = p;
	const uint32_t *slot = e;

	for (unsigned int i = 0; i < n; i++) {
		slot_free(t, &t->ctx[slot[i]]);
		t->retiring--;
	}
}

int
ue_table_create(const struct ue_table_params *p, struct ue_table **out)
{
	struct rte_hash_parameters hp = {0};
	struct rte_hash_rcu_config rc = {0};
	struct ue_table *t;
	uint64_t entries, cap;
	char dq_name[RTE_RING_NAMESIZE];
	int rc_add;

	if (p == NULL || p->name == NULL || p->qs == NULL || p->max_ues == 0)
		return -EINVAL;
	cap = (uint64_t)p->max_ues + (p->spare ? p->spare : p->max_ues / 256 + 64);
	/* Two identifiers for every context, those of rekeys in flight too:
	 * an insert must never find the hash full while a context is free. */
	entries = 2ULL * cap;
	if (entries > RTE_HASH_ENTRIES_MAX || cap > UINT32_MAX)
		return -EINVAL;

	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return -ENOMEM;
	t->qs = p->qs;
	t->capacity = (uint32_t)cap;
	t->entries = (uint32_t)entries;
	if (ue_keyer_init(&t->keyer) != 0)
		goto nomem;
	/* Pages of these arrays become resident only when used. */
	t->free_slots = malloc(sizeof(uint32_t) * t->capacity);
	t->ctx = rte_zmalloc_socket("ue_ctx", sizeof(struct ue_ctx) * t->capacity,
				    RTE_CACHE_LINE_SIZE, p->socket_id);
	if (t->free_slots == NULL || t->ctx == NULL)
		goto nomem;
	snprintf(dq_name, sizeof(dq_name), "%s_ctx", p->name);
	/* A slot is retired at most once at a time: the queue never fills.
	 * One thread (the table's writer) enqueues and reclaims. */
	t->dq = rte_rcu_qsbr_dq_create(&(struct rte_rcu_qsbr_dq_parameters){
		.name = dq_name, .flags = RTE_RCU_QSBR_DQ_MT_UNSAFE,
		.size = t->capacity, .esize = sizeof(uint32_t),
		.trigger_reclaim_limit = 64, .max_reclaim_size = 256,
		.free_fn = ctx_reclaimed, .p = t, .v = p->qs });
	if (t->dq == NULL)
		goto nomem;

	hp.name = p->name;
	hp.entries = (uint32_t)entries;
	hp.key_len = UE_KEY_LEN;
	hp.hash_func = ue_key_fold;
	hp.socket_id = p->socket_id;
	/* EXT_TABLE: inserts never fail at high load; the spill buckets are
	 * touched only when used. */
	hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF |
			RTE_HASH_EXTRA_FLAGS_EXT_TABLE;
	t->h = rte_hash_create(&hp);
	if (t->h == NULL) {
		int err = rte_errno == EEXIST ? -EEXIST : -ENOMEM;

		ue_table_free(t);
		return err;
	}
	/* rte_hash has compare functions for keys of 16 octets and more,
	 * memcmp for the others. (A function pointer: fine in the gateway's
	 * single process, not across DPDK multi-process.) */
	rte_hash_set_cmp_func(t->h, ue_key_cmp);
	/* DQ mode: a deleted key's slot goes to a defer queue and is reused
	 * after a grace period; the writer never waits for the workers. */
	rc.v = p->qs;
	rc.mode = RTE_HASH_QSBR_MODE_DQ;
	rc_add = rte_hash_rcu_qsbr_add(t->h, &rc);
	if (rc_add != 0) {
		ue_table_free(t);
		return -rte_errno ? -rte_errno : -EINVAL;
	}
	*out = t;
	return 0;
nomem:
	ue_table_free(t);
	return -ENOMEM;
}

static void
ctx_wipe(struct ue_ctx *ctx)
{
	a3_keyset_wipe(&ctx->ks);
	memset((uint8_t *)ctx + sizeof(ctx->ks), 0, sizeof(*ctx) - sizeof(ctx->ks));
}

void
ue_table_free(struct ue_table *t)
{
	if (t == NULL)
		return;
	/* The readers are gone: what is still retiring is freed below. */
	rte_rcu_qsbr_dq_delete(t->dq);
	rte_hash_free(t->h);
	if (t->ctx != NULL) {
		for (uint32_t i = 0; i < t->hwm; i++)
			ctx_wipe(&t->ctx[i]);
		rte_free(t->ctx);
	}
	free(t->free_slots);
	explicit_bzero(&t->keyer, sizeof(t->keyer));
	free(t);
}

const struct ue_keyer *
ue_table_keyer(const struct ue_table *t)
{
	return &t->keyer;
}

struct ue_ctx *
ue_table_ctx_alloc(struct ue_table *t)
{
	struct ue_ctx *ctx;

	if (t->n_free > 0) {
		ctx = &t->ctx[t->free_slots[--t->n_free]];
		__atomic_store_n(&ctx->state, UE_CTX_NEW, __ATOMIC_RELAXED);
	} else if (t->hwm < t->capacity) {
		ctx = &t->ctx[t->hwm];
		__atomic_store_n(&ctx->state, UE_CTX_NEW, __ATOMIC_RELAXED);
		/* Release: a scan that sees the new mark sees the state. */
		__atomic_store_n(&t->hwm, t->hwm + 1, __ATOMIC_RELEASE);
	} else {
		return NULL;
	}
	t->live++;
	return ctx;
}

static void
slot_free(struct ue_table *t, struct ue_ctx *ctx)
{
	if (ctx->state != UE_CTX_RETIRED && ctx->state != UE_CTX_FREE)
		t->live--;
	ctx_wipe(ctx);
	t->free_slots[t->n_free++] = ue_table_slot_index(t, ctx);
}

void
ue_table_ctx_release(struct ue_table *t, struct ue_ctx *ctx)
{
	slot_free(t, ctx);
}

struct ue_ctx *
ue_table_lookup(const struct ue_table *t, uint64_t key)
{
	void *data;

	if (rte_hash_lookup_data(t->h, &key, &data) < 0)
		return NULL;
	return data;
}

int
ue_table_insert(struct ue_table *t, struct ue_ctx *ctx, const uint64_t *key_ext,
		const uint64_t *key_msisdn)
{
	int rc;

	if (key_ext == NULL && key_msisdn == NULL)
		return -EINVAL;
	if ((key_ext && rte_hash_lookup(t->h, key_ext) >= 0) ||
	    (key_msisdn && rte_hash_lookup(t->h, key_msisdn) >= 0) ||
	    (key_ext && key_msisdn && *key_ext == *key_msisdn))
		return -EEXIST;
	if (key_ext) {
		rc = rte_hash_add_key_data(t->h, key_ext, ctx);
		if (rc < 0)
			return rc;
	}
	if (key_msisdn) {
		rc = rte_hash_add_key_data(t->h, key_msisdn, ctx);
		if (rc < 0) {
			if (key_ext)
				rte_hash_del_key(t->h, key_ext);
			return rc;
		}
	}
	return 0;
}

void
ue_table_ctx_publish(struct ue_table *t, struct ue_ctx *ctx)
{
	RTE_SET_USED(t);
	/* Release: the COUNT thread that sees LIVE sees the whole context. */
	__atomic_store_n(&ctx->state, UE_CTX_LIVE, __ATOMIC_RELEASE);
}

/* Hands a context no longer reachable to the defer queue. */
static void
retire(struct ue_table *t, struct ue_ctx *ctx)
{
	uint32_t slot = ue_table_slot_index(t, ctx);

	__atomic_store_n(&ctx->state, UE_CTX_RETIRED, __ATOMIC_RELAXED);
	t->live--;
	t->retiring++;
	/* The queue holds every slot at once: it cannot be full. */
	if (rte_rcu_qsbr_dq_enqueue(t->dq, &slot) != 0)
		RTE_VERIFY(0);
}

unsigned int
ue_table_reclaim(struct ue_table *t, bool wait)
{
	unsigned int freed = 0, pending = 0, avail, n;

	rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, &freed, &pending, &avail);
	if (wait && pending > 0) {
		rte_rcu_qsbr_synchronize(t->qs, RTE_QSBR_THRID_INVALID);
		rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, &n, &pending, &avail);
		freed += n;
	}
	return freed;
}

uint32_t
ue_table_room(const struct ue_table *t)
{
	uint32_t free_ctx = t->capacity - t->hwm + t->n_free;
	int32_t keys = rte_hash_count(t->h);
	/* Key slots of deleted keys still waiting for their grace period
	 * are not free: at most two per retiring context. */
	int64_t free_keys = (int64_t)t->entries - (keys > 0 ? keys : 0) - 2 * (int64_t)t->retiring;

	if (free_keys < 0)
		free_keys = 0;
	return RTE_MIN(free_ctx, (uint32_t)(free_keys / 2));
}

uint32_t
ue_table_retiring(const struct ue_table *t)
{
	return t->retiring;
}

int
ue_table_replace(struct ue_table *t, const uint64_t *key_ext,
		 const uint64_t *key_msisdn, struct ue_ctx *nctx)
{
	struct ue_ctx *a = key_ext ? ue_table_lookup(t, *key_ext) : NULL;
	struct ue_ctx *b = key_msisdn ? ue_table_lookup(t, *key_msisdn) : NULL;
	struct ue_ctx *old = a ? a : b;

	if (old == NULL)
		return -ENOENT;
	if ((key_ext && a != old) || (key_msisdn && b != old) || nctx == old)
		return -EINVAL;

	/* rte_hash_add_key_data on an existing key swaps the data pointer with
	 * a release store: readers see the old or the new context, whole. */
	if (key_ext && rte_hash_add_key_data(t->h, key_ext, nctx) < 0)
		return -EIO;
	if (key_msisdn && rte_hash_add_key_data(t->h, key_msisdn, nctx) < 0)
		return -EIO;

	retire(t, old);
	return 0;
}

int
ue_table_delete(struct ue_table *t, const uint64_t *key_ext, const uint64_t *key_msisdn)
{
	struct ue_ctx *a = key_ext ? ue_table_lookup(t, *key_ext) : NULL;
	struct ue_ctx *b = key_msisdn ? ue_table_lookup(t, *key_msisdn) : NULL;
	struct ue_ctx *old = a ? a : b;

	if (old == NULL)
		return -ENOENT;
	if ((key_ext && a != old) || (key_msisdn && b != old))
		return -EINVAL;
	/* The key slots and the context are freed after a grace period;
	 * nothing here waits for the workers. */
	if (key_ext)
		rte_hash_del_key(t->h, key_ext);
	if (key_msisdn)
		rte_hash_del_key(t->h, key_msisdn);
	retire(t, old);
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
ue_table_insert_bulk(struct ue_table *t, struct ue_ctx *const *ctx, const uint64_t *key_ext,
		     const uint64_t *key_msisdn, unsigned int n)
{
	uint64_t keys[2 * UE_INSERT_BULK] = { 0 };
	struct ue_ctx *found[2 * UE_INSERT_BULK];
	unsigned int m = 0;
	bool clash = false;
	int rc;

	if (n > UE_INSERT_BULK)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (key_ext[i])
			keys[m++] = key_ext[i];
		if (key_msisdn[i])
			keys[m++] = key_msisdn[i];
	}
	/* One pass for every key of the batch: the hash's bulk lookup
	 * prefetches the buckets the adds below then find in cache. */
	if (ue_table_lookup_bulk(t, keys, m, found) != 0)
		clash = true;
	qsort(keys, m, sizeof(keys[0]), cmp_key);
	for (unsigned int i = 1; i < m && !clash; i++)
		clash = keys[i] == keys[i - 1];
	if (clash) {
		/* some identifier is taken: one by one, to say which */
		for (unsigned int i = 0; i < n; i++) {
			rc = ue_table_insert(t, ctx[i], key_ext[i] ? &key_ext[i] : NULL,
					     key_msisdn[i] ? &key_msisdn[i] : NULL);
			if (rc != 0)
				return (int)i;
		}
		return (int)n;
	}
	for (unsigned int i = 0; i < n; i++) {
		if ((key_ext[i] && (rc = rte_hash_add_key_data(t->h, &key_ext[i], ctx[i])) < 0) ||
		    (key_msisdn[i] && (rc = rte_hash_add_key_data(t->h, &key_msisdn[i], ctx[i])) < 0)) {
			if (key_ext[i])
				rte_hash_del_key(t->h, &key_ext[i]);
			return (int)i;
		}
	}
	return (int)n;
}

unsigned int
ue_table_lookup_bulk(const struct ue_table *t, const uint64_t *keys, unsigned int n,
		     struct ue_ctx **ctx)
{
	const void *kp[RTE_HASH_LOOKUP_BULK_MAX];
	void *data[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int found = 0;

	for (unsigned int base = 0; base < n; base += RTE_HASH_LOOKUP_BULK_MAX) {
		unsigned int m = RTE_MIN(n - base, (unsigned int)RTE_HASH_LOOKUP_BULK_MAX);
		uint64_t hits = 0;

		for (unsigned int i = 0; i < m; i++)
			kp[i] = &keys[base + i];
		rte_hash_lookup_bulk_data(t->h, kp, m, &hits, data);
		for (unsigned int i = 0; i < m; i++) {
			struct ue_ctx *c = (hits >> i) & 1 ? data[i] : NULL;

			ctx[base + i] = c;
			if (c != NULL) {
				/* The whole context: the COUNT line is written
				 * first, the key schedule read by the crypto
				 * after, and a random UE of a large table is in
				 * no cache. Contexts are not line aligned:
				 * every line from the first to the last. */
				uintptr_t a = (uintptr_t)c & ~(uintptr_t)(RTE_CACHE_LINE_SIZE - 1);

				for (; a < (uintptr_t)(c + 1); a += RTE_CACHE_LINE_SIZE)
					rte_prefetch0((const void *)a);
				found++;
			}
		}
	}
	return found;
}

uint32_t
ue_table_slots(const struct ue_table *t)
{
	return __atomic_load_n(&t->hwm, __ATOMIC_ACQUIRE);
}

struct ue_ctx *
ue_table_slot(struct ue_table *t, uint32_t i)
{
	return &t->ctx[i];
}

uint32_t
ue_table_slot_index(const struct ue_table *t, const struct ue_ctx *ctx)
{
	return (uint32_t)(ctx - t->ctx);
}

uint32_t
ue_table_count(const struct ue_table *t)
{
	return t->live;
}

size_t
ue_mem_resident(void)
{
	unsigned long size, resident;
	FILE *f = fopen("/proc/self/statm", "r");
	int n;

	if (f == NULL)
		return 0;
	n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	if (n != 2)
		return 0;
	return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}
