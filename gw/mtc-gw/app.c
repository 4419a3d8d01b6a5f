/* SPDX-License-Identifier: BSD-3-Clause */
/* mtc-gw's start, module by module, and its stop in reverse. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "admin.h"
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

/* The UE table, the SCS registry and the per-SCS state, empty. */
static int
start_tables(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;
	const struct gw_config *c = &a->cfg;
	long n = c->max_ues;
	int rc;

	if (n == 0) {
		/* What the store holds and what the file adds, at most. */
		n = c->provision[0] ? provision_count_ues(c->provision) : 0;
		if (n < 0)
			return fail((int)n, c->provision, strerror((int)-n));
		n += (long)admin_store_ues(a->cs);
		/* Room to add UEs while it runs (a contexts costs 416 octets
		 * whether used or not): set max_ues for more. */
		n += n / 64 + 1024;
	}
	rc = ue_table_create(&(struct ue_table_params){ .name = "ues",
				.max_ues = n ? (uint32_t)n : 1, .socket_id = (int)rte_socket_id(),
				.qs = gw->qs }, &gw->ues);
	if (rc != 0)
		return fail(rc, "UE table", "cannot allocate it (too little memory for -m?)");
	a->rt.keyer = ue_table_keyer(gw->ues);
	a->reg = policy_builder_new_cap(c->max_scs);
	if (a->reg == NULL)
		return fail(-ENOMEM, "SCS registry", "out of memory");
	policy_builder_set_qs(a->reg, gw->qs);
	gw->scs_state = scs_state_create(policy_scs_cap(a->reg), a->rt.n_workers);
	if (gw->scs_state == NULL)
		return fail(-ENOMEM, "SCS state", "out of memory");
	return 0;
}

/* The admin side, then the provisioning file through it: the start-up
 * file is a first import, with the API's checks and the store's records. */
static int
start_admin(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;
	const struct gw_config *c = &a->cfg;
	struct admin_import_stats st;
	struct admin_load_stats ld;
	char err[ERR_LEN + PATH_MAX];
	int rc;

	if (c->api_socket[0] != '\0') {
		snprintf(a->api_socket, sizeof(a->api_socket), "%s", c->api_socket);
	} else {
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
		snprintf(a->api_socket, sizeof(a->api_socket), "/run/mtc-gw/%s.sock",
			 basename(dir));
	}
	a->admin = admin_new(&(struct admin_params){
		.socket_path = a->api_socket, .ues = gw->ues, .reg = a->reg,
		.slot = &gw->policy, .scs_state = gw->scs_state, .qs = gw->qs, .cs = a->cs,
		.master = a->has_master ? &a->master : NULL,
		.limits = { .max_payload = c->max_payload, .max_validity = c->max_validity,
			    .n_workers = a->rt.n_workers, .socket_id = (int)rte_socket_id() },
		.allow_null = c->allow_null_algorithms, .provision = c->provision,
		.stop = &gw->stop,
		.hooks = gw_api_hooks(a) });
	if (a->admin == NULL)
		return fail(-ENOMEM, "admin", "out of memory");
	a->reg = NULL; /* the admin's now */
	rc = admin_load_store(a->admin, &ld, err, sizeof(err));
	if (rc != 0)
		return fail(rc, c->data_dir, err);
	if (!a->opts.quiet && ld.ues + ld.scs + ld.no_keys > 0)
		printf("mtc-gw: restored %lu UEs and %lu SCSs from the store%s\n",
		       (unsigned long)ld.ues, (unsigned long)ld.scs, ld.no_keys ?
		       " (UE records without keys at rest: the provisioning file brings "
		       "them)" : "");
	memset(&st, 0, sizeof(st));
	if (c->provision[0] != '\0') {
		/* After a restart the file adds only what is not in force. */
		rc = admin_import_file(a->admin, c->provision, ld.ues + ld.scs > 0, &st, err,
				       sizeof(err));
		if (rc != 0)
			return fail(rc, "provisioning", err);
	}
	if (gw->policy.cur == NULL) {
		/* No SCS line: an empty policy, so that requests are counted as
		 * from unknown sources rather than dropped for want of one. */
		struct scs_policy *pol;

		rc = policy_build(admin_registry(a->admin), &(struct policy_limits){
			.max_payload = c->max_payload, .max_validity = c->max_validity,
			.n_workers = a->rt.n_workers, .socket_id = (int)rte_socket_id() },
			&pol, err, sizeof(err));
		if (rc != 0)
			return fail(rc, "policy", err);
		admin_publish(a->admin, pol);
	}
	if (!a->opts.quiet && c->provision[0] != '\0')
		printf("mtc-gw: provisioned %lu UEs and %lu SCSs from %s\n",
		       (unsigned long)st.ues, (unsigned long)st.scs, c->provision);
	return 0;
}

static int
start_store(struct gw_app *a)
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
	return 0;
}

static int
start_counts(struct gw_app *a)
{
	int rc;

	/* Every UE's first block, durably, before the first packet (the
	 * import reserved them already: this finds nothing to do unless a
	 * context was left without one). */
	rc = count_store_refill(a->cs, a->gw.ues);
	if (rc < 0)
		return fail(rc, "COUNT store", "cannot reserve the first COUNT blocks");
	/* The import read a page of the store for every UE and parsed a line
	 * of JSON for each: the pages stay in the page cache, the process need
	 * not map them, nor keep the heap the parsing left free. */
	count_store_release_pages(a->cs);
	malloc_trim(0);
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
	if ((rc = start_rcu(a)) != 0 || (rc = start_store(a)) != 0 ||
	    (rc = start_tables(a)) != 0 || (rc = start_admin(a)) != 0 ||
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
	if (!a->opts.no_api && (rc = admin_start(a->admin, err, sizeof(err))) != 0)
		return fail(rc, "admin API", err);
	if (!a->opts.quiet)
		printf("mtc-gw: running on %u worker(s); Tsp port %u, T4 port %u; API %s\n",
		       rt->n_workers, rt->tsp.port_id, rt->t4.port_id,
		       a->opts.no_api ? "off" : a->api_socket);
	fflush(stdout);
	return 0;
}

void
gw_app_stop(struct gw_app *a)
{
	struct gw_shared *gw = &a->gw;

	gw_metrics_stop(a);
	__atomic_store_n(&gw->stop, true, __ATOMIC_RELEASE);
	admin_stop(a->admin);
	if (a->ctl_started)
		ctl_thread_join(&a->ctl);
	gw_ports_stop(a);
	if (a->workers != NULL) {
		gw_stats_final(a);
		for (unsigned int i = 0; i < a->rt.n_workers; i++)
			gw_worker_fini(&a->workers[i]);
		rte_free(a->workers);
	}
	rte_ring_free(gw->refill_req);
	/* The workers and the COUNT thread are offline: every grace period
	 * ends at once. */
	admin_free(a->admin);
	if (gw->policy.cur != NULL)
		policy_free(gw->policy.cur);
	policy_builder_free(a->reg);
	scs_state_free(gw->scs_state);
	if (gw->ues != NULL)
		ue_table_free(gw->ues);
	if (a->cs != NULL)
		count_store_close(a->cs);
	keywrap_master_wipe(&a->master);
	sent_table_free(&gw->sent);
	rte_free(gw->qs);
	rte_mempool_free(a->rt.pool);
}
