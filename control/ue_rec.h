/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A UE's record in the store (database "ue", key: the packed IMSI
 * big-endian): the cold half of a UE, what the control side needs and the
 * workers never read: its identifiers, key set name and algorithms, groups,
 * and, when a master key is configured, K_di_conf || K_di_int wrapped under
 * it (RFC 5649), so that a restart needs no key derivation.
 *
 * Value, version 1: version, ksi, eea, eia, flags (bit 0 suspended),
 * ext_len, msisdn_len, wrapped_len (one octet each), groups (8 octets,
 * little-endian: bits of the group registry), then the External-Identifier,
 * the MSISDN digits and the wrapped keys.
 */
#ifndef MTC_UE_REC_H
#define MTC_UE_REC_H

#include <stddef.h>
#include <stdint.h>

#include "a3.h"
#include "keywrap.h"
#include "ue_key.h"

#define UE_REC_VERSION 1
#define UE_REC_HDR 16
#define UE_REC_WRAPPED_MAX KEYWRAP_WRAPPED_LEN(2 * A3_KEY_LEN)
#define UE_REC_MAX (UE_REC_HDR + UE_EXTID_MAX + UE_MSISDN_DIGITS + UE_REC_WRAPPED_MAX)

struct ue_rec {
	uint64_t imsi;   /* ue_imsi_pack() */
	uint64_t groups;
	uint8_t ksi, eea, eia, suspended;
	uint8_t ext_len, msisdn_len, wrapped_len;
	char ext[UE_EXTID_MAX + 1];       /* NUL-terminated, "" when none */
	char msisdn[UE_MSISDN_DIGITS + 1];
	uint8_t wrapped[UE_REC_WRAPPED_MAX];
};

/* The store key of an IMSI. */
void ue_rec_key(uint64_t imsi, uint8_t key[8]);
/* Encodes r into out (UE_REC_MAX octets suffice); returns the length. */
size_t ue_rec_encode(const struct ue_rec *r, uint8_t *out);
/* Decodes a record; -EBADMSG when it is not a version 1 record whose
 * lengths add up (a corrupted or foreign value is refused, never trusted). */
int ue_rec_decode(const uint8_t *in, size_t len, uint64_t imsi, struct ue_rec *r);

#endif
