/* SPDX-License-Identifier: BSD-3-Clause */
/* 128-EEA2/EIA2 through intel-ipsec-mb against OpenSSL on random inputs:
 * the raw primitives at random bit positions, and whole PDUs. */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "a3_engine.h"
#include "ossl_a3.h"
#include "testlib.h"

static struct a3_engine *eng;

static int
setup(void)
{
	eng = a3_engine_create();
	return eng == NULL;
}

static int
teardown(void)
{
	a3_engine_free(eng);
	return 0;
}

static void
random_keys(struct a3_keyset *ks, struct ossl_a3_key *ok, uint8_t ksi)
{
	uint8_t kc[16], ki[16];

	CU_ASSERT_FATAL(RAND_bytes(kc, 16) == 1 && RAND_bytes(ki, 16) == 1);
	CU_ASSERT_FATAL(a3_keyset_init(eng, ks, ksi, 2, 2, kc, ki, false) == 0);
	CU_ASSERT_FATAL(ossl_a3_key_init(ok, ksi, kc, ki) == 0);
}

static void
test_primitives(void)
{
	static uint8_t a[A3_PDU_HEADROOM + 2048], b[2048];

	for (int i = 0; i < 300; i++) {
		struct a3_keyset ks;
		struct ossl_a3_key ok;
		uint32_t count, len;
		uint8_t bearer, dir, mac1[4], mac2[4];

		random_keys(&ks, &ok, 0);
		CU_ASSERT_FATAL(RAND_bytes((uint8_t *)&count, 4) == 1);
		len = (uint32_t)(rand() % 2048);
		bearer = (uint8_t)(rand() % 32);
		dir = (uint8_t)(rand() % 2);
		CU_ASSERT_FATAL(RAND_bytes(a + A3_PDU_HEADROOM, (int)len + 1) == 1);
		CU_ASSERT(a3_eia_once(eng, &ks, count, bearer, dir, a + A3_PDU_HEADROOM,
				      len * 8, mac1) == 0);
		CU_ASSERT(ossl_eia2(&ok, count, bearer, dir, a + A3_PDU_HEADROOM, len,
				    mac2) == 0);
		CU_ASSERT(memcmp(mac1, mac2, 4) == 0);
		CU_ASSERT(ossl_eea2(&ok, count, bearer, dir, a + A3_PDU_HEADROOM, len, b) == 0);
		CU_ASSERT(a3_eea_once(eng, &ks, count, bearer, dir, a + A3_PDU_HEADROOM,
				      len * 8) == 0);
		CU_ASSERT(memcmp(a + A3_PDU_HEADROOM, b, len) == 0);
		ossl_a3_key_free(&ok);
	}
}

static void
test_pdus(void)
{
	enum { N = 64 };
	static uint8_t buf[N][A3_PDU_HEADROOM + 1200], ref[1200];
	static uint8_t payload[N][1024], scs[N][64];
	static struct a3_keyset ks[N];
	static struct ossl_a3_key ok[N];
	struct a3_trigger t[N];
	uint8_t st[N];

	for (int round = 0; round < 8; round++) {
		for (int i = 0; i < N; i++) {
			uint32_t v[4];

			random_keys(&ks[i], &ok[i], (uint8_t)(i % 15));
			CU_ASSERT_FATAL(RAND_bytes((uint8_t *)v, sizeof(v)) == 1);
			CU_ASSERT_FATAL(RAND_bytes(payload[i], 1024) == 1);
			CU_ASSERT_FATAL(RAND_bytes(scs[i], 64) == 1);
			t[i] = (struct a3_trigger){
				.ks = &ks[i], .count = v[0], .reference = v[1],
				.expiry = v[2], .app_port = v[3], .priority = (uint8_t)(i & 1),
				.scs_id = scs[i], .scs_id_len = (uint8_t)(rand() % 65),
				.payload = payload[i], .payload_len = (uint16_t)(rand() % 1025),
				.pdu = buf[i] + A3_PDU_HEADROOM,
			};
		}
		CU_ASSERT(a3_protect_burst(eng, t, N, st) == N);
		for (int i = 0; i < N; i++) {
			size_t len = ossl_a3_protect(&ok[i], t[i].count, t[i].reference,
						     t[i].expiry, t[i].app_port,
						     t[i].priority, scs[i], t[i].scs_id_len,
						     payload[i], t[i].payload_len, ref);

			CU_ASSERT(len == a3_pdu_len(t[i].scs_id_len, t[i].payload_len));
			CU_ASSERT(memcmp(t[i].pdu, ref, len) == 0);
			ossl_a3_key_free(&ok[i]);
		}
	}
}

static CU_TestInfo tests[] = {
	{ "EEA2/EIA2 primitives, random lengths, bearers, directions", test_primitives },
	{ "EEA2/EIA2 PDUs, random bursts", test_pdus },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "openssl-cross-check", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	srand(12345);
	return test_main(argc, argv, suites);
}
