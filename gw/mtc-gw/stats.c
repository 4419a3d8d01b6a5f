/* SPDX-License-Identifier: BSD-3-Clause */
/* The workers' counters, summed by the control thread or at the stop. */
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "app.h"

static void
sum(const struct gw_app *a, struct wire_counters *wc, struct gw_counters *gc)
{
	memset(wc, 0, sizeof(*wc));
	memset(gc, 0, sizeof(*gc));
	for (unsigned int i = 0; i < a->gw.n_workers; i++) {
		wire_counters_add(wc, &a->workers[i].wc);
		gw_counters_add(gc, &a->workers[i].gc);
	}
}

/* Requests answered, whatever the answer. */
static uint64_t
answered(const struct wire_counters *wc, const struct gw_counters *gc)
{
	uint64_t n = gc->v[GW_CTR_rc_3004_too_busy];

	for (int i = GW_CTR_rs_0_success; i <= GW_CTR_rs_201_temporaryerror; i++)
		n += gc->v[i];
	for (int i = WIRE_CTR_dar_3001; i <= WIRE_CTR_dar_5015; i++)
		n += wc->v[i];
	return n;
}

void
gw_stats_line(void *arg)
{
	static uint64_t last_tsc, last_sent;
	struct gw_app *a = arg;
	struct wire_counters wc;
	struct gw_counters gc;
	uint64_t tsc = rte_rdtsc();
	double dt = last_tsc ? (double)(tsc - last_tsc) / (double)a->gw.tsc_hz : 0;

	sum(a, &wc, &gc);
	printf("mtc-gw: %10.1f s  frames %12lu  answered %12lu  delivered %12lu (%9.0f/s)  "
	       "refused %10lu  dropped %10lu\n",
	       (double)(tsc - a->gw.start_tsc) / (double)a->gw.tsc_hz, wc.v[WIRE_CTR_rx_frames],
	       answered(&wc, &gc), gc.v[GW_CTR_dtr_sent],
	       dt > 0 ? (double)(gc.v[GW_CTR_dtr_sent] - last_sent) / dt : 0.0,
	       answered(&wc, &gc) - gc.v[GW_CTR_rs_0_success] - gc.v[GW_CTR_rs_112_originalmessagesent],
	       gc.v[GW_CTR_drop_unknown_source] + wc.v[WIRE_CTR_rx_frames] - wc.v[WIRE_CTR_rx_tsp] -
		       wc.v[WIRE_CTR_rx_arp] - wc.v[WIRE_CTR_tx_arp_reply] -
		       wc.v[WIRE_CTR_rx_nd_advert] - wc.v[WIRE_CTR_tx_nd_advert]);
	fflush(stdout);
	last_tsc = tsc;
	last_sent = gc.v[GW_CTR_dtr_sent];
}

void
gw_stats_final(const struct gw_app *a)
{
	struct wire_counters wc;
	struct gw_counters gc;
	double secs = (double)(rte_rdtsc() - a->gw.start_tsc) / (double)a->gw.tsc_hz;

	if (a->opts.quiet)
		return;
	sum(a, &wc, &gc);
	printf("mtc-gw: stopped after %.1f s; counters (non-zero):\n", secs);
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wc.v[i])
			printf("  %-28s %12lu  %s\n", wire_counter_desc[i].name, wc.v[i],
			       wire_counter_desc[i].desc);
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gc.v[i])
			printf("  %-28s %12lu  %s\n", gw_counter_desc[i].name, gc.v[i],
			       gw_counter_desc[i].desc);
	fflush(stdout);
}
