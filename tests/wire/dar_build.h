/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Builds Diameter messages for the tests: a low-level AVP writer (any code,
 * flags, vendor, length, grouping) and a DAR builder on top of it whose
 * every AVP can be left out, changed or followed by extra ones.
 */
#ifndef MTC_TEST_DAR_BUILD_H
#define MTC_TEST_DAR_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define DB_MAX 8192

struct dbuf {
	uint8_t b[DB_MAX];
	uint32_t len;
	uint32_t grp[8]; /* open grouped AVPs: their offsets */
	int depth;
};

void db_hdr(struct dbuf *b, uint8_t flags, uint32_t cmd, uint32_t app, uint32_t hbh, uint32_t e2e);
/* An AVP; a vendor other than 0 adds the V bit. Padding is added. */
void db_avp(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, const void *data,
	    uint32_t len);
void db_u32(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, uint32_t v);
void db_str(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor, const char *s);
void db_begin(struct dbuf *b, uint32_t code, uint8_t flags, uint32_t vendor);
void db_end(struct dbuf *b);
/* Patches the message length; returns it. */
uint32_t db_finish(struct dbuf *b);

/* Where dar_spec.hook is called: at the end of each level. */
enum db_level { DB_TOP, DB_DEVICE_ACTION, DB_TRIGGER_DATA };

/* A DAR; NULL strings and clear has-bits leave AVPs out. */
struct dar_spec {
	const char *session_id;
	const char *origin_host;
	const char *origin_realm;
	const char *dest_realm;
	const char *ext_id;
	const uint8_t *msisdn;
	size_t msisdn_len;
	const char *scs_id;
	const uint8_t *payload;
	size_t payload_len;
	uint32_t reference;
	uint32_t action_type;
	uint32_t old_reference;
	uint32_t validity;
	uint32_t priority;
	uint32_t app_port;
	uint32_t hbh;
	uint32_t e2e;
	unsigned int no_reference : 1, no_action_type : 1, no_trigger_data : 1, no_payload : 1,
		no_device_action : 1, has_old_reference : 1, has_validity : 1, has_priority : 1,
		has_app_port : 1, has_auth_app : 1;
	uint32_t auth_app; /* with has_auth_app */
	uint8_t flags;     /* 0: R and P */
	uint32_t cmd;      /* 0: Device-Action */
	uint32_t app;      /* 0: Tsp */
	void (*hook)(struct dbuf *b, enum db_level where, void *arg);
	void *arg;
};

/* The typical request of the tests and benchmark: External-Identifier,
 * SCS-Identity, a payload of payload_len octets, priority, port, validity. */
void dar_spec_typical(struct dar_spec *s, const uint8_t *payload, size_t payload_len);

/* Builds s into b; returns the length. */
uint32_t dar_build(struct dbuf *b, const struct dar_spec *s);

#endif
