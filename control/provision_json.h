/* SPDX-License-Identifier: BSD-3-Clause */
/* Field readers shared by the provisioning line parsers. */
#ifndef MTC_PROVISION_JSON_H
#define MTC_PROVISION_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "a3.h"
#include "policy.h"
#include "ue_ctx.h"
#include "ue_key.h"

#define PROV_LIST_MAX 1024

/* Error text for the current line (the caller prefixes "line N: "). */
struct prov_err {
	char *buf;
	size_t len;
};

int prov_fail(struct prov_err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Refuses keys outside allowed (NULL-terminated). */
int prov_check_keys(struct prov_err *e, json_t *o, const char *const *allowed);

/* A string field; *s NULL when absent and not required. */
int prov_str(struct prov_err *e, json_t *o, const char *key, bool required,
	     const char **s);
/* An unsigned integer field up to max; dflt when absent. */
int prov_uint(struct prov_err *e, json_t *o, const char *key, uint64_t dflt,
	      uint64_t max, uint64_t *v);
int prov_bool(struct prov_err *e, json_t *o, const char *key, bool *v);
/* An array of strings (absent: empty). *out is malloc'd, pointing into o. */
int prov_strv(struct prov_err *e, json_t *o, const char *key, const char ***out,
	      unsigned int *n);

/*
 * A provisioning file's line, as getline read it: *off and *n the JSON
 * text without the line end and leading blanks. Returns false for a line
 * to skip (blank, or a '#' comment).
 */
bool prov_line(const char *buf, size_t len, size_t *off, size_t *n);

/* jansson's free for text that holds keys: wipes what it frees. */
void prov_wiping_free(void *ptr);

/* A UE line, parsed and checked (not against the table). */
struct prov_ue {
	uint32_t line;
	uint8_t ksi, eea, eia, suspended;
	uint8_t has_ext, has_msisdn;
	uint64_t imsi;
	uint64_t groups;
	uint64_t key_ext;
	uint64_t key_msisdn;
	char imsi_text[16];
	char ext[UE_EXTID_MAX + 1];
	char msisdn[UE_MSISDN_DIGITS + 1];
};

struct prov_ue_ctx {
	const struct ue_keyer *keyer;
	const struct policy_builder *policy; /* group names */
	struct a3_engine *engine;            /* the calling thread's */
	bool allow_null;
};

/* A UE line into u and its K_iwf (given, or derived from K_ASME and the
 * nonce); the key is wiped on error. */
int prov_ue_parse(struct prov_err *e, json_t *o, const struct prov_ue_ctx *c,
		  struct prov_ue *u, uint8_t kiwf[A3_KIWF_LEN]);
/*
 * The usual UE line read without jansson (provision_fast.c): 1 when text
 * starts (after blanks) with a UE line of the plain shape that
 * prov_ue_parse would accept, with u and kiwf as it would fill them and
 * *used the octets read up to the closing brace; 0 for anything else,
 * which prov_ue_parse must then read (and refuse with its message).
 */
int prov_ue_fast(const char *text, size_t len, const struct prov_ue_ctx *c,
		 struct prov_ue *u, uint8_t kiwf[A3_KIWF_LEN], size_t *used);

/* The pieces of a UE line, for the API's partial requests. */
int prov_imsi(struct prov_err *e, const char *imsi, uint64_t *packed);
int prov_key(struct prov_err *e, json_t *o, struct a3_engine *engine,
	     uint8_t kiwf[A3_KIWF_LEN]);
int prov_alg(struct prov_err *e, json_t *o, const char *key, bool allow_null, uint8_t *alg);
int prov_groups(struct prov_err *e, json_t *o, const struct policy_builder *b,
		uint64_t *bits);
int prov_hex(struct prov_err *e, json_t *o, const char *key, uint8_t *out, size_t len);
/* Whether s is min to max decimal digits. */
int prov_digits(const char *s, size_t min, size_t max);

/* An SCS line into the builder. */
int prov_scs_line(struct prov_err *e, json_t *o, struct policy_builder *b);
/* The same as an add (update_id < 0) or as the new definition of SCS
 * update_id; returns the SCS id or -errno. */
int prov_scs_apply(struct prov_err *e, json_t *o, struct policy_builder *b, int update_id);

#endif
