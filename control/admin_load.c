/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A restart from the store: the SCS registry at the same ids and group
 * bits, then every UE whose keys are kept (wrapped under the master key),
 * installed without key derivation. The provisioning file, when there is
 * one, is imported after this and adds only what is not in force.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_int.h"
#include "provision_json.h"
#include "ue_rec.h"

#define REGISTRY_KEY "registry"

int
admin_put_registry(const struct policy_builder *reg, MDB_dbi meta, MDB_txn *txn)
{
	json_t *groups = json_array(), *o;
	char *text;
	int rc;

	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		const char *name = policy_group_info(reg, i, NULL, NULL);

		json_array_append_new(groups, name ? json_string(name) : json_null());
	}
	o = json_pack("{s:I, s:o}", "next_id", (json_int_t)policy_scs_ids(reg), "groups", groups);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (text == NULL)
		return ENOMEM;
	MDB_val k = { strlen(REGISTRY_KEY), REGISTRY_KEY }, v = { strlen(text), text };

	rc = mdb_put(txn, meta, &k, &v, 0);
	free(text);
	return rc;
}

struct scs_saved {
	uint32_t id;
	json_t *def;
};

static int
by_id(const void *a, const void *b)
{
	const struct scs_saved *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The registry record and the SCS definitions, back in the registry. */
static int
load_registry(struct admin *ad, MDB_txn *txn, struct admin_load_stats *st, char *err,
	      size_t errlen)
{
	MDB_dbi meta = count_store_db(ad->p.cs, STORE_DB_META);
	MDB_dbi db = count_store_db(ad->p.cs, STORE_DB_SCS);
	MDB_val k = { strlen(REGISTRY_KEY), REGISTRY_KEY }, v;
	struct scs_saved *saved = NULL;
	size_t n = 0, cap = 0;
	json_t *reg, *groups, *g;
	json_int_t next;
	MDB_cursor *c;
	size_t i;
	int rc = mdb_get(txn, meta, &k, &v);

	if (rc == MDB_NOTFOUND)
		return 0;
	reg = rc == 0 ? json_loadb(v.mv_data, v.mv_size, 0, NULL) : NULL;
	groups = json_object_get(reg, "groups");
	next = json_integer_value(json_object_get(reg, "next_id"));
	if (!json_is_array(groups) || next < 0 || next > policy_scs_cap(ad->reg)) {
		json_decref(reg);
		snprintf(err, errlen, "store: the SCS registry record is not one");
		return -EBADMSG;
	}
	json_array_foreach(groups, i, g)
		if (json_is_string(g))
			policy_builder_set_group(ad->reg, (unsigned int)i, json_string_value(g));
	json_decref(reg);
	if ((rc = mdb_cursor_open(txn, db, &c)) != 0)
		return -EIO;
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		json_t *o = json_loadb(v.mv_data, v.mv_size, 0, NULL);
		json_t *id = json_object_get(o, "id"), *def = json_object_get(o, "def");

		if (!json_is_integer(id) || !json_is_object(def) || json_integer_value(id) < 0 ||
		    json_integer_value(id) >= next) {
			json_decref(o);
			snprintf(err, errlen, "store: SCS record \"%.*s\" is not one", (int)k.mv_size,
				 (const char *)k.mv_data);
			rc = -EBADMSG;
			break;
		}
		if (n == cap) {
			struct scs_saved *s2 = realloc(saved, (cap = cap ? 2 * cap : 16) *
						       sizeof(*saved));

			if (s2 == NULL) {
				json_decref(o);
				rc = -ENOMEM;
				break;
			}
			saved = s2;
		}
		saved[n++] = (struct scs_saved){ (uint32_t)json_integer_value(id), json_incref(def) };
		json_decref(o);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	qsort(saved, n, sizeof(*saved), by_id);
	for (i = 0; i < n; i++) {
		char msg[512] = "";
		struct prov_err pe = { msg, sizeof(msg) };

		if (rc != 0)
			break;
		policy_builder_set_next_id(ad->reg, saved[i].id);
		rc = prov_scs_apply(&pe, saved[i].def, ad->reg, -1);
		if (rc >= 0 && (uint32_t)rc != saved[i].id)
			rc = -EBADMSG;
		if (rc < 0) {
			snprintf(err, errlen, "store: SCS %u: %s", saved[i].id, msg);
			break;
		}
		ad->defs[saved[i].id] = json_incref(saved[i].def);
		scs_state_name_set(ad->p.scs_state, saved[i].id,
				   policy_scs_name(ad->reg, saved[i].id));
		st->scs++;
		rc = 0;
	}
	for (i = 0; i < n; i++)
		json_decref(saved[i].def);
	free(saved);
	policy_builder_set_next_id(ad->reg, (uint32_t)next);
	return rc;
}

#define LOAD_BATCH 256

/* Records read from the store, their keys unwrapped together. */
struct load_batch {
	struct ue_rec rec[LOAD_BATCH];
	uint8_t keys[LOAD_BATCH][2 * A3_KEY_LEN];
	unsigned int n;
};

/* A restored UE's context, filled (not yet inserted): NULL and *rc set when
 * it cannot be. */
static struct ue_ctx *
fill(struct admin *ad, const struct ue_rec *r, const uint8_t *keys, int *rc)
{
	struct ue_ctx *c = ue_table_ctx_alloc(ad->p.ues);

	*rc = c == NULL ? -ENOSPC : 0;
	if (c != NULL &&
	    (a3_keyset_init(ad->a3, &c->ks, r->ksi, r->eea, r->eia, keys, keys + A3_KEY_LEN,
			    ad->p.allow_null) != 0 ||
	     policy_groups_ref_ues(ad->reg, r->groups, +1) != 0)) {
		ue_table_ctx_release(ad->p.ues, c);
		c = NULL;
		*rc = -EBADMSG;
	}
	if (c != NULL) {
		c->imsi = r->imsi;
		c->groups = r->groups;
		c->suspended = r->suspended;
	}
	return c;
}

/* The batch's keys unwrapped in bulk, its contexts filled and inserted
 * together. COUNT: the start's refill resumes each at its stored bound. */
static int
install_batch(struct admin *ad, struct load_batch *lb, struct admin_load_stats *st)
{
	const struct ue_keyer *kr = ue_table_keyer(ad->p.ues);
	const uint8_t *in[LOAD_BATCH];
	uint8_t *out[LOAD_BATCH];
	size_t len[LOAD_BATCH];
	struct ue_ctx *ctx[LOAD_BATCH];
	uint64_t ext[LOAD_BATCH], msisdn[LOAD_BATCH];
	unsigned int k = 0;
	int rc = 0, done;

	for (unsigned int i = 0; i < lb->n; i++) {
		in[i] = lb->rec[i].wrapped;
		out[i] = lb->keys[i];
	}
	if (lb->n > 0)
		rc = keywrap_unwrap_bulk(ad->p.master, in, UE_REC_WRAPPED_MAX, out, len, lb->n);
	for (; k < lb->n && rc == 0; k++) {
		const struct ue_rec *r = &lb->rec[k];

		/* keys that do not open: corrupted, or not under this key */
		ctx[k] = len[k] == sizeof(lb->keys[k]) ? fill(ad, r, lb->keys[k], &rc) : NULL;
		if (ctx[k] == NULL) {
			rc = rc ? rc : -EBADMSG;
			break;
		}
		ext[k] = r->ext_len ? ue_key_extid(kr, r->ext, r->ext_len) : 0;
		msisdn[k] = r->msisdn_len ? ue_key_msisdn(kr, r->msisdn, r->msisdn_len) : 0;
	}
	done = rc == 0 ? ue_table_insert_bulk(ad->p.ues, ctx, ext, msisdn, k) : 0;
	if (rc == 0 && done != (int)k)
		rc = done < 0 ? done : -EEXIST;
	for (unsigned int i = 0; i < k; i++) {
		if ((int)i < done) {
			ue_table_ctx_publish(ad->p.ues, ctx[i]);
			st->ues++;
		} else {
			policy_groups_ref_ues(ad->reg, lb->rec[i].groups, -1);
			ue_table_ctx_release(ad->p.ues, ctx[i]);
		}
	}
	explicit_bzero(lb, sizeof(*lb));
	return rc;
}

/* One record of the cursor into the batch (or counted aside when its keys
 * are not kept); 0 or -errno. */
static int
read_record(struct admin *ad, const MDB_val *k, const MDB_val *v, struct load_batch *lb,
	    struct admin_load_stats *st)
{
	struct ue_rec *r = &lb->rec[lb->n];
	uint64_t imsi = 0;

	if (k->mv_size != 8)
		return -EBADMSG;
	for (int i = 0; i < 8; i++)
		imsi = imsi << 8 | ((const uint8_t *)k->mv_data)[i];
	if (ue_rec_decode(v->mv_data, v->mv_size, imsi, r) != 0)
		return -EBADMSG;
	if (r->wrapped_len == 0 || ad->p.master == NULL) {
		st->no_keys++;
		return 0;
	}
	if (r->wrapped_len != UE_REC_WRAPPED_MAX)
		return -EBADMSG;
	lb->n++;
	return 0;
}

int
admin_load_store(struct admin *ad, struct admin_load_stats *st, char *err, size_t errlen)
{
	struct load_batch *lb;
	MDB_txn *txn;
	MDB_cursor *c;
	MDB_val k, v;
	struct scs_policy *pol;
	int rc;

	memset(st, 0, sizeof(*st));
	if (mdb_txn_begin(count_store_env(ad->p.cs), NULL, MDB_RDONLY, &txn) != 0) {
		snprintf(err, errlen, "store: cannot read");
		return -EIO;
	}
	lb = calloc(1, sizeof(*lb));
	rc = lb ? load_registry(ad, txn, st, err, errlen) : -ENOMEM;
	if (rc == 0 && (rc = mdb_cursor_open(txn, count_store_db(ad->p.cs, STORE_DB_UE), &c)) == 0) {
		int r = 0;

		while (r == 0 && (rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
			r = read_record(ad, &k, &v, lb, st);
			if (r == 0 && lb->n == LOAD_BATCH)
				r = install_batch(ad, lb, st);
			if (r == 0 && ad->p.stop != NULL &&
			    __atomic_load_n(ad->p.stop, __ATOMIC_RELAXED))
				r = -EINTR;
		}
		if (r == 0)
			r = install_batch(ad, lb, st);
		mdb_cursor_close(c);
		if (r < 0) {
			snprintf(err, errlen, "store: a UE record after %" PRIu64 " good ones: %s",
				 st->ues + st->no_keys, r == -ENOSPC ? "the UE table is full "
				 "(max_ues)" : r == -EEXIST ? "an identifier given twice" :
				 r == -EINTR ? "stopped by a signal" :
				 "refused (corrupted, or keys that do not open)");
			rc = r;
		} else if (rc == MDB_NOTFOUND) {
			rc = 0;
		} else if (rc > 0) {
			rc = -EIO;
		}
	}
	if (lb != NULL) {
		explicit_bzero(lb, sizeof(*lb));
		free(lb);
	}
	mdb_txn_abort(txn);
	if (rc != 0)
		return rc;
	policy_builder_prune_groups(ad->reg);
	if (st->scs == 0)
		return 0;
	rc = policy_build(ad->reg, &ad->p.limits, &pol, err, errlen);
	if (rc == 0)
		admin_publish(ad, pol);
	return rc;
}

uint64_t
admin_store_ues(struct count_store *cs)
{
	MDB_txn *txn;
	MDB_stat ms;
	uint64_t n = 0;

	if (mdb_txn_begin(count_store_env(cs), NULL, MDB_RDONLY, &txn) != 0)
		return 0;
	if (mdb_stat(txn, count_store_db(cs, STORE_DB_UE), &ms) == 0)
		n = ms.ms_entries;
	mdb_txn_abort(txn);
	return n;
}
