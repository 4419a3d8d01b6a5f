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

/* One UE record into a context, its keys unwrapped: 1 installed, 0 kept
 * aside (no keys at rest), -errno. */
static int
load_ue(struct admin *ad, const MDB_val *k, const MDB_val *v, struct admin_load_stats *st)
{
	const struct ue_keyer *kr = ue_table_keyer(ad->p.ues);
	uint8_t keys[2 * A3_KEY_LEN];
	struct ue_rec r;
	struct ue_ctx *c;
	uint64_t imsi = 0, ext, msisdn;
	int rc;

	if (k->mv_size != 8)
		return -EBADMSG;
	for (int i = 0; i < 8; i++)
		imsi = imsi << 8 | ((const uint8_t *)k->mv_data)[i];
	if (ue_rec_decode(v->mv_data, v->mv_size, imsi, &r) != 0)
		return -EBADMSG;
	if (r.wrapped_len == 0 || ad->p.master == NULL) {
		st->no_keys++;
		return 0;
	}
	rc = keywrap_unwrap(ad->p.master, r.wrapped, r.wrapped_len, keys, sizeof(keys));
	if (rc != (int)sizeof(keys)) {
		explicit_bzero(&r, sizeof(r));
		return -EBADMSG;
	}
	c = ue_table_ctx_alloc(ad->p.ues);
	if (c == NULL) {
		rc = -ENOSPC;
	} else if (a3_keyset_init(ad->a3, &c->ks, r.ksi, r.eea, r.eia, keys, keys + A3_KEY_LEN,
				  ad->p.allow_null) != 0 ||
		   policy_groups_ref_ues(ad->reg, r.groups, +1) != 0) {
		rc = -EBADMSG;
	} else {
		c->imsi = imsi;
		c->groups = r.groups;
		c->suspended = r.suspended;
		ext = r.ext_len ? ue_key_extid(kr, r.ext, r.ext_len) : 0;
		msisdn = r.msisdn_len ? ue_key_msisdn(kr, r.msisdn, r.msisdn_len) : 0;
		rc = ue_table_insert(ad->p.ues, c, r.ext_len ? &ext : NULL,
				     r.msisdn_len ? &msisdn : NULL);
		if (rc != 0)
			policy_groups_ref_ues(ad->reg, r.groups, -1);
	}
	explicit_bzero(keys, sizeof(keys));
	explicit_bzero(&r, sizeof(r));
	if (rc != 0) {
		if (c != NULL)
			ue_table_ctx_release(ad->p.ues, c);
		return rc;
	}
	/* COUNT: the start's refill resumes it at the stored bound. */
	ue_table_ctx_publish(ad->p.ues, c);
	st->ues++;
	return 1;
}

int
admin_load_store(struct admin *ad, struct admin_load_stats *st, char *err, size_t errlen)
{
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
	rc = load_registry(ad, txn, st, err, errlen);
	if (rc == 0 && (rc = mdb_cursor_open(txn, count_store_db(ad->p.cs, STORE_DB_UE), &c)) == 0) {
		while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
			int r = load_ue(ad, &k, &v, st);

			if (r < 0) {
				snprintf(err, errlen, "store: the UE record after %" PRIu64 " good "
					 "ones: %s", st->ues + st->no_keys, r == -ENOSPC ? "the UE table is full "
					 "(max_ues)" : "refused (corrupted, or keys that do not open)");
				rc = r;
				break;
			}
		}
		mdb_cursor_close(c);
		if (rc == MDB_NOTFOUND)
			rc = 0;
		else if (rc > 0)
			rc = -EIO;
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
