/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes the seed corpora: DARs (typical, MSISDN, recall/replace, and one of
 * each fault) to <dir>/dar, and the same as frames over IPv4/IPv6/VLAN plus
 * ARP and ND to <dir>/rx (with the harness's leading selector octet).
 *
 *   gen_corpus tests/fuzz/corpus
 */
#include <stdio.h>
#include <string.h>

#include "dar_build.h"
#include "diam_codes.h"
#include "frame_build.h"

static const char *dir;
static const uint8_t our_mac[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01};

static void
save(const char *sub, const char *name, const uint8_t *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(p, 1, len, f) != len) {
		perror(path);
		return;
	}
	fclose(f);
}

static void
save_frames(const char *name, const uint8_t *msg, size_t len, int variants)
{
	static uint8_t frame[DB_MAX + 128];
	struct frame_spec f;
	char n[256];
	size_t fl;

	save("dar", name, msg, len);
	if (!variants)
		return;
	fb_spec_v4(&f, our_mac);
	frame[0] = 0;
	fl = fb_udp(frame + 1, &f, msg, len);
	snprintf(n, sizeof(n), "v4-%s", name);
	save("rx", n, frame, fl + 1);
	fb_spec_v6(&f, our_mac);
	f.vlan = 100;
	fl = fb_udp(frame + 1, &f, msg, len);
	snprintf(n, sizeof(n), "v6-vlan-%s", name);
	save("rx", n, frame, fl + 1);
}

static void
unknown_m(struct dbuf *b, enum db_level where, void *arg)
{
	if (where == *(enum db_level *)arg)
		db_u32(b, 9999, DIAM_AVP_FLAG_M, 0, 1);
}

static void
repeated(struct dbuf *b, enum db_level where, void *arg)
{
	(void)arg;
	if (where == DB_DEVICE_ACTION)
		db_u32(b, AVP_REFERENCE_NUMBER, DIAM_AVP_FLAG_M, DIAM_VENDOR_3GPP, 5);
}

int
main(int argc, char **argv)
{
	static struct dbuf b;
	static const uint8_t payload[128] = {1, 2, 3, 4, 5};
	static const uint8_t msisdn[6] = {0x51, 0x55, 0x10, 0x00, 0x00, 0xf1};
	struct dar_spec s;
	enum db_level lv[3] = {DB_TOP, DB_DEVICE_ACTION, DB_TRIGGER_DATA};
	uint8_t frame[256];
	size_t len;
	int i;

	dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";

#define EMIT(name, variants, change)                                                          \
	do {                                                                                  \
		dar_spec_typical(&s, payload, 4);                                             \
		change;                                                                       \
		dar_build(&b, &s);                                                            \
		save_frames(name, b.b, b.len, variants);                                      \
	} while (0)

	EMIT("typical", 1, (void)0);
	EMIT("payload128", 1, s.payload_len = 128);
	EMIT("msisdn", 1, (s.ext_id = NULL, s.msisdn = msisdn, s.msisdn_len = 6, s.scs_id = NULL));
	EMIT("recall", 1, (s.action_type = 3, s.has_old_reference = 1, s.no_trigger_data = 1));
	EMIT("replace", 0, (s.action_type = 4, s.has_old_reference = 1));
	EMIT("auth-app", 0, (s.has_auth_app = 1, s.auth_app = DIAM_APP_TSP));
	EMIT("no-session", 1, s.session_id = NULL);
	EMIT("no-ref", 0, s.no_reference = 1);
	EMIT("no-payload", 0, s.no_payload = 1);
	EMIT("bad-action", 0, s.action_type = 2);
	EMIT("bad-priority", 0, s.priority = 3);
	EMIT("realm", 1, s.dest_realm = "other.example");
	EMIT("cmd", 0, s.cmd = DIAM_CMD_DEVICE_TRIGGER);
	EMIT("answer", 0, s.flags = DIAM_FLAG_P);
	EMIT("repeated", 0, s.hook = repeated);
	for (i = 0; i < 3; i++) {
		char n[32];

		snprintf(n, sizeof(n), "unknown-m-%d", i);
		EMIT(n, 0, (s.hook = unknown_m, s.arg = &lv[i]));
	}
	/* A DTA, for the DTA decoder. */
	db_hdr(&b, DIAM_FLAG_P, DIAM_CMD_DEVICE_TRIGGER, DIAM_APP_T4, 1, 2);
	db_str(&b, AVP_SESSION_ID, DIAM_AVP_FLAG_M, 0, "iwf;1;2");
	db_u32(&b, AVP_RESULT_CODE, DIAM_AVP_FLAG_M, 0, DIAM_SUCCESS);
	db_begin(&b, AVP_EXPERIMENTAL_RESULT, DIAM_AVP_FLAG_M, 0);
	db_u32(&b, AVP_VENDOR_ID, DIAM_AVP_FLAG_M, 0, DIAM_VENDOR_3GPP);
	db_u32(&b, AVP_EXPERIMENTAL_RESULT_CODE, DIAM_AVP_FLAG_M, 0, 5550);
	db_end(&b);
	save("dar", "dta", b.b, db_finish(&b));

	/* ARP and ND. */
	{
		static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, z[6];
		static const uint8_t peer[6] = {2, 0, 0, 0, 0, 1}, hop[6] = {2, 0, 0, 0, 0, 0x99};
		static const uint8_t pip[4] = {192, 0, 2, 1}, oip[4] = {192, 0, 2, 10},
				     hip[4] = {192, 0, 2, 254};
		static const uint8_t o6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
		static const uint8_t h6[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 1};
		static const uint8_t sn6[16] = {0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 0x10};
		static const uint8_t snm[6] = {0x33, 0x33, 0xff, 0, 0, 0x10};

		frame[0] = 0;
		len = fb_arp(frame + 1, bc, peer, 1, pip, z, oip);
		save("rx", "arp-request", frame, len + 1);
		len = fb_arp(frame + 1, our_mac, hop, 2, hip, our_mac, oip);
		save("rx", "arp-reply", frame, len + 1);
		len = fb_nd(frame + 1, hop, snm, 135, h6, sn6, o6, hop, 255);
		save("rx", "ns", frame, len + 1);
		len = fb_nd(frame + 1, hop, snm, 135, (const uint8_t[16]){0}, sn6, o6, NULL, 255);
		save("rx", "ns-dad", frame, len + 1);
		len = fb_nd(frame + 1, hop, our_mac, 136, h6, o6, h6, hop, 255);
		save("rx", "na", frame, len + 1);
	}
	/* IPv4 with options and a fragment. */
	{
		static uint8_t big[DB_MAX + 128];
		struct frame_spec f;

		dar_spec_typical(&s, payload, 4);
		dar_build(&b, &s);
		fb_spec_v4(&f, our_mac);
		f.ip_opts = 8;
		big[0] = 0;
		len = fb_udp(big + 1, &f, b.b, b.len);
		save("rx", "v4-options", big, len + 1);
		f.ip_opts = 0;
		f.frag = 0x2000;
		len = fb_udp(big + 1, &f, b.b, b.len);
		save("rx", "v4-fragment", big, len + 1);
		f.frag = 0;
		f.udp_cksum = FB_CKSUM_ZERO;
		big[0] = 0x15; /* offloads on, flags good */
		len = fb_udp(big + 1, &f, b.b, b.len);
		save("rx", "v4-offload", big, len + 1);
	}
	return 0;
}
