/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the DAR decoder tests: the gateway identity, build-and-decode. */
#ifndef MTC_TEST_DAR_CASES_H
#define MTC_TEST_DAR_CASES_H

#include <string.h>

#include "dar.h"
#include "dar_build.h"
#include "diam_codes.h"

static struct diam_local local;
static const uint8_t wake[] = "wake up";

static inline int
setup(void)
{
	return diam_local_init(&local, "iwf1.iwf.example", "iwf.example", "t4.example");
}

static inline uint32_t
decode(struct dbuf *b, struct dar_trigger *d)
{
	return dar_decode(b->b, b->len, &local, d);
}

/* Builds s and decodes it; returns the Result-Code. */
static inline uint32_t
run(const struct dar_spec *s, struct dar_trigger *d)
{
	static struct dbuf b;

	dar_build(&b, s);
	return decode(&b, d);
}

static inline void
typical(struct dar_spec *s)
{
	dar_spec_typical(s, wake, sizeof(wake) - 1);
}

static inline int
span_eq(const struct wire_span *sp, const void *p, size_t len)
{
	return sp->len == len && memcmp(sp->p, p, len) == 0;
}

#endif
