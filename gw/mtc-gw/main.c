/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-gw: the MTC-IWF trigger gateway.
 *
 *   mtc-gw [EAL options] -- --config FILE [--stats SECONDS] [--duration SECONDS]
 *          [--quiet] [--check]
 *
 * Exit status: 0 after a clean stop (SIGINT, SIGTERM or --duration), 1 when
 * it cannot start (the message says why).
 */
#include <signal.h>
#include <stdio.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "app.h"

static struct gw_app app;

static void
on_signal(int sig)
{
	struct admin *ad = __atomic_load_n(&app.admin, __ATOMIC_RELAXED);

	if (sig == SIGHUP) {
		if (ad != NULL)
			admin_request_import(ad);
		return;
	}
	__atomic_store_n(&app.gw.stop, true, __ATOMIC_RELAXED);
}

/* EAL's --help: its options, then ours. */
static void
usage_hook(const char *prog)
{
	(void)prog;
	printf("\n");
	gw_usage(stdout);
}

static int
launch_worker(void *arg)
{
	(void)arg;
	unsigned int idx = rte_lcore_index((int)rte_lcore_id());

	return gw_worker_main(&app.workers[idx]);
}

int
main(int argc, char **argv)
{
	int n, rc = 1;

	rte_set_application_usage_hook(usage_hook);
	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "mtc-gw: cannot initialise DPDK (see the EAL message above)\n");
		return 1;
	}
	if (gw_opts_parse(argc - n, argv + n, &app.opts) != 0)
		goto out;
	if (app.opts.check) {
		rc = gw_app_check(&app) == 0 ? 0 : 1;
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (gw_app_start(&app) == 0) {
		rte_eal_mp_remote_launch(launch_worker, NULL, CALL_MAIN);
		rte_eal_mp_wait_lcore();
		rc = 0;
	} else if (__atomic_load_n(&app.gw.stop, __ATOMIC_RELAXED)) {
		rc = 0; /* a stop asked for during the start is no failure */
	}
	gw_app_stop(&app);
out:
	rte_eal_cleanup();
	return rc;
}
