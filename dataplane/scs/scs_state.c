/* SPDX-License-Identifier: BSD-3-Clause */
/* The per-SCS state that outlives policy snapshots: allocation and sums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "scs_policy.h"

static void *
zalloc_lines(size_t sz)
{
	void *p;

	sz = RTE_ALIGN_CEIL(sz ? sz : 1, RTE_CACHE_LINE_SIZE);
	p = aligned_alloc(RTE_CACHE_LINE_SIZE, sz);
	if (p != NULL)
		memset(p, 0, sz);
	return p;
}

struct scs_state *
scs_state_create(uint32_t cap, uint32_t n_workers)
{
	struct scs_state *st;

	if (cap == 0 || n_workers == 0)
		return NULL;
	st = zalloc_lines(sizeof(*st) + n_workers * sizeof(st->lane[0]));
	if (st == NULL)
		return NULL;
	st->cap = cap;
	st->n_workers = n_workers;
	st->quota = zalloc_lines(sizeof(*st->quota) * cap);
	st->name = zalloc_lines(sizeof(*st->name) * cap);
	if (st->quota == NULL || st->name == NULL)
		goto nomem;
	for (uint32_t w = 0; w < n_workers; w++) {
		struct scs_lane *l = &st->lane[w];

		/* Pages of these become resident only for the ids in use. */
		l->bucket = zalloc_lines(sizeof(*l->bucket) * cap);
		l->memo = zalloc_lines(sizeof(*l->memo) * SCS_MEMO_SLOTS);
		l->ctr = zalloc_lines(sizeof(*l->ctr) * SCS_CTR_N * cap);
		if (l->bucket == NULL || l->memo == NULL || l->ctr == NULL)
			goto nomem;
		for (unsigned int i = 0; i < SCS_MEMO_SLOTS; i++)
			l->memo[i].scs = SCS_NONE;
		l->memo_gen = 0; /* no snapshot has generation 0 */
	}
	return st;
nomem:
	scs_state_free(st);
	return NULL;
}

void
scs_state_free(struct scs_state *st)
{
	if (st == NULL)
		return;
	for (uint32_t w = 0; w < st->n_workers; w++) {
		free(st->lane[w].bucket);
		free(st->lane[w].memo);
		free(st->lane[w].ctr);
	}
	free(st->quota);
	free(st->name);
	free(st);
}

void
scs_state_sum(const struct scs_state *st, uint32_t scs, int worker, uint64_t out[SCS_CTR_N])
{
	memset(out, 0, sizeof(uint64_t) * SCS_CTR_N);
	if (scs >= st->cap)
		return;
	for (uint32_t w = 0; w < st->n_workers; w++) {
		const uint64_t *c = &st->lane[w].ctr[(size_t)scs * SCS_CTR_N];

		if (worker >= 0 && (uint32_t)worker != w)
			continue;
		for (unsigned int i = 0; i < SCS_CTR_N; i++)
			out[i] += __atomic_load_n(&c[i], __ATOMIC_RELAXED);
	}
}

void
scs_state_name_set(struct scs_state *st, uint32_t id, const char *name)
{
	if (id >= st->cap)
		return;
	snprintf(st->name[id], sizeof(st->name[id]), "%s", name);
	/* Release: a reader that sees the count sees the names below it. */
	if (id >= st->n_named)
		__atomic_store_n(&st->n_named, id + 1, __ATOMIC_RELEASE);
}

const char *
scs_state_name(const struct scs_state *st, uint32_t id)
{
	return id < __atomic_load_n(&st->n_named, __ATOMIC_ACQUIRE) && st->name[id][0] ?
	       st->name[id] : NULL;
}
