/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "count_store.h"
#include "ctest.h"
#include "testlib.h"
#include "ue_count.h"
#include "ue_table.h"

#define N_UES 10000
#define IMSI0 1010000000000ULL

static struct rte_rcu_qsbr *qs;
static char *dir;
static unsigned int table_gen;

/* A table of N_UES contexts (key schedules are not needed here). */
static struct ue_table *
make_table(uint32_t n)
{
	char name[32];
	struct ue_table_params p = { .name = name, .max_ues = n, .qs = qs };
	struct ue_table *t = NULL;

	snprintf(name, sizeof(name), "ut_count_%u", table_gen++);
	if (ue_table_create(&p, &t) != 0)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		struct ue_ctx *c = ue_table_ctx_alloc(t);

		c->imsi = IMSI0 + i;
		c->ks.ksi = 1;
		ue_table_ctx_publish(t, c);
	}
	return t;
}

static struct count_store *
open_store(uint32_t block)
{
	struct count_store_params p = { .dir = dir, .block = block };
	struct count_store *cs = NULL;
	char err[256];

	if (count_store_open(&p, &cs, err, sizeof(err)) != 0)
		fprintf(stderr, "%s\n", err);
	return cs;
}

static void
test_reserve_dry_refill_restart(void)
{
	struct ue_table *t = make_table(N_UES);
	struct count_store *cs = open_store(100);
	struct ue_ctx *u;
	uint64_t bound;
	uint32_t c;
	struct timespec t0, t1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	u = ue_table_slot(t, 0);
	/* no reservation yet: 201, and the cursor does not move */
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_DRY);
	CU_ASSERT_EQUAL(u->count_next, 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), N_UES);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("\n  initial reservation, %d UEs, one transaction: %.3f s\n", N_UES,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	CU_ASSERT_EQUAL(count_store_get(cs, IMSI0 + 1234, 1, &bound), 0);
	CU_ASSERT_EQUAL(bound, 100);
	CU_ASSERT_EQUAL(count_store_get(cs, IMSI0 + 1234, 2, &bound), -ENOENT);

	for (uint32_t i = 0; i < 100; i++) {
		CU_ASSERT_EQUAL_FATAL(ue_count_alloc(u, &c), UE_COUNT_OK);
		CU_ASSERT_EQUAL(c, i);
	}
	/* reservation dry: 201, never a value at or past the bound */
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_DRY);
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_DRY);
	/* the refill extends only what is below the low-water mark */
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 1);
	CU_ASSERT_EQUAL(count_store_get(cs, IMSI0, 1, &bound), 0);
	CU_ASSERT_EQUAL(bound, 200);
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_OK);
	CU_ASSERT_EQUAL(c, 100);
	for (int i = 0; i < 49; i++)
		ue_count_alloc(u, &c);
	CU_ASSERT_EQUAL(c, 149); /* highest used before the "crash" */

	/* restart: a new process state from the file alone */
	count_store_close(cs);
	ue_table_free(t);
	t = make_table(N_UES);
	cs = open_store(100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), N_UES);
	u = ue_table_slot(t, 0);
	CU_ASSERT_TRUE(u->count_next >= 200); /* resumes at or above the old bound */
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_OK);
	CU_ASSERT_TRUE(c >= 200);
	CU_ASSERT_EQUAL(ue_table_slot(t, 1)->count_next, 100);
	CU_ASSERT_EQUAL(count_store_get(cs, IMSI0, 1, &bound), 0);
	CU_ASSERT_EQUAL(bound, 300);

	/* new key material under a known KSI starts at COUNT 0 */
	{
		struct ue_ctx *nc = ue_table_ctx_alloc(t);

		nc->imsi = IMSI0;
		nc->ks.ksi = 1;
		nc->fresh = 1;
		CU_ASSERT_EQUAL(count_store_reserve(cs, nc), 0);
		CU_ASSERT_EQUAL(ue_count_alloc(nc, &c), UE_COUNT_OK);
		CU_ASSERT_EQUAL(c, 0);
		CU_ASSERT_EQUAL(nc->fresh, 0);
		ue_table_ctx_release(t, nc);
	}
	count_store_close(cs);
	ue_table_free(t);
}

static void
test_end_of_space(void)
{
	struct ue_table *t = make_table(1);
	struct count_store *cs = open_store(100);
	struct ue_ctx *u;
	uint32_t c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	u = ue_table_slot(t, 0);
	u->imsi = 999999999999999ULL;
	u->count_next = UE_COUNT_LIMIT - 10;
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 1);
	CU_ASSERT_EQUAL(u->count_bound, UE_COUNT_LIMIT); /* never past the limit */
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_OK);
	CU_ASSERT_EQUAL(c, (uint32_t)(UE_COUNT_LIMIT - 1));
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_EXHAUSTED);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 0);
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_EXHAUSTED);

	/* restart: the stored bound is the limit, so the UE is exhausted at
	 * once (the cursor starts there, 32 bits and all) */
	count_store_close(cs);
	ue_table_free(t);
	t = make_table(1);
	cs = open_store(100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	u = ue_table_slot(t, 0);
	u->imsi = 999999999999999ULL;
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 1);
	CU_ASSERT_EQUAL(u->count_next, UE_COUNT_LIMIT);
	CU_ASSERT_EQUAL(u->count_bound, UE_COUNT_LIMIT);
	CU_ASSERT_EQUAL(ue_count_alloc(u, &c), UE_COUNT_EXHAUSTED);
	count_store_close(cs);
	ue_table_free(t);
}

/* More UEs than one transaction holds: every one reserved, durably. */
static void
test_many_chunks(void)
{
	enum { N = 20000, BASE = 5050000000000ULL };
	struct ue_table *t = make_table(N);
	struct count_store *cs = open_store(64);
	uint64_t bound = 0;
	uint32_t ok = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	for (uint32_t i = 0; i < N; i++)
		ue_table_slot(t, i)->imsi = BASE + i;
	CU_ASSERT_EQUAL(count_store_refill(cs, t), N);
	for (uint32_t i = 0; i < N; i++)
		ok += ue_table_slot(t, i)->count_bound == 64;
	CU_ASSERT_EQUAL(ok, N);
	CU_ASSERT_EQUAL(count_store_get(cs, BASE + N - 1, 1, &bound), 0);
	CU_ASSERT_EQUAL(bound, 64);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 0); /* nothing below low water */
	count_store_close(cs);
	ue_table_free(t);
}

/* Refills on request: only the contexts named, only those below low water
 * and live. */
static void
test_refill_some(void)
{
	enum { BASE = 6060000000000ULL };
	struct ue_table *t = make_table(4);
	struct count_store *cs = open_store(100);
	struct ue_ctx *u[4];
	uint32_t c = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	for (uint32_t i = 0; i < 4; i++) {
		u[i] = ue_table_slot(t, i);
		u[i]->imsi = BASE + i;
	}
	CU_ASSERT_EQUAL(count_store_low_water(cs), 25);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 4);
	/* u0 crosses its low-water mark on value 75 (25 below the bound) */
	for (int i = 0; i < 75; i++)
		ue_count_alloc(u[0], &c);
	CU_ASSERT_FALSE(ue_count_crossed_low(u[0], c, 25));
	CU_ASSERT_EQUAL(ue_count_alloc(u[0], &c), UE_COUNT_OK);
	CU_ASSERT_EQUAL(c, 75);
	CU_ASSERT_TRUE(ue_count_crossed_low(u[0], c, 25));
	for (int i = 0; i < 80; i++)
		ue_count_alloc(u[1], &c);
	u[2]->state = UE_CTX_RETIRED;
	for (int i = 0; i < 90; i++)
		ue_count_alloc(u[2], &c);
	/* u0 and u1 are below low water, u2 is not live, u3 is not asked for */
	for (int i = 0; i < 90; i++)
		ue_count_alloc(u[3], &c);
	CU_ASSERT_EQUAL(count_store_refill_some(cs, u, 3), 2);
	CU_ASSERT_EQUAL(u[0]->count_bound, 200);
	CU_ASSERT_EQUAL(u[1]->count_bound, 200);
	CU_ASSERT_EQUAL(u[2]->count_bound, 100);
	CU_ASSERT_EQUAL(u[3]->count_bound, 100);
	CU_ASSERT_FALSE(ue_count_crossed_low(u[0], 75, 25)); /* the bound moved */
	u[2]->state = UE_CTX_LIVE;
	count_store_close(cs);
	ue_table_free(t);
}

#define MT_BLOCK 300000

struct alloc_arg {
	struct ue_ctx *u;
	uint32_t *vals;
	uint32_t n;
};

static void *
allocator(void *p)
{
	struct alloc_arg *a = p;
	uint32_t c;

	while (ue_count_alloc(a->u, &c) == UE_COUNT_OK)
		a->vals[a->n++] = c;
	return NULL;
}

/* Two threads on one UE: every value below the bound handed out once. */
static void
test_two_threads(void)
{
	struct ue_table *t = make_table(1);
	struct count_store *cs = open_store(MT_BLOCK);
	struct alloc_arg a[2];
	pthread_t th[2];
	uint8_t *seen;
	uint32_t dup = 0, total = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	ue_table_slot(t, 0)->imsi = 123456789012345ULL;
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 1);
	seen = calloc(MT_BLOCK, 1);
	for (int i = 0; i < 2; i++) {
		a[i].u = ue_table_slot(t, 0);
		a[i].vals = malloc(sizeof(uint32_t) * MT_BLOCK);
		a[i].n = 0;
		CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, allocator, &a[i]), 0);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		for (uint32_t j = 0; j < a[i].n; j++) {
			CU_ASSERT_TRUE_FATAL(a[i].vals[j] < MT_BLOCK);
			dup += seen[a[i].vals[j]]++ != 0;
		}
		total += a[i].n;
		free(a[i].vals);
	}
	CU_ASSERT_EQUAL(dup, 0);
	CU_ASSERT_EQUAL(total, MT_BLOCK);
	free(seen);
	count_store_close(cs);
	ue_table_free(t);
}

/* The only worker's plain cursor store: the same values, the same refusals.
 * (The store's directory is shared with the tests before: the UE resumes
 * above their bounds.) */
static void
test_sole_worker(void)
{
	struct ue_table *t = make_table(N_UES);
	struct count_store *cs = open_store(100);
	struct ue_ctx *u;
	uint32_t c, start, bound;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs);
	u = ue_table_slot(t, 0);
	CU_ASSERT_EQUAL(ue_count_alloc_sole(u, &c), UE_COUNT_DRY);
	CU_ASSERT_EQUAL(u->count_next, 0);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), N_UES);
	start = u->count_next;
	bound = u->count_bound;
	CU_ASSERT_FATAL(bound > start);
	for (uint32_t v = start; v < bound; v++) {
		CU_ASSERT_EQUAL_FATAL(ue_count_alloc_sole(u, &c), UE_COUNT_OK);
		CU_ASSERT_EQUAL(c, v);
	}
	/* dry at the bound, and the cursor stays there */
	CU_ASSERT_EQUAL(ue_count_alloc_sole(u, &c), UE_COUNT_DRY);
	CU_ASSERT_EQUAL(u->count_next, bound);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), 1);
	CU_ASSERT_FATAL(u->count_bound > bound);
	/* either form after the other: every value once, in order */
	for (uint32_t v = bound; v < u->count_bound; v++) {
		enum ue_count_rc rc = v & 1 ? ue_count_alloc_sole(u, &c) : ue_count_alloc(u, &c);

		CU_ASSERT_EQUAL_FATAL(rc, UE_COUNT_OK);
		CU_ASSERT_EQUAL(c, v);
	}
	CU_ASSERT_EQUAL(ue_count_alloc_sole(u, &c), UE_COUNT_DRY);
	count_store_close(cs);
	ue_table_free(t);
}

/* A master key file of mode 0600 holding 32 octets of fill. */
static int
master(struct keywrap_master *m, int fill)
{
	char hex[65], err[256], *path;
	int rc;

	for (int i = 0; i < 64; i++)
		hex[i] = "0123456789abcdef"[(fill + i) & 15];
	hex[64] = '\0';
	path = ctest_write(dir, "master.key", hex);
	chmod(path, 0600);
	rc = keywrap_master_load(path, m, err, sizeof(err));
	free(path);
	return rc;
}

static int
open_with(const char *d, const struct keywrap_master *m, char *err, size_t errlen)
{
	struct count_store_params p = { .dir = d, .master = m };
	struct count_store *cs = NULL;
	int rc = count_store_open(&p, &cs, err, errlen);

	count_store_close(cs);
	return rc;
}

/* The format record: another master key, a missing one, an older layout. */
static void
test_store_refusals(void)
{
	struct keywrap_master a, b;
	char d[4096], err[512];
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	uint8_t key[9] = { 0, 0, 0, 1, 2, 3, 4, 5, 1 };
	uint64_t bound = 8192;
	MDB_val k = { sizeof(key), key }, v = { sizeof(bound), &bound };

	CU_ASSERT_EQUAL_FATAL(master(&a, 1), 0);
	CU_ASSERT_EQUAL_FATAL(master(&b, 2), 0);
	snprintf(d, sizeof(d), "%s/keyed", dir);
	CU_ASSERT_EQUAL(open_with(d, &a, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(open_with(d, &a, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(open_with(d, &b, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "another master key"));
	CU_ASSERT_EQUAL(open_with(d, NULL, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no master_key"));
	/* a store without keys may get a master key, then keeps it */
	snprintf(d, sizeof(d), "%s/plain", dir);
	CU_ASSERT_EQUAL(open_with(d, NULL, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(open_with(d, &b, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(open_with(d, &a, err, sizeof(err)), -EINVAL);
	/* one gateway per store: a second open is refused and names the pid */
	{
		struct count_store *one = NULL, *two = NULL;
		char pid[32];

		snprintf(d, sizeof(d), "%s/locked", dir);
		snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
		CU_ASSERT_EQUAL(count_store_open(&(struct count_store_params){ .dir = d },
						 &one, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(count_store_open(&(struct count_store_params){ .dir = d },
						 &two, err, sizeof(err)), -EBUSY);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, pid));
		count_store_close(one);
		CU_ASSERT_EQUAL(count_store_open(&(struct count_store_params){ .dir = d },
						 &two, err, sizeof(err)), 0);
		count_store_close(two);
	}
	/* bounds in the main database: the previous layout */
	snprintf(d, sizeof(d), "%s/old", dir);
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(mdb_env_create(&env), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_env_open(env, d, 0, 0600), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(env, NULL, 0, &txn), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(txn, NULL, 0, &dbi), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_put(txn, dbi, &k, &v, 0), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	CU_ASSERT_EQUAL(open_with(d, NULL, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "layout"));
	keywrap_master_wipe(&a);
	keywrap_master_wipe(&b);
}

/* A COUNT record that is not 8 octets is refused, never taken for "no
 * bound": the context gets no reservation and stays dry (201). */
static void
test_bad_value_size(void)
{
	struct ue_table *t = make_table(4);
	struct count_store *cs = NULL;
	char d[4096], err[256];
	uint8_t key[9] = { 0 }, four[4] = { 1, 2, 3, 4 };
	uint64_t imsi = IMSI0 + 2, bound = 7;
	MDB_txn *txn;
	MDB_dbi dbi;
	uint32_t c;

	snprintf(d, sizeof(d), "%s/bad-size", dir);
	CU_ASSERT_EQUAL_FATAL(count_store_open(&(struct count_store_params){ .dir = d },
					       &cs, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	for (int i = 0; i < 8; i++)
		key[i] = (uint8_t)(imsi >> (56 - 8 * i));
	key[8] = 1;
	CU_ASSERT_EQUAL_FATAL(mdb_txn_begin(count_store_env(cs), NULL, 0, &txn), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_dbi_open(txn, "count", 0, &dbi), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_put(txn, dbi, &(MDB_val){ sizeof(key), key },
				      &(MDB_val){ sizeof(four), four }, 0), 0);
	CU_ASSERT_EQUAL_FATAL(mdb_txn_commit(txn), 0);
	CU_ASSERT_EQUAL(count_store_refill(cs, t), -EBADMSG);
	CU_ASSERT_EQUAL(count_store_get(cs, imsi, 1, &bound), -EBADMSG);
	CU_ASSERT_EQUAL(bound, 0);
	CU_ASSERT_EQUAL(ue_table_slot(t, 2)->count_bound, 0);
	CU_ASSERT_EQUAL(ue_count_alloc(ue_table_slot(t, 2), &c), UE_COUNT_DRY);
	count_store_close(cs);
	ue_table_free(t);
}

static CU_TestInfo tests[] = {
	{ "a COUNT record of another size is refused", test_bad_value_size },
	{ "refused stores: master key, a second gateway, layout", test_store_refusals },
	{ "reserve, 201 when dry, refill, restart resumes", test_reserve_dry_refill_restart },
	{ "106 at the end of the COUNT space", test_end_of_space },
	{ "a refill larger than one transaction", test_many_chunks },
	{ "refill on request", test_refill_some },
	{ "two threads never get the same COUNT", test_two_threads },
	{ "the sole worker's COUNTs", test_sole_worker },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "count_store", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(4);
	dir = ctest_tmpdir();
	rc = test_main(argc, argv, suites);
	ctest_rmdir(dir);
	free(dir);
	return rc;
}
