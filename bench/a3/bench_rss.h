/* SPDX-License-Identifier: BSD-3-Clause */
/* The benchmarks' resident memory by kind. */
#ifndef MTC_BENCH_RSS_H
#define MTC_BENCH_RSS_H

#include <stddef.h>
#include <stdio.h>

/* Resident octets by kind (RssAnon, RssFile, RssShmem of /proc/self/status):
 * DPDK's memory without hugepages is shared memory, the store's pages a
 * file's, the heap anonymous. */
struct bench_rss {
	size_t anon, file, shmem;
};

static inline struct bench_rss
bench_rss_now(void)
{
	struct bench_rss r = { 0, 0, 0 };
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long kb;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "RssAnon: %lu kB", &kb) == 1)
			r.anon = kb * 1024;
		else if (sscanf(line, "RssFile: %lu kB", &kb) == 1)
			r.file = kb * 1024;
		else if (sscanf(line, "RssShmem: %lu kB", &kb) == 1)
			r.shmem = kb * 1024;
	}
	if (f)
		fclose(f);
	return r;
}

#endif
