/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The whole pipeline in one process: DAR frames (External-Identifier of a
 * uniformly random UE, SCS-Identity, 128-octet payload, EEA2/EIA2) are fed
 * to a worker's burst function on a net_null port that takes its DTRs and
 * DAAs; the A3 protect burst alone is measured in the same run, interleaved,
 * as the ceiling. Cycles are the fastest round's; the ratio is the median
 * of each round's own (bench_ratio_median). Also the resident memory per
 * provisioned UE.
 *
 *   bench_gw [--ues N] [--rounds R] [--huge] [--json FILE]
 *
 * --huge runs on hugepages (mounted, and enough of them reserved) instead of
 * --no-huge; hugepages are not resident memory of the process, so the
 * memory per UE is then neither measured nor judged.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "app.h"
#include "bench_frames.h"
#include "bench_rss.h"
#include "bench_tsc.h"
#include "dar_build.h"
#include "frame_build.h"

#define BURSTS_PER_ROUND 2000

static struct gw_app app;

struct result {
	unsigned int ues;
	double pipeline, ceiling; /* cycles per trigger */
	double ratio;             /* ceiling / pipeline, round by round */
	double bytes_per_ue;
	double load_s;
	uint64_t delivered, triggers;
};

static uint64_t rng = 88172645463325252ull;

static inline uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static int
write_inputs(const char *dir, unsigned int n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/provision.jsonl", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	/* Every SCS check at work, as in the example: an identity
	 * pattern, a payload pattern (neither refuses the bench's triggers)
	 * and a token bucket too large to refuse any. */
	fprintf(f, "{\"scs\": \"bench\", \"sources\": [\"198.18.0.0/16\"], \"groups\": [\"g\"], "
		   "\"identities\": [\"^\\\\+1555\"], \"require_identity\": true, "
		   "\"deny_payload\": [\"(?i)shutdown\"], \"rate\": 1000000000, "
		   "\"burst\": 1000000}\n");
	for (unsigned int i = 0; i < n; i++) {
		fprintf(f, "{\"ue\": \"00101%010u\", \"external_id\": \"" BENCH_EXT_FMT "\", "
			   "\"msisdn\": \"1555%07u\", \"k_iwf\": \"", i, i, i);
		for (int k = 0; k < 4; k++)
			fprintf(f, "%08x%08x", next_rand(), next_rand());
		fprintf(f, "\", \"ksi\": 1, \"eea\": 2, \"eia\": 2, \"groups\": [\"g\"]}\n");
	}
	fclose(f);
	return bench_write_gw_json(dir, "");
}

static double
round_pipeline(const struct bench_tmpl *t, unsigned int n_ues, uint64_t *delivered)
{
	struct gw_worker *w = &app.workers[0];
	struct rte_mbuf *m[GW_BURST];
	uint64_t cycles = 0, before = w->gc.v[GW_CTR_dtr_sent];

	for (int b = 0; b < BURSTS_PER_ROUND; b++) {
		if (rte_pktmbuf_alloc_bulk(app.rt.pool, m, GW_BURST) != 0)
			exit(3);
		for (int i = 0; i < GW_BURST; i++) {
			bench_frame_for(t, rte_pktmbuf_mtod(m[i], uint8_t *), next_rand() % n_ues);
			m[i]->data_len = m[i]->pkt_len = (uint32_t)t->len;
		}
		uint64_t t0 = bench_tsc();
		gw_burst(w, &app.rt.tsp, m, GW_BURST);
		cycles += bench_tsc() - t0;
		rte_rcu_qsbr_quiescent(app.gw.qs, 0);
	}
	*delivered += w->gc.v[GW_CTR_dtr_sent] - before;
	return (double)cycles / (BURSTS_PER_ROUND * GW_BURST);
}

/* The A3 protect burst alone: same algorithms, length and burst. */
static double
round_ceiling(struct a3_engine *e, struct a3_trigger *tr, uint8_t (*buf)[512])
{
	uint64_t t0 = bench_tsc();

	for (int b = 0; b < BURSTS_PER_ROUND; b++) {
		for (int i = 0; i < GW_BURST; i++)
			tr[i].count = (uint32_t)b;
		if (a3_protect_burst(e, tr, GW_BURST, NULL) != GW_BURST)
			exit(4);
	}
	(void)buf;
	return (double)(bench_tsc() - t0) / (BURSTS_PER_ROUND * GW_BURST);
}

static void
run(struct result *r, int rounds, const struct bench_tmpl *t)
{
	static uint8_t buf[GW_BURST][512] __attribute__((aligned(64)));
	static struct a3_keyset ks[GW_BURST];
	struct a3_engine *e = a3_engine_create();
	struct a3_trigger tr[GW_BURST];
	double p[64], c[64];

	for (int i = 0; i < GW_BURST; i++) {
		uint8_t k[16];

		for (int j = 0; j < 16; j++)
			k[j] = (uint8_t)next_rand();
		a3_keyset_init(e, &ks[i], 1, 2, 2, k, k, false);
		uint8_t *pl = buf[i] + A3_PDU_HEADROOM + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN + 9;
		tr[i] = (struct a3_trigger){ .ks = &ks[i], .reference = (uint32_t)i,
					     .scs_id = pl - 9, .scs_id_len = 9, .payload = pl,
					     .payload_len = BENCH_PAYLOAD, .pdu = buf[i] + A3_PDU_HEADROOM };
	}
	rte_rcu_qsbr_thread_online(app.gw.qs, 0);
	for (int i = 0; i < rounds; i++) {
		p[i] = round_pipeline(t, r->ues, &r->delivered);
		c[i] = round_ceiling(e, tr, buf);
		r->triggers += BURSTS_PER_ROUND * GW_BURST;
	}
	rte_rcu_qsbr_thread_offline(app.gw.qs, 0);
	r->pipeline = bench_min(p, rounds);
	r->ceiling = bench_min(c, rounds);
	r->ratio = bench_ratio_median(c, p, rounds);
	a3_engine_free(e);
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/mtc-bench-gw-XXXXXX", cfg[600], mem[16];
	const char *json = NULL;
	unsigned int ues = 1000;
	int rounds = 9;
	bool huge = false;
	struct result r = { 0 };
	struct bench_tmpl t;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ues") && i + 1 < argc)
			ues = (unsigned int)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json = argv[++i];
		else if (!strcmp(argv[i], "--huge"))
			huge = true;
		else {
			fprintf(stderr, "usage: bench_gw [--ues N] [--rounds R] [--huge] [--json FILE]\n");
			return 2;
		}
	}
	if (ues == 0 || rounds < 1 || rounds > 64 || mkdtemp(dir) == NULL)
		return 2;
	snprintf(mem, sizeof(mem), "%u", 512 + ues / 1000 * 2);
	char *eal[] = { argv[0], huge ? "--in-memory" : "--no-huge", "-m", mem, "--no-pci", "-l",
			"0", "--no-shconf", "--log-level=*:error", "--vdev=net_null0", NULL };
	if (rte_eal_init(10, eal) < 0 || write_inputs(dir, ues) != 0)
		return 2;
	snprintf(cfg, sizeof(cfg), "%s/gw.json", dir);
	app.opts = (struct gw_opts){ .config = cfg, .quiet = true, .no_api = true };

	size_t rss0 = ue_mem_resident();
	struct bench_rss k0 = bench_rss_now(), k1;
	uint64_t t0 = bench_tsc();
	if (gw_app_start(&app) != 0)
		return 1;
	r.load_s = (double)(bench_tsc() - t0) / (double)rte_get_tsc_hz();
	r.bytes_per_ue = (double)(ue_mem_resident() - rss0) / ues;
	k1 = bench_rss_now();
	r.ues = ues;
	bench_tmpl_make(&t, &app.rt.tsp.wif.mac);
	run(&r, rounds, &t);

	double hz = (double)rte_get_tsc_hz(), ratio = r.ratio;
	double want = ues >= 1000000 ? 0.35 : 0.50;
	bool mem_judged = !huge && ues >= 1000000;

	printf("pipeline, %u UEs (uniform random), EEA2/EIA2, %d-octet payload, burst %d%s:\n"
	       "  %.0f cycles per trigger, %.0f triggers/s per worker core\n"
	       "  A3 protect alone: %.0f cycles per trigger, %.0f triggers/s\n"
	       "  pipeline / A3 ceiling: %.1f%% (target >= %.0f%%) %s\n"
	       "  delivered %lu of %lu triggers; start-up %.1f s\n",
	       ues, BENCH_PAYLOAD, GW_BURST, huge ? ", hugepages" : "", r.pipeline, hz / r.pipeline,
	       r.ceiling, hz / r.ceiling, 100 * ratio, 100 * want,
	       ratio >= want ? "met" : "MISSED", r.delivered, r.triggers, r.load_s);
	if (!huge) {
		printf("  %.0f resident octets per UE%s\n", r.bytes_per_ue,
		       mem_judged ? (r.bytes_per_ue <= 512 ? " (target <= 512: met)"
							 : " (target <= 512: MISSED)") : "");
		printf("  resident octets per UE by kind: DPDK memory %.0f, heap %.0f, files "
		       "(COUNT store) %.0f\n", (double)(k1.shmem - k0.shmem) / ues,
		       (double)(k1.anon - k0.anon) / ues, (double)(k1.file - k0.file) / ues);
	}
#ifdef GW_STAGE_CYCLES
	{
		const struct gw_worker *w = &app.workers[0];

		printf("  cycles per trigger by stage (mean over every round):");
		gw_stage_print(w->stage_cycles, w->stage_pkts);
	}
#endif
	if (json) {
		FILE *f = fopen(json, "w");

		if (f) {
			fprintf(f, "{\"ues\":%u,\"payload\":%d,\"burst\":%d,\"pipeline_cycles\":%.1f,"
				   "\"ceiling_cycles\":%.1f,\"ratio\":%.3f,\"triggers_per_s\":%.0f,"
				   "\"bytes_per_ue\":%.1f,\"delivered\":%lu,\"triggers\":%lu,"
				   "\"tsc_hz\":%.0f}\n", ues, BENCH_PAYLOAD, GW_BURST, r.pipeline, r.ceiling,
				ratio, hz / r.pipeline, r.bytes_per_ue, r.delivered, r.triggers, hz);
			fclose(f);
		}
	}
	int ok = ratio >= want && r.delivered == r.triggers &&
		 (!mem_judged || r.bytes_per_ue <= 512);
	gw_app_stop(&app);
	rte_eal_cleanup();
	char rm[600];
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "bench_gw: could not remove %s\n", dir);
	return ok ? 0 : 1;
}
