/* SPDX-License-Identifier: BSD-3-Clause */
/* The workers' counters, summed by the control thread or at the stop. */
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "app.h"

void
gw_stats_sum(const struct gw_app *a, int worker, struct wire_counters *wc,
	     struct gw_counters *gc)
{
	memset(wc, 0, sizeof(*wc));
	memset(gc, 0, sizeof(*gc));
	for (unsigned int i = 0; i < a->rt.n_workers; i++) {
		if (worker >= 0 && (unsigned int)worker != i)
			continue;
		wire_counters_add(wc, &a->workers[i].wc);
		gw_counters_add(gc, &a->workers[i].gc);
	}
}

/* The counters of one kind, summed over both tables. */
static uint64_t
of_kind(const struct wire_counters *wc, const struct gw_counters *gc, enum ctr_kind k)
{
	uint64_t n = 0;

	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wire_counter_desc[i].kind == k)
			n += wc->v[i];
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gw_counter_desc[i].kind == k)
			n += gc->v[i];
	return n;
}

/* Requests answered, whatever the answer. */
static uint64_t
answered(const struct wire_counters *wc, const struct gw_counters *gc)
{
	return of_kind(wc, gc, CTR_KIND_success) + of_kind(wc, gc, CTR_KIND_refusal) +
	       of_kind(wc, gc, CTR_KIND_fault);
}

uint64_t
gw_first_rx_tsc(const struct gw_app *a)
{
	uint64_t first = 0;

	for (unsigned int i = 0; i < a->rt.n_workers; i++) {
		uint64_t t = __atomic_load_n(&a->workers[i].first_rx_tsc, __ATOMIC_RELAXED);

		if (t != 0 && (first == 0 || t < first))
			first = t;
	}
	return first;
}

void
gw_stats_line(void *arg)
{
	static uint64_t last_tsc, last_sent;
	struct gw_app *a = arg;
	struct wire_counters wc;
	struct gw_counters gc;
	uint64_t tsc = rte_rdtsc(), ans, delivered, first = gw_first_rx_tsc(a);
	double dt = last_tsc ? (double)(tsc - last_tsc) / (double)a->rt.tsc_hz : 0;
	double since = first && tsc > first ? (double)(tsc - first) / (double)a->rt.tsc_hz : 0;

	gw_stats_sum(a, -1, &wc, &gc);
	ans = answered(&wc, &gc);
	delivered = gc.v[GW_CTR_dtr_sent];
	printf("mtc-gw: %6.1f s  frames %11lu  answered %11lu  delivered %11lu (%9.0f/s)  "
	       "refused %9lu  dropped %9lu  %9.0f/s since traffic began\n",
	       (double)(tsc - a->rt.start_tsc) / (double)a->rt.tsc_hz, wc.v[WIRE_CTR_rx_frames],
	       ans, delivered, dt > 0 ? (double)(delivered - last_sent) / dt : 0.0,
	       of_kind(&wc, &gc, CTR_KIND_refusal) + of_kind(&wc, &gc, CTR_KIND_fault),
	       of_kind(&wc, &gc, CTR_KIND_drop), since > 0 ? (double)delivered / since : 0.0);
	fflush(stdout);
	last_tsc = tsc;
	last_sent = delivered;
}

void
gw_stats_final(const struct gw_app *a)
{
	struct wire_counters wc;
	struct gw_counters gc;
	double secs = (double)(rte_rdtsc() - a->rt.start_tsc) / (double)a->rt.tsc_hz;

	if (a->opts.quiet)
		return;
	gw_stats_sum(a, -1, &wc, &gc);
	printf("mtc-gw: stopped after %.1f s: %lu requests answered (%.0f/s), %lu triggers "
	       "delivered (%.0f/s); counters (non-zero):\n", secs, answered(&wc, &gc),
	       (double)answered(&wc, &gc) / secs, gc.v[GW_CTR_dtr_sent],
	       (double)gc.v[GW_CTR_dtr_sent] / secs);
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wc.v[i])
			printf("  %-28s %12lu  %s\n", wire_counter_desc[i].name, wc.v[i],
			       wire_counter_desc[i].desc);
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gc.v[i])
			printf("  %-28s %12lu  %s\n", gw_counter_desc[i].name, gc.v[i],
			       gw_counter_desc[i].desc);
	printf("  COUNT reservations: %lu refill requests served, %lu full scans\n",
	       a->ctl.requests, a->ctl.refills);
#ifdef GW_STAGE_CYCLES
	for (unsigned int k = 0; k < a->rt.n_workers; k++) {
		const struct gw_worker *w = &a->workers[k];

		printf("  worker %u, cycles per frame by stage:", k);
		gw_stage_print(w->stage_cycles, w->stage_pkts);
	}
#endif
	fflush(stdout);
}
