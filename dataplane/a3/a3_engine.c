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
	e->mgr = alloc_mb_mgr(0);
	if (e->mgr == NULL) {
		free(e);
		return NULL;
	}
	init_mb_mgr_auto(e->mgr, &e->arch);
	if (e->arch == IMB_ARCH_NONE) {
		free_mb_mgr(e->mgr);
		free(e);
		return NULL;
	}
	return e;
}

void
a3_engine_free(struct a3_engine *e)
{
	if (e == NULL)
		return;
	free_mb_mgr(e->mgr);
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
a3_jobs_get(struct a3_engine *e, unsigned int n)
{
	unsigned int got = IMB_GET_NEXT_BURST(e->mgr, n, e->jobs);

	for (unsigned int i = 0; i < got; i++) {
		IMB_JOB *j = e->jobs[i];

		/* Only the fields a3 sets are cleared; the rest are unused by
		 * the modes it selects. */
		j->src = NULL;
		j->dst = NULL;
		j->cipher_start_src_offset_in_bytes = 0;
		j->msg_len_to_cipher_in_bytes = 0;
		j->hash_start_src_offset_in_bytes = 0;
		j->msg_len_to_hash_in_bytes = 0;
		j->iv = NULL;
		j->iv_len_in_bytes = 0;
		j->auth_tag_output = NULL;
		j->auth_tag_output_len_in_bytes = 0;
		j->cipher_mode = IMB_CIPHER_NULL;
		j->hash_alg = IMB_AUTH_NULL;
		j->cipher_direction = IMB_DIR_ENCRYPT;
		j->chain_order = IMB_ORDER_CIPHER_HASH;
		j->key_len_in_bytes = IMB_KEY_128_BYTES;
		j->enc_keys = NULL;
		j->dec_keys = NULL;
		j->user_data = (void *)(uintptr_t)i;
	}
	return got;
}

int
a3_jobs_run(struct a3_engine *e, unsigned int n,
	    void (*done)(IMB_JOB *job, void *arg), void *arg)
{
	IMB_JOB **jobs = e->jobs;
	unsigned int left = n, k;

	k = IMB_SUBMIT_BURST(e->mgr, n, jobs);
	/* On a rejected burst 1.3 returns 0 and puts the bad job first, marked
	 * invalid; the process-wide imb_get_errno is not reliable across threads. */
	if (k == 0 && n > 0 && jobs[0]->status == IMB_STATUS_INVALID_ARGS)
		return -1;
	for (unsigned int i = 0; i < k; i++)
		done(jobs[i], arg);
	left -= k;
	while (left > 0) {
		k = IMB_FLUSH_BURST(e->mgr, left, jobs);
		if (k == 0)
			return -1;
		for (unsigned int i = 0; i < k; i++)
			done(jobs[i], arg);
		left -= k;
	}
	return 0;
}
