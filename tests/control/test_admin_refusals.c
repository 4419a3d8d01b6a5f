/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The admin API's refusals: each bad request refused whole with its code,
 * index and reason, nothing changed; no key in any answer; batches over
 * the limit; batches all or nothing.
 */
#include "admin_fx.h"

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
	{ "{'v': 1, 'op': 'batch', 'ops': [], 'opts': 1}", "bad_request",
	  { "batch: opts", "unknown field" }, -1 },
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

static CU_TestInfo tests[] = {
	{ "refusals change nothing and say why", test_refusals },
	{ "no key in any answer", test_no_key_in_messages },
	{ "a batch over 100,000 operations", test_too_large },
	{ "batches all or nothing", test_batch_all_or_nothing },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "admin_refusals", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	return admin_fx_main(argc, argv, suites);
}
