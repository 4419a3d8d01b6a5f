/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The expect file: one JSON line per generated frame, what the gateway must
 * make of it.
 *   {"hbh":N,"kind":K,"result":R,"status":S,...}  answered (status -1: none)
 *   {"hbh":N,"kind":K,"drop":"reason"}            never answered
 * A trigger that must reach the delivery node has "dtr":true and what its
 * DTR must carry: "imsi", "scs" (the SCS it comes from), "scs_id" (the
 * request's SCS-Identity, when it had one), "len" (payload octets),
 * "port", "priority", "validity" (when the request had them). "rated": the
 * request reaches the SCS's rate check; "may109": it comes after the SCS's
 * burst is spent, so 109 RATEEXCEEDED is as right as the outcome given.
 *
 * Trigger payloads are a function of the Reference-Number (the generator
 * uses the Hop-by-Hop Identifier as Reference-Number): ex_payload().
 */
#ifndef MTC_EXPECT_H
#define MTC_EXPECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ex_line {
	uint32_t hbh;
	uint32_t result; /* 0: dropped */
	int32_t status;  /* -1: no Request-Status */
	uint32_t port;
	uint32_t validity;
	uint16_t len;
	uint8_t dtr, rated, may109, action;
	uint8_t has_scs_id, has_port, has_prio, has_validity, prio;
	char kind[32];
	char drop[32];
	char imsi[16];
	char scs[65];
	char scs_id[65];
};

/* Writes e as one line. 0 or -1. */
int ex_write(FILE *f, const struct ex_line *e);

/* Loads the file, sorted by hbh. 0, or -1 with a message in err. */
int ex_load(const char *path, struct ex_line **v, size_t *n, char *err, size_t errlen);

const struct ex_line *ex_find(const struct ex_line *v, size_t n, uint32_t hbh);

/* The payload of the trigger with this Reference-Number: "trigger <ref> "
 * repeated and cut at len octets. */
void ex_payload(uint32_t ref, uint8_t *out, uint32_t len);

#endif
