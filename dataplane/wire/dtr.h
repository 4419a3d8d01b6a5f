/* SPDX-License-Identifier: BSD-3-Clause */
/* T4 Device-Trigger-Request encoding (PROTOCOL.md 4). */
#ifndef MTC_DTR_H
#define MTC_DTR_H

#include <stdint.h>

#include "diam_avp.h"
#include "diam_local.h"

#define DTR_IMSI_MAX 15

/* dtr_params.has */
enum {
	DTR_HAS_VALIDITY = 1u << 0,
	DTR_HAS_PRIORITY = 1u << 1,
};

struct dtr_params {
	const uint8_t *imsi;   /* decimal digits, User-Name */
	const uint8_t *smea;   /* SM-RP-SMEA: the SCS-Identity, or the SCS's name */
	const uint8_t *pdu;    /* A3-PDU to copy; NULL: only reserve pdu_len octets */
	uint32_t reference;
	uint32_t validity_time;
	uint16_t pdu_len;
	uint8_t imsi_len;      /* at most DTR_IMSI_MAX */
	uint8_t smea_len;
	uint8_t priority;
	uint8_t has;           /* DTR_HAS_* */
};

/*
 * Writes a DTR at out (at most cap octets): header with R and P, fresh
 * Hop-by-Hop and End-to-End Identifiers and Session-Id from ids; then
 * Auth-Session-State, Origin-Host, Origin-Realm, Destination-Realm (one
 * prebuilt block), User-Identifier { User-Name }, SM-RP-SMEA, Payload,
 * Reference-Number, [Validity-Time], [Priority-Indication].
 *
 * *pdu (may be NULL) gets the position of the Payload data: the A3-PDU
 * goes there. The eight octets before it (the Payload AVP's flags, length
 * and Vendor-ID) are the A3 library's scratch: dtr_payload_hdr() writes
 * them again once the PDU is protected. Padding after the PDU is already
 * zero.
 *
 * Returns the message length, -ENOSPC when it does not fit, -EINVAL for an
 * over-long IMSI.
 */
int dtr_encode(uint8_t *out, uint32_t cap, const struct diam_local *l, struct diam_idgen *ids,
	       const struct dtr_params *p, uint8_t **pdu);

/* The Payload AVP's header again, before the pdu_len octets of pdu. */
static inline void
dtr_payload_hdr(uint8_t *pdu, uint16_t pdu_len)
{
	diam_put_avp_hdr(pdu - diam_avp_hdr_len(DIAM_VENDOR_3GPP), AVP_PAYLOAD, DIAM_AVP_FLAG_M,
			 DIAM_VENDOR_3GPP, pdu_len);
}

#endif
