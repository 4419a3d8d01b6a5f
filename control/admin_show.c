/* SPDX-License-Identifier: BSD-3-Clause */
/* The admin API's reads of the tables: ue.show, scs.show, group.list. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "admin_int.h"
#include "provision_json.h"
#include "ue_rec.h"

/* The names of the groups of bits. */
static json_t *
group_names(const struct policy_builder *reg, uint64_t bits)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		const char *name = (bits >> i & 1) ? policy_group_info(reg, i, NULL, NULL) : NULL;

		if (name != NULL)
			json_array_append_new(a, json_string(name));
	}
	return a;
}

json_t *
admin_ue_show(struct admin *ad, json_t *data, struct admin_err *e)
{
	const struct ue_keyer *kr = ue_table_keyer(ad->p.ues);
	const char *imsi = data ? json_string_value(json_object_get(data, "ue")) : NULL;
	char msg[256] = "";
	struct prov_err pe = { msg, sizeof(msg) };
	uint8_t key[8];
	MDB_val k = { sizeof(key), key }, v;
	struct ue_rec r;
	struct ue_ctx *ctx = NULL;
	MDB_txn *txn;
	uint64_t packed;
	int rc;

	if (data == NULL || json_object_size(data) != 1 || prov_imsi(&pe, imsi, &packed) != 0) {
		admin_fail(e, AC_INVALID, "ue.show: data: {\"ue\": IMSI} (%s)",
			   msg[0] ? msg : "only \"ue\"");
		return NULL;
	}
	ue_rec_key(packed, key);
	if (mdb_txn_begin(count_store_env(ad->p.cs), NULL, MDB_RDONLY, &txn) != 0) {
		admin_fail(e, AC_STORE, "ue.show: cannot read the store");
		return NULL;
	}
	rc = mdb_get(txn, count_store_db(ad->p.cs, STORE_DB_UE), &k, &v);
	if (rc == 0)
		rc = ue_rec_decode(v.mv_data, v.mv_size, packed, &r);
	mdb_txn_abort(txn);
	if (rc == 0)
		ctx = ue_table_lookup(ad->p.ues, r.ext_len ? ue_key_extid(kr, r.ext, r.ext_len)
						: ue_key_msisdn(kr, r.msisdn, r.msisdn_len));
	if (rc != 0 || ctx == NULL || ctx->imsi != packed) {
		admin_fail(e, rc == -EBADMSG ? AC_STORE : AC_NOT_FOUND, "ue.show: %s %s", imsi,
			   rc == -EBADMSG ? "has a corrupted record" : "not found");
		return NULL;
	}
	json_t *o = json_pack("{s:s, s:i, s:i, s:i, s:o, s:b, s:I, s:I, s:b}", "ue", imsi,
			      "ksi", r.ksi, "eea", r.eea, "eia", r.eia, "groups",
			      group_names(ad->reg, r.groups), "suspended", r.suspended,
			      "count_next",
			      (json_int_t)__atomic_load_n(&ctx->count_next, __ATOMIC_RELAXED),
			      "count_bound",
			      (json_int_t)__atomic_load_n(&ctx->count_bound, __ATOMIC_RELAXED),
			      "keys_at_rest", r.wrapped_len > 0);

	if (r.ext_len)
		json_object_set_new(o, "external_id", json_string(r.ext));
	if (r.msisdn_len)
		json_object_set_new(o, "msisdn", json_string(r.msisdn));
	return o;
}

json_t *
admin_scs_show(struct admin *ad, json_t *data, struct admin_err *e)
{
	const char *name = data ? json_string_value(json_object_get(data, "scs")) : NULL;
	json_t *a = json_array();

	if (data != NULL && json_object_size(data) > (name ? 1u : 0u)) {
		json_decref(a);
		admin_fail(e, AC_INVALID, "scs.show: data: {} or {\"scs\": NAME}");
		return NULL;
	}
	for (uint32_t id = 0; id < policy_scs_ids(ad->reg); id++) {
		const char *n = policy_scs_name(ad->reg, id);
		json_t *o;

		if (n == NULL || (name != NULL && strcmp(name, n) != 0))
			continue;
		o = ad->defs[id] ? json_copy(ad->defs[id]) : json_pack("{s:s}", "scs", n);
		json_object_set_new(o, "id", json_integer(id));
		json_array_append_new(a, o);
	}
	if (name != NULL && json_array_size(a) == 0) {
		json_decref(a);
		admin_fail(e, AC_NOT_FOUND, "scs.show: no SCS \"%s\"", name);
		return NULL;
	}
	return a;
}

json_t *
admin_group_list(struct admin *ad)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		uint32_t n_scs, n_ues;
		const char *name = policy_group_info(ad->reg, i, &n_scs, &n_ues);

		if (name != NULL)
			json_array_append_new(a, json_pack("{s:s, s:i, s:I, s:I}", "group", name,
							   "bit", i, "scs", (json_int_t)n_scs,
							   "ues", (json_int_t)n_ues));
	}
	return a;
}
