/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Prometheus text exposition format (0.0.4), written into a growing
 * buffer: family headers, samples, label values escaped. No DPDK: the
 * metrics thread builds a body per request with it, the tests call it alone.
 */
#ifndef MTC_PROM_TEXT_H
#define MTC_PROM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct text_buf {
	char *p;    /* NUL-terminated while len > 0 */
	size_t len;
	size_t cap;
	bool oom;   /* an append failed: the text is incomplete */
};

void text_init(struct text_buf *b);
void text_free(struct text_buf *b);
/* Hands the text over (the caller frees it); b is empty afterwards. NULL
 * when an append failed. */
char *text_take(struct text_buf *b, size_t *len);
void text_printf(struct text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A label value escaped: backslash, double quote and newline as \\, \" and \n. */
void prom_label_value(struct text_buf *b, const char *s);

/* "# HELP name help" (backslash and newline escaped) and "# TYPE name type". */
void prom_family(struct text_buf *b, const char *name, const char *type, const char *help);

/*
 * One sample: name{k1="v1",...} value. labels holds n_labels pairs, name
 * then value; values are escaped, names must be valid label names.
 */
void prom_sample(struct text_buf *b, const char *name, const char *const *labels,
		 unsigned int n_labels, uint64_t value);

/* Whether s is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*). */
bool prom_valid_name(const char *s);

#endif
