/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycles (TSC) per External-Identifier key: a burst of 32 identifiers, each
 * in its own buffer as in the packet path, keyed by 32 ue_key_extid() calls
 * and by one ue_key_extid_bulk(), alternately in the same run. Two bursts:
 * 32 identifiers of 23 octets, and 32 of 15 to 40 octets. The fastest and
 * the median of many rounds of 8 bursts each; JSON on stdout. Exits 1 if the
 * two ways give different keys.
 *
 *   taskset -c 1 build/tests/control/bench_ue_key [rounds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "ue_key.h"

#define BURST 32
#define REPS 8     /* bursts per sample */
/* identifiers sit this far apart, as in the mempool objects of default mbufs
 * (header, 128-octet headroom, 2048-octet data room, object header) */
#define SLOT 2368
#define AT (128 + 128 + 52) /* past the mbuf, headroom and the headers before it */

/* Hides a value from the compiler. */
#define FRESH(p) __asm__ volatile("" : "+r"(p))

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

struct result {
	double scalar_min, scalar_med, bulk_min, bulk_med;
};

static int
run(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
    unsigned int rounds, struct result *res)
{
	uint64_t *ts = calloc(rounds, sizeof(*ts)), *tb = calloc(rounds, sizeof(*tb));
	uint64_t ks[BURST], kb[BURST], sink = 0;

	if (ts == NULL || tb == NULL)
		return -1;
	for (unsigned int r = 0; r < rounds; r++) {
		uint64_t t0, t1, t2;
		const uint8_t *const *p = id;
		const uint32_t *l = len;

		t0 = rte_rdtsc_precise();
		for (int k = 0; k < REPS; k++) {
			unsigned int n = BURST;

			FRESH(p);
			FRESH(l);
			FRESH(n);
			for (unsigned int i = 0; i < n; i++)
				ks[i] = ue_key_extid(kr, p[i], l[i]);
			__asm__ volatile("" : : "r"(ks) : "memory");
		}
		t1 = rte_rdtsc_precise();
		for (int k = 0; k < REPS; k++) {
			unsigned int n = BURST; /* known only at run time, as in the worker */

			FRESH(p);
			FRESH(l);
			FRESH(n);
			ue_key_extid_bulk(kr, p, l, n, kb);
			__asm__ volatile("" : : "r"(kb) : "memory");
		}
		t2 = rte_rdtsc_precise();
		ts[r] = t1 - t0;
		tb[r] = t2 - t1;
		for (unsigned int i = 0; i < BURST; i++)
			sink |= ks[i] ^ kb[i];
	}
	qsort(ts, rounds, sizeof(*ts), cmp_u64);
	qsort(tb, rounds, sizeof(*tb), cmp_u64);
	res->scalar_min = (double)ts[0] / (REPS * BURST);
	res->scalar_med = (double)ts[rounds / 2] / (REPS * BURST);
	res->bulk_min = (double)tb[0] / (REPS * BURST);
	res->bulk_med = (double)tb[rounds / 2] / (REPS * BURST);
	free(ts);
	free(tb);
	return sink == 0 ? 0 : -1; /* the two must agree */
}

int
main(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 2001;
	static uint8_t buf[BURST * SLOT] __attribute__((aligned(64)));
	const uint8_t *id[BURST];
	uint32_t len[BURST];
	struct ue_keyer kr;
	struct result fixed, mixed;
	uint64_t x = 88172645463325252ull;

	if (rounds == 0 || ue_keyer_init(&kr) != 0)
		return 2;
	for (unsigned int i = 0; i < BURST; i++) {
		uint8_t *p = buf + i * SLOT + AT + (i % 4);

		len[i] = (uint32_t)snprintf((char *)p, 64, "meter-%05u@iot.example", 17 * i);
		id[i] = p;
	}
	if (run(&kr, id, len, rounds, &fixed) != 0) {
		fprintf(stderr, "bulk and scalar keys differ\n");
		return 1;
	}
	for (unsigned int i = 0; i < BURST; i++) {
		uint8_t *p = buf + i * SLOT + AT + (i % 4);

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		len[i] = 15 + (uint32_t)(x % 26);
		for (unsigned int j = 0; j < len[i]; j++)
			p[j] = (uint8_t)('a' + (x >> (j % 56)) % 26);
	}
	if (run(&kr, id, len, rounds, &mixed) != 0) {
		fprintf(stderr, "bulk and scalar keys differ\n");
		return 1;
	}
	printf("{\"burst\": %d, \"rounds\": %u, \"cycles_per_key\": {\n"
	       "  \"extid_23\": {\"scalar_min\": %.2f, \"scalar_median\": %.2f, "
	       "\"bulk_min\": %.2f, \"bulk_median\": %.2f},\n"
	       "  \"extid_15_40\": {\"scalar_min\": %.2f, \"scalar_median\": %.2f, "
	       "\"bulk_min\": %.2f, \"bulk_median\": %.2f}}}\n",
	       BURST, rounds, fixed.scalar_min, fixed.scalar_med, fixed.bulk_min,
	       fixed.bulk_med, mixed.scalar_min, mixed.scalar_med, mixed.bulk_min,
	       mixed.bulk_med);
	return 0;
}
