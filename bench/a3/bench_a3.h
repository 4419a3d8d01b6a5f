/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef MTC_BENCH_A3_H
#define MTC_BENCH_A3_H

#include <stdint.h>

/* One measured point: cycles per trigger, the fastest of interleaved rounds;
 * the ratios, medians of each round's own (bench_ratio_median). */
struct point {
	uint8_t alg; /* EEA = EIA */
	unsigned int size, burst;
	double protect, open, raw_protect, raw_open, ossl;
	double protect_share; /* raw / protect */
	double open_share;    /* raw / open */
	double ossl_factor;   /* OpenSSL / protect; 0 without OpenSSL */
};

/* The targets' point: EEA2/EIA2, 128-octet payload, burst 32. */
#define TARGET_ALG 2
#define TARGET_SIZE 128
#define TARGET_BURST 32

/* Prints the table and the targets, writes JSON when json_path is set.
 * Returns 0 when every target is met, 1 otherwise. */
int report(const struct point *p, int n, double hz, double derive_per_s,
	   const char *arch, const char *json_path);

#endif
