/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Provisions N UEs (default 1,000,000) from a generated file into the UE
 * table, then gives them their first COUNT reservation; prints JSON with the
 * load time, resident octets per UE and the reservation time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "count_store.h"
#include "ctest.h"
#include "hexutil.h"
#include "provision.h"

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int
write_file(const char *path, unsigned int n)
{
	FILE *f = fopen(path, "w");
	uint8_t k[32];
	char hex[65];

	if (f == NULL)
		return -1;
	fprintf(f, "{\"scs\": \"fleet\", \"sources\": [\"198.18.0.0/16\"], "
		"\"groups\": [\"meters\"]}\n");
	for (unsigned int i = 0; i < n; i++) {
		for (int j = 0; j < 32; j++)
			k[j] = (uint8_t)(i * 131 + j * 7);
		hex_encode(k, sizeof(k), hex);
		fprintf(f, "{\"ue\": \"0010%011u\", \"external_id\": \"meter-%u@iot.example\", "
			"\"msisdn\": \"1%010u\", \"k_iwf\": \"%s\", \"ksi\": 1, \"eea\": %u, "
			"\"eia\": %u, \"groups\": [\"meters\"]}\n", i, i, i, hex, 1 + i % 3,
			1 + i % 3);
	}
	return fclose(f);
}

int
main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 1000000;
	struct ue_table_params tp = { .name = "bench_ue", .max_ues = n };
	struct provision_params pp = {0};
	struct provision_stats st;
	struct count_store_params cp = {0};
	struct count_store *cs;
	struct ue_table *t;
	char *dir, *path, err[512];
	size_t rss0, rss1, rss2;
	double t0, t1, t2, c0, c1;
	int rc;

	ctest_eal_init_mem(argv[0], 1024 + n / 1000);
	tp.qs = ctest_qsbr(4);
	dir = ctest_tmpdir();
	if (asprintf(&path, "%s/provision.jsonl", dir) < 0 || write_file(path, n) != 0)
		return 2;

	rss0 = ue_mem_resident();
	if (ue_table_create(&tp, &t) != 0)
		return 2;
	pp.table = t;
	pp.policy = policy_builder_new();
	pp.engine = a3_engine_create();
	t0 = now();
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	rc = provision_load(path, &pp, &st, err, sizeof(err));
	c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	t1 = now();
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rss1 = ue_mem_resident();

	cp.dir = dir;
	if (count_store_open(&cp, &cs, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = count_store_refill(cs, t);
	t2 = now();
	rss2 = ue_mem_resident();
	/* A refill with nothing to extend: the control thread's steady cost. */
	double t3 = now();
	int rc2 = count_store_refill(cs, t);
	double rescan = now() - t3;
	printf("{\"ues\": %u, \"load_seconds\": %.3f, \"load_cpu_seconds\": %.3f, "
	       "\"ues_per_second\": %.0f, "
	       "\"resident_bytes_per_ue\": %.1f, \"count_reserve_seconds\": %.3f, "
	       "\"count_reserved\": %d, \"resident_bytes_per_ue_with_count_store\": %.1f, "
	       "\"count_rescan_seconds\": %.4f, \"count_rescan_extended\": %d}\n",
	       st.ues, t1 - t0, c1 - c0, st.ues / (t1 - t0), (double)(rss1 - rss0) / st.ues,
	       t2 - t1, rc, (double)(rss2 - rss0) / st.ues, rescan, rc2);
	count_store_close(cs);
	ue_table_free(t);
	policy_builder_free(pp.policy);
	a3_engine_free(pp.engine);
	ctest_rmdir(dir);
	free(dir);
	free(path);
	return 0;
}
