/* SPDX-License-Identifier: BSD-3-Clause */
/* mtc-gw's start, module by module, and its stop in reverse. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "app.h"
#include "policy.h"
#include "provision.h"

#define ERR_LEN 512
/* Triggers remembered for Recall and Replace. */
#define SENT_SLOTS (1u << 20)
/* Refill requests in flight: one per UE crossing its low-water mark. */
#define REFILL_REQ_SLOTS 16384

static int
fail(int rc, const char *what, const char *detail)
{
	fprintf(stderr, "mtc-gw: %s: %s\n", what, detail);
	return rc < 0 ? rc : -EINVAL;
}

static int
start_rcu(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;
	/* Readers: the workers (0 .. n - 1) and the COUNT thread (n). */
	unsigned int readers = a->rt.n_workers + 1;
	size_t sz = rte_rcu_qsbr_get_memsize(readers);

	gw->qs = rte_zmalloc("qsbr", sz, RTE_CACHE_LINE_SIZE);
	if (gw->qs == NULL || rte_rcu_qsbr_init(gw->qs, readers) != 0)
		return fail(-ENOMEM, "RCU", "cannot allocate the QSBR variable");
	for (unsigned int i = 0; i < readers; i++)
		rte_rcu_qsbr_thread_register(gw->qs, i);
	return 0;
}

/* UE table, SCS policy and keys from the provisioning file. */
static int
start_provisioning(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;
	const struct gw_config *c = &a->cfg;
	struct policy_limits lim = { .max_payload = c->max_payload,
				     .max_validity = c->max_validity,
				     .n_workers = a->rt.n_workers,
				     .socket_id = (int)rte_socket_id() };
	struct policy_builder *b;
	struct scs_policy *pol = NULL;
	struct provision_stats st;
	char err[ERR_LEN];
	long n = c->max_ues ? (long)c->max_ues : provision_count_ues(c->provision);
	int rc;

	if (n < 0)
		return fail((int)n, c->provision, strerror((int)-n));
	rc = ue_table_create(&(struct ue_table_params){ .name = "ues",
				.max_ues = n ? (uint32_t)n : 1, .socket_id = (int)rte_socket_id(),
				.qs = gw->qs }, &gw->ues);
	if (rc != 0)
		return fail(rc, "UE table", "cannot allocate it (too little memory for -m?)");
	a->rt.keyer = ue_table_keyer(gw->ues);
	a->a3 = a3_engine_create();
	a->reg = b = policy_builder_new_cap(c->max_scs);
	if (a->a3 == NULL || b == NULL)
		return fail(-ENOMEM, "provisioning", "out of memory");
	policy_builder_set_qs(b, gw->qs);
	gw->scs_state = scs_state_create(policy_scs_cap(b), a->rt.n_workers);
	if (gw->scs_state == NULL)
		return fail(-ENOMEM, "SCS state", "out of memory");
	rc = provision_load(c->provision, &(struct provision_params){ .table = gw->ues,
				.policy = b, .engine = a->a3,
				.allow_null = c->allow_null_algorithms }, &st, err, sizeof(err));
	for (uint32_t id = 0; rc == 0 && id < policy_scs_ids(b); id++)
		if (policy_scs_name(b, id) != NULL)
			scs_state_name_set(gw->scs_state, id, policy_scs_name(b, id));
	if (rc == 0)
		rc = policy_build(b, &lim, &pol, err, sizeof(err));
	if (rc != 0)
		return fail(rc, c->provision, err);
	gw->policy.cur = pol;
	if (!a->opts.quiet)
		printf("mtc-gw: provisioned %u UEs and %u SCSs from %s\n", st.ues, st.scs,
		       c->provision);
	return 0;
}

static int
start_counts(struct gw_app *a)
{
	char err[ERR_LEN];
	int rc;

	if (a->cfg.master_key[0] != '\0') {
		rc = keywrap_master_load(a->cfg.master_key, &a->master, err, sizeof(err));
		if (rc != 0)
			return fail(rc, "master_key", err);
		a->has_master = true;
	}
	rc = count_store_open(&(struct count_store_params){ .dir = a->cfg.data_dir,
				.master = a->has_master ? &a->master : NULL },
			      &a->cs, err, sizeof(err));
	if (rc != 0)
		return fail(rc, "store", err);
	/* Every UE's first block, durably, before the first packet. */
	rc = count_store_refill(a->cs, a->gw.ues);
	if (rc < 0)
		return fail(rc, "COUNT store", "cannot reserve the first COUNT blocks");
	a->rt.count_low_water = count_store_low_water(a->cs);
	a->gw.refill_req = rte_ring_create("refill_req", REFILL_REQ_SLOTS, (int)rte_socket_id(),
					   RING_F_SC_DEQ);
	if (a->gw.refill_req == NULL)
		return fail(-ENOMEM, "COUNT store", "cannot create the refill request ring");
	return 0;
}

static int
start_workers(struct gw_app *a)
{
	const struct gw_runtime *rt = &a->rt;

	a->workers = rte_zmalloc("workers", rt->n_workers * sizeof(*a->workers),
				 RTE_CACHE_LINE_SIZE);
	if (a->workers == NULL)
		return fail(-ENOMEM, "workers", "out of memory");
	for (unsigned int i = 0; i < rt->n_workers; i++)
		if (gw_worker_init(&a->workers[i], rt, &a->gw, i) != 0)
			return fail(-ENOMEM, "workers", "cannot create an A3 engine");
	return 0;
}

int
gw_app_start(struct gw_app *a)
{
	struct gw_runtime *rt = &a->rt;
	struct gw_shared *gw = &a->gw;
	char err[ERR_LEN];
	int rc;

	rc = config_load(a->opts.config, &a->cfg, err, sizeof(err));
	if (rc != 0)
		return fail(rc, a->opts.config, err);
	rt->n_workers = rte_lcore_count();
	rt->max_validity = a->cfg.max_validity;
	rt->tsc_hz = rte_get_tsc_hz();
	rt->start_tsc = rte_rdtsc();
	rt->start_time = (uint64_t)time(NULL);
	if (diam_local_init(&rt->local, a->cfg.origin_host, a->cfg.origin_realm,
			    a->cfg.t4.destination_realm) != 0)
		return fail(-EINVAL, a->opts.config, "origin_host, origin_realm or "
			    "t4.destination_realm empty or too long");
	if (sent_table_init(&gw->sent, SENT_SLOTS, (int)rte_socket_id()) != 0)
		return fail(-ENOMEM, "recall table", "out of memory");
	if ((rc = start_rcu(a)) != 0 || (rc = start_provisioning(a)) != 0 ||
	    (rc = start_counts(a)) != 0 || (rc = gw_ports_start(a)) != 0 ||
	    (rc = start_workers(a)) != 0)
		return rc;
	rc = ctl_thread_start(&a->ctl, &(struct ctl_thread_params){
		.cs = a->cs, .ues = gw->ues, .qs = gw->qs, .qs_id = a->rt.n_workers,
		.refill_req = gw->refill_req, .stop = &gw->stop,
		.duration_s = a->opts.duration_s, .stats_s = a->opts.stats_s,
		.stats = gw_stats_line, .stats_arg = a });
	if (rc != 0)
		return fail(rc, "control thread", "cannot start it");
	a->ctl_started = true;
	if ((rc = gw_metrics_start(a)) != 0)
		return rc;
	if (!a->opts.quiet)
		printf("mtc-gw: running on %u worker(s); Tsp port %u, T4 port %u\n",
		       rt->n_workers, rt->tsp.port_id, rt->t4.port_id);
	fflush(stdout);
	return 0;
}

void
gw_app_stop(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;

	gw_metrics_stop(a);
	__atomic_store_n(&gw->stop, true, __ATOMIC_RELEASE);
	if (a->ctl_started)
		ctl_thread_join(&a->ctl);
	gw_ports_stop(a);
	if (a->workers != NULL) {
		gw_stats_final(a);
		for (unsigned int i = 0; i < a->rt.n_workers; i++)
			gw_worker_fini(&a->workers[i]);
		rte_free(a->workers);
	}
	if (a->cs != NULL)
		count_store_close(a->cs);
	keywrap_master_wipe(&a->master);
	rte_ring_free(gw->refill_req);
	if (gw->policy.cur != NULL)
		policy_free(gw->policy.cur);
	policy_builder_free(a->reg);
	scs_state_free(gw->scs_state);
	if (gw->ues != NULL)
		ue_table_free(gw->ues);
	a3_engine_free(a->a3);
	sent_table_free(&gw->sent);
	rte_free(gw->qs);
	rte_mempool_free(a->rt.pool);
}
