/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "bench_a3.h"

/* Issue targets, as ratios from one run. */
#define T_PROTECT_RAW 0.85
#define T_PROTECT_OSSL 5.0
#define T_OPEN_RAW 0.80
#define T_DERIVE 500000.0

static void
cpu_name(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(out, len, "unknown");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			snprintf(out, len, "%s", strchr(line, ':') + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
}

static const struct point *
find(const struct point *p, int n, uint8_t alg, unsigned int size, unsigned int burst)
{
	for (int i = 0; i < n; i++)
		if (p[i].alg == alg && p[i].size == size && p[i].burst == burst)
			return &p[i];
	return NULL;
}

static void
write_json(FILE *f, const struct point *p, int n, double hz, double derive,
	   const char *arch, const char *cpu)
{
	fprintf(f, "{\"cpu\":\"%s\",\"tsc_hz\":%.0f,\"imb_arch\":\"%s\","
		   "\"derive_ues_per_s\":%.0f,\"points\":[\n", cpu, hz, arch, derive);
	for (int i = 0; i < n; i++)
		fprintf(f, " {\"eea\":%u,\"eia\":%u,\"payload\":%u,\"burst\":%u,"
			   "\"protect_cycles\":%.1f,\"raw_protect_cycles\":%.1f,"
			   "\"open_cycles\":%.1f,\"raw_open_cycles\":%.1f,"
			   "\"openssl_cycles\":%.1f,\"protect_per_s\":%.0f,\"open_per_s\":%.0f,"
			   "\"protect_share_of_raw\":%.4f,\"open_share_of_raw\":%.4f,"
			   "\"openssl_factor\":%.2f}%s\n",
			p[i].alg, p[i].alg, p[i].size, p[i].burst, p[i].protect,
			p[i].raw_protect, p[i].open, p[i].raw_open, p[i].ossl,
			hz / p[i].protect, hz / p[i].open, p[i].protect_share, p[i].open_share,
			p[i].ossl_factor, i + 1 < n ? "," : "");
	fprintf(f, "]}\n");
}

static int
target(const char *what, double got, double want, const char *unit)
{
	int ok = got >= want;

	printf("target %-46s %10.2f%s (>= %.2f%s) %s\n", what, got, unit, want, unit,
	       ok ? "met" : "MISSED");
	return ok ? 0 : 1;
}

int
report(const struct point *p, int n, double hz, double derive, const char *arch,
       const char *json_path)
{
	const struct point *t = find(p, n, TARGET_ALG, TARGET_SIZE, TARGET_BURST);
	char cpu[128];
	int missed = 0;

	cpu_name(cpu, sizeof(cpu));
	printf("CPU %s, TSC %.2f GHz, intel-ipsec-mb %s code path\n", cpu, hz / 1e9, arch);
	printf("cycles per trigger (raw = the same jobs without PDU work)\n");
	printf("%-7s %5s %5s | %8s %8s %6s | %8s %8s %6s | %8s %6s\n", "EEA/EIA", "size",
	       "burst", "protect", "raw", "%raw", "open", "raw", "%raw", "openssl", "x");
	for (int i = 0; i < n; i++) {
		printf("%4u/%-2u %5u %5u | %8.0f %8.0f %5.0f%% | %8.0f %8.0f %5.0f%% |",
		       p[i].alg, p[i].alg, p[i].size, p[i].burst, p[i].protect,
		       p[i].raw_protect, 100 * p[i].protect_share, p[i].open,
		       p[i].raw_open, 100 * p[i].open_share);
		if (p[i].ossl > 0)
			printf(" %8.0f %5.1fx\n", p[i].ossl, p[i].ossl_factor);
		else
			printf(" %8s %6s\n", "-", "-");
	}
	printf("bulk key derivation (K_di_conf + K_di_int + key schedules): %.0f UEs/s\n",
	       derive);
	if (t != NULL) {
		missed |= target("protect 2/2 128 B burst 32: share of raw", 100 * t->protect_share,
				 100 * T_PROTECT_RAW, "%");
		missed |= target("protect 2/2 128 B burst 32: vs OpenSSL", t->ossl_factor,
				 T_PROTECT_OSSL, "x");
		missed |= target("open 2/2 128 B burst 32: share of raw", 100 * t->open_share,
				 100 * T_OPEN_RAW, "%");
	}
	missed |= target("bulk key derivation, UEs/s", derive, T_DERIVE, "");
	if (json_path != NULL) {
		FILE *f = fopen(json_path, "w");

		if (f == NULL) {
			perror(json_path);
			return 2;
		}
		write_json(f, p, n, hz, derive, arch, cpu);
		fclose(f);
	}
	return missed;
}
