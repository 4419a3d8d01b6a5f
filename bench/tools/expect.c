/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "expect.h"

static void
set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

int
ex_write(FILE *f, const struct ex_line *e)
{
	json_t *o = json_object();
	int rc;

	set(o, "hbh", json_integer(e->hbh));
	set(o, "kind", json_string(e->kind));
	if (e->result == 0) {
		set(o, "drop", json_string(e->drop));
	} else {
		set(o, "result", json_integer(e->result));
		set(o, "status", json_integer(e->status));
	}
	if (e->rated)
		set(o, "rated", json_true());
	if (e->may109)
		set(o, "may109", json_true());
	if (e->dtr) {
		set(o, "dtr", json_true());
		set(o, "imsi", json_string(e->imsi));
		set(o, "scs", json_string(e->scs));
		set(o, "action", json_integer(e->action));
		set(o, "len", json_integer(e->len));
		if (e->has_scs_id)
			set(o, "scs_id", json_string(e->scs_id));
		if (e->has_port)
			set(o, "port", json_integer(e->port));
		if (e->has_prio)
			set(o, "priority", json_integer(e->prio));
		if (e->has_validity)
			set(o, "validity", json_integer(e->validity));
	}
	rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return rc == 0 && fputc('\n', f) != EOF ? 0 : -1;
}

static json_int_t
num(json_t *o, const char *k, json_int_t dflt, uint8_t *has)
{
	json_t *v = json_object_get(o, k);

	if (has)
		*has = json_is_integer(v);
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static void
str(json_t *o, const char *k, char *out, size_t cap, uint8_t *has)
{
	const char *s = json_string_value(json_object_get(o, k));

	if (has)
		*has = s != NULL;
	snprintf(out, cap, "%s", s ? s : "");
}

static int
parse(json_t *o, struct ex_line *e)
{
	uint8_t has;

	memset(e, 0, sizeof(*e));
	e->hbh = (uint32_t)num(o, "hbh", -1, &has);
	if (!has)
		return -1;
	str(o, "kind", e->kind, sizeof(e->kind), NULL);
	str(o, "drop", e->drop, sizeof(e->drop), &has);
	if (!has) {
		e->result = (uint32_t)num(o, "result", 0, &has);
		if (!has || e->result == 0)
			return -1;
		e->status = (int32_t)num(o, "status", -1, NULL);
	}
	e->rated = json_is_true(json_object_get(o, "rated"));
	e->may109 = json_is_true(json_object_get(o, "may109"));
	e->dtr = json_is_true(json_object_get(o, "dtr"));
	str(o, "imsi", e->imsi, sizeof(e->imsi), NULL);
	str(o, "scs", e->scs, sizeof(e->scs), NULL);
	str(o, "scs_id", e->scs_id, sizeof(e->scs_id), &e->has_scs_id);
	e->action = (uint8_t)num(o, "action", 1, NULL);
	e->len = (uint16_t)num(o, "len", 0, NULL);
	e->port = (uint32_t)num(o, "port", 0, &e->has_port);
	e->prio = (uint8_t)num(o, "priority", 0, &e->has_prio);
	e->validity = (uint32_t)num(o, "validity", 0, &e->has_validity);
	return 0;
}

static int
cmp_hbh(const void *a, const void *b)
{
	uint32_t x = ((const struct ex_line *)a)->hbh, y = ((const struct ex_line *)b)->hbh;

	return x < y ? -1 : x > y;
}

int
ex_load(const char *path, struct ex_line **v, size_t *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t llen = 0, cap = 0;
	unsigned int no = 0;
	int rc = 0;

	*v = NULL;
	*n = 0;
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	while (rc == 0 && getline(&line, &llen, f) > 0) {
		json_t *o;

		no++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (*n == cap) {
			struct ex_line *nv = realloc(*v, (cap = cap ? 2 * cap : 1024) * sizeof(**v));

			if (nv == NULL) {
				rc = -1;
				break;
			}
			*v = nv;
		}
		o = json_loads(line, 0, NULL);
		rc = json_is_object(o) ? parse(o, &(*v)[*n]) : -1;
		json_decref(o);
		if (rc == 0)
			(*n)++;
	}
	free(line);
	fclose(f);
	if (rc != 0) {
		snprintf(err, errlen, "%s: line %u: not an expect line", path, no);
		free(*v);
		*v = NULL;
		*n = 0;
		return -1;
	}
	qsort(*v, *n, sizeof(**v), cmp_hbh);
	return 0;
}

const struct ex_line *
ex_find(const struct ex_line *v, size_t n, uint32_t hbh)
{
	struct ex_line key = { .hbh = hbh };

	return bsearch(&key, v, n, sizeof(*v), cmp_hbh);
}

void
ex_payload(uint32_t ref, uint8_t *out, uint32_t len)
{
	char unit[32];
	int ul = snprintf(unit, sizeof(unit), "trigger %u ", ref);

	for (uint32_t i = 0; i < len; i++)
		out[i] = (uint8_t)unit[i % (uint32_t)ul];
}
