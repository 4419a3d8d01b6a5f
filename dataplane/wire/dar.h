/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tsp Device-Action-Request decoding (PROTOCOL.md 2 and 3): one bounds-checked
 * pass over the AVPs fills a trigger descriptor that points into the message
 * (nothing is copied) and classifies the request into the Result-Code of its
 * answer, or a drop.
 */
#ifndef MTC_DAR_H
#define MTC_DAR_H

#include <stdbool.h>
#include <stdint.h>

#include "diam_local.h"
#include "tbcd.h"

/* Octets inside the received message. */
struct wire_span {
	const uint8_t *p;
	uint32_t len;
};

/* Which optional parts the request carried (dar_trigger.has). */
enum {
	DAR_HAS_SESSION_ID = 1u << 0,
	DAR_HAS_ORIGIN_HOST = 1u << 1,
	DAR_HAS_ORIGIN_REALM = 1u << 2,
	DAR_HAS_DEST_REALM = 1u << 3,
	DAR_HAS_AUTH_APP_ID = 1u << 4,
	DAR_HAS_AUTH_SESSION_STATE = 1u << 5,
	DAR_HAS_DEVICE_ACTION = 1u << 6,
	DAR_HAS_EXT_ID = 1u << 7,
	DAR_HAS_MSISDN = 1u << 8,
	DAR_HAS_SCS_ID = 1u << 9,
	DAR_HAS_REFERENCE = 1u << 10,
	DAR_HAS_OLD_REFERENCE = 1u << 11,
	DAR_HAS_ACTION_TYPE = 1u << 12,
	DAR_HAS_TRIGGER_DATA = 1u << 13,
	DAR_HAS_VALIDITY = 1u << 14,
	DAR_HAS_PAYLOAD = 1u << 15,
	DAR_HAS_PRIORITY = 1u << 16,
	DAR_HAS_APP_PORT = 1u << 17,
	DAR_HAS_DEST_HOST = 1u << 18,
	DAR_HAS_DRMP = 1u << 19,
};

/* Why a request is dropped instead of answered (result == 0). */
enum dar_drop {
	DAR_DROP_NONE = 0,
	DAR_DROP_SHORT,       /* fewer octets than a Diameter header */
	DAR_DROP_VERSION,     /* version not 1 */
	DAR_DROP_NOT_REQUEST, /* R bit clear: an answer, nothing to answer */
};

/*
 * The trigger descriptor. Spans point into the message handed to
 * dar_decode() and stay valid as long as it does.
 */
struct dar_trigger {
	const uint8_t *msg;
	uint32_t msg_len;
	uint32_t result;    /* Result-Code for the answer; 0: drop (see drop) */
	uint32_t has;       /* DAR_HAS_* */
	uint32_t hop_by_hop;
	uint32_t end_to_end;
	uint32_t reference;
	uint32_t old_reference;
	uint32_t validity_time;
	uint32_t app_port;
	uint32_t failed_avp; /* code of the AVP the result is about, 0 if none */
	uint8_t cmd_flags;
	uint8_t action_type;
	uint8_t priority;
	uint8_t drop; /* enum dar_drop */
	struct wire_span session_id;
	struct wire_span origin_host;
	struct wire_span origin_realm;
	struct wire_span dest_realm;
	struct wire_span ext_id;
	struct wire_span msisdn;
	struct wire_span scs_id;
	struct wire_span payload;
};

/*
 * Decodes the len octets at msg (the whole UDP payload) against the
 * gateway's identity. Returns d->result: DIAM_SUCCESS when the trigger can be
 * processed, a protocol Result-Code (PROTOCOL.md 3) to answer with, or 0 when
 * the request is to be dropped (d->drop says why).
 *
 * Faults are reported in this order: a message length that does not match
 * the datagram (5015), wrong Command-Code (3001) or Application-ID (3007),
 * then the first fault met while walking the AVPs (an AVP that overflows its
 * container or is shorter than its header, or an Unsigned32 that is not four
 * octets: 5014, which also ends the walk; an unknown AVP with the M bit:
 * 5001; a repeated AVP: 5009; a value out of range: 5004; Auth-Application-Id
 * other than 16777309: 3007), then a missing required AVP (5005), then a
 * Destination-Realm that is not ours (3003).
 *
 * Values longer than the contract allows (External-Identifier > 128,
 * MSISDN > 8, SCS-Identity > 64 octets) are 5004 INVALID_AVP_VALUE: the AVP
 * is well formed, its value is out of range (PROTOCOL.md 3, "AVP value out of
 * range"); 5014 stays for lengths that break the AVP structure or the size
 * of a fixed-size type (RFC 6733 7.1.5). An empty External-Identifier, an
 * empty MSISDN or one that is not valid TBCD is 5004 as well, and so is an
 * empty Session-Id (the answer then carries one the gateway makes up).
 *
 * Besides the AVPs of PROTOCOL.md 2, Destination-Host, DRMP, Route-Record,
 * Proxy-Info and Supported-Features are known (and skipped) at the top
 * level, so that a relay's Route-Record does not turn into 5001.
 */
uint32_t dar_decode(const uint8_t *msg, uint32_t len, const struct diam_local *l,
		    struct dar_trigger *d);

/* The identifier the request names the UE by: External-Identifier wins. */
static inline const struct wire_span *
dar_ue_id(const struct dar_trigger *d)
{
	return (d->has & DAR_HAS_EXT_ID) ? &d->ext_id : &d->msisdn;
}



/*
 * Device-Trigger-Answer (T4, TS 29.337): only what is counted. Returns the
 * Result-Code (or Experimental-Result-Code), 0 when the message is not a
 * well-formed DTA or carries neither. hbh and e2e (may be NULL) receive the
 * identifiers that match it to its request.
 */
uint32_t dta_decode(const uint8_t *msg, uint32_t len, uint32_t *hbh, uint32_t *e2e);

#endif
