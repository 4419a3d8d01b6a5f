/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mutations of test_dar_diff.c (dar_mutate.h): valid DARs of many
 * shapes built with dar_build(), then octet flips, truncations, AVP length
 * edits, AVPs repeated, moved, swapped, removed, re-flagged and re-coded,
 * the lengths of the enclosing groups and message fixed or not. One
 * splitmix64 sequence drives everything, so a seed replays a run.
 */
#include <string.h>

#include "dar_build.h"
#include "dar_mutate.h"
#include "diam_avp.h"

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

void
dar_mut_seed(uint64_t seed)
{
	rng_state = seed;
}

uint32_t
dar_mut_below(uint32_t n)
{
	return below(n);
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

void
dar_mut_base(struct dbuf *b, const struct diam_local *l, const char *const *realms,
	     uint32_t n_realms)
{
	static uint8_t payload[200];
	static const uint8_t msisdn[] = {0x51, 0x55, 0x00, 0x01, 0x10, 0xf0};
	static const uint8_t bad_msisdn[] = {0x51, 0xa5, 0x00};
	static char realm[300];
	struct extras extras, *x = &extras;
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
		s.dest_realm = realms[below(n_realms)];
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

void
dar_mutate(struct dbuf *b)
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
