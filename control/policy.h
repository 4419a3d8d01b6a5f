/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCS policy, control side: the registry of SCS definitions and groups, and
 * the snapshots built from it for the workers.
 *
 * The registry (struct policy_builder) has one writer: the start-up code,
 * then the admin thread. It gives each SCS a stable id when it is added and
 * never hands that id out again; it gives each group a bit and keeps it
 * while an SCS names the group or a UE is in it (a bit released is reused
 * only after a grace period, so no snapshot or UE context still in a
 * worker's hands sees it change meaning). Definitions are checked and their
 * Hyperscan databases compiled as they are added, so an error names the
 * SCS and the expression at once.
 *
 * policy_build() makes an immutable snapshot (struct scs_policy) from the
 * registry: source ACLs, rules by id, per-worker scratch. Snapshots share
 * the registry's compiled databases (reference counted, admin side only).
 */
#ifndef MTC_POLICY_H
#define MTC_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "scs_policy.h"

#define POLICY_GROUPS_MAX 64
#define POLICY_SCS_MAX 4096 /* default id space: SCSs ever added */

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

/* A registry for up to cap SCS ids (0: POLICY_SCS_MAX). */
struct policy_builder *policy_builder_new_cap(uint32_t cap);
struct policy_builder *policy_builder_new(void);
void policy_builder_free(struct policy_builder *b);
/* A copy to change on the side (a batch that may be refused whole). */
struct policy_builder *policy_builder_clone(const struct policy_builder *b);
/* Released group bits wait for a grace period on qs before reuse. */
void policy_builder_set_qs(struct policy_builder *b, struct rte_rcu_qsbr *qs);

/*
 * Adds an SCS: checks the prefixes (bad CIDR, a prefix already given to
 * another SCS), compiles its expressions (the message names the list, the
 * index and the expression), assigns group bits. Returns the SCS id, or
 * -errno with a message in err.
 */
int policy_builder_add(struct policy_builder *b, const struct policy_scs_def *d,
		       char *err, size_t errlen);
/* Replaces the definition of SCS id (same name); its id stays. Returns the
 * id or -errno with err set; on error nothing changed. */
int policy_builder_update(struct policy_builder *b, uint32_t id,
			  const struct policy_scs_def *d, char *err, size_t errlen);
/* Removes SCS id; its id is never handed out again. */
int policy_builder_delete(struct policy_builder *b, uint32_t id);

/* Restoring a registry from the store: the group of a bit as it was
 * (no users yet), the next id as it was (never lowered), and, once every
 * SCS and UE is back, the bits nobody uses released. */
int policy_builder_set_group(struct policy_builder *b, unsigned int bit, const char *name);
void policy_builder_set_next_id(struct policy_builder *b, uint32_t id);
void policy_builder_prune_groups(struct policy_builder *b);

/* Bit of a group in use; -ENOENT when unknown. */
int policy_group_bit(const struct policy_builder *b, const char *name);
/* Group of a bit in use (NULL when the bit is free), and its users. */
const char *policy_group_info(const struct policy_builder *b, unsigned int bit,
			      uint32_t *n_scs, uint32_t *n_ues);
/* UEs joining (delta +1) or leaving (-1) every group of bits. Joining a
 * free bit is -ENOENT (nothing changed). */
int policy_groups_ref_ues(struct policy_builder *b, uint64_t bits, int delta);

/* Id of an SCS by name; -ENOENT when unknown. */
int policy_scs_index(const struct policy_builder *b, const char *name);
/* Name of SCS id, NULL when no SCS has it. */
const char *policy_scs_name(const struct policy_builder *b, uint32_t id);
/* SCSs present, and ids handed out so far (the next one is this). */
unsigned int policy_scs_count(const struct policy_builder *b);
uint32_t policy_scs_ids(const struct policy_builder *b);
uint32_t policy_scs_cap(const struct policy_builder *b);

struct policy_limits {
	uint32_t max_payload;
	uint32_t max_validity;
	unsigned int n_workers; /* each gets its scratch */
	int socket_id;
};

/*
 * Builds a snapshot of the registry, with the next generation number. The
 * registry is unchanged and may go on changing. Returns 0 or -errno with
 * err set.
 */
int policy_build(struct policy_builder *b, const struct policy_limits *l,
		 struct scs_policy **out, char *err, size_t errlen);
/* Frees a snapshot no worker can hold any more. */
void policy_free(struct scs_policy *p);

/* Makes p the policy in force with one atomic swap and returns the
 * previous one, for the caller to free after a grace period. */
struct scs_policy *policy_swap(struct scs_policy_slot *slot, struct scs_policy *p);
/*
 * The same, then waits for a grace period on qs and frees the previous one
 * (start-up and tests). The caller must not be a registered reader of qs.
 */
void policy_publish(struct scs_policy_slot *slot, struct scs_policy *p,
		    struct rte_rcu_qsbr *qs);

#endif
