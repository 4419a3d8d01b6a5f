/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctest.h"
#include "hexutil.h"
#include "provision.h"
#include "testlib.h"

#define N_UES 10000

static struct rte_rcu_qsbr *qs;
static struct a3_engine *eng;
static char *dir;
static unsigned int gen;

#define SCS_A "{\"scs\": \"fleet-a\", \"sources\": [\"198.18.0.0/24\", " \
	"\"2001:db8:0:2::/64\"], \"identities\": [\"^\\\\+1555\"], " \
	"\"require_identity\": true, \"groups\": [\"meters\"], " \
	"\"deny_payload\": [\"(?i)shutdown\"], \"rate\": 100000, \"burst\": 1000, \"quota\": 0}\n"
#define SCS_B "{\"scs\": \"fleet-b\", \"sources\": [\"198.18.5.0/24\"], " \
	"\"groups\": [\"cars\", \"meters\"]}\n"
#define KIWF "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define UE1 "{\"ue\": \"001010000000001\", \"external_id\": \"meter-1@iot.example\", " \
	"\"msisdn\": \"15551000001\", \"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 2, " \
	"\"eia\": 2, \"groups\": [\"meters\"]}\n"

struct env {
	struct ue_table *t;
	struct policy_builder *b;
	struct provision_params p;
	struct provision_stats st;
	char err[512];
};

static int
load(struct env *e, const char *text, uint32_t max_ues, bool allow_null)
{
	struct ue_table_params tp = { .max_ues = max_ues, .qs = qs };
	char name[32], *path;
	int rc;

	snprintf(name, sizeof(name), "ut_prov_%u", gen++);
	tp.name = name;
	memset(e, 0, sizeof(*e));
	if (ue_table_create(&tp, &e->t) != 0)
		return -100;
	e->b = policy_builder_new();
	e->p.table = e->t;
	e->p.policy = e->b;
	e->p.engine = eng;
	e->p.allow_null = allow_null;
	path = ctest_write(dir, "provision.jsonl", text);
	rc = provision_load(path, &e->p, &e->st, e->err, sizeof(e->err));
	free(path);
	return rc;
}

static void
env_free(struct env *e)
{
	ue_table_free(e->t);
	policy_builder_free(e->b);
}

static void
test_good(void)
{
	size_t cap = (size_t)N_UES * 400 + 4096, off = 0;
	char *text = malloc(cap), kiwf_hex[65];
	const struct ue_keyer *kr;
	struct a3_keyset want;
	uint8_t kiwf[32], kasme[32], nonce[16];
	struct ue_ctx *c;
	struct timespec t0, t1;
	struct env e;
	int rc;

	off += (size_t)snprintf(text + off, cap - off, "# fleet\n" SCS_A "\n" SCS_B);
	for (unsigned int i = 0; i < N_UES; i++) {
		memset(kiwf, 0, sizeof(kiwf));
		memcpy(kiwf, &i, sizeof(i));
		hex_encode(kiwf, sizeof(kiwf), kiwf_hex);
		off += (size_t)snprintf(text + off, cap - off,
			"{\"ue\": \"0010100%08u\", \"external_id\": \"meter-%u@iot.example\", "
			"\"msisdn\": \"1555%07u\", \"k_iwf\": \"%s\", \"ksi\": %u, \"eea\": %u, "
			"\"eia\": %u, \"groups\": [\"%s\"]}\n", i, i, i, kiwf_hex, i % 15,
			1 + i % 3, 1 + (i + 1) % 3, i % 2 ? "cars" : "meters");
	}
	off += (size_t)snprintf(text + off, cap - off,
		"{\"ue\": \"001019999999999\", \"msisdn\": \"999\", \"k_asme\": \"%s\", "
		"\"nonce\": \"00112233445566778899aabbccddeeff\", \"ksi\": 0, \"eea\": 3, "
		"\"eia\": 3, \"suspended\": true}\n", KIWF);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = load(&e, text, N_UES + 1, false);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != 0)
		fprintf(stderr, "%s\n", e.err);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	printf("\n  %d UEs provisioned in %.3f s\n", N_UES + 1,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	CU_ASSERT_EQUAL(e.st.scs, 2);
	CU_ASSERT_EQUAL(e.st.ues, N_UES + 1);
	CU_ASSERT_EQUAL(e.st.lines, N_UES + 5);
	CU_ASSERT_EQUAL(ue_table_count(e.t), N_UES + 1);
	CU_ASSERT_EQUAL(policy_scs_count(e.b), 2);
	CU_ASSERT_EQUAL(policy_group_bit(e.b, "meters"), 0);
	CU_ASSERT_EQUAL(policy_group_bit(e.b, "cars"), 1);

	kr = ue_table_keyer(e.t);
	for (unsigned int i = 0; i < N_UES; i += 331) {
		char s[64];
		int n = snprintf(s, sizeof(s), "meter-%u@iot.example", i);

		c = ue_table_lookup(e.t, ue_key_extid(kr, s, (size_t)n));
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		n = snprintf(s, sizeof(s), "1555%07u", i);
		CU_ASSERT_PTR_EQUAL(c, ue_table_lookup(e.t, ue_key_msisdn(kr, s, (size_t)n)));
		CU_ASSERT_EQUAL(c->imsi, ue_imsi_pack(1010000000000ULL + i, 15));
		{
			char d[16], w[16];

			snprintf(w, sizeof(w), "0010100%08u", i);
			CU_ASSERT_EQUAL(ue_imsi_digits(c->imsi, d), 15);
			CU_ASSERT_STRING_EQUAL(d, w);
		}
		CU_ASSERT_EQUAL(c->groups, i % 2 ? 2u : 1u);
		CU_ASSERT_FALSE(c->suspended);
		memset(kiwf, 0, sizeof(kiwf));
		memcpy(kiwf, &i, sizeof(i));
		CU_ASSERT_EQUAL_FATAL(a3_keyset_from_kiwf(eng, &want, (uint8_t)(i % 15),
			(uint8_t)(1 + i % 3), (uint8_t)(1 + (i + 1) % 3), kiwf, false), 0);
		/* The key set as a3 makes it; its spare octets hold the UE's own fields. */
		CU_ASSERT_EQUAL(memcmp(&want, &c->ks, offsetof(struct a3_keyset, spare)), 0);
	}
	/* K_iwf derived from K_ASME */
	c = ue_table_lookup(e.t, ue_key_msisdn(kr, "999", 3));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE(c->suspended);
	hex_decode(KIWF, kasme, sizeof(kasme));
	hex_decode("00112233445566778899aabbccddeeff", nonce, sizeof(nonce));
	CU_ASSERT_EQUAL(a3_derive_kiwf(eng, kasme, nonce, kiwf), 0);
	CU_ASSERT_EQUAL(a3_keyset_from_kiwf(eng, &want, 0, 3, 3, kiwf, false), 0);
	CU_ASSERT_EQUAL(memcmp(&want, &c->ks, offsetof(struct a3_keyset, spare)), 0);
	env_free(&e);
	free(text);
}

static void
test_errors(void)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ SCS_A "\n{\"ue\": \n", "line 3: bad JSON" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"ksi\": 1, "
		  "\"eea\": 2, \"eia\": 2}\n", "line 2: k_iwf: missing field" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"k_iwf\": \"zz0102\", "
		  "\"ksi\": 1, \"eea\": 2, \"eia\": 2}\n", "line 2: k_iwf: bad hex" },
		{ "# c\n{\"scs\": \"x\", \"sources\": [\"198.18.0.1/24\"]}\n",
		  "line 2: scs \"x\": sources[0] \"198.18.0.1/24\": host bits" },
		{ "{\"scs\": \"x\", \"sources\": [\"198.18.0.0/33\"]}\n", "line 1: scs \"x\": sources[0]" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 1, \"eea\": 2, \"eia\": 2, \"groups\": [\"cars\"]}\n",
		  "line 2: groups[0]: unknown group \"cars\"" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 1, \"eea\": 4, \"eia\": 2}\n", "line 2: eea: bad algorithm" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 1, \"eea\": 2, \"eia\": 0}\n", "line 2: eia: null algorithm not allowed" },
		{ SCS_A UE1 "{\"ue\": \"001010000000001\", \"msisdn\": \"2\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 1, \"eea\": 2, \"eia\": 2}\n", "line 3: ue: duplicate UE" },
		{ SCS_A UE1 "{\"ue\": \"001010000000002\", \"external_id\": \"meter-1@iot.example\", "
		  "\"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 2, \"eia\": 2}\n",
		  "line 3: external_id: duplicate" },
		{ SCS_A UE1 "{\"ue\": \"001010000000002\", \"msisdn\": \"15551000001\", "
		  "\"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 2, \"eia\": 2}\n",
		  "line 3: msisdn: duplicate" },
		{ "\n\n{\"scs\": \"x\", \"sources\": [\"10.0.0.0/8\"], \"deny_payload\": "
		  "[\"ok\", \"(unclosed\"]}\n", "line 3: scs \"x\": deny_payload[1] \"(unclosed\"" },
		{ SCS_A "{\"scs\": \"fleet-b\", \"sources\": [\"198.18.0.0/24\"]}\n",
		  "line 2: scs \"fleet-b\": sources[0] \"198.18.0.0/24\": already given to \"fleet-a\"" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 1, \"eea\": 2, \"eia\": 2}\n", "line 2: external_id: missing" },
		{ SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", \"k_iwf\": \"" KIWF "\", "
		  "\"ksi\": 15, \"eea\": 2, \"eia\": 2}\n", "line 2: ksi" },
		{ "{\"x\": 1}\n", "line 1: neither" },
		/* the first bad line is reported, even when it waits in a chunk */
		{ SCS_A UE1 "{\"ue\": \"001010000000002\", \"external_id\": "
		  "\"meter-1@iot.example\", \"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 2, "
		  "\"eia\": 2}\n# later\n{bad json\n", "line 3: external_id: duplicate" },
	};
	struct env e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = load(&e, cases[i].text, 16, false);

		CU_ASSERT_TRUE(rc < 0);
		if (strstr(e.err, cases[i].want) == NULL) {
			fprintf(stderr, "case %zu: \"%s\" lacks \"%s\"\n", i, e.err, cases[i].want);
			CU_FAIL("wrong error");
		}
		CU_ASSERT_PTR_NULL(strstr(e.err, KIWF));
		env_free(&e);
	}
}

static void
test_null_allowed(void)
{
	struct env e;
	int rc;

	rc = load(&e, SCS_A "{\"ue\": \"001010000000001\", \"msisdn\": \"1\", "
		  "\"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 0, \"eia\": 0}\n", 4, true);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(e.st.ues, 1);
	env_free(&e);
}

static void
test_count_ues(void)
{
	char *path = ctest_write(dir, "count.jsonl", SCS_A UE1 "\n# x\n" UE1
				 "\n{\"\\u0075e\": \"001010000000009\"}\n");

	/* an upper bound: the SCS line counts, the escaped key too */
	CU_ASSERT_EQUAL(provision_count_ues(path), 4);
	CU_ASSERT_TRUE(provision_count_ues("/nonexistent") < 0);
	free(path);
}

static CU_TestInfo tests[] = {
	{ "SCSs and 10,000 UEs, keys as a3 derives them", test_good },
	{ "a bad line stops the load with its number", test_errors },
	{ "null algorithms when allowed", test_null_allowed },
	{ "UE pre-count", test_count_ues },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "provision", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(4);
	eng = a3_engine_create();
	dir = ctest_tmpdir();
	if (eng == NULL)
		return 2;
	rc = test_main(argc, argv, suites);
	a3_engine_free(eng);
	ctest_rmdir(dir);
	free(dir);
	return rc;
}
