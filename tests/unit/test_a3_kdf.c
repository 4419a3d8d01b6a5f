/* SPDX-License-Identifier: BSD-3-Clause */
/* The TS 33.220 KDF and the A3 key hierarchy (PROTOCOL.md 5.1). */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "a3.h"
#include "testlib.h"

static struct a3_engine *eng;
static json_t *vec;

static int
setup(void)
{
	eng = a3_engine_create();
	vec = test_vectors("kdf.json");
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
test_kiwf_from_kasme(void)
{
	uint8_t kasme[32], nonce[16], want[32], got[32];

	test_hex(vec, "K_ASME", kasme, sizeof(kasme));
	test_hex(vec, "NONCE_iwf", nonce, sizeof(nonce));
	test_hex(vec, "K_iwf", want, sizeof(want));
	CU_ASSERT_FATAL(a3_derive_kiwf(eng, kasme, nonce, got) == 0);
	CU_ASSERT(memcmp(got, want, 32) == 0);
}

/* Every (K_iwf, algorithm) pair of the vectors, derived in one bulk call. */
static void
check_keys(json_t *obj)
{
	json_t *keys = json_object_get(obj, "keys"), *k;
	struct a3_derive_req req[8];
	uint8_t kiwf[32];
	size_t i;

	test_hex(obj, "K_iwf", kiwf, sizeof(kiwf));
	CU_ASSERT_FATAL(json_array_size(keys) == 4);
	json_array_foreach(keys, i, k) {
		req[i].kiwf = kiwf;
		req[i].eea = req[i].eia = (uint8_t)test_uint(k, "alg_id");
	}
	CU_ASSERT_FATAL(a3_derive_bulk(eng, req, 4) == 0);
	json_array_foreach(keys, i, k) {
		uint8_t conf[16], integ[16];

		test_hex(k, "K_di_conf", conf, sizeof(conf));
		test_hex(k, "K_di_int", integ, sizeof(integ));
		CU_ASSERT(memcmp(req[i].k_conf, conf, 16) == 0);
		CU_ASSERT(memcmp(req[i].k_int, integ, 16) == 0);
	}
}

static void test_keys_derived(void) { check_keys(vec); }
static void test_keys_direct(void) { check_keys(json_object_get(vec, "direct")); }

/* Bulk derivation over more UEs than one submission holds, against OpenSSL's
 * HMAC-SHA-256 computed one at a time. */
static void
test_bulk_vs_openssl(void)
{
	enum { N = 100 };
	static uint8_t kiwf[N][32];
	static struct a3_derive_req req[N];

	for (int i = 0; i < N; i++) {
		for (int b = 0; b < 32; b++)
			kiwf[i][b] = (uint8_t)(i * 31 + b * 7);
		req[i].kiwf = kiwf[i];
		req[i].eea = (uint8_t)(i % 4);
		req[i].eia = (uint8_t)((i + 1) % 4);
	}
	CU_ASSERT_FATAL(a3_derive_bulk(eng, req, N) == 0);
	for (int i = 0; i < N; i++) {
		uint8_t s[7] = { 0x50, 0x01, 0x00, 0x01, req[i].eea, 0x00, 0x01 };
		uint8_t md[32];
		unsigned int md_len = 0;

		HMAC(EVP_sha256(), kiwf[i], 32, s, sizeof(s), md, &md_len);
		CU_ASSERT(memcmp(req[i].k_conf, md + 16, 16) == 0);
		s[1] = 0x02;
		s[4] = req[i].eia;
		HMAC(EVP_sha256(), kiwf[i], 32, s, sizeof(s), md, &md_len);
		CU_ASSERT(memcmp(req[i].k_int, md + 16, 16) == 0);
	}
}

static void
test_bad_algorithm(void)
{
	uint8_t kiwf[32] = { 0 };
	struct a3_derive_req req = { .kiwf = kiwf, .eea = 4, .eia = 2 };
	struct a3_keyset ks;

	CU_ASSERT(a3_derive_bulk(eng, &req, 1) < 0);
	CU_ASSERT(a3_keyset_from_kiwf(eng, &ks, 1, 2, 9, kiwf, false) < 0);
	CU_ASSERT(a3_keyset_from_kiwf(eng, &ks, 15, 2, 2, kiwf, false) < 0);
	/* Null algorithms only when enabled. */
	CU_ASSERT(a3_keyset_from_kiwf(eng, &ks, 1, 0, 2, kiwf, false) < 0);
	CU_ASSERT(a3_keyset_from_kiwf(eng, &ks, 1, 2, 0, kiwf, false) < 0);
	CU_ASSERT(a3_keyset_from_kiwf(eng, &ks, 1, 0, 0, kiwf, true) == 0);
	CU_ASSERT(ks.valid == 1);
	a3_keyset_wipe(&ks);
	CU_ASSERT(ks.valid == 0);
}

/* The spare octets belong to the key set's owner: init leaves them, wipe
 * zeroes them with the rest. */
static void
test_spare_left_alone(void)
{
	uint8_t kiwf[32] = { 7 };
	struct a3_keyset ks;

	memset(&ks, 0x5a, sizeof(ks));
	for (uint8_t alg = 1; alg <= 3; alg++) {
		CU_ASSERT_FATAL(a3_keyset_from_kiwf(eng, &ks, 1, alg, alg, kiwf, false) == 0);
		for (size_t i = 0; i < sizeof(ks.spare); i++)
			CU_ASSERT(ks.spare[i] == 0x5a);
	}
	a3_keyset_wipe(&ks);
	for (size_t i = 0; i < sizeof(ks.spare); i++)
		CU_ASSERT(ks.spare[i] == 0);
}

static CU_TestInfo tests[] = {
	{ "K_iwf from K_ASME and NONCE_iwf", test_kiwf_from_kasme },
	{ "K_di_conf/K_di_int from derived K_iwf", test_keys_derived },
	{ "K_di_conf/K_di_int from provisioned K_iwf", test_keys_direct },
	{ "bulk derivation agrees with OpenSSL HMAC", test_bulk_vs_openssl },
	{ "unknown and null algorithms refused", test_bad_algorithm },
	{ "the spare octets are the owner's", test_spare_left_alone },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "kdf", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	return test_main(argc, argv, suites);
}
