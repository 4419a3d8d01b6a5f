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
 * Workers ask for a context's refill as it crosses its low-water mark; the
 * requests are served every tick, so a UE can use up to block - low-water
 * COUNTs (3,072 by default) a millisecond. The full scan (17 ms at
 * 1,000,000 UEs) only catches a request the ring could not take: it runs
 * at most every scan_ms, and pauses at least ten times its own length.
 */
#define TICK_US 1000
#define SCAN_SHARE 10
#define REQ_BATCH 256

static int
serve_requests(struct ctl_thread *t)
{
	void *req[REQ_BATCH];
	unsigned int n;
	int rc = 0;

	if (t->p.refill_req == NULL)
		return 0;
	while (rc >= 0 &&
	       (n = rte_ring_sc_dequeue_burst(t->p.refill_req, req, REQ_BATCH, NULL)) > 0) {
		rc = count_store_refill_some(t->p.cs, (struct ue_ctx *const *)req, n);
		/* Relaxed stores: telemetry reads them from other threads. */
		__atomic_store_n(&t->requests, t->requests + n, __ATOMIC_RELAXED);
	}
	return rc < 0 ? rc : 0;
}

static int
scan(struct ctl_thread *t)
{
	int rc = count_store_refill(t->p.cs, t->p.ues);

	__atomic_store_n(&t->refills, t->refills + 1, __ATOMIC_RELAXED);
	return rc < 0 ? rc : 0;
}

static void *
ctl_main(void *arg)
{
	struct ctl_thread *t = arg;
	const struct ctl_thread_params *p = &t->p;
	uint64_t start = now_us(), next_stats = start + p->stats_s * 1000000ull;
	uint64_t scan_gap = (p->scan_ms ? p->scan_ms : 1000) * 1000ull;
	uint64_t next_scan = start + scan_gap;

	rte_rcu_qsbr_thread_online(p->qs, p->qs_id);
	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
		uint64_t now = now_us(), nap = TICK_US;
		int rc = serve_requests(t);
		struct timespec ts;

		if (rc == 0 && now >= next_scan) {
			rc = scan(t);
			next_scan = now_us();
			next_scan += RTE_MAX(scan_gap, SCAN_SHARE * (next_scan - now));
		}
		if (rc != 0 && rc != t->refill_rc)
			fprintf(stderr, "mtc-gw: COUNT store: refill failed (%d); triggers of "
					"UEs that run dry get 201 until it recovers\n", rc);
		if (rc != 0)
			__atomic_store_n(&t->refill_errors, t->refill_errors + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&t->refill_rc, rc, __ATOMIC_RELAXED);
		/* No context is held past here. */
		rte_rcu_qsbr_quiescent(p->qs, p->qs_id);
		now = now_us();
		if (p->stats_s && p->stats && now >= next_stats) {
			p->stats(p->stats_arg);
			next_stats += p->stats_s * 1000000ull;
		}
		if (p->duration_s && now - start >= p->duration_s * 1000000ull)
			__atomic_store_n(p->stop, true, __ATOMIC_RELEASE);
		ts.tv_sec = 0;
		ts.tv_nsec = (long)nap * 1000;
		nanosleep(&ts, NULL);
	}
	rte_rcu_qsbr_thread_offline(p->qs, p->qs_id);
	return NULL;
}

int
ctl_thread_start(struct ctl_thread *t, const struct ctl_thread_params *p)
{
	t->p = *p;
	t->done = false;
	t->refill_rc = 0;
	t->refills = 0;
	t->refill_errors = 0;
	t->requests = 0;
	return rte_ctrl_thread_create(&t->tid, "mtc-ctl", NULL, ctl_main, t);
}

void
ctl_thread_join(struct ctl_thread *t)
{
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
	pthread_join(t->tid, NULL);
}
