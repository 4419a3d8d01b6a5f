/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutated DARs for the differential test (dar_mutate.c): a valid DAR of
 * some shape, then one to three edits of its octets, AVPs or lengths. The
 * generator is seeded, and deterministic from its seed.
 */
#ifndef MTC_TEST_DAR_MUTATE_H
#define MTC_TEST_DAR_MUTATE_H

#include <stdint.h>

#include "dar_build.h"
#include "diam_local.h"

/* Restarts the generator's sequence. */
void dar_mut_seed(uint64_t seed);

/* A number below n (0 when n is 0), drawn from the same sequence. */
uint32_t dar_mut_below(uint32_t n);

/* A valid DAR of some shape for gateway identity l: optional AVPs in or
 * out, relays' and unknown AVPs added, its Destination-Realm l's, l's in
 * another case or with an octet changed, or one of realms[n_realms]. */
void dar_mut_base(struct dbuf *b, const struct diam_local *l, const char *const *realms,
		  uint32_t n_realms);

/* One to three mutations of the message in b. */
void dar_mutate(struct dbuf *b);

#endif
