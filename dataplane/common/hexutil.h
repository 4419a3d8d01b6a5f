/* SPDX-License-Identifier: BSD-3-Clause */
/* Hex text <-> octets, for the tools, tests and benchmarks (never the hot path). */
#ifndef MTC_HEXUTIL_H
#define MTC_HEXUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Decodes hex (either case) into out. Returns the octet count, or -1 for an
 * odd length, a non-hex character or more than out_max octets. */
ssize_t hex_decode(const char *hex, uint8_t *out, size_t out_max);

/* Writes 2 * len lowercase hex digits and a NUL to out. */
void hex_encode(const uint8_t *in, size_t len, char *out);

#endif
