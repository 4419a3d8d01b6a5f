/* SPDX-License-Identifier: BSD-3-Clause */
/* Tsp Device-Action-Answer encoding (PROTOCOL.md 3). */
#ifndef MTC_DAA_H
#define MTC_DAA_H

#include <stdint.h>

#include "dar.h"
#include "diam_local.h"

/* request_status values that are not a Request-Status: */
#define DAA_NO_NOTIFICATION (-1) /* protocol fault: no Device-Notification */
#define DAA_NOTIFICATION_ONLY (-2) /* Device-Notification without Request-Status */

/* The largest DAA: a Session-Id of len octets plus everything else at its maximum. */
#define DAA_MAX_LEN(sid_len)                                                              \
	(DIAM_HDR_LEN + DIAM_AVP_HDR_LEN + (sid_len) + 3 + DIAM_TMPL_MAX + 12 +            \
	 DIAM_AVP_VHDR_LEN + DIAM_AVP_VHDR_LEN + DIAM_EXT_ID_MAX + DIAM_AVP_VHDR_LEN +      \
	 DIAM_SCS_ID_MAX + 3 * (DIAM_AVP_VHDR_LEN + 4))

/*
 * Writes the answer to the request d at out (at most cap octets): header
 * with P copied, E set for 3xxx results, the request's Hop-by-Hop and
 * End-to-End Identifiers; Session-Id (the request's, or a fresh one from ids
 * when it had none or an empty one), Auth-Application-Id, Auth-Session-State,
 * Origin-Host, Origin-Realm, Result-Code; and with request_status >= 0 (or
 * DAA_NOTIFICATION_ONLY) Device-Notification { External-Identifier or
 * MSISDN, [SCS-Identity], Reference-Number, Action-Type, [Request-Status] }.
 *
 * out may be d->msg itself: the answer then replaces the request in place
 * (everything it needs is read before it is overwritten); otherwise out must
 * not overlap the request. Afterwards d's spans may point at answer octets.
 *
 * Returns the answer's length, -ENOSPC when it does not fit in cap, or
 * -EINVAL when a Device-Notification is asked for and d lacks its
 * identifier, Reference-Number or Action-Type.
 */
int daa_encode(uint8_t *out, uint32_t cap, const struct diam_local *l, struct diam_idgen *ids,
	       const struct dar_trigger *d, uint32_t result, int request_status);

#endif
