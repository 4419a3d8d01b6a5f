/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to control/policy*.c: the registry and snapshot objects. */
#ifndef MTC_POLICY_INT_H
#define MTC_POLICY_INT_H

#include <hs/hs.h>

#include "cidr.h"
#include "policy.h"

/* A compiled Hyperscan database shared by the registry and the snapshots
 * built while it was in force. Admin side only: no atomics. */
struct policy_db {
	hs_database_t *db;
	uint32_t refs;
};

/* One SCS definition, by id. */
struct policy_scs {
	uint8_t present;
	uint8_t require_identity;
	char name[SCS_NAME_MAX];
	struct cidr *pfx;
	unsigned int n_pfx;
	uint64_t groups;
	uint64_t rate, burst, quota, quota_period; /* as given: seconds, triggers */
	struct policy_db *ident, *deny;
};

struct policy_group {
	char *name;       /* NULL: bit free */
	uint32_t n_scs;   /* SCSs naming it */
	uint32_t n_ues;   /* UEs in it */
	uint64_t token;   /* released: reusable once this grace period ended */
	uint8_t retiring;
};

struct policy_builder {
	struct policy_scs *scs; /* [cap], by id */
	uint32_t cap;
	uint32_t next_id;       /* ids below were handed out; never again */
	uint32_t n_present;
	struct policy_group groups[POLICY_GROUPS_MAX];
	uint64_t generation;    /* of the last snapshot built */
	struct rte_rcu_qsbr *qs;
};

/* The snapshot with what the admin side needs to free it. */
struct policy_snap {
	struct scs_policy pub;
	struct scs_rule *rules;      /* pub.scs, writable while built */
	hs_scratch_t **scratch;      /* pub.scratch */
	hs_scratch_t *scratch_proto;
	struct policy_db **dbs;      /* [2 * n_ids]: references held */
};

/* A reference more, or one less (the last frees the database). */
struct policy_db *policy_db_get(struct policy_db *d);
void policy_db_put(struct policy_db *d);

#endif
