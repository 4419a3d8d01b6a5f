/* SPDX-License-Identifier: BSD-3-Clause */
/* The admin API's requests: the envelope, the dispatch, the answers. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_int.h"
#include "provision_json.h"

const char *const admin_op_name[OP_N] = {
	[OP_UE_ADD] = "ue.add", [OP_UE_UPDATE] = "ue.update", [OP_UE_REKEY] = "ue.rekey",
	[OP_UE_DELETE] = "ue.delete", [OP_SCS_ADD] = "scs.add", [OP_SCS_UPDATE] = "scs.update",
	[OP_SCS_DELETE] = "scs.delete", [OP_UE_SHOW] = "ue.show", [OP_SCS_SHOW] = "scs.show",
	[OP_GROUP_LIST] = "group.list", [OP_STATS] = "stats", [OP_COUNTERS] = "counters",
	[OP_HEALTH] = "health", [OP_CONFIG_SHOW] = "config.show",
};

static const char *const code_names[] = {
	[AC_BAD_REQUEST] = "bad_request", [AC_VERSION] = "version",
	[AC_UNKNOWN_OP] = "unknown_op", [AC_INVALID] = "invalid", [AC_EXISTS] = "exists",
	[AC_NOT_FOUND] = "not_found", [AC_FULL] = "full", [AC_STORE] = "store",
	[AC_TOO_LARGE] = "too_large", [AC_DENIED] = "denied", [AC_INTERNAL] = "internal",
};

const char *
admin_code_name(enum admin_code c)
{
	return code_names[c];
}

enum admin_code
admin_code_of(int rc)
{
	switch (rc) {
	case -EEXIST: return AC_EXISTS;
	case -ENOENT: return AC_NOT_FOUND;
	case -ENOSPC: return AC_FULL;
	case -E2BIG: return AC_TOO_LARGE;
	case -EIO: return AC_STORE;
	case -ENOMEM: return AC_INTERNAL;
	default: return AC_INVALID;
	}
}

int
admin_fail(struct admin_err *e, enum admin_code code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The defer queue's free function: snapshots no worker can hold. */
static void
snapshots_free(void *p, void *e, unsigned int n)
{
	struct scs_policy *const *pol = e;

	(void)p;
	for (unsigned int i = 0; i < n; i++)
		policy_free(pol[i]);
}

struct admin *
admin_new(const struct admin_params *p)
{
	struct admin *ad = calloc(1, sizeof(*ad));
	static unsigned int gen;
	char name[RTE_RING_NAMESIZE];

	if (ad == NULL)
		return NULL;
	ad->p = *p;
	ad->reg = p->reg;
	ad->lfd = -1;
	ad->defs = calloc(policy_scs_cap(p->reg), sizeof(*ad->defs));
	ad->a3 = a3_engine_create();
	snprintf(name, sizeof(name), "pol_dq%u", __atomic_fetch_add(&gen, 1, __ATOMIC_RELAXED));
	ad->pol_dq = rte_rcu_qsbr_dq_create(&(struct rte_rcu_qsbr_dq_parameters){
		.name = name, .flags = RTE_RCU_QSBR_DQ_MT_UNSAFE, .size = 64,
		.esize = sizeof(struct scs_policy *), .trigger_reclaim_limit = 1,
		.max_reclaim_size = 64, .free_fn = snapshots_free, .v = p->qs });
	if (ad->defs == NULL || ad->a3 == NULL || ad->pol_dq == NULL) {
		ad->reg = NULL; /* still the caller's */
		admin_free(ad);
		return NULL;
	}
	return ad;
}

void
admin_free(struct admin *ad)
{
	if (ad == NULL)
		return;
	if (ad->pol_dq != NULL) {
		rte_rcu_qsbr_synchronize(ad->p.qs, RTE_QSBR_THRID_INVALID);
		rte_rcu_qsbr_dq_delete(ad->pol_dq);
	}
	if (ad->defs != NULL)
		for (uint32_t i = 0; i < policy_scs_cap(ad->reg); i++)
			json_decref(ad->defs[i]);
	free(ad->defs);
	policy_builder_free(ad->reg);
	a3_engine_free(ad->a3);
	free(ad);
}

struct policy_builder *
admin_registry(struct admin *ad)
{
	return ad->reg;
}

void
admin_publish(struct admin *ad, struct scs_policy *p)
{
	struct scs_policy *old = policy_swap(ad->p.slot, p);

	if (old == NULL)
		return;
	/* Full only when 64 snapshots wait for one grace period: wait. */
	while (rte_rcu_qsbr_dq_enqueue(ad->pol_dq, &old) != 0) {
		rte_rcu_qsbr_synchronize(ad->p.qs, RTE_QSBR_THRID_INVALID);
		rte_rcu_qsbr_dq_reclaim(ad->pol_dq, UINT32_MAX, NULL, NULL, NULL);
	}
}

void
admin_reclaim(struct admin *ad, bool wait)
{
	if (wait)
		rte_rcu_qsbr_synchronize(ad->p.qs, RTE_QSBR_THRID_INVALID);
	rte_rcu_qsbr_dq_reclaim(ad->pol_dq, UINT32_MAX, NULL, NULL, NULL);
	ue_table_reclaim(ad->p.ues, false);
}

static int
op_of(const char *name, enum admin_op *op)
{
	for (int i = 0; i < OP_N; i++)
		if (strcmp(admin_op_name[i], name) == 0) {
			*op = (enum admin_op)i;
			return 0;
		}
	return -1;
}

/* Refuses a key of o outside allowed (the envelope's, bad_request). */
static int
known_keys(json_t *o, const char *const *allowed, const char *where, struct admin_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		const char *const *a;

		for (a = allowed; *a && strcmp(*a, key) != 0; a++)
			;
		if (*a == NULL)
			return admin_fail(e, AC_BAD_REQUEST, "%s%s: unknown field", where, key);
	}
	return 0;
}

/* An operation's name and data; allowed: the keys the object may have. */
static int
parse_op(json_t *o, const char *const *allowed, const char *where, enum admin_op *op,
	 json_t **data, struct admin_err *e)
{
	const char *name;
	json_t *v;

	if (known_keys(o, allowed, where, e) != 0)
		return -1;
	v = json_object_get(o, "op");
	name = json_string_value(v);
	if (name == NULL)
		return admin_fail(e, AC_BAD_REQUEST, "%sop: missing or not a string", where);
	if (op_of(name, op) != 0)
		return admin_fail(e, AC_UNKNOWN_OP, "%sop: no operation \"%s\"", where, name);
	*data = json_object_get(o, "data");
	if (*data != NULL && !json_is_object(*data))
		return admin_fail(e, AC_BAD_REQUEST, "%sdata: not an object", where);
	return 0;
}

static json_t *
do_read(struct admin *ad, enum admin_op op, json_t *data, struct admin_err *e)
{
	const struct admin_hooks *h = &ad->p.hooks;
	json_t *r = NULL;

	switch (op) {
	case OP_UE_SHOW: return admin_ue_show(ad, data, e);
	case OP_SCS_SHOW: return admin_scs_show(ad, data, e);
	case OP_GROUP_LIST: return admin_group_list(ad);
	case OP_STATS: r = h->stats ? h->stats(h->arg) : json_object(); break;
	case OP_HEALTH: r = h->health ? h->health(h->arg) : json_object(); break;
	case OP_CONFIG_SHOW: r = h->config ? h->config(h->arg) : json_object(); break;
	case OP_COUNTERS: {
		json_t *s = data ? json_object_get(data, "scs") : NULL;
		json_t *w = data ? json_object_get(data, "worker") : NULL;

		if ((s && !json_is_string(s)) || (w && !json_is_integer(w))) {
			admin_fail(e, AC_INVALID, "counters: scs is a name, worker a number");
			return NULL;
		}
		if (h->counters == NULL)
			return json_object();
		r = h->counters(h->arg, s ? json_string_value(s) : NULL,
				w ? (int)json_integer_value(w) : -1);
		if (r == NULL)
			admin_fail(e, AC_NOT_FOUND, "counters: no such SCS or worker");
		return r;
	}
	default: break;
	}
	if (r == NULL)
		admin_fail(e, AC_INTERNAL, "%s: out of memory", admin_op_name[op]);
	return r;
}

static json_t *
answer(json_t *id, json_t *result, const struct admin_err *e)
{
	json_t *a = json_object();

	json_object_set_new(a, "v", json_integer(1));
	if (id != NULL)
		json_object_set(a, "id", id);
	if (result != NULL) {
		json_object_set_new(a, "ok", json_true());
		json_object_set_new(a, "result", result);
		return a;
	}
	json_t *err = json_pack("{s:s, s:s}", "code", admin_code_name(e->code), "message",
				e->msg);

	if (e->index >= 0)
		json_object_set_new(err, "index", json_integer(e->index));
	json_object_set_new(a, "ok", json_false());
	json_object_set_new(a, "error", err);
	return a;
}

/* The result of a single changing operation that was applied. */
static json_t *
single_result(struct admin *ad, enum admin_op op, json_t *data)
{
	if (op == OP_SCS_ADD || op == OP_SCS_UPDATE) {
		const char *name = json_string_value(json_object_get(data, "scs"));
		int id = name ? policy_scs_index(ad->reg, name) : -ENOENT;

		return id < 0 ? NULL : json_pack("{s:i}", "id", id);
	}
	return json_object();
}

json_t *
admin_handle(struct admin *ad, json_t *req)
{
	static const char *const top[] = { "v", "id", "op", "data", "ops", NULL };
	static const char *const batch_top[] = { "v", "id", "op", "ops", NULL };
	static const char *const item_keys[] = { "op", "data", NULL };
	struct admin_err e = { .index = -1 };
	json_t *id = json_is_object(req) ? json_object_get(req, "id") : NULL;
	json_t *v, *data, *ops, *result = NULL;
	struct admin_item *items;
	enum admin_op op;
	size_t n;

	if (!json_is_object(req)) {
		admin_fail(&e, AC_BAD_REQUEST, "the request is not a JSON object");
		return answer(NULL, NULL, &e);
	}
	v = json_object_get(req, "v");
	if (v == NULL || !json_is_integer(v) || json_integer_value(v) != 1) {
		admin_fail(&e, AC_VERSION, "v: this gateway speaks version 1 of the API");
		return answer(id, NULL, &e);
	}
	ops = json_object_get(req, "ops");
	if (json_is_string(json_object_get(req, "op")) &&
	    strcmp(json_string_value(json_object_get(req, "op")), "batch") == 0) {
		if (json_object_get(req, "data") != NULL || !json_is_array(ops)) {
			admin_fail(&e, AC_BAD_REQUEST, "batch: ops must be an array (and no data)");
			return answer(id, NULL, &e);
		}
		if (known_keys(req, batch_top, "batch: ", &e) != 0)
			return answer(id, NULL, &e);
		n = json_array_size(ops);
		if (n > ADMIN_BATCH_MAX) {
			admin_fail(&e, AC_TOO_LARGE, "batch: %zu operations (at most %d)", n,
				   ADMIN_BATCH_MAX);
			return answer(id, NULL, &e);
		}
		items = calloc(n ? n : 1, sizeof(*items));
		if (items == NULL) {
			admin_fail(&e, AC_INTERNAL, "batch: out of memory");
			return answer(id, NULL, &e);
		}
		for (size_t i = 0; i < n; i++) {
			char where[32];
			json_t *o = json_array_get(ops, i);

			snprintf(where, sizeof(where), "ops[%zu] ", i);
			if (!json_is_object(o)) {
				admin_fail(&e, AC_BAD_REQUEST, "ops[%zu]: not an object", i);
			} else if (parse_op(o, item_keys, where, &items[i].op, &items[i].data,
					    &e) == 0 && items[i].op >= OP_CHANGES) {
				admin_fail(&e, AC_BAD_REQUEST, "ops[%zu]: %s reads: not in a batch",
					   i, admin_op_name[items[i].op]);
			} else if (e.msg[0] == '\0') {
				continue;
			}
			e.index = (long)i;
			free(items);
			return answer(id, NULL, &e);
		}
		if (admin_apply(ad, items, n, &e, &result) != 0)
			result = NULL;
		free(items);
		return answer(id, result, &e);
	}
	if (ops != NULL) {
		admin_fail(&e, AC_BAD_REQUEST, "ops: only with \"op\": \"batch\"");
		return answer(id, NULL, &e);
	}
	if (parse_op(req, top, "", &op, &data, &e) != 0)
		return answer(id, NULL, &e);
	if (op >= OP_CHANGES) {
		result = do_read(ad, op, data, &e);
		return answer(id, result, &e);
	}
	struct admin_item one = { .op = op, .data = data };

	if (admin_apply(ad, &one, 1, &e, &result) != 0) {
		result = NULL;
	} else {
		/* A single operation answers as docs/API.md lists it, not as a
		 * batch of one: {"id": N} for scs.add and scs.update, {} else. */
		json_decref(result);
		result = single_result(ad, op, data);
		if (result == NULL)
			admin_fail(&e, AC_INTERNAL, "%s: out of memory", admin_op_name[op]);
	}
	e.index = -1; /* a single operation has no index, nor "ops[0]" */
	if (result == NULL && strncmp(e.msg, "ops[0] ", 7) == 0)
		memmove(e.msg, e.msg + 7, strlen(e.msg + 7) + 1);
	return answer(id, result, &e);
}

/* What gwctl's framing of a batch of ue.add must read as, to the octet. */
static bool
lit(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return false;
	*p += n;
	return true;
}

json_t *
admin_fast_batch(struct admin *ad, const char *text, size_t len)
{
	const struct prov_ue_ctx c = { .keyer = ue_table_keyer(ad->p.ues), .policy = ad->reg,
				       .engine = ad->a3, .allow_null = ad->p.allow_null };
	const char *p = text, *end = text + len;
	struct admin_err e = { .index = -1 };
	struct admin_item *items = NULL;
	struct prov_ue *ue = NULL;
	uint8_t (*kiwf)[A3_KIWF_LEN] = NULL;
	size_t n = 0, cap = 0;
	json_t *result = NULL, *a = NULL;
	long long id = 0;

	if (!lit(&p, end, "{\"v\":1,\"id\":"))
		return NULL;
	/* a JSON integer: digits, no leading zero (else not this framing) */
	if (p >= end || *p < '0' || *p > '9' || (*p == '0' && p + 1 < end && p[1] >= '0' &&
						  p[1] <= '9'))
		return NULL;
	while (p < end && *p >= '0' && *p <= '9' && id < (1LL << 53))
		id = id * 10 + (*p++ - '0');
	if (!lit(&p, end, ",\"op\":\"batch\",\"ops\":["))
		return NULL;
	do {
		size_t used;

		if (n == ADMIN_BATCH_MAX)
			goto slow; /* one more: too large, as jansson's path says */
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 1024;

			if (ncap > ADMIN_BATCH_MAX)
				ncap = ADMIN_BATCH_MAX;
			struct admin_item *ni = realloc(items, ncap * sizeof(*items));
			struct prov_ue *nu = ni ? malloc(ncap * sizeof(*ue)) : NULL;
			uint8_t (*nk)[A3_KIWF_LEN] = nu ? malloc(ncap * sizeof(*kiwf)) : NULL;

			if (ni != NULL)
				items = ni;
			if (nk == NULL) {
				free(nu);
				free(nk);
				goto slow;
			}
			/* Not realloc: the old arrays hold keys to wipe. */
			if (n > 0) {
				memcpy(nu, ue, n * sizeof(*ue));
				memcpy(nk, kiwf, n * sizeof(*kiwf));
				explicit_bzero(kiwf, n * sizeof(*kiwf));
			}
			free(ue);
			free(kiwf);
			ue = nu;
			kiwf = nk;
			cap = ncap;
		}
		if (!lit(&p, end, "{\"op\":\"ue.add\",\"data\":") ||
		    prov_ue_fast(p, (size_t)(end - p), &c, &ue[n], kiwf[n], &used) != 1)
			goto slow;
		p += used;
		if (!lit(&p, end, "}"))
			goto slow;
		n++;
	} while (lit(&p, end, ","));
	if (!lit(&p, end, "]}"))
		goto slow;
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	if (p != end)
		goto slow;
	/* The arrays are where they stay now: point into them. */
	for (size_t i = 0; i < n; i++)
		items[i] = (struct admin_item){ .op = OP_UE_ADD, .pre = &ue[i],
						.pre_kiwf = kiwf[i] };
	if (admin_apply(ad, items, n, &e, &result) != 0)
		result = NULL;
	json_t *jid = json_integer(id);

	a = answer(jid, result, &e);
	json_decref(jid);
slow:
	if (kiwf != NULL)
		explicit_bzero(kiwf, cap * sizeof(*kiwf));
	if (ue != NULL)
		explicit_bzero(ue, cap * sizeof(*ue));
	free(items);
	free(ue);
	free(kiwf);
	return a;
}
