/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hexutil.h"
#include "provision.h"
#include "provision_json.h"

/* UEs whose keys are derived together (multi-buffer HMAC jobs). */
#define PROV_CHUNK 1024

/* IMSIs seen so far (open addressing, imsi + 1 so that 0 is empty). */
struct imsi_set {
	uint64_t *slot;
	size_t cap, n;
};

struct prov_state {
	const struct provision_params *p;
	struct provision_stats *st;
	struct prov_err e;
	struct imsi_set seen;
	unsigned int n;
	struct prov_ue ue[PROV_CHUNK];
	struct a3_derive_req req[PROV_CHUNK];
	uint8_t kiwf[PROV_CHUNK][A3_KIWF_LEN];
};

static int
imsi_set_add(struct imsi_set *s, uint64_t imsi)
{
	uint64_t v = imsi + 1;
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct imsi_set g = { NULL, s->cap ? 2 * s->cap : 4096, 0 };

		g.slot = calloc(g.cap, sizeof(*g.slot));
		if (g.slot == NULL)
			return -ENOMEM;
		for (i = 0; i < s->cap; i++)
			if (s->slot[i])
				imsi_set_add(&g, s->slot[i] - 1);
		free(s->slot);
		*s = g;
	}
	for (i = (v * 0x9e3779b97f4a7c15ULL) >> 20; ; i++) {
		i &= s->cap - 1;
		if (s->slot[i] == v)
			return -EEXIST;
		if (s->slot[i] == 0)
			break;
	}
	s->slot[i] = v;
	s->n++;
	return 0;
}

/* Derives the pending UEs' keys, installs and publishes them. */
static int
flush(struct prov_state *s)
{
	const struct provision_params *p = s->p;
	int rc = 0;
	unsigned int i;

	if (s->n == 0)
		return 0;
	for (i = 0; i < s->n; i++) {
		s->req[i].kiwf = s->kiwf[i];
		s->req[i].eea = s->ue[i].eea;
		s->req[i].eia = s->ue[i].eia;
	}
	rc = a3_derive_bulk(p->engine, s->req, s->n);
	if (rc != 0) {
		rc = prov_fail(&s->e, rc, "line %u: key derivation failed", s->ue[0].line);
		goto out;
	}
	for (i = 0; i < s->n; i++) {
		const struct prov_ue *u = &s->ue[i];
		struct ue_ctx *ctx = ue_table_ctx_alloc(p->table);

		if (ctx == NULL) {
			rc = prov_fail(&s->e, -ENOSPC, "line %u: UE table full", u->line);
			goto out;
		}
		rc = a3_keyset_init(p->engine, &ctx->ks, u->ksi, u->eea, u->eia,
				    s->req[i].k_conf, s->req[i].k_int, p->allow_null);
		if (rc == 0) {
			ctx->imsi = u->imsi;
			ctx->groups = u->groups;
			ctx->suspended = u->suspended;
			rc = ue_table_insert(p->table, ctx, u->has_ext ? &u->key_ext : NULL,
					     u->has_msisdn ? &u->key_msisdn : NULL);
			if (rc == -EEXIST)
				prov_fail(&s->e, rc, "line %u: %s: duplicate identifier", u->line,
					  u->has_ext && ue_table_lookup(p->table, u->key_ext) ?
					  "external_id" : "msisdn");
			else if (rc != 0)
				prov_fail(&s->e, rc, "line %u: UE table full", u->line);
		} else {
			prov_fail(&s->e, rc, "line %u: key set refused", u->line);
		}
		if (rc != 0) {
			ue_table_ctx_release(p->table, ctx);
			goto out;
		}
		/* Its groups are known (ue_line checked them): their bits now
		 * stay assigned while it is in them. */
		policy_groups_ref_ues(p->policy, u->groups, +1);
		ue_table_ctx_publish(p->table, ctx);
		s->st->ues++;
	}
out:
	explicit_bzero(s->req, sizeof(s->req));
	explicit_bzero(s->kiwf, sizeof(s->kiwf));
	s->n = 0;
	return rc;
}

static int
ue_line(struct prov_state *s, json_t *o, uint32_t line)
{
	const struct prov_ue_ctx c = { .keyer = ue_table_keyer(s->p->table),
				       .policy = s->p->policy, .engine = s->p->engine,
				       .allow_null = s->p->allow_null };
	struct prov_ue *u = &s->ue[s->n];
	int rc = prov_ue_parse(&s->e, o, &c, u, s->kiwf[s->n]);

	if (rc != 0)
		return rc;
	u->line = line;
	if (imsi_set_add(&s->seen, u->imsi) != 0) {
		explicit_bzero(s->kiwf[s->n], A3_KIWF_LEN);
		return prov_fail(&s->e, -EEXIST, "ue: duplicate UE %s", u->imsi_text);
	}
	s->n++;
	return 0;
}

static int
parse_line(struct prov_state *s, char *text, size_t len, uint32_t line)
{
	json_error_t jerr;
	json_t *o;
	int rc;

	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return prov_fail(&s->e, -EINVAL, "bad JSON: %s", jerr.text);
	if (!json_is_object(o)) {
		rc = prov_fail(&s->e, -EINVAL, "not a JSON object");
	} else if (json_object_get(o, "scs") != NULL) {
		rc = prov_scs_line(&s->e, o, s->p->policy);
		s->st->scs += rc == 0;
	} else if (json_object_get(o, "ue") != NULL) {
		rc = ue_line(s, o, line);
	} else {
		rc = prov_fail(&s->e, -EINVAL, "neither an \"scs\" nor a \"ue\" line");
	}
	json_decref(o);
	return rc;
}

int
provision_load_file(FILE *f, const struct provision_params *p, struct provision_stats *st,
		    char *err, size_t errlen)
{
	json_malloc_t old_malloc;
	json_free_t old_free;
	struct prov_state *s;
	char *buf = NULL, msg[512] = "";
	size_t cap = 0;
	ssize_t len;
	uint32_t line = 0;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (errlen > 0)
		err[0] = '\0';
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return -ENOMEM;
	s->p = p;
	s->st = st;
	s->e.buf = msg;
	s->e.len = sizeof(msg);
	json_get_alloc_funcs(&old_malloc, &old_free);
	json_set_alloc_funcs(malloc, prov_wiping_free);

	while ((len = getline(&buf, &cap, f)) >= 0) {
		size_t lead, n;

		line++;
		if (!prov_line(buf, (size_t)len, &lead, &n))
			continue;
		rc = parse_line(s, buf + lead, n, line);
		explicit_bzero(buf, (size_t)len);
		if (rc != 0) {
			char here[sizeof(msg) + 16];

			snprintf(here, sizeof(here), "line %u: %s", line, msg);
			/* a pending line above this one may be the first bad
			 * one: flush reports it with its own line number */
			snprintf(err, errlen, "%s", flush(s) != 0 ? msg : here);
			break;
		}
		if (s->n == PROV_CHUNK && (rc = flush(s)) != 0) {
			snprintf(err, errlen, "%s", msg);
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = prov_fail(&s->e, -EIO, "read error after line %u", line);
	else if (rc == 0)
		rc = flush(s);
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "%s", msg);
	st->lines = line;
	if (buf != NULL) {
		explicit_bzero(buf, cap);
		free(buf);
	}
	json_set_alloc_funcs(old_malloc, old_free);
	free(s->seen.slot);
	explicit_bzero(s, sizeof(*s));
	free(s);
	return rc;
}

int
provision_load(const char *path, const struct provision_params *p,
	       struct provision_stats *st, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int rc;

	if (f == NULL) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return rc;
	}
	rc = provision_load_file(f, p, st, err, errlen);
	fclose(f);
	return rc;
}

long
provision_count_ues(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	long n = 0;

	if (f == NULL)
		return -errno;
	ssize_t len;
	size_t off, m;

	/* Every line that is not blank or a comment: an SCS line is counted
	 * too, but no UE line is missed, however its keys are spelled (a
	 * search for the text "ue" missed "\u0075e"). */
	while ((len = getline(&buf, &cap, f)) >= 0)
		n += prov_line(buf, (size_t)len, &off, &m);
	if (buf != NULL)
		explicit_bzero(buf, cap);
	free(buf);
	fclose(f);
	return n;
}
