/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the DAR decoder: the walk of the usual request (dar_fast.c).
 */
#ifndef MTC_DAR_FAST_H
#define MTC_DAR_FAST_H

#include <stdbool.h>
#include <stdint.h>

#include "dar.h"

/*
 * Walks the AVPs from p to end, the message's, when they are those of a
 * Device Trigger Request in PROTOCOL.md's order: Session-Id,
 * [Auth-Application-Id], [Auth-Session-State], Origin-Host, Origin-Realm,
 * Destination-Realm, Device-Action { External-Identifier, [SCS-Identity],
 * Reference-Number, Action-Type 1, Trigger-Data { Payload,
 * [Priority-Indication], [Application-Port-Identifier] }, [Validity-Time] },
 * each within its bounds, padded, with a value in range, and nothing else.
 * Then fills d's spans and values as the general walk would, sets *has and
 * returns true. Otherwise returns false, having written some of d's spans
 * and values: the general walk must start again from a cleared descriptor.
 */
bool dar_fast_walk(const uint8_t *p, const uint8_t *end, struct dar_trigger *d,
		   uint32_t *has);

#endif
