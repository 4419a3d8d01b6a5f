/* SPDX-License-Identifier: BSD-3-Clause */
/* gwctl's commands: their usage and the request each one's arguments make. */
#ifndef GWCTL_REQ_H
#define GWCTL_REQ_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define REQ_MAX_BATCH 100000 /* operations in one batch, as the API allows */
#define REQ_IMPORT_BATCH 4096

enum req_kind {
	REQ_ARGS,      /* body is complete */
	REQ_REKEY,     /* body still needs the key from key_file (req_rekey_key) */
	REQ_FILE_UE,   /* ue add: the UE lines of file, one batch */
	REQ_FILE_SCS,  /* scs add: the SCS lines of file, one batch */
	REQ_IMPORT,    /* ue import: file in batches of batch */
};

struct req {
	enum req_kind kind;
	const char *op;       /* the operation, for the confirmation */
	json_t *body;         /* {"op":..,"data":..} or {"op":"batch","ops":[..]} */
	const char *file;     /* FILE or "-" (stdin) */
	const char *key_file; /* ue rekey --key-file, or "-" */
	size_t batch;         /* ue import --batch */
};

/* Builds the request of argv = {NOUN, VERB, ARGS...} (or {NOUN} for stats,
 * health). Returns 0, or -1 with the reason in err (bad arguments). */
int req_build(int argc, char **argv, struct req *r, char *err, size_t errlen);

/* Adds the key of a key file to a ue.rekey body: a JSON object {"k_iwf"}
 * or {"k_asme", "nonce"}, or a bare line of 64 hex digits. The reason put
 * in err never quotes the text. 0, or -1. */
int req_rekey_key(json_t *body, const char *text, size_t len, char *err, size_t errlen);

/* The usage line of the command argv names (all of them when it names
 * none), each line starting with prefix. */
void req_usage(FILE *f, int argc, char **argv, const char *prefix);

#endif
