/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The usual UE line without a general JSON parser. A provisioning file and
 * an import batch are millions of lines of one shape; parsing each with
 * jansson costs half of an import. This reads that shape alone: one object
 * whose fields are the UE line's (each at most once), strings of printable
 * ASCII without escapes, integers of at most three digits without sign,
 * true or false, an array of such strings for the groups, blanks between.
 * It accepts only a line that prov_ue_parse would accept with the same
 * result; anything else (another shape, a value that is not one, an
 * unknown group, K_ASME and a nonce) is left to prov_ue_parse, so every
 * refusal keeps its one message.
 */
#include <stdbool.h>
#include <string.h>

#include "hexutil.h"
#include "provision_json.h"

enum {
	F_UE, F_EXT, F_MSISDN, F_KIWF, F_KSI, F_EEA, F_EIA, F_GROUPS, F_SUSPENDED, F_N
};

static const char *const field_name[F_N] = {
	"ue", "external_id", "msisdn", "k_iwf", "ksi", "eea", "eia", "groups", "suspended",
};

struct cur {
	const char *p, *end;
};

static void
blanks(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool
take(struct cur *c, char ch)
{
	blanks(c);
	if (c->p >= c->end || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* A string of printable ASCII without escapes: its text and length. */
static bool
string(struct cur *c, const char **s, size_t *len)
{
	if (!take(c, '"'))
		return false;
	*s = c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p < 0x20 || *c->p > 0x7e || *c->p == '\\')
			return false;
		c->p++;
	}
	if (c->p >= c->end)
		return false;
	*len = (size_t)(c->p - *s);
	c->p++;
	return true;
}

/* An integer of one to three digits, no sign, no leading zero. */
static bool
small_int(struct cur *c, unsigned int *v)
{
	unsigned int n = 0, d = 0;

	blanks(c);
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && d < 4) {
		n = n * 10 + (unsigned int)(*c->p++ - '0');
		d++;
	}
	/* a fraction, an exponent or a fourth digit: not this shape */
	if (d == 0 || d > 3 || (d > 1 && c->p[-(int)d] == '0') ||
	    (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E' ||
			       (*c->p >= '0' && *c->p <= '9'))))
		return false;
	*v = n;
	return true;
}

static bool
word(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	blanks(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool
digits_only(const char *s, size_t len, size_t min, size_t max)
{
	if (len < min || len > max)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The groups array as bits of known groups; false for anything else. */
static bool
groups(struct cur *c, const struct policy_builder *b, uint64_t *bits)
{
	const char *s;
	size_t len;
	unsigned int n = 0;

	*bits = 0;
	if (!take(c, '['))
		return false;
	blanks(c);
	if (c->p < c->end && *c->p == ']') {
		c->p++;
		return true;
	}
	do {
		char name[SCS_NAME_MAX];
		int bit;

		if (!string(c, &s, &len) || len == 0 || len >= sizeof(name) || ++n > PROV_LIST_MAX)
			return false;
		memcpy(name, s, len);
		name[len] = '\0';
		bit = policy_group_bit(b, name);
		if (bit < 0)
			return false;
		*bits |= UINT64_C(1) << bit;
	} while (take(c, ','));
	return take(c, ']');
}

int
prov_ue_fast(const char *text, size_t len, const struct prov_ue_ctx *ctx, struct prov_ue *u,
	     uint8_t kiwf[A3_KIWF_LEN], size_t *used)
{
	struct cur c = { text, text + len };
	const char *str[F_N] = { NULL };
	size_t slen[F_N] = { 0 };
	unsigned int num[F_N] = { 0 }, seen = 0;
	bool susp = false;

	memset(u, 0, sizeof(*u));
	if (!take(&c, '{'))
		return 0;
	do {
		const char *k;
		size_t klen;
		int f;

		if (!string(&c, &k, &klen) || !take(&c, ':'))
			return 0;
		for (f = 0; f < F_N; f++)
			if (strlen(field_name[f]) == klen && memcmp(field_name[f], k, klen) == 0)
				break;
		if (f == F_N || (seen >> f & 1))
			return 0;
		seen |= 1u << f;
		switch (f) {
		case F_KSI: case F_EEA: case F_EIA:
			if (!small_int(&c, &num[f]))
				return 0;
			break;
		case F_GROUPS:
			if (!groups(&c, ctx->policy, &u->groups))
				return 0;
			break;
		case F_SUSPENDED:
			if (word(&c, "true"))
				susp = true;
			else if (!word(&c, "false"))
				return 0;
			break;
		default:
			if (!string(&c, &str[f], &slen[f]) || slen[f] == 0)
				return 0;
		}
	} while (take(&c, ','));
	if (!take(&c, '}'))
		return 0;
	/* What prov_ue_parse requires and checks, in that light. */
	if (!str[F_UE] || !str[F_KIWF] || !(seen >> F_KSI & 1) || !(seen >> F_EEA & 1) ||
	    !(seen >> F_EIA & 1) || (!str[F_EXT] && !str[F_MSISDN]) ||
	    !digits_only(str[F_UE], slen[F_UE], 5, 15) || num[F_KSI] > A3_KSI_MAX ||
	    num[F_EEA] > A3_ALG_MAX || num[F_EIA] > A3_ALG_MAX ||
	    ((num[F_EEA] == A3_ALG_NULL || num[F_EIA] == A3_ALG_NULL) && !ctx->allow_null) ||
	    slen[F_KIWF] != 2 * A3_KIWF_LEN)
		return 0;
	if (str[F_EXT] != NULL) {
		const char *at = memchr(str[F_EXT], '@', slen[F_EXT]);

		if (slen[F_EXT] > UE_EXTID_MAX || at == NULL || at == str[F_EXT] ||
		    at == str[F_EXT] + slen[F_EXT] - 1)
			return 0;
	}
	if (str[F_MSISDN] != NULL && !digits_only(str[F_MSISDN], slen[F_MSISDN], 1,
						   UE_MSISDN_DIGITS))
		return 0;
	{
		char hex[2 * A3_KIWF_LEN + 1];
		bool ok;

		memcpy(hex, str[F_KIWF], sizeof(hex) - 1);
		hex[sizeof(hex) - 1] = '\0';
		ok = hex_decode(hex, kiwf, A3_KIWF_LEN) == A3_KIWF_LEN;
		explicit_bzero(hex, sizeof(hex));
		if (!ok) {
			explicit_bzero(kiwf, A3_KIWF_LEN);
			return 0;
		}
	}
	memcpy(u->imsi_text, str[F_UE], slen[F_UE]);
	u->imsi = 0;
	for (size_t i = 0; i < slen[F_UE]; i++)
		u->imsi = u->imsi * 10 + (uint64_t)(str[F_UE][i] - '0');
	u->imsi = ue_imsi_pack(u->imsi, (unsigned int)slen[F_UE]);
	if (str[F_EXT] != NULL) {
		memcpy(u->ext, str[F_EXT], slen[F_EXT]);
		u->has_ext = 1;
		u->key_ext = ue_key_extid(ctx->keyer, u->ext, slen[F_EXT]);
	}
	if (str[F_MSISDN] != NULL) {
		memcpy(u->msisdn, str[F_MSISDN], slen[F_MSISDN]);
		u->has_msisdn = 1;
		u->key_msisdn = ue_key_msisdn(ctx->keyer, u->msisdn, slen[F_MSISDN]);
	}
	u->ksi = (uint8_t)num[F_KSI];
	u->eea = (uint8_t)num[F_EEA];
	u->eia = (uint8_t)num[F_EIA];
	u->suspended = susp;
	*used = (size_t)(c.p - text);
	return 1;
}
