/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

#include <rte_common.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "sent_table.h"

/* Slots probed from the home slot: one or two cache lines. */
#define PROBE 8

static inline uint64_t
sent_key(uint32_t scs, uint32_t ref)
{
	return UINT64_C(1) << 63 | (uint64_t)scs << 32 | ref;
}

static inline uint64_t
home(const struct sent_table *t, uint64_t key)
{
	/* Fibonacci hashing: references are often sequential. */
	return (key * UINT64_C(0x9e3779b97f4a7c15)) >> 20 & t->mask;
}

int
sent_table_init(struct sent_table *t, uint32_t slots, int socket_id)
{
	uint64_t n = rte_align64pow2(slots < PROBE ? PROBE : slots);

	t->slot = rte_zmalloc_socket("sent_table", n * sizeof(*t->slot), RTE_CACHE_LINE_SIZE,
				     socket_id);
	if (t->slot == NULL)
		return -ENOMEM;
	t->mask = n - 1;
	return 0;
}

void
sent_table_free(struct sent_table *t)
{
	rte_free(t->slot);
	t->slot = NULL;
}

void
sent_table_add(struct sent_table *t, uint32_t scs, uint32_t ref, uint64_t expiry,
	       uint64_t now)
{
	uint64_t key = sent_key(scs, ref), h = home(t, key);
	struct sent_slot *victim = NULL;
	uint64_t oldest = UINT64_MAX;

	for (unsigned int i = 0; i < PROBE; i++) {
		struct sent_slot *s = &t->slot[(h + i) & t->mask];
		uint64_t k = __atomic_load_n(&s->key, __ATOMIC_ACQUIRE);
		uint64_t e = __atomic_load_n(&s->expiry, __ATOMIC_RELAXED);

		if (k == key) {
			if (e < expiry)
				__atomic_store_n(&s->expiry, expiry, __ATOMIC_RELEASE);
			return;
		}
		if (k == 0 || e < now) {
			/* Claim a free or expired slot; another worker may win it. */
			if (__atomic_compare_exchange_n(&s->key, &k, key, false,
							__ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
				__atomic_store_n(&s->expiry, expiry, __ATOMIC_RELEASE);
				return;
			}
			continue;
		}
		if (e < oldest) {
			oldest = e;
			victim = s;
		}
	}
	if (victim != NULL) {
		uint64_t k = __atomic_load_n(&victim->key, __ATOMIC_ACQUIRE);

		if (__atomic_compare_exchange_n(&victim->key, &k, key, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			__atomic_store_n(&victim->expiry, expiry, __ATOMIC_RELEASE);
	}
}

void
sent_table_prefetch(const struct sent_table *t, uint32_t scs, uint32_t ref)
{
	rte_prefetch0(&t->slot[home(t, sent_key(scs, ref))]);
}

bool
sent_table_find(const struct sent_table *t, uint32_t scs, uint32_t ref, uint64_t now)
{
	uint64_t key = sent_key(scs, ref), h = home(t, key);

	for (unsigned int i = 0; i < PROBE; i++) {
		const struct sent_slot *s = &t->slot[(h + i) & t->mask];

		if (__atomic_load_n(&s->key, __ATOMIC_ACQUIRE) == key)
			return __atomic_load_n(&s->expiry, __ATOMIC_ACQUIRE) >= now;
	}
	return false;
}
