/* SPDX-License-Identifier: BSD-3-Clause */
/* A3-PDUs (PROTOCOL.md 5.3-5.5): the vectors both ways, as single calls and
 * as one mixed burst, and every way a PDU must be refused. */
#include <string.h>

#include "a3.h"
#include "testlib.h"

#define PDU_MAX 2048

struct vec {
	struct a3_keyset ks;
	struct a3_ue_ctx ue;
	uint32_t count, ref, expiry, port;
	uint8_t priority;
	uint8_t scs_id[64];
	uint8_t payload[1024];
	uint8_t pdu[PDU_MAX];
	size_t scs_id_len, payload_len, pdu_len;
};

static struct a3_engine *eng;
static struct vec vecs[16];
static size_t nvec;
/* PDU buffers with headroom, and canaries around them. */
static uint8_t bufs[16][A3_PDU_HEADROOM + PDU_MAX + 16];

static int
setup(void)
{
	json_t *all = test_vectors("a3-pdu.json"), *v;
	size_t i;

	eng = a3_engine_create();
	if (eng == NULL || all == NULL || json_array_size(all) > 16)
		return 1;
	json_array_foreach(all, i, v) {
		struct vec *x = &vecs[i];
		uint8_t kiwf[32], conf[16], integ[16];
		uint8_t eea = (uint8_t)test_uint(v, "eea"), eia = (uint8_t)test_uint(v, "eia");

		test_hex(v, "K_iwf", kiwf, sizeof(kiwf));
		test_hex(v, "K_di_conf", conf, sizeof(conf));
		test_hex(v, "K_di_int", integ, sizeof(integ));
		if (a3_keyset_from_kiwf(eng, &x->ks, (uint8_t)test_uint(v, "ksi"), eea, eia,
					kiwf, true) != 0)
			return 1;
		/* The same keys installed directly give the same schedules. */
		struct a3_keyset direct = {0}; /* the spare octets are the caller's */
		if (a3_keyset_init(eng, &direct, x->ks.ksi, eea, eia, conf, integ, true) != 0 ||
		    memcmp(&direct, &x->ks, sizeof(direct)) != 0)
			return 1;
		x->count = (uint32_t)test_uint(v, "count");
		x->ref = (uint32_t)test_uint(v, "reference_number");
		x->expiry = (uint32_t)test_uint(v, "expiry");
		x->port = (uint32_t)test_uint(v, "application_port");
		x->priority = (uint8_t)test_uint(v, "priority");
		x->scs_id_len = test_hex(v, "scs_identity", x->scs_id, sizeof(x->scs_id));
		x->payload_len = test_hex(v, "payload", x->payload, sizeof(x->payload));
		x->pdu_len = test_hex(v, "pdu", x->pdu, sizeof(x->pdu));
		a3_ue_ctx_init(&x->ue);
		a3_ue_ctx_rekey(&x->ue, &x->ks);
	}
	nvec = i;
	json_decref(all);
	return 0;
}

static int
teardown(void)
{
	a3_engine_free(eng);
	return 0;
}

static void
trigger_of(const struct vec *x, uint8_t *buf, struct a3_trigger *t)
{
	memset(buf, 0xa5, A3_PDU_HEADROOM + PDU_MAX + 16);
	*t = (struct a3_trigger){
		.ks = &x->ks, .count = x->count, .reference = x->ref,
		.expiry = x->expiry, .app_port = x->port, .priority = x->priority,
		.scs_id = x->scs_id, .scs_id_len = (uint8_t)x->scs_id_len,
		.payload = x->payload, .payload_len = (uint16_t)x->payload_len,
		.pdu = buf + A3_PDU_HEADROOM,
	};
}

static void
check_protected(const struct vec *x, const uint8_t *buf)
{
	CU_ASSERT(a3_pdu_len((uint8_t)x->scs_id_len, (uint32_t)x->payload_len) == x->pdu_len);
	CU_ASSERT(memcmp(buf + A3_PDU_HEADROOM, x->pdu, x->pdu_len) == 0);
	/* The headroom is scratch; nothing after the PDU is touched. */
	CU_ASSERT(buf[A3_PDU_HEADROOM + x->pdu_len] == 0xa5);
}

static void
test_protect_single(void)
{
	CU_ASSERT_FATAL(nvec >= 11);
	for (size_t i = 0; i < nvec; i++) {
		struct a3_trigger t;
		uint8_t st = 0xff;

		trigger_of(&vecs[i], bufs[0], &t);
		CU_ASSERT(a3_protect_burst(eng, &t, 1, &st) == 1);
		CU_ASSERT(st == A3_OK);
		check_protected(&vecs[i], bufs[0]);
	}
}

/* One burst mixing every algorithm pair, KSI and length of the vectors. */
static void
test_protect_burst(void)
{
	struct a3_trigger t[16];
	uint8_t st[16];

	for (size_t i = 0; i < nvec; i++)
		trigger_of(&vecs[i], bufs[i], &t[i]);
	CU_ASSERT(a3_protect_burst(eng, t, (unsigned int)nvec, st) == nvec);
	for (size_t i = 0; i < nvec; i++) {
		CU_ASSERT(st[i] == A3_OK);
		check_protected(&vecs[i], bufs[i]);
	}
}

/* The plaintext may already sit where it goes (the gateway writes it so). */
static void
test_protect_in_place(void)
{
	const struct vec *x = &vecs[2];
	uint8_t *pdu = bufs[0] + A3_PDU_HEADROOM;
	struct a3_trigger t;

	trigger_of(x, bufs[0], &t);
	memcpy(pdu + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN, x->scs_id, x->scs_id_len);
	memcpy(pdu + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN + x->scs_id_len, x->payload,
	       x->payload_len);
	t.scs_id = pdu + A3_PDU_HDR_LEN + A3_PT_FIXED_LEN;
	t.payload = t.scs_id + x->scs_id_len;
	CU_ASSERT(a3_protect_burst(eng, &t, 1, NULL) == 1);
	check_protected(x, bufs[0]);
}

static void
load_rx(struct vec *x, uint8_t *buf, struct a3_rx *rx, struct a3_ue_ctx *ue)
{
	memcpy(buf + A3_PDU_HEADROOM, x->pdu, x->pdu_len);
	*rx = (struct a3_rx){ .ue = ue, .pdu = buf + A3_PDU_HEADROOM,
			      .len = (uint32_t)x->pdu_len };
}

static void
test_open_vectors(void)
{
	for (size_t i = 0; i < nvec; i++) {
		struct vec *x = &vecs[i];
		struct a3_ue_ctx ue;
		struct a3_rx rx;

		a3_ue_ctx_init(&ue);
		a3_ue_ctx_rekey(&ue, &x->ks);
		load_rx(x, bufs[0], &rx, &ue);
		CU_ASSERT_FATAL(a3_open(eng, &rx, 0) == A3_OK);
		CU_ASSERT(rx.count == x->count);
		CU_ASSERT(rx.reference == x->ref);
		CU_ASSERT(rx.expiry == x->expiry);
		CU_ASSERT(rx.app_port == x->port);
		CU_ASSERT(rx.priority == x->priority);
		CU_ASSERT(rx.scs_id_len == x->scs_id_len);
		CU_ASSERT(memcmp(rx.scs_id, x->scs_id, x->scs_id_len) == 0);
		CU_ASSERT(rx.payload_len == x->payload_len);
		CU_ASSERT(memcmp(rx.payload, x->payload, x->payload_len) == 0);
		/* The same PDU again is a replay. */
		load_rx(x, bufs[0], &rx, &ue);
		CU_ASSERT(a3_open(eng, &rx, 0) == A3_ERR_REPLAY);
	}
}

static void
test_open_burst(void)
{
	struct a3_ue_ctx ue[16];
	struct a3_rx rx[16];
	uint8_t st[16];

	for (size_t i = 0; i < nvec; i++) {
		a3_ue_ctx_init(&ue[i]);
		a3_ue_ctx_rekey(&ue[i], &vecs[i].ks);
		load_rx(&vecs[i], bufs[i], &rx[i], &ue[i]);
	}
	CU_ASSERT(a3_open_burst(eng, rx, (unsigned int)nvec, 0, st) == nvec);
	for (size_t i = 0; i < nvec; i++) {
		CU_ASSERT(st[i] == A3_OK);
		CU_ASSERT(rx[i].payload_len == vecs[i].payload_len);
		CU_ASSERT(memcmp(rx[i].payload, vecs[i].payload, vecs[i].payload_len) == 0);
	}
}

/* Opens vector 1 (EEA2/EIA2, KSI 1) after mutate() changed the received copy. */
static enum a3_status
open_mutated(void (*mutate)(uint8_t *pdu, uint32_t *len), uint64_t now)
{
	struct vec *x = &vecs[1];
	struct a3_ue_ctx ue;
	struct a3_rx rx;

	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &x->ks);
	load_rx(x, bufs[0], &rx, &ue);
	if (mutate)
		mutate(rx.pdu, &rx.len);
	return a3_open(eng, &rx, now);
}

static void m_version(uint8_t *p, uint32_t *l) { (void)l; p[0] = 0x21; }
static void m_type(uint8_t *p, uint32_t *l) { (void)l; p[0] = 0x12; }
static void m_reserved(uint8_t *p, uint32_t *l) { (void)l; p[1] |= 0x01; }
static void m_flags(uint8_t *p, uint32_t *l) { (void)l; p[3] |= 0x80; }
static void m_ksi(uint8_t *p, uint32_t *l) { (void)l; p[1] = 0x20; }
static void m_alg(uint8_t *p, uint32_t *l) { (void)l; p[2] = 0x23; }
static void m_priority(uint8_t *p, uint32_t *l) { (void)l; p[3] ^= 0x01; }
static void m_count(uint8_t *p, uint32_t *l) { (void)l; p[7] ^= 0x01; }
static void m_ciphertext(uint8_t *p, uint32_t *l) { p[*l / 2] ^= 0x10; }
static void m_mac(uint8_t *p, uint32_t *l) { p[*l - 1] ^= 0x01; }
static void m_truncated(uint8_t *p, uint32_t *l) { (void)p; *l -= 1; }
static void m_short(uint8_t *p, uint32_t *l) { (void)p; *l = 9; }
static void m_length(uint8_t *p, uint32_t *l) { (void)l; p[9] += 1; }

static void
test_open_refusals(void)
{
	CU_ASSERT(open_mutated(NULL, 0) == A3_OK);
	CU_ASSERT(open_mutated(m_version, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_type, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_reserved, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_flags, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_truncated, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_short, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_length, 0) == A3_ERR_HEADER);
	CU_ASSERT(open_mutated(m_ksi, 0) == A3_ERR_KSI);
	CU_ASSERT(open_mutated(m_alg, 0) == A3_ERR_ALG);
	/* The header is authenticated: any changed bit fails the MAC. */
	CU_ASSERT(open_mutated(m_priority, 0) == A3_ERR_MAC);
	CU_ASSERT(open_mutated(m_count, 0) == A3_ERR_MAC);
	CU_ASSERT(open_mutated(m_ciphertext, 0) == A3_ERR_MAC);
	CU_ASSERT(open_mutated(m_mac, 0) == A3_ERR_MAC);
	/* Vector 1 expires at 1795000000. */
	CU_ASSERT(open_mutated(NULL, 1795000000) == A3_OK);
	CU_ASSERT(open_mutated(NULL, 1795000001) == A3_ERR_EXPIRED);
}

/* A PDU that failed its MAC is neither decrypted nor counted as seen. */
static void
test_open_failed_mac_leaves_state(void)
{
	struct vec *x = &vecs[1];
	struct a3_ue_ctx ue;
	struct a3_rx rx;

	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &x->ks);
	load_rx(x, bufs[0], &rx, &ue);
	rx.pdu[rx.len - 1] ^= 0xff;
	CU_ASSERT(a3_open(eng, &rx, 0) == A3_ERR_MAC);
	CU_ASSERT(memcmp(rx.pdu, x->pdu, rx.len - 1) == 0);
	CU_ASSERT(ue.win[0].started == 0);
	load_rx(x, bufs[0], &rx, &ue);
	CU_ASSERT(a3_open(eng, &rx, 0) == A3_OK);
}

/* Protect COUNTs out of order and twice in one burst: the UE accepts each
 * once, refuses the duplicate in the same burst and anything below the window. */
static void
test_replay_window(void)
{
	static const uint32_t counts[] = { 100, 40, 99, 100, 37, 36, 163, 99, 100, 30 };
	/* After 100 the window is 37..100; after 163 it is 100..163. */
	static const uint8_t want[] = { A3_OK, A3_OK, A3_OK, A3_ERR_REPLAY, A3_OK,
					A3_ERR_REPLAY, A3_OK, A3_ERR_REPLAY,
					A3_ERR_REPLAY, A3_ERR_REPLAY };
	enum { N = sizeof(counts) / sizeof(counts[0]) };
	static uint8_t b[N][A3_PDU_HEADROOM + 64];
	struct a3_trigger t[N];
	struct a3_rx rx[N];
	struct a3_ue_ctx ue;
	uint8_t st[N];

	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &vecs[0].ks);
	for (unsigned int i = 0; i < N; i++) {
		t[i] = (struct a3_trigger){ .ks = &vecs[0].ks, .count = counts[i],
					    .reference = i, .pdu = b[i] + A3_PDU_HEADROOM };
		rx[i] = (struct a3_rx){ .ue = &ue, .pdu = t[i].pdu,
					.len = a3_pdu_len(0, 0) };
	}
	CU_ASSERT_FATAL(a3_protect_burst(eng, t, N, st) == N);
	a3_open_burst(eng, rx, N, 0, st);
	for (unsigned int i = 0; i < N; i++)
		CU_ASSERT(st[i] == want[i]);
	CU_ASSERT(rx[6].reference == 6);
}

/* The UE keeps the previous key set: a PDU under the old KSI still opens
 * after a rekey, one under neither does not. */
static void
test_rekey_previous_set(void)
{
	struct a3_ue_ctx ue;
	struct a3_rx rx;

	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, &vecs[1].ks); /* KSI 1 */
	a3_ue_ctx_rekey(&ue, &vecs[2].ks); /* KSI 3 */
	load_rx(&vecs[1], bufs[0], &rx, &ue);
	CU_ASSERT(a3_open(eng, &rx, 0) == A3_OK);
	load_rx(&vecs[2], bufs[0], &rx, &ue);
	CU_ASSERT(a3_open(eng, &rx, 0) == A3_OK);
	a3_ue_ctx_rekey(&ue, &vecs[4].ks); /* KSI 4: KSI 1 is gone */
	load_rx(&vecs[1], bufs[0], &rx, &ue);
	rx.ue->win[1].started = 0;
	CU_ASSERT(a3_open(eng, &rx, 0) == A3_ERR_KSI);
	a3_ue_ctx_wipe(&ue);
	CU_ASSERT(ue.set[0].valid == 0);
}

static void
test_protect_refusals(void)
{
	struct a3_keyset unset = { .valid = 0 };
	struct a3_trigger t[4];
	uint8_t st[4];

	for (int i = 0; i < 4; i++)
		trigger_of(&vecs[1], bufs[i], &t[i]);
	t[0].scs_id_len = 65;
	t[1].ks = &unset;
	t[3].payload_len = 0xffff;
	CU_ASSERT(a3_protect_burst(eng, t, 4, st) == 1);
	CU_ASSERT(st[0] == A3_ERR_HEADER);
	CU_ASSERT(st[1] == A3_ERR_KSI);
	CU_ASSERT(st[2] == A3_OK);
	CU_ASSERT(st[3] == A3_ERR_HEADER);
	check_protected(&vecs[1], bufs[2]);
}

/* Bursts longer than one submission, with every algorithm pair. */
static void
test_long_burst_roundtrip(void)
{
	enum { N = 200 };
	static uint8_t b[N][A3_PDU_HEADROOM + 256];
	static struct a3_trigger t[N];
	static struct a3_rx rx[N];
	static struct a3_ue_ctx ue[16];
	static uint8_t st[N], payload[N][100];

	for (unsigned int u = 0; u < nvec; u++) {
		a3_ue_ctx_init(&ue[u]);
		a3_ue_ctx_rekey(&ue[u], &vecs[u].ks);
	}
	for (unsigned int i = 0; i < N; i++) {
		unsigned int u = i % nvec;

		memset(payload[i], (int)i, sizeof(payload[i]));
		t[i] = (struct a3_trigger){ .ks = &vecs[u].ks, .count = i, .reference = i,
					    .payload = payload[i], .payload_len = (uint16_t)(i % 100),
					    .pdu = b[i] + A3_PDU_HEADROOM };
		rx[i] = (struct a3_rx){ .ue = &ue[u], .pdu = t[i].pdu,
					.len = a3_pdu_len(0, i % 100) };
	}
	CU_ASSERT(a3_protect_burst(eng, t, N, st) == N);
	CU_ASSERT(a3_open_burst(eng, rx, N, 0, st) == N);
	for (unsigned int i = 0; i < N; i++) {
		CU_ASSERT(rx[i].reference == i);
		CU_ASSERT(rx[i].payload_len == i % 100);
		CU_ASSERT(memcmp(rx[i].payload, payload[i], i % 100) == 0);
	}
}

static CU_TestInfo tests[] = {
	{ "protect: every vector, one at a time", test_protect_single },
	{ "protect: every vector in one burst", test_protect_burst },
	{ "protect: plaintext already in place", test_protect_in_place },
	{ "protect: malformed triggers refused, others done", test_protect_refusals },
	{ "open: every vector, then its replay", test_open_vectors },
	{ "open: every vector in one burst", test_open_burst },
	{ "open: tampered, truncated, wrong KSI/alg, expired", test_open_refusals },
	{ "open: failed MAC leaves PDU and window alone", test_open_failed_mac_leaves_state },
	{ "open: 64-wide replay window within a burst", test_replay_window },
	{ "open: previous key set after rekey", test_rekey_previous_set },
	{ "round trip: 200 triggers, all pairs", test_long_burst_roundtrip },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "a3-pdu", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	return test_main(argc, argv, suites);
}
