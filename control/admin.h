/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The admin thread: the one writer of the UE table, the SCS registry and
 * the policy slot once the gateway runs. It serves the admin API
 * (docs/API.md) on a Unix socket: versioned JSON requests, batches applied
 * all or nothing, every change recorded in the store in the same durable
 * transaction as the COUNT reservations it needs, then made visible to the
 * workers. Nothing it does waits for a worker: replaced snapshots and
 * removed UE contexts go to RCU defer queues.
 */
#ifndef MTC_ADMIN_H
#define MTC_ADMIN_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <rte_rcu_qsbr.h>

#include "count_store.h"
#include "keywrap.h"
#include "policy.h"
#include "scs_policy.h"
#include "ue_table.h"

struct admin;

/* What the program answers for the read-only operations that are about
 * the running gateway, not the tables: called on the admin thread, each
 * returns a new JSON value (NULL: internal error). */
struct admin_hooks {
	json_t *(*stats)(void *arg);
	json_t *(*counters)(void *arg, const char *scs, int worker);
	json_t *(*health)(void *arg);
	json_t *(*config)(void *arg);
	void *arg;
};

struct admin_params {
	const char *socket_path;      /* created mode 0600, its directory 0700 */
	struct ue_table *ues;
	struct policy_builder *reg;   /* the admin owns it from now on */
	struct scs_policy_slot *slot;
	struct scs_state *scs_state;
	struct rte_rcu_qsbr *qs;
	struct count_store *cs;
	const struct keywrap_master *master; /* NULL: keys are not kept at rest */
	struct policy_limits limits;
	bool allow_null;
	const char *provision;        /* what SIGHUP imports again */
	const bool *stop;             /* set by a signal: a long import or
				       * restore stops between batches */
	struct admin_hooks hooks;
};

/* The request handler without the socket and the thread (tests, SIGHUP
 * imports): the same state, the caller being its one writer. */
struct admin *admin_new(const struct admin_params *p);
/* Frees the admin side and the registry it owns (the thread stopped, the
 * readers offline). */
/* Handles one request; returns the answer (never NULL). */
json_t *admin_handle(struct admin *ad, json_t *req);
/* Publishes snapshot p (writer of the slot); the one it replaces is freed
 * after a grace period. */
void admin_publish(struct admin *ad, struct scs_policy *p);
/* The registry as the admin holds it now. */
struct policy_builder *admin_registry(struct admin *ad);
/* Frees retired snapshots and contexts whose grace period ended. */
void admin_reclaim(struct admin *ad, bool wait);
void admin_free(struct admin *ad);

/* The thread: binds the socket (refused when another process listens on
 * it), then serves until admin_stop. Returns 0 or -errno with err set. */
int admin_start(struct admin *ad, char *err, size_t errlen);
void admin_stop(struct admin *ad);

/* Asks the thread to import the provisioning file again through the same
 * path as the API (SIGHUP; async-signal-safe): SCSs named there are added
 * or updated, UEs not in force added, UEs in force left as they are. The
 * outcome is printed. */
void admin_request_import(struct admin *ad);

struct admin_load_stats {
	uint64_t ues, scs;
	uint64_t no_keys; /* records without keys at rest: the file must bring them */
};
/*
 * At start, before any import: the SCS registry (same ids, same group
 * bits) and every UE whose keys the store keeps, installed without key
 * derivation (their COUNT resumes at the stored bound at the first
 * refill). A record that does not decode or whose keys do not open under
 * the master key stops the start. Returns 0 or -errno with err set.
 */
int admin_load_store(struct admin *ad, struct admin_load_stats *st, char *err, size_t errlen);
/* UE records in the store (to size the table). */
uint64_t admin_store_ues(struct count_store *cs);

struct admin_import_stats {
	uint64_t lines, scs, ues, skipped;
};
/*
 * Imports a provisioning file through the API's batches (the start-up
 * file is just a first import). upsert: as for SIGHUP above; otherwise a
 * UE or SCS in force is an error. Returns 0, or -errno with a message
 * naming the file, the line and the reason in err (the batches before the
 * failing one stay applied).
 */
int admin_import_file(struct admin *ad, const char *path, bool upsert,
		      struct admin_import_stats *st, char *err, size_t errlen);

#endif
