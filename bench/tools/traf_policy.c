/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diam_codes.h"
#include "traf.h"

uint64_t
traf_rand(struct traf *t)
{
	uint64_t z = (t->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
compile(regex_t **out, char **pat, unsigned int n, const char *scs, const char *list)
{
	*out = n ? calloc(n, sizeof(regex_t)) : NULL;
	if (n && *out == NULL)
		return -1;
	for (unsigned int i = 0; i < n; i++) {
		const char *p = pat[i];
		int flags = REG_EXTENDED | REG_NOSUB;

		if (strncmp(p, "(?i)", 4) == 0) {
			flags |= REG_ICASE;
			p += 4;
		}
		if (regcomp(&(*out)[i], p, flags) != 0) {
			fprintf(stderr, "mtc-trafgen: SCS %s: %s[%u] \"%s\": cannot model this "
				"expression as a POSIX one\n", scs, list, i, pat[i]);
			for (unsigned int j = 0; j < i; j++)
				regfree(&(*out)[j]);
			free(*out);
			*out = NULL;
			return -1;
		}
	}
	return 0;
}

static bool
any_match(const regex_t *re, unsigned int n, const char *s)
{
	for (unsigned int i = 0; i < n; i++)
		if (regexec(&re[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

static void
pick_identities(struct traf_scs *r, const struct tp_scs *s)
{
	static const char *const good[] = { "+15550100", "+15551234567", "+1", "scs" };
	static const char *const bad[] = { "+4420790000", "bad-identity", "0", "-" };

	r->ok_id = s->n_ident ? NULL : s->name;
	r->bad_id = NULL;
	if (s->n_ident == 0)
		return;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]) && !r->ok_id; i++)
		if (any_match(r->ident, s->n_ident, good[i]))
			r->ok_id = good[i];
	if (!r->ok_id && any_match(r->ident, s->n_ident, s->name))
		r->ok_id = s->name;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]) && !r->bad_id; i++)
		if (!any_match(r->ident, s->n_ident, bad[i]))
			r->bad_id = bad[i];
}

int
traf_policy_init(struct traf *t)
{
	t->scs = calloc(t->prov.n_scs ? t->prov.n_scs : 1, sizeof(*t->scs));
	if (t->scs == NULL)
		return -1;
	for (unsigned int i = 0; i < t->prov.n_scs; i++) {
		const struct tp_scs *s = &t->prov.scs[i];
		struct traf_scs *r = &t->scs[i];

		if (compile(&r->ident, s->ident, s->n_ident, s->name, "identities") != 0 ||
		    compile(&r->deny, s->deny, s->n_deny, s->name, "deny_payload") != 0)
			return -1;
		pick_identities(r, s);
		for (unsigned int k = 0; k < s->n_src; k++) {
			r->v6 |= s->src[k].v6;
			r->v4 |= !s->src[k].v6;
		}
		r->share = (s->burst + t->workers - 1) / t->workers;
		if (r->share == 0)
			r->share = 1;
	}
	return 0;
}

void
traf_policy_free(struct traf *t)
{
	for (unsigned int i = 0; t->scs && i < t->prov.n_scs; i++) {
		for (unsigned int k = 0; t->scs[i].ident && k < t->prov.scs[i].n_ident; k++)
			regfree(&t->scs[i].ident[k]);
		for (unsigned int k = 0; t->scs[i].deny && k < t->prov.scs[i].n_deny; k++)
			regfree(&t->scs[i].deny[k]);
		free(t->scs[i].ident);
		free(t->scs[i].deny);
	}
	free(t->scs);
	free(t->sent);
	t->scs = NULL;
	t->sent = NULL;
}

bool
traf_denied(const struct traf *t, int scs, const uint8_t *p, uint32_t len)
{
	char buf[TRAF_PAYLOAD_MAX + 1];

	if (t->prov.scs[scs].n_deny == 0)
		return false;
	if (len > TRAF_PAYLOAD_MAX)
		len = TRAF_PAYLOAD_MAX;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return any_match(t->scs[scs].deny, t->prov.scs[scs].n_deny, buf);
}

static bool
ue_ok(const struct tp_ue *u, const struct tp_scs *s)
{
	return !u->suspended && (u->groups & s->groups) && u->ext_id[0] && u->msisdn[0];
}

const struct tp_ue *
traf_ue_for(struct traf *t, int scs)
{
	const struct tp_scs *s = &t->prov.scs[scs];
	size_t n = t->prov.n_ue, start;

	if (n == 0)
		return NULL;
	for (int tries = 0; tries < 64; tries++) {
		const struct tp_ue *u = &t->prov.ue[traf_rand(t) % n];

		if (ue_ok(u, s))
			return u;
	}
	start = traf_rand(t) % n;
	for (size_t i = 0; i < n; i++) {
		const struct tp_ue *u = &t->prov.ue[(start + i) % n];

		if (ue_ok(u, s))
			return u;
	}
	return NULL;
}

static void
remember(struct traf *t, const struct traf_gen *g)
{
	struct traf_sent *v = t->sent;

	if (t->n_sent == t->cap_sent) {
		size_t cap = t->cap_sent ? 2 * t->cap_sent : 256;

		v = realloc(t->sent, cap * sizeof(*v));
		if (v == NULL)
			return; /* not remembered: never named by a Recall */
		t->sent = v;
		t->cap_sent = cap;
	}
	t->sent[t->n_sent++] = (struct traf_sent){
		.scs = (uint32_t)g->scs, .ref = g->s.reference, .frame = t->frame, .ue = g->ue,
	};
}

struct traf_sent *
traf_sent_pick(struct traf *t)
{
	size_t n = 0;

	while (n < t->n_sent && t->sent[n].frame + TRAF_SENT_DISTANCE <= t->frame)
		n++;
	for (size_t tries = 0; n && tries < 16; tries++) {
		struct traf_sent *s = &t->sent[traf_rand(t) % n];

		if (!s->used) {
			s->used = true;
			return s;
		}
	}
	return NULL;
}

static bool
was_sent(const struct traf *t, int scs, uint32_t ref)
{
	for (size_t i = 0; i < t->n_sent; i++)
		if (t->sent[i].scs == (uint32_t)scs && t->sent[i].ref == ref &&
		    t->sent[i].frame + TRAF_SENT_DISTANCE <= t->frame)
			return true;
	return false;
}

static int
judge_status(struct traf *t, struct traf_gen *g)
{
	const struct tp_scs *s = &t->prov.scs[g->scs];
	struct traf_scs *r = &t->scs[g->scs];
	const struct dar_spec *d = &g->s;
	uint8_t at = (uint8_t)d->action_type;
	int sent;

	if (d->scs_id ? s->n_ident && !any_match(r->ident, s->n_ident, d->scs_id)
		      : s->require_identity)
		return RS_INVSCSID;
	if (d->has_validity && d->validity > t->max_validity)
		return RS_INVPERIOD;
	if (!d->no_trigger_data && !d->no_payload &&
	    (d->payload_len > t->max_payload || traf_denied(t, g->scs, d->payload, (uint32_t)d->payload_len)))
		return RS_INVPAYLOAD;
	g->ex.rated = s->rate != 0;
	g->ex.may109 = s->rate != 0 && ++r->rated > r->share;
	if (s->quota && ++r->quota_used > s->quota)
		return RS_QUOTAEXCEEDED;
	sent = at == ACTION_DEVICE_TRIGGER_RECALL || at == ACTION_DEVICE_TRIGGER_REPLACE
		       ? was_sent(t, g->scs, d->old_reference) : -1;
	if (at == ACTION_DEVICE_TRIGGER_RECALL)
		return sent ? RS_ORIGINALMESSAGESENT : RS_RECALLFAIL;
	if (sent == 0)
		return RS_REPLACEFAIL;
	if (g->ue == NULL)
		return RS_INVEXTID;
	if (!(g->ue->groups & s->groups))
		return RS_NOTAUTHORIZED;
	if (g->ue->suspended)
		return RS_SERVICEUNAVAILABLE;
	return sent == 1 ? RS_ORIGINALMESSAGESENT : RS_SUCCESS;
}

void
traf_judge(struct traf *t, struct traf_gen *g)
{
	struct ex_line *e = &g->ex;
	const struct dar_spec *d = &g->s;
	const char *name = t->prov.scs[g->scs].name;

	e->result = DIAM_SUCCESS;
	e->status = judge_status(t, g);
	if (!(e->status == RS_SUCCESS ||
	      (e->status == RS_ORIGINALMESSAGESENT && d->action_type == ACTION_DEVICE_TRIGGER_REPLACE)))
		return;
	e->dtr = 1;
	snprintf(e->imsi, sizeof(e->imsi), "%s", g->ue->imsi);
	snprintf(e->scs, sizeof(e->scs), "%s", name);
	e->action = (uint8_t)d->action_type;
	e->len = (uint16_t)d->payload_len;
	if ((e->has_scs_id = d->scs_id != NULL))
		snprintf(e->scs_id, sizeof(e->scs_id), "%s", d->scs_id);
	if ((e->has_port = d->has_app_port))
		e->port = d->app_port;
	if ((e->has_prio = d->has_priority))
		e->prio = (uint8_t)d->priority;
	if ((e->has_validity = d->has_validity))
		e->validity = d->validity;
	if (!e->may109)
		remember(t, g);
}
