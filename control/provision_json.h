/* SPDX-License-Identifier: BSD-3-Clause */
/* Field readers shared by the provisioning line parsers. */
#ifndef MTC_PROVISION_JSON_H
#define MTC_PROVISION_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "policy.h"

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

/* An SCS line into the builder. */
int prov_scs_line(struct prov_err *e, json_t *o, struct policy_builder *b);

#endif
