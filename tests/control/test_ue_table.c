/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "a3.h"
#include "ctest.h"
#include "testlib.h"
#include "ue_table.h"

#define N_UES 10000

static struct rte_rcu_qsbr *qs;
static struct a3_engine *eng;

static void
test_siphash_vectors(void)
{
	uint8_t k[16], in[15];

	for (int i = 0; i < 16; i++)
		k[i] = (uint8_t)i;
	for (int i = 0; i < 15; i++)
		in[i] = (uint8_t)i;
	/* reference implementation's vectors: lengths 0 and 15 */
	CU_ASSERT_EQUAL(ue_siphash24(k, in, 0), 0x726fdb47dd0e0e31ULL);
	CU_ASSERT_EQUAL(ue_siphash24(k, in, 15), 0xa129ca6149be45e5ULL);
}

static void
test_keys(void)
{
	struct ue_keyer kr, kr2;
	static const uint8_t tbcd[] = { 0x51, 0x55, 0x01, 0x00, 0x00, 0xf1 };
	static const uint8_t even[] = { 0x21, 0x43 };
	static const uint8_t bad[] = { 0x51, 0xa5 };
	static const uint8_t early_filler[] = { 0xf1, 0x21 };
	uint64_t k;

	CU_ASSERT_EQUAL_FATAL(ue_keyer_init(&kr), 0);
	CU_ASSERT_EQUAL_FATAL(ue_keyer_init(&kr2), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(kr.k, kr2.k, 16), 0);
	/* the same text as an external id and as an MSISDN: two keys */
	CU_ASSERT_NOT_EQUAL(ue_key_extid(&kr, "123", 3), ue_key_msisdn(&kr, "123", 3));
	CU_ASSERT_NOT_EQUAL(ue_key_msisdn(&kr, "123", 3), ue_key_msisdn(&kr2, "123", 3));
	CU_ASSERT_EQUAL_FATAL(ue_key_msisdn_tbcd(&kr, tbcd, sizeof(tbcd), &k), 0);
	CU_ASSERT_EQUAL(k, ue_key_msisdn(&kr, "15551000001", 11));
	CU_ASSERT_EQUAL_FATAL(ue_key_msisdn_tbcd(&kr, even, sizeof(even), &k), 0);
	CU_ASSERT_EQUAL(k, ue_key_msisdn(&kr, "1234", 4));
	CU_ASSERT_EQUAL(ue_key_msisdn_tbcd(&kr, bad, sizeof(bad), &k), -1);
	CU_ASSERT_EQUAL(ue_key_msisdn_tbcd(&kr, early_filler, sizeof(early_filler), &k), -1);
}

static void
ue_keys(const struct ue_table *t, unsigned int i, uint64_t *ext, uint64_t *msisdn)
{
	char s[64];
	int n;

	n = snprintf(s, sizeof(s), "meter-%u@iot.example", i);
	*ext = ue_key_extid(ue_table_keyer(t), s, (size_t)n);
	n = snprintf(s, sizeof(s), "1555%07u", i);
	*msisdn = ue_key_msisdn(ue_table_keyer(t), s, (size_t)n);
}

static struct ue_ctx *
new_ctx(struct ue_table *t, unsigned int i, uint8_t ksi)
{
	struct ue_ctx *c = ue_table_ctx_alloc(t);
	uint8_t kiwf[32];

	if (c == NULL)
		return NULL;
	memset(kiwf, (int)(i + ksi), sizeof(kiwf));
	if (a3_keyset_from_kiwf(eng, &c->ks, ksi, A3_ALG_AES, A3_ALG_AES, kiwf, false) != 0)
		return NULL;
	c->imsi = 1010000000000ULL + i;
	c->groups = 1;
	return c;
}

static struct ue_table *
make_table(const char *name, uint32_t n)
{
	struct ue_table_params p = { .name = name, .max_ues = n, .qs = qs };
	struct ue_table *t = NULL;

	CU_ASSERT_EQUAL(ue_table_create(&p, &t), 0);
	return t;
}

static void
test_insert_lookup(void)
{
	struct ue_table *t = make_table("ut_lookup", N_UES);
	uint64_t ext, msisdn, keys[200];
	struct ue_ctx *out[200];
	size_t rss0 = ue_mem_resident();

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (unsigned int i = 0; i < N_UES; i++) {
		struct ue_ctx *c = new_ctx(t, i, 1);

		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		ue_keys(t, i, &ext, &msisdn);
		CU_ASSERT_EQUAL_FATAL(ue_table_insert(t, c, &ext, &msisdn), 0);
	}
	CU_ASSERT_EQUAL(ue_table_count(t), N_UES);
	CU_ASSERT_TRUE(ue_mem_resident() > 0 && rss0 > 0);

	for (unsigned int i = 0; i < N_UES; i += 97) {
		ue_keys(t, i, &ext, &msisdn);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ue_table_lookup(t, ext));
		CU_ASSERT_EQUAL(ue_table_lookup(t, ext)->imsi, 1010000000000ULL + i);
		CU_ASSERT_PTR_EQUAL(ue_table_lookup(t, msisdn), ue_table_lookup(t, ext));
	}
	/* a duplicate identifier is refused, the first UE is untouched */
	{
		struct ue_ctx *c = new_ctx(t, 5, 2);

		ue_keys(t, 5, &ext, &msisdn);
		CU_ASSERT_EQUAL(ue_table_insert(t, c, NULL, &msisdn), -EEXIST);
		CU_ASSERT_EQUAL(ue_table_lookup(t, msisdn)->ks.ksi, 1);
		ue_table_ctx_release(t, c);
	}
	/* bulk: even positions hit (both identifier kinds), odd miss */
	for (unsigned int i = 0; i < 200; i++) {
		ue_keys(t, i * 37, &ext, &msisdn);
		keys[i] = i % 2 ? ext ^ 1 : (i % 4 ? msisdn : ext);
	}
	CU_ASSERT_EQUAL(ue_table_lookup_bulk(t, keys, 200, out), 100);
	for (unsigned int i = 0; i < 200; i++) {
		if (i % 2) {
			CU_ASSERT_PTR_NULL(out[i]);
		} else {
			CU_ASSERT_PTR_NOT_NULL_FATAL(out[i]);
			CU_ASSERT_EQUAL(out[i]->imsi, 1010000000000ULL + i * 37);
		}
	}
	/* delete */
	ue_keys(t, 7, &ext, &msisdn);
	CU_ASSERT_EQUAL(ue_table_delete(t, &ext, &msisdn), 0);
	CU_ASSERT_PTR_NULL(ue_table_lookup(t, ext));
	CU_ASSERT_PTR_NULL(ue_table_lookup(t, msisdn));
	CU_ASSERT_EQUAL(ue_table_count(t), N_UES - 1);
	ue_table_free(t);
}

static void
test_rekey_rcu(void)
{
	struct ue_table *t = make_table("ut_rekey", 16);
	uint64_t ext, msisdn;
	struct ue_ctx *old, *nc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	old = new_ctx(t, 1, 1);
	ue_keys(t, 1, &ext, &msisdn);
	CU_ASSERT_EQUAL_FATAL(ue_table_insert(t, old, &ext, &msisdn), 0);

	/* a reader is online and has not reported quiescence */
	CU_ASSERT_EQUAL_FATAL(rte_rcu_qsbr_thread_register(qs, 0), 0);
	rte_rcu_qsbr_thread_online(qs, 0);

	nc = new_ctx(t, 1, 2);
	CU_ASSERT_EQUAL_FATAL(ue_table_replace(t, &ext, &msisdn, nc), 0);
	CU_ASSERT_PTR_EQUAL(ue_table_lookup(t, ext), nc);
	CU_ASSERT_PTR_EQUAL(ue_table_lookup(t, msisdn), nc);
	CU_ASSERT_EQUAL(ue_table_lookup(t, ext)->ks.ksi, 2);
	/* the old context stays whole while the reader may hold it */
	CU_ASSERT_EQUAL(ue_table_reclaim(t, false), 0);
	CU_ASSERT_EQUAL(old->ks.valid, 1);
	CU_ASSERT_EQUAL(old->ks.ksi, 1);
	CU_ASSERT_EQUAL(old->state, UE_CTX_RETIRED);

	rte_rcu_qsbr_quiescent(qs, 0);
	CU_ASSERT_EQUAL(ue_table_reclaim(t, false), 1);
	CU_ASSERT_EQUAL(old->ks.valid, 0); /* wiped */
	CU_ASSERT_EQUAL(old->state, UE_CTX_FREE);
	CU_ASSERT_EQUAL(ue_table_count(t), 1);

	rte_rcu_qsbr_thread_offline(qs, 0);
	rte_rcu_qsbr_thread_unregister(qs, 0);
	/* identifiers leading to two UEs: refused */
	{
		uint64_t ext2, msisdn2;
		struct ue_ctx *other = new_ctx(t, 2, 1), *x = new_ctx(t, 2, 3);

		ue_keys(t, 2, &ext2, &msisdn2);
		CU_ASSERT_EQUAL(ue_table_insert(t, other, &ext2, &msisdn2), 0);
		CU_ASSERT_EQUAL(ue_table_replace(t, &ext, &msisdn2, x), -EINVAL);
		ue_table_ctx_release(t, x);
	}
	ue_table_free(t);
}

struct reader_arg {
	struct ue_table *t;
	uint64_t key;
	unsigned int stop, ready;
	unsigned long bad, seen;
};

static void *
reader(void *p)
{
	struct reader_arg *a = p;

	rte_rcu_qsbr_thread_register(qs, 1);
	rte_rcu_qsbr_thread_online(qs, 1);
	__atomic_store_n(&a->ready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&a->stop, __ATOMIC_ACQUIRE)) {
		struct ue_ctx *c;

		for (int i = 0; i < 64; i++) {
			if (ue_table_lookup_bulk(a->t, &a->key, 1, &c) != 1 ||
			    c->ks.valid != 1 || c->imsi != 1010000000003ULL)
				a->bad++;
		}
		__atomic_fetch_add(&a->seen, 64, __ATOMIC_RELAXED);
		rte_rcu_qsbr_quiescent(qs, 1);
	}
	rte_rcu_qsbr_thread_offline(qs, 1);
	rte_rcu_qsbr_thread_unregister(qs, 1);
	return NULL;
}

/* A reader never sees a context that was freed under it. */
static void
test_rekey_concurrent(void)
{
	struct ue_table *t = make_table("ut_rekey_mt", 8);
	struct reader_arg a = { .t = t };
	uint64_t ext, msisdn;
	pthread_t th;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	ue_keys(t, 3, &ext, &msisdn);
	CU_ASSERT_EQUAL_FATAL(ue_table_insert(t, new_ctx(t, 3, 0), &ext, &msisdn), 0);
	a.key = msisdn;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, reader, &a), 0);
	while (!__atomic_load_n(&a.ready, __ATOMIC_ACQUIRE))
		sched_yield();
	for (unsigned int i = 0; i < 3000 || __atomic_load_n(&a.seen, __ATOMIC_RELAXED) < 100000;
	     i++) {
		struct ue_ctx *nc = ue_table_ctx_alloc(t);

		while (nc == NULL) {
			ue_table_reclaim(t, true);
			nc = ue_table_ctx_alloc(t);
		}
		*nc = *ue_table_lookup(t, ext);
		nc->ks.ksi = (uint8_t)(i % 15);
		nc->state = UE_CTX_LIVE;
		CU_ASSERT_EQUAL_FATAL(ue_table_replace(t, &ext, &msisdn, nc), 0);
		ue_table_reclaim(t, false);
	}
	__atomic_store_n(&a.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	ue_table_reclaim(t, true);
	CU_ASSERT_EQUAL(a.bad, 0);
	CU_ASSERT_TRUE(a.seen > 0);
	CU_ASSERT_EQUAL(ue_table_count(t), 1);
	ue_table_free(t);
}

/* The IMSI's digits, leading zeros kept, against snprintf. */
static void
test_imsi_digits(void)
{
	uint64_t x = 88172645463325252ull;

	for (unsigned int i = 0; i < 100000; i++) {
		char got[16], want[24];
		unsigned int n = 1 + i % 15;
		uint64_t mod = 1, v;

		for (unsigned int k = 0; k < n; k++)
			mod *= 10;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = i < 16 ? mod - 1 : i < 32 ? 0 : x % mod;
		snprintf(want, sizeof(want), "%0*llu", (int)n, (unsigned long long)v);
		if (ue_imsi_digits(ue_imsi_pack(v, n), got) != n || strcmp(got, want) != 0) {
			CU_FAIL("IMSI digits differ");
			fprintf(stderr, "  %s: got %s\n", want, got);
			return;
		}
	}
	CU_PASS("100,000 IMSIs");
}

static CU_TestInfo tests[] = {
	{ "SipHash-2-4 reference vectors", test_siphash_vectors },
	{ "identifier keys, TBCD", test_keys },
	{ "IMSI digits", test_imsi_digits },
	{ "insert, lookup by ext id and msisdn, bulk, delete", test_insert_lookup },
	{ "rekey: replace, old context freed after grace period", test_rekey_rcu },
	{ "rekey under a concurrent reader", test_rekey_concurrent },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ue_table", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(4);
	eng = a3_engine_create();
	if (eng == NULL)
		return 2;
	rc = test_main(argc, argv, suites);
	a3_engine_free(eng);
	return rc;
}
