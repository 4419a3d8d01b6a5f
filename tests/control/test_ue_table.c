/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* SipHash-2-4 as the reference implementation writes it, an octet at a time. */
static uint64_t
ref_siphash24(const uint8_t k[16], const uint8_t *in, size_t len)
{
#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND_REF                                                           \
	do {                                                                   \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);      \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                         \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                         \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);      \
	} while (0)
	uint64_t k0 = 0, k1 = 0, v0, v1, v2, v3, m;
	size_t i, j;

	for (i = 0; i < 8; i++) {
		k0 |= (uint64_t)k[i] << (8 * i);
		k1 |= (uint64_t)k[8 + i] << (8 * i);
	}
	v0 = 0x736f6d6570736575ULL ^ k0;
	v1 = 0x646f72616e646f6dULL ^ k1;
	v2 = 0x6c7967656e657261ULL ^ k0;
	v3 = 0x7465646279746573ULL ^ k1;
	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)in[i + j] << (8 * j);
		v3 ^= m;
		SIPROUND_REF;
		SIPROUND_REF;
		v0 ^= m;
	}
	for (m = (uint64_t)len << 56, j = 0; i + j < len; j++)
		m |= (uint64_t)in[i + j] << (8 * j);
	v3 ^= m;
	SIPROUND_REF;
	SIPROUND_REF;
	v0 ^= m;
	v2 ^= 0xff;
	SIPROUND_REF;
	SIPROUND_REF;
	SIPROUND_REF;
	SIPROUND_REF;
	return v0 ^ v1 ^ v2 ^ v3;
#undef SIPROUND_REF
#undef ROTL
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static void
fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* The word-at-a-time SipHash and the typed keys against the reference, on
 * every length, from buffers of exactly that length (AddressSanitizer sees
 * any octet read past them). */
static void
test_siphash_lengths(void)
{
	struct ue_keyer kr;
	uint8_t typed[1 + 300];
	unsigned int bad = 0;

	CU_ASSERT_EQUAL_FATAL(ue_keyer_init(&kr), 0);
	for (size_t len = 0; len <= 300; len++) {
		for (int rep = 0; rep < 8; rep++) {
			/* every alignment, the buffer ending with the message */
			uint8_t *p = malloc(len + (size_t)rep + 1), *q;
			size_t t = len > UE_EXTID_MAX ? UE_EXTID_MAX : len;

			CU_ASSERT_PTR_NOT_NULL_FATAL(p);
			q = p + rep + 1;
			fill(kr.k, sizeof(kr.k));
			fill(q, len);
			bad += ue_siphash24(kr.k, q, len) != ref_siphash24(kr.k, q, len);
			typed[0] = UE_KEY_EXTID;
			memcpy(typed + 1, q, t);
			bad += ue_key_extid(&kr, q, len) != ref_siphash24(kr.k, typed, t + 1);
			typed[0] = UE_KEY_MSISDN;
			bad += ue_key_msisdn(&kr, (const char *)q, len) !=
			       ref_siphash24(kr.k, typed, t + 1);
			free(p);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* An identifier of len random octets in a buffer of its own, no longer than the
 * octets hashed. */
static const uint8_t *
new_id(uint32_t len)
{
	size_t l = len > UE_EXTID_MAX ? UE_EXTID_MAX : len;
	uint8_t *p = malloc(l + (l == 0));

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	fill(p, l);
	return p;
}

/* Identifiers of random lengths 0 .. max (some beyond UE_EXTID_MAX), each in a
 * buffer of its own length (no more than UE_EXTID_MAX octets). */
static void
random_ids(const uint8_t **id, uint32_t *len, unsigned int n, uint32_t max)
{
	for (unsigned int i = 0; i < n; i++) {
		len[i] = (uint32_t)(rnd() % (max + 1));
		id[i] = new_id(len[i]);
	}
}

static void
free_ids(const uint8_t **id, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		free((void *)(uintptr_t)id[i]);
}

/* out[0..n) against ue_key_extid, out[n..] untouched; id[] and len[] are
 * copied to arrays of n entries (AddressSanitizer sees a read past them). */
static unsigned int
bulk_check(const struct ue_keyer *kr, const uint8_t *const *id_in, const uint32_t *len_in,
	   unsigned int n)
{
	const uint8_t **id = malloc(n * sizeof(*id) + 1);
	uint32_t *len = malloc(n * sizeof(*len) + 1);
	uint64_t out[UE_KEY_BULK_MAX + 1];
	unsigned int bad = 0;

	CU_ASSERT_FATAL(id != NULL && len != NULL);
	memcpy(id, id_in, n * sizeof(*id));
	memcpy(len, len_in, n * sizeof(*len));
	for (unsigned int i = 0; i <= UE_KEY_BULK_MAX; i++)
		out[i] = 0x5a5a5a5a5a5a5a5aULL;
	ue_key_extid_bulk(kr, id, len, n, out);
	for (unsigned int i = 0; i < n; i++) {
		if (out[i] != ue_key_extid(kr, id[i], len[i])) {
			if (bad++ < 4)
				fprintf(stderr, "  n %u lane %u len %u: bulk %016llx\n", n, i,
					len[i], (unsigned long long)out[i]);
		}
	}
	for (unsigned int i = n; i <= UE_KEY_BULK_MAX; i++)
		bad += out[i] != 0x5a5a5a5a5a5a5a5aULL;
	free(id);
	free(len);
	return bad;
}

/* Every length 0..130 (and truncated ones) in every lane, the other lanes
 * random; then every n, with random lengths. */
static void
test_extid_bulk(void)
{
	static const uint32_t longer[] = { 129, 130, 200, 4096, UINT32_MAX };
	struct ue_keyer kr;
	const uint8_t *id[UE_KEY_BULK_MAX];
	uint32_t len[UE_KEY_BULK_MAX];
	unsigned int bad = 0, nl = 131 + sizeof(longer) / sizeof(longer[0]);

	CU_ASSERT_EQUAL_FATAL(ue_keyer_init(&kr), 0);
	for (unsigned int li = 0; li < nl; li++) {
		uint32_t l = li < 131 ? li : longer[li - 131];

		for (unsigned int lane = 0; lane < UE_KEY_BULK_MAX; lane++) {
			random_ids(id, len, UE_KEY_BULK_MAX, 140);
			free((void *)(uintptr_t)id[lane]);
			len[lane] = l;
			id[lane] = new_id(l);
			/* the whole burst, and a short one ending with this lane */
			bad += bulk_check(&kr, id, len, UE_KEY_BULK_MAX);
			bad += bulk_check(&kr, id, len, lane + 1);
			free_ids(id, UE_KEY_BULK_MAX);
		}
	}
	for (unsigned int n = 0; n <= UE_KEY_BULK_MAX; n++) {
		for (int rep = 0; rep < 50; rep++) {
			/* typical lengths, or anything */
			random_ids(id, len, n, rep % 2 ? 40 : 300);
			bad += bulk_check(&kr, id, len, n);
			free_ids(id, n);
		}
	}
	/* all lanes of one length: a single block count */
	for (uint32_t l = 0; l <= 130; l++) {
		for (unsigned int i = 0; i < UE_KEY_BULK_MAX; i++) {
			id[i] = new_id(l);
			len[i] = l;
		}
		bad += bulk_check(&kr, id, len, UE_KEY_BULK_MAX);
		free_ids(id, UE_KEY_BULK_MAX);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/*
 * Identifiers that end where an inaccessible page begins, and ones that start
 * where an inaccessible page ends: reading an octet outside them is a SIGSEGV.
 */
static void
test_extid_bulk_guard(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *map = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
	uint8_t *lo, *hi;
	struct ue_keyer kr;
	const uint8_t *id[UE_KEY_BULK_MAX];
	uint32_t len[UE_KEY_BULK_MAX];
	unsigned int bad = 0;

	CU_ASSERT_NOT_EQUAL_FATAL(map, MAP_FAILED);
	CU_ASSERT_EQUAL_FATAL(ue_keyer_init(&kr), 0);
	fill(map + pg, pg);
	CU_ASSERT_EQUAL_FATAL(mprotect(map, pg, PROT_NONE), 0);
	CU_ASSERT_EQUAL_FATAL(mprotect(map + 2 * pg, pg, PROT_NONE), 0);
	lo = map + pg;     /* the readable page */
	hi = map + 2 * pg; /* its end */
	for (uint32_t l = 0; l <= 140; l++) {
		uint32_t t = l > UE_EXTID_MAX ? UE_EXTID_MAX : l;

		for (unsigned int lane = 0; lane < UE_KEY_BULK_MAX; lane++) {
			/* this lane at the end of the page, the others at either end */
			for (unsigned int i = 0; i < UE_KEY_BULK_MAX; i++) {
				uint32_t li = (uint32_t)(rnd() % 141), ti;

				ti = li > UE_EXTID_MAX ? UE_EXTID_MAX : li;
				len[i] = li;
				id[i] = rnd() % 2 ? lo : hi - ti;
			}
			len[lane] = l;
			id[lane] = hi - t;
			bad += bulk_check(&kr, id, len, UE_KEY_BULK_MAX);
			bad += bulk_check(&kr, id, len, lane + 1);
			/* and at the start */
			id[lane] = lo;
			bad += bulk_check(&kr, id, len, UE_KEY_BULK_MAX);
			bad += bulk_check(&kr, id, len, lane + 1);
		}
	}
	munmap(map, 3 * pg);
	CU_ASSERT_EQUAL(bad, 0);
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

/* The batched insert: all in, found by both identifiers; a batch that
 * names an identifier twice, or one already taken, stops at that context
 * with those before it in. */
static void
test_insert_bulk(void)
{
	struct ue_table *t = make_table("ut_bulk", 1000);
	struct ue_ctx *ctx[UE_INSERT_BULK];
	uint64_t ext[UE_INSERT_BULK], msisdn[UE_INSERT_BULK];
	unsigned int wrong = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (unsigned int i = 0; i < UE_INSERT_BULK; i++) {
		ctx[i] = new_ctx(t, i, 1);
		ue_keys(t, i, &ext[i], &msisdn[i]);
		if (i % 5 == 4)
			msisdn[i] = 0; /* External-Identifier only */
	}
	CU_ASSERT_EQUAL_FATAL(ue_table_insert_bulk(t, ctx, ext, msisdn, UE_INSERT_BULK),
			      UE_INSERT_BULK);
	for (unsigned int i = 0; i < UE_INSERT_BULK; i++)
		wrong += ue_table_lookup(t, ext[i]) != ctx[i] ||
			 (msisdn[i] && ue_table_lookup(t, msisdn[i]) != ctx[i]);
	CU_ASSERT_EQUAL(wrong, 0);
	/* a batch naming one MSISDN twice: in up to the second */
	for (unsigned int i = 0; i < 8; i++) {
		ctx[i] = new_ctx(t, 500 + i, 1);
		ue_keys(t, 500 + i, &ext[i], &msisdn[i]);
	}
	msisdn[5] = msisdn[2];
	CU_ASSERT_EQUAL(ue_table_insert_bulk(t, ctx, ext, msisdn, 8), 5);
	CU_ASSERT_PTR_EQUAL(ue_table_lookup(t, ext[4]), ctx[4]);
	CU_ASSERT_PTR_NULL(ue_table_lookup(t, ext[5]));
	CU_ASSERT_PTR_NULL(ue_table_lookup(t, ext[7]));
	for (unsigned int i = 5; i < 8; i++)
		ue_table_ctx_release(t, ctx[i]);
	/* an identifier already taken */
	for (unsigned int i = 0; i < 4; i++) {
		ctx[i] = new_ctx(t, 600 + i, 1);
		ue_keys(t, 600 + i, &ext[i], &msisdn[i]);
	}
	ue_keys(t, 7, &ext[1], &msisdn[3]); /* UE 7's, from the first batch */
	CU_ASSERT_EQUAL(ue_table_insert_bulk(t, ctx, ext, msisdn, 4), 1);
	CU_ASSERT_PTR_EQUAL(ue_table_lookup(t, ext[0]), ctx[0]);
	for (unsigned int i = 1; i < 4; i++)
		ue_table_ctx_release(t, ctx[i]);
	ue_table_free(t);
}

static CU_TestInfo tests[] = {
	{ "batched insert", test_insert_bulk },
	{ "SipHash-2-4 reference vectors", test_siphash_vectors },
	{ "SipHash-2-4 and typed keys against the reference, all lengths",
	  test_siphash_lengths },
	{ "identifier keys, TBCD", test_keys },
	{ "External-Identifier keys in bulk, every length and lane", test_extid_bulk },
	{ "keys in bulk read nothing outside the identifiers", test_extid_bulk_guard },
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
