/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The admin API's request handler (docs/API.md) without the socket or the
 * thread: every operation, refusals that leave nothing changed, batches all
 * or nothing, a store that runs out of room, keys at rest, and provisioning
 * files imported through the same path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "a3.h"
#include "admin.h"
#include "count_store.h"
#include "ctest.h"
#include "keywrap.h"
#include "policy.h"
#include "testlib.h"
#include "ue_rec.h"
#include "ue_table.h"

#define IMSI_BASE UINT64_C(1010000000000) /* "0010100" followed by 8 digits */
#define K64 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static struct rte_rcu_qsbr *qs;
static struct a3_engine *eng;
static char *base;
static unsigned int gen;

/* ---- the fixture: a table, a registry, a slot, a store, an admin ---------- */

struct fx {
	struct ue_table *t;
	struct admin *ad;
	struct scs_policy_slot slot;
	struct scs_state *st;
	struct count_store *cs;
	struct keywrap_master master;
	char dir[4096];
};

struct fx_opts {
	uint32_t max_ues;  /* 0: 1024 */
	uint64_t map_size; /* 0: the store's default */
	bool master;       /* keys kept at rest */
};

static int
load_master(struct keywrap_master *m)
{
	char hex[65], err[256], *path;
	int rc;

	for (int i = 0; i < 64; i++)
		hex[i] = "0123456789abcdef"[(7 * i + 3) & 15];
	hex[64] = '\0';
	path = ctest_write(base, "master.key", hex);
	chmod(path, 0600);
	rc = keywrap_master_load(path, m, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "%s\n", err);
	unlink(path);
	free(path);
	return rc;
}

static int
fx_open(struct fx *f, const struct fx_opts *o)
{
	struct count_store_params cp = { .map_size = o->map_size };
	struct policy_builder *reg;
	char name[32], err[256];

	memset(f, 0, sizeof(*f));
	snprintf(name, sizeof(name), "ut_admin_%u", gen);
	snprintf(f->dir, sizeof(f->dir), "%s/store%u", base, gen++);
	if (ue_table_create(&(struct ue_table_params){ .name = name,
			    .max_ues = o->max_ues ? o->max_ues : 1024, .qs = qs }, &f->t) != 0)
		return -1;
	if (o->master && load_master(&f->master) != 0)
		return -1;
	cp.dir = f->dir;
	cp.master = o->master ? &f->master : NULL;
	if (count_store_open(&cp, &f->cs, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	reg = policy_builder_new_cap(64);
	if (reg == NULL)
		return -1;
	policy_builder_set_qs(reg, qs);
	f->st = scs_state_create(policy_scs_cap(reg), 1);
	f->ad = admin_new(&(struct admin_params){
		.ues = f->t, .reg = reg, .slot = &f->slot, .scs_state = f->st, .qs = qs,
		.cs = f->cs, .master = o->master ? &f->master : NULL,
		.limits = { .max_payload = 160, .max_validity = 86400, .n_workers = 1 } });
	if (f->st == NULL || f->ad == NULL) {
		policy_builder_free(reg);
		return -1;
	}
	return 0;
}

static void
fx_close(struct fx *f)
{
	admin_reclaim(f->ad, true);
	admin_free(f->ad);
	policy_free(policy_swap(&f->slot, NULL));
	ue_table_reclaim(f->t, true);
	ue_table_free(f->t);
	count_store_close(f->cs);
	scs_state_free(f->st);
	keywrap_master_wipe(&f->master);
	ctest_rmdir(f->dir);
}

/* ---- requests and answers --------------------------------------------------- */

/* Whether s holds a run of at least n hex digits (key text). */
static bool
has_hex_run(const char *s, size_t n)
{
	size_t run = 0;

	for (; *s; s++) {
		run = strchr("0123456789abcdefABCDEF", *s) ? run + 1 : 0;
		if (run >= n)
			return true;
	}
	return false;
}

/* Handles req; checks the envelope and that no key text is in the answer. */
static json_t *
ask(struct fx *f, json_t *req)
{
	json_t *a = admin_handle(f->ad, req);
	char *text;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a, "v")), 1);
	CU_ASSERT(json_is_boolean(json_object_get(a, "ok")));
	CU_ASSERT((json_object_get(a, "result") != NULL) != (json_object_get(a, "error") != NULL));
	text = json_dumps(a, JSON_COMPACT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* Keys are 32 or 64 hex digits; IMSIs and MSISDNs at most 15 digits. */
	CU_ASSERT_FALSE(has_hex_run(text, 24));
	CU_ASSERT_PTR_NULL(strstr(text, "k_iwf\":"));
	free(text);
	return a;
}

/* A request written with ' for " (readable in C). */
static json_t *
call(struct fx *f, const char *text)
{
	char *s = strdup(text);
	json_error_t je;
	json_t *req, *a;

	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	req = json_loads(s, JSON_DECODE_ANY, &je);
	if (req == NULL)
		fprintf(stderr, "\n  test request not JSON: %s: %s\n", s, je.text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	a = ask(f, req);
	json_decref(req);
	free(s);
	return a;
}

static bool
a_ok(json_t *a)
{
	return json_is_true(json_object_get(a, "ok"));
}

static const char *
a_code(json_t *a)
{
	const char *c = json_string_value(json_object_get(json_object_get(a, "error"), "code"));

	return c ? c : "";
}

static const char *
a_msg(json_t *a)
{
	const char *m = json_string_value(json_object_get(json_object_get(a, "error"),
							  "message"));

	return m ? m : "";
}

static long
a_index(json_t *a)
{
	json_t *i = json_object_get(json_object_get(a, "error"), "index");

	return i ? (long)json_integer_value(i) : -1;
}

static json_t *
a_result(json_t *a)
{
	return json_object_get(a, "result");
}

/* An answer that must be a success: printed when it is not. */
static bool
ok_or_say(json_t *a, const char *what)
{
	if (a_ok(a))
		return true;
	fprintf(stderr, "\n  %s: %s: %s\n", what, a_code(a), a_msg(a));
	return false;
}

/* Sends text, asserts success, drops the answer. */
#define MUST(f, text) do {                                  \
		json_t *a_ = call((f), (text));             \
		CU_ASSERT(ok_or_say(a_, (text)));           \
		json_decref(a_);                            \
	} while (0)

/* ---- UEs --------------------------------------------------------------------- */

static void
kiwf_of(unsigned int i, uint8_t k[A3_KIWF_LEN])
{
	for (unsigned int j = 0; j < A3_KIWF_LEN; j++)
		k[j] = (uint8_t)(i * 131 + j * 7 + 1 + (i >> 8) * 17);
}

static void
hex_of(const uint8_t *b, size_t n, char *out)
{
	for (size_t j = 0; j < n; j++)
		sprintf(out + 2 * j, "%02x", b[j]);
}

static void
kiwf_hex(unsigned int i, char out[2 * A3_KIWF_LEN + 1])
{
	uint8_t k[A3_KIWF_LEN];

	kiwf_of(i, k);
	hex_of(k, sizeof(k), out);
}

static uint64_t
imsi_of(unsigned int i)
{
	return ue_imsi_pack(IMSI_BASE + i, 15);
}

static const char *
imsi_text(unsigned int i)
{
	static char s[4][16];
	static unsigned int r;
	char *p = s[r++ & 3];

	snprintf(p, 16, "0010100%08u", i);
	return p;
}

/* The data of a ue.add of UE i (15-digit IMSI, identifiers, key of i). */
static json_t *
ue_data(unsigned int i, const char *group)
{
	char ext[64], msisdn[16], k[2 * A3_KIWF_LEN + 1];

	snprintf(ext, sizeof(ext), "ue-%u@iot.example", i);
	snprintf(msisdn, sizeof(msisdn), "1555%07u", i);
	kiwf_hex(i, k);
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:[s]}", "ue", imsi_text(i),
			 "external_id", ext, "msisdn", msisdn, "k_iwf", k, "ksi", 1, "eea", 2,
			 "eia", 2, "groups", group);
}

static json_t *
op_of(const char *op, json_t *data)
{
	return json_pack("{s:s, s:o}", "op", op, "data", data);
}

static json_t *
single(const char *op, json_t *data)
{
	return json_pack("{s:i, s:s, s:o}", "v", 1, "op", op, "data", data);
}

static json_t *
batch_of(json_t *ops)
{
	return json_pack("{s:i, s:s, s:o}", "v", 1, "op", "batch", "ops", ops);
}

/* The context of UE i, found by its External-Identifier. */
static struct ue_ctx *
ctx_of(struct fx *f, unsigned int i)
{
	char ext[64];
	int n = snprintf(ext, sizeof(ext), "ue-%u@iot.example", i);

	return ue_table_lookup(f->t, ue_key_extid(ue_table_keyer(f->t), ext, (size_t)n));
}

static struct ue_ctx *
ctx_by_msisdn(struct fx *f, unsigned int i)
{
	char msisdn[16];
	int n = snprintf(msisdn, sizeof(msisdn), "1555%07u", i);

	return ue_table_lookup(f->t, ue_key_msisdn(ue_table_keyer(f->t), msisdn, (size_t)n));
}

static json_t *
ue_add(struct fx *f, unsigned int i, const char *group)
{
	json_t *req = single("ue.add", ue_data(i, group)), *a = ask(f, req);

	json_decref(req);
	return a;
}

static json_t *
ue_show(struct fx *f, unsigned int i)
{
	json_t *req = single("ue.show", json_pack("{s:s}", "ue", imsi_text(i))), *a;

	a = ask(f, req);
	json_decref(req);
	return a;
}

/* Two SCSs (groups "meters" and "cars") and UE 1 in "meters". */
static void
populate(struct fx *f)
{
	json_t *a;

	MUST(f, "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-a', "
		"'sources': ['198.18.0.0/24', '2001:db8:0:2::/64'], "
		"'identities': ['^\\\\+1555'], 'groups': ['meters'], 'rate': 100, 'burst': 10}}");
	MUST(f, "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-b', "
		"'sources': ['198.18.5.0/24'], 'groups': ['cars', 'meters']}}");
	a = ue_add(f, 1, "meters");
	CU_ASSERT(ok_or_say(a, "ue.add 1"));
	json_decref(a);
}

/* What must not move when a request is refused. */
struct seen {
	uint32_t ues, retiring;
	uint64_t generation;
	size_t txnid, ue_recs, scs_recs;
	unsigned int n_scs;
	uint32_t scs_ids;
};

static void
look(struct fx *f, struct seen *s)
{
	const struct scs_policy *p = scs_policy_get(&f->slot);
	MDB_envinfo info;
	MDB_stat st;
	MDB_txn *txn;

	memset(s, 0, sizeof(*s));
	s->ues = ue_table_count(f->t);
	s->retiring = ue_table_retiring(f->t);
	s->generation = p ? p->generation : 0;
	s->n_scs = policy_scs_count(admin_registry(f->ad));
	s->scs_ids = policy_scs_ids(admin_registry(f->ad));
	CU_ASSERT_EQUAL_FATAL(mdb_env_info(count_store_env(f->cs), &info), 0);
	s->txnid = info.me_last_txnid; /* moves with every write committed */
	CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(count_store_env(f->cs), NULL, MDB_RDONLY, &txn), 0);
	CU_ASSERT_EQUAL(mdb_stat(txn, count_store_db(f->cs, STORE_DB_UE), &st), 0);
	s->ue_recs = st.ms_entries;
	CU_ASSERT_EQUAL(mdb_stat(txn, count_store_db(f->cs, STORE_DB_SCS), &st), 0);
	s->scs_recs = st.ms_entries;
	mdb_txn_abort(txn);
}

static bool
same(const struct seen *a, const struct seen *b)
{
	return a->ues == b->ues && a->retiring == b->retiring &&
	       a->generation == b->generation && a->txnid == b->txnid &&
	       a->ue_recs == b->ue_recs && a->scs_recs == b->scs_recs &&
	       a->n_scs == b->n_scs && a->scs_ids == b->scs_ids;
}

/* A refused request: its code, words of its message, its index, and
 * nothing changed. */
struct refusal {
	const char *req;
	const char *code;
	const char *words[3];
	long index;
};

static void
check_refused(struct fx *f, json_t *a, const char *what, const struct refusal *r,
	      const struct seen *before)
{
	struct seen after;

	CU_ASSERT_FALSE(a_ok(a));
	if (strstr(what, "'id': 'x'") != NULL)
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(a, "id")), "x");
	if (strcmp(a_code(a), r->code) != 0)
		fprintf(stderr, "\n  %s: code %s (want %s): %s\n", what, a_code(a), r->code,
			a_msg(a));
	CU_ASSERT_STRING_EQUAL(a_code(a), r->code);
	for (int i = 0; i < 3 && r->words[i]; i++) {
		if (strstr(a_msg(a), r->words[i]) == NULL)
			fprintf(stderr, "\n  %s: message \"%s\" lacks \"%s\"\n", what, a_msg(a),
				r->words[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(a_msg(a), r->words[i]));
	}
	if (a_index(a) != r->index)
		fprintf(stderr, "\n  %s: index %ld (want %ld)\n", what, a_index(a), r->index);
	CU_ASSERT_EQUAL(a_index(a), r->index);
	look(f, &after);
	CU_ASSERT(same(before, &after));
}

static void
refuse(struct fx *f, const struct refusal *r)
{
	struct seen before;
	json_t *a;

	look(f, &before);
	a = call(f, r->req);
	check_refused(f, a, r->req, r, &before);
	json_decref(a);
}

static void
refuse_json(struct fx *f, json_t *req, const struct refusal *r)
{
	struct seen before;
	json_t *a;

	look(f, &before);
	a = ask(f, req);
	check_refused(f, a, r->req, r, &before);
	json_decref(a);
	json_decref(req);
}

/* ---- 1. each operation ------------------------------------------------------- */

static void
test_scs_ops(void)
{
	const struct scs_policy *p;
	uint64_t g0, g1;
	json_t *a, *r;
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	CU_ASSERT_PTR_NULL(scs_policy_get(&f.slot));

	a = call(&f, "{'v': 1, 'id': 'req-1', 'op': 'scs.add', 'data': {'scs': 'fleet-a', "
		 "'sources': ['198.18.0.0/24'], 'groups': ['meters'], 'rate': 100}}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.add fleet-a"));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(a, "id")), "req-1");
	CU_ASSERT(json_is_integer(json_object_get(a_result(a), "id")));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "id")), 0);
	json_decref(a);
	p = scs_policy_get(&f.slot);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	g0 = p->generation;
	CU_ASSERT(p->n_ids >= 1);
	CU_ASSERT(p->scs[0].present);
	CU_ASSERT_STRING_EQUAL(p->scs[0].name, "fleet-a");
	CU_ASSERT_STRING_EQUAL(scs_state_name(f.st, 0), "fleet-a");

	a = call(&f, "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-b', "
		 "'sources': ['198.18.5.0/24'], 'groups': ['cars', 'meters']}}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.add fleet-b"));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "id")), 1);
	json_decref(a);
	p = scs_policy_get(&f.slot);
	CU_ASSERT(p->generation > g0);
	CU_ASSERT(p->scs[1].present);
	g1 = p->generation;

	/* an update: the id stays, the field given replaces, the others stay */
	a = call(&f, "{'v': 1, 'op': 'scs.update', 'data': {'scs': 'fleet-a', 'rate': 250, "
		 "'burst': 20}}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.update fleet-a"));
	CU_ASSERT(json_is_integer(json_object_get(a_result(a), "id")));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "id")), 0);
	json_decref(a);
	p = scs_policy_get(&f.slot);
	CU_ASSERT(p->generation > g1);
	CU_ASSERT(p->scs[0].present);
	CU_ASSERT(p->scs[1].present);
	CU_ASSERT_NOT_EQUAL(p->scs[0].tb_cost, 0);
	a = call(&f, "{'v': 1, 'op': 'scs.show', 'data': {'scs': 'fleet-a'}}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.show fleet-a"));
	r = json_array_get(a_result(a), 0);
	CU_ASSERT_EQUAL(json_array_size(a_result(a)), 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(r, "scs")), "fleet-a");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "id")), 0);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "rate")), 250);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "burst")), 20);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(r, "sources"), 0)),
			       "198.18.0.0/24");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(r, "groups"), 0)),
			       "meters");
	json_decref(a);

	/* group.list: bits, SCSs and UEs per group */
	a = ue_add(&f, 7, "cars");
	CU_ASSERT(ok_or_say(a, "ue.add 7"));
	json_decref(a);
	a = call(&f, "{'v': 1, 'op': 'group.list'}");
	CU_ASSERT_FATAL(ok_or_say(a, "group.list"));
	CU_ASSERT_EQUAL(json_array_size(a_result(a)), 2);
	for (size_t i = 0; i < json_array_size(a_result(a)); i++) {
		json_t *g = json_array_get(a_result(a), i);
		const char *name = json_string_value(json_object_get(g, "group"));
		int bit = policy_group_bit(admin_registry(f.ad), name);

		CU_ASSERT(bit >= 0);
		CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "bit")), bit);
		if (strcmp(name, "meters") == 0) {
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "scs")), 2);
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")), 0);
		} else {
			CU_ASSERT_STRING_EQUAL(name, "cars");
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "scs")), 1);
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")), 1);
		}
	}
	json_decref(a);

	/* a delete: the id is never handed out again */
	g1 = scs_policy_get(&f.slot)->generation;
	MUST(&f, "{'v': 1, 'op': 'scs.delete', 'data': {'scs': 'fleet-b'}}");
	p = scs_policy_get(&f.slot);
	CU_ASSERT(p->generation > g1);
	CU_ASSERT(p->scs[0].present);
	CU_ASSERT(p->n_ids < 2 || !p->scs[1].present);
	{
		int cars = policy_group_bit(admin_registry(f.ad), "cars");

		/* "cars" has no SCS left but a UE: its bit stays */
		CU_ASSERT(cars >= 0);
		a = call(&f, "{'v': 1, 'op': 'group.list'}");
		for (size_t i = 0; i < json_array_size(a_result(a)); i++) {
			json_t *g = json_array_get(a_result(a), i);

			if (strcmp(json_string_value(json_object_get(g, "group")), "cars") != 0)
				continue;
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "bit")), cars);
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "scs")), 0);
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")), 1);
		}
		CU_ASSERT_EQUAL(json_array_size(a_result(a)), 2);
		json_decref(a);
		CU_ASSERT_EQUAL(ctx_of(&f, 7)->groups, UINT64_C(1) << cars);
	}
	a = call(&f, "{'v': 1, 'op': 'scs.show', 'data': {'scs': 'fleet-b'}}");
	CU_ASSERT_STRING_EQUAL(a_code(a), "not_found");
	json_decref(a);
	a = call(&f, "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-b', "
		 "'sources': ['198.18.5.0/24'], 'groups': ['cars']}}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.add fleet-b again"));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "id")), 2);
	json_decref(a);
	CU_ASSERT(scs_policy_get(&f.slot)->scs[2].groups & ctx_of(&f, 7)->groups);
	a = call(&f, "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-c', "
		 "'sources': ['198.18.6.0/24']}}");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "id")), 3);
	json_decref(a);
	p = scs_policy_get(&f.slot);
	CU_ASSERT(p->n_ids >= 4 && !p->scs[1].present && p->scs[2].present && p->scs[3].present);

	/* scs.show of all of them, in id order */
	a = call(&f, "{'v': 1, 'op': 'scs.show'}");
	CU_ASSERT_FATAL(ok_or_say(a, "scs.show"));
	CU_ASSERT_EQUAL(json_array_size(a_result(a)), 3);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(a_result(a), 1),
								 "scs")), "fleet-b");
	json_decref(a);

	/* the reads without hooks still answer */
	for (int i = 0; i < 3; i++) {
		static const char *const reads[] = {
			"{'v': 1, 'op': 'stats'}", "{'v': 1, 'op': 'health', 'data': {}}",
			"{'v': 1, 'op': 'config.show'}",
		};

		a = call(&f, reads[i]);
		CU_ASSERT(ok_or_say(a, reads[i]));
		json_decref(a);
	}
	fx_close(&f);
}

static void
test_ue_ops(void)
{
	struct ue_ctx *c, *c2;
	uint64_t bound, meters, cars;
	json_t *a, *r, *req;
	char k[2 * A3_KIWF_LEN + 1], text[512];
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	populate(&f);
	meters = UINT64_C(1) << policy_group_bit(admin_registry(f.ad), "meters");
	cars = UINT64_C(1) << policy_group_bit(admin_registry(f.ad), "cars");

	/* ue.add: found under both identifiers, with its first COUNT
	 * reservation already on disk */
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	/* a single operation answers as listed, not as a batch of one */
	a = ue_add(&f, 3, "cars");
	CU_ASSERT(ok_or_say(a, "ue.add 3"));
	CU_ASSERT(json_is_object(a_result(a)) && json_object_size(a_result(a)) == 0);
	json_decref(a);
	for (int i = 0; i < 3; i++) {
		static const char *const ops[] = {
			"{'v': 1, 'id': [1], 'op': 'ue.update', 'data': {'ue': '001010000000003', "
			"'suspended': true}}",
			"{'v': 1, 'id': [1], 'op': 'ue.rekey', 'data': {'ue': '001010000000003', "
			"'ksi': 4, 'k_iwf': '" K64 "'}}",
			"{'v': 1, 'id': [1], 'op': 'ue.delete', 'data': {'ue': '001010000000003'}}",
		};

		a = call(&f, ops[i]);
		CU_ASSERT(ok_or_say(a, ops[i]));
		CU_ASSERT(json_is_object(a_result(a)) && json_object_size(a_result(a)) == 0);
		CU_ASSERT(json_is_array(json_object_get(a, "id")));
		json_decref(a);
	}
	admin_reclaim(f.ad, true);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	c = ctx_of(&f, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_EQUAL(ctx_by_msisdn(&f, 1), c);
	CU_ASSERT_EQUAL(c->imsi, imsi_of(1));
	CU_ASSERT_EQUAL(c->ks.ksi, 1);
	CU_ASSERT_EQUAL(c->ks.eea, 2);
	CU_ASSERT_EQUAL(c->ks.eia, 2);
	CU_ASSERT_EQUAL(c->groups, meters);
	CU_ASSERT_EQUAL(c->suspended, 0);
	CU_ASSERT(c->count_bound > 0);
	CU_ASSERT_EQUAL(count_store_get(f.cs, imsi_of(1), 1, &bound), 0);
	CU_ASSERT(bound >= c->count_bound && bound > 0);

	/* the key set is the one K_iwf gives */
	{
		struct a3_keyset want;
		uint8_t kiwf[A3_KIWF_LEN];

		kiwf_of(1, kiwf);
		CU_ASSERT_EQUAL_FATAL(a3_keyset_from_kiwf(eng, &want, 1, 2, 2, kiwf, false), 0);
		CU_ASSERT_EQUAL(memcmp(&want.conf, &c->ks.conf, sizeof(want.conf)), 0);
		CU_ASSERT_EQUAL(memcmp(&want.integ, &c->ks.integ, sizeof(want.integ)), 0);
		a3_keyset_wipe(&want);
	}

	/* ue.show: every field, no key */
	a = ue_show(&f, 1);
	CU_ASSERT_FATAL(ok_or_say(a, "ue.show 1"));
	r = a_result(a);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(r, "ue")), imsi_text(1));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(r, "external_id")),
			       "ue-1@iot.example");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(r, "msisdn")), "15550000001");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "ksi")), 1);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "eea")), 2);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(r, "eia")), 2);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(r, "groups")), 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(r, "groups"), 0)),
			       "meters");
	CU_ASSERT(json_is_false(json_object_get(r, "suspended")));
	CU_ASSERT_EQUAL((uint64_t)json_integer_value(json_object_get(r, "count_bound")),
			c->count_bound);
	CU_ASSERT_PTR_NOT_NULL(json_object_get(r, "count_next"));
	CU_ASSERT_PTR_NULL(json_object_get(r, "k_iwf"));
	CU_ASSERT_PTR_NULL(json_object_get(r, "k_asme"));
	kiwf_hex(1, k);
	{
		char *dump = json_dumps(a, 0);

		CU_ASSERT_PTR_NULL(strstr(dump, k));
		free(dump);
	}
	json_decref(a);

	/* ue.update: groups replaced and the flag set, in place */
	snprintf(text, sizeof(text), "{'v': 1, 'op': 'ue.update', 'data': {'ue': '%s', "
		 "'groups': ['cars', 'meters'], 'suspended': true}}", imsi_text(1));
	MUST(&f, text);
	CU_ASSERT_PTR_EQUAL(ctx_of(&f, 1), c);
	CU_ASSERT_EQUAL(c->groups, meters | cars);
	CU_ASSERT_EQUAL(c->suspended, 1);
	snprintf(text, sizeof(text), "{'v': 1, 'op': 'ue.update', 'data': {'ue': '%s', "
		 "'groups': ['cars']}}", imsi_text(1));
	MUST(&f, text);
	CU_ASSERT_EQUAL(c->groups, cars);
	CU_ASSERT_EQUAL(c->suspended, 1); /* not given: kept */
	snprintf(text, sizeof(text), "{'v': 1, 'op': 'ue.update', 'data': {'ue': '%s', "
		 "'suspended': false}}", imsi_text(1));
	MUST(&f, text);
	CU_ASSERT_EQUAL(c->groups, cars); /* not given: kept */
	CU_ASSERT_EQUAL(c->suspended, 0);
	a = ue_show(&f, 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(json_object_get(a_result(a),
								"groups"), 0)), "cars");
	json_decref(a);
	a = call(&f, "{'v': 1, 'op': 'group.list'}");
	for (size_t i = 0; i < json_array_size(a_result(a)); i++) {
		json_t *g = json_array_get(a_result(a), i);
		bool is_cars = strcmp(json_string_value(json_object_get(g, "group")), "cars") == 0;

		CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")), is_cars ? 1 : 0);
	}
	json_decref(a);

	/* ue.rekey: a new context under both identifiers, the old one retired */
	kiwf_hex(1001, k);
	snprintf(text, sizeof(text), "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '%s', "
		 "'ksi': 2, 'k_iwf': '%s', 'eia': 1}}", imsi_text(1), k);
	CU_ASSERT_EQUAL(ue_table_retiring(f.t), 0);
	MUST(&f, text);
	c2 = ctx_of(&f, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c2);
	CU_ASSERT_PTR_NOT_EQUAL(c2, c);
	CU_ASSERT_PTR_EQUAL(ctx_by_msisdn(&f, 1), c2);
	CU_ASSERT_EQUAL(c2->ks.ksi, 2);
	CU_ASSERT_EQUAL(c2->ks.eea, 2); /* not given: kept */
	CU_ASSERT_EQUAL(c2->ks.eia, 1);
	CU_ASSERT_EQUAL(c2->imsi, imsi_of(1));
	CU_ASSERT_EQUAL(c2->groups, cars);
	CU_ASSERT(c2->count_bound > 0);
	CU_ASSERT_EQUAL(count_store_get(f.cs, imsi_of(1), 2, &bound), 0);
	CU_ASSERT(bound >= c2->count_bound);
	CU_ASSERT(ue_table_retiring(f.t) > 0);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	admin_reclaim(f.ad, true);
	CU_ASSERT_EQUAL(ue_table_retiring(f.t), 0);
	a = ue_show(&f, 1);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "ksi")), 2);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "eia")), 1);
	json_decref(a);

	/* ue.add with K_ASME and a nonce, and one with an MSISDN only */
	MUST(&f, "{'v': 1, 'op': 'ue.add', 'data': {'ue': '001019999999999', 'msisdn': '999', "
		 "'k_asme': '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', "
		 "'nonce': '00112233445566778899aabbccddeeff', 'ksi': 0, 'eea': 3, 'eia': 3, "
		 "'suspended': true}}");
	c2 = ue_table_lookup(f.t, ue_key_msisdn(ue_table_keyer(f.t), "999", 3));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c2);
	CU_ASSERT_EQUAL(c2->imsi, ue_imsi_pack(UINT64_C(1019999999999), 15));
	CU_ASSERT_EQUAL(c2->suspended, 1);
	CU_ASSERT_EQUAL(c2->groups, 0);
	CU_ASSERT_EQUAL(c2->ks.eea, 3);
	a = call(&f, "{'v': 1, 'op': 'ue.show', 'data': {'ue': '001019999999999'}}");
	CU_ASSERT(ok_or_say(a, "ue.show msisdn only"));
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(a_result(a), "msisdn")), "999");
	CU_ASSERT_PTR_NULL(json_object_get(a_result(a), "external_id"));
	json_decref(a);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 2);

	/* ue.delete: gone from the table and from ue.show */
	snprintf(text, sizeof(text), "{'v': 1, 'op': 'ue.delete', 'data': {'ue': '%s'}}",
		 imsi_text(1));
	MUST(&f, text);
	CU_ASSERT_PTR_NULL(ctx_of(&f, 1));
	CU_ASSERT_PTR_NULL(ctx_by_msisdn(&f, 1));
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	CU_ASSERT(ue_table_retiring(f.t) > 0);
	a = ue_show(&f, 1);
	CU_ASSERT_STRING_EQUAL(a_code(a), "not_found");
	json_decref(a);
	a = call(&f, "{'v': 1, 'op': 'group.list'}");
	CU_ASSERT_EQUAL(json_array_size(a_result(a)), 2);
	for (size_t i = 0; i < json_array_size(a_result(a)); i++)
		CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(a_result(a), i),
								   "ues")), 0);
	json_decref(a);
	a = call(&f, text); /* deleted already */
	CU_ASSERT_STRING_EQUAL(a_code(a), "not_found");
	json_decref(a);
	admin_reclaim(f.ad, true);
	CU_ASSERT_EQUAL(ue_table_retiring(f.t), 0);

	/* the identifiers are free again: the same UE may be added anew */
	a = ue_add(&f, 1, "meters");
	CU_ASSERT(ok_or_say(a, "ue.add 1 after its delete"));
	json_decref(a);
	CU_ASSERT_PTR_NOT_NULL(ctx_of(&f, 1));

	/* a read of a UE never added: not_found, without an index */
	req = single("ue.show", json_pack("{s:s}", "ue", "001010099999999"));
	a = ask(&f, req);
	CU_ASSERT_STRING_EQUAL(a_code(a), "not_found");
	CU_ASSERT_EQUAL(a_index(a), -1);
	json_decref(a);
	json_decref(req);
	fx_close(&f);
}

#define MANY 5000

static void
test_batch_many(void)
{
	json_t *ops = json_array(), *req, *a;
	uint64_t bound;
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ .max_ues = MANY + 10 }), 0);
	populate(&f);
	for (unsigned int i = 0; i < MANY; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, i % 2 ? "cars"
								      : "meters")));
	req = batch_of(ops);
	a = ask(&f, req);
	CU_ASSERT_FATAL(ok_or_say(a, "a batch of many ue.add"));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "applied")), MANY);
	json_decref(a);
	json_decref(req);
	CU_ASSERT_EQUAL(ue_table_count(f.t), MANY + 1);
	for (unsigned int i = 0; i < MANY; i += 97) {
		struct ue_ctx *c = ctx_of(&f, 100 + i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_EQUAL(c->imsi, imsi_of(100 + i));
		CU_ASSERT(c->count_bound > 0);
		CU_ASSERT_EQUAL(count_store_get(f.cs, imsi_of(100 + i), 1, &bound), 0);
		CU_ASSERT(bound > 0);
	}
	a = call(&f, "{'v': 1, 'op': 'group.list'}");
	for (size_t i = 0; i < json_array_size(a_result(a)); i++) {
		json_t *g = json_array_get(a_result(a), i);
		bool is_cars = strcmp(json_string_value(json_object_get(g, "group")), "cars") == 0;

		CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")),
				is_cars ? MANY / 2 : MANY / 2 + 1);
	}
	json_decref(a);
	fx_close(&f);
}

/* ---- 2. and 3. refusals: the request refused whole, nothing changed -------- */

/* The data's own fields are checked by the provisioning parsers, which
 * report unknown fields and wrong types as "invalid" (docs/API.md files
 * them under "bad_request"). */
#define FIELD_CODE "invalid"

#define UE_IDS(imsi, ext, msisdn) "'ue': '" imsi "', 'external_id': '" ext "', " \
	"'msisdn': '" msisdn "'"
#define UE_REST "'ksi': 1, 'eea': 2, 'eia': 2"
#define UE_NEW UE_IDS("001010000000002", "ue-2@iot.example", "15550000002")
#define UE_ADD(data) "{'v': 1, 'op': 'ue.add', 'data': {" data "}}"

static const struct refusal refusals[] = {
	/* structure */
	{ "[1, 2]", "bad_request", { "not a JSON object" }, -1 },
	{ "'ue.add'", "bad_request", { "not a JSON object" }, -1 },
	{ "{'v': 1, 'data': {}}", "bad_request", { "op", "missing" }, -1 },
	{ "{'v': 1, 'op': 7}", "bad_request", { "op", "not a string" }, -1 },
	{ "{'v': 1, 'op': 'ue.frob', 'data': {}}", "unknown_op", { "ue.frob" }, -1 },
	{ "{'v': 1, 'op': 'group.list', 'color': 'red'}", "bad_request",
	  { "color", "unknown field" }, -1 },
	{ "{'v': 1, 'op': 'ue.add', 'data': ['x']}", "bad_request", { "data", "not an object" },
	  -1 },
	{ "{'v': 1, 'op': 'ue.add', 'ops': []}", "bad_request", { "ops" }, -1 },
	{ "{'v': 1, 'op': 'batch', 'ops': {}}", "bad_request", { "ops", "array" }, -1 },
	{ "{'v': 1, 'op': 'batch', 'data': {}, 'ops': []}", "bad_request", { "ops" }, -1 },
	{ "{'op': 'group.list', 'id': 'x'}", "version", { "v" }, -1 },
	{ "{'v': 2, 'op': 'group.list'}", "version", { "v", "version 1" }, -1 },
	{ "{'v': '1', 'op': 'group.list'}", "version", { "v" }, -1 },
	{ "{'v': 1.0, 'op': 'group.list'}", "version", { "v" }, -1 },
	/* fields of the data */
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', " UE_REST ", 'color': 'red'"), FIELD_CODE,
	  { "ue.add", "color", "unknown field" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'ksi': '1', 'eea': 2, 'eia': 2"), FIELD_CODE,
	  { "ue.add", "ksi" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', " UE_REST ", 'suspended': 'yes'"), FIELD_CODE,
	  { "ue.add", "suspended", "not a boolean" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', " UE_REST ", 'groups': 'meters'"), FIELD_CODE,
	  { "ue.add", "groups", "not an array" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': 42, " UE_REST), FIELD_CODE, { "ue.add", "k_iwf" }, -1 },
	{ UE_ADD("'ue': 1010000000002, 'external_id': 'ue-2@iot.example', 'k_iwf': '" K64
		 "', " UE_REST), FIELD_CODE, { "ue.add", "ue" }, -1 },
	{ UE_ADD(UE_NEW ", " UE_REST), "invalid", { "ue.add", "k_iwf", "missing" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'eea': 2, 'eia': 2"), "invalid",
	  { "ue.add", "ksi", "missing" }, -1 },
	/* values */
	{ UE_ADD(UE_NEW ", 'k_iwf': "
		 "'zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', " UE_REST),
	  "invalid", { "ue.add: k_iwf", "bad hex" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "00', " UE_REST), "invalid",
	  { "k_iwf", "bad hex", "64 hex digits" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '000102030405060708090a0b0c0d0e0f', " UE_REST), "invalid",
	  { "k_iwf", "64 hex digits" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_asme': '" K64 "', 'nonce': '0011', " UE_REST), "invalid",
	  { "nonce", "32 hex digits" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'k_asme': '" K64 "', " UE_REST), "invalid",
	  { "k_asme", "not both" }, -1 },
	{ UE_ADD(UE_IDS("00101abcdefghij", "ue-2@iot.example", "15550000002") ", 'k_iwf': '"
		 K64 "', " UE_REST), "invalid", { "ue.add", "ue", "not an IMSI" }, -1 },
	{ UE_ADD(UE_IDS("0010100000000020", "ue-2@iot.example", "15550000002") ", 'k_iwf': '"
		 K64 "', " UE_REST), "invalid", { "ue", "not an IMSI" }, -1 },
	{ UE_ADD(UE_IDS("001010000000002", "ue-2@iot.example", "1555abc") ", 'k_iwf': '"
		 K64 "', " UE_REST), "invalid", { "ue.add", "msisdn", "digits" }, -1 },
	{ UE_ADD(UE_IDS("001010000000002", "ue-2.iot.example", "15550000002") ", 'k_iwf': '"
		 K64 "', " UE_REST), "invalid", { "ue.add", "external_id", "local@domain" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'ksi': 15, 'eea': 2, 'eia': 2"), "invalid",
	  { "ksi", "0..14" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'ksi': 1, 'eea': 4, 'eia': 2"), "invalid",
	  { "eea", "algorithm" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'ksi': 1, 'eea': 0, 'eia': 2"), "invalid",
	  { "eea", "null algorithm" }, -1 },
	/* existing, in use, unknown */
	{ UE_ADD(UE_IDS("001010000000001", "other@iot.example", "15559999999") ", 'k_iwf': '"
		 K64 "', " UE_REST), "exists", { "ue.add", "001010000000001", "exists" }, -1 },
	{ UE_ADD(UE_IDS("001010000000002", "ue-1@iot.example", "15550000002") ", 'k_iwf': '"
		 K64 "', " UE_REST), "exists", { "external_id", "in use" }, -1 },
	{ UE_ADD(UE_IDS("001010000000002", "ue-2@iot.example", "15550000001") ", 'k_iwf': '"
		 K64 "', " UE_REST), "exists", { "msisdn", "in use" }, -1 },
	{ UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', " UE_REST ", 'groups': ['meters', 'boats']"),
	  "not_found", { "ue.add", "groups[1]", "boats" }, -1 },
	{ "{'v': 1, 'op': 'ue.update', 'data': {'ue': '001010000000002', 'suspended': true}}",
	  "not_found", { "ue.update", "001010000000002" }, -1 },
	{ "{'v': 1, 'op': 'ue.update', 'data': {'ue': '001010000000001', 'groups': ['boats']}}",
	  "not_found", { "ue.update", "boats" }, -1 },
	{ "{'v': 1, 'op': 'ue.update', 'data': {'ue': '001010000000001', 'ksi': 3}}", FIELD_CODE,
	  { "ue.update", "ksi", "unknown field" }, -1 },
	{ "{'v': 1, 'op': 'ue.update', 'data': {'ue': '001010000000001', 'suspended': 1}}",
	  FIELD_CODE, { "ue.update", "suspended", "not a boolean" }, -1 },
	{ "{'v': 1, 'op': 'ue.delete', 'data': {'ue': '001010000000002'}}", "not_found",
	  { "ue.delete", "001010000000002" }, -1 },
	{ "{'v': 1, 'op': 'ue.delete', 'data': {'ue': '001010000000001', 'msisdn': '1'}}",
	  FIELD_CODE, { "ue.delete", "msisdn", "unknown field" }, -1 },
	{ "{'v': 1, 'op': 'ue.delete', 'data': {}}", "invalid", { "ue.delete", "not an IMSI" },
	  -1 },
	{ "{'v': 1, 'op': 'ue.show', 'data': {'ue': 'abc'}}", "invalid", { "ue.show", "IMSI" },
	  -1 },
	{ "{'v': 1, 'op': 'ue.show', 'data': {'ue': '001010000000001', 'x': 1}}", "invalid",
	  { "ue.show" }, -1 },
	/* rekey */
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 1, "
	  "'k_iwf': '" K64 "'}}", "invalid", { "ue.rekey", "ksi", "in force" }, -1 },
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'k_iwf': '" K64 "'}}",
	  "invalid", { "ue.rekey", "ksi", "missing" }, -1 },
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 2}}",
	  "invalid", { "ue.rekey", "k_iwf", "missing" }, -1 },
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 2, "
	  "'k_iwf': 'abc'}}", "invalid", { "ue.rekey", "k_iwf", "bad hex" }, -1 },
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000002', 'ksi': 2, "
	  "'k_iwf': '" K64 "'}}", "not_found", { "ue.rekey", "001010000000002" }, -1 },
	{ "{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 2, "
	  "'k_iwf': '" K64 "', 'groups': []}}", FIELD_CODE, { "ue.rekey", "groups" }, -1 },
	/* SCSs */
	{ "{'v': 1, 'op': 'scs.update', 'data': {'scs': 'fleet-z', 'rate': 1}}", "not_found",
	  { "scs.update", "fleet-z" }, -1 },
	{ "{'v': 1, 'op': 'scs.delete', 'data': {'scs': 'fleet-z'}}", "not_found",
	  { "scs.delete", "fleet-z" }, -1 },
	{ "{'v': 1, 'op': 'scs.delete', 'data': {'scs': 'fleet-a', 'rate': 1}}", "invalid",
	  { "scs.delete", "only" }, -1 },
	{ "{'v': 1, 'op': 'scs.show', 'data': {'scs': 'fleet-z'}}", "not_found", { "fleet-z" },
	  -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-a', 'sources': ['198.18.9.0/24']}}",
	  "exists", { "scs.add", "fleet-a", "duplicate" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z', 'sources': ['198.18.9.0/24'], "
	  "'identities': ['(unclosed']}}", "invalid",
	  { "scs.add", "identities[0]", "(unclosed" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z', 'sources': ['198.18.9.0/24'], "
	  "'deny_payload': ['a', '[z-a]']}}", "invalid", { "scs.add", "deny_payload" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z', 'sources': ['198.18.9.0/33']}}",
	  "invalid", { "scs.add", "sources[0]", "198.18.9.0/33" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z', 'sources': ['not-an-ip/8']}}",
	  "invalid", { "scs.add", "sources[0]" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z', "
	  "'sources': ['198.18.9.0/24', '198.18.0.0/24']}}", "exists",
	  { "scs.add", "sources[1]", "198.18.0.0/24" }, -1 },
	{ "{'v': 1, 'op': 'scs.update', 'data': {'scs': 'fleet-b', "
	  "'sources': ['2001:db8:0:2::/64']}}", "exists", { "scs.update", "sources[0]" }, -1 },
	{ "{'v': 1, 'op': 'scs.update', 'data': {'scs': 'fleet-a', 'colour': 'red'}}",
	  FIELD_CODE, { "scs.update", "colour", "unknown field" }, -1 },
	{ "{'v': 1, 'op': 'scs.update', 'data': {'scs': 'fleet-a', 'rate': -1}}", FIELD_CODE,
	  { "scs.update", "rate" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'sources': ['198.18.9.0/24']}}", "invalid",
	  { "scs.add", "scs" }, -1 },
	{ "{'v': 1, 'op': 'scs.add', 'data': {'scs': 'fleet-z'}}", "invalid",
	  { "scs.add", "sources", "missing" }, -1 },
	/* batches */
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'ue.show', 'data': {'ue': '001010000000001'}}]}",
	  "bad_request", { "ops[1]", "ue.show", "not in a batch" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'group.list'}]}", "bad_request",
	  { "ops[0]", "group.list" }, 0 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'batch'}]}", "unknown_op",
	  { "ops[1]", "no operation", "batch" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, 3]}", "bad_request", { "ops[1]", "not an object" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}, 'id': 5}]}", "bad_request", { "ops[0]", "id", "unknown field" },
	  0 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'data': {}}]}", "bad_request", { "ops[0]", "op" }, 0 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'scs.add', 'data': []}]}", "bad_request",
	  { "ops[0]", "data" }, 0 },
	/* the same UE twice in one batch, and two UEs with one identifier */
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'ue.add', 'data': {" UE_IDS("001010000000002",
	  "ue-3@iot.example", "15550000003") ", 'k_iwf': '" K64 "', " UE_REST "}}]}", "invalid",
	  { "ops[1] ue.add", "001010000000002", "twice" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'ue.delete', 'data': {'ue': '001010000000002'}}]}",
	  "not_found", { "ops[1] ue.delete" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.update', 'data': {'ue': "
	  "'001010000000001', 'suspended': true}}, {'op': 'ue.delete', 'data': {'ue': "
	  "'001010000000001'}}]}", "invalid", { "ops[1] ue.delete", "twice" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'ue.add', 'data': {" UE_IDS("001010000000003",
	  "ue-2@iot.example", "15550000003") ", 'k_iwf': '" K64 "', " UE_REST "}}]}", "exists",
	  { "ops[1] ue.add", "external_id", "in use" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST "}}, {'op': 'ue.add', 'data': {" UE_IDS("001010000000003",
	  "ue-3@iot.example", "15550000002") ", 'k_iwf': '" K64 "', " UE_REST "}}]}", "exists",
	  { "ops[1] ue.add", "msisdn", "in use" }, 1 },
	/* a UE of a group that a deletion in the same batch takes away */
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'ue.add', 'data': {" UE_NEW ", 'k_iwf': '"
	  K64 "', " UE_REST ", 'groups': ['cars']}}, {'op': 'scs.delete', 'data': "
	  "{'scs': 'fleet-b'}}]}", "not_found", { "ops[0] ue.add", "cars" }, 0 },
	/* an SCS named twice in one batch */
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'scs.add', 'data': {'scs': 'fleet-z', "
	  "'sources': ['198.18.9.0/24']}}, {'op': 'scs.update', 'data': {'scs': 'fleet-z', "
	  "'rate': 5}}]}", "invalid", { "ops[1] scs.update", "fleet-z", "twice" }, 1 },
	{ "{'v': 1, 'op': 'batch', 'ops': [{'op': 'scs.update', 'data': {'scs': 'fleet-a', "
	  "'rate': 5}}, {'op': 'scs.delete', 'data': {'scs': 'fleet-a'}}]}", "invalid",
	  { "ops[1] scs.delete", "fleet-a", "twice" }, 1 },
};

static void
test_refusals(void)
{
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	populate(&f);
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		refuse(&f, &refusals[i]);
	/* and none of them left a trace: UE 2 was never added */
	CU_ASSERT_PTR_NULL(ctx_of(&f, 2));
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	CU_ASSERT_EQUAL(ctx_of(&f, 1)->ks.ksi, 1);
	CU_ASSERT_EQUAL(ctx_of(&f, 1)->suspended, 0);
	fx_close(&f);
}

/* A key in an error message: never, whatever the field. */
static void
test_no_key_in_messages(void)
{
	static const char *const reqs[] = {
		UE_ADD(UE_NEW ", 'k_iwf': '" K64 "', 'ksi': 1, 'eea': 9, 'eia': 2"),
		UE_ADD(UE_NEW ", 'k_iwf': '" K64 "0', " UE_REST),
		UE_ADD(UE_NEW ", 'k_iwf': 'x" K64 "', " UE_REST),
		UE_ADD(UE_NEW ", 'k_asme': '" K64 "', 'nonce': '" K64 "', " UE_REST),
		UE_ADD(UE_IDS("001010000000001", "ue-9@iot.example", "9") ", 'k_iwf': '" K64 "', "
		       UE_REST),
		"{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 1, "
		"'k_iwf': '" K64 "'}}",
		"{'v': 1, 'op': 'ue.rekey', 'data': {'ue': '001010000000001', 'ksi': 3, "
		"'k_iwf': '" K64 "', 'k_asme': '" K64 "'}}",
	};
	static const char *const key_bits[] = { K64, "0102030405060708", "18191a1b1c1d1e1f" };
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	populate(&f);
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		json_t *a = call(&f, reqs[i]);
		char *dump = json_dumps(a, 0);

		CU_ASSERT_FALSE(a_ok(a));
		CU_ASSERT(a_msg(a)[0] != '\0');
		for (size_t j = 0; j < sizeof(key_bits) / sizeof(key_bits[0]); j++) {
			if (strstr(dump, key_bits[j]) != NULL)
				fprintf(stderr, "\n  key text in the answer to %s: %s\n", reqs[i],
					dump);
			CU_ASSERT_PTR_NULL(strstr(dump, key_bits[j]));
		}
		free(dump);
		json_decref(a);
	}
	fx_close(&f);
}

static void
test_too_large(void)
{
	json_t *ops = json_array(), *one = op_of("ue.add", ue_data(5, "meters"));
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	populate(&f);
	for (unsigned int i = 0; i < 100001; i++)
		json_array_append(ops, one);
	json_decref(one);
	refuse_json(&f, batch_of(ops), &(struct refusal){ "100,001 operations", "too_large",
			{ "100001", "100000" }, -1 });
	fx_close(&f);
}

/* A bad operation after good ones: none of them applied. */
static void
test_batch_all_or_nothing(void)
{
	json_t *ops, *a, *req;
	struct ue_ctx *c;
	struct seen before;
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);
	populate(&f);

	/* 50 good ue.add, then one with a bad IMSI */
	ops = json_array();
	for (unsigned int i = 0; i < 50; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "meters")));
	json_array_append_new(ops, op_of("ue.add", json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}",
			      "ue", "0010abc", "external_id", "bad@iot.example", "k_iwf", K64,
			      "ksi", 1, "eea", 2, "eia", 2)));
	refuse_json(&f, batch_of(ops), &(struct refusal){ "50 good, 1 bad IMSI", "invalid",
			{ "ops[50] ue.add", "ue: not an IMSI" }, 50 });
	for (unsigned int i = 0; i < 50; i += 7) {
		CU_ASSERT_PTR_NULL(ctx_of(&f, 100 + i));
		a = ue_show(&f, 100 + i);
		CU_ASSERT_STRING_EQUAL(a_code(a), "not_found");
		json_decref(a);
	}

	/* good ones, then the same UE twice at the end */
	ops = json_array();
	for (unsigned int i = 0; i < 30; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "cars")));
	json_array_append_new(ops, op_of("ue.update", json_pack("{s:s, s:b}", "ue", imsi_text(1),
								 "suspended", 1)));
	json_array_append_new(ops, op_of("ue.add", json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}",
			      "ue", imsi_text(110), "msisdn", "1666", "k_iwf", K64, "ksi", 2,
			      "eea", 1, "eia", 1)));
	refuse_json(&f, batch_of(ops), &(struct refusal){ "30 good, 1 update, 1 twice",
			"invalid", { "ops[31] ue.add", "twice" }, 31 });
	CU_ASSERT_EQUAL(ctx_of(&f, 1)->suspended, 0);

	/* good ones, then a UE in force */
	ops = json_array();
	for (unsigned int i = 0; i < 30; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "cars")));
	json_array_append_new(ops, op_of("ue.add", ue_data(1, "cars")));
	refuse_json(&f, batch_of(ops), &(struct refusal){ "30 good, 1 in force", "exists",
			{ "ops[30] ue.add", "exists" }, 30 });

	/* UE operations, then an SCS with a bad prefix: the SCS operations
	 * run first, the index still names the bad one */
	ops = json_array();
	for (unsigned int i = 0; i < 20; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "meters")));
	json_array_append_new(ops, op_of("scs.add", json_pack("{s:s, s:[s]}", "scs", "fleet-z",
							       "sources", "10.0.0.0/40")));
	refuse_json(&f, batch_of(ops), &(struct refusal){ "20 good, 1 bad CIDR", "invalid",
			{ "ops[20] scs.add", "sources[0]" }, 20 });

	/* an SCS with a new group and a UE in it, then a bad operation: neither
	 * the SCS, nor its group, nor the UE */
	ops = json_array();
	json_array_append_new(ops, op_of("scs.add", json_pack("{s:s, s:[s], s:[s]}", "scs",
			      "fleet-t", "sources", "198.18.7.0/24", "groups", "trucks")));
	json_array_append_new(ops, op_of("ue.add", ue_data(100, "trucks")));
	json_array_append_new(ops, op_of("ue.delete", json_pack("{s:s}", "ue", imsi_text(3))));
	refuse_json(&f, batch_of(ops), &(struct refusal){ "SCS, UE, then a bad delete",
			"not_found", { "ops[2] ue.delete", imsi_text(3) }, 2 });
	CU_ASSERT_EQUAL(policy_group_bit(admin_registry(f.ad), "trucks"), -ENOENT);
	CU_ASSERT_EQUAL(policy_scs_index(admin_registry(f.ad), "fleet-t"), -ENOENT);
	CU_ASSERT_PTR_NULL(ctx_of(&f, 100));

	/* the same batch without the bad operation: a UE may name a group an
	 * SCS of the same batch brings */
	look(&f, &before);
	ops = json_array();
	json_array_append_new(ops, op_of("ue.add", ue_data(100, "trucks")));
	json_array_append_new(ops, op_of("ue.update", json_pack("{s:s, s:[s, s]}", "ue",
			      imsi_text(1), "groups", "trucks", "meters")));
	json_array_append_new(ops, op_of("scs.add", json_pack("{s:s, s:[s], s:[s]}", "scs",
			      "fleet-t", "sources", "198.18.7.0/24", "groups", "trucks")));
	req = batch_of(ops);
	a = ask(&f, req);
	CU_ASSERT(ok_or_say(a, "SCS of a new group and UEs in it"));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(a_result(a), "applied")), 3);
	json_decref(a);
	json_decref(req);
	CU_ASSERT(scs_policy_get(&f.slot)->generation > before.generation);
	CU_ASSERT(policy_group_bit(admin_registry(f.ad), "trucks") >= 0);
	c = ctx_of(&f, 100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->groups, UINT64_C(1) << policy_group_bit(admin_registry(f.ad),
								   "trucks"));
	{
		int id = policy_scs_index(admin_registry(f.ad), "fleet-t");
		const struct scs_policy *p = scs_policy_get(&f.slot);

		CU_ASSERT_FATAL(id >= 0 && (uint32_t)id < p->n_ids);
		CU_ASSERT(p->scs[id].present);
		CU_ASSERT(p->scs[id].groups & c->groups);
		CU_ASSERT(p->scs[id].groups & ctx_of(&f, 1)->groups);
	}
	a = call(&f, "{'v': 1, 'op': 'group.list'}");
	for (size_t i = 0; i < json_array_size(a_result(a)); i++) {
		json_t *g = json_array_get(a_result(a), i);

		if (strcmp(json_string_value(json_object_get(g, "group")), "trucks") == 0) {
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "scs")), 1);
			CU_ASSERT_EQUAL(json_integer_value(json_object_get(g, "ues")), 2);
		}
	}
	json_decref(a);
	fx_close(&f);
}

/* ---- 4. a store that refuses the write ---------------------------------------- */

#define STORE_BIG 3000
#define STORE_SMALL 8

static void
test_store_full(void)
{
	json_t *ops, *a, *req;
	struct seen before, after;
	struct ue_ctx *c1;
	struct fx f;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ .max_ues = STORE_BIG + 64,
							     .map_size = 64 << 10 }), 0);
	populate(&f);
	look(&f, &before);
	c1 = ctx_of(&f, 1);
	ops = json_array();
	json_array_append_new(ops, op_of("scs.add", json_pack("{s:s, s:[s], s:[s]}", "scs",
			      "fleet-t", "sources", "198.18.7.0/24", "groups", "trucks")));
	json_array_append_new(ops, op_of("ue.rekey", json_pack("{s:s, s:i, s:s}", "ue",
			      imsi_text(1), "ksi", 5, "k_iwf", K64)));
	for (unsigned int i = 0; i < STORE_BIG; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "trucks")));
	req = batch_of(ops);
	a = ask(&f, req);
	CU_ASSERT_FALSE(a_ok(a));
	if (strcmp(a_code(a), "store") != 0)
		fprintf(stderr, "\n  a full store: %s: %s\n", a_code(a), a_msg(a));
	CU_ASSERT_STRING_EQUAL(a_code(a), "store");
	CU_ASSERT_PTR_NOT_NULL(strstr(a_msg(a), "nothing"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a_msg(a), "MDB_MAP_FULL"));
	json_decref(a);
	json_decref(req);
	look(&f, &after);
	CU_ASSERT(same(&before, &after));
	for (unsigned int i = 0; i < STORE_BIG; i += 101)
		CU_ASSERT_PTR_NULL(ctx_of(&f, 100 + i));
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1);
	CU_ASSERT_PTR_EQUAL(ctx_of(&f, 1), c1);
	CU_ASSERT_EQUAL(c1->ks.ksi, 1);
	CU_ASSERT_EQUAL(policy_scs_index(admin_registry(f.ad), "fleet-t"), -ENOENT);
	CU_ASSERT_EQUAL(policy_group_bit(admin_registry(f.ad), "trucks"), -ENOENT);

	/* the store still takes a smaller batch, and the table has room for it */
	ops = json_array();
	for (unsigned int i = 0; i < STORE_SMALL; i++)
		json_array_append_new(ops, op_of("ue.add", ue_data(100 + i, "meters")));
	req = batch_of(ops);
	a = ask(&f, req);
	CU_ASSERT(ok_or_say(a, "a small batch after a full store"));
	json_decref(a);
	json_decref(req);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 1 + STORE_SMALL);
	for (unsigned int i = 0; i < STORE_SMALL; i++) {
		struct ue_ctx *c = ctx_of(&f, 100 + i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT(c->count_bound > 0);
	}
	fx_close(&f);
}

/* ---- 5. keys at rest ------------------------------------------------------------ */

static bool
contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
	return memmem(hay, n, needle, m) != NULL;
}

static void
check_record(struct fx *f, unsigned int i, bool master)
{
	uint8_t key[8], kiwf[A3_KIWF_LEN], keys[2 * A3_KEY_LEN];
	struct a3_derive_req d = { .kiwf = kiwf, .eea = 2, .eia = 2 };
	char msisdn[16];
	MDB_val k = { sizeof(key), key }, v;
	struct ue_rec r;
	MDB_txn *txn;

	kiwf_of(i, kiwf);
	CU_ASSERT_EQUAL_FATAL(a3_derive_bulk(eng, &d, 1), 0);
	ue_rec_key(imsi_of(i), key);
	CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(count_store_env(f->cs), NULL, MDB_RDONLY, &txn), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_get(txn, count_store_db(f->cs, STORE_DB_UE), &k, &v), 0);
	CU_ASSERT_EQUAL(ue_rec_decode(v.mv_data, v.mv_size, imsi_of(i), &r), 0);
	CU_ASSERT_EQUAL(r.ksi, 1);
	snprintf(msisdn, sizeof(msisdn), "1555%07u", i);
	CU_ASSERT_STRING_EQUAL(r.msisdn, msisdn);
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, d.k_conf, sizeof(d.k_conf)));
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, d.k_int, sizeof(d.k_int)));
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, kiwf, sizeof(kiwf)));
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, kiwf, 8));
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, d.k_conf, 8));
	CU_ASSERT_FALSE(contains(v.mv_data, v.mv_size, d.k_int, 8));
	if (master) {
		CU_ASSERT_EQUAL(r.wrapped_len, KEYWRAP_WRAPPED_LEN(2 * A3_KEY_LEN));
		CU_ASSERT_EQUAL(r.wrapped_len, 40);
		/* what is wrapped is K_di_conf || K_di_int */
		CU_ASSERT_EQUAL(keywrap_unwrap(&f->master, r.wrapped, r.wrapped_len, keys,
					       sizeof(keys)), (int)sizeof(keys));
		CU_ASSERT_EQUAL(memcmp(keys, d.k_conf, A3_KEY_LEN), 0);
		CU_ASSERT_EQUAL(memcmp(keys + A3_KEY_LEN, d.k_int, A3_KEY_LEN), 0);
	} else {
		CU_ASSERT_EQUAL(r.wrapped_len, 0);
	}
	mdb_txn_abort(txn);
	explicit_bzero(keys, sizeof(keys));
	explicit_bzero(&d, sizeof(d));
}

static void
test_keys_at_rest(void)
{
	json_t *a;
	struct fx f;

	for (int master = 0; master < 2; master++) {
		CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ .master = master }), 0);
		populate(&f);
		check_record(&f, 1, master);
		a = ue_add(&f, 4, "cars");
		CU_ASSERT(ok_or_say(a, "ue.add 4"));
		json_decref(a);
		a = ue_show(&f, 4);
		CU_ASSERT(json_is_boolean(json_object_get(a_result(a), "keys_at_rest")));
		CU_ASSERT_EQUAL(json_is_true(json_object_get(a_result(a), "keys_at_rest")),
				master);
		json_decref(a);
		check_record(&f, 4, master);
		fx_close(&f);
	}
}

/* ---- 6. provisioning files ---------------------------------------------------- */

static char *
ue_line(unsigned int i, const char *group)
{
	json_t *d = ue_data(i, group);
	char *s = json_dumps(d, JSON_COMPACT);

	json_decref(d);
	return s;
}

static char *
import_text(unsigned int from, unsigned int n, const char *bad, unsigned int bad_at)
{
	size_t cap = 4096 + (size_t)n * 512, off = 0;
	char *t = malloc(cap);

	off += (size_t)snprintf(t + off, cap - off, "# a fleet\n"
		"{\"scs\": \"fleet-a\", \"sources\": [\"198.18.0.0/24\"], \"groups\": [\"meters\"]}\n"
		"\n");
	for (unsigned int i = 0; i < n; i++) {
		char *l = ue_line(from + i, "meters");

		if (bad != NULL && i == bad_at)
			off += (size_t)snprintf(t + off, cap - off, "%s\n", bad);
		off += (size_t)snprintf(t + off, cap - off, "  %s\n", l);
		free(l);
	}
	return t;
}

static void
test_import(void)
{
	struct admin_import_stats st;
	char err[1024], *text, *path;
	struct fx f;
	int rc;

	CU_ASSERT_EQUAL_FATAL(fx_open(&f, &(struct fx_opts){ 0 }), 0);

	/* lines 1-3: comment, SCS, blank; UEs from line 4; the bad one on
	 * line 4 + 5 = 9 */
	text = import_text(100, 10, "{\"ue\": \"0010abc\", \"msisdn\": \"1\", \"k_iwf\": \""
			   K64 "\", \"ksi\": 1, \"eea\": 2, \"eia\": 2}", 5);
	path = ctest_write(base, "bad.jsonl", text);
	free(text);
	rc = admin_import_file(f.ad, path, false, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, -EINVAL);
	if (strstr(err, "line 9:") == NULL)
		fprintf(stderr, "\n  import: %s\n", err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 9:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not an IMSI"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, path));
	CU_ASSERT_PTR_NULL(strstr(err, "ops["));
	CU_ASSERT_FALSE(has_hex_run(err, 24));
	/* the SCS batch before it stays, the UE batch holding it does not */
	CU_ASSERT_EQUAL(policy_scs_count(admin_registry(f.ad)), 1);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 0);
	CU_ASSERT_EQUAL(st.scs, 1);
	CU_ASSERT_EQUAL(st.ues, 0);
	unlink(path);
	free(path);

	/* not JSON on line 6 */
	text = import_text(100, 4, "{\"ue\": ", 2);
	path = ctest_write(base, "broken.jsonl", text);
	free(text);
	rc = admin_import_file(f.ad, path, true, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 6:"));
	CU_ASSERT_EQUAL(ue_table_count(f.t), 0);
	unlink(path);
	free(path);

	/* a good file twice: the second time with upsert, the UEs in force
	 * are skipped and the SCS updated */
	text = import_text(100, 10, NULL, 0);
	path = ctest_write(base, "good.jsonl", text);
	free(text);
	rc = admin_import_file(f.ad, path, true, &st, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "\n  import: %s\n", err);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(st.lines, 13);
	CU_ASSERT_EQUAL(st.scs, 1);
	CU_ASSERT_EQUAL(st.ues, 10);
	CU_ASSERT_EQUAL(st.skipped, 0);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 10);
	rc = admin_import_file(f.ad, path, true, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(st.scs, 1);
	CU_ASSERT_EQUAL(st.ues, 0);
	CU_ASSERT_EQUAL(st.skipped, 10);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 10);
	CU_ASSERT_EQUAL(policy_scs_count(admin_registry(f.ad)), 1);
	CU_ASSERT_EQUAL(policy_scs_index(admin_registry(f.ad), "fleet-a"), 0);
	/* without upsert, the SCS in force on line 2 is refused */
	rc = admin_import_file(f.ad, path, false, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, -EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 2:"));
	unlink(path);
	free(path);

	/* a file with those ten and two more: only the two are added */
	text = import_text(100, 12, NULL, 0);
	path = ctest_write(base, "more.jsonl", text);
	free(text);
	rc = admin_import_file(f.ad, path, true, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(st.ues, 2);
	CU_ASSERT_EQUAL(st.skipped, 10);
	CU_ASSERT_EQUAL(ue_table_count(f.t), 12);
	CU_ASSERT_PTR_NOT_NULL(ctx_of(&f, 111));
	unlink(path);
	free(path);

	/* a run of SCS lines is one batch: the second refused, neither in */
	path = ctest_write(base, "scs-run.jsonl",
			   "{\"scs\": \"run-1\", \"sources\": [\"192.0.2.0/25\"], \"groups\": [\"r\"]}\n"
			   "{\"scs\": \"run-2\", \"sources\": [\"192.0.2.0/25\"]}\n");
	rc = admin_import_file(f.ad, path, false, &st, err, sizeof(err));
	CU_ASSERT_EQUAL(rc, -EEXIST);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 2:"));
	CU_ASSERT_EQUAL(policy_scs_index(admin_registry(f.ad), "run-1"), -ENOENT);
	unlink(path);
	free(path);
	fx_close(&f);
}

static CU_TestInfo tests[] = {
	{ "scs.add, update, delete, show; group.list", test_scs_ops },
	{ "ue.add, show, update, rekey, delete", test_ue_ops },
	{ "a batch of many ue.add", test_batch_many },
	{ "refusals change nothing and say why", test_refusals },
	{ "no key in any answer", test_no_key_in_messages },
	{ "a batch over 100,000 operations", test_too_large },
	{ "batches all or nothing", test_batch_all_or_nothing },
	{ "a full store changes nothing", test_store_full },
	{ "keys at rest wrapped, or not kept", test_keys_at_rest },
	{ "provisioning files through the API", test_import },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "admin", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(4);
	eng = a3_engine_create();
	if (eng == NULL)
		return 2;
	base = ctest_tmpdir();
	rc = test_main(argc, argv, suites);
	ctest_rmdir(base);
	free(base);
	a3_engine_free(eng);
	return rc;
}
