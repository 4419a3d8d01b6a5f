/* SPDX-License-Identifier: BSD-3-Clause */
/* Cycle counting for the benchmarks: the TSC, and its rate in Hz. */
#ifndef MTC_BENCH_TSC_H
#define MTC_BENCH_TSC_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static inline uint64_t
bench_tsc(void)
{
	return __rdtsc();
}

static inline double
bench_tsc_hz(void)
{
	struct timespec a, b;
	uint64_t t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	t0 = bench_tsc();
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 200000000L);
	t1 = bench_tsc();
	return (double)(t1 - t0) * 1e9 /
	       (double)((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec));
}

static inline double
bench_min(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

/*
 * The median over rounds of num[r] / den[r] (n <= 64): a ratio of two
 * variants from samples taken back to back in the same round. The machine's
 * speed moves in phases lasting seconds, which slow both samples of a round
 * alike; the fastest sample of each variant may come from different phases,
 * so the ratio of the two minima wanders by several points from run to run
 * where this one holds within one or two.
 */
static inline double
bench_ratio_median(const double *num, const double *den, int n)
{
	double r[64];

	for (int i = 0; i < n; i++) {
		double x = num[i] / den[i];
		int j = i;

		for (; j > 0 && r[j - 1] > x; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
	return n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
}

#endif
