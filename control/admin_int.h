/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to control/admin*.c. */
#ifndef MTC_ADMIN_INT_H
#define MTC_ADMIN_INT_H

#include <stddef.h>

#include "a3.h"
#include "admin.h"

#define ADMIN_BATCH_MAX 100000
#define ADMIN_REQ_MAX (64u << 20)
#define ADMIN_CONNS 16
#define ADMIN_IDLE_S 60

/* Error codes of docs/API.md. */
enum admin_code {
	AC_BAD_REQUEST, AC_VERSION, AC_UNKNOWN_OP, AC_INVALID, AC_EXISTS, AC_NOT_FOUND,
	AC_FULL, AC_STORE, AC_TOO_LARGE, AC_DENIED, AC_INTERNAL,
};
const char *admin_code_name(enum admin_code c);
/* The code of a -errno from the parsers and tables. */
enum admin_code admin_code_of(int rc);

/* A failed request: code, message, index of the operation in its batch
 * (-1: none). */
struct admin_err {
	enum admin_code code;
	long index;
	char msg[512];
};
int admin_fail(struct admin_err *e, enum admin_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum admin_op {
	OP_UE_ADD, OP_UE_UPDATE, OP_UE_REKEY, OP_UE_DELETE,
	OP_SCS_ADD, OP_SCS_UPDATE, OP_SCS_DELETE,
	OP_CHANGES, /* the ones above change state; the ones below read it */
	OP_UE_SHOW = OP_CHANGES, OP_SCS_SHOW, OP_GROUP_LIST, OP_STATS, OP_COUNTERS,
	OP_HEALTH, OP_CONFIG_SHOW,
	OP_N
};
extern const char *const admin_op_name[OP_N];

struct admin_conn;

struct admin {
	struct admin_params p;
	struct policy_builder *reg;
	json_t **defs;         /* [cap]: each SCS's definition as last given, by id */
	struct a3_engine *a3;  /* this thread's, for key derivation */
	struct rte_rcu_qsbr_dq *pol_dq; /* snapshots replaced, freed after a grace period */

	/* the thread */
	pthread_t tid;
	bool started;
	bool stop;             /* atomic */
	int lfd;
	struct admin_conn *conns; /* [ADMIN_CONNS] */
	bool import_req;       /* atomic: set by a signal handler */
};

struct prov_ue;

/* One operation of a batch. */
struct admin_item {
	enum admin_op op;
	json_t *data; /* borrowed from the request; NULL with pre */
	/* A ue.add read by prov_ue_fast, already checked as prov_ue_parse
	 * would check it (its line and its K_iwf), instead of data. */
	const struct prov_ue *pre;
	const uint8_t *pre_kiwf;
};

/* A request framed as gwctl frames a batch of ue.add, answered without
 * jansson when every operation is a usual UE line; NULL when it is not
 * (admin_handle then reads it). */
json_t *admin_fast_batch(struct admin *ad, const char *text, size_t len);

/* Applies n changing operations all or nothing. Returns 0, or -1 with e
 * set (its index the failing operation's). */
int admin_apply(struct admin *ad, const struct admin_item *it, size_t n,
		struct admin_err *e, json_t **result);

/* The read operations. */
json_t *admin_ue_show(struct admin *ad, json_t *data, struct admin_err *e);
json_t *admin_scs_show(struct admin *ad, json_t *data, struct admin_err *e);
json_t *admin_group_list(struct admin *ad);

/* The registry's ids and group bits as they are now, into the store's
 * meta database (what a restart needs to give each SCS and group the same
 * id and bit). Returns 0 or an LMDB error. */
int admin_put_registry(const struct policy_builder *reg, MDB_dbi meta, MDB_txn *txn);

/* Whether the UE of imsi is in force (in the table, with its record). */
bool admin_ue_exists(struct admin *ad, uint64_t imsi);
/* SIGHUP's import of p.provision, its outcome printed. */
void admin_import_report(struct admin *ad);


#endif
