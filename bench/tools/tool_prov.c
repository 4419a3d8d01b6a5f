/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "hexutil.h"
#include "tool_prov.h"

int
tp_prefix_parse(const char *s, struct tp_prefix *out)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	long plen;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->addr) == 1)
		out->v6 = 0;
	else if (inet_pton(AF_INET6, buf, out->addr) == 1)
		out->v6 = 1;
	else
		return -1;
	plen = out->v6 ? 128 : 32;
	if (slash) {
		errno = 0;
		plen = strtol(slash + 1, &end, 10);
		if (errno || *end || end == slash + 1 || plen < 0 || plen > (out->v6 ? 128 : 32))
			return -1;
	}
	out->plen = (uint8_t)plen;
	return 0;
}

static int
group_bit(struct tp_prov *p, const char *name, bool define)
{
	for (unsigned int i = 0; i < p->n_groups; i++)
		if (strcmp(p->group[i], name) == 0)
			return (int)i;
	if (!define || p->n_groups == TP_GROUPS_MAX)
		return -1;
	p->group[p->n_groups] = strdup(name);
	return p->group[p->n_groups] ? (int)p->n_groups++ : -1;
}

/* Strings of an array field; absent: none. */
static int
str_list(json_t *o, const char *key, char ***out, unsigned int *n)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return -1;
	*out = calloc(json_array_size(a) + 1, sizeof(char *));
	if (*out == NULL)
		return -1;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || ((*out)[i] = strdup(json_string_value(v))) == NULL)
			return -1;
		(*n)++;
	}
	return 0;
}

static void
free_list(char **v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
groups_of(struct tp_prov *p, json_t *o, bool define, uint64_t *bits)
{
	json_t *a = json_object_get(o, "groups"), *v;
	size_t i;

	*bits = 0;
	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v) {
		int b = json_is_string(v) ? group_bit(p, json_string_value(v), define) : -1;

		if (b < 0)
			return -1;
		*bits |= 1ull << b;
	}
	return 0;
}

static uint64_t
uint_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
}

static int
scs_line(struct tp_prov *p, json_t *o, const char **why)
{
	struct tp_scs *s;
	json_t *src = json_object_get(o, "sources"), *v;
	size_t i;

	s = realloc(p->scs, (p->n_scs + 1) * sizeof(*s));
	if (s == NULL)
		return *why = "out of memory", -1;
	p->scs = s;
	s = &p->scs[p->n_scs++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", json_string_value(json_object_get(o, "scs")));
	if (!json_is_array(src) || json_array_size(src) > TP_SRC_MAX)
		return *why = "sources: not an array of at most 16 prefixes", -1;
	json_array_foreach(src, i, v) {
		if (!json_is_string(v) || tp_prefix_parse(json_string_value(v), &s->src[i]) != 0)
			return *why = "sources: bad prefix", -1;
		s->n_src++;
	}
	if (str_list(o, "identities", &s->ident, &s->n_ident) != 0 ||
	    str_list(o, "deny_payload", &s->deny, &s->n_deny) != 0)
		return *why = "identities / deny_payload: not an array of strings", -1;
	if (groups_of(p, o, true, &s->groups) != 0)
		return *why = "groups: not an array of names (at most 64)", -1;
	s->require_identity = json_is_true(json_object_get(o, "require_identity"));
	s->rate = uint_of(o, "rate");
	s->burst = uint_of(o, "burst");
	if (s->burst == 0)
		s->burst = s->rate / 10 ? s->rate / 10 : 1;
	s->quota = uint_of(o, "quota");
	return 0;
}

static int
hex_of(json_t *o, const char *key, uint8_t *out, size_t len)
{
	const char *h = json_string_value(json_object_get(o, key));

	return h && strlen(h) == 2 * len && hex_decode(h, out, len) == (ssize_t)len ? 0 : -1;
}

static int
ue_line(struct tp_prov *p, json_t *o, size_t *cap, const char **why)
{
	const char *imsi = json_string_value(json_object_get(o, "ue"));
	const char *ext = json_string_value(json_object_get(o, "external_id"));
	const char *msisdn = json_string_value(json_object_get(o, "msisdn"));
	struct tp_ue *u;

	if (p->n_ue == *cap) {
		size_t nc = *cap ? 2 * *cap : 1024;

		u = realloc(p->ue, nc * sizeof(*u));
		if (u == NULL)
			return *why = "out of memory", -1;
		p->ue = u;
		*cap = nc;
	}
	u = &p->ue[p->n_ue];
	memset(u, 0, sizeof(*u));
	if (imsi == NULL || strlen(imsi) > TP_IMSI_MAX || (ext && strlen(ext) > TP_EXTID_MAX) ||
	    (msisdn && strlen(msisdn) > TP_MSISDN_MAX))
		return *why = "ue / external_id / msisdn: missing or too long", -1;
	snprintf(u->imsi, sizeof(u->imsi), "%s", imsi);
	if (ext)
		snprintf(u->ext_id, sizeof(u->ext_id), "%s", ext);
	if (msisdn)
		snprintf(u->msisdn, sizeof(u->msisdn), "%s", msisdn);
	if (json_object_get(o, "k_iwf")) {
		if (hex_of(o, "k_iwf", u->kiwf, sizeof(u->kiwf)) != 0)
			return *why = "k_iwf: not 64 hex digits", -1;
	} else if (hex_of(o, "k_asme", u->kasme, sizeof(u->kasme)) == 0 &&
		   hex_of(o, "nonce", u->nonce, sizeof(u->nonce)) == 0) {
		u->has_kasme = true;
	} else {
		return *why = "k_iwf (or k_asme and nonce): missing or bad hex", -1;
	}
	u->ksi = (uint8_t)uint_of(o, "ksi");
	u->eea = (uint8_t)uint_of(o, "eea");
	u->eia = (uint8_t)uint_of(o, "eia");
	u->suspended = json_is_true(json_object_get(o, "suspended"));
	if (groups_of(p, o, false, &u->groups) != 0)
		return *why = "groups: names a group no SCS line above defined", -1;
	p->n_ue++;
	return 0;
}

static const struct tp_prov *sort_prov;

static int
cmp_imsi(const void *a, const void *b)
{
	return strcmp(sort_prov->ue[*(const size_t *)a].imsi, sort_prov->ue[*(const size_t *)b].imsi);
}

static int
index_imsi(struct tp_prov *p)
{
	p->by_imsi = malloc((p->n_ue ? p->n_ue : 1) * sizeof(size_t));
	if (p->by_imsi == NULL)
		return -1;
	for (size_t i = 0; i < p->n_ue; i++)
		p->by_imsi[i] = i;
	sort_prov = p;
	qsort(p->by_imsi, p->n_ue, sizeof(size_t), cmp_imsi);
	sort_prov = NULL;
	return 0;
}

int
tp_load(const char *path, struct tp_prov *p, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t llen = 0, cap = 0;
	unsigned int no = 0;
	const char *why = NULL;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&line, &llen, f) > 0) {
		json_error_t jerr;
		json_t *o;

		no++;
		if (line[strspn(line, " \t\r\n")] == '\0' || line[0] == '#')
			continue;
		o = json_loads(line, 0, &jerr);
		if (!json_is_object(o))
			why = "not a JSON object", rc = -1;
		else if (json_is_string(json_object_get(o, "scs")))
			rc = scs_line(p, o, &why);
		else if (json_is_string(json_object_get(o, "ue")))
			rc = ue_line(p, o, &cap, &why);
		else
			why = "neither an \"scs\" nor a \"ue\" line", rc = -1;
		json_decref(o);
	}
	free(line);
	fclose(f);
	if (rc == 0 && index_imsi(p) != 0)
		why = "out of memory", rc = -1;
	if (rc != 0) {
		snprintf(err, errlen, "%s: line %u: %s", path, no, why);
		tp_free(p);
	}
	return rc;
}

void
tp_free(struct tp_prov *p)
{
	for (unsigned int i = 0; i < p->n_scs; i++) {
		free_list(p->scs[i].ident, p->scs[i].n_ident);
		free_list(p->scs[i].deny, p->scs[i].n_deny);
	}
	for (unsigned int i = 0; i < p->n_groups; i++)
		free(p->group[i]);
	free(p->scs);
	free(p->ue);
	free(p->by_imsi);
	memset(p, 0, sizeof(*p));
}

const struct tp_ue *
tp_ue_by_imsi(const struct tp_prov *p, const char *imsi)
{
	size_t lo = 0, hi = p->n_ue;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct tp_ue *u = &p->ue[p->by_imsi[mid]];
		int c = strcmp(imsi, u->imsi);

		if (c == 0)
			return u;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
tp_scs_by_name(const struct tp_prov *p, const char *name)
{
	for (unsigned int i = 0; i < p->n_scs; i++)
		if (strcmp(p->scs[i].name, name) == 0)
			return (int)i;
	return -1;
}
