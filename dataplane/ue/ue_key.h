/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trigger identifiers as fixed 8-octet table keys: SipHash-2-4 under a
 * per-process 128-bit key, domain-separated by identifier type, so the table
 * never stores identifier strings and an outsider cannot aim collisions at it.
 */
#ifndef MTC_UE_KEY_H
#define MTC_UE_KEY_H

#include <stddef.h>
#include <stdint.h>

#define UE_EXTID_MAX 128   /* External-Identifier octets (TS 29.368) */
#define UE_MSISDN_DIGITS 15 /* E.164 */

/* Domain separation: the first octet hashed. */
enum ue_key_type {
	UE_KEY_EXTID = 0x01,
	UE_KEY_MSISDN = 0x02,
};

struct ue_keyer {
	uint8_t k[16];
};

/* Draws the SipHash key from getrandom(). Returns 0 or -errno. */
int ue_keyer_init(struct ue_keyer *kr);

/* SipHash-2-4 (Aumasson and Bernstein), 64-bit output. */
uint64_t ue_siphash24(const uint8_t k[16], const void *in, size_t len);

/* Key of an External-Identifier (at most UE_EXTID_MAX octets). */
uint64_t ue_key_extid(const struct ue_keyer *kr, const void *id, size_t len);

/*
 * The keys of n External-Identifiers (n at most UE_KEY_BULK_MAX): out[i] is
 * ue_key_extid(kr, id[i], len[i]), a length beyond UE_EXTID_MAX truncated the
 * same way. With AVX-512 (ue_key_x8.c) up to 32 identifiers are hashed at
 * once, eight to a register whatever their lengths; without, one at a time.
 * No octet outside id[i][0 .. min(len[i], UE_EXTID_MAX)) is read, and none of
 * id[] and len[] past n.
 */
#define UE_KEY_BULK_MAX 64
void ue_key_extid_bulk(const struct ue_keyer *kr, const uint8_t *const *id,
		       const uint32_t *len, unsigned int n, uint64_t *out);

/* Key of an MSISDN given as decimal digits (at most UE_MSISDN_DIGITS). */
uint64_t ue_key_msisdn(const struct ue_keyer *kr, const char *digits, size_t len);

/*
 * Key of an MSISDN in TBCD (TS 29.329: low nibble first, 0xF filler after an
 * odd number of digits). Returns 0, or -1 for a nibble that is not a digit,
 * a filler anywhere but the last nibble, or too many digits.
 */
int ue_key_msisdn_tbcd(const struct ue_keyer *kr, const uint8_t *tbcd, size_t len,
		       uint64_t *key);

#endif
