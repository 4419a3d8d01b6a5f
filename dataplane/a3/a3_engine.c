/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "a3_engine.h"

struct a3_engine *
a3_engine_create(void)
{
	struct a3_engine *e;

	if (posix_memalign((void **)&e, 64, sizeof(*e)) != 0)
		return NULL;
	memset(e, 0, sizeof(*e));
	e->mgr[A3_MGR_MAIN] = alloc_mb_mgr(0);
	if (e->mgr[A3_MGR_MAIN] == NULL)
		goto fail;
	init_mb_mgr_auto(e->mgr[A3_MGR_MAIN], &e->arch);
	if (e->arch == IMB_ARCH_NONE)
		goto fail;
	if (e->arch == IMB_ARCH_AVX512) {
		e->mgr[A3_MGR_SMALL] = alloc_mb_mgr(0);
		if (e->mgr[A3_MGR_SMALL] == NULL)
			goto fail;
		init_mb_mgr_avx2(e->mgr[A3_MGR_SMALL]);
	}
	return e;
fail:
	a3_engine_free(e);
	return NULL;
}

void
a3_engine_free(struct a3_engine *e)
{
	if (e == NULL)
		return;
	for (int i = 0; i < A3_MGRS; i++)
		if (e->mgr[i] != NULL)
			free_mb_mgr(e->mgr[i]);
	/* The slots held IVs and MACs only, but wipe them all the same. */
	imb_clear_mem(e, sizeof(*e));
	free(e);
}

const char *
a3_engine_arch(const struct a3_engine *e)
{
	switch (e->arch) {
	case IMB_ARCH_NOAESNI: return "no-aesni";
	case IMB_ARCH_SSE: return "sse";
	case IMB_ARCH_AVX: return "avx";
	case IMB_ARCH_AVX2: return "avx2";
	case IMB_ARCH_AVX512: return "avx512";
	default: return "none";
	}
}

const char *
a3_status_name(enum a3_status s)
{
	static const char *const names[] = {
		[A3_OK] = "ok",         [A3_ERR_HEADER] = "header",
		[A3_ERR_KSI] = "ksi",   [A3_ERR_ALG] = "alg",
		[A3_ERR_MAC] = "mac",   [A3_ERR_REPLAY] = "replay",
		[A3_ERR_EXPIRED] = "expired", [A3_ERR_INTERNAL] = "internal",
	};

	if ((unsigned int)s >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s];
}

unsigned int
a3_group_split(const struct a3_engine *e, unsigned int *idx, unsigned int m,
	       const uint8_t *snow, unsigned int ns, struct a3_group g[2])
{
	unsigned int tail[A3_BURST_MAX], main_n = 0;

	g[0] = (struct a3_group){ .mgr = A3_MGR_MAIN, .m = m, .idx = idx };
	if (ns == 0 || ns >= A3_SNOW3G_LANES || e->mgr[A3_MGR_SMALL] == NULL)
		return 1;
	ns = 0;
	for (unsigned int k = 0; k < m; k++) {
		if (snow[idx[k]])
			tail[ns++] = idx[k];
		else
			idx[main_n++] = idx[k];
	}
	memcpy(idx + main_n, tail, ns * sizeof(*tail));
	g[0].m = main_n;
	g[1] = (struct a3_group){ .mgr = A3_MGR_SMALL, .m = ns, .idx = idx + main_n };
	if (main_n == 0) {
		g[0] = g[1];
		return 1;
	}
	return 2;
}

unsigned int
a3_jobs_get(struct a3_engine *e, uint8_t mgr, unsigned int n)
{
	return IMB_GET_NEXT_BURST(e->mgr[mgr], n, e->jobs);
}

static uint64_t
jobs_done(IMB_JOB **jobs, unsigned int k)
{
	uint64_t bad = 0;

	for (unsigned int i = 0; i < k; i++)
		if (unlikely(jobs[i]->status != IMB_STATUS_COMPLETED))
			bad |= UINT64_C(1) << (uintptr_t)jobs[i]->user_data;
	return bad;
}

uint64_t
a3_jobs_run(struct a3_engine *e, uint8_t mgr, unsigned int n)
{
	const uint64_t all = n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
	IMB_JOB **jobs = e->jobs;
	unsigned int left = n, k;
	uint64_t bad;

	/* Every job comes from the builders of a3_jobs.c over inputs checked
	 * before: release builds skip the library's second validation; the
	 * others (the tests) keep it, so that a job it would refuse fails there.
	 * On a rejected burst 1.3 returns 0 and puts the bad job first, marked
	 * invalid; the process-wide imb_get_errno is not reliable across threads. */
#ifdef NDEBUG
	k = IMB_SUBMIT_BURST_NOCHECK(e->mgr[mgr], n, jobs);
#else
	k = IMB_SUBMIT_BURST(e->mgr[mgr], n, jobs);
#endif
	if (k == 0 && n > 0 && jobs[0]->status == IMB_STATUS_INVALID_ARGS)
		return all;
	bad = jobs_done(jobs, k);
	left -= k;
	while (left > 0) {
		k = IMB_FLUSH_BURST(e->mgr[mgr], left, jobs);
		if (k == 0) /* cannot happen with jobs queued; never spin on it */
			return all;
		bad |= jobs_done(jobs, k);
		left -= k;
	}
	return bad;
}
