/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * copy_short() against memcpy: every length from 0 to 1100 at every
 * source and destination offset modulo 8, each buffer allocated to its
 * exact length (the sanitizer build catches a read or write past either
 * end) inside a guard pattern that must be left alone. Built twice, for
 * the vector path and the plain one.
 */
#include <stdlib.h>
#include <string.h>

#include "copy_short.h"
#include "testlib.h"

#define MAX_LEN 1100
#define OFFSETS 8
#define GUARD 64

static void
test_lengths(void)
{
	static uint8_t src[MAX_LEN + OFFSETS], dst[GUARD + MAX_LEN + OFFSETS + GUARD];
	unsigned int bad = 0, exact_bad = 0;

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 131 + 7);
	for (size_t n = 0; n <= MAX_LEN; n++) {
		for (unsigned int so = 0; so < OFFSETS; so++) {
			for (unsigned int d_o = 0; d_o < OFFSETS; d_o++) {
				uint8_t *d = dst + GUARD + d_o;

				memset(dst, 0xa5, sizeof(dst));
				copy_short(d, src + so, n);
				bad += memcmp(d, src + so, n) != 0;
				for (uint8_t *g = dst; g < d; g++)
					bad += *g != 0xa5;
				for (uint8_t *g = d + n; g < dst + sizeof(dst); g++)
					bad += *g != 0xa5;
			}
		}
		/* Heap buffers of exactly n octets: nothing outside is touched. */
		uint8_t *hs = malloc(n ? n : 1), *hd = malloc(n ? n : 1);

		CU_ASSERT_PTR_NOT_NULL_FATAL(hs);
		CU_ASSERT_PTR_NOT_NULL_FATAL(hd);
		memcpy(hs, src, n);
		copy_short(hd, hs, n);
		exact_bad += memcmp(hd, hs, n) != 0;
		free(hs);
		free(hd);
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(exact_bad, 0);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"every length and alignment", test_lengths},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"copy_short", NULL, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
