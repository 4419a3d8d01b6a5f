/* SPDX-License-Identifier: BSD-3-Clause */
/* TBCD (TS 29.329): two decimal digits an octet, the first in the low
 * nibble, a filler 0xF after an odd number of digits. */
#ifndef MTC_TBCD_H
#define MTC_TBCD_H

#include <stdint.h>

/* Writes the digits (no NUL) to out, 2 * len octets at most; returns how
 * many, or -1 for a nibble that is not a digit or a filler not last. */
int tbcd_decode(const uint8_t *tbcd, uint32_t len, char *out);

#endif
