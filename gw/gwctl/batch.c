/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

void
lines_init(struct lines *l, FILE *f)
{
	memset(l, 0, sizeof(*l));
	l->f = f;
}

int
lines_next(struct lines *l, const char **text, size_t *len)
{
	ssize_t got;

	for (;;) {
		size_t n, lead = 0;

		if (l->held > 0)
			explicit_bzero(l->buf, l->held);
		errno = 0;
		got = getline(&l->buf, &l->cap, l->f);
		if (got < 0) {
			l->held = 0;
			return errno != 0 || ferror(l->f) ? -1 : 0;
		}
		l->held = n = (size_t)got;
		l->line++;
		while (n > 0 && (l->buf[n - 1] == '\n' || l->buf[n - 1] == '\r'))
			n--;
		while (lead < n && (l->buf[lead] == ' ' || l->buf[lead] == '\t'))
			lead++;
		if (lead == n || l->buf[lead] == '#')
			continue;
		*text = l->buf + lead;
		*len = n - lead;
		return 1;
	}
}

int
lines_rewind(struct lines *l)
{
	if (fseek(l->f, 0, SEEK_SET) != 0)
		return -1;
	clearerr(l->f);
	l->line = 0;
	return 0;
}

void
lines_free(struct lines *l)
{
	if (l->buf != NULL)
		explicit_bzero(l->buf, l->cap);
	free(l->buf);
	l->buf = NULL;
	l->cap = l->held = 0;
}

int
batcher_init(struct batcher *b, const char *kind, size_t max, int skip_other)
{
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->skip_other = skip_other;
	b->max = max;
	b->op = json_string(strcmp(kind, "ue") == 0 ? "ue.add" : "scs.add");
	b->ops = json_array();
	b->lines = malloc(max * sizeof(*b->lines));
	b->sent = malloc(max * sizeof(*b->sent));
	if (b->op == NULL || b->ops == NULL || b->lines == NULL || b->sent == NULL) {
		batcher_free(b);
		return -1;
	}
	return 0;
}

void
batcher_free(struct batcher *b)
{
	json_decref(b->op);
	json_decref(b->ops);
	free(b->lines);
	free(b->sent);
	memset(b, 0, sizeof(*b));
}

static int __attribute__((format(printf, 4, 5)))
refuse(char *err, size_t errlen, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "line %u: ", line);

	if (n > 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
batcher_add(struct batcher *b, const char *text, size_t len, uint32_t line,
	    char *err, size_t errlen)
{
	int scs_batch = strcmp(b->kind, "scs") == 0;
	json_error_t jerr;
	json_t *o, *op;
	int is_scs;

	/* Finding the few SCS lines of a file of UEs need not parse every UE:
	 * an SCS line names "scs" (or spells it with an escape). */
	if (scs_batch && b->skip_other && memmem(text, len, "\"scs\"", 5) == NULL &&
	    memmem(text, len, "\\u", 2) == NULL)
		return 0;
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL) {
		/* Up to " near '...'": that part would quote the line. */
		char *near = strstr(jerr.text, " near ");

		if (near != NULL)
			*near = '\0';
		return refuse(err, errlen, line, "bad JSON: %s (column %d)", jerr.text, jerr.column);
	}
	if (!json_is_object(o)) {
		json_decref(o);
		return refuse(err, errlen, line, "not a JSON object");
	}
	is_scs = json_object_get(o, "scs") != NULL;
	if (!is_scs && json_object_get(o, "ue") == NULL) {
		json_decref(o);
		return refuse(err, errlen, line, "neither an \"scs\" nor a \"ue\" line");
	}
	if (is_scs != scs_batch) {
		json_decref(o);
		if (b->skip_other)
			return 0;
		return refuse(err, errlen, line, "%s line where %s lines are expected",
			      is_scs ? "an SCS" : "a UE", scs_batch ? "SCS" : "UE");
	}
	if (b->n == b->max) {
		json_decref(o);
		return refuse(err, errlen, line, "more than %zu operations in one batch", b->max);
	}
	op = json_object();
	if (op == NULL || json_object_set_nocheck(op, "op", b->op) != 0 ||
	    json_object_set_new_nocheck(op, "data", o) != 0 ||
	    json_array_append_new(b->ops, op) != 0)
		return refuse(err, errlen, line, "out of memory");
	b->lines[b->n++] = line;
	return 1;
}

long
batcher_fill(struct batcher *b, struct lines *l, char *err, size_t errlen)
{
	const char *text;
	size_t len;
	int rc;

	while (b->n < b->max && (rc = lines_next(l, &text, &len)) != 0) {
		if (rc < 0) {
			snprintf(err, errlen, "line %u: %s", l->line + 1, strerror(errno));
			return -1;
		}
		if (batcher_add(b, text, len, l->line, err, errlen) < 0)
			return -1;
	}
	return (long)b->n;
}

json_t *
batcher_take(struct batcher *b)
{
	json_t *req = json_pack("{s:s,s:o}", "op", "batch", "ops", b->ops);
	uint32_t *t = b->sent;

	b->ops = json_array();
	if (req == NULL || b->ops == NULL) {
		json_decref(req);
		return NULL;
	}
	b->sent = b->lines;
	b->lines = t;
	b->n_sent = b->n;
	b->n = 0;
	return req;
}

uint32_t
batcher_line(const struct batcher *b, json_int_t index)
{
	if (index < 0 || (size_t)index >= b->n_sent)
		return 0;
	return b->sent[index];
}
