/* SPDX-License-Identifier: BSD-3-Clause */
/* The A3-PDU layout (PROTOCOL.md 5.3). Everything big-endian. */
#ifndef MTC_A3_PDU_H
#define MTC_A3_PDU_H

#include <stdint.h>
#include <string.h>

#define A3_PDU_VERSION_TYPE 0x11 /* version 1, type 1 = downlink trigger */
#define A3_PDU_HDR_LEN 10        /* octets 0..9: authenticated, not encrypted */
#define A3_PDU_MAC_LEN 4
#define A3_PDU_OVERHEAD (A3_PDU_HDR_LEN + A3_PDU_MAC_LEN)
#define A3_PDU_FLAG_PRIORITY 0x01

/* Plaintext: Reference-Number, expiry, Application-Port, L, SCS-Identity, payload. */
#define A3_PT_FIXED_LEN 13
#define A3_SCS_ID_MAX 64
/* N is 16 bits: the largest plaintext, hence payload, a PDU can carry. */
#define A3_PT_MAX 0xffff

/* Octets before the PDU that 128-EIA2 borrows for its 8-octet prefix. */
#define A3_PDU_HEADROOM 8

/* 5.2: BEARER 0, DIRECTION 1 (downlink). */
#define A3_BEARER 0
#define A3_DIRECTION 1

static inline uint32_t
a3_pt_len(uint8_t scs_id_len, uint32_t payload_len)
{
	return A3_PT_FIXED_LEN + scs_id_len + payload_len;
}

static inline uint32_t
a3_pdu_len(uint8_t scs_id_len, uint32_t payload_len)
{
	return A3_PDU_OVERHEAD + a3_pt_len(scs_id_len, payload_len);
}

static inline void
a3_put32(uint8_t *p, uint32_t v)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint32_t
a3_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#endif
