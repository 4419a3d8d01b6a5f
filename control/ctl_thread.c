/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include <rte_lcore.h>

#include "ctl_thread.h"

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void *
ctl_main(void *arg)
{
	struct ctl_thread *t = arg;
	const struct ctl_thread_params *p = &t->p;
	uint64_t start = now_ms(), next_stats = start + p->stats_s * 1000ull;
	struct timespec nap = { 0, (long)(p->refill_ms ? p->refill_ms : 20) * 1000000L };

	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		uint64_t now;
		int rc = count_store_refill(p->cs, p->ues);

		rc = rc < 0 ? rc : 0;
		if (rc != 0 && rc != t->refill_rc)
			fprintf(stderr, "mtc-gw: COUNT store: refill failed (%d); triggers of "
					"UEs that run dry get 201 until it recovers\n", rc);
		t->refill_rc = rc;
		t->refills++;
		ue_table_reclaim(p->ues, false);
		now = now_ms();
		if (p->stats_s && p->stats && now >= next_stats) {
			p->stats(p->stats_arg);
			next_stats += p->stats_s * 1000ull;
		}
		if (p->duration_s && now - start >= p->duration_s * 1000ull)
			__atomic_store_n(p->stop, true, __ATOMIC_RELEASE);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int
ctl_thread_start(struct ctl_thread *t, const struct ctl_thread_params *p)
{
	t->p = *p;
	t->done = false;
	t->refill_rc = 0;
	t->refills = 0;
	return rte_ctrl_thread_create(&t->tid, "mtc-ctl", NULL, ctl_main, t);
}

void
ctl_thread_join(struct ctl_thread *t)
{
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
	pthread_join(t->tid, NULL);
}
