/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fast UE-line reader against prov_ue_parse (jansson): every line it
 * accepts, the general parser accepts with the same result, octet for
 * octet; the usual lines it does accept; and through 200,000 mutations of
 * usual lines (flipped, inserted, deleted and duplicated octets) it never
 * accepts a line that the general parser refuses or reads otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "policy.h"
#include "provision_json.h"
#include "testlib.h"
#include "ue_table.h"

static struct rte_rcu_qsbr *qs;
static struct ue_table *table;
static struct policy_builder *reg;
static struct a3_engine *eng;
static struct prov_ue_ctx pctx;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* The general parser's reading of text: 1 accepted, 0 refused. */
static int
slow(const char *text, size_t len, struct prov_ue *u, uint8_t kiwf[A3_KIWF_LEN])
{
	char msg[256];
	struct prov_err e = { msg, sizeof(msg) };
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	int ok = o != NULL && json_is_object(o) && prov_ue_parse(&e, o, &pctx, u, kiwf) == 0;

	json_decref(o);
	return ok;
}

/* fast on a whole line: accepted only when nothing but blanks follows */
static int
fast(const char *text, size_t len, struct prov_ue *u, uint8_t kiwf[A3_KIWF_LEN])
{
	size_t used;

	if (prov_ue_fast(text, len, &pctx, u, kiwf, &used) != 1)
		return 0;
	for (; used < len; used++)
		if (!strchr(" \t\r\n", text[used]))
			return 0;
	return 1;
}

/* A usual line, its fields in a random order and spacing. */
static size_t
usual_line(char *out, size_t cap)
{
	char f[9][200];
	int n = 0;
	const char *sp = rnd() % 4 ? "" : " ";
	unsigned int i = rnd() % 1000000;
	char key[65];

	for (int k = 0; k < 64; k++)
		key[k] = "0123456789abcdefABCDEF"[rnd() % 22];
	key[64] = '\0';
	snprintf(f[n++], sizeof(f[0]), "\"ue\":%s\"00101%010u\"", sp, i);
	if (rnd() % 4)
		snprintf(f[n++], sizeof(f[0]), "\"external_id\":%s\"ue-%u@x.example\"", sp, i);
	if (n == 1 || rnd() % 2)
		snprintf(f[n++], sizeof(f[0]), "\"msisdn\":%s\"1555%07u\"", sp, i);
	snprintf(f[n++], sizeof(f[0]), "\"k_iwf\":%s\"%s\"", sp, key);
	snprintf(f[n++], sizeof(f[0]), "\"ksi\":%s%u", sp, rnd() % 15);
	snprintf(f[n++], sizeof(f[0]), "\"eea\":%s%u", sp, 1 + rnd() % 3);
	snprintf(f[n++], sizeof(f[0]), "\"eia\":%s%u", sp, 1 + rnd() % 3);
	if (rnd() % 2)
		snprintf(f[n++], sizeof(f[0]), "\"groups\":%s[%s]", sp,
			 rnd() % 2 ? "\"g\"" : "\"g\", \"h\"");
	if (rnd() % 3 == 0)
		snprintf(f[n++], sizeof(f[0]), "\"suspended\":%s%s", sp,
			 rnd() % 2 ? "true" : "false");
	for (int k = n - 1; k > 0; k--) { /* shuffle */
		int j = (int)(rnd() % (unsigned int)(k + 1));
		char t[200];

		memcpy(t, f[k], sizeof(t));
		memcpy(f[k], f[j], sizeof(t));
		memcpy(f[j], t, sizeof(t));
	}
	size_t len = (size_t)snprintf(out, cap, "{%s", sp);

	for (int k = 0; k < n; k++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", k ? ",%s" : "", f[k]);
	len += (size_t)snprintf(out + len, cap - len, "%s}", sp);
	/* the ",%s" above printed a literal "%s" between fields: use spacing */
	char *p;

	while ((p = strstr(out, ",%s")) != NULL) {
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
		len -= 2;
	}
	return len;
}

static void
test_usual_lines(void)
{
	char line[2048];
	unsigned int wrong = 0, taken = 0;

	for (int i = 0; i < 20000; i++) {
		size_t len = usual_line(line, sizeof(line));
		struct prov_ue a, b;
		uint8_t ka[A3_KIWF_LEN], kb[A3_KIWF_LEN];
		int f = fast(line, len, &a, ka), s = slow(line, len, &b, kb);

		taken += f;
		wrong += !s || (f && (memcmp(&a, &b, sizeof(a)) != 0 ||
				      memcmp(ka, kb, sizeof(ka)) != 0));
	}
	CU_ASSERT_EQUAL(wrong, 0);
	CU_ASSERT_EQUAL(taken, 20000);
}

static void
test_mutations(void)
{
	char line[2048];
	unsigned int wrong = 0, taken = 0, refused_both = 0;

	for (int i = 0; i < 200000; i++) {
		size_t len = usual_line(line, sizeof(line) - 64);
		int m = 1 + (int)(rnd() % 3);

		while (m-- > 0 && len > 2) {
			size_t at = rnd() % len;
			static const char set[] = "{}[]\",:\\ 0123456789abcxyz@-.e\x01\x7f\xc3";
			char c = (rnd() % 3) ? set[rnd() % (sizeof(set) - 1)] : (char)rnd();

			switch (rnd() % 4) {
			case 0: line[at] = c; break;
			case 1: memmove(line + at + 1, line + at, len - at); line[at] = c; len++; break;
			case 2: memmove(line + at, line + at + 1, len - at - 1); len--; break;
			default: { /* a field's text twice */
				size_t n = 1 + rnd() % 12;

				if (at + n < len && len + n < sizeof(line) - 1) {
					memmove(line + at + n, line + at, len - at);
					len += n;
				}
			}
			}
		}
		struct prov_ue a, b;
		uint8_t ka[A3_KIWF_LEN], kb[A3_KIWF_LEN];
		int f = fast(line, len, &a, ka), s = slow(line, len, &b, kb);

		taken += f;
		refused_both += !f && !s;
		wrong += f && (!s || memcmp(&a, &b, sizeof(a)) != 0 || memcmp(ka, kb, sizeof(ka)) != 0);
	}
	CU_ASSERT_EQUAL(wrong, 0);
	/* the mutations reach both sides: some still taken, many refused */
	CU_ASSERT_TRUE(taken > 1000);
	CU_ASSERT_TRUE(refused_both > 10000);
}

/* Shapes left to the general parser, on purpose. */
static void
test_left_to_jansson(void)
{
	static const char *const lines[] = {
		"{\"ue\":\"001010000000001\",\"msisdn\":\"1\",\"k_asme\":\"00\",\"nonce\":\"00\","
		"\"ksi\":1,\"eea\":2,\"eia\":2}",
		"{\"\\u0075e\":\"001010000000001\",\"msisdn\":\"1\",\"k_iwf\":\"" "0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef\",\"ksi\":1,\"eea\":2,\"eia\":2}",
		"{\"ue\":\"001010000000001\",\"msisdn\":\"1\",\"k_iwf\":\"0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef\",\"ksi\":1.0,\"eea\":2,\"eia\":2}",
		"{\"ue\":\"001010000000001\",\"msisdn\":\"1\",\"k_iwf\":\"0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef\",\"ksi\":1,\"eea\":0,\"eia\":2}",
		"{\"ue\":\"001010000000001\",\"msisdn\":\"1\",\"k_iwf\":\"0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef\",\"ksi\":1,\"eea\":2,\"eia\":2,"
		"\"groups\":[\"nope\"]}",
		"{\"ue\":\"001010000000001\",\"ue\":\"001010000000002\",\"msisdn\":\"1\","
		"\"k_iwf\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
		"\"ksi\":1,\"eea\":2,\"eia\":2}",
	};
	struct prov_ue u;
	uint8_t k[A3_KIWF_LEN];

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		CU_ASSERT_EQUAL(fast(lines[i], strlen(lines[i]), &u, k), 0);
}

static int
suite_init(void)
{
	static const char *src[] = { "198.18.0.0/24" };
	static const char *grp[] = { "g", "h" };
	struct policy_scs_def d = { .name = "s", .sources = src, .n_sources = 1,
				    .groups = grp, .n_groups = 2 };
	char err[256];

	reg = policy_builder_new();
	eng = a3_engine_create();
	if (reg == NULL || eng == NULL || policy_builder_add(reg, &d, err, sizeof(err)) < 0 ||
	    ue_table_create(&(struct ue_table_params){ .name = "ut_fast", .max_ues = 16,
						       .qs = qs }, &table) != 0)
		return 1;
	pctx = (struct prov_ue_ctx){ .keyer = ue_table_keyer(table), .policy = reg,
				     .engine = eng, .allow_null = false };
	return 0;
}

static int
suite_clean(void)
{
	ue_table_free(table);
	policy_builder_free(reg);
	a3_engine_free(eng);
	return 0;
}

static CU_TestInfo tests[] = {
	{ "usual lines: taken, as the general parser reads them", test_usual_lines },
	{ "mutations: nothing taken that the general parser refuses", test_mutations },
	{ "other shapes left to the general parser", test_left_to_jansson },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "provision_fast", suite_init, suite_clean, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(1);
	return test_main(argc, argv, suites);
}
