/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The admin API's request handler (docs/API.md) without the socket or the
 * thread: every operation, a store that runs out of room, keys at rest,
 * and provisioning files imported through the same path.
 */
#include "admin_fx.h"

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
	return admin_fx_main(argc, argv, suites);
}
