/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCS policy, compile side: SCS definitions are checked and their Hyperscan
 * databases compiled as they are added (so an error names the SCS and the
 * expression at once), then built into a struct scs_policy (source ACLs,
 * per-worker scratch and buckets) and published to the workers.
 */
#ifndef MTC_POLICY_H
#define MTC_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "scs_policy.h"

#define POLICY_GROUPS_MAX 64
#define POLICY_SCS_MAX 4096

struct policy_scs_def {
	const char *name;
	const char *const *sources;    /* CIDR prefixes, IPv4 or IPv6 */
	unsigned int n_sources;
	const char *const *identities; /* Hyperscan expressions; none: any */
	unsigned int n_identities;
	const char *const *deny;       /* Hyperscan expressions on the payload */
	unsigned int n_deny;
	const char *const *groups;     /* group names; new names get new bits */
	unsigned int n_groups;
	bool require_identity;
	uint64_t rate;         /* triggers per second; 0: unlimited */
	uint64_t burst;        /* bucket depth in triggers; 0: rate / 10, at least 1 */
	uint64_t quota;        /* triggers per period; 0: unlimited */
	uint64_t quota_period; /* seconds; 0: 86400 */
};

struct policy_builder;

struct policy_builder *policy_builder_new(void);
void policy_builder_free(struct policy_builder *b);

/*
 * Adds an SCS: checks the prefixes (bad CIDR, a prefix already given to
 * another SCS), compiles its expressions (the message names the list, the
 * index and the expression), assigns group bits. Returns the SCS index, or
 * -errno with a message in err.
 */
int policy_builder_add(struct policy_builder *b, const struct policy_scs_def *d,
		       char *err, size_t errlen);

/* Bit of a group named by an SCS so far; -ENOENT when unknown. */
int policy_group_bit(const struct policy_builder *b, const char *name);
/* Index of an SCS by name; -ENOENT when unknown. */
int policy_scs_index(const struct policy_builder *b, const char *name);
unsigned int policy_scs_count(const struct policy_builder *b);

struct policy_limits {
	uint32_t max_payload;
	uint32_t max_validity;
	unsigned int n_workers; /* each gets its scratch and buckets */
	int socket_id;
};

/*
 * Builds the runtime policy. The builder's Hyperscan databases move into it
 * (the builder can then only be freed). Returns 0 or -errno with err set.
 */
int policy_build(struct policy_builder *b, const struct policy_limits *l,
		 struct scs_policy **out, char *err, size_t errlen);
void policy_free(struct scs_policy *p);

/*
 * Makes p the policy in force (p may be NULL) with one atomic swap, waits for
 * a grace period on qs, then frees the previous one. The caller must not be
 * a registered reader of qs.
 */
void policy_publish(struct scs_policy_slot *slot, struct scs_policy *p,
		    struct rte_rcu_qsbr *qs);

#endif
