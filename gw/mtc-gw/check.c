/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-gw --check: the configuration, the master key file and the
 * provisioning file checked as a start would check them (keys derived,
 * patterns compiled, prefixes and groups resolved, the policy built), in
 * scratch tables: no port, no store, no worker, nothing written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_malloc.h>

#include "app.h"
#include "provision.h"

int
gw_app_check(struct gw_app *a)
{
	const struct gw_config *c = &a->cfg;
	struct rte_rcu_qsbr *qs = NULL;
	struct ue_table *t = NULL;
	struct policy_builder *b = NULL;
	struct scs_policy *pol = NULL;
	struct a3_engine *eng = NULL;
	struct provision_stats st;
	char err[1024];
	const char *what = a->opts.config;
	long n;
	int rc;

	rc = config_load(a->opts.config, &a->cfg, err, sizeof(err));
	if (rc == 0 && c->master_key[0] != '\0') {
		what = "master_key";
		rc = keywrap_master_load(c->master_key, &a->master, err, sizeof(err));
		keywrap_master_wipe(&a->master);
	}
	if (rc != 0)
		goto out;
	if (c->provision[0] == '\0') {
		printf("mtc-gw: %s is good (no provisioning file: the store's UEs and SCSs)\n",
		       a->opts.config);
		return 0;
	}
	what = c->provision;
	n = c->max_ues ? (long)c->max_ues : provision_count_ues(c->provision);
	if (n < 0) {
		rc = (int)n;
		snprintf(err, sizeof(err), "%s", strerror((int)-n));
		goto out;
	}
	qs = rte_zmalloc("check_qsbr", rte_rcu_qsbr_get_memsize(1), RTE_CACHE_LINE_SIZE);
	b = policy_builder_new_cap(c->max_scs);
	eng = a3_engine_create();
	rc = qs && b && eng && rte_rcu_qsbr_init(qs, 1) == 0 ? 0 : -ENOMEM;
	if (rc == 0)
		rc = ue_table_create(&(struct ue_table_params){ .name = "check_ues",
					.max_ues = n ? (uint32_t)n : 1,
					.socket_id = (int)rte_socket_id(), .qs = qs }, &t);
	if (rc != 0) {
		snprintf(err, sizeof(err), "cannot allocate the tables (too little memory for -m?)");
		goto out;
	}
	rc = provision_load(c->provision, &(struct provision_params){ .table = t, .policy = b,
				.engine = eng, .allow_null = c->allow_null_algorithms },
			    &st, err, sizeof(err));
	if (rc == 0)
		rc = policy_build(b, &(struct policy_limits){ .max_payload = c->max_payload,
					.max_validity = c->max_validity, .n_workers = 1,
					.socket_id = (int)rte_socket_id() }, &pol, err, sizeof(err));
	if (rc == 0)
		printf("mtc-gw: %s and %s are good: %u UEs, %u SCSs\n", a->opts.config,
		       c->provision, st.ues, st.scs);
out:
	if (rc != 0)
		fprintf(stderr, "mtc-gw: %s: %s\n", what, err);
	policy_free(pol);
	policy_builder_free(b);
	ue_table_free(t);
	a3_engine_free(eng);
	rte_free(qs);
	return rc;
}
