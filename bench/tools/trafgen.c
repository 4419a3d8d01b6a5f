/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-trafgen: a pcap of Tsp DARs toward the gateway, from the SCSs'
 * source addresses, about the provisioned UEs, and optionally what the
 * gateway must answer to each (--expect).
 *
 * usage: mtc-trafgen --provision FILE --out FILE [--count N] [--mix valid|all]
 *        [--seed S] [--expect FILE] [--gw-mac MAC] [--config FILE]
 *        [--workers N] [--first-hbh N]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "frame_build.h"
#include "traf.h"

struct opts {
	const char *provision, *out, *expect, *config;
	unsigned long count;
	unsigned long long seed;
	uint32_t first_hbh;
	bool mix_all;
	uint8_t gw_mac[6];
};

static void
usage(void)
{
	fprintf(stderr,
		"usage: mtc-trafgen --provision FILE --out FILE [--count N] [--mix valid|all]\n"
		"       [--seed S] [--expect FILE] [--gw-mac MAC] [--config FILE]\n"
		"       [--workers N] [--first-hbh N]\n");
	exit(2);
}

static unsigned long long
number(const char *s, unsigned long long min, unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "mtc-trafgen: \"%s\": not a number in %llu..%llu\n", s, min, max);
		exit(2);
	}
	return v;
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;

	if (strlen(s) != 17 || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
				      &b[4], &b[5], &tail) != 6) {
		fprintf(stderr, "mtc-trafgen: \"%s\": not a MAC address\n", s);
		exit(2);
	}
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
}

/* The gateway's side from its configuration file (control/config.h keys). */
static int
read_config(struct traf *t, const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *tsp, *lim;
	const char *realm, *a4, *a6;
	int rc = 0;

	if (root == NULL) {
		fprintf(stderr, "mtc-trafgen: %s: %s\n", path, jerr.text);
		return -1;
	}
	tsp = json_object_get(root, "tsp");
	lim = json_object_get(root, "limits");
	realm = json_string_value(json_object_get(root, "origin_realm"));
	a4 = json_string_value(json_object_get(tsp, "ipv4"));
	a6 = json_string_value(json_object_get(tsp, "ipv6"));
	if (realm)
		snprintf(t->realm, sizeof(t->realm), "%s", realm);
	t->has_gw4 = a4 && inet_pton(AF_INET, a4, t->gw4) == 1;
	t->has_gw6 = a6 && inet_pton(AF_INET6, a6, t->gw6) == 1;
	if (json_is_integer(json_object_get(tsp, "udp_port")))
		t->port = (uint16_t)json_integer_value(json_object_get(tsp, "udp_port"));
	if (json_is_integer(json_object_get(lim, "max_payload")))
		t->max_payload = (uint32_t)json_integer_value(json_object_get(lim, "max_payload"));
	if (json_is_integer(json_object_get(lim, "max_validity")))
		t->max_validity = (uint32_t)json_integer_value(json_object_get(lim, "max_validity"));
	if (!t->has_gw4 && !t->has_gw6) {
		fprintf(stderr, "mtc-trafgen: %s: tsp has no address\n", path);
		rc = -1;
	}
	json_decref(root);
	return rc;
}

static bool
in_prefix(const struct tp_prefix *p, int v6, const uint8_t *a)
{
	unsigned int bits = p->plen, i;

	if (p->v6 != v6)
		return false;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (p->addr[i] != a[i])
			return false;
	return bits == 0 || ((p->addr[i] ^ a[i]) & (0xff00 >> bits) & 0xff) == 0;
}

static bool
known_source(const struct traf *t, int v6, const uint8_t *a)
{
	for (unsigned int i = 0; i < t->prov.n_scs; i++)
		for (unsigned int k = 0; k < t->prov.scs[i].n_src; k++)
			if (in_prefix(&t->prov.scs[i].src[k], v6, a))
				return true;
	return false;
}

/* A source address for the frame: inside one of the SCS's prefixes of the
 * family, or outside all of them for a stranger. 0 or -1. */
static int
source(struct traf *t, const struct traf_gen *g, uint8_t *a)
{
	const struct tp_scs *s;
	const struct tp_prefix *cand[TP_SRC_MAX];
	unsigned int n = 0, alen = g->v6 ? 16 : 4, hb;
	uint32_t host;

	if (g->scs < 0) {
		static const uint8_t s4[4] = { 203, 0, 113, 9 };
		static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [15] = 9 };

		memcpy(a, g->v6 ? s6 : s4, alen);
		return known_source(t, g->v6, a) ? -1 : 0;
	}
	s = &t->prov.scs[g->scs];
	for (unsigned int i = 0; i < s->n_src; i++)
		if (s->src[i].v6 == g->v6)
			cand[n++] = &s->src[i];
	if (n == 0)
		return -1;
	cand[0] = cand[traf_below(t, n)];
	memcpy(a, cand[0]->addr, alen);
	hb = alen * 8 - cand[0]->plen;
	if (hb > 16)
		hb = 16;
	if (hb == 0)
		return 0;
	host = hb == 1 ? 1 : 1 + traf_below(t, (1u << hb) - 2); /* neither all-zero nor all-one */
	if (hb > 8)
		host = 10 + traf_below(t, 200);
	a[alen - 2] |= (uint8_t)(host >> 8);
	a[alen - 1] |= (uint8_t)host;
	return 0;
}

static int
emit(struct traf *t, struct traf_gen *g, const struct opts *o, pcap_dumper_t *pd, uint32_t i)
{
	static struct dbuf db;
	static uint8_t frame[DB_MAX + 128];
	struct frame_spec f;
	struct pcap_pkthdr h;
	uint32_t len;

	if (g->v6 ? !t->has_gw6 : !t->has_gw4)
		g->v6 = !g->v6;
	fb_spec_v4(&f, o->gw_mac);
	memcpy(f.src_mac, (const uint8_t[6]){ 0x02, 0, 0, 0, 0x02, 0x01 }, 6);
	f.ipv6 = g->v6;
	if (source(t, g, f.src) != 0)
		return -1;
	memcpy(f.dst, g->v6 ? t->gw6 : t->gw4, g->v6 ? 16 : 4);
	f.sport = (uint16_t)(40000 + i % 1000);
	f.dport = g->dport;
	f.frag = g->frag;
	f.ip_cksum = g->bad_ip_csum ? FB_CKSUM_BAD : FB_CKSUM_OK;
	f.udp_cksum = g->bad_udp_csum ? FB_CKSUM_BAD : FB_CKSUM_OK;
	len = dar_build(&db, &g->s);
	if (g->len_delta) {
		uint32_t l = len + (uint32_t)g->len_delta;

		db.b[1] = (uint8_t)(l >> 16);
		db.b[2] = (uint8_t)(l >> 8);
		db.b[3] = (uint8_t)l;
	}
	if (g->version)
		db.b[0] = (uint8_t)g->version;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = 1700000000 + i / 1000000;
	h.ts.tv_usec = i % 1000000;
	h.caplen = h.len = (uint32_t)fb_udp(frame, &f, db.b, len);
	pcap_dump((u_char *)pd, &h, frame);
	return 0;
}

static int
run(struct traf *t, const struct opts *o, pcap_dumper_t *pd, FILE *ex, unsigned long *per_kind)
{
	static struct traf_gen g;

	for (uint32_t i = 0; i < o->count; i++) {
		uint32_t hbh = o->first_hbh + i;
		unsigned int k = o->mix_all && (i & 1) ? 1 + (i / 2) % (traf_n_kinds - 1) : 0;

		t->frame = i;
		if (traf_kind_make(t, k, hbh, &g) != 0 || emit(t, &g, o, pd, i) != 0) {
			k = 0;
			if (traf_kind_make(t, 0, hbh, &g) != 0 || emit(t, &g, o, pd, i) != 0) {
				fprintf(stderr, "mtc-trafgen: no SCS in the provisioning can trigger "
						"any UE\n");
				return -1;
			}
		}
		per_kind[k]++;
		g.ex.hbh = hbh;
		snprintf(g.ex.kind, sizeof(g.ex.kind), "%s", traf_kind_name(k));
		if (ex && ex_write(ex, &g.ex) != 0) {
			fprintf(stderr, "mtc-trafgen: %s: write error\n", o->expect);
			return -1;
		}
	}
	return 0;
}

static void
parse_opts(int argc, char **argv, struct opts *o, struct traf *t)
{
	static const struct option lo[] = {
		{ "provision", required_argument, NULL, 'p' }, { "out", required_argument, NULL, 'o' },
		{ "count", required_argument, NULL, 'n' },     { "mix", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },      { "expect", required_argument, NULL, 'e' },
		{ "gw-mac", required_argument, NULL, 'g' },    { "config", required_argument, NULL, 'c' },
		{ "workers", required_argument, NULL, 'w' },   { "first-hbh", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'p': o->provision = optarg; break;
		case 'o': o->out = optarg; break;
		case 'n': o->count = (unsigned long)number(optarg, 1, UINT32_MAX); break;
		case 'm':
			if (strcmp(optarg, "all") != 0 && strcmp(optarg, "valid") != 0)
				usage();
			o->mix_all = strcmp(optarg, "all") == 0;
			break;
		case 's': o->seed = number(optarg, 0, UINT64_MAX); break;
		case 'e': o->expect = optarg; break;
		case 'g': parse_mac(optarg, o->gw_mac); break;
		case 'c': o->config = optarg; break;
		case 'w': t->workers = (unsigned int)number(optarg, 1, 1024); break;
		case 'f': o->first_hbh = (uint32_t)number(optarg, 0, UINT32_MAX); break;
		default: usage();
		}
	}
	if (optind != argc || !o->provision || !o->out)
		usage();
	if ((uint64_t)o->first_hbh + o->count - 1 > UINT32_MAX) {
		fprintf(stderr, "mtc-trafgen: --first-hbh + --count: beyond 32 bits\n");
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct opts o = { .count = 1000, .seed = 1, .first_hbh = 1,
			  .gw_mac = { 0x02, 0x70, 0x63, 0x61, 0x70, 0x00 } };
	static struct traf t = {
		.realm = "example", .gw4 = { 198, 18, 0, 1 },
		.gw6 = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, [15] = 1 },
		.has_gw4 = true, .has_gw6 = true, .port = 3868, .max_payload = 1024,
		.max_validity = 604800, .workers = 1, .suspended = -2,
	};
	unsigned long per_kind[64] = { 0 };
	pcap_t *dead = NULL;
	pcap_dumper_t *pd = NULL;
	FILE *ex = NULL;
	char err[512];
	int rc = 1;

	parse_opts(argc, argv, &o, &t);
	t.rng = o.seed;
	if (o.config && read_config(&t, o.config) != 0)
		return 1;
	if (tp_load(o.provision, &t.prov, err, sizeof(err)) != 0) {
		fprintf(stderr, "mtc-trafgen: %s\n", err);
		return 1;
	}
	if (traf_policy_init(&t) != 0)
		goto out;
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	pd = dead ? pcap_dump_open(dead, o.out) : NULL;
	if (pd == NULL) {
		fprintf(stderr, "mtc-trafgen: %s: %s\n", o.out, dead ? pcap_geterr(dead) : "pcap");
		goto out;
	}
	if (o.expect && (ex = fopen(o.expect, "w")) == NULL) {
		fprintf(stderr, "mtc-trafgen: %s: %s\n", o.expect, strerror(errno));
		goto out;
	}
	if (run(&t, &o, pd, ex, per_kind) != 0)
		goto out;
	rc = 0;
	printf("mtc-trafgen: %lu frames in %s (hop-by-hop %u..%lu)\n", o.count, o.out, o.first_hbh,
	       o.first_hbh + o.count - 1);
	for (unsigned int k = 0; k < traf_n_kinds; k++)
		if (per_kind[k])
			printf("  %-24s %lu\n", traf_kind_name(k), per_kind[k]);
out:
	if (ex && fclose(ex) != 0 && rc == 0) {
		fprintf(stderr, "mtc-trafgen: %s: write error\n", o.expect);
		rc = 1;
	}
	if (pd)
		pcap_dump_close(pd);
	if (dead)
		pcap_close(dead);
	traf_policy_free(&t);
	tp_free(&t.prov);
	return rc;
}
