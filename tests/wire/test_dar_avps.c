/* SPDX-License-Identifier: BSD-3-Clause */
/* The DAR decoder on AVP faults (PROTOCOL.md 2-3): unknown with M (5001),
 * repeated (5009), out of range (5004), missing (5005), realm (3003), and
 * their precedence. */
#include <string.h>

#include "dar_cases.h"
#include "testlib.h"
#include "wire_counters.h"

/* Hooks that add AVPs at one level. */
struct inject {
	enum db_level where;
	uint32_t code, vendor, len;
	uint8_t flags;
	const void *data;
};

static void
inject_hook(struct dbuf *b, enum db_level where, void *arg)
{
	const struct inject *in = arg;

	if (where == in->where)
		db_avp(b, in->code, in->flags, in->vendor, in->data, in->len);
}

static uint32_t
run_inject(struct dar_spec *s, struct dar_trigger *d, enum db_level where, uint32_t code,
	   uint8_t flags, uint32_t vendor, const void *data, uint32_t len)
{
	struct inject in = {where, code, vendor, len, flags, data};

	s->hook = inject_hook;
	s->arg = &in;
	return run(s, d);
}

static void
test_unknown_avps(void)
{
	const uint8_t four[4] = {0, 0, 0, 7};
	struct dar_spec s;
	struct dar_trigger d;
	enum db_level lv;

	for (lv = DB_TOP; lv <= DB_TRIGGER_DATA; lv++) {
		typical(&s);
		CU_ASSERT(run_inject(&s, &d, lv, 9999, DIAM_AVP_FLAG_M, 0, four, 4) ==
			  DIAM_AVP_UNSUPPORTED);
		CU_ASSERT(d.failed_avp == 9999);
		typical(&s);
		CU_ASSERT(run_inject(&s, &d, lv, 9999, 0, DIAM_VENDOR_3GPP, four, 3) == DIAM_SUCCESS);
	}
	/* A known code under the wrong vendor is unknown. */
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_DEVICE_ACTION, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, 0,
			     four, 4) == DIAM_AVP_UNSUPPORTED);
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TOP, AVP_VALIDITY_TIME, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP,
			     four, 4) == DIAM_AVP_UNSUPPORTED);
	/* A relay's Route-Record is known. */
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TOP, AVP_ROUTE_RECORD, DIAM_AVP_FLAG_M, 0, "relay.example",
			     13) == DIAM_SUCCESS);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_ok);
}

static void
test_repeated_avps(void)
{
	const uint8_t four[4] = {0, 0, 0, 1};
	struct dar_spec s;
	struct dar_trigger d;

	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TOP, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, "x;1", 3) ==
		  DIAM_AVP_OCCURS_TOO_MANY_TIMES);
	CU_ASSERT(d.failed_avp == AVP_SESSION_ID);
	/* The first value stays. */
	CU_ASSERT(span_eq(&d.session_id, s.session_id, strlen(s.session_id)));
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_DEVICE_ACTION, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M,
			     DIAM_VENDOR_3GPP, four, 4) == DIAM_AVP_OCCURS_TOO_MANY_TIMES);
	CU_ASSERT(d.reference == 1001);
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TRIGGER_DATA, AVP_PAYLOAD, DIAM_AVP_FLAG_M,
			     DIAM_VENDOR_3GPP, "x", 1) == DIAM_AVP_OCCURS_TOO_MANY_TIMES);
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TOP, AVP_DEVICE_ACTION, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP,
			     NULL, 0) == DIAM_AVP_OCCURS_TOO_MANY_TIMES);
	typical(&s);
	CU_ASSERT(run_inject(&s, &d, DB_TOP, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, "a", 1) ==
		  DIAM_AVP_OCCURS_TOO_MANY_TIMES);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_5009);
}

static void
test_values(void)
{
	char big[200];
	uint8_t msisdn[9] = {0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65, 0x87};
	struct dar_spec s;
	struct dar_trigger d;

	typical(&s);
	s.action_type = 2;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(d.failed_avp == AVP_ACTION_TYPE);
	typical(&s);
	s.priority = 2;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(d.failed_avp == AVP_PRIORITY_INDICATION);
	typical(&s);
	s.priority = 0;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);

	/* External-Identifier: 128 octets pass, 129 do not; empty does not. */
	memset(big, 'a', sizeof(big));
	big[64] = '@';
	big[128] = 0;
	typical(&s);
	s.ext_id = big;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(d.ext_id.len == 128);
	big[128] = 'a';
	big[129] = 0;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(d.failed_avp == AVP_EXTERNAL_IDENTIFIER);
	s.ext_id = "";
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);

	/* SCS-Identity: 64 pass, 65 do not. */
	big[64] = 0;
	typical(&s);
	s.scs_id = big;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	big[64] = 'b';
	big[65] = 0;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(d.failed_avp == AVP_SCS_IDENTITY);

	/* MSISDN: 8 octets pass, 9 do not; TBCD must be valid. */
	typical(&s);
	s.ext_id = NULL;
	s.msisdn = msisdn;
	s.msisdn_len = 8;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(dar_ue_id(&d) == &d.msisdn);
	s.msisdn_len = 9;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(d.failed_avp == AVP_MSISDN);
	msisdn[2] = 0xa5;
	s.msisdn_len = 8;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	msisdn[2] = 0xf5; /* filler before the last octet */
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	msisdn[2] = 0x65;
	msisdn[7] = 0xf7; /* odd digit count */
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	/* Both identifiers: External-Identifier wins. */
	s.ext_id = "device-0001@iot.example";
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(dar_ue_id(&d) == &d.ext_id);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_ok);
	s.action_type = 9;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_5004);
}

static void
test_missing(void)
{
	struct dar_spec s;
	struct dar_trigger d;

#define MISSING(field_change, avp)                                                            \
	do {                                                                                  \
		typical(&s);                                                                  \
		field_change;                                                                 \
		CU_ASSERT(run(&s, &d) == DIAM_MISSING_AVP);                                   \
		CU_ASSERT(d.failed_avp == (avp));                                             \
	} while (0)

	MISSING(s.session_id = NULL, AVP_SESSION_ID);
	CU_ASSERT(d.session_id.len == 0 && !(d.has & DAR_HAS_SESSION_ID));
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_5005);
	MISSING(s.origin_host = NULL, AVP_ORIGIN_HOST);
	MISSING(s.origin_realm = NULL, AVP_ORIGIN_REALM);
	MISSING(s.dest_realm = NULL, AVP_DESTINATION_REALM);
	MISSING(s.no_device_action = 1, AVP_DEVICE_ACTION);
	MISSING(s.ext_id = NULL, AVP_EXTERNAL_IDENTIFIER);
	MISSING(s.no_reference = 1, AVP_REFERENCE_NUMBER);
	MISSING(s.no_action_type = 1, AVP_ACTION_TYPE);
	MISSING(s.no_trigger_data = 1, AVP_TRIGGER_DATA);
	MISSING(s.no_payload = 1, AVP_PAYLOAD);
	/* Replace needs Trigger-Data and Old-Reference-Number; Recall only the latter. */
	MISSING(s.action_type = ACTION_DEVICE_TRIGGER_REPLACE, AVP_OLD_REFERENCE_NUMBER);
	MISSING((s.action_type = ACTION_DEVICE_TRIGGER_REPLACE, s.has_old_reference = 1,
		 s.no_trigger_data = 1),
		AVP_TRIGGER_DATA);
	MISSING(s.action_type = ACTION_DEVICE_TRIGGER_RECALL, AVP_OLD_REFERENCE_NUMBER);
#undef MISSING
	typical(&s);
	s.action_type = ACTION_DEVICE_TRIGGER_RECALL;
	s.has_old_reference = 1;
	s.old_reference = 77;
	s.no_trigger_data = 1;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(d.old_reference == 77 && (d.has & DAR_HAS_OLD_REFERENCE));
	s.action_type = ACTION_DEVICE_TRIGGER_REPLACE;
	s.no_trigger_data = 0;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	/* A value fault met during the walk wins over a missing AVP. */
	typical(&s);
	s.no_reference = 1;
	s.priority = 5;
	CU_ASSERT(run(&s, &d) == DIAM_INVALID_AVP_VALUE);
}

static void
test_realm(void)
{
	struct dar_spec s;
	struct dar_trigger d;

	typical(&s);
	s.dest_realm = "other.example";
	CU_ASSERT(run(&s, &d) == DIAM_REALM_NOT_SERVED);
	CU_ASSERT(d.failed_avp == AVP_DESTINATION_REALM);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_3003);
	s.dest_realm = "iwf.exampl";
	CU_ASSERT(run(&s, &d) == DIAM_REALM_NOT_SERVED);
	/* Missing beats realm. */
	s.no_reference = 1;
	CU_ASSERT(run(&s, &d) == DIAM_MISSING_AVP);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"unknown AVPs 5001", test_unknown_avps},
		{"repeated AVPs 5009", test_repeated_avps},
		{"values 5004", test_values},
		{"missing AVPs 5005", test_missing},
		{"realm 3003", test_realm},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"dar_avps", setup, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
