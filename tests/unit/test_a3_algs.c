/* SPDX-License-Identifier: BSD-3-Clause */
/* 128-EEA1/2/3 and 128-EIA1/2/3 against the TS 33.401 Annex C and ETSI/SAGE
 * test data, at their bit lengths. */
#include <string.h>

#include "a3_engine.h"
#include "testlib.h"

static struct a3_engine *eng;
static json_t *vec;

static int
setup(void)
{
	eng = a3_engine_create();
	vec = test_vectors("3gpp-algorithms.json");
	return eng == NULL || vec == NULL;
}

static int
teardown(void)
{
	a3_engine_free(eng);
	json_decref(vec);
	return 0;
}

static void
keyset_for(struct a3_keyset *ks, uint8_t alg, const uint8_t key[16])
{
	CU_ASSERT_FATAL(a3_keyset_init(eng, ks, 0, alg, alg, key, key, false) == 0);
}

static void
run_eea(const char *name, uint8_t alg)
{
	json_t *list = json_object_get(vec, name), *v;
	size_t i;

	CU_ASSERT_FATAL(json_array_size(list) > 0);
	json_array_foreach(list, i, v) {
		uint8_t key[16], pt[512], ct[512];
		struct a3_keyset ks;
		uint32_t bits = (uint32_t)test_uint(v, "length");
		size_t n;

		test_hex(v, "key", key, sizeof(key));
		n = test_hex(v, "plaintext", pt, sizeof(pt));
		CU_ASSERT_FATAL(test_hex(v, "ciphertext", ct, sizeof(ct)) == n);
		CU_ASSERT_FATAL(n == (bits + 7) / 8);
		keyset_for(&ks, alg, key);
		CU_ASSERT_FATAL(a3_eea_once(eng, &ks, (uint32_t)strtoul(
			json_string_value(json_object_get(v, "count")), NULL, 16),
			(uint8_t)test_uint(v, "bearer"), (uint8_t)test_uint(v, "direction"),
			pt, bits) == 0);
		/* Octet ciphers leave key stream past LENGTH: mask it. */
		if (bits % 8)
			pt[n - 1] &= (uint8_t)(0xff << (8 - bits % 8));
		CU_ASSERT(memcmp(pt, ct, n) == 0);
	}
}

static void
run_eia(const char *name, uint8_t alg)
{
	json_t *list = json_object_get(vec, name), *v;
	size_t i;

	CU_ASSERT_FATAL(json_array_size(list) > 0);
	json_array_foreach(list, i, v) {
		uint8_t key[16], buf[A3_PDU_HEADROOM + 1024], mac[4], want[4];
		struct a3_keyset ks;
		uint32_t bits = (uint32_t)test_uint(v, "length");

		test_hex(v, "key", key, sizeof(key));
		test_hex(v, "message", buf + A3_PDU_HEADROOM, sizeof(buf) - A3_PDU_HEADROOM);
		test_hex(v, "mac", want, sizeof(want));
		keyset_for(&ks, alg, key);
		CU_ASSERT_FATAL(a3_eia_once(eng, &ks, (uint32_t)strtoul(
			json_string_value(json_object_get(v, "count")), NULL, 16),
			(uint8_t)test_uint(v, "bearer"), (uint8_t)test_uint(v, "direction"),
			buf + A3_PDU_HEADROOM, bits, mac) == 0);
		CU_ASSERT(memcmp(mac, want, 4) == 0);
	}
}

static void test_eea1(void) { run_eea("eea1", A3_ALG_SNOW3G); }
static void test_eea2(void) { run_eea("eea2", A3_ALG_AES); }
static void test_eea3(void) { run_eea("eea3", A3_ALG_ZUC); }
static void test_eia1(void) { run_eia("eia1", A3_ALG_SNOW3G); }
static void test_eia2(void) { run_eia("eia2", A3_ALG_AES); }
static void test_eia3(void) { run_eia("eia3", A3_ALG_ZUC); }

static CU_TestInfo tests[] = {
	{ "128-EEA1 (SNOW 3G)", test_eea1 },
	{ "128-EEA2 (AES-CTR)", test_eea2 },
	{ "128-EEA3 (ZUC)", test_eea3 },
	{ "128-EIA1 (SNOW 3G)", test_eia1 },
	{ "128-EIA2 (AES-CMAC)", test_eia2 },
	{ "128-EIA3 (ZUC)", test_eia3 },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "3gpp-algorithms", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	return test_main(argc, argv, suites);
}
