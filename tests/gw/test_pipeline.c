/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway's pipeline, one crafted request at a time, on a port made of
 * rings: every outcome of PROTOCOL.md sections 2-6 that depends on policy or
 * state (refusal order, rate, quota, suspended and dry UEs, TX full, Recall
 * and Replace, strangers, Device-Trigger-Answers), with the DTRs opened by
 * the A3 library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ring.h>

#include "app.h"
#include "dar_build.h"
#include "diam_avp.h"
#include "frame_build.h"
#include "hexutil.h"
#include "testlib.h"
#include "ue_count.h"

#define KIWF "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static struct gw_app app;
static struct rte_ring *rx_ring, *tx_ring;
static char dir[] = "/tmp/mtc-test-gw-XXXXXX";

/* What came out for one request. */
struct out {
	int answers, dtrs;
	uint32_t result, status; /* of the last answer; status UINT32_MAX if absent */
	uint8_t pdu[1200];
	uint32_t pdu_len;
	char user_name[16];
};

static int
write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int
setup(void)
{
	char cfg[1024];
	int port;

	if (mkdtemp(dir) == NULL)
		return 1;
	if (write_file("prov.jsonl",
		   "{\"scs\": \"fleet-a\", \"sources\": [\"198.18.0.0/24\"], \"identities\": "
		   "[\"^\\\\+1555\"], \"require_identity\": true, \"groups\": [\"meters\"], "
		   "\"deny_payload\": [\"(?i)shutdown\"]}\n"
		   "{\"scs\": \"fleet-b\", \"sources\": [\"198.18.2.0/24\"], \"groups\": "
		   "[\"meters\"], \"rate\": 1, \"burst\": 2}\n"
		   "{\"scs\": \"fleet-q\", \"sources\": [\"198.18.3.0/24\"], \"groups\": "
		   "[\"meters\"], \"quota\": 3}\n"
		   "{\"scs\": \"fleet-c\", \"sources\": [\"198.18.4.0/24\"], \"groups\": [\"other\"]}\n"
		   "{\"ue\": \"001010000000001\", \"external_id\": \"u1@iot.example\", \"msisdn\": "
		   "\"15551000001\", \"k_iwf\": \"" KIWF "\", \"ksi\": 3, \"eea\": 2, \"eia\": 2, "
		   "\"groups\": [\"meters\"]}\n"
		   "{\"ue\": \"001010000000002\", \"external_id\": \"u2@iot.example\", \"msisdn\": "
		   "\"15551000002\", \"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 1, \"eia\": 3, "
		   "\"groups\": [\"meters\"], \"suspended\": true}\n"
		   "{\"ue\": \"001010000000003\", \"external_id\": \"u3@iot.example\", \"msisdn\": "
		   "\"15551000003\", \"k_iwf\": \"" KIWF "\", \"ksi\": 1, \"eea\": 3, \"eia\": 1, "
		   "\"groups\": [\"meters\"]}\n") != 0)
		return 1;
	snprintf(cfg, sizeof(cfg),
		 "{\"origin_host\": \"iwf.example\", \"origin_realm\": \"iwf.example\", "
		 "\"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.1\", \"udp_port\": 3868}, "
		 "\"t4\": {\"port\": 0, \"peer_ipv4\": \"198.18.1.2\", \"peer_mac\": "
		 "\"02:00:00:00:01:02\", \"peer_udp_port\": 3868, \"destination_realm\": "
		 "\"smsc.example\"}, \"data_dir\": \"%s/data\", \"provision\": \"prov.jsonl\"}",
		 dir);
	if (write_file("gw.json", cfg) != 0)
		return 1;

	/* TX ring of 64: room for 63 messages, to fill it on purpose. */
	rx_ring = rte_ring_create("gwt_rx", 64, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	tx_ring = rte_ring_create("gwt_tx", 64, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (rx_ring == NULL || tx_ring == NULL)
		return 1;
	port = rte_eth_from_rings("gwt", &rx_ring, 1, &tx_ring, 1, 0);
	if (port != 0)
		return 1;
	static char cfg_path[300];
	snprintf(cfg_path, sizeof(cfg_path), "%s/gw.json", dir);
	app.opts = (struct gw_opts){ .config = cfg_path, .quiet = true, .no_api = true };
	if (gw_app_start(&app) != 0)
		return 1;
	/* The tests drive COUNT reservations themselves. */
	ctl_thread_join(&app.ctl);
	app.ctl_started = false;
	rte_rcu_qsbr_thread_online(app.gw.qs, 0);
	return 0;
}

static int
teardown(void)
{
	char cmd[300];

	rte_rcu_qsbr_thread_offline(app.gw.qs, 0);
	gw_app_stop(&app);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) != 0;
}

static void
walk(const uint8_t *p, const uint8_t *end, bool answer, struct out *o)
{
	struct diam_avp a;

	while (diam_avp_next(&p, end, &a) == DIAM_AVP_OK) {
		if (a.code == AVP_RESULT_CODE)
			o->result = diam_get32(a.data);
		else if (a.code == AVP_DEVICE_NOTIFICATION || a.code == AVP_USER_IDENTIFIER)
			walk(a.data, a.data + a.len, answer, o);
		else if (a.code == AVP_REQUEST_STATUS)
			o->status = diam_get32(a.data);
		else if (a.code == AVP_PAYLOAD && !answer && a.len <= sizeof(o->pdu)) {
			memcpy(o->pdu, a.data, a.len);
			o->pdu_len = a.len;
		} else if (a.code == AVP_USER_NAME && a.len < sizeof(o->user_name)) {
			memcpy(o->user_name, a.data, a.len);
			o->user_name[a.len] = '\0';
		}
	}
}

static void
read_msg(const uint8_t *msg, uint32_t len, struct out *o)
{
	bool answer = !(msg[4] & DIAM_FLAG_R);

	if (answer) {
		o->answers++;
		o->status = UINT32_MAX;
	} else {
		o->dtrs += diam_get24(msg + 5) == DIAM_CMD_DEVICE_TRIGGER;
	}
	walk(msg + DIAM_HDR_LEN, msg + len, answer, o);
}

/* Everything the port was given since the last call. */
static void
drain(struct out *o)
{
	void *objs[64];
	unsigned int n = rte_ring_dequeue_burst(tx_ring, objs, 64, NULL);

	for (unsigned int i = 0; i < n; i++) {
		struct rte_mbuf *m = objs[i];
		const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);

		/* Ethernet, IPv4 without options (the gateway writes none), UDP. */
		read_msg(f + 14 + 20 + 8, m->data_len - 42, o);
		rte_pktmbuf_free(m);
	}
}

/* Sends n copies of a Diameter message from src through one burst. */
static void
send_raw(const uint8_t src[4], const uint8_t *msg, uint32_t len, unsigned int n,
	 struct out *o, bool drained)
{
	struct rte_mbuf *m[GW_BURST];
	struct frame_spec fs;
	static uint8_t frame[DB_MAX + 64];
	size_t flen;

	fb_spec_v4(&fs, app.rt.tsp.wif.mac.addr_bytes);
	memcpy(fs.src, src, 4);
	memcpy(fs.dst, (uint8_t[]){ 198, 18, 0, 1 }, 4);
	flen = fb_udp(frame, &fs, msg, len);
	CU_ASSERT_FATAL(n <= GW_BURST);
	CU_ASSERT_FATAL(rte_pktmbuf_alloc_bulk(app.rt.pool, m, n) == 0);
	for (unsigned int i = 0; i < n; i++) {
		memcpy(rte_pktmbuf_mtod(m[i], uint8_t *), frame, flen);
		m[i]->data_len = m[i]->pkt_len = (uint32_t)flen;
	}
	memset(o, 0, sizeof(*o));
	gw_burst(&app.workers[0], &app.rt.tsp, m, (uint16_t)n);
	rte_rcu_qsbr_quiescent(app.gw.qs, 0);
	if (drained)
		drain(o);
}

static void
send_n(const uint8_t src[4], const struct dar_spec *s, unsigned int n, struct out *o)
{
	static struct dbuf b;
	uint32_t len = dar_build(&b, s);

	send_raw(src, b.b, len, n, o, true);
}

static const uint8_t FLEET_A[4] = { 198, 18, 0, 10 }, FLEET_B[4] = { 198, 18, 2, 10 },
		     FLEET_Q[4] = { 198, 18, 3, 10 }, FLEET_C[4] = { 198, 18, 4, 10 },
		     STRANGER[4] = { 198, 51, 100, 7 };
static uint8_t payload[] = "wake up";
static uint32_t next_ref = 1;

static void
spec(struct dar_spec *s, const char *ue)
{
	dar_spec_typical(s, payload, sizeof(payload) - 1);
	s->ext_id = ue;
	s->reference = next_ref++;
}

/* status of one request from src for ue; asserts one answer came out. */
static uint32_t
status_of(const uint8_t src[4], struct dar_spec *s, struct out *o)
{
	send_n(src, s, 1, o);
	CU_ASSERT(o->answers == 1);
	CU_ASSERT(o->result == DIAM_SUCCESS);
	return o->status;
}

static void
test_delivered_and_opened(void)
{
	struct dar_spec s;
	struct out o;
	struct a3_engine *e = a3_engine_create();
	struct a3_ue_ctx ue;
	struct a3_keyset ks;
	uint8_t kiwf[32], buf[A3_PDU_HEADROOM + 1200];
	uint32_t first = 0;

	CU_ASSERT_FATAL(hex_decode(KIWF, kiwf, 32) == 32);
	CU_ASSERT_FATAL(a3_keyset_from_kiwf(e, &ks, 3, 2, 2, kiwf, false) == 0);
	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &ks);
	for (int i = 0; i < 3; i++) {
		struct a3_rx rx = { .ue = &ue, .pdu = buf + A3_PDU_HEADROOM };

		spec(&s, "u1@iot.example");
		CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SUCCESS);
		CU_ASSERT_FATAL(o.dtrs == 1);
		CU_ASSERT_STRING_EQUAL(o.user_name, "001010000000001");
		memcpy(rx.pdu, o.pdu, o.pdu_len);
		rx.len = o.pdu_len;
		CU_ASSERT_FATAL(a3_open(e, &rx, 0) == A3_OK);
		CU_ASSERT(rx.reference == s.reference);
		CU_ASSERT(rx.payload_len == sizeof(payload) - 1);
		CU_ASSERT(memcmp(rx.payload, payload, rx.payload_len) == 0);
		CU_ASSERT(rx.scs_id_len == 9 && memcmp(rx.scs_id, "+15550100", 9) == 0);
		CU_ASSERT(rx.app_port == 9200 && rx.priority == 1);
		CU_ASSERT(rx.expiry >= app.rt.start_time + 3600);
		/* COUNTs grow, never repeat. */
		if (i > 0)
			CU_ASSERT(rx.count > first);
		first = rx.count;
	}
	a3_engine_free(e);
}

static void
test_scs_refusals_in_order(void)
{
	static uint8_t big[1025], deny[] = "please SHUTDOWN now";
	/* 16 TBCD digits: a well-formed MSISDN that is no UE's key */
	static const uint8_t long_msisdn[] = { 0x51, 0x55, 0x01, 0x00, 0x00, 0x10, 0x32, 0x54 };
	struct dar_spec s;
	struct out o;

	spec(&s, "nobody@iot.example");
	s.scs_id = NULL; /* 103 comes before 102 */
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVSCSID);
	spec(&s, NULL); /* the UEs are looked up before the SCS checks: the order holds */
	s.msisdn = long_msisdn;
	s.msisdn_len = sizeof(long_msisdn);
	s.scs_id = NULL;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVSCSID);
	s.scs_id = "+15550100";
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVEXTID);
	spec(&s, "u1@iot.example");
	s.scs_id = "+4477";
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVSCSID);
	spec(&s, "u1@iot.example");
	s.validity = 604801; /* 104 before 101 */
	s.payload = big;
	s.payload_len = sizeof(big);
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVPERIOD);
	spec(&s, "u1@iot.example");
	s.payload = big;
	s.payload_len = sizeof(big);
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVPAYLOAD);
	spec(&s, "u1@iot.example");
	s.payload = deny;
	s.payload_len = sizeof(deny) - 1;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVPAYLOAD);
	CU_ASSERT(o.dtrs == 0);
}

static void
test_ue_refusals(void)
{
	static const uint8_t unknown_msisdn[] = { 0x51, 0x55, 0x99, 0x99, 0xf9 };
	struct dar_spec s;
	struct out o;

	spec(&s, "nobody@iot.example");
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVEXTID);
	spec(&s, NULL);
	s.msisdn = unknown_msisdn;
	s.msisdn_len = sizeof(unknown_msisdn);
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_INVEXTID);
	spec(&s, "u1@iot.example");
	CU_ASSERT(status_of(FLEET_C, &s, &o) == RS_NOTAUTHORIZED);
	spec(&s, "u2@iot.example");
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SERVICEUNAVAILABLE);
	CU_ASSERT(o.dtrs == 0);
}

/* By MSISDN (TBCD) as well as by External-Identifier. */
static void
test_msisdn(void)
{
	static const uint8_t msisdn[] = { 0x51, 0x55, 0x01, 0x00, 0x00, 0xf1 };
	struct dar_spec s;
	struct out o;

	spec(&s, NULL);
	s.msisdn = msisdn; /* 15551000001 */
	s.msisdn_len = sizeof(msisdn);
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SUCCESS);
	CU_ASSERT(o.dtrs == 1);
	CU_ASSERT_STRING_EQUAL(o.user_name, "001010000000001");
}

static void
test_rate_and_quota(void)
{
	struct dar_spec s;
	struct out o;

	/* Burst 2: the third in a row is over the rate. */
	for (int i = 0; i < 3; i++) {
		spec(&s, "u1@iot.example");
		s.scs_id = NULL;
		CU_ASSERT(status_of(FLEET_B, &s, &o) == (i < 2 ? RS_SUCCESS : RS_RATEEXCEEDED));
	}
	/* Quota 3 a day; a refusal before the quota check does not count. */
	spec(&s, "nobody@iot.example");
	s.scs_id = NULL;
	for (int i = 0; i < 4; i++) {
		spec(&s, "u1@iot.example");
		s.scs_id = NULL;
		CU_ASSERT(status_of(FLEET_Q, &s, &o) == (i < 3 ? RS_SUCCESS : RS_QUOTAEXCEEDED));
	}
}

/* A UE whose reservation ran dry gets 201, and a COUNT is never handed out
 * twice; the next refill brings it back. */
static void
test_reservation_dry(void)
{
	struct ue_ctx *ue = ue_table_lookup(app.gw.ues,
					    ue_key_extid(app.rt.keyer, "u3@iot.example", 14));
	struct dar_spec s;
	struct out o;
	uint64_t used;

	if (ue == NULL) {
		CU_FAIL("u3 not in the table");
		return;
	}
	used = __atomic_load_n(&ue->count_next, __ATOMIC_RELAXED);
	__atomic_store_n(&ue->count_bound, used, __ATOMIC_RELEASE);
	spec(&s, "u3@iot.example");
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_TEMPORARYERROR);
	CU_ASSERT(o.dtrs == 0);
	CU_ASSERT(count_store_refill(app.cs, app.gw.ues) >= 1);
	CU_ASSERT(ue->count_bound > used);
	spec(&s, "u3@iot.example");
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SUCCESS);
	CU_ASSERT(o.dtrs == 1);
	/* The new COUNT is at or above the old bound: nothing below reused. */
	CU_ASSERT(a3_get32(o.pdu + 4) >= used);
}

/* The trigger that takes a UE's COUNT past its low-water mark asks the
 * control thread for a refill, once. */
static void
test_refill_request(void)
{
	struct ue_ctx *ue = ue_table_lookup(app.gw.ues,
					    ue_key_extid(app.rt.keyer, "u3@iot.example", 14));
	void *req[8];
	uint32_t next, lw = app.rt.count_low_water;
	struct dar_spec s;
	struct out o;

	if (ue == NULL) {
		CU_FAIL("u3 not in the table");
		return;
	}
	while (rte_ring_dequeue(app.gw.refill_req, req) == 0)
		;
	next = __atomic_load_n(&ue->count_next, __ATOMIC_RELAXED);
	__atomic_store_n(&ue->count_bound, next + lw + 1, __ATOMIC_RELEASE);
	for (int i = 0; i < 3; i++) {
		spec(&s, "u3@iot.example");
		CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SUCCESS);
	}
	CU_ASSERT_EQUAL(rte_ring_dequeue_burst(app.gw.refill_req, req, 8, NULL), 1);
	CU_ASSERT_PTR_EQUAL(req[0], ue);
	CU_ASSERT_EQUAL(count_store_refill_some(app.cs, (struct ue_ctx *const *)req, 1), 1);
	CU_ASSERT(ue->count_bound > next + lw + 1);
}

static void
test_recall_replace(void)
{
	struct dar_spec s;
	struct out o;
	uint32_t sent_ref;

	spec(&s, "u1@iot.example");
	sent_ref = s.reference;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_SUCCESS);

	spec(&s, "u1@iot.example");
	s.action_type = ACTION_DEVICE_TRIGGER_RECALL;
	s.old_reference = sent_ref;
	s.has_old_reference = 1;
	s.no_trigger_data = 1;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_ORIGINALMESSAGESENT);
	CU_ASSERT(o.dtrs == 0);
	s.old_reference = 999999;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_RECALLFAIL);

	spec(&s, "u1@iot.example");
	s.action_type = ACTION_DEVICE_TRIGGER_REPLACE;
	s.old_reference = sent_ref;
	s.has_old_reference = 1;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_ORIGINALMESSAGESENT);
	CU_ASSERT(o.dtrs == 1); /* the replacement goes out */
	s.old_reference = 999998;
	CU_ASSERT(status_of(FLEET_A, &s, &o) == RS_REPLACEFAIL);
	CU_ASSERT(o.dtrs == 0);
	/* Another SCS cannot recall fleet-a's trigger. */
	spec(&s, "u1@iot.example");
	s.scs_id = NULL;
	s.action_type = ACTION_DEVICE_TRIGGER_RECALL;
	s.old_reference = sent_ref;
	s.has_old_reference = 1;
	s.no_trigger_data = 1;
	CU_ASSERT(status_of(FLEET_C, &s, &o) == RS_RECALLFAIL);
}

static void
test_protocol_fault_and_strangers(void)
{
	uint64_t before = app.workers[0].gc.v[GW_CTR_drop_unknown_source];
	struct dar_spec s;
	struct out o;

	spec(&s, "u1@iot.example");
	s.dest_realm = "elsewhere.example";
	send_n(FLEET_A, &s, 1, &o);
	CU_ASSERT(o.answers == 1 && o.result == DIAM_REALM_NOT_SERVED);
	CU_ASSERT(o.status == UINT32_MAX);
	/* Not reflected to strangers. */
	spec(&s, "u1@iot.example");
	send_n(STRANGER, &s, 1, &o);
	CU_ASSERT(o.answers == 0 && o.dtrs == 0);
	CU_ASSERT(app.workers[0].gc.v[GW_CTR_drop_unknown_source] == before + 1);
}

/* The delivery node's answers are counted by Result-Code, not answered. */
static void
test_dta_counted(void)
{
	const struct wire_counters *c = &app.workers[0].wc;
	uint64_t ok0 = c->v[WIRE_CTR_dta_success], e0 = c->v[WIRE_CTR_dta_5xxx];
	static struct dbuf b;
	struct out o;

	for (uint32_t rc = 2001; rc <= 5001; rc += 3000) {
		memset(&b, 0, sizeof(b));
		db_hdr(&b, DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4, 7, 8);
		db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, "iwf.example;1;2");
		db_u32(&b, AVP_RESULT_CODE, DIAM_AVP_FLAG_M, 0, rc);
		db_str(&b, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, "smsc.example");
		send_raw((uint8_t[]){ 198, 18, 1, 2 }, b.b, db_finish(&b), 1, &o, true);
		CU_ASSERT(o.answers == 0 && o.dtrs == 0);
	}
	CU_ASSERT(c->v[WIRE_CTR_dta_success] == ok0 + 1);
	CU_ASSERT(c->v[WIRE_CTR_dta_5xxx] == e0 + 1);
}

/* A T4 port that takes nothing more: the answer says 3004, nothing is lost
 * silently, and each request is accounted for once. */
static void
test_tx_full(void)
{
	struct gw_counters *c = &app.workers[0].gc;
	uint64_t ok0 = c->v[GW_CTR_rs_0_success], busy0 = c->v[GW_CTR_rc_3004_too_busy];
	struct dar_spec s;
	struct out o;
	unsigned int total = 0;

	/* Three bursts of 32 without draining the ring of 63. */
	for (int k = 0; k < 3; k++) {
		static struct dbuf b;

		spec(&s, "u1@iot.example");
		send_raw(FLEET_A, b.b, dar_build(&b, &s), GW_BURST, &o, false);
		total += GW_BURST;
	}
	CU_ASSERT(c->v[GW_CTR_rc_3004_too_busy] > busy0);
	CU_ASSERT(c->v[GW_CTR_rs_0_success] - ok0 + c->v[GW_CTR_rc_3004_too_busy] - busy0 ==
		  total);
	memset(&o, 0, sizeof(o));
	drain(&o);
	CU_ASSERT(o.dtrs + o.answers == 63);
}

static CU_TestInfo tests[] = {
	{ "delivered: DTR opens, fields and COUNT right", test_delivered_and_opened },
	{ "SCS refusals in the contract's order (103, 104, 101)", test_scs_refusals_in_order },
	{ "UE refusals (102, 105, 106)", test_ue_refusals },
	{ "UE by MSISDN", test_msisdn },
	{ "rate (109) and quota (108)", test_rate_and_quota },
	{ "dry reservation: 201, then resumes above the bound", test_reservation_dry },
	{ "low-water mark crossed: one refill request", test_refill_request },
	{ "Recall and Replace (112, 111, 110)", test_recall_replace },
	{ "protocol fault answered, strangers dropped", test_protocol_fault_and_strangers },
	{ "Device-Trigger-Answers counted", test_dta_counted },
	{ "TX full: 3004, nothing lost silently", test_tx_full },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "gateway-pipeline", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "-l", "0", "--no-shconf",
			"--log-level=*:error", NULL };

	if (rte_eal_init(9, eal) < 0)
		return 2;
	int rc = test_main(argc, argv, suites);
	rte_eal_cleanup();
	return rc;
}
