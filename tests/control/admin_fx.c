/* SPDX-License-Identifier: BSD-3-Clause */
#include "admin_fx.h"

struct rte_rcu_qsbr *qs;
struct a3_engine *eng;
char *base;
static unsigned int gen;

/* ---- the fixture: a table, a registry, a slot, a store, an admin ---------- */



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

int
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

void
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
bool
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
json_t *
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
json_t *
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

bool
a_ok(json_t *a)
{
	return json_is_true(json_object_get(a, "ok"));
}

const char *
a_code(json_t *a)
{
	const char *c = json_string_value(json_object_get(json_object_get(a, "error"), "code"));

	return c ? c : "";
}

const char *
a_msg(json_t *a)
{
	const char *m = json_string_value(json_object_get(json_object_get(a, "error"),
							  "message"));

	return m ? m : "";
}

long
a_index(json_t *a)
{
	json_t *i = json_object_get(json_object_get(a, "error"), "index");

	return i ? (long)json_integer_value(i) : -1;
}

json_t *
a_result(json_t *a)
{
	return json_object_get(a, "result");
}

/* An answer that must be a success: printed when it is not. */
bool
ok_or_say(json_t *a, const char *what)
{
	if (a_ok(a))
		return true;
	fprintf(stderr, "\n  %s: %s: %s\n", what, a_code(a), a_msg(a));
	return false;
}

/* Sends text, asserts success, drops the answer. */

/* ---- UEs --------------------------------------------------------------------- */

void
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

void
kiwf_hex(unsigned int i, char out[2 * A3_KIWF_LEN + 1])
{
	uint8_t k[A3_KIWF_LEN];

	kiwf_of(i, k);
	hex_of(k, sizeof(k), out);
}

uint64_t
imsi_of(unsigned int i)
{
	return ue_imsi_pack(IMSI_BASE + i, 15);
}

const char *
imsi_text(unsigned int i)
{
	static char s[4][16];
	static unsigned int r;
	char *p = s[r++ & 3];

	snprintf(p, 16, "0010100%08u", i);
	return p;
}

/* The data of a ue.add of UE i (15-digit IMSI, identifiers, key of i). */
json_t *
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

json_t *
op_of(const char *op, json_t *data)
{
	return json_pack("{s:s, s:o}", "op", op, "data", data);
}

json_t *
single(const char *op, json_t *data)
{
	return json_pack("{s:i, s:s, s:o}", "v", 1, "op", op, "data", data);
}

json_t *
batch_of(json_t *ops)
{
	return json_pack("{s:i, s:s, s:o}", "v", 1, "op", "batch", "ops", ops);
}

/* The context of UE i, found by its External-Identifier. */
struct ue_ctx *
ctx_of(struct fx *f, unsigned int i)
{
	char ext[64];
	int n = snprintf(ext, sizeof(ext), "ue-%u@iot.example", i);

	return ue_table_lookup(f->t, ue_key_extid(ue_table_keyer(f->t), ext, (size_t)n));
}

struct ue_ctx *
ctx_by_msisdn(struct fx *f, unsigned int i)
{
	char msisdn[16];
	int n = snprintf(msisdn, sizeof(msisdn), "1555%07u", i);

	return ue_table_lookup(f->t, ue_key_msisdn(ue_table_keyer(f->t), msisdn, (size_t)n));
}

json_t *
ue_add(struct fx *f, unsigned int i, const char *group)
{
	json_t *req = single("ue.add", ue_data(i, group)), *a = ask(f, req);

	json_decref(req);
	return a;
}

json_t *
ue_show(struct fx *f, unsigned int i)
{
	json_t *req = single("ue.show", json_pack("{s:s}", "ue", imsi_text(i))), *a;

	a = ask(f, req);
	json_decref(req);
	return a;
}

/* Two SCSs (groups "meters" and "cars") and UE 1 in "meters". */
void
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


void
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

bool
same(const struct seen *a, const struct seen *b)
{
	return a->ues == b->ues && a->retiring == b->retiring &&
	       a->generation == b->generation && a->txnid == b->txnid &&
	       a->ue_recs == b->ue_recs && a->scs_recs == b->scs_recs &&
	       a->n_scs == b->n_scs && a->scs_ids == b->scs_ids;
}


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

void
refuse(struct fx *f, const struct refusal *r)
{
	struct seen before;
	json_t *a;

	look(f, &before);
	a = call(f, r->req);
	check_refused(f, a, r->req, r, &before);
	json_decref(a);
}

void
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

int
admin_fx_main(int argc, char **argv, CU_SuiteInfo *suites)
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
