/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "conn.h"

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
	b->cap = 1 << 16;
	b->buf = malloc(b->cap);
	b->len = BATCH_HEAD;
	b->lines = malloc(max * sizeof(*b->lines));
	b->sent = malloc(max * sizeof(*b->sent));
	if (b->buf == NULL || b->lines == NULL || b->sent == NULL) {
		batcher_free(b);
		return -1;
	}
	return 0;
}

void
batcher_free(struct batcher *b)
{
	conn_wipe_free(b->buf);
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

/* A scanner of plain JSON: the syntax only, strict, and anything jansson
 * might judge otherwise (a \u escape, a byte above 0x7f, a number that is
 * not a small integer, deep nesting) sent to jansson instead. */
struct scan {
	const unsigned char *p, *end;
	int depth;
	int ue, scs; /* the object's top level names "ue", "scs" */
	/* Its names so far: a name given twice is jansson's to refuse. */
	const unsigned char *name[24];
	size_t name_len[24], names;
};

static void
scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int
scan_string(struct scan *s, const unsigned char **start, size_t *len)
{
	if (s->p >= s->end || *s->p != '"')
		return -1;
	*start = ++s->p;
	while (s->p < s->end) {
		unsigned char c = *s->p;

		if (c == '"') {
			*len = (size_t)(s->p++ - *start);
			return 0;
		}
		if (c < 0x20 || c >= 0x80)
			return -1;
		if (c == '\\') {
			if (++s->p >= s->end || strchr("\"\\/bfnrt", *s->p) == NULL || *s->p == '\0')
				return -1;
		}
		s->p++;
	}
	return -1;
}

static int scan_value(struct scan *s);

static int
scan_container(struct scan *s, unsigned char close)
{
	const unsigned char *key;
	size_t klen;

	/* Provisioning lines hold no object inside: one that does is
	 * jansson's, names given twice and all. */
	if (++s->depth > 32 || (close == '}' && s->depth > 1))
		return -1;
	s->p++;
	scan_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (scan_string(s, &key, &klen) != 0)
				return -1;
			if (s->depth == 1 && klen == 2 && memcmp(key, "ue", 2) == 0)
				s->ue = 1;
			if (s->depth == 1 && klen == 3 && memcmp(key, "scs", 3) == 0)
				s->scs = 1;
			/* An escaped name might spell either, or another. */
			if (memchr(key, '\\', klen) != NULL || s->names == 24)
				return -1;
			for (size_t i = 0; i < s->names; i++)
				if (s->name_len[i] == klen && memcmp(s->name[i], key, klen) == 0)
					return -1;
			s->name[s->names] = key;
			s->name_len[s->names++] = klen;
			scan_ws(s);
			if (s->p >= s->end || *s->p++ != ':')
				return -1;
			scan_ws(s);
		}
		if (scan_value(s) != 0)
			return -1;
		scan_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		scan_ws(s);
	}
}

static int
scan_literal(struct scan *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

static int
scan_value(struct scan *s)
{
	const unsigned char *start;
	size_t len;

	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '{':
		return scan_container(s, '}');
	case '[':
		return scan_container(s, ']');
	case '"':
		return scan_string(s, &start, &len);
	case 't':
		return scan_literal(s, "true");
	case 'f':
		return scan_literal(s, "false");
	case 'n':
		return scan_literal(s, "null");
	default:
		/* -?(0|[1-9][0-9]{0,17}), well inside json_int_t. */
		if (*s->p == '-')
			s->p++;
		start = s->p;
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			s->p++;
		len = (size_t)(s->p - start);
		if (len == 0 || len > 18 || (len > 1 && *start == '0'))
			return -1;
		if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E'))
			return -1;
		return 0;
	}
}

/* 0 when text is one plain JSON object: s says which names it has. */
static int
scan_line(struct scan *s, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->p = (const unsigned char *)text;
	s->end = s->p + len;
	if (len == 0 || *s->p != '{' || scan_value(s) != 0)
		return -1;
	scan_ws(s);
	return s->p == s->end ? 0 : -1;
}

/* Room for n more octets; grown by copying so that no stale copy of key
 * text is left behind by realloc. */
static int
reserve(struct batcher *b, size_t n)
{
	size_t cap = b->cap;
	char *p;

	if (b->len + n <= b->cap)
		return 0;
	while (cap < b->len + n)
		cap *= 2;
	p = malloc(cap);
	if (p == NULL)
		return -1;
	memcpy(p, b->buf, b->len);
	conn_wipe_free(b->buf);
	b->buf = p;
	b->cap = cap;
	return 0;
}

int
batcher_add(struct batcher *b, const char *text, size_t len, uint32_t line,
	    char *err, size_t errlen)
{
	int scs_batch = strcmp(b->kind, "scs") == 0;
	char head[32], *dumped = NULL;
	struct scan s;
	size_t hlen;
	int is_scs, is_ue;

	/* Finding the few SCS lines of a file of UEs need not scan every UE:
	 * an SCS line names "scs" (or spells it with an escape). */
	if (scs_batch && b->skip_other && memmem(text, len, "\"scs\"", 5) == NULL &&
	    memmem(text, len, "\\u", 2) == NULL)
		return 0;
	if (scan_line(&s, text, len) == 0) {
		is_scs = s.scs;
		is_ue = s.ue;
	} else {
		json_error_t jerr;
		json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);

		if (o == NULL) {
			/* Up to " near '...'": that part would quote the line. */
			char *near = strstr(jerr.text, " near ");

			if (near != NULL)
				*near = '\0';
			return refuse(err, errlen, line, "bad JSON: %s (column %d)", jerr.text,
				      jerr.column);
		}
		if (!json_is_object(o)) {
			json_decref(o);
			return refuse(err, errlen, line, "not a JSON object");
		}
		is_scs = json_object_get(o, "scs") != NULL;
		is_ue = json_object_get(o, "ue") != NULL;
		dumped = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (dumped == NULL)
			return refuse(err, errlen, line, "out of memory");
		text = dumped;
		len = strlen(dumped);
	}
	if (!is_scs && !is_ue) {
		conn_wipe_free(dumped);
		return refuse(err, errlen, line, "neither an \"scs\" nor a \"ue\" line");
	}
	if (is_scs != scs_batch) {
		conn_wipe_free(dumped);
		if (b->skip_other)
			return 0;
		return refuse(err, errlen, line, "%s line where %s lines are expected",
			      is_scs ? "an SCS" : "a UE", scs_batch ? "SCS" : "UE");
	}
	if (b->n == b->max) {
		conn_wipe_free(dumped);
		return refuse(err, errlen, line, "more than %zu operations in one batch", b->max);
	}
	hlen = (size_t)snprintf(head, sizeof(head), "%s{\"op\":\"%s\",\"data\":",
				b->n > 0 ? "," : "", scs_batch ? "scs.add" : "ue.add");
	/* The 3 of "]}\n" that will end the request. */
	if (b->len + hlen + len + 1 + 3 > CONN_MAX_REQUEST) {
		conn_wipe_free(dumped);
		return refuse(err, errlen, line, "the batch would be over the API's limit of %u MiB",
			      CONN_MAX_REQUEST >> 20);
	}
	if (reserve(b, hlen + len + 1 + 3) != 0) {
		conn_wipe_free(dumped);
		return refuse(err, errlen, line, "out of memory");
	}
	memcpy(b->buf + b->len, head, hlen);
	memcpy(b->buf + b->len + hlen, text, len);
	b->len += hlen + len;
	b->buf[b->len++] = '}';
	conn_wipe_free(dumped);
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

const char *
batcher_take(struct batcher *b, long long id, size_t *len)
{
	char head[BATCH_HEAD];
	int n = snprintf(head, sizeof(head), "{\"v\":1,\"id\":%lld,\"op\":\"batch\",\"ops\":[", id);
	char *start = b->buf + BATCH_HEAD - n;
	uint32_t *t = b->sent;

	/* The head right before the operations; the room was reserved. */
	memcpy(start, head, (size_t)n);
	memcpy(b->buf + b->len, "]}\n", 3);
	*len = (size_t)(b->buf + b->len + 3 - start);
	b->len = BATCH_HEAD;
	b->sent = b->lines;
	b->lines = t;
	b->n_sent = b->n;
	b->n = 0;
	return start;
}

uint32_t
batcher_line(const struct batcher *b, json_int_t index)
{
	if (index < 0 || (size_t)index >= b->n_sent)
		return 0;
	return b->sent[index];
}
