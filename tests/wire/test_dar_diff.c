/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential test of the DAR decoder: dar_decode() against the plain walk
 * it replaced (dar_ref.c), which must agree on every input, field by field
 * (spans by pointer and length): on the fuzz corpus, and on some hundred
 * thousand mutations of valid DARs (octet flips, truncations, AVP length
 * edits, AVPs repeated, moved, swapped, re-flagged and re-coded). Every
 * input is decoded from an allocation of its exact size, so that the
 * sanitizers of the test build see any read past the message.
 *
 * Arguments: <vectors dir> <fuzz corpus dir> [iterations [seed]].
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dar_build.h"
#include "dar_ref.h"
#include "diam_avp.h"
#include "testlib.h"

#define ITERATIONS_DEFAULT 300000
#define MAX_REPORTS 8

static const char *corpus_dir;
static unsigned long iterations = ITERATIONS_DEFAULT;
static uint64_t seed = 0x9e3779b97f4a7c15ull;

/* Gateway identities: realms under 8 octets, of 8 to 16, and longer. */
static const char *const realms[] = {"iwf.example", "iwf", "gw.iwf.example.net",
				     "a-rather-long-realm-for-the-gateway.operator.example.org",
				     "iwf.exam"};
#define N_LOCALS (sizeof(realms) / sizeof(realms[0]))
static struct diam_local locals[N_LOCALS];

static unsigned long n_inputs, n_mismatch;
static unsigned long n_result[8]; /* drop, 2001, 3xxx, 5001, 5004, 5005, 5009, other 5xxx */

static int
setup(void)
{
	size_t i;

	for (i = 0; i < N_LOCALS; i++)
		if (diam_local_init(&locals[i], "iwf1.iwf.example", realms[i], "t4.example") != 0)
			return 1;
	return 0;
}

/* ---- comparison ---------------------------------------------------------- */

static void
hexdump(const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		fprintf(stderr, "%02x%s", p[i], (i % 32 == 31 || i == len - 1) ? "\n" : "");
}

#define FIELD(f)                                                                           \
	do {                                                                               \
		if (a->f != b->f) {                                                        \
			fprintf(stderr, "  %s: ref %" PRIu64 ", new %" PRIu64 "\n", #f,    \
				(uint64_t)a->f, (uint64_t)b->f);                           \
			bad = 1;                                                           \
		}                                                                          \
	} while (0)
#define SPAN(f)                                                                            \
	do {                                                                               \
		if (a->f.p != b->f.p || a->f.len != b->f.len) {                            \
			fprintf(stderr, "  %s: ref %+td/%u, new %+td/%u\n", #f,            \
				a->f.p ? a->f.p - msg : -1, a->f.len,                      \
				b->f.p ? b->f.p - msg : -1, b->f.len);                     \
			bad = 1;                                                           \
		}                                                                          \
	} while (0)

static int
compare(const uint8_t *msg, uint32_t ra, uint32_t rb, const struct dar_trigger *a,
	const struct dar_trigger *b)
{
	int bad = 0;

	if (ra != rb) {
		fprintf(stderr, "  return: ref %u, new %u\n", ra, rb);
		bad = 1;
	}
	FIELD(msg);
	FIELD(msg_len);
	FIELD(result);
	FIELD(has);
	FIELD(hop_by_hop);
	FIELD(end_to_end);
	FIELD(reference);
	FIELD(old_reference);
	FIELD(validity_time);
	FIELD(app_port);
	FIELD(failed_avp);
	FIELD(cmd_flags);
	FIELD(action_type);
	FIELD(priority);
	FIELD(drop);
	SPAN(session_id);
	SPAN(origin_host);
	SPAN(origin_realm);
	SPAN(dest_realm);
	SPAN(ext_id);
	SPAN(msisdn);
	SPAN(scs_id);
	SPAN(payload);
	return bad;
}

static void
count_result(uint32_t r)
{
	int k;

	switch (r) {
	case 0: k = 0; break;
	case DIAM_SUCCESS: k = 1; break;
	case DIAM_AVP_UNSUPPORTED: k = 3; break;
	case DIAM_INVALID_AVP_VALUE: k = 4; break;
	case DIAM_MISSING_AVP: k = 5; break;
	case DIAM_AVP_OCCURS_TOO_MANY_TIMES: k = 6; break;
	default: k = r < 4000 ? 2 : 7; break;
	}
	n_result[k]++;
}

/* Decodes len octets of src with both decoders, from an exact-size copy. */
static void
check(const uint8_t *src, uint32_t len, const struct diam_local *l, const char *what)
{
	struct dar_trigger a, b;
	uint8_t *msg = malloc(len ? len : 1);
	uint32_t ra, rb;

	if (msg == NULL) {
		CU_FAIL_FATAL("out of memory");
		return;
	}
	if (len)
		memcpy(msg, src, len);
	/* Different garbage in each, so that a field left unset shows. */
	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	ra = dar_decode_ref(msg, len, l, &a);
	rb = dar_decode(msg, len, l, &b);
	n_inputs++;
	count_result(ra);
	if (compare(msg, ra, rb, &a, &b)) {
		if (n_mismatch < MAX_REPORTS) {
			fprintf(stderr, "mismatch (%s), realm \"%.*s\", %u octets:\n", what,
				(int)l->realm_len, (const char *)l->realm, len);
			hexdump(msg, len);
		}
		n_mismatch++;
	}
	free(msg);
}

/* ---- (a) the fuzz corpus --------------------------------------------------- */

/* Every file whole and from every offset up to 80 (the rx corpus holds
 * frames: the DAR is behind a selector octet and the L2-L4 headers). */
static int
replay_dir(const char *sub)
{
	char path[4096];
	struct dirent *e;
	DIR *dp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir, sub);
	dp = opendir(path);
	if (dp == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		static uint8_t buf[65536];
		uint32_t len, off;
		size_t k;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", corpus_dir, sub, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL) {
			perror(path);
			closedir(dp);
			return -1;
		}
		len = (uint32_t)fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (k = 0; k < N_LOCALS; k++)
			for (off = 0; off <= len && off <= 80; off++)
				check(buf + off, len - off, &locals[k], path);
		n++;
	}
	closedir(dp);
	return n;
}

static void
test_corpus(void)
{
	unsigned long before = n_mismatch;

	CU_ASSERT_FATAL(corpus_dir != NULL);
	CU_ASSERT(replay_dir("dar") > 0);
	CU_ASSERT(replay_dir("rx") > 0);
	printf("\n  corpus: %lu inputs decoded, %lu mismatches\n", n_inputs, n_mismatch - before);
	CU_ASSERT(n_mismatch == before);
}

/* ---- (b) mutations of valid DARs ----------------------------------------- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t
below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static void
put24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

/* The AVPs of a message, the two grouped ones opened, as the decoder sees them. */
#define MAX_NODES 64
struct node {
	uint32_t off;    /* of the header */
	uint32_t size;   /* octets it occupies, padding included (clamped to its container) */
	uint32_t cstart; /* a group's children: [cstart, cend) */
	uint32_t cend;
	int parent;      /* -1: top level */
	int group;
};
struct tree {
	struct node n[MAX_NODES];
	int count;
};

static void
parse_level(const uint8_t *m, uint32_t o, uint32_t end, int parent, int depth, struct tree *t)
{
	while (o < end && t->count < MAX_NODES) {
		uint32_t w, len, hl, vendor, code, next;
		struct node *nd;

		if (end - o < 8)
			return;
		code = diam_get32(m + o);
		w = diam_get32(m + o + 4);
		len = w & 0xffffff;
		hl = (w >> 24) & DIAM_AVP_FLAG_V ? 12 : 8;
		if (len < hl || len > end - o)
			return;
		vendor = hl == 12 ? diam_get32(m + o + 8) : 0;
		next = o + diam_pad4(len);
		if (next > end)
			next = end;
		nd = &t->n[t->count++];
		nd->off = o;
		nd->size = next - o;
		nd->parent = parent;
		nd->group = vendor == DIAM_VENDOR_3GPP &&
			    (code == AVP_DEVICE_ACTION || code == AVP_TRIGGER_DATA) && depth < 3;
		nd->cstart = o + hl;
		nd->cend = o + len;
		if (nd->group)
			parse_level(m, o + hl, o + len, (int)(nd - t->n), depth + 1, t);
		o = next;
	}
}

static void
parse(const struct dbuf *b, struct tree *t)
{
	t->count = 0;
	if (b->len >= DIAM_HDR_LEN)
		parse_level(b->b, DIAM_HDR_LEN, b->len, -1, 0, t);
}

/* Grows (or shrinks) the lengths of the containers of node i's level and the message. */
static void
resize_ancestors(struct dbuf *b, const struct tree *t, int parent, int32_t delta)
{
	uint32_t w;

	for (; parent >= 0; parent = t->n[parent].parent) {
		uint8_t *h = b->b + t->n[parent].off + 4;

		w = diam_get32(h);
		put24(h + 1, (w & 0xffffff) + (uint32_t)delta);
	}
	w = diam_get32(b->b);
	put24(b->b + 1, (w & 0xffffff) + (uint32_t)delta);
}

static void
insert_bytes(struct dbuf *b, uint32_t at, const uint8_t *src, uint32_t n)
{
	if (b->len + n > DB_MAX)
		return;
	memmove(b->b + at + n, b->b + at, b->len - at);
	memcpy(b->b + at, src, n);
	b->len += n;
}

static void
remove_bytes(struct dbuf *b, uint32_t at, uint32_t n)
{
	memmove(b->b + at, b->b + at + n, b->len - at - n);
	b->len -= n;
}

/* A position where an AVP may start at some level: a sibling's start or its container's end. */
static uint32_t
random_slot(const struct tree *t, int *parent)
{
	int i = (int)below((uint32_t)t->count + 1);

	if (i == t->count || below(4) == 0) {
		/* the end of a level */
		int g = (int)below((uint32_t)t->count + 1);

		if (g < t->count && t->n[g].group) {
			*parent = g;
			return t->n[g].cend;
		}
		*parent = -1;
		return UINT32_MAX; /* the end of the message */
	}
	*parent = t->n[i].parent;
	return t->n[i].off;
}

/* Repeats an AVP, here or elsewhere, the lengths around it fixed. */
static void
mut_duplicate(struct dbuf *b, const struct tree *t)
{
	static uint8_t copy[DB_MAX];
	const struct node *nd;
	uint32_t at, n;
	int parent;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	n = nd->size;
	memcpy(copy, b->b + nd->off, n);
	if (below(2)) {
		at = nd->off + n;
		parent = nd->parent;
	} else {
		at = random_slot(t, &parent);
		if (at == UINT32_MAX)
			at = b->len;
	}
	if (b->len + n > DB_MAX)
		return;
	resize_ancestors(b, t, parent, (int32_t)n);
	insert_bytes(b, at, copy, n);
}

/* Moves an AVP to another place, maybe another level. */
static void
mut_move(struct dbuf *b, const struct tree *t)
{
	static uint8_t copy[DB_MAX];
	struct tree t2;
	const struct node *nd;
	uint32_t at, n;
	int parent;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	n = nd->size;
	memcpy(copy, b->b + nd->off, n);
	resize_ancestors(b, t, nd->parent, -(int32_t)n);
	remove_bytes(b, nd->off, n);
	parse(b, &t2);
	at = random_slot(&t2, &parent);
	if (at == UINT32_MAX)
		at = b->len;
	resize_ancestors(b, &t2, parent, (int32_t)n);
	insert_bytes(b, at, copy, n);
}

/* Swaps two AVPs of the same level. */
static void
mut_swap(struct dbuf *b, const struct tree *t)
{
	static uint8_t tmp[DB_MAX];
	const struct node *x, *y;
	int i, j, tries;

	for (tries = 0; tries < 8 && t->count > 1; tries++) {
		i = (int)below((uint32_t)t->count);
		j = (int)below((uint32_t)t->count);
		if (i > j) {
			int k = i;

			i = j;
			j = k;
		}
		x = &t->n[i];
		y = &t->n[j];
		if (i == j || x->parent != y->parent)
			continue;
		/* x ... y -> y ... x */
		uint32_t mid = y->off - (x->off + x->size);

		memcpy(tmp, b->b + y->off, y->size);
		memcpy(tmp + y->size, b->b + x->off + x->size, mid);
		memcpy(tmp + y->size + mid, b->b + x->off, x->size);
		memcpy(b->b + x->off, tmp, x->size + mid + y->size);
		return;
	}
}

/* Removes an AVP. */
static void
mut_remove(struct dbuf *b, const struct tree *t)
{
	const struct node *nd;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	resize_ancestors(b, t, nd->parent, -(int32_t)nd->size);
	remove_bytes(b, nd->off, nd->size);
}

/* Edits an AVP's length field. */
static void
mut_avp_len(struct dbuf *b, const struct tree *t)
{
	const struct node *nd;
	uint32_t w, len, v;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	w = diam_get32(b->b + nd->off + 4);
	len = w & 0xffffff;
	switch (below(8)) {
	case 0: v = len + 1 + below(4); break;
	case 1: v = len - 1 - below(4); break;
	case 2: v = below(16); break;
	case 3: v = len + 4 * (1 + below(8)); break;
	case 4: v = len - 4 * (1 + below(8)); break;
	case 5: v = (uint32_t)rnd(); break;
	case 6: v = b->len - nd->off + below(3) - 1; break;
	default:
		/* a group leaving the padding of its last AVP out */
		v = nd->group ? len - below(4) : len + 12 - below(24);
		break;
	}
	put24(b->b + nd->off + 5, v & 0xffffff);
}

/* Changes an AVP's flags, code or vendor. */
static void
mut_avp_id(struct dbuf *b, const struct tree *t)
{
	static const uint32_t codes[] = {
		AVP_SESSION_ID, AVP_AUTH_APPLICATION_ID, AVP_AUTH_SESSION_STATE, AVP_ORIGIN_HOST,
		AVP_ORIGIN_REALM, AVP_DESTINATION_REALM, AVP_DESTINATION_HOST, AVP_DRMP,
		AVP_ROUTE_RECORD, AVP_PROXY_INFO, AVP_SUPPORTED_FEATURES, AVP_DEVICE_ACTION,
		AVP_EXTERNAL_IDENTIFIER, AVP_MSISDN, AVP_SCS_IDENTITY, AVP_REFERENCE_NUMBER,
		AVP_OLD_REFERENCE_NUMBER, AVP_ACTION_TYPE, AVP_TRIGGER_DATA, AVP_VALIDITY_TIME,
		AVP_PAYLOAD, AVP_PRIORITY_INDICATION, AVP_APPLICATION_PORT_IDENTIFIER, 9999,
		AVP_USER_NAME, AVP_DEVICE_NOTIFICATION,
	};
	static const uint32_t vendors[] = {0, DIAM_VENDOR_3GPP, 10415 + 65536, 1};
	const struct node *nd;
	uint8_t *h;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	h = b->b + nd->off;
	switch (below(4)) {
	case 0:
		h[4] ^= (uint8_t)(DIAM_AVP_FLAG_V << below(3)); /* V, M or P */
		break;
	case 1:
		diam_put32(h, codes[below(sizeof(codes) / sizeof(codes[0]))]);
		break;
	case 2:
		if (h[4] & DIAM_AVP_FLAG_V)
			diam_put32(h + 8, vendors[below(4)]);
		break;
	default:
		h[4] = (uint8_t)rnd();
		break;
	}
}

/* Changes an Unsigned32's value, or an octet of some data. */
static void
mut_value(struct dbuf *b, const struct tree *t)
{
	const struct node *nd;
	uint32_t hl, len;
	uint8_t *h;

	if (t->count == 0)
		return;
	nd = &t->n[below((uint32_t)t->count)];
	h = b->b + nd->off;
	hl = h[4] & DIAM_AVP_FLAG_V ? 12 : 8;
	len = (diam_get32(h + 4) & 0xffffff) - hl;
	if (nd->size < hl + 4 || len == 0)
		return;
	if (len == 4)
		diam_put32(h + hl, below(3) ? below(6) : (uint32_t)rnd());
	else
		h[hl + below(len < nd->size - hl ? len : nd->size - hl)] = (uint8_t)rnd();
}

/* Flips octets anywhere, more often in the headers. */
static void
mut_octets(struct dbuf *b, const struct tree *t)
{
	uint32_t k, n = 1 + below(4);

	for (k = 0; k < n && b->len; k++) {
		uint32_t at;

		if (t->count && below(2)) {
			at = t->n[below((uint32_t)t->count)].off + below(12);
			if (at >= b->len)
				continue;
		} else {
			at = below(b->len);
		}
		if (below(2))
			b->b[at] ^= (uint8_t)(1u << below(8));
		else
			b->b[at] = (uint8_t)rnd();
	}
}

/* The Diameter header: version, flags, command, application, length. */
static void
mut_header(struct dbuf *b)
{
	switch (below(5)) {
	case 0: b->b[0] = (uint8_t)below(3); break;
	case 1: b->b[4] ^= (uint8_t)(1u << below(8)); break;
	case 2: diam_put32(b->b + 4, (uint32_t)b->b[4] << 24 | (DIAM_CMD_DEVICE_ACTION + below(3) - 1)); break;
	case 3: diam_put32(b->b + 8, DIAM_APP_TSP + below(3) - 1); break;
	default: put24(b->b + 1, b->len + below(9) - 4); break;
	}
}

/* Cuts the message short, its header length patched or not. */
static void
mut_truncate(struct dbuf *b)
{
	uint32_t n = below(b->len + 1);

	if (below(2))
		n &= ~3u;
	b->len = n;
	if (n >= 4 && below(4) != 0)
		put24(b->b + 1, n);
}

/* Unknown AVPs, relays' AVPs and repeats added by the builder at each level. */
struct extra {
	uint32_t code, vendor;
	uint8_t flags;
	uint8_t level; /* enum db_level */
	uint8_t len;
};

struct extras {
	struct extra e[4];
	int n;
};

static void
extras_hook(struct dbuf *b, enum db_level where, void *arg)
{
	static const uint8_t data[16] = "relay.example.n";
	const struct extras *x = arg;
	int i;

	for (i = 0; i < x->n; i++)
		if (x->e[i].level == where)
			db_avp(b, x->e[i].code, x->e[i].flags, x->e[i].vendor, data, x->e[i].len);
}

/* A valid DAR of some shape, for gateway identity l. */
static void
base_message(struct dbuf *b, const struct diam_local *l, struct extras *x)
{
	static uint8_t payload[200];
	static const uint8_t msisdn[] = {0x51, 0x55, 0x00, 0x01, 0x10, 0xf0};
	static const uint8_t bad_msisdn[] = {0x51, 0xa5, 0x00};
	static char realm[300];
	struct dar_spec s;
	uint32_t i;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 1);
	dar_spec_typical(&s, payload, 128);
	s.hbh = (uint32_t)rnd();
	s.e2e = (uint32_t)rnd();

	/* The Destination-Realm: ours, in another case, with an octet changed, another. */
	memcpy(realm, l->realm, l->realm_len);
	realm[l->realm_len] = 0;
	s.dest_realm = realm;
	switch (below(6)) {
	case 0:
		for (i = 0; i < l->realm_len; i++)
			if (realm[i] >= 'a' && realm[i] <= 'z' && below(2))
				realm[i] ^= 0x20;
		break;
	case 1:
		i = below(l->realm_len);
		realm[i] ^= (char)(1u << below(8));
		if (realm[i] == 0)
			realm[i] = 'x';
		break;
	case 2:
		s.dest_realm = realms[below(N_LOCALS)];
		break;
	default:
		break;
	}

	s.payload_len = below(8) ? 128 : below(sizeof(payload) + 1);
	switch (below(8)) {
	case 0:
		s.action_type = ACTION_DEVICE_TRIGGER_RECALL;
		s.has_old_reference = 1;
		s.old_reference = 77;
		s.no_trigger_data = below(2);
		break;
	case 1:
		s.action_type = ACTION_DEVICE_TRIGGER_REPLACE;
		s.has_old_reference = below(4) != 0;
		s.old_reference = 78;
		break;
	default:
		break;
	}
	if (below(4) == 0) {
		s.msisdn = below(8) ? msisdn : bad_msisdn;
		s.msisdn_len = s.msisdn == msisdn ? sizeof(msisdn) : sizeof(bad_msisdn);
		if (below(2))
			s.ext_id = NULL;
	}
	if (below(8) == 0)
		s.scs_id = NULL;
	if (below(4) == 0) {
		s.has_auth_app = 1;
		s.auth_app = below(4) ? DIAM_APP_TSP : DIAM_APP_T4;
	}
	s.has_priority = below(4) != 0;
	s.has_app_port = below(4) != 0;
	s.has_validity = below(4) != 0;
	s.priority = below(8) ? 1 : below(3);

	x->n = (int)below(5);
	for (i = 0; i < (uint32_t)x->n; i++) {
		static const struct extra pool[] = {
			{AVP_ROUTE_RECORD, 0, DIAM_AVP_FLAG_M, DB_TOP, 13},
			{AVP_PROXY_INFO, 0, DIAM_AVP_FLAG_M, DB_TOP, 8},
			{AVP_DESTINATION_HOST, 0, DIAM_AVP_FLAG_M, DB_TOP, 15},
			{AVP_DRMP, 0, 0, DB_TOP, 4},
			{AVP_SUPPORTED_FEATURES, DIAM_VENDOR_3GPP, 0, DB_TOP, 12},
			{9999, 0, 0, DB_TOP, 3},
			{9999, DIAM_VENDOR_3GPP, DIAM_AVP_FLAG_M, DB_DEVICE_ACTION, 4},
			{9999, 0, 0, DB_TRIGGER_DATA, 5},
			{AVP_PAYLOAD, DIAM_VENDOR_3GPP, DIAM_AVP_FLAG_M, DB_TRIGGER_DATA, 9},
			{AVP_REFERENCE_NUMBER, DIAM_VENDOR_3GPP, DIAM_AVP_FLAG_M, DB_DEVICE_ACTION, 4},
			{AVP_VALIDITY_TIME, 0, DIAM_AVP_FLAG_M, DB_TRIGGER_DATA, 4},
			{AVP_SESSION_ID, 0, DIAM_AVP_FLAG_M, DB_TOP, 7},
			{AVP_USER_NAME, 0, DIAM_AVP_FLAG_M, DB_DEVICE_ACTION, 6},
		};

		x->e[i] = pool[below(sizeof(pool) / sizeof(pool[0]))];
	}
	s.hook = extras_hook;
	s.arg = x;
	dar_build(b, &s);
}

static void
mutate(struct dbuf *b)
{
	struct tree t;
	int k, n = 1 + (int)below(3);

	for (k = 0; k < n; k++) {
		parse(b, &t);
		switch (below(12)) {
		case 0: mut_duplicate(b, &t); break;
		case 1: mut_move(b, &t); break;
		case 2: mut_swap(b, &t); break;
		case 3: mut_remove(b, &t); break;
		case 4:
		case 5: mut_avp_len(b, &t); break;
		case 6: mut_avp_id(b, &t); break;
		case 7: mut_value(b, &t); break;
		case 8:
		case 9: mut_octets(b, &t); break;
		case 10: mut_header(b); break;
		default: mut_truncate(b); break;
		}
	}
}

static void
test_mutations(void)
{
	static struct dbuf b;
	unsigned long i, before = n_mismatch, inputs = n_inputs;
	unsigned long counts[8];
	struct extras x;

	memset(n_result, 0, sizeof(n_result));
	rng_state = seed;
	for (i = 0; i < iterations; i++) {
		const struct diam_local *l = &locals[below(N_LOCALS)];

		base_message(&b, l, &x);
		if (i % 16 != 0) /* a few unmutated */
			mutate(&b);
		check(b.b, b.len, l, "mutation");
	}
	memcpy(counts, n_result, sizeof(counts));
	printf("\n  mutations: %lu inputs (seed %#" PRIx64 "), %lu mismatches; results: "
	       "drop %lu, 2001 %lu, 3xxx %lu, 5001 %lu, 5004 %lu, 5005 %lu, 5009 %lu, "
	       "5014/5015 %lu\n",
	       n_inputs - inputs, seed, n_mismatch - before, counts[0], counts[1], counts[2],
	       counts[3], counts[4], counts[5], counts[6], counts[7]);
	CU_ASSERT(n_mismatch == before);
	/* The mutations must reach every outcome, or they test little. */
	for (i = 0; i < 8; i++)
		CU_ASSERT(counts[i] > iterations / 1000);
}

/* Datagrams whose length needs more than 24 bits: the header's length field
 * holds only its low 24 (5015 whatever else). */
static void
test_huge(void)
{
	static struct dbuf b;
	const uint32_t big = 1u << 24;
	unsigned long before = n_mismatch;
	struct dar_spec s;
	uint8_t *msg = malloc(big + DB_MAX);
	uint32_t n, k;

	CU_ASSERT_FATAL(msg != NULL);
	dar_spec_typical(&s, (const uint8_t *)"wake up", 7);
	n = dar_build(&b, &s);
	memset(msg, 0, big + DB_MAX);
	memcpy(msg, b.b, n);
	for (k = 0; k < 4; k++) {
		static const uint32_t lens[] = {1u << 24, (1u << 24) | 20, (1u << 24) | 4, 0};
		uint32_t len = lens[k] ? lens[k] : big + n;
		struct dar_trigger x, y;
		uint32_t rx, ry;

		/* the header's length: the low 24 bits of the datagram's */
		msg[1] = (uint8_t)(len >> 16);
		msg[2] = (uint8_t)(len >> 8);
		msg[3] = (uint8_t)len;
		rx = dar_decode_ref(msg, len, &locals[0], &x);
		ry = dar_decode(msg, len, &locals[0], &y);
		CU_ASSERT(rx == DIAM_INVALID_MESSAGE_LENGTH || rx == 0);
		if (compare(msg, rx, ry, &x, &y))
			n_mismatch++;
	}
	free(msg);
	CU_ASSERT(n_mismatch == before);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"fuzz corpus", test_corpus},
		{"mutations", test_mutations},
		{"lengths over 24 bits", test_huge},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"dar_diff", setup, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	corpus_dir = argc > 2 ? argv[2] : NULL;
	if (argc > 3)
		iterations = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		seed = strtoull(argv[4], NULL, 0);
	return test_main(argc, argv, suites);
}
