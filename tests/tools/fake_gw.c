/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stand-in gateway for checking the tools against each other: for every
 * request of mtc-trafgen's pcap it writes what the expect file says the
 * gateway answers (PROTOCOL.md 3), and for every trigger to deliver a DTR
 * (section 4) whose A3-PDU the A3 library protects with one COUNT per UE.
 * Faults can be injected to show that mtc-uecheck notices them:
 *   --flip-pdu    one octet of the first DTR's A3-PDU inverted
 *   --replay-dtr  the first DTR sent twice
 *   --bad-answer  the first answer with a Request-Status given another one
 *
 * usage: fake_gw IN.pcap EXPECT PROVISION OUT.pcap [fault...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "a3.h"
#include "dar_build.h"
#include "diam_read.h"
#include "expect.h"
#include "frame_build.h"
#include "pcap_frames.h"
#include "tool_prov.h"

#define HOST "iwf.example"
#define REALM "example"
#define T4_REALM "smsc.example"

struct fake {
	struct tp_prov prov;
	struct a3_engine *a3;
	struct ex_line *ex;
	size_t n_ex;
	uint32_t *count; /* next COUNT per UE */
	pcap_dumper_t *pd;
	uint32_t seq;
	uint32_t now;
	int flip_pdu, replay_dtr, bad_answer;
};

static const uint8_t gw_mac[6] = { 0x02, 0x70, 0x63, 0x61, 0x70, 0x00 };
static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0x01, 0x02 };

static void
dump(struct fake *f, const struct frame_spec *fs, const struct dbuf *b, int times)
{
	static uint8_t frame[DB_MAX + 128];
	struct pcap_pkthdr h = { .ts = { .tv_sec = f->now } };

	h.caplen = h.len = (uint32_t)fb_udp(frame, fs, b->b, b->len);
	while (times-- > 0)
		pcap_dump((u_char *)f->pd, &h, frame);
}

/* The request's AVP inside Device-Action (and Trigger-Data when td). */
static int
da_avp(const struct dr_msg *m, bool td, uint32_t code, uint32_t vendor, struct diam_avp *a)
{
	struct diam_avp da, t;

	if (dr_find(m->avps, m->avps_len, 3001, DIAM_VENDOR_3GPP, &da) != 1)
		return 0;
	if (!td)
		return dr_find(da.data, da.len, code, vendor, a);
	if (dr_find(da.data, da.len, AVP_TRIGGER_DATA, DIAM_VENDOR_3GPP, &t) != 1)
		return 0;
	return dr_find(t.data, t.len, code, vendor, a);
}

static uint32_t
da_u32(const struct dr_msg *m, bool td, uint32_t code, uint32_t dflt, int *has)
{
	struct diam_avp a;
	int n = da_avp(m, td, code, DIAM_VENDOR_3GPP, &a);

	if (code == AVP_VALIDITY_TIME)
		n = da_avp(m, td, code, 0, &a);
	if (has)
		*has = n == 1 && a.len == 4;
	return n == 1 && a.len == 4 ? diam_get32(a.data) : dflt;
}

static void
answer(struct fake *f, const struct pf_udp *in, const struct dr_msg *m, const struct ex_line *e)
{
	static struct dbuf b;
	struct diam_avp sid, id;
	struct frame_spec fs;
	char made[64];
	int32_t status = e->status;
	uint8_t flags = DIAM_FLAG_P | (e->result >= 3000 && e->result < 4000 ? DIAM_FLAG_E : 0);

	if (status >= 0 && f->bad_answer) {
		status = status == 0 ? 102 : 0;
		f->bad_answer = 0;
	}
	db_hdr(&b, flags, DIAM_CMD_DEVICE_ACTION, DIAM_APP_TSP, m->hbh, m->e2e);
	if (dr_find(m->avps, m->avps_len, AVP_SESSION_ID, 0, &sid) >= 1 && sid.len)
		db_avp(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, sid.data, sid.len);
	else {
		snprintf(made, sizeof(made), HOST ";%u;%u", f->now, ++f->seq);
		db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, made);
	}
	db_u32(&b, AVP_AUTH_APPLICATION_ID, DIAM_AVP_FLAG_M, 0, DIAM_APP_TSP);
	db_u32(&b, AVP_AUTH_SESSION_STATE, DIAM_AVP_FLAG_M, 0, DIAM_NO_STATE_MAINTAINED);
	db_str(&b, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, HOST);
	db_str(&b, AVP_ORIGIN_REALM, DIAM_AVP_FLAG_M, 0, REALM);
	db_u32(&b, AVP_RESULT_CODE, DIAM_AVP_FLAG_M, 0, e->result);
	if (status >= 0) {
		db_begin(&b, AVP_DEVICE_NOTIFICATION, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP);
		if (da_avp(m, false, AVP_EXTERNAL_IDENTIFIER, DIAM_VENDOR_3GPP, &id) == 1 ||
		    da_avp(m, false, AVP_MSISDN, DIAM_VENDOR_3GPP, &id) == 1)
			db_avp(&b, id.code, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, id.data, id.len);
		if (da_avp(m, false, AVP_SCS_IDENTITY, DIAM_VENDOR_3GPP, &id) == 1)
			db_avp(&b, id.code, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, id.data, id.len);
		db_u32(&b, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP,
		       da_u32(m, false, AVP_REFERENCE_NUMBER, 0, NULL));
		db_u32(&b, AVP_ACTION_TYPE, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP,
		       da_u32(m, false, AVP_ACTION_TYPE, 0, NULL));
		db_u32(&b, AVP_REQUEST_STATUS, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, (uint32_t)status);
		db_end(&b);
	}
	db_finish(&b);
	fb_spec_v4(&fs, gw_mac);
	memcpy(fs.src_mac, gw_mac, 6);
	memcpy(fs.dst_mac, peer_mac, 6);
	fs.ipv6 = in->v6;
	memcpy(fs.src, in->dst, 16);
	memcpy(fs.dst, in->src, 16);
	fs.sport = in->dport;
	fs.dport = in->sport;
	dump(f, &fs, &b, 1);
}

/* The protected trigger in a DTR toward the delivery node. */
static int
deliver(struct fake *f, const struct dr_msg *m, const struct ex_line *e)
{
	static struct dbuf b;
	static uint8_t buf[A3_PDU_HEADROOM + 4096];
	const struct tp_ue *u = tp_ue_by_imsi(&f->prov, e->imsi);
	struct a3_keyset ks;
	struct diam_avp pl = { 0 }, sid = { 0 };
	struct frame_spec fs;
	struct a3_trigger t;
	int has_vt, has_prio, has_port;
	uint32_t vt = da_u32(m, false, AVP_VALIDITY_TIME, 0, &has_vt);
	uint32_t prio = da_u32(m, true, AVP_PRIORITY_INDICATION, 0, &has_prio);
	uint32_t port = da_u32(m, true, AVP_APPLICATION_PORT_IDENTIFIER, 0, &has_port);
	uint32_t ref = da_u32(m, false, AVP_REFERENCE_NUMBER, 0, NULL);
	uint8_t st;
	char s[64];

	da_avp(m, true, AVP_PAYLOAD, DIAM_VENDOR_3GPP, &pl);
	da_avp(m, false, AVP_SCS_IDENTITY, DIAM_VENDOR_3GPP, &sid);
	if (u == NULL || pl.len > 2048 ||
	    a3_keyset_from_kiwf(f->a3, &ks, u->ksi, u->eea, u->eia, u->kiwf, false) != 0)
		return -1;
	t = (struct a3_trigger){
		.ks = &ks, .count = f->count[u - f->prov.ue]++, .reference = ref,
		.expiry = has_vt ? f->now + vt : 0, .app_port = has_port ? port : 0,
		.scs_id = sid.data, .scs_id_len = (uint8_t)sid.len, .payload = pl.data,
		.payload_len = (uint16_t)pl.len, .priority = (uint8_t)prio, .pdu = buf + A3_PDU_HEADROOM,
	};
	if (a3_protect_burst(f->a3, &t, 1, &st) != 1)
		return -1;
	a3_keyset_wipe(&ks);
	if (f->flip_pdu) {
		buf[A3_PDU_HEADROOM + A3_PDU_HDR_LEN + 1] ^= 0xff;
		f->flip_pdu = 0;
	}
	f->seq++;
	db_hdr(&b, DIAM_FLAG_R | DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4, f->seq, f->seq);
	snprintf(s, sizeof(s), HOST ";%u;%u", f->now, f->seq);
	db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, s);
	db_u32(&b, AVP_AUTH_SESSION_STATE, DIAM_AVP_FLAG_M, 0, DIAM_NO_STATE_MAINTAINED);
	db_str(&b, AVP_ORIGIN_HOST, DIAM_AVP_FLAG_M, 0, HOST);
	db_str(&b, AVP_ORIGIN_REALM, DIAM_AVP_FLAG_M, 0, REALM);
	db_str(&b, AVP_DESTINATION_REALM, DIAM_AVP_FLAG_M, 0, T4_REALM);
	db_begin(&b, AVP_USER_IDENTIFIER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP);
	db_str(&b, AVP_USER_NAME, DIAM_AVP_FLAG_M, 0, u->imsi);
	db_end(&b);
	if (sid.len)
		db_avp(&b, AVP_SM_RP_SMEA, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, sid.data, sid.len);
	else
		db_str(&b, AVP_SM_RP_SMEA, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, e->scs);
	db_avp(&b, AVP_PAYLOAD, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, t.pdu,
	       a3_pdu_len(t.scs_id_len, t.payload_len));
	db_u32(&b, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, ref);
	if (has_vt)
		db_u32(&b, AVP_VALIDITY_TIME, DIAM_AVP_FLAG_M, 0, vt);
	if (has_prio)
		db_u32(&b, AVP_PRIORITY_INDICATION, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, prio);
	db_finish(&b);
	fb_spec_v4(&fs, peer_mac);
	memcpy(fs.src_mac, gw_mac, 6);
	memcpy(fs.src, (const uint8_t[4]){ 198, 18, 1, 1 }, 4);
	memcpy(fs.dst, (const uint8_t[4]){ 198, 18, 1, 2 }, 4);
	fs.sport = fs.dport = DIAM_UDP_PORT;
	dump(f, &fs, &b, f->replay_dtr ? 2 : 1);
	f->replay_dtr = 0;
	return 0;
}

static int
run(struct fake *f, const char *in)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(in, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc = 0;

	if (pc == NULL) {
		fprintf(stderr, "fake_gw: %s: %s\n", in, err);
		return -1;
	}
	while (rc == 0 && pcap_next_ex(pc, &h, &d) == 1) {
		struct pf_udp u;
		struct dr_msg m;
		const struct ex_line *e;

		if (pf_parse_udp(d, h->caplen, &u) != 0 || u.msg_len < DIAM_HDR_LEN)
			continue;
		dr_header(u.msg, u.msg_len, &m);
		e = ex_find(f->ex, f->n_ex, m.hbh);
		if (e == NULL || e->result == 0)
			continue;
		if (e->dtr && (e->status == 0 || e->status == 112))
			rc = deliver(f, &m, e);
		answer(f, &u, &m, e);
	}
	pcap_close(pc);
	if (rc != 0)
		fprintf(stderr, "fake_gw: a trigger could not be protected\n");
	return rc;
}

int
main(int argc, char **argv)
{
	static struct fake f;
	char err[512];
	pcap_t *dead = NULL;
	int rc = 1;

	if (argc < 5) {
		fprintf(stderr, "usage: fake_gw IN.pcap EXPECT PROVISION OUT.pcap "
				"[--flip-pdu] [--replay-dtr] [--bad-answer]\n");
		return 2;
	}
	for (int i = 5; i < argc; i++) {
		f.flip_pdu |= strcmp(argv[i], "--flip-pdu") == 0;
		f.replay_dtr |= strcmp(argv[i], "--replay-dtr") == 0;
		f.bad_answer |= strcmp(argv[i], "--bad-answer") == 0;
	}
	f.now = (uint32_t)time(NULL);
	if (ex_load(argv[2], &f.ex, &f.n_ex, err, sizeof(err)) != 0 ||
	    tp_load(argv[3], &f.prov, err, sizeof(err)) != 0) {
		fprintf(stderr, "fake_gw: %s\n", err);
		goto out;
	}
	f.count = calloc(f.prov.n_ue + 1, sizeof(*f.count));
	f.a3 = a3_engine_create();
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	f.pd = dead ? pcap_dump_open(dead, argv[4]) : NULL;
	if (f.count == NULL || f.a3 == NULL || f.pd == NULL) {
		fprintf(stderr, "fake_gw: cannot set up (memory, crypto engine or %s)\n", argv[4]);
		goto out;
	}
	rc = run(&f, argv[1]) == 0 ? 0 : 1;
out:
	if (f.pd)
		pcap_dump_close(f.pd);
	if (dead)
		pcap_close(dead);
	if (f.a3)
		a3_engine_free(f.a3);
	free(f.count);
	free(f.ex);
	tp_free(&f.prov);
	return rc;
}
