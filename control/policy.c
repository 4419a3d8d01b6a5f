/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_acl.h>
#include <rte_cycles.h>
#include <rte_ip.h>

#include "cidr.h"
#include "policy.h"

#include "policy_int.h"

void
policy_db_put(struct policy_db *d)
{
	if (d != NULL && --d->refs == 0) {
		hs_free_database(d->db);
		free(d);
	}
}

struct policy_db *
policy_db_get(struct policy_db *d)
{
	if (d != NULL)
		d->refs++;
	return d;
}

struct policy_builder *
policy_builder_new_cap(uint32_t cap)
{
	struct policy_builder *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->cap = cap ? cap : POLICY_SCS_MAX;
	b->scs = calloc(b->cap, sizeof(*b->scs));
	if (b->scs == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

struct policy_builder *
policy_builder_new(void)
{
	return policy_builder_new_cap(0);
}

static void
scs_clear(struct policy_scs *s)
{
	free(s->pfx);
	policy_db_put(s->ident);
	policy_db_put(s->deny);
	memset(s, 0, sizeof(*s));
}

void
policy_builder_free(struct policy_builder *b)
{
	if (b == NULL)
		return;
	for (uint32_t i = 0; i < b->next_id; i++)
		scs_clear(&b->scs[i]);
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++)
		free(b->groups[i].name);
	free(b->scs);
	free(b);
}

struct policy_builder *
policy_builder_clone(const struct policy_builder *b)
{
	struct policy_builder *c = policy_builder_new_cap(b->cap);

	if (c == NULL)
		return NULL;
	c->next_id = b->next_id;
	c->n_present = b->n_present;
	c->generation = b->generation;
	c->qs = b->qs;
	for (uint32_t i = 0; i < b->next_id; i++) {
		const struct policy_scs *s = &b->scs[i];
		struct policy_scs *d = &c->scs[i];

		if (!s->present)
			continue;
		*d = *s;
		d->pfx = malloc(sizeof(*d->pfx) * (s->n_pfx ? s->n_pfx : 1));
		if (d->pfx == NULL) {
			d->ident = d->deny = NULL;
			goto nomem;
		}
		memcpy(d->pfx, s->pfx, sizeof(*d->pfx) * s->n_pfx);
		policy_db_get(d->ident);
		policy_db_get(d->deny);
	}
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		c->groups[i] = b->groups[i];
		if (b->groups[i].name != NULL &&
		    (c->groups[i].name = strdup(b->groups[i].name)) == NULL)
			goto nomem;
	}
	return c;
nomem:
	policy_builder_free(c);
	return NULL;
}

void
policy_builder_set_qs(struct policy_builder *b, struct rte_rcu_qsbr *qs)
{
	b->qs = qs;
}

int
policy_group_bit(const struct policy_builder *b, const char *name)
{
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++)
		if (b->groups[i].name != NULL && strcmp(b->groups[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

const char *
policy_group_info(const struct policy_builder *b, unsigned int bit, uint32_t *n_scs,
		  uint32_t *n_ues)
{
	if (bit >= POLICY_GROUPS_MAX || b->groups[bit].name == NULL)
		return NULL;
	if (n_scs)
		*n_scs = b->groups[bit].n_scs;
	if (n_ues)
		*n_ues = b->groups[bit].n_ues;
	return b->groups[bit].name;
}

/* A group no SCS names and no UE is in gives its bit back. */
static void
group_release_if_unused(struct policy_builder *b, unsigned int bit)
{
	struct policy_group *g = &b->groups[bit];

	if (g->name == NULL || g->n_scs != 0 || g->n_ues != 0)
		return;
	free(g->name);
	g->name = NULL;
	g->retiring = b->qs != NULL;
	if (g->retiring)
		g->token = rte_rcu_qsbr_start(b->qs);
}

static int
group_new(struct policy_builder *b, const char *name)
{
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		struct policy_group *g = &b->groups[i];

		if (g->name != NULL)
			continue;
		if (g->retiring && rte_rcu_qsbr_check(b->qs, g->token, false) != 1)
			continue;
		g->name = strdup(name);
		if (g->name == NULL)
			return -ENOMEM;
		g->retiring = 0;
		g->n_scs = g->n_ues = 0;
		return (int)i;
	}
	return -ENOSPC;
}

static void
groups_ref_scs(struct policy_builder *b, uint64_t bits, int delta)
{
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		if (!(bits >> i & 1))
			continue;
		b->groups[i].n_scs += (uint32_t)delta;
		if (delta < 0)
			group_release_if_unused(b, i);
	}
}

int
policy_groups_ref_ues(struct policy_builder *b, uint64_t bits, int delta)
{
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++)
		if ((bits >> i & 1) && b->groups[i].name == NULL)
			return -ENOENT;
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++) {
		if (!(bits >> i & 1))
			continue;
		b->groups[i].n_ues += (uint32_t)delta;
		if (delta < 0)
			group_release_if_unused(b, i);
	}
	return 0;
}

int
policy_builder_set_group(struct policy_builder *b, unsigned int bit, const char *name)
{
	struct policy_group *g;

	if (bit >= POLICY_GROUPS_MAX || policy_group_bit(b, name) >= 0)
		return -EEXIST;
	g = &b->groups[bit];
	if (g->name != NULL)
		return -EEXIST;
	g->name = strdup(name);
	g->n_scs = g->n_ues = 0;
	g->retiring = 0;
	return g->name ? 0 : -ENOMEM;
}

void
policy_builder_set_next_id(struct policy_builder *b, uint32_t id)
{
	if (id > b->next_id && id <= b->cap)
		b->next_id = id;
}

void
policy_builder_prune_groups(struct policy_builder *b)
{
	for (unsigned int i = 0; i < POLICY_GROUPS_MAX; i++)
		group_release_if_unused(b, i);
}

int
policy_scs_index(const struct policy_builder *b, const char *name)
{
	for (uint32_t i = 0; i < b->next_id; i++)
		if (b->scs[i].present && strcmp(b->scs[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

const char *
policy_scs_name(const struct policy_builder *b, uint32_t id)
{
	return id < b->next_id && b->scs[id].present ? b->scs[id].name : NULL;
}

unsigned int
policy_scs_count(const struct policy_builder *b)
{
	return b->n_present;
}

uint32_t
policy_scs_ids(const struct policy_builder *b)
{
	return b->next_id;
}

uint32_t
policy_scs_cap(const struct policy_builder *b)
{
	return b->cap;
}

static int
compile(const char *list, const char *const *expr, unsigned int n,
	hs_database_t **db, char *err, size_t errlen)
{
	unsigned int *flags, *ids;
	hs_compile_error_t *cerr = NULL;
	hs_error_t rc;

	*db = NULL;
	if (n == 0)
		return 0;
	flags = calloc(n, sizeof(*flags));
	ids = calloc(n, sizeof(*ids));
	if (flags == NULL || ids == NULL) {
		free(flags);
		free(ids);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++) {
		flags[i] = HS_FLAG_SINGLEMATCH;
		ids[i] = i;
	}
	rc = hs_compile_multi(expr, flags, ids, n, HS_MODE_BLOCK, NULL, db, &cerr);
	free(flags);
	free(ids);
	if (rc == HS_SUCCESS)
		return 0;
	if (cerr != NULL && cerr->expression >= 0 && (unsigned int)cerr->expression < n)
		snprintf(err, errlen, "%s[%d] \"%s\": %s", list, cerr->expression,
			 expr[cerr->expression], cerr->message);
	else
		snprintf(err, errlen, "%s: %s", list, cerr ? cerr->message : "compile failed");
	hs_free_compile_error(cerr);
	return -EINVAL;
}


/* Compiles a list into a shared database (NULL for an empty list). */
static int
compile_db(const char *list, const char *const *expr, unsigned int n,
	   struct policy_db **out, char *err, size_t errlen)
{
	hs_database_t *db;
	int rc = compile(list, expr, n, &db, err, errlen);

	*out = NULL;
	if (rc != 0 || db == NULL)
		return rc;
	*out = malloc(sizeof(**out));
	if (*out == NULL) {
		hs_free_database(db);
		return -ENOMEM;
	}
	(*out)->db = db;
	(*out)->refs = 1;
	return 0;
}

/* Group bits of a definition, creating groups as needed (in a registry that
 * is discarded on error, or before anything else changed). */
static int
def_groups(struct policy_builder *b, const struct policy_scs_def *d, uint64_t *bits,
	   char *err, size_t errlen)
{
	*bits = 0;
	for (unsigned int i = 0; i < d->n_groups; i++) {
		int bit = policy_group_bit(b, d->groups[i]);

		if (bit < 0)
			bit = group_new(b, d->groups[i]);
		if (bit == -ENOSPC) {
			snprintf(err, errlen, "scs \"%s\": groups: more than %d groups", d->name,
				 POLICY_GROUPS_MAX);
			return bit;
		}
		if (bit < 0)
			return bit;
		*bits |= UINT64_C(1) << bit;
	}
	return 0;
}

/* Checks d and fills s (not yet in the registry) from it. self: the id it
 * replaces (its own prefixes are no conflict), or UINT32_MAX. */
static int
def_make(struct policy_builder *b, const struct policy_scs_def *d, uint32_t self,
	 struct policy_scs *s, char *err, size_t errlen)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (d->name == NULL || d->name[0] == '\0' || strlen(d->name) >= SCS_NAME_MAX) {
		snprintf(err, errlen, "scs: name empty or longer than %d", SCS_NAME_MAX - 1);
		return -EINVAL;
	}
	if (d->n_sources == 0) {
		snprintf(err, errlen, "scs \"%s\": sources: empty", d->name);
		return -EINVAL;
	}
	snprintf(s->name, sizeof(s->name), "%s", d->name);
	s->pfx = calloc(d->n_sources, sizeof(*s->pfx));
	if (s->pfx == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < d->n_sources; i++) {
		const char *why;

		if (cidr_parse(d->sources[i], &s->pfx[i], &why) != 0) {
			snprintf(err, errlen, "scs \"%s\": sources[%u] \"%s\": %s", d->name, i,
				 d->sources[i], why);
			goto bad;
		}
		for (unsigned int j = 0; j < i; j++)
			if (cidr_equal(&s->pfx[j], &s->pfx[i])) {
				snprintf(err, errlen, "scs \"%s\": sources[%u] \"%s\": already "
					 "given to \"%s\"", d->name, i, d->sources[i], d->name);
				rc = -EEXIST;
				goto fail;
			}
		for (uint32_t id = 0; id < b->next_id; id++) {
			const struct policy_scs *o = &b->scs[id];

			if (!o->present || id == self)
				continue;
			for (unsigned int j = 0; j < o->n_pfx; j++)
				if (cidr_equal(&o->pfx[j], &s->pfx[i])) {
					snprintf(err, errlen, "scs \"%s\": sources[%u] \"%s\": "
						 "already given to \"%s\"", d->name, i,
						 d->sources[i], o->name);
					rc = -EEXIST;
					goto fail;
				}
		}
	}
	s->n_pfx = d->n_sources;
	rc = compile_db("identities", d->identities, d->n_identities, &s->ident, err, errlen);
	if (rc == 0)
		rc = compile_db("deny_payload", d->deny, d->n_deny, &s->deny, err, errlen);
	if (rc != 0) {
		/* prefix the SCS name to the compiler's message */
		char tmp[256];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "scs \"%s\": %s", d->name, tmp);
		goto fail;
	}
	rc = def_groups(b, d, &s->groups, err, errlen);
	if (rc != 0)
		goto fail;
	s->require_identity = d->require_identity;
	s->rate = d->rate;
	s->burst = d->burst ? d->burst : (d->rate / 10 ? d->rate / 10 : 1);
	s->quota = d->quota;
	s->quota_period = d->quota_period ? d->quota_period : 86400;
	s->present = 1;
	return 0;
bad:
	rc = -EINVAL;
fail:
	scs_clear(s);
	return rc;
}

int
policy_builder_add(struct policy_builder *b, const struct policy_scs_def *d,
		   char *err, size_t errlen)
{
	struct policy_scs s;
	uint32_t id = b->next_id;
	int rc;

	if (d->name != NULL && policy_scs_index(b, d->name) >= 0) {
		snprintf(err, errlen, "scs \"%s\": duplicate SCS", d->name);
		return -EEXIST;
	}
	if (id >= b->cap) {
		snprintf(err, errlen, "scs \"%s\": the %u SCS ids are used up", d->name
			 ? d->name : "", b->cap);
		return -ENOSPC;
	}
	rc = def_make(b, d, UINT32_MAX, &s, err, errlen);
	if (rc != 0)
		return rc;
	b->scs[id] = s;
	groups_ref_scs(b, s.groups, +1);
	b->next_id++;
	b->n_present++;
	return (int)id;
}

int
policy_builder_update(struct policy_builder *b, uint32_t id, const struct policy_scs_def *d,
		      char *err, size_t errlen)
{
	struct policy_scs s;
	int rc;

	if (policy_scs_name(b, id) == NULL) {
		snprintf(err, errlen, "scs: no SCS with id %u", id);
		return -ENOENT;
	}
	if (d->name == NULL || strcmp(d->name, b->scs[id].name) != 0) {
		snprintf(err, errlen, "scs \"%s\": an update cannot rename it",
			 b->scs[id].name);
		return -EINVAL;
	}
	rc = def_make(b, d, id, &s, err, errlen);
	if (rc != 0)
		return rc;
	/* New groups counted before the old are released: a group both name
	 * keeps its bit. */
	groups_ref_scs(b, s.groups, +1);
	groups_ref_scs(b, b->scs[id].groups, -1);
	scs_clear(&b->scs[id]);
	b->scs[id] = s;
	return (int)id;
}

int
policy_builder_delete(struct policy_builder *b, uint32_t id)
{
	uint64_t groups;

	if (policy_scs_name(b, id) == NULL)
		return -ENOENT;
	groups = b->scs[id].groups;
	scs_clear(&b->scs[id]); /* present = 0: the id stays retired */
	b->n_present--;
	groups_ref_scs(b, groups, -1);
	return 0;
}

