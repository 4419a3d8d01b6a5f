/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A restart from the store: N UEs imported through the admin (keys kept
 * wrapped under a master key), the tables freed and the store closed, then
 * the same UEs restored by admin_load_store (no key derivation) and given
 * their COUNT reservations, as mtc-gw starts. In the same run, the bulk key
 * derivation rate of N keys (a3_derive_bulk), measured before and after the
 * restore: the target is a restore at least twice as fast, with resident
 * memory still at most 512 octets per UE (the process's resident memory
 * with the UEs restored, less what it held before any table).
 *
 *   bench_restart [--ues N] [--huge] [--json FILE]
 *
 * --huge restores onto hugepages (mounted, and enough of them reserved)
 * instead of --no-huge: no first touch of 4 KiB pages. Hugepages are not
 * resident memory of the process, so the memory per UE is then not judged.
 *
 * The first life runs in a process of its own (this program again, with
 * --fill DIR), so that the restore is measured in a process that starts
 * the way a restarted gateway does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_malloc.h>

#include "admin.h"
#include "bench_rss.h"
#include "bench_tsc.h"
#include "count_store.h"

struct gw_side {
	struct rte_rcu_qsbr *qs;
	struct ue_table *ues;
	struct scs_state *st;
	struct scs_policy_slot slot;
	struct count_store *cs;
	struct admin *ad;
};

static uint64_t rng = 88172645463325252ull;

static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static double
per_ue(size_t after, size_t before, unsigned int n)
{
	return after > before ? (double)(after - before) / n : 0;
}

static int
write_inputs(const char *dir, unsigned int n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/master.key", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	for (int k = 0; k < 8; k++)
		fprintf(f, "%08x", next_rand());
	fclose(f);
	chmod(path, 0600);
	snprintf(path, sizeof(path), "%s/provision.jsonl", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	fprintf(f, "{\"scs\": \"bench\", \"sources\": [\"198.18.0.0/16\"], \"groups\": [\"g\"]}\n");
	for (unsigned int i = 0; i < n; i++) {
		fprintf(f, "{\"ue\": \"00101%010u\", \"external_id\": \"ue-%07u@bench.example\", "
			   "\"msisdn\": \"1555%07u\", \"k_iwf\": \"", i, i, i);
		for (int k = 0; k < 4; k++)
			fprintf(f, "%08x%08x", next_rand(), next_rand());
		fprintf(f, "\", \"ksi\": 1, \"eea\": %u, \"eia\": %u, \"groups\": [\"g\"]}\n",
			1 + i % 3, 1 + (i / 3) % 3);
	}
	return fclose(f) == 0 ? 0 : -errno;
}

static int
side_up(struct gw_side *g, const char *dir, const struct keywrap_master *m, unsigned int n)
{
	char err[512];
	struct count_store_params cp = { .dir = dir, .master = m, .map_size = 64ULL << 30 };
	int rc;

	memset(g, 0, sizeof(*g));
	g->qs = rte_zmalloc(NULL, rte_rcu_qsbr_get_memsize(1), RTE_CACHE_LINE_SIZE);
	if (g->qs == NULL || rte_rcu_qsbr_init(g->qs, 1) != 0)
		return -ENOMEM;
	rc = count_store_open(&cp, &g->cs, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "bench_restart: %s\n", err);
		return rc;
	}
	rc = ue_table_create(&(struct ue_table_params){ .name = "bench_ues", .max_ues = n,
				.socket_id = 0, .qs = g->qs }, &g->ues);
	struct policy_builder *reg = policy_builder_new_cap(16);

	g->st = scs_state_create(16, 1);
	if (rc != 0 || reg == NULL || g->st == NULL)
		return -ENOMEM;
	g->ad = admin_new(&(struct admin_params){ .ues = g->ues, .reg = reg, .slot = &g->slot,
			.scs_state = g->st, .qs = g->qs, .cs = g->cs, .master = m,
			.limits = { .max_payload = 1024, .max_validity = 3600, .n_workers = 1 } });
	return g->ad ? 0 : -ENOMEM;
}

static void
side_down(struct gw_side *g)
{
	admin_free(g->ad);
	policy_free(g->slot.cur);
	scs_state_free(g->st);
	ue_table_free(g->ues);
	count_store_close(g->cs);
	rte_free(g->qs);
}

/* Keys derived per second by a3_derive_bulk, n keys in batches of 1024. */
static double
kdf_rate(unsigned int n)
{
	static uint8_t kiwf[1024][32];
	static struct a3_derive_req req[1024];
	struct a3_engine *e = a3_engine_create();
	uint64_t t0, t1;

	for (unsigned int i = 0; i < 1024; i++) {
		for (unsigned int k = 0; k < 32; k++)
			kiwf[i][k] = (uint8_t)next_rand();
		req[i] = (struct a3_derive_req){ .kiwf = kiwf[i], .eea = 2, .eia = 2 };
	}
	t0 = bench_tsc();
	for (unsigned int done = 0; done < n; done += 1024)
		a3_derive_bulk(e, req, RTE_MIN(1024u, n - done));
	t1 = bench_tsc();
	a3_engine_free(e);
	return n / ((double)(t1 - t0) / bench_tsc_hz());
}

/* The first life, in its own process: the file imported through the admin
 * into the store of dir. Prints the import's seconds. */
static int
fill(const char *dir, unsigned int n, const struct keywrap_master *m)
{
	char store[600], file[600], err[640];
	struct admin_import_stats ist;
	struct gw_side g;
	uint64_t t0;

	snprintf(store, sizeof(store), "%s/store", dir);
	snprintf(file, sizeof(file), "%s/provision.jsonl", dir);
	if (side_up(&g, store, m, n) != 0)
		return 2;
	t0 = bench_tsc();
	if (admin_import_file(g.ad, file, false, &ist, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_restart: %s\n", err);
		return 2;
	}
	printf("%.6f %lu\n", (double)(bench_tsc() - t0) / bench_tsc_hz(), (unsigned long)ist.ues);
	side_down(&g);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned int n = 100000;
	const char *json = NULL, *fill_dir = NULL;
	bool huge = false;
	char dir[] = "/tmp/mtc-restart-XXXXXX", path[600], mem[32], err[640];
	struct keywrap_master m;
	struct admin_import_stats ist;
	struct admin_load_stats lst;
	struct gw_side g;
	double kdf0, kdf1, import_s, load_s, refill_s, hz;
	struct bench_rss rss0, rss1;
	uint64_t t0, t1, t2;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ues") && i + 1 < argc)
			n = (unsigned int)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json = argv[++i];
		else if (!strcmp(argv[i], "--fill") && i + 1 < argc)
			fill_dir = argv[++i];
		else if (!strcmp(argv[i], "--huge"))
			huge = true;
		else {
			fprintf(stderr, "usage: bench_restart [--ues N] [--huge] [--json FILE]\n");
			return 2;
		}
	}
	/* 416 octets a context, 2 hash keys, a margin */
	snprintf(mem, sizeof(mem), "%u", (unsigned int)((uint64_t)n * 560 / 1000000 + 256));
	char *eal[] = { argv[0], huge && !fill_dir ? "--in-memory" : "--no-huge", "-m", mem,
			"--no-pci", "-l", "0", "--no-shconf", "--log-level=*:error" };
	if (rte_eal_init(9, eal) < 0)
		return 2;
	if (fill_dir == NULL && (mkdtemp(dir) == NULL || write_inputs(dir, n) != 0))
		return 2;
	hz = bench_tsc_hz();
	snprintf(path, sizeof(path), "%s/master.key", fill_dir ? fill_dir : dir);
	if (keywrap_master_load(path, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_restart: %s\n", err);
		return 2;
	}
	if (fill_dir != NULL) {
		int rc = fill(fill_dir, n, &m);

		keywrap_master_wipe(&m);
		return rc;
	}
	/* the first life */
	snprintf(path, sizeof(path), "%s --ues %u --fill %s", argv[0], n, dir);
	FILE *child = popen(path, "r");
	unsigned long imported = 0;

	if (child == NULL || fscanf(child, "%lf %lu", &import_s, &imported) != 2 ||
	    pclose(child) != 0) {
		fprintf(stderr, "bench_restart: the first life failed\n");
		return 2;
	}
	ist.ues = imported;
	snprintf(path, sizeof(path), "%s/store", dir);
	rss0 = bench_rss_now();

	/* the restart */
	malloc_trim(0);
	kdf0 = kdf_rate(n);
	if (side_up(&g, path, &m, n) != 0)
		return 2;
	t0 = bench_tsc();
	if (admin_load_store(g.ad, &lst, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_restart: %s\n", err);
		return 2;
	}
	t1 = bench_tsc();
	if (count_store_refill(g.cs, g.ues) < 0)
		return 2;
	t2 = bench_tsc();
	count_store_release_pages(g.cs);
	malloc_trim(0);
	rss1 = bench_rss_now();
	kdf1 = kdf_rate(n);
	load_s = (double)(t1 - t0) / hz;
	refill_s = (double)(t2 - t1) / hz;
	side_down(&g);
	keywrap_master_wipe(&m);

	double kdf = (kdf0 + kdf1) / 2, load_rate = lst.ues / load_s;
	double both_rate = lst.ues / (load_s + refill_s);
	double shm = per_ue(rss1.shmem, rss0.shmem, n), anon = per_ue(rss1.anon, rss0.anon, n);
	double file = per_ue(rss1.file, rss0.file, n), total = shm + anon + file;

	printf("restart from the store, %u UEs (keys wrapped under a master key):\n", n);
	printf("  first life: imported through the admin in %.2f s (%.0f UEs/s)\n", import_s,
	       ist.ues / import_s);
	printf("  bulk key derivation: %.0f and %.0f keys/s (before, after)\n", kdf0, kdf1);
	printf("  restored %lu UEs in %.2f s: %.0f UEs/s, %.2fx the key derivation "
	       "(target >= 2x) %s\n", (unsigned long)lst.ues, load_s, load_rate,
	       load_rate / kdf, load_rate >= 2 * kdf ? "met" : "MISSED");
	printf("  with the COUNT reservations on disk (%.2f s more): %.0f UEs/s, %.2fx\n",
	       refill_s, both_rate, both_rate / kdf);
	if (huge)
		printf("  on hugepages: the memory per UE is not judged\n");
	else
		printf("  %.0f resident octets per UE (target <= 512) %s: DPDK memory %.0f, heap "
		       "%.0f, files %.0f\n", total, total <= 512 ? "met" : "MISSED", shm, anon,
		       file);
	if (json != NULL) {
		FILE *f = fopen(json, "w");

		if (f != NULL) {
			fprintf(f, "{\"ues\": %u, \"import_s\": %.3f, \"kdf_per_s\": %.0f, "
				   "\"restore_s\": %.3f, \"restore_per_s\": %.0f, "
				   "\"restore_vs_kdf\": %.3f, \"refill_s\": %.3f, "
				   "\"restore_and_refill_vs_kdf\": %.3f, \"bytes_per_ue\": %.1f}\n",
				n, import_s, kdf, load_s, load_rate, load_rate / kdf, refill_s,
				both_rate / kdf, total);
			fclose(f);
		}
	}
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
