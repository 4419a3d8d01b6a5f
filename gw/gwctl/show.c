/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "show.h"

const char *
show_count(char *buf, size_t len, long long n, const char *one)
{
	snprintf(buf, len, "%lld %s%s", n, one, n == 1 ? "" : "s");
	return buf;
}

/* One value as table or line text; the caller frees it. */
static char *
cell(json_t *v)
{
	char *s = NULL;
	size_t i;
	json_t *e;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return strdup(json_string_value(v));
	case JSON_INTEGER:
		if (asprintf(&s, "%lld", (long long)json_integer_value(v)) < 0)
			s = NULL;
		return s;
	case JSON_REAL:
		if (asprintf(&s, "%.1f", json_real_value(v)) < 0)
			s = NULL;
		return s;
	case JSON_TRUE:
		return strdup("yes");
	case JSON_FALSE:
		return strdup("no");
	case JSON_ARRAY: {
		size_t len = 0;

		if (json_array_size(v) == 0)
			return strdup("-");
		json_array_foreach(v, i, e) {
			char *c = cell(e), *t;

			if (c == NULL)
				break;
			t = realloc(s, len + strlen(c) + 2);
			if (t == NULL) {
				free(c);
				break;
			}
			s = t;
			len += (size_t)sprintf(s + len, "%s%s", i > 0 ? "," : "", c);
			free(c);
		}
		return s;
	}
	case JSON_OBJECT:
		return json_dumps(v, JSON_COMPACT);
	default:
		return strdup("-");
	}
}

void
show_table(FILE *f, json_t *rows)
{
	json_t *cols = json_array(), *row, *e;
	size_t ncol, nrow = json_array_size(rows), i, j, *width;
	char **cells;
	const char *k;
	json_t *v;

	/* The columns: every field of every row, in the order seen. */
	json_array_foreach(rows, i, row) {
		json_object_foreach(row, k, v) {
			int seen = 0;

			json_array_foreach(cols, j, e)
				seen |= strcmp(json_string_value(e), k) == 0;
			if (!seen)
				json_array_append_new(cols, json_string(k));
		}
	}
	ncol = json_array_size(cols);
	width = calloc(ncol ? ncol : 1, sizeof(*width));
	cells = calloc((nrow + 1) * (ncol ? ncol : 1), sizeof(*cells));
	if (width == NULL || cells == NULL)
		goto out;
	for (j = 0; j < ncol; j++) {
		char *h = strdup(json_string_value(json_array_get(cols, j)));

		for (size_t c = 0; h != NULL && h[c] != '\0'; c++)
			h[c] = (char)toupper((unsigned char)h[c]);
		cells[j] = h;
	}
	for (i = 0; i < nrow; i++)
		for (j = 0; j < ncol; j++) {
			v = json_object_get(json_array_get(rows, i),
					    json_string_value(json_array_get(cols, j)));
			cells[(i + 1) * ncol + j] = v != NULL ? cell(v) : strdup("-");
		}
	for (i = 0; i < (nrow + 1) * ncol; i++)
		if (cells[i] != NULL && strlen(cells[i]) > width[i % ncol])
			width[i % ncol] = strlen(cells[i]);
	for (i = 0; i < nrow + 1; i++) {
		for (j = 0; j < ncol; j++) {
			const char *c = cells[i * ncol + j] ? cells[i * ncol + j] : "?";

			if (j + 1 < ncol)
				fprintf(f, "%-*s  ", (int)width[j], c);
			else
				fprintf(f, "%s\n", c);
		}
	}
out:
	if (cells != NULL)
		for (i = 0; i < (nrow + 1) * ncol; i++)
			free(cells[i]);
	free(cells);
	free(width);
	json_decref(cols);
}

/* An object's scalar fields as "key: value" lines, values aligned. */
static void
show_fields(FILE *f, json_t *o, int nested)
{
	size_t w = 0;
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v)
		if (nested || !json_is_object(v))
			w = strlen(k) > w ? strlen(k) : w;
	json_object_foreach(o, k, v) {
		char *c;

		if (!nested && json_is_object(v))
			continue;
		c = cell(v);
		fprintf(f, "%s:%*s %s\n", k, (int)(w - strlen(k)), "", c ? c : "?");
		free(c);
	}
}

/* stats: its scalars, then each counter's total and rate. */
static void
show_stats(FILE *f, json_t *res)
{
	json_t *totals = json_object_get(res, "totals"), *rates = json_object_get(res, "rates");
	json_t *rows = json_array();
	const char *k;
	json_t *v;

	show_fields(f, res, 0);
	json_object_foreach(totals, k, v)
		json_array_append_new(rows, json_pack("{s:s,s:O,s:O?}", "name", k, "total", v,
						      "per_s", json_object_get(rates, k)));
	json_object_foreach(rates, k, v)
		if (json_object_get(totals, k) == NULL)
			json_array_append_new(rows, json_pack("{s:s,s:s,s:O}", "name", k,
							      "total", "-", "per_s", v));
	if (json_array_size(rows) > 0) {
		fputc('\n', f);
		show_table(f, rows);
	}
	json_decref(rows);
}

static void
show_health(FILE *f, json_t *res)
{
	json_t *cs = json_object_get(res, "count_store");
	json_int_t errs = json_integer_value(json_object_get(cs, "refill_errors"));
	const char *last = json_string_value(json_object_get(cs, "last_error"));

	fprintf(f, "%s: %lld worker%s, policy generation %lld",
		json_string_value(json_object_get(res, "status")) ?: "?",
		(long long)json_integer_value(json_object_get(res, "workers")),
		json_integer_value(json_object_get(res, "workers")) == 1 ? "" : "s",
		(long long)json_integer_value(json_object_get(res, "policy_generation")));
	if (errs > 0)
		fprintf(f, ", count store: %lld refill error%s%s%s", (long long)errs,
			errs == 1 ? "" : "s", last && *last ? ", last: " : "", last ? last : "");
	fputc('\n', f);
}

static const char *
data_str(const struct req *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(r->body, "data"), key)) ?: "?";
}

void
show_result(FILE *f, const struct req *r, json_t *res)
{
	const char *op = r->op;
	json_int_t applied = json_integer_value(json_object_get(res, "applied"));
	char n[64];

	if (strcmp(op, "ue.add") == 0) {
		fprintf(f, "added %s\n", show_count(n, sizeof(n), applied, "UE"));
	} else if (strcmp(op, "scs.add") == 0) {
		fprintf(f, "added %s\n", show_count(n, sizeof(n), applied, "SCS"));
	} else if (strcmp(op, "ue.delete") == 0) {
		fprintf(f, "deleted %s\n", show_count(n, sizeof(n), applied, "UE"));
	} else if (strcmp(op, "scs.delete") == 0) {
		fprintf(f, "deleted %s\n", show_count(n, sizeof(n), applied, "SCS"));
	} else if (strcmp(op, "ue.update") == 0) {
		fprintf(f, "updated %s\n", data_str(r, "ue"));
	} else if (strcmp(op, "ue.rekey") == 0) {
		fprintf(f, "rekeyed %s to KSI %lld\n", data_str(r, "ue"),
			(long long)json_integer_value(json_object_get(
				json_object_get(r->body, "data"), "ksi")));
	} else if (strcmp(op, "scs.update") == 0) {
		fprintf(f, "updated %s (id %lld)\n", data_str(r, "scs"),
			(long long)json_integer_value(json_object_get(res, "id")));
	} else if (strcmp(op, "ue.show") == 0) {
		show_fields(f, res, 1);
	} else if (strcmp(op, "scs.show") == 0 || strcmp(op, "group.list") == 0) {
		show_table(f, res);
	} else if (strcmp(op, "counters") == 0) {
		show_table(f, json_object_get(res, "counters"));
	} else if (strcmp(op, "stats") == 0) {
		show_stats(f, res);
	} else if (strcmp(op, "health") == 0) {
		show_health(f, res);
	} else {
		/* config.show: the configuration as the gateway holds it. */
		json_dumpf(res, f, JSON_INDENT(2));
		fputc('\n', f);
	}
}
