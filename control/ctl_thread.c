/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include <rte_common.h>
#include <rte_lcore.h>

#include "ctl_thread.h"

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * The refill scans every context: 17 ms at 1,000,000 UEs. The pause after a
 * scan is at least ten times the scan, so that it takes at most a tenth of
 * the control core; a UE can still use block - low-water COUNTs (3,072 by
 * default) between two scans, some 16,000 triggers a second at that size.
 */
#define SCAN_SHARE 10

static void *
ctl_main(void *arg)
{
	struct ctl_thread *t = arg;
	const struct ctl_thread_params *p = &t->p;
	uint64_t start = now_us(), next_stats = start + p->stats_s * 1000000ull;
	uint64_t min_nap = (p->refill_ms ? p->refill_ms : 20) * 1000ull;

	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		uint64_t now, scan = now_us(), nap;
		int rc = count_store_refill(p->cs, p->ues);
		struct timespec ts;

		rc = rc < 0 ? rc : 0;
		if (rc != 0 && rc != t->refill_rc)
			fprintf(stderr, "mtc-gw: COUNT store: refill failed (%d); triggers of "
					"UEs that run dry get 201 until it recovers\n", rc);
		t->refill_rc = rc;
		t->refills++;
		ue_table_reclaim(p->ues, false);
		now = now_us();
		nap = RTE_MAX(min_nap, SCAN_SHARE * (now - scan));
		if (p->stats_s && p->stats && now >= next_stats) {
			p->stats(p->stats_arg);
			next_stats += p->stats_s * 1000000ull;
		}
		if (p->duration_s && now - start >= p->duration_s * 1000000ull)
			__atomic_store_n(p->stop, true, __ATOMIC_RELEASE);
		/* Never past a statistics line or the end of a timed run. */
		if (p->stats_s)
			nap = RTE_MIN(nap, next_stats > now ? next_stats - now : 0);
		if (p->duration_s)
			nap = RTE_MIN(nap, start + p->duration_s * 1000000ull > now
					   ? start + p->duration_s * 1000000ull - now : 0);
		ts.tv_sec = (time_t)(nap / 1000000);
		ts.tv_nsec = (long)(nap % 1000000) * 1000;
		nanosleep(&ts, NULL);
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
