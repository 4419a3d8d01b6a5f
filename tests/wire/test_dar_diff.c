/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test of the DAR decoder: dar_decode() against the plain walk
 * it replaced (dar_ref.c), which must agree on every input, field by field
 * (spans by pointer and length): on the fuzz corpus, and on some hundred
 * thousand mutations of valid DARs (dar_mutate.c: octet flips, truncations,
 * AVP length edits, AVPs repeated, moved, swapped, re-flagged and
 * re-coded). Every input is decoded from an allocation of its exact size,
 * so that the sanitizers of the test build see any read past the message.
 *
 * Arguments: <vectors dir> <fuzz corpus dir> [iterations [seed]].
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "dar_build.h"
#include "dar_mutate.h"
#include "dar_fast.h"
#include "dar_ref.h"
#include "diam_avp.h"
#include "testlib.h"

#define ITERATIONS_DEFAULT 300000
#define MAX_REPORTS 8

static const char *corpus_dir;
static unsigned long iterations = ITERATIONS_DEFAULT;
static uint64_t seed = 0x9e3779b97f4a7c15ull;

/* Gateway identities: realms under 4 octets, of 4 to 7, of 8 to 16, and
 * longer (realm_equal() compares each class its own way). */
static const char *const realms[] = {"iwf.example", "iwf", "example", "gw.x", "gw.iwf.example.net",
				     "a-rather-long-realm-for-the-gateway.operator.example.org",
				     "iwf.exam"};
#define N_LOCALS (sizeof(realms) / sizeof(realms[0]))
static struct diam_local locals[N_LOCALS];

static unsigned long n_inputs, n_mismatch;
/* Successes by walk: the usual request's (dar_fast.c) and the general one. */
static unsigned long n_fast_ok, n_general_ok;
static unsigned long n_result[8]; /* drop, 2001, 3xxx, 5001, 5004, 5005, 5009, other 5xxx */

static int
setup(void)
{
	size_t i;

	for (i = 0; i < N_LOCALS; i++)
		if (diam_local_init(&locals[i], "iwf1.iwf.example", realms[i], "t4.example") != 0)
			return 1;
	return 0;
}

/* ---- comparison ---------------------------------------------------------- */

static void
hexdump(const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		fprintf(stderr, "%02x%s", p[i], (i % 32 == 31 || i == len - 1) ? "\n" : "");
}

static void
count_result(uint32_t r)
{
	int k;

	switch (r) {
	case 0: k = 0; break;
	case DIAM_SUCCESS: k = 1; break;
	case DIAM_AVP_UNSUPPORTED: k = 3; break;
	case DIAM_INVALID_AVP_VALUE: k = 4; break;
	case DIAM_MISSING_AVP: k = 5; break;
	case DIAM_AVP_OCCURS_TOO_MANY_TIMES: k = 6; break;
	default: k = r < 4000 ? 2 : 7; break;
	}
	n_result[k]++;
}

/* Decodes len octets of src with both decoders, from an exact-size copy. */
static void
check(const uint8_t *src, uint32_t len, const struct diam_local *l, const char *what)
{
	struct dar_trigger a, b;
	uint8_t *msg = malloc(len ? len : 1);
	uint32_t ra, rb;

	if (msg == NULL) {
		CU_FAIL_FATAL("out of memory");
		return;
	}
	if (len)
		memcpy(msg, src, len);
	/* Different garbage in each, so that a field left unset shows. */
	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	ra = dar_decode_ref(msg, len, l, &a);
	rb = dar_decode(msg, len, l, &b);
	n_inputs++;
	count_result(ra);
	if (ra == DIAM_SUCCESS) {
		struct dar_trigger c;
		uint32_t has;

		if (dar_fast_walk(msg + DIAM_HDR_LEN, msg + len, &c, &has))
			n_fast_ok++;
		else
			n_general_ok++;
	}
	if (dar_ref_diff(msg, ra, rb, &a, &b)) {
		if (n_mismatch < MAX_REPORTS) {
			fprintf(stderr, "mismatch (%s), realm \"%.*s\", %u octets:\n", what,
				(int)l->realm_len, (const char *)l->realm, len);
			hexdump(msg, len);
		}
		n_mismatch++;
	}
	free(msg);
}

/* ---- (a) the fuzz corpus --------------------------------------------------- */

/* Every file whole and from every offset up to 80 (the rx corpus holds
 * frames: the DAR is behind a selector octet and the L2-L4 headers). */
static void
replay_file(const char *path, const uint8_t *data, size_t size, void *arg)
{
	uint32_t len = (uint32_t)size, off;
	size_t k;

	for (k = 0; k < N_LOCALS; k++)
		for (off = 0; off <= len && off <= 80; off++)
			check(data + off, len - off, &locals[k], path);
}

static int
replay_dir(const char *sub)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", corpus_dir, sub);
	return corpus_read_dir(path, replay_file, NULL);
}

static void
test_corpus(void)
{
	unsigned long before = n_mismatch;

	CU_ASSERT_FATAL(corpus_dir != NULL);
	CU_ASSERT(replay_dir("dar") > 0);
	CU_ASSERT(replay_dir("rx") > 0);
	printf("\n  corpus: %lu inputs decoded, %lu mismatches\n", n_inputs, n_mismatch - before);
	CU_ASSERT(n_mismatch == before);
}

/* ---- (b) mutations of valid DARs ----------------------------------------- */

static void
test_mutations(void)
{
	static struct dbuf b;
	unsigned long i, before = n_mismatch, inputs = n_inputs;
	unsigned long counts[8];

	unsigned long fast_ok = n_fast_ok, general_ok = n_general_ok;

	memset(n_result, 0, sizeof(n_result));
	dar_mut_seed(seed);
	for (i = 0; i < iterations; i++) {
		const struct diam_local *l = &locals[dar_mut_below(N_LOCALS)];

		dar_mut_base(&b, l, realms, N_LOCALS);
		if (i % 16 != 0) /* a few unmutated */
			dar_mutate(&b);
		check(b.b, b.len, l, "mutation");
	}
	memcpy(counts, n_result, sizeof(counts));
	printf("\n  mutations: %lu inputs (seed %#" PRIx64 "), %lu mismatches; results: "
	       "drop %lu, 2001 %lu, 3xxx %lu, 5001 %lu, 5004 %lu, 5005 %lu, 5009 %lu, "
	       "5014/5015 %lu\n",
	       n_inputs - inputs, seed, n_mismatch - before, counts[0], counts[1], counts[2],
	       counts[3], counts[4], counts[5], counts[6], counts[7]);
	printf("  successes by walk: usual request %lu, general %lu\n", n_fast_ok - fast_ok,
	       n_general_ok - general_ok);
	CU_ASSERT(n_mismatch == before);
	/* The mutations must reach every outcome, and successes by both
	 * walks, or they test little. */
	for (i = 0; i < 8; i++)
		CU_ASSERT(counts[i] > iterations / 1000);
	CU_ASSERT(n_fast_ok - fast_ok > iterations / 100);
	CU_ASSERT(n_general_ok - general_ok > iterations / 1000);
}

/* Datagrams whose length needs more than 24 bits: the header's length field
 * holds only its low 24 (5015 whatever else). */
static void
test_huge(void)
{
	static struct dbuf b;
	const uint32_t big = 1u << 24;
	unsigned long before = n_mismatch;
	struct dar_spec s;
	uint8_t *msg = malloc(big + DB_MAX);
	uint32_t n, k;

	CU_ASSERT_FATAL(msg != NULL);
	dar_spec_typical(&s, (const uint8_t *)"wake up", 7);
	n = dar_build(&b, &s);
	memset(msg, 0, big + DB_MAX);
	memcpy(msg, b.b, n);
	for (k = 0; k < 4; k++) {
		static const uint32_t lens[] = {1u << 24, (1u << 24) | 20, (1u << 24) | 4, 0};
		uint32_t len = lens[k] ? lens[k] : big + n;
		struct dar_trigger x, y;
		uint32_t rx, ry;

		/* the header's length: the low 24 bits of the datagram's */
		msg[1] = (uint8_t)(len >> 16);
		msg[2] = (uint8_t)(len >> 8);
		msg[3] = (uint8_t)len;
		rx = dar_decode_ref(msg, len, &locals[0], &x);
		ry = dar_decode(msg, len, &locals[0], &y);
		CU_ASSERT(rx == DIAM_INVALID_MESSAGE_LENGTH || rx == 0);
		if (dar_ref_diff(msg, rx, ry, &x, &y))
			n_mismatch++;
	}
	free(msg);
	CU_ASSERT(n_mismatch == before);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"fuzz corpus", test_corpus},
		{"mutations", test_mutations},
		{"lengths over 24 bits", test_huge},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"dar_diff", setup, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	corpus_dir = argc > 2 ? argv[2] : NULL;
	if (argc > 3)
		iterations = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		seed = strtoull(argv[4], NULL, 0);
	return test_main(argc, argv, suites);
}
