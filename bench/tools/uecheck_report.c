/* SPDX-License-Identifier: BSD-3-Clause */
/* mtc-uecheck's findings: mismatches as they come, the summaries at the end. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "uecheck.h"

void
uc_mismatch(struct uc *u, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (u->mismatches++ >= UC_MISMATCH_KEEP)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	u->mis[u->mismatches - 1] = s;
}

void
uc_count(struct uc_value *v, unsigned int *n, uint32_t value)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (v[i].v == value)
			break;
	if (i == *n) {
		if (*n == UC_VALUES_MAX)
			return;
		v[(*n)++] = (struct uc_value){ .v = value };
	}
	v[i].n++;
}

static int
cmp_value(const void *a, const void *b)
{
	uint32_t x = ((const struct uc_value *)a)->v, y = ((const struct uc_value *)b)->v;

	return x < y ? -1 : x > y;
}

static void
print_values(FILE *out, const char *what, const struct uc_value *v, unsigned int n)
{
	struct uc_value s[UC_VALUES_MAX];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_value);
	fprintf(out, "%-24s", what);
	if (n == 0)
		fprintf(out, " none");
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, " %u x%llu", s[i].v, (unsigned long long)s[i].n);
	fputc('\n', out);
}

void
uc_report(const struct uc *u, FILE *out)
{
	fprintf(out, "frames                   %llu: %llu DAA, %llu DTR, %llu other\n",
		(unsigned long long)u->frames, (unsigned long long)u->daa,
		(unsigned long long)u->dtr, (unsigned long long)u->other);
	print_values(out, "answers by Result-Code", u->rc, u->n_rc);
	print_values(out, "answers by Request-Status", u->rs, u->n_rs);
	fprintf(out, "DTRs                     %llu opened with the right trigger, %llu failed "
		"(mac %llu, replay %llu, header/ksi/alg %llu, expired %llu), COUNT repeated %llu, "
		"late %llu\n",
		(unsigned long long)u->dtr_opened, (unsigned long long)u->dtr_failed,
		(unsigned long long)u->open_err[A3_ERR_MAC],
		(unsigned long long)u->open_err[A3_ERR_REPLAY],
		(unsigned long long)(u->open_err[A3_ERR_HEADER] + u->open_err[A3_ERR_KSI] +
				     u->open_err[A3_ERR_ALG]),
		(unsigned long long)u->open_err[A3_ERR_EXPIRED],
		(unsigned long long)u->count_repeated, (unsigned long long)u->late);
	if (u->n_ex)
		fprintf(out, "expect file              %zu lines, %llu answers as expected\n",
			u->n_ex, (unsigned long long)u->matched);
	fprintf(out, "mismatches               %llu\n", (unsigned long long)u->mismatches);
	for (unsigned int i = 0; i < UC_MISMATCH_KEEP && i < u->mismatches; i++)
		fprintf(out, "  %s\n", u->mis[i] ? u->mis[i] : "(out of memory)");
	if (u->mismatches > UC_MISMATCH_KEEP)
		fprintf(out, "  ... and %llu more\n",
			(unsigned long long)(u->mismatches - UC_MISMATCH_KEEP));
}

static json_t *
values(const struct uc_value *v, unsigned int n)
{
	json_t *o = json_object();
	char k[16];

	for (unsigned int i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "%u", v[i].v);
		json_object_set_new(o, k, json_integer((json_int_t)v[i].n));
	}
	return o;
}

int
uc_report_json(const struct uc *u, const char *path, bool ok)
{
	json_t *o = json_object(), *mis = json_array();
	int rc;

	for (unsigned int i = 0; i < UC_MISMATCH_KEEP && i < u->mismatches; i++)
		json_array_append_new(mis, json_string(u->mis[i] ? u->mis[i] : ""));
	json_object_set_new(o, "ok", json_boolean(ok));
	json_object_set_new(o, "frames", json_integer((json_int_t)u->frames));
	json_object_set_new(o, "daa", json_integer((json_int_t)u->daa));
	json_object_set_new(o, "dtr", json_integer((json_int_t)u->dtr));
	json_object_set_new(o, "other", json_integer((json_int_t)u->other));
	json_object_set_new(o, "result_codes", values(u->rc, u->n_rc));
	json_object_set_new(o, "request_status", values(u->rs, u->n_rs));
	json_object_set_new(o, "dtr_opened", json_integer((json_int_t)u->dtr_opened));
	json_object_set_new(o, "dtr_failed", json_integer((json_int_t)u->dtr_failed));
	json_object_set_new(o, "count_repeated", json_integer((json_int_t)u->count_repeated));
	json_object_set_new(o, "late", json_integer((json_int_t)u->late));
	json_object_set_new(o, "expect_lines", json_integer((json_int_t)u->n_ex));
	json_object_set_new(o, "matched", json_integer((json_int_t)u->matched));
	json_object_set_new(o, "mismatch_count", json_integer((json_int_t)u->mismatches));
	json_object_set_new(o, "mismatches", mis);
	rc = json_dump_file(o, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return rc == 0 ? 0 : -1;
}
