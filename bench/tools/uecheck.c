/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-uecheck: reads what the gateway sent (a pcap), checks every DTR and
 * opens its A3-PDU as the UE would, checks every DAA against the expect
 * file of mtc-trafgen, and says whether all of it holds.
 *
 * usage: mtc-uecheck --pcap FILE --provision FILE [--expect FILE]
 *        [--config FILE] [--json FILE] [--loop]
 * exit: 0 all held, 1 something did not, 2 bad arguments or unreadable input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "pcap_frames.h"
#include "uecheck.h"

struct opts {
	const char *pcap, *provision, *expect, *config, *json;
};

static void
usage(void)
{
	fprintf(stderr, "usage: mtc-uecheck --pcap FILE --provision FILE [--expect FILE]\n"
			"       [--config FILE] [--json FILE] [--loop]\n");
	exit(2);
}

static void
copy_name(char *out, json_t *v)
{
	if (json_is_string(v))
		snprintf(out, UC_NAME_MAX, "%s", json_string_value(v));
}

static int
read_config(struct uc *u, const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);

	if (root == NULL) {
		fprintf(stderr, "mtc-uecheck: %s: %s\n", path, jerr.text);
		return -1;
	}
	copy_name(u->origin_host, json_object_get(root, "origin_host"));
	copy_name(u->origin_realm, json_object_get(root, "origin_realm"));
	copy_name(u->dest_realm, json_object_get(json_object_get(root, "t4"), "destination_realm"));
	json_decref(root);
	return 0;
}

const struct ex_line *
uc_expect(const struct uc *u, uint32_t hbh, size_t *idx)
{
	const struct ex_line *e = ex_find(u->ex, u->n_ex, hbh);

	if (e && idx)
		*idx = (size_t)(e - u->ex);
	return e;
}

static bool
answer_ok(const struct uc *u, const struct ex_line *e, uint32_t result, int32_t status)
{
	if (result == e->result && status == e->status)
		return true;
	if (result == DIAM_SUCCESS && status == RS_RATEEXCEEDED && (e->may109 || (u->loop && e->rated)))
		return true;
	if (u->loop && result == DIAM_TOO_BUSY && e->dtr)
		return true;
	return u->loop && status == RS_ORIGINALMESSAGESENT &&
	       (e->status == RS_REPLACEFAIL || e->status == RS_RECALLFAIL);
}

static void
against_expect(struct uc *u, const struct dr_msg *m, uint32_t result, int32_t status)
{
	size_t idx;
	const struct ex_line *e = uc_expect(u, m->hbh, &idx);
	struct uc_hit *h;

	if (e == NULL) {
		uc_mismatch(u, "DAA hbh %u: the expect file has no such request", m->hbh);
		return;
	}
	if (e->result == 0) {
		uc_mismatch(u, "DAA hbh %u (%s): answered, must be dropped (%s)", m->hbh, e->kind,
			    e->drop);
		return;
	}
	h = &u->hit[idx];
	if (h->answers++ == 0) {
		h->result = result;
		h->status = status;
	} else if (!u->loop) {
		uc_mismatch(u, "DAA hbh %u (%s): answered again", m->hbh, e->kind);
		return;
	}
	if (answer_ok(u, e, result, status))
		u->matched++;
	else
		uc_mismatch(u, "DAA hbh %u (%s): Result-Code %u Request-Status %d, want %u %d%s",
			    m->hbh, e->kind, result, status, e->result, e->status,
			    e->may109 ? " (or 109)" : "");
}

static void
check_daa(struct uc *u, const struct dr_msg *m)
{
	static const uint32_t head[6] = { AVP_SESSION_ID, AVP_AUTH_APPLICATION_ID,
		AVP_AUTH_SESSION_STATE, AVP_ORIGIN_HOST, AVP_ORIGIN_REALM, AVP_RESULT_CODE };
	const uint8_t *p = m->avps;
	uint32_t n = m->avps_len, codes[16], result = 0, app = 0, ass = 0, v;
	struct diam_avp oh, orr, dn;
	int nc = dr_codes(p, n, codes, 16);
	int32_t status = -1;

	u->daa++;
	if (nc < 6 || memcmp(codes, head, sizeof(head)) != 0 ||
	    (nc > 6 && (nc != 7 || codes[6] != AVP_DEVICE_NOTIFICATION)) ||
	    dr_u32(p, n, AVP_RESULT_CODE, 0, &result) != 0) {
		uc_mismatch(u, "DAA hbh %u: AVPs not those of PROTOCOL.md 3 in their order", m->hbh);
		return;
	}
	if (dr_find(p, n, AVP_DEVICE_NOTIFICATION, DIAM_VENDOR_3GPP, &dn) == 1 &&
	    dr_u32(dn.data, dn.len, AVP_REQUEST_STATUS, DIAM_VENDOR_3GPP, &v) == 0)
		status = (int32_t)v;
	uc_count(u->rc, &u->n_rc, result);
	if (status >= 0)
		uc_count(u->rs, &u->n_rs, (uint32_t)status);
	if ((m->flags & (DIAM_FLAG_R | DIAM_FLAG_P)) != DIAM_FLAG_P ||
	    !!(m->flags & DIAM_FLAG_E) != (result >= 3000 && result < 4000) || m->app != DIAM_APP_TSP)
		uc_mismatch(u, "DAA hbh %u: flags 0x%02x with Result-Code %u, Application-ID %u",
			    m->hbh, m->flags, result, m->app);
	dr_find(p, n, AVP_ORIGIN_HOST, 0, &oh);
	dr_find(p, n, AVP_ORIGIN_REALM, 0, &orr);
	if (dr_u32(p, n, AVP_AUTH_APPLICATION_ID, 0, &app) != 0 || app != DIAM_APP_TSP ||
	    dr_u32(p, n, AVP_AUTH_SESSION_STATE, 0, &ass) != 0 || ass != DIAM_NO_STATE_MAINTAINED ||
	    !dr_is(&oh, u->origin_host) || !dr_is(&orr, u->origin_realm))
		uc_mismatch(u, "DAA hbh %u: Auth-Application-Id, Auth-Session-State or Origin-Host/Realm "
			    "wrong", m->hbh);
	if (u->n_ex)
		against_expect(u, m, result, status);
}

/* What the expect file asked for and never came. */
static void
check_missing(struct uc *u)
{
	for (size_t i = 0; i < u->n_ex; i++) {
		const struct ex_line *e = &u->ex[i];
		const struct uc_hit *h = &u->hit[i];
		bool sent = h->result == DIAM_SUCCESS &&
			    (h->status == RS_SUCCESS ||
			     (h->status == RS_ORIGINALMESSAGESENT && e->dtr));

		if (e->result == 0)
			continue;
		if (h->answers == 0)
			uc_mismatch(u, "hbh %u (%s): no answer", e->hbh, e->kind);
		else if (e->dtr && sent && h->dtrs == 0)
			uc_mismatch(u, "hbh %u (%s): accepted, no DTR", e->hbh, e->kind);
		else if (e->dtr && !sent && h->dtrs && !u->loop)
			uc_mismatch(u, "hbh %u (%s): refused (%u %d), yet a DTR", e->hbh, e->kind,
				    h->result, h->status);
	}
}

static int
read_pcap(struct uc *u, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc;

	if (pc == NULL) {
		fprintf(stderr, "mtc-uecheck: %s: %s\n", path, err);
		return -1;
	}
	while ((rc = pcap_next_ex(pc, &h, &d)) == 1) {
		struct pf_udp f;
		struct dr_msg m;
		bool whole;

		u->frames++;
		if (pf_parse_udp(d, h->caplen, &f) != 0) {
			u->other++;
			continue;
		}
		whole = dr_header(f.msg, f.msg_len, &m) == 0;
		if (m.version == DIAM_VERSION && m.cmd == DIAM_CMD_DEVICE_TRIGGER && (m.flags & DIAM_FLAG_R))
			whole ? uc_check_dtr(u, &m, (uint64_t)h->ts.tv_sec)
			      : uc_mismatch(u, "DTR hbh %u: length %u in a datagram of %u", m.hbh,
					    m.len, f.msg_len);
		else if (m.version == DIAM_VERSION && m.cmd == DIAM_CMD_DEVICE_ACTION &&
			 !(m.flags & DIAM_FLAG_R))
			whole ? check_daa(u, &m)
			      : uc_mismatch(u, "DAA hbh %u: length %u in a datagram of %u", m.hbh,
					    m.len, f.msg_len);
		else
			u->other++;
	}
	if (rc == -1)
		fprintf(stderr, "mtc-uecheck: %s: %s\n", path, pcap_geterr(pc));
	pcap_close(pc);
	return rc == -1 ? -1 : 0;
}

static void
parse_opts(int argc, char **argv, struct opts *o, struct uc *u)
{
	static const struct option lo[] = {
		{ "pcap", required_argument, NULL, 'p' },   { "provision", required_argument, NULL, 'P' },
		{ "expect", required_argument, NULL, 'e' }, { "config", required_argument, NULL, 'c' },
		{ "json", required_argument, NULL, 'j' },   { "loop", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'p': o->pcap = optarg; break;
		case 'P': o->provision = optarg; break;
		case 'e': o->expect = optarg; break;
		case 'c': o->config = optarg; break;
		case 'j': o->json = optarg; break;
		case 'l': u->loop = true; break;
		default: usage();
		}
	}
	if (optind != argc || !o->pcap || !o->provision)
		usage();
}

int
main(int argc, char **argv)
{
	static struct uc u = { .origin_host = "iwf.example", .origin_realm = "example",
			       .dest_realm = "smsc.example" };
	struct opts o = { 0 };
	char err[512];
	bool ok;
	int rc = 2;

	parse_opts(argc, argv, &o, &u);
	if (o.config && read_config(&u, o.config) != 0)
		return 2;
	if (tp_load(o.provision, &u.prov, err, sizeof(err)) != 0) {
		fprintf(stderr, "mtc-uecheck: %s\n", err);
		return 2;
	}
	if (o.expect && ex_load(o.expect, &u.ex, &u.n_ex, err, sizeof(err)) != 0) {
		fprintf(stderr, "mtc-uecheck: %s\n", err);
		goto out;
	}
	u.hit = calloc(u.n_ex ? u.n_ex : 1, sizeof(*u.hit));
	u.ue = calloc(u.prov.n_ue ? u.prov.n_ue : 1, sizeof(*u.ue));
	u.a3 = a3_engine_create();
	if (u.hit == NULL || u.ue == NULL || u.a3 == NULL) {
		fprintf(stderr, "mtc-uecheck: out of memory or no crypto engine\n");
		goto out;
	}
	if (read_pcap(&u, o.pcap) != 0)
		goto out;
	check_missing(&u);
	ok = u.mismatches == 0 && u.dtr_failed == 0 && u.count_repeated == 0;
	uc_report(&u, stdout);
	printf("%s\n", ok ? "OK" : "FAILED");
	rc = ok ? 0 : 1;
	if (o.json && uc_report_json(&u, o.json, ok) != 0) {
		fprintf(stderr, "mtc-uecheck: %s: cannot write\n", o.json);
		rc = 2;
	}
out:
	uc_free_ues(&u);
	for (unsigned int i = 0; i < UC_MISMATCH_KEEP; i++)
		free(u.mis[i]);
	if (u.a3)
		a3_engine_free(u.a3);
	free(u.hit);
	free(u.ex);
	tp_free(&u.prov);
	return rc;
}
