/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycles per DAR decode+validate and per DAA+DTR encode on the typical
 * request (External-Identifier, SCS-Identity, 128-octet payload): the
 * median over many runs of a few hundred calls each, by rte_rdtsc. JSON on
 * stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "a3_pdu.h"
#include "daa.h"
#include "dar.h"
#include "dar_build.h"
#include "dtr.h"

#define RUNS 301
#define CALLS 256

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void
cpu_name(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(out, len, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "model name", 10) == 0) {
			char *p = strchr(line, ':');

			if (p) {
				p += 2;
				p[strcspn(p, "\n")] = 0;
				snprintf(out, len, "%s", p);
			}
			break;
		}
	fclose(f);
}

int
main(void)
{
	static struct dbuf b;
	static uint8_t payload[128], daa[1024], dtr[1024];
	static double t_dec[RUNS], t_daa[RUNS], t_dtr[RUNS], t_enc[RUNS];
	static const uint8_t imsi[] = "001010123456789";
	struct diam_local l;
	struct diam_idgen ids;
	struct dar_spec s;
	struct dar_trigger d;
	struct dtr_params p;
	volatile uint32_t sink = 0;
	char cpu[128];
	uint64_t t0;
	int r, i;

	if (diam_local_init(&l, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		return 1;
	diam_idgen_init(&ids, &l, 1700000000u, 0);
	memset(payload, 0x5a, sizeof(payload));
	dar_spec_typical(&s, payload, sizeof(payload));
	dar_build(&b, &s);
	if (dar_decode(b.b, b.len, &l, &d) != DIAM_SUCCESS)
		return 1;
	p = (struct dtr_params){
		.imsi = imsi,
		.imsi_len = 15,
		.smea = d.scs_id.p,
		.smea_len = (uint8_t)d.scs_id.len,
		.reference = d.reference,
		.validity_time = d.validity_time,
		.priority = d.priority,
		.has = DTR_HAS_VALIDITY | DTR_HAS_PRIORITY,
		.pdu_len = (uint16_t)a3_pdu_len((uint8_t)d.scs_id.len, d.payload.len),
	};

	for (r = 0; r < RUNS; r++) {
		uint64_t t1, t2;

		t0 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += dar_decode(b.b, b.len, &l, &d);
		t1 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += (uint32_t)daa_encode(daa, sizeof(daa), &l, &ids, &d, DIAM_SUCCESS,
						     RS_SUCCESS);
		t2 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += (uint32_t)dtr_encode(dtr, sizeof(dtr), &l, &ids, &p, NULL);
		t_dec[r] = (double)(t1 - t0) / CALLS;
		t_daa[r] = (double)(t2 - t1) / CALLS;
		t_dtr[r] = (double)(rte_rdtsc_precise() - t2) / CALLS;
		t_enc[r] = t_daa[r] + t_dtr[r];
	}
	cpu_name(cpu, sizeof(cpu));
	printf("{\n  \"cpu\": \"%s\",\n  \"dar_len\": %u,\n  \"runs\": %d,\n  \"calls_per_run\": %d,\n",
	       cpu, b.len, RUNS, CALLS);
	printf("  \"dar_decode_cycles\": %.1f,\n", median(t_dec, RUNS));
	printf("  \"daa_encode_cycles\": %.1f,\n", median(t_daa, RUNS));
	printf("  \"dtr_encode_cycles\": %.1f,\n", median(t_dtr, RUNS));
	printf("  \"daa_dtr_encode_cycles\": %.1f,\n", median(t_enc, RUNS));
	printf("  \"target_decode_cycles\": 150,\n  \"target_encode_cycles\": 200,\n");
	printf("  \"sink\": %u\n}\n", sink & 1);
	return 0;
}
