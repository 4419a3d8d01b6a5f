/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hot half of a UE: what a worker reads per trigger, in one cache-aligned
 * block of a preallocated array. Names, identifiers and history are not here.
 */
#ifndef MTC_UE_CTX_H
#define MTC_UE_CTX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>

#include "a3.h"
#include "copy_short.h"

/* ue_ctx.state: written by the UE table's writer, read by the COUNT thread. */
enum ue_ctx_state {
	UE_CTX_FREE = 0,
	UE_CTX_LIVE = 1,    /* published: the COUNT thread keeps it reserved */
	UE_CTX_RETIRED = 2, /* deleted or replaced, waiting for a grace period */
	UE_CTX_NEW = 3,     /* allocated, being filled and reserved */
};

struct ue_ctx {
	union {
		struct a3_keyset ks; /* immutable once published, but for ks.spare */
		/* The fields that live in the key set's spare octets. */
		struct {
			uint8_t ks_used_[offsetof(struct a3_keyset, spare)];
			/*
			 * COUNT: workers fetch-add count_next and use a value
			 * only when it is below count_bound, which the control
			 * thread raises (release store) after the new bound is
			 * on disk. See ue_count.h: a bound never exceeds
			 * UE_COUNT_LIMIT = 2^32 - 2^20, and the cursor passes
			 * it by at most the number of workers racing, so 32
			 * bits never wrap.
			 */
			uint32_t count_next;
			uint32_t count_bound;
			uint8_t suspended; /* relaxed: set by the control thread */
			uint8_t state;     /* enum ue_ctx_state, atomic */
			uint8_t fresh;     /* new keys: COUNT starts at 0, not at the stored bound */
		};
	};
	uint64_t imsi;   /* ue_imsi_pack(): value and digit count */
	uint64_t groups; /* bit i: provisioned group i */
};

/* In 16-octet (key schedule) alignment, not cache-line alignment: at
 * 1,000,000 UEs each octet of a context is a megabyte. */
_Static_assert(offsetof(struct ue_ctx, fresh) < offsetof(struct ue_ctx, ks) + sizeof(struct a3_keyset),
	       "the UE fields must fit in the key set's spare octets");
_Static_assert(sizeof(struct ue_ctx) == 416,
	       "ue_ctx is per UE: 1,000,000 of them must stay under 512 octets each");

/* An IMSI keeps its leading zeros (MCC 001): the digit count rides in the
 * top octet, the value (< 10^15 < 2^50) below it. */
static inline uint64_t
ue_imsi_pack(uint64_t value, unsigned int ndigits)
{
	return value | (uint64_t)ndigits << 56;
}

/* Four decimal digits of x < 10000, two pairs at a time. */
static inline void
ue_put4(char *p, uint32_t x)
{
	static const char pairs[201] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";

	memcpy(p, pairs + 2 * (x / 100), 2);
	memcpy(p + 2, pairs + 2 * (x % 100), 2);
}

/*
 * Writes the IMSI's decimal digits and a NUL to out; returns the count.
 * Once per trigger (the DTR's User-Name): four independent groups of four
 * digits rather than a chain of fifteen divisions.
 */
static inline unsigned int
ue_imsi_digits(uint64_t imsi, char out[16])
{
	unsigned int n = (unsigned int)(imsi >> 56) & 0xf;
	uint64_t v = imsi & ((UINT64_C(1) << 56) - 1);
	uint32_t hi = (uint32_t)(v / 100000000u), lo = (uint32_t)(v % 100000000u);
	char d[16];

	ue_put4(d, hi / 10000 % 10000);
	ue_put4(d + 4, hi % 10000);
	ue_put4(d + 8, lo / 10000);
	ue_put4(d + 12, lo % 10000);
	copy_short(out, d + 16 - n, n);
	out[n] = '\0';
	return n;
}

#endif
