/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A batch of changes, all or nothing:
 *   1. SCS operations on a copy of the registry, and a snapshot built from
 *      it (a bad pattern or prefix stops the batch before anything changed);
 *   2. UE operations checked against that registry, the table and the
 *      store, one operation per UE;
 *   3. keys derived in bulk, contexts filled off to the side;
 *   4. one durable store transaction: the records and the first COUNT
 *      reservation of every new context (nothing is visible yet, and a
 *      failed commit changes nothing);
 *   5. the snapshot published, the COUNT bounds published, the contexts
 *      inserted, replaced or removed (replaced and removed ones are freed
 *      after a grace period).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_int.h"
#include "provision_json.h"
#include "ue_count.h"
#include "ue_rec.h"

#define DERIVE_CHUNK 1024

struct ue_pend {
	enum admin_op op;
	size_t index;        /* in the batch */
	struct prov_ue u;    /* add: the line; others: IMSI and identifiers */
	struct ue_rec rec;   /* the record to store (not for a delete) */
	struct ue_ctx *cur;  /* the context in force (not for an add) */
	uint64_t old_groups;
	struct ue_ctx *nctx; /* add, rekey: the new context */
	struct count_resv resv;
};

struct batch {
	struct admin *ad;
	struct admin_err *e;
	struct policy_builder *reg;  /* the registry the batch applies to */
	json_t **defs;               /* its definitions, when SCS operations change them */
	bool scs_changed;
	struct scs_policy *snap;
	struct ue_pend *ue;
	size_t n_ue;
	uint8_t (*kiwf)[A3_KIWF_LEN]; /* [n_ue] */
	uint64_t *seen;               /* open addressing: IMSIs and identifier keys */
	size_t seen_cap;
};

/* ---- the batch's own set of names --------------------------------------- */

static bool
seen_add(struct batch *b, uint64_t v)
{
	v = v * 2 + 1; /* never 0 */
	for (size_t i = (v * UINT64_C(0x9e3779b97f4a7c15)) >> 20;; i++) {
		i &= b->seen_cap - 1;
		if (b->seen[i] == v)
			return false;
		if (b->seen[i] == 0) {
			b->seen[i] = v;
			return true;
		}
	}
}

/* ---- 1. SCS operations --------------------------------------------------- */

static int
scs_op(struct batch *b, const struct admin_item *it, size_t index)
{
	struct admin_err *e = b->e;
	char msg[512] = "";
	struct prov_err pe = { msg, sizeof(msg) };
	const char *name = json_string_value(it->data ? json_object_get(it->data, "scs") : NULL);
	const char *opn = admin_op_name[it->op];
	int id = name ? policy_scs_index(b->reg, name) : -ENOENT;
	json_t *def;
	int rc;

	e->index = (long)index;
	if (name == NULL)
		return admin_fail(e, AC_INVALID, "ops[%zu] %s: scs: missing or not a string",
				  index, opn);
	if (it->op != OP_SCS_ADD && id < 0)
		return admin_fail(e, AC_NOT_FOUND, "ops[%zu] %s: no SCS \"%s\"", index, opn, name);
	if (it->op == OP_SCS_DELETE) {
		if (json_object_size(it->data) != 1)
			return admin_fail(e, AC_INVALID, "ops[%zu] %s: only \"scs\" is allowed",
					  index, opn);
		policy_builder_delete(b->reg, (uint32_t)id);
		json_decref(b->defs[id]);
		b->defs[id] = NULL;
		return 0;
	}
	if (it->op == OP_SCS_ADD) {
		def = json_incref(it->data);
	} else {
		/* Each field given replaces that field of the definition. */
		def = json_copy(b->defs[id]);
		if (def == NULL || json_object_update(def, it->data) != 0) {
			json_decref(def);
			return admin_fail(e, AC_INTERNAL, "ops[%zu] %s: no definition kept for "
					  "\"%s\"", index, opn, name);
		}
	}
	rc = prov_scs_apply(&pe, def, b->reg, it->op == OP_SCS_ADD ? -1 : id);
	if (rc < 0) {
		json_decref(def);
		return admin_fail(e, admin_code_of(rc), "ops[%zu] %s: %s", index, opn, msg);
	}
	json_decref(b->defs[rc]);
	b->defs[rc] = def;
	return 0;
}

static int
scs_phase(struct batch *b, const struct admin_item *it, size_t n)
{
	struct admin *ad = b->ad;
	uint32_t cap = policy_scs_cap(ad->reg);
	json_t *names;
	char err[512];
	int rc;

	b->reg = policy_builder_clone(ad->reg);
	b->defs = calloc(cap, sizeof(*b->defs));
	if (b->reg == NULL || b->defs == NULL)
		return admin_fail(b->e, AC_INTERNAL, "out of memory");
	for (uint32_t i = 0; i < cap; i++)
		b->defs[i] = json_incref(ad->defs[i]);
	b->scs_changed = true;
	names = json_object();
	if (names == NULL)
		return admin_fail(b->e, AC_INTERNAL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *name;

		if (it[i].op < OP_SCS_ADD || it[i].op > OP_SCS_DELETE)
			continue;
		/* An SCS may be named by one operation of a batch (as a UE). */
		name = json_string_value(it[i].data ? json_object_get(it[i].data, "scs") : NULL);
		if (name != NULL && json_object_get(names, name) != NULL) {
			json_decref(names);
			b->e->index = (long)i;
			return admin_fail(b->e, AC_INVALID, "ops[%zu] %s: scs \"%s\" named twice "
					  "in one batch", i, admin_op_name[it[i].op], name);
		}
		if (scs_op(b, &it[i], i) != 0) {
			json_decref(names);
			return -1;
		}
		if (json_object_set_new(names, name, json_true()) != 0) {
			json_decref(names);
			return admin_fail(b->e, AC_INTERNAL, "out of memory");
		}
	}
	json_decref(names);
	rc = policy_build(b->reg, &ad->p.limits, &b->snap, err, sizeof(err));
	if (rc != 0) {
		b->e->index = -1;
		return admin_fail(b->e, admin_code_of(rc), "policy: %s", err);
	}
	return 0;
}

/* ---- 2. UE operations checked -------------------------------------------- */

/* The record of a UE in force: its store record, when the table holds a
 * context for it under its identifiers (a record the table does not hold,
 * from before a restart, is not in force). */
static struct ue_ctx *
ue_in_force(struct admin *ad, MDB_txn *txn, uint64_t imsi, struct ue_rec *rec)
{
	const struct ue_keyer *kr = ue_table_keyer(ad->p.ues);
	uint8_t key[8];
	MDB_val k = { sizeof(key), key }, v;
	struct ue_ctx *ctx = NULL;

	ue_rec_key(imsi, key);
	if (mdb_get(txn, count_store_db(ad->p.cs, STORE_DB_UE), &k, &v) != 0 ||
	    ue_rec_decode(v.mv_data, v.mv_size, imsi, rec) != 0)
		return NULL;
	if (rec->ext_len)
		ctx = ue_table_lookup(ad->p.ues, ue_key_extid(kr, rec->ext, rec->ext_len));
	else
		ctx = ue_table_lookup(ad->p.ues, ue_key_msisdn(kr, rec->msisdn, rec->msisdn_len));
	return ctx != NULL && ctx->imsi == imsi ? ctx : NULL;
}

static void
rec_from_line(struct ue_rec *r, const struct prov_ue *u)
{
	memset(r, 0, sizeof(*r));
	r->imsi = u->imsi;
	r->groups = u->groups;
	r->ksi = u->ksi;
	r->eea = u->eea;
	r->eia = u->eia;
	r->suspended = u->suspended;
	r->ext_len = (uint8_t)strlen(u->ext);
	r->msisdn_len = (uint8_t)strlen(u->msisdn);
	memcpy(r->ext, u->ext, sizeof(r->ext));
	memcpy(r->msisdn, u->msisdn, sizeof(r->msisdn));
}

static int
ue_check_keys(struct prov_err *pe, json_t *o, const char *const *allowed)
{
	return prov_check_keys(pe, o, allowed);
}

static int
ue_op(struct batch *b, MDB_txn *txn, const struct admin_item *it, size_t index,
      struct ue_pend *p, uint8_t kiwf[A3_KIWF_LEN])
{
	static const char *const upd_keys[] = { "ue", "groups", "suspended", NULL };
	static const char *const rekey_keys[] = { "ue", "ksi", "k_iwf", "k_asme", "nonce",
		"eea", "eia", NULL };
	static const char *const del_keys[] = { "ue", NULL };
	struct admin *ad = b->ad;
	const char *opn = admin_op_name[it->op];
	char msg[512] = "";
	struct prov_err pe = { msg, sizeof(msg) };
	struct ue_rec stored;
	static json_t *none; /* data of an operation that has none */
	json_t *d = it->data ? it->data : none ? none : (none = json_object());
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->op = it->op;
	p->index = index;
	b->e->index = (long)index;
	if (it->op == OP_UE_ADD) {
		const struct prov_ue_ctx c = { .keyer = ue_table_keyer(ad->p.ues),
					       .policy = b->reg, .engine = ad->a3,
					       .allow_null = ad->p.allow_null };

		if (it->pre != NULL) {
			p->u = *it->pre;
			memcpy(kiwf, it->pre_kiwf, A3_KIWF_LEN);
		} else if ((rc = prov_ue_parse(&pe, d, &c, &p->u, kiwf)) != 0) {
			goto fail;
		}
		if (ue_in_force(b->ad, txn, p->u.imsi, &stored) != NULL)
			return admin_fail(b->e, AC_EXISTS, "ops[%zu] %s: ue %s exists", index,
					  opn, p->u.imsi_text);
		if ((p->u.has_ext && ue_table_lookup(ad->p.ues, p->u.key_ext)) ||
		    (p->u.has_ext && !seen_add(b, p->u.key_ext)))
			return admin_fail(b->e, AC_EXISTS, "ops[%zu] %s: external_id: in use",
					  index, opn);
		if ((p->u.has_msisdn && ue_table_lookup(ad->p.ues, p->u.key_msisdn)) ||
		    (p->u.has_msisdn && !seen_add(b, p->u.key_msisdn)))
			return admin_fail(b->e, AC_EXISTS, "ops[%zu] %s: msisdn: in use",
					  index, opn);
		rec_from_line(&p->rec, &p->u);
	} else {
		const char *imsi = json_string_value(json_object_get(d, "ue"));

		rc = ue_check_keys(&pe, d, it->op == OP_UE_UPDATE ? upd_keys :
				   it->op == OP_UE_REKEY ? rekey_keys : del_keys);
		if (rc == 0)
			rc = prov_imsi(&pe, imsi, &p->u.imsi);
		if (rc != 0)
			goto fail;
		snprintf(p->u.imsi_text, sizeof(p->u.imsi_text), "%s", imsi);
		p->cur = ue_in_force(b->ad, txn, p->u.imsi, &stored);
		if (p->cur == NULL)
			return admin_fail(b->e, AC_NOT_FOUND, "ops[%zu] %s: no ue %s", index, opn,
					  imsi);
		p->rec = stored;
		p->old_groups = stored.groups;
	}
	/* IMSIs and identifier keys share the set: the IMSI mixed so that
	 * it cannot meet a key but by a 64-bit collision. */
	if (!seen_add(b, p->u.imsi * UINT64_C(0xff51afd7ed558ccd) + 1))
		return admin_fail(b->e, AC_INVALID, "ops[%zu] %s: ue %s named twice in one "
				  "batch", index, opn, p->u.imsi_text);
	if (it->op == OP_UE_UPDATE) {
		json_t *s = json_object_get(d, "suspended");
		bool susp;

		if (json_object_get(d, "groups") != NULL &&
		    (rc = prov_groups(&pe, d, b->reg, &p->rec.groups)) != 0)
			goto fail;
		if (s != NULL) {
			if ((rc = prov_bool(&pe, d, "suspended", &susp)) != 0)
				goto fail;
			p->rec.suspended = susp;
		}
	} else if (it->op == OP_UE_REKEY) {
		uint64_t ksi;

		if (json_object_get(d, "ksi") == NULL) {
			rc = prov_fail(&pe, -EINVAL, "ksi: missing field");
			goto fail;
		}
		if ((rc = prov_uint(&pe, d, "ksi", 0, A3_KSI_MAX, &ksi)) != 0)
			goto fail;
		if (ksi == stored.ksi) {
			rc = prov_fail(&pe, -EINVAL, "ksi: %u is the key set in force: a rekey "
				       "installs a new KSI", stored.ksi);
			goto fail;
		}
		p->rec.ksi = (uint8_t)ksi;
		if ((json_object_get(d, "eea") &&
		     (rc = prov_alg(&pe, d, "eea", ad->p.allow_null, &p->rec.eea)) != 0) ||
		    (json_object_get(d, "eia") &&
		     (rc = prov_alg(&pe, d, "eia", ad->p.allow_null, &p->rec.eia)) != 0) ||
		    (rc = prov_key(&pe, d, ad->a3, kiwf)) != 0)
			goto fail;
	}
	return 0;
fail:
	return admin_fail(b->e, admin_code_of(rc), "ops[%zu] %s: %s", index, opn, msg);
}

/* ---- 3. keys and contexts ----------------------------------------------- */

static bool
needs_ctx(const struct ue_pend *p)
{
	return p->op == OP_UE_ADD || p->op == OP_UE_REKEY;
}

/* K_di_conf || K_di_int of the m UEs idx[] wrapped under the master key
 * into their records, together (nothing without a master key). */
static int
wrap_keys(struct batch *b, const struct a3_derive_req *req, const size_t *idx, unsigned int m)
{
	static uint8_t keys[DERIVE_CHUNK][2 * A3_KEY_LEN];
	const uint8_t *in[DERIVE_CHUNK];
	uint8_t *out[DERIVE_CHUNK];
	int rc;

	if (b->ad->p.master == NULL)
		return 0;
	for (unsigned int j = 0; j < m; j++) {
		memcpy(keys[j], req[j].k_conf, A3_KEY_LEN);
		memcpy(keys[j] + A3_KEY_LEN, req[j].k_int, A3_KEY_LEN);
		in[j] = keys[j];
		out[j] = b->ue[idx[j]].rec.wrapped;
		b->ue[idx[j]].rec.wrapped_len = UE_REC_WRAPPED_MAX;
	}
	rc = keywrap_wrap_bulk(b->ad->p.master, in, sizeof(keys[0]), out, m);
	explicit_bzero(keys, sizeof(keys[0]) * m);
	return rc;
}

static int
make_contexts(struct batch *b)
{
	struct admin *ad = b->ad;
	struct a3_derive_req *req = calloc(DERIVE_CHUNK, sizeof(*req));
	size_t idx[DERIVE_CHUNK];
	int rc = 0;

	if (req == NULL)
		return admin_fail(b->e, AC_INTERNAL, "out of memory");
	size_t need = 0;

	for (size_t i = 0; i < b->n_ue; i++)
		need += needs_ctx(&b->ue[i]);
	if (need > ue_table_room(ad->p.ues)) {
		free(req);
		b->e->index = -1;
		return admin_fail(b->e, AC_FULL, "the UE table has room for %u more UEs, the "
				  "batch needs %zu (max_ues)", ue_table_room(ad->p.ues), need);
	}
	for (size_t base = 0; base < b->n_ue && rc == 0;) {
		unsigned int m = 0;

		for (; base < b->n_ue && m < DERIVE_CHUNK; base++) {
			struct ue_pend *p = &b->ue[base];

			if (!needs_ctx(p))
				continue;
			req[m] = (struct a3_derive_req){ .kiwf = b->kiwf[base],
							 .eea = p->rec.eea, .eia = p->rec.eia };
			idx[m++] = base;
		}
		if (m == 0 || (rc = a3_derive_bulk(ad->a3, req, m)) != 0) {
			if (rc != 0)
				admin_fail(b->e, AC_INTERNAL, "key derivation failed");
			break;
		}
		for (unsigned int j = 0; j < m && rc == 0; j++) {
			struct ue_pend *p = &b->ue[idx[j]];
			struct ue_ctx *c = ue_table_ctx_alloc(ad->p.ues);

			b->e->index = (long)p->index;
			if (c == NULL) {
				rc = admin_fail(b->e, AC_FULL, "ops[%zu] %s: the UE table is full",
						p->index, admin_op_name[p->op]);
				break;
			}
			p->nctx = c;
			if (a3_keyset_init(ad->a3, &c->ks, p->rec.ksi, p->rec.eea, p->rec.eia,
					   req[j].k_conf, req[j].k_int, ad->p.allow_null) != 0) {
				rc = admin_fail(b->e, AC_INTERNAL, "ops[%zu] %s: key set refused",
						p->index, admin_op_name[p->op]);
				break;
			}
			c->imsi = p->u.imsi;
			c->groups = p->rec.groups;
			c->suspended = p->rec.suspended;
		}
		if (rc == 0 && (rc = wrap_keys(b, req, idx, m)) != 0)
			admin_fail(b->e, AC_INTERNAL, "keys at rest: wrapping failed");
		explicit_bzero(req, sizeof(*req) * DERIVE_CHUNK);
	}
	free(req);
	return rc;
}

/* ---- 4. the store --------------------------------------------------------- */

static int
put_scs(struct batch *b, MDB_txn *txn)
{
	MDB_dbi db = count_store_db(b->ad->p.cs, STORE_DB_SCS);
	int rc = 0;

	/* Every definition again: a few hundred octets each, on the rare
	 * occasions an SCS changes. */
	rc = mdb_drop(txn, db, 0);
	for (uint32_t id = 0; rc == 0 && id < policy_scs_ids(b->reg); id++) {
		const char *name = policy_scs_name(b->reg, id);
		json_t *rec;
		char *text;

		if (name == NULL || b->defs[id] == NULL)
			continue;
		rec = json_pack("{s:i, s:O}", "id", (json_int_t)id, "def", b->defs[id]);
		text = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
		json_decref(rec);
		if (text == NULL)
			return ENOMEM;
		MDB_val k = { strlen(name), (void *)name }, v = { strlen(text), text };

		rc = mdb_put(txn, db, &k, &v, 0);
		free(text);
	}
	return rc == 0 ? admin_put_registry(b->reg, count_store_db(b->ad->p.cs, STORE_DB_META),
					    txn) : rc;
}

static int
store_batch(struct batch *b)
{
	struct admin *ad = b->ad;
	MDB_dbi db = count_store_db(ad->p.cs, STORE_DB_UE);
	MDB_txn *txn;
	int rc = mdb_txn_begin(count_store_env(ad->p.cs), NULL, 0, &txn);

	if (rc == 0 && b->scs_changed)
		rc = put_scs(b, txn);
	for (size_t i = 0; rc == 0 && i < b->n_ue; i++) {
		struct ue_pend *p = &b->ue[i];
		uint8_t key[8], val[UE_REC_MAX];
		MDB_val k = { sizeof(key), key }, v = { 0, val };

		ue_rec_key(p->u.imsi, key);
		if (p->op == OP_UE_DELETE) {
			rc = mdb_del(txn, db, &k, NULL);
			continue;
		}
		v.mv_size = ue_rec_encode(&p->rec, val);
		rc = mdb_put(txn, db, &k, &v, 0);
		explicit_bzero(val, sizeof(val));
		if (rc == 0 && p->nctx != NULL) {
			int r = count_store_reserve_in(ad->p.cs, txn, p->nctx, &p->resv);

			rc = r < 0 ? EIO : 0;
		}
	}
	if (rc != 0) {
		if (txn != NULL)
			mdb_txn_abort(txn);
	} else {
		rc = mdb_txn_commit(txn);
	}
	if (rc != 0) {
		b->e->index = -1;
		return admin_fail(b->e, AC_STORE, "store: %s: nothing was changed",
				  mdb_strerror(rc));
	}
	return 0;
}

/* ---- 5. visible ------------------------------------------------------------ */

static void
keys_of(struct admin *ad, const struct ue_rec *r, uint64_t *ext, uint64_t *msisdn)
{
	const struct ue_keyer *kr = ue_table_keyer(ad->p.ues);

	*ext = r->ext_len ? ue_key_extid(kr, r->ext, r->ext_len) : 0;
	*msisdn = r->msisdn_len ? ue_key_msisdn(kr, r->msisdn, r->msisdn_len) : 0;
}

static int
apply_ue(struct batch *b, struct ue_pend *p)
{
	struct admin *ad = b->ad;
	struct ue_table *t = ad->p.ues;
	uint64_t ext, msisdn;
	int rc = 0;

	keys_of(ad, &p->rec, &ext, &msisdn);
	switch (p->op) {
	case OP_UE_ADD:
		rc = ue_table_insert(t, p->nctx, p->rec.ext_len ? &ext : NULL,
				     p->rec.msisdn_len ? &msisdn : NULL);
		if (rc == 0) {
			ue_table_ctx_publish(t, p->nctx);
			policy_groups_ref_ues(b->reg, p->rec.groups, +1);
		}
		break;
	case OP_UE_UPDATE:
		/* In place: the workers read the groups and the flag per trigger. */
		policy_groups_ref_ues(b->reg, p->rec.groups, +1);
		policy_groups_ref_ues(b->reg, p->old_groups, -1);
		__atomic_store_n(&p->cur->groups, p->rec.groups, __ATOMIC_RELAXED);
		__atomic_store_n(&p->cur->suspended, p->rec.suspended, __ATOMIC_RELAXED);
		break;
	case OP_UE_REKEY:
		rc = ue_table_replace(t, p->rec.ext_len ? &ext : NULL,
				      p->rec.msisdn_len ? &msisdn : NULL, p->nctx);
		if (rc == 0)
			ue_table_ctx_publish(t, p->nctx);
		break;
	case OP_UE_DELETE:
		rc = ue_table_delete(t, p->rec.ext_len ? &ext : NULL,
				     p->rec.msisdn_len ? &msisdn : NULL);
		if (rc == 0)
			policy_groups_ref_ues(b->reg, p->old_groups, -1);
		break;
	default:
		break;
	}
	return rc;
}

static void
batch_free(struct batch *b, bool applied)
{
	struct admin *ad = b->ad;

	for (size_t i = 0; i < b->n_ue; i++)
		if (!applied && b->ue[i].nctx != NULL)
			ue_table_ctx_release(ad->p.ues, b->ue[i].nctx);
	if (b->kiwf != NULL)
		explicit_bzero(b->kiwf, A3_KIWF_LEN * b->n_ue);
	if (b->ue != NULL)
		explicit_bzero(b->ue, sizeof(*b->ue) * b->n_ue);
	free(b->kiwf);
	free(b->ue);
	free(b->seen);
	if (!applied) {
		policy_free(b->snap);
		if (b->scs_changed) {
			for (uint32_t i = 0; b->defs && i < policy_scs_cap(ad->reg); i++)
				json_decref(b->defs[i]);
			free(b->defs);
			policy_builder_free(b->reg);
		}
	}
}

int
admin_apply(struct admin *ad, const struct admin_item *it, size_t n, struct admin_err *e,
	    json_t **result)
{
	struct batch b = { .ad = ad, .e = e, .reg = ad->reg };
	size_t n_ue = 0, failed = 0;
	MDB_txn *rtxn = NULL;
	int rc = 0;

	*result = NULL;
	for (size_t i = 0; i < n; i++) {
		n_ue += it[i].op <= OP_UE_DELETE;
		if (it[i].op >= OP_SCS_ADD && it[i].op <= OP_SCS_DELETE && !b.scs_changed &&
		    scs_phase(&b, it, n) != 0) {
			batch_free(&b, false);
			return -1;
		}
	}
	b.ue = calloc(n_ue ? n_ue : 1, sizeof(*b.ue));
	b.kiwf = calloc(n_ue ? n_ue : 1, A3_KIWF_LEN);
	for (b.seen_cap = 64; b.seen_cap < 8 * n_ue; b.seen_cap *= 2)
		;
	b.seen = calloc(b.seen_cap, sizeof(*b.seen));
	if (b.ue == NULL || b.kiwf == NULL || b.seen == NULL) {
		batch_free(&b, false);
		return admin_fail(e, AC_INTERNAL, "out of memory");
	}
	if (n_ue > 0 && mdb_txn_begin(count_store_env(ad->p.cs), NULL, MDB_RDONLY, &rtxn) != 0) {
		batch_free(&b, false);
		return admin_fail(e, AC_STORE, "store: cannot read");
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (it[i].op <= OP_UE_DELETE)
			rc = ue_op(&b, rtxn, &it[i], i, &b.ue[b.n_ue], b.kiwf[b.n_ue]), b.n_ue++;
	if (rtxn != NULL)
		mdb_txn_abort(rtxn);
	if (rc != 0 || (rc = make_contexts(&b)) != 0 || (rc = store_batch(&b)) != 0) {
		batch_free(&b, false);
		return -1;
	}
	/* Visible from here on, snapshot first: a UE of a new group meets the
	 * SCSs that name it. */
	if (b.scs_changed) {
		for (uint32_t id = 0; id < policy_scs_ids(b.reg); id++)
			if (policy_scs_name(b.reg, id) != NULL)
				scs_state_name_set(ad->p.scs_state, id, policy_scs_name(b.reg, id));
		admin_publish(ad, b.snap);
		for (uint32_t i = 0; i < policy_scs_cap(ad->reg); i++)
			json_decref(ad->defs[i]);
		free(ad->defs);
		ad->defs = b.defs;
		policy_builder_free(ad->reg);
		ad->reg = b.reg;
	}
	for (size_t i = 0; i < b.n_ue; i++)
		count_store_publish(&b.ue[i].resv, 1);
	for (size_t i = 0; i < b.n_ue; i++) {
		if (apply_ue(&b, &b.ue[i]) == 0)
			continue;
		/* Only a hash that ran out of key slots: the record stays and the
		 * next import or restart puts the UE in. */
		if (b.ue[i].nctx != NULL)
			ue_table_ctx_release(ad->p.ues, b.ue[i].nctx);
		b.ue[i].nctx = NULL;
		failed++;
	}
	batch_free(&b, true);
	if (failed > 0) {
		e->index = -1;
		return admin_fail(e, AC_FULL, "%zu UE(s) stored but not installed: the UE "
				  "table's hash is full", failed);
	}
	*result = json_pack("{s:I}", "applied", (json_int_t)n);
	return 0;
}

bool
admin_ue_exists(struct admin *ad, uint64_t imsi)
{
	struct ue_rec r;
	MDB_txn *txn;
	bool in;

	if (mdb_txn_begin(count_store_env(ad->p.cs), NULL, MDB_RDONLY, &txn) != 0)
		return false;
	in = ue_in_force(ad, txn, imsi, &r) != NULL;
	mdb_txn_abort(txn);
	explicit_bzero(&r, sizeof(r));
	return in;
}
