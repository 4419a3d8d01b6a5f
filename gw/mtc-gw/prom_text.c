/* SPDX-License-Identifier: BSD-3-Clause */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom_text.h"

void
text_init(struct text_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
text_free(struct text_buf *b)
{
	free(b->p);
	text_init(b);
}

char *
text_take(struct text_buf *b, size_t *len)
{
	char *p = b->oom ? NULL : b->p;

	if (p == NULL)
		free(b->p);
	else if (len != NULL)
		*len = b->len;
	text_init(b);
	return p;
}

static bool
reserve(struct text_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->oom)
		return false;
	while (cap - b->len < more + 1)
		cap *= 2;
	if (cap == b->cap)
		return true;
	p = realloc(b->p, cap);
	if (p == NULL) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void
text_printf(struct text_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* s with backslash and newline escaped, and double quote when quote is set. */
static void
escaped(struct text_buf *b, const char *s, bool quote)
{
	for (; *s != '\0'; s++) {
		const char *e = NULL;

		if (*s == '\\')
			e = "\\\\";
		else if (*s == '\n')
			e = "\\n";
		else if (*s == '"' && quote)
			e = "\\\"";
		if (!reserve(b, 2))
			return;
		if (e != NULL) {
			memcpy(b->p + b->len, e, 2);
			b->len += 2;
		} else {
			b->p[b->len++] = *s;
		}
		b->p[b->len] = '\0';
	}
}

void
prom_label_value(struct text_buf *b, const char *s)
{
	escaped(b, s, true);
}

void
prom_family(struct text_buf *b, const char *name, const char *type, const char *help)
{
	text_printf(b, "# HELP %s ", name);
	escaped(b, help, false);
	text_printf(b, "\n# TYPE %s %s\n", name, type);
}

void
prom_sample(struct text_buf *b, const char *name, const char *const *labels,
	    unsigned int n_labels, uint64_t value)
{
	text_printf(b, "%s", name);
	for (unsigned int i = 0; i < n_labels; i++) {
		text_printf(b, "%s%s=\"", i ? "," : "{", labels[2 * i]);
		prom_label_value(b, labels[2 * i + 1]);
		text_printf(b, "\"");
	}
	text_printf(b, "%s %" PRIu64 "\n", n_labels ? "}" : "", value);
}

bool
prom_valid_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (const char *c = s; *c != '\0'; c++) {
		bool alpha = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			     *c == '_' || *c == ':';

		if (!alpha && (c == s || *c < '0' || *c > '9'))
			return false;
	}
	return true;
}
