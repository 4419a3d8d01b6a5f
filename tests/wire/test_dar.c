/* SPDX-License-Identifier: BSD-3-Clause */
/* The DAR decoder against PROTOCOL.md 2-3: the vectors, header and length
 * faults (drops, 5015, 3001, 3007, 5014), padding; TBCD; the DTA decoder. */
#include <string.h>

#include "dar_cases.h"
#include "testlib.h"
#include "wire_counters.h"

static void
test_dar_vectors(void)
{
	json_t *all = test_vectors("tsp-dar.json"), *v;
	size_t i;

	CU_ASSERT_FATAL(all != NULL);
	CU_ASSERT(json_array_size(all) == 2);
	json_array_foreach(all, i, v) {
		static uint8_t msg[1024];
		uint8_t buf[256];
		struct dar_trigger d;
		size_t len = test_hex(v, "hex", msg, sizeof(msg)), n;
		const char *sid = json_string_value(json_object_get(v, "session_id"));
		const char *ext = json_string_value(json_object_get(v, "external_identifier"));

		CU_ASSERT(dar_decode(msg, (uint32_t)len, &local, &d) == DIAM_SUCCESS);
		CU_ASSERT(d.failed_avp == 0);
		CU_ASSERT(span_eq(&d.session_id, sid, strlen(sid)));
		CU_ASSERT(d.reference == test_uint(v, "reference_number"));
		CU_ASSERT(d.action_type == test_uint(v, "action_type"));
		CU_ASSERT(d.hop_by_hop == test_uint(v, "hop_by_hop"));
		CU_ASSERT(d.end_to_end == test_uint(v, "end_to_end"));
		CU_ASSERT(d.cmd_flags == (DIAM_FLAG_R | DIAM_FLAG_P));
		n = test_hex(v, "payload", buf, sizeof(buf));
		CU_ASSERT(d.has & DAR_HAS_PAYLOAD);
		CU_ASSERT(span_eq(&d.payload, buf, n));
		if (ext) {
			CU_ASSERT(span_eq(&d.ext_id, ext, strlen(ext)));
			CU_ASSERT(dar_ue_id(&d) == &d.ext_id);
			n = test_hex(v, "scs_identity", buf, sizeof(buf));
			CU_ASSERT(span_eq(&d.scs_id, buf, n));
			CU_ASSERT(d.validity_time == test_uint(v, "validity_time"));
			CU_ASSERT(d.priority == test_uint(v, "priority"));
			CU_ASSERT(d.app_port == test_uint(v, "application_port"));
			CU_ASSERT((d.has & (DAR_HAS_VALIDITY | DAR_HAS_PRIORITY | DAR_HAS_APP_PORT)) ==
				  (DAR_HAS_VALIDITY | DAR_HAS_PRIORITY | DAR_HAS_APP_PORT));
		} else {
			char digits[16];

			n = test_hex(v, "msisdn", buf, sizeof(buf));
			CU_ASSERT(span_eq(&d.msisdn, buf, n));
			CU_ASSERT(dar_ue_id(&d) == &d.msisdn);
			CU_ASSERT(!(d.has & (DAR_HAS_EXT_ID | DAR_HAS_SCS_ID | DAR_HAS_VALIDITY |
					     DAR_HAS_PRIORITY | DAR_HAS_APP_PORT)));
			CU_ASSERT(tbcd_decode(d.msisdn.p, d.msisdn.len, digits) == 11);
			CU_ASSERT(memcmp(digits, "15550100001", 11) == 0);
		}
	}
	json_decref(all);
}

static void
test_typical(void)
{
	struct dar_spec s;
	struct dar_trigger d;

	typical(&s);
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(span_eq(&d.origin_host, "scs1.example", 12));
	CU_ASSERT(span_eq(&d.origin_realm, "example", 7));
	CU_ASSERT(span_eq(&d.dest_realm, "iwf.example", 11));
	CU_ASSERT(span_eq(&d.scs_id, "+15550100", 9));
	CU_ASSERT(span_eq(&d.payload, wake, sizeof(wake) - 1));
	CU_ASSERT(d.priority == 1 && d.app_port == 9200 && d.validity_time == 3600);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_ok);
	/* Realms compare without regard to case. */
	s.dest_realm = "IWF.Example";
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
}

static void
test_drops(void)
{
	struct dar_spec s;
	struct dar_trigger d;
	static struct dbuf b;

	typical(&s);
	dar_build(&b, &s);
	CU_ASSERT(dar_decode(b.b, 19, &local, &d) == 0);
	CU_ASSERT(d.drop == DAR_DROP_SHORT);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_drop_short);
	b.b[0] = 2;
	CU_ASSERT(decode(&b, &d) == 0);
	CU_ASSERT(d.drop == DAR_DROP_VERSION);
	s.flags = DIAM_FLAG_P; /* R missing: an answer */
	CU_ASSERT(run(&s, &d) == 0);
	CU_ASSERT(d.drop == DAR_DROP_NOT_REQUEST);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_drop_not_request);
}

static void
test_message_length(void)
{
	struct dar_spec s;
	struct dar_trigger d;
	static struct dbuf b;

	typical(&s);
	dar_build(&b, &s);
	/* Datagram longer than the message, shorter, and a length not a multiple of 4. */
	CU_ASSERT(dar_decode(b.b, b.len + 4, &local, &d) == DIAM_INVALID_MESSAGE_LENGTH);
	CU_ASSERT(d.hop_by_hop == 0x11 && d.end_to_end == 0x22);
	CU_ASSERT(dar_decode(b.b, b.len - 4, &local, &d) == DIAM_INVALID_MESSAGE_LENGTH);
	b.b[3] += 1;
	CU_ASSERT(dar_decode(b.b, b.len + 1, &local, &d) == DIAM_INVALID_MESSAGE_LENGTH);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_5015);
}

static void
test_command_application(void)
{
	struct dar_spec s;
	struct dar_trigger d;

	typical(&s);
	s.cmd = DIAM_CMD_DEVICE_TRIGGER;
	CU_ASSERT(run(&s, &d) == DIAM_COMMAND_UNSUPPORTED);
	typical(&s);
	s.app = DIAM_APP_T4;
	CU_ASSERT(run(&s, &d) == DIAM_APPLICATION_UNSUPPORTED);
	typical(&s);
	s.has_auth_app = 1;
	s.auth_app = DIAM_APP_TSP;
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT(d.has & DAR_HAS_AUTH_APP_ID);
	s.auth_app = DIAM_APP_T4;
	CU_ASSERT(run(&s, &d) == DIAM_APPLICATION_UNSUPPORTED);
	CU_ASSERT(d.failed_avp == AVP_AUTH_APPLICATION_ID);
}

/* Hooks that add AVPs at one level. */
struct inject {
	enum db_level where;
	uint32_t code, vendor, len;
	uint8_t flags;
	const void *data;
};

/* Offset of the first AVP with this code at or after from. */
static uint32_t
find_avp(const struct dbuf *b, uint32_t code, uint32_t from)
{
	uint32_t i;

	for (i = from; i + 4 <= b->len; i += 4)
		if (b->b[i] == (uint8_t)(code >> 24) && b->b[i + 1] == (uint8_t)(code >> 16) &&
		    b->b[i + 2] == (uint8_t)(code >> 8) && b->b[i + 3] == (uint8_t)code)
			return i;
	return 0;
}

static void
set_avp_len(struct dbuf *b, uint32_t at, uint32_t len)
{
	b->b[at + 5] = (uint8_t)(len >> 16);
	b->b[at + 6] = (uint8_t)(len >> 8);
	b->b[at + 7] = (uint8_t)len;
}

static void
test_avp_lengths(void)
{
	static struct dbuf b;
	struct dar_spec s;
	struct dar_trigger d;
	uint32_t at, sid;

	typical(&s);
	dar_build(&b, &s);
	sid = find_avp(&b, AVP_SESSION_ID, DIAM_HDR_LEN);
	CU_ASSERT_FATAL(sid == DIAM_HDR_LEN);
	/* Shorter than its header. */
	set_avp_len(&b, sid, 7);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);
	CU_ASSERT(wire_dar_ctr(&d) == WIRE_CTR_dar_5014);
	/* Past the end of the message. */
	set_avp_len(&b, sid, b.len);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);

	/* A vendor AVP shorter than 12. */
	dar_build(&b, &s);
	at = find_avp(&b, AVP_REFERENCE_NUMBER, DIAM_HDR_LEN);
	CU_ASSERT_FATAL(at != 0);
	set_avp_len(&b, at, 10);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);
	/* An Unsigned32 of 8 octets inside the group (the group still fits). */
	set_avp_len(&b, at, 20);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);
	CU_ASSERT(d.failed_avp == AVP_REFERENCE_NUMBER);

	/* A child that overflows its group (but not the message). */
	dar_build(&b, &s);
	at = find_avp(&b, AVP_VALIDITY_TIME, DIAM_HDR_LEN);
	CU_ASSERT_FATAL(at != 0);
	set_avp_len(&b, at, 16);
	db_u32(&b, 7777, 0, 0, 0); /* room after the group */
	db_finish(&b);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);
	CU_ASSERT(d.failed_avp == AVP_DEVICE_ACTION);

	/* Four stray octets at the end: less than an AVP header. */
	dar_build(&b, &s);
	memset(b.b + b.len, 0, 4);
	b.len += 4;
	db_finish(&b);
	CU_ASSERT(decode(&b, &d) == DIAM_INVALID_AVP_LENGTH);

	/* Session-Id decoded before a later length fault: still echoed. */
	CU_ASSERT(d.has & DAR_HAS_SESSION_ID);
}

static void
test_padding(void)
{
	static struct dbuf b;
	struct dar_spec s;
	struct dar_trigger d;
	uint32_t ta, da;

	/* A 5-octet payload is the last child of Trigger-Data: drop its padding
	 * from the group's and Device-Action's lengths, as some peers do. */
	dar_spec_typical(&s, (const uint8_t *)"hello", 5);
	s.has_priority = s.has_app_port = s.has_validity = 0;
	dar_build(&b, &s);
	CU_ASSERT(decode(&b, &d) == DIAM_SUCCESS);
	ta = find_avp(&b, AVP_TRIGGER_DATA, DIAM_HDR_LEN);
	da = find_avp(&b, AVP_DEVICE_ACTION, DIAM_HDR_LEN);
	CU_ASSERT_FATAL(ta != 0 && da != 0);
	set_avp_len(&b, ta, b.len - ta - 3);
	set_avp_len(&b, da, b.len - da - 3);
	CU_ASSERT(decode(&b, &d) == DIAM_SUCCESS);
	CU_ASSERT(span_eq(&d.payload, "hello", 5));
	/* An empty payload is a payload. */
	dar_spec_typical(&s, NULL, 0);
	CU_ASSERT(run(&s, &d) == DIAM_SUCCESS);
	CU_ASSERT((d.has & DAR_HAS_PAYLOAD) && d.payload.len == 0);
}

static void
test_tbcd(void)
{
	char out[16];

	CU_ASSERT(tbcd_decode((const uint8_t *)"\x21\x43", 2, out) == 4);
	CU_ASSERT(memcmp(out, "1234", 4) == 0);
	CU_ASSERT(tbcd_decode((const uint8_t *)"\x21\xf3", 2, out) == 3);
	CU_ASSERT(memcmp(out, "123", 3) == 0);
	CU_ASSERT(tbcd_decode((const uint8_t *)"\x2a", 1, out) == -1);
	CU_ASSERT(tbcd_decode((const uint8_t *)"\xa1", 1, out) == -1);
	CU_ASSERT(tbcd_decode((const uint8_t *)"\xf1\x32", 2, out) == -1);
	CU_ASSERT(tbcd_decode((const uint8_t *)"\x1f", 1, out) == -1);
	CU_ASSERT(tbcd_decode(NULL, 0, out) == 0);
}

static void
test_dta(void)
{
	static struct dbuf b;
	uint32_t hbh = 0, e2e = 0;

	db_hdr(&b, DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4, 5, 6);
	db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, "iwf;1;2");
	db_u32(&b, AVP_RESULT_CODE, DIAM_AVP_FLAG_M, 0, DIAM_SUCCESS);
	db_finish(&b);
	CU_ASSERT(dta_decode(b.b, b.len, &hbh, &e2e) == DIAM_SUCCESS);
	CU_ASSERT(hbh == 5 && e2e == 6);
	CU_ASSERT(wire_dta_ctr(DIAM_SUCCESS) == WIRE_CTR_dta_success);
	CU_ASSERT(dta_decode(b.b, b.len - 4, NULL, NULL) == 0);

	db_hdr(&b, DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4, 5, 6);
	db_begin(&b, AVP_EXPERIMENTAL_RESULT, DIAM_AVP_FLAG_M, 0);
	db_u32(&b, AVP_VENDOR_ID, DIAM_AVP_FLAG_M, 0, DIAM_VENDOR_3GPP);
	db_u32(&b, AVP_EXPERIMENTAL_RESULT_CODE, DIAM_AVP_FLAG_M, 0, 5550);
	db_end(&b);
	db_finish(&b);
	CU_ASSERT(dta_decode(b.b, b.len, NULL, NULL) == 5550);
	CU_ASSERT(wire_dta_ctr(5550) == WIRE_CTR_dta_5xxx);
	CU_ASSERT(wire_dta_ctr(0) == WIRE_CTR_dta_malformed);

	/* A request, another command, a broken AVP: not a DTA. */
	b.b[4] |= DIAM_FLAG_R;
	CU_ASSERT(dta_decode(b.b, b.len, NULL, NULL) == 0);
	b.b[4] &= (uint8_t)~DIAM_FLAG_R;
	b.b[7] ^= 1;
	CU_ASSERT(dta_decode(b.b, b.len, NULL, NULL) == 0);
	b.b[7] ^= 1;
	b.b[DIAM_HDR_LEN + 7] = 200;
	CU_ASSERT(dta_decode(b.b, b.len, NULL, NULL) == 0);
}

static void
test_counter_names(void)
{
	unsigned int i, j;

	for (i = 0; i < WIRE_CTR_MAX; i++) {
		CU_ASSERT(wire_counter_desc[i].name != NULL && wire_counter_desc[i].desc != NULL);
		for (j = 0; j < i; j++)
			CU_ASSERT(strcmp(wire_counter_desc[i].name, wire_counter_desc[j].name) != 0);
	}
	CU_ASSERT(strcmp(wire_counter_desc[WIRE_CTR_drop_ip_fragment].name, "drop_ip_fragment") == 0);

	/* Per-lcore counters add up into a total. */
	struct wire_counters a = {{0}}, b = {{0}};

	a.v[WIRE_CTR_rx_tsp] = 3;
	b.v[WIRE_CTR_rx_tsp] = 4;
	b.v[WIRE_CTR_dta_malformed] = 1;
	wire_counters_add(&a, &b);
	CU_ASSERT(a.v[WIRE_CTR_rx_tsp] == 7 && a.v[WIRE_CTR_dta_malformed] == 1);
	CU_ASSERT(sizeof(struct wire_counters) % RTE_CACHE_LINE_SIZE == 0);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"vectors", test_dar_vectors},
		{"typical", test_typical},
		{"drops", test_drops},
		{"message length 5015", test_message_length},
		{"command/application 3001/3007", test_command_application},
		{"AVP lengths 5014", test_avp_lengths},
		{"padding", test_padding},
		{"tbcd", test_tbcd},
		{"dta", test_dta},
		{"counter names", test_counter_names},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"dar", setup, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
