/* SPDX-License-Identifier: BSD-3-Clause */
/* Provisioning lines in, batches of add operations out, each operation
 * remembering its line so that a refusal can name it. */
#ifndef GWCTL_BATCH_H
#define GWCTL_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* A provisioning file's lines, blank and '#' lines skipped. Each line's
 * bytes are wiped before the next is read: UE lines hold keys. */
struct lines {
	FILE *f;
	char *buf;
	size_t cap;
	size_t held;   /* bytes of the last line, to wipe */
	uint32_t line; /* number of the last line read, from 1 */
};

void lines_init(struct lines *l, FILE *f);
/* The next line, trimmed: 1, 0 at the end, -1 on a read error (errno). */
int lines_next(struct lines *l, const char **text, size_t *len);
/* Back to line 1: 0, or -1 when the file cannot seek (a pipe). */
int lines_rewind(struct lines *l);
void lines_free(struct lines *l);

/* The operations are kept as request text: a provisioning line that is
 * plain JSON (ASCII, no \u escape, small integers) is checked by a scanner
 * and copied as it is; any other is parsed and encoded again by jansson.
 * The text is the request's, with room for its head. */
struct batcher {
	const char *kind; /* "ue" or "scs": the lines it takes */
	int skip_other;   /* lines of the other kind: 1 passed over, 0 refused */
	size_t max;       /* operations in a batch */
	char *buf;        /* BATCH_HEAD octets of room, then the operations */
	size_t len, cap;
	uint32_t *lines;  /* the line of each operation held */
	uint32_t *sent;   /* the line of each operation of the last batch taken */
	size_t n, n_sent;
};

#define BATCH_HEAD 64

/* 0, or -1 without memory. */
int batcher_init(struct batcher *b, const char *kind, size_t max, int skip_other);
void batcher_free(struct batcher *b);

/* One line: 1 taken, 0 passed over, -1 refused with "line N: reason" in
 * err (never quoting the line). A batch is refused past REQ_MAX_BATCH
 * operations or CONN_MAX_REQUEST octets. */
int batcher_add(struct batcher *b, const char *text, size_t len, uint32_t line,
		char *err, size_t errlen);

/* Takes lines until b holds max operations or the file ends. Returns the
 * operations held (0 at the end), or -1 with err set. */
long batcher_fill(struct batcher *b, struct lines *l, char *err, size_t errlen);

/* The request {"v":1,"id":id,"op":"batch","ops":[...]}\n of the operations
 * held, *len octets in b's buffer (valid until the next batcher_add); b
 * starts an empty batch. */
const char *batcher_take(struct batcher *b, long long id, size_t *len);

/* The line of operation index of the last batch taken; 0 if none. */
uint32_t batcher_line(const struct batcher *b, json_int_t index);

#endif
