/* SPDX-License-Identifier: BSD-3-Clause */
/* DAA and DTR encoders (PROTOCOL.md 3 and 4): AVP order, flags, values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a3.h"
#include "avp_walk.h"
#include "daa.h"
#include "dar.h"
#include "dar_build.h"
#include "dtr.h"
#include "testlib.h"

static struct diam_local local;
static struct diam_idgen ids;
static const uint8_t wake[] = "wake up";

static int
setup(void)
{
	if (diam_local_init(&local, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		return 1;
	diam_idgen_init(&ids, &local, 1700000000u, 3);
	return 0;
}

struct exp {
	uint32_t code, vendor;
	uint8_t depth;
};

static void
check_order(const struct flat_avp *a, int n, const struct exp *e, int ne)
{
	int i;

	CU_ASSERT_EQUAL(n, ne);
	for (i = 0; i < n && i < ne; i++) {
		CU_ASSERT_EQUAL(a[i].code, e[i].code);
		CU_ASSERT_EQUAL(a[i].vendor, e[i].vendor);
		CU_ASSERT_EQUAL(a[i].depth, e[i].depth);
		/* Every AVP the gateway writes has the M bit, as Wireshark's dictionary wants. */
		CU_ASSERT(a[i].flags & DIAM_AVP_FLAG_M);
	}
}

static uint32_t
u32_of(const struct flat_avp *a)
{
	return a->len == 4 ? diam_get32(a->data) : 0xdeadbeef;
}

static int
build_decode(const struct dar_spec *s, struct dbuf *b, struct dar_trigger *d)
{
	dar_build(b, s);
	return (int)dar_decode(b->b, b->len, &local, d);
}

static void
test_daa_success(void)
{
	static struct dbuf b;
	static uint8_t out[2048];
	struct flat_avp a[32];
	struct dar_spec s;
	struct dar_trigger d;
	int len, n;
	const uint32_t v3 = DIAM_VENDOR_3GPP;
	const struct exp e[] = {
		{AVP_SESSION_ID, 0, 0},          {AVP_AUTH_APPLICATION_ID, 0, 0},
		{AVP_AUTH_SESSION_STATE, 0, 0},  {AVP_ORIGIN_HOST, 0, 0},
		{AVP_ORIGIN_REALM, 0, 0},        {AVP_RESULT_CODE, 0, 0},
		{AVP_DEVICE_NOTIFICATION, v3, 0}, {AVP_EXTERNAL_IDENTIFIER, v3, 1},
		{AVP_SCS_IDENTITY, v3, 1},       {AVP_REFERENCE_NUMBER, v3, 1},
		{AVP_ACTION_TYPE, v3, 1},        {AVP_REQUEST_STATUS, v3, 1},
	};

	dar_spec_typical(&s, wake, sizeof(wake) - 1);
	CU_ASSERT_FATAL(build_decode(&s, &b, &d) == DIAM_SUCCESS);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, DIAM_SUCCESS, RS_INVEXTID);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(len % 4 == 0);
	CU_ASSERT(diam_get32(out) == (DIAM_VERSION << 24 | (uint32_t)len));
	CU_ASSERT(out[4] == DIAM_FLAG_P); /* R and E clear, P copied */
	CU_ASSERT((diam_get32(out + 4) & 0xffffff) == DIAM_CMD_DEVICE_ACTION);
	CU_ASSERT(diam_get32(out + 8) == DIAM_APP_TSP);
	CU_ASSERT(diam_get32(out + 12) == 0x11 && diam_get32(out + 16) == 0x22);
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	check_order(a, n, e, (int)(sizeof(e) / sizeof(e[0])));
	CU_ASSERT(a[0].len == strlen(s.session_id) && memcmp(a[0].data, s.session_id, a[0].len) == 0);
	CU_ASSERT(u32_of(&a[1]) == DIAM_APP_TSP);
	CU_ASSERT(u32_of(&a[2]) == DIAM_NO_STATE_MAINTAINED);
	CU_ASSERT(a[3].len == 16 && memcmp(a[3].data, "iwf1.iwf.example", 16) == 0);
	CU_ASSERT(a[4].len == 11 && memcmp(a[4].data, "iwf.example", 11) == 0);
	CU_ASSERT(u32_of(&a[5]) == DIAM_SUCCESS);
	CU_ASSERT(a[7].len == strlen(s.ext_id) && memcmp(a[7].data, s.ext_id, a[7].len) == 0);
	CU_ASSERT(a[8].len == 9 && memcmp(a[8].data, "+15550100", 9) == 0);
	CU_ASSERT(u32_of(&a[9]) == 1001);
	CU_ASSERT(u32_of(&a[10]) == ACTION_DEVICE_TRIGGER_REQUEST);
	CU_ASSERT(u32_of(&a[11]) == RS_INVEXTID);

	/* Without SCS-Identity, with MSISDN; Device-Notification without Request-Status. */
	s.scs_id = NULL;
	s.ext_id = NULL;
	s.msisdn = (const uint8_t *)"\x51\x55\x10\xf0";
	s.msisdn_len = 4;
	s.flags = DIAM_FLAG_R;
	CU_ASSERT_FATAL(build_decode(&s, &b, &d) == DIAM_SUCCESS);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, DIAM_TOO_BUSY, DAA_NOTIFICATION_ONLY);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(out[4] == DIAM_FLAG_E); /* P not copied: the request had none */
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	CU_ASSERT_FATAL(n == 10);
	CU_ASSERT(a[7].code == AVP_MSISDN && a[7].len == 4);
	CU_ASSERT(a[8].code == AVP_REFERENCE_NUMBER && a[9].code == AVP_ACTION_TYPE);
	CU_ASSERT(u32_of(&a[5]) == DIAM_TOO_BUSY);
}

static void
test_daa_faults(void)
{
	static struct dbuf b;
	static uint8_t out[2048];
	struct flat_avp a[32];
	struct dar_spec s;
	struct dar_trigger d;
	int len, n;
	char prefix[64];

	dar_spec_typical(&s, wake, sizeof(wake) - 1);
	s.dest_realm = "elsewhere";
	CU_ASSERT_FATAL(build_decode(&s, &b, &d) == DIAM_REALM_NOT_SERVED);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, d.result, DAA_NO_NOTIFICATION);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(out[4] == (DIAM_FLAG_P | DIAM_FLAG_E));
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	CU_ASSERT(n == 6);
	CU_ASSERT(a[5].code == AVP_RESULT_CODE && u32_of(&a[5]) == DIAM_REALM_NOT_SERVED);

	/* 5xxx: E clear. No Session-Id: a made-up one. */
	dar_spec_typical(&s, wake, sizeof(wake) - 1);
	s.session_id = NULL;
	CU_ASSERT_FATAL(build_decode(&s, &b, &d) == DIAM_MISSING_AVP);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, d.result, DAA_NO_NOTIFICATION);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(out[4] == DIAM_FLAG_P);
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	CU_ASSERT_FATAL(n == 6);
	CU_ASSERT(a[0].code == AVP_SESSION_ID);
	snprintf(prefix, sizeof(prefix), "iwf1.iwf.example;%u;", 1700000000u);
	CU_ASSERT(a[0].len > strlen(prefix) && memcmp(a[0].data, prefix, strlen(prefix)) == 0);
	CU_ASSERT(u32_of(&a[5]) == DIAM_MISSING_AVP);

	/* Too small a buffer; a notification for a request that has none to give. */
	CU_ASSERT(daa_encode(out, 40, &local, &ids, &d, d.result, DAA_NO_NOTIFICATION) == -ENOSPC);
	s.session_id = "x;1";
	s.no_reference = 1;
	build_decode(&s, &b, &d);
	CU_ASSERT(daa_encode(out, sizeof(out), &local, &ids, &d, DIAM_SUCCESS, RS_SUCCESS) ==
		  -EINVAL);
}

static void
test_daa_in_place(void)
{
	static struct dbuf b, b2;
	static uint8_t out[2048];
	struct dar_spec s;
	struct dar_trigger d;
	int len, len2;

	/* A short Origin-Host in the request, a long one in the answer, a long
	 * External-Identifier: the answer overlaps what it copies. */
	dar_spec_typical(&s, wake, sizeof(wake) - 1);
	s.origin_host = "s";
	s.ext_id = "an-external-identifier-that-is-long-enough@iot.example";
	CU_ASSERT_FATAL(build_decode(&s, &b, &d) == DIAM_SUCCESS);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, DIAM_SUCCESS, RS_SUCCESS);
	CU_ASSERT_FATAL(len > 0);
	b2 = b;
	CU_ASSERT_FATAL(dar_decode(b2.b, b2.len, &local, &d) == DIAM_SUCCESS);
	len2 = daa_encode(b2.b, sizeof(b2.b), &local, &ids, &d, DIAM_SUCCESS, RS_SUCCESS);
	CU_ASSERT(len2 == len);
	CU_ASSERT(memcmp(out, b2.b, (size_t)len) == 0);
	/* Session-Id not first in the request. */
	db_hdr(&b, DIAM_FLAG_R | DIAM_FLAG_P, DIAM_CMD_DEVICE_ACTION, DIAM_APP_TSP, 1, 2);
	db_str(&b, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, "scs");
	db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, "scs;late;session");
	db_finish(&b);
	CU_ASSERT(dar_decode(b.b, b.len, &local, &d) == DIAM_MISSING_AVP);
	len = daa_encode(out, sizeof(out), &local, &ids, &d, d.result, DAA_NO_NOTIFICATION);
	len2 = daa_encode(b.b, sizeof(b.b), &local, &ids, &d, d.result, DAA_NO_NOTIFICATION);
	CU_ASSERT(len > 0 && len == len2);
	CU_ASSERT(memcmp(out, b.b, (size_t)len) == 0);
	CU_ASSERT(memcmp(out + 28, "scs;late;session", 16) == 0);
}

static void
test_dtr(void)
{
	static uint8_t out[2048], pdu[41];
	struct flat_avp a[32];
	struct dtr_params p = {
		.imsi = (const uint8_t *)"001010123456789",
		.imsi_len = 15,
		.smea = (const uint8_t *)"+15550100",
		.smea_len = 9,
		.reference = 1001,
		.validity_time = 3600,
		.priority = 1,
		.has = DTR_HAS_VALIDITY | DTR_HAS_PRIORITY,
		.pdu_len = 41,
	};
	const uint32_t v3 = DIAM_VENDOR_3GPP;
	const struct exp e[] = {
		{AVP_SESSION_ID, 0, 0},         {AVP_AUTH_SESSION_STATE, 0, 0},
		{AVP_ORIGIN_HOST, 0, 0},        {AVP_ORIGIN_REALM, 0, 0},
		{AVP_DESTINATION_REALM, 0, 0},  {AVP_USER_IDENTIFIER, v3, 0},
		{AVP_USER_NAME, 0, 1},          {AVP_SM_RP_SMEA, v3, 0},
		{AVP_PAYLOAD, v3, 0},           {AVP_REFERENCE_NUMBER, v3, 0},
		{AVP_VALIDITY_TIME, 0, 0},      {AVP_PRIORITY_INDICATION, v3, 0},
	};
	uint8_t *at = NULL;
	uint32_t hbh1, e2e1;
	char sid[64];
	int len, n, i;

	memset(out, 0xee, sizeof(out));
	len = dtr_encode(out, sizeof(out), &local, &ids, &p, &at);
	CU_ASSERT_FATAL(len > 0 && at != NULL);
	for (i = 0; i < 41; i++)
		pdu[i] = (uint8_t)(i * 7 + 1);
	memcpy(at, pdu, sizeof(pdu));
	CU_ASSERT(diam_get32(out) == (DIAM_VERSION << 24 | (uint32_t)len));
	CU_ASSERT(out[4] == (DIAM_FLAG_R | DIAM_FLAG_P));
	CU_ASSERT((diam_get32(out + 4) & 0xffffff) == DIAM_CMD_DEVICE_TRIGGER);
	CU_ASSERT(diam_get32(out + 8) == DIAM_APP_T4);
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	check_order(a, n, e, (int)(sizeof(e) / sizeof(e[0])));
	CU_ASSERT_FATAL(n == 12);
	snprintf(sid, sizeof(sid), "iwf1.iwf.example;%u;%u", 1700000000u, (3u << 24) | (ids.seq - 1));
	CU_ASSERT(a[0].len == strlen(sid) && memcmp(a[0].data, sid, a[0].len) == 0);
	CU_ASSERT(a[4].len == 10 && memcmp(a[4].data, "t4.example", 10) == 0);
	CU_ASSERT(a[6].len == 15 && memcmp(a[6].data, "001010123456789", 15) == 0);
	CU_ASSERT(a[7].len == 9 && memcmp(a[7].data, "+15550100", 9) == 0);
	CU_ASSERT(a[8].data == at && a[8].len == 41 && memcmp(at, pdu, 41) == 0);
	CU_ASSERT(at[41] == 0 && at[42] == 0 && at[43] == 0); /* padding */
	CU_ASSERT(u32_of(&a[9]) == 1001);
	CU_ASSERT(u32_of(&a[10]) == 3600);
	CU_ASSERT(u32_of(&a[11]) == 1);
	CU_ASSERT(out[len] == 0xee);
	hbh1 = diam_get32(out + 12);
	e2e1 = diam_get32(out + 16);
	CU_ASSERT(e2e1 >> 20 == (1700000000u & 0xfff));

	/* Without the optional AVPs; fresh identifiers and Session-Id. */
	p.has = 0;
	p.pdu = pdu;
	len = dtr_encode(out, sizeof(out), &local, &ids, &p, NULL);
	CU_ASSERT_FATAL(len > 0);
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	CU_ASSERT(n == 10);
	CU_ASSERT(a[8].len == 41 && memcmp(a[8].data, pdu, 41) == 0);
	CU_ASSERT(diam_get32(out + 12) != hbh1 && diam_get32(out + 16) != e2e1);
	CU_ASSERT(!(a[0].len == strlen(sid) && memcmp(a[0].data, sid, a[0].len) == 0));

	CU_ASSERT(dtr_encode(out, (uint32_t)len - 1, &local, &ids, &p, NULL) == -ENOSPC);
	p.imsi_len = 16;
	CU_ASSERT(dtr_encode(out, sizeof(out), &local, &ids, &p, NULL) == -EINVAL);
}

/* The A3 library writes the PDU into the reserved Payload, borrowing the
 * eight octets before it; the AVP header is intact afterwards and the UE
 * opens what the DTR carries. */
static void
test_dtr_a3(void)
{
	static uint8_t out[2048], copy[A3_PDU_HEADROOM + 1024];
	static const uint8_t scs[] = "+15550100";
	uint8_t payload[128], kc[16] = {1, 2, 3}, ki[16] = {4, 5, 6}, hdr[12], st = 0xff;
	struct a3_engine *e = a3_engine_create();
	struct a3_keyset ks;
	struct a3_ue_ctx ue;
	struct flat_avp a[32];
	uint8_t *pdu = NULL;
	uint32_t plen = a3_pdu_len(9, sizeof(payload));
	struct dtr_params p = {
		.imsi = (const uint8_t *)"001010123456789", .imsi_len = 15,
		.smea = scs, .smea_len = 9, .reference = 1001, .pdu_len = (uint16_t)plen,
	};
	int len, n;

	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT_FATAL(a3_keyset_init(e, &ks, 1, A3_ALG_AES, A3_ALG_AES, kc, ki, false) == 0);
	memset(payload, 0x3c, sizeof(payload));
	len = dtr_encode(out, sizeof(out), &local, &ids, &p, &pdu);
	CU_ASSERT_FATAL(len > 0 && pdu != NULL);
	memcpy(hdr, pdu - 12, 12);
	struct a3_trigger t = {
		.ks = &ks, .count = 5, .reference = 1001, .app_port = 9200, .scs_id = scs,
		.payload = payload, .payload_len = sizeof(payload), .scs_id_len = 9,
		.priority = 1, .pdu = pdu,
	};
	CU_ASSERT(a3_protect_burst(e, &t, 1, &st) == 1);
	/* The library's scratch: the Payload AVP's header is written again. */
	dtr_payload_hdr(pdu, (uint16_t)plen);
	CU_ASSERT(memcmp(pdu - 12, hdr, 12) == 0);
	n = avp_flatten(out + DIAM_HDR_LEN, out + len, a, 32, 0);
	CU_ASSERT_FATAL(n == 10);
	CU_ASSERT(a[8].code == AVP_PAYLOAD && a[8].data == pdu && a[8].len == plen);
	CU_ASSERT(pdu[0] == A3_PDU_VERSION_TYPE);

	memcpy(copy + A3_PDU_HEADROOM, pdu, plen);
	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &ks);
	struct a3_rx rx = {.ue = &ue, .pdu = copy + A3_PDU_HEADROOM, .len = plen};
	CU_ASSERT(a3_open(e, &rx, 1700000000u) == A3_OK);
	CU_ASSERT(rx.reference == 1001 && rx.app_port == 9200 && rx.priority == 1);
	CU_ASSERT(rx.payload_len == sizeof(payload) && memcmp(rx.payload, payload, 128) == 0);
	a3_keyset_wipe(&ks);
	a3_ue_ctx_wipe(&ue);
	a3_engine_free(e);
}

static void
test_local(void)
{
	struct diam_local l;
	struct diam_idgen g;
	char longname[300];
	uint8_t sid[DIAM_SID_GEN_MAX];
	uint32_t n;

	memset(longname, 'a', sizeof(longname));
	longname[256] = 0;
	CU_ASSERT(diam_local_init(&l, "", "r", "t") == -EINVAL);
	CU_ASSERT(diam_local_init(&l, longname, "r", "t") == -EINVAL);
	longname[255] = 0;
	CU_ASSERT(diam_local_init(&l, longname, "r", "t") == 0);
	CU_ASSERT(l.daa_tmpl_len <= DIAM_TMPL_MAX && l.dtr_tmpl_len <= DIAM_TMPL_MAX);

	/* Session-Ids: "<host>;<hi32>;<worker << 24 | seq>", counted up in
	 * decimal in place; compared with snprintf across every carry and
	 * length change of the first 200,000, then across the 24-bit wrap. */
	diam_idgen_init(&g, &local, 1000, 7);
	n = diam_idgen_session(&g, sid);
	CU_ASSERT(n == strlen("iwf1.iwf.example;1000;117440512"));
	CU_ASSERT(memcmp(sid, "iwf1.iwf.example;1000;117440512", n) == 0);
	for (uint32_t hi = 999999; hi <= 1000000; hi++) {
		char want[DIAM_SID_GEN_MAX + 1];
		int bad = 0;

		diam_idgen_init(&g, &local, hi, 0);
		for (uint32_t i = 0; i < 0x1000000 + 3; i++) {
			uint32_t len = diam_idgen_session_len(&g);

			n = diam_idgen_session(&g, sid);
			if (i >= 200000 && i < 0x1000000 - 3)
				continue;
			snprintf(want, sizeof(want), "iwf1.iwf.example;%u;%u",
				 i < 0x1000000 ? hi : hi + 1, i & 0xffffff);
			bad += n != len || n != strlen(want) || memcmp(sid, want, n) != 0;
		}
		CU_ASSERT_EQUAL(bad, 0);
	}
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"DAA success", test_daa_success},
		{"DAA faults", test_daa_faults},
		{"DAA in place", test_daa_in_place},
		{"DTR", test_dtr},
		{"DTR with an A3-PDU written in place", test_dtr_a3},
		{"local identity", test_local},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"encode", setup, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
