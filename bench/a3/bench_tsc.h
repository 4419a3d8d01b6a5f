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

#endif
