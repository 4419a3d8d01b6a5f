/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A3 protect and open against the raw intel-ipsec-mb ceiling (the same jobs,
 * no PDU work) and the plain OpenSSL EVP implementation (contexts set up once
 * per key), all in one run so that the ratios hold on a noisy machine; and
 * bulk key derivation.
 *
 *   bench_a3 [--quick] [--targets] [--json FILE]
 *
 * The targets' point (2/2, 128 octets, burst 32) is measured over more
 * rounds than the others; --targets measures only it: a quick check.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "a3.h"
#include "bench_a3.h"
#include "bench_tsc.h"
#include "ossl_a3.h"
#include "raw_jobs.h"

#define UES 64          /* distinct key sets, cycled through */
/* Interleaved repetitions. The machine is shared: a sample is slowed by
 * whatever else runs, never sped up, so the fastest sample of each variant
 * is its cost; the variants are compared round by round, each round's
 * samples taken back to back (bench_ratio_median). */
#define ROUNDS 9
#define ROUNDS_MAX 45
static int rounds = ROUNDS;
#define BUF (A3_PDU_HEADROOM + A3_PDU_OVERHEAD + A3_PT_FIXED_LEN + 1024 + 64)

static const unsigned int sizes[] = { 16, 64, 128, 256, 512, 1024 };
static const unsigned int bursts[] = { 1, 8, 32, 64 };
static const uint8_t pairs[] = { 1, 2, 3 };

static struct a3_engine *eng;
static IMB_MGR *raw_mgr;
static struct a3_keyset ks[UES];
static struct ossl_a3_key ossl[UES];
static uint8_t payload[1024];
static uint8_t bufs[A3_BURST_MAX][BUF] __attribute__((aligned(64)));
static uint8_t pristine[A3_BURST_MAX][BUF];
static unsigned long total_triggers = 16384; /* per sample, at most */
static double sample_cycles = 8e6;

static void
make_keys(uint8_t alg)
{
	for (int u = 0; u < UES; u++) {
		uint8_t kc[16], ki[16];

		if (RAND_bytes(kc, 16) != 1 || RAND_bytes(ki, 16) != 1 ||
		    a3_keyset_init(eng, &ks[u], (uint8_t)(u % 15), alg, alg, kc, ki, false) != 0) {
			fprintf(stderr, "bench_a3: key set-up failed\n");
			exit(2);
		}
		if (alg == A3_ALG_AES) {
			ossl_a3_key_free(&ossl[u]);
			if (ossl_a3_key_init(&ossl[u], (uint8_t)(u % 15), kc, ki) != 0)
				exit(2);
		}
	}
}

static double
time_protect(struct a3_trigger *t, unsigned int b, unsigned long calls)
{
	uint8_t st[A3_BURST_MAX];
	uint64_t t0 = bench_tsc();

	for (unsigned long c = 0; c < calls; c++) {
		for (unsigned int i = 0; i < b; i++)
			t[i].count = (uint32_t)c;
		if (a3_protect_burst(eng, t, b, st) != b)
			exit(3);
	}
	return (double)(bench_tsc() - t0) / (double)(calls * b);
}

static double
time_raw_protect(struct raw_msg *m, unsigned int b, unsigned long calls)
{
	uint64_t t0 = bench_tsc();

	for (unsigned long c = 0; c < calls; c++)
		raw_protect(raw_mgr, m, b);
	return (double)(bench_tsc() - t0) / (double)(calls * b);
}

/* Opening changes the PDU and the window: both are restored between calls,
 * outside the timed region (the raw ceiling is timed the same way). */
static double
time_open(struct a3_rx *rx, struct a3_ue_ctx *ue, unsigned int b, unsigned int len,
	  unsigned long calls)
{
	uint8_t st[A3_BURST_MAX];
	uint64_t sum = 0;

	for (unsigned long c = 0; c < calls; c++) {
		for (unsigned int i = 0; i < b; i++) {
			memcpy(bufs[i], pristine[i], A3_PDU_HEADROOM + len);
			ue[i].win[0].started = 0;
		}
		uint64_t t0 = bench_tsc();
		if (a3_open_burst(eng, rx, b, 0, st) != b)
			exit(4);
		sum += bench_tsc() - t0;
	}
	return (double)sum / (double)(calls * b);
}

static double
time_raw_open(struct raw_msg *m, unsigned int b, unsigned int len, unsigned long calls)
{
	uint64_t sum = 0;

	for (unsigned long c = 0; c < calls; c++) {
		for (unsigned int i = 0; i < b; i++)
			memcpy(bufs[i], pristine[i], A3_PDU_HEADROOM + len);
		uint64_t t0 = bench_tsc();
		raw_open(raw_mgr, m, b);
		sum += bench_tsc() - t0;
	}
	return (double)sum / (double)(calls * b);
}

static double
time_ossl(unsigned int size, unsigned long n)
{
	uint64_t t0 = bench_tsc();

	for (unsigned long c = 0; c < n; c++)
		if (ossl_a3_protect(&ossl[c % UES], (uint32_t)c, 1, 0, 0, 0, NULL, 0, payload,
				    (uint16_t)size, bufs[0] + A3_PDU_HEADROOM) == 0)
			exit(5);
	return (double)(bench_tsc() - t0) / (double)n;
}

static void
measure(struct point *p)
{
	static struct a3_ue_ctx ue[A3_BURST_MAX];
	struct a3_trigger t[A3_BURST_MAX];
	struct a3_rx rx[A3_BURST_MAX];
	struct raw_msg m[A3_BURST_MAX];
	unsigned int b = p->burst, len = a3_pdu_len(0, p->size);
	unsigned long calls;
	double s[5][ROUNDS_MAX], warm;
	/* The targets' point gets the rounds of --targets in a full run too. */
	bool target = p->alg == TARGET_ALG && p->size == TARGET_SIZE && b == TARGET_BURST;
	int nr = target ? ROUNDS_MAX : rounds;

	for (unsigned int i = 0; i < b; i++) {
		/* In place, as the gateway calls it: the DTR encoder has put the
		 * payload where the plaintext goes. */
		uint8_t *pl = bufs[i] + A3_PDU_HEADROOM + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN;

		memcpy(pl, payload, p->size);
		t[i] = (struct a3_trigger){ .ks = &ks[i % UES], .reference = i,
					    .payload = pl, .payload_len = (uint16_t)p->size,
					    .pdu = bufs[i] + A3_PDU_HEADROOM };
		m[i] = (struct raw_msg){ .ks = &ks[i % UES], .pdu = t[i].pdu,
					 .n_pt = len - A3_PDU_OVERHEAD };
		raw_msg_prepare(&m[i], i);
		a3_ue_ctx_init(&ue[i]);
		a3_ue_ctx_rekey(&ue[i], &ks[i % UES]);
		rx[i] = (struct a3_rx){ .ue = &ue[i], .pdu = t[i].pdu, .len = len };
	}
	if (a3_protect_burst(eng, t, b, NULL) != b)
		exit(3);
	for (unsigned int i = 0; i < b; i++)
		memcpy(pristine[i], bufs[i], A3_PDU_HEADROOM + len);

	/* A warm-up sizes every sample to about sample_cycles (small bursts of
	 * SNOW 3G cost tens of thousands of cycles a trigger), within
	 * [4, total_triggers / b] calls. */
	warm = time_protect(t, b, 16) * b;
	calls = (unsigned long)(sample_cycles / warm);
	calls = calls < 4 ? 4 : calls > total_triggers / b ? total_triggers / b : calls;

	for (int r = 0; r < nr; r++) {
		s[0][r] = time_protect(t, b, calls);
		s[1][r] = time_raw_protect(m, b, calls);
		for (unsigned int i = 0; i < b; i++)
			t[i].count = 0;
		if (a3_protect_burst(eng, t, b, NULL) != b)
			exit(3);
		s[2][r] = time_open(rx, ue, b, len, calls);
		s[3][r] = time_raw_open(m, b, len, calls);
		s[4][r] = p->alg == A3_ALG_AES ? time_ossl(p->size, calls * b / 4 + 1) : 0;
	}
	p->protect = bench_min(s[0], nr);
	p->raw_protect = bench_min(s[1], nr);
	p->open = bench_min(s[2], nr);
	p->raw_open = bench_min(s[3], nr);
	p->ossl = bench_min(s[4], nr);
	p->protect_share = bench_ratio_median(s[1], s[0], nr);
	p->open_share = bench_ratio_median(s[3], s[2], nr);
	p->ossl_factor = p->ossl > 0 ? bench_ratio_median(s[4], s[0], nr) : 0;
}

/* Bulk derivation and key schedules for n UEs; returns UEs per second. */
static double
derive_rate(double hz, unsigned int n)
{
	enum { CHUNK = 1024 };
	static struct a3_derive_req req[CHUNK];
	static uint8_t kiwf[CHUNK][32];
	static struct a3_keyset out[CHUNK];
	uint64_t t0;

	if (RAND_bytes(&kiwf[0][0], sizeof(kiwf)) != 1)
		exit(2);
	t0 = bench_tsc();
	for (unsigned int done = 0; done < n; done += CHUNK) {
		for (unsigned int i = 0; i < CHUNK; i++)
			req[i] = (struct a3_derive_req){ .kiwf = kiwf[i], .eea = (uint8_t)(1 + i % 3),
							 .eia = (uint8_t)(1 + (i + 1) % 3) };
		if (a3_derive_bulk(eng, req, CHUNK) != 0)
			exit(6);
		for (unsigned int i = 0; i < CHUNK; i++)
			if (a3_keyset_init(eng, &out[i], 1, req[i].eea, req[i].eia,
					   req[i].k_conf, req[i].k_int, false) != 0)
				exit(6);
	}
	return (double)(n + CHUNK - 1) / CHUNK * CHUNK * hz / (double)(bench_tsc() - t0);
}

int
main(int argc, char **argv)
{
	static struct point pts[3 * 6 * 4];
	const char *json_path = NULL;
	bool targets_only = false;
	int npts = 0;
	double hz, derive;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			total_triggers = 4096, sample_cycles = 2e6;
		else if (!strcmp(argv[i], "--targets"))
			targets_only = true, rounds = ROUNDS_MAX;
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json_path = argv[++i];
		else {
			fprintf(stderr, "usage: bench_a3 [--quick] [--targets] [--json FILE]\n");
			return 2;
		}
	}
	eng = a3_engine_create();
	raw_mgr = alloc_mb_mgr(0);
	if (eng == NULL || raw_mgr == NULL)
		return 2;
	init_mb_mgr_auto(raw_mgr, NULL);
	RAND_bytes(payload, sizeof(payload));
	hz = bench_tsc_hz();

	for (size_t a = 0; a < sizeof(pairs); a++) {
		if (targets_only && pairs[a] != TARGET_ALG)
			continue;
		make_keys(pairs[a]);
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			for (size_t k = 0; k < sizeof(bursts) / sizeof(bursts[0]); k++) {
				if (targets_only && (sizes[s] != TARGET_SIZE || bursts[k] != TARGET_BURST))
					continue;
				pts[npts] = (struct point){ .alg = pairs[a], .size = sizes[s],
							    .burst = bursts[k] };
				measure(&pts[npts++]);
			}
	}
	derive = derive_rate(hz, total_triggers * 4);
	return report(pts, npts, hz, derive, a3_engine_arch(eng), json_path);
}
