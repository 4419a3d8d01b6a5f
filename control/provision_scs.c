/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provision_json.h"

bool
prov_line(const char *buf, size_t len, size_t *off, size_t *n)
{
	size_t lead = 0;

	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	while (lead < len && (buf[lead] == ' ' || buf[lead] == '\t'))
		lead++;
	*off = lead;
	*n = len - lead;
	return lead < len && buf[lead] != '#';
}

void
prov_wiping_free(void *ptr)
{
	if (ptr != NULL) {
		explicit_bzero(ptr, malloc_usable_size(ptr));
		free(ptr);
	}
}

int
prov_fail(struct prov_err *e, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return rc;
}

int
prov_check_keys(struct prov_err *e, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		const char *const *a;

		for (a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL)
			return prov_fail(e, -EINVAL, "%s: unknown field", key);
	}
	return 0;
}

int
prov_str(struct prov_err *e, json_t *o, const char *key, bool required, const char **s)
{
	json_t *v = json_object_get(o, key);

	*s = NULL;
	if (v == NULL)
		return required ? prov_fail(e, -EINVAL, "%s: missing field", key) : 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return prov_fail(e, -EINVAL, "%s: not a non-empty string", key);
	*s = json_string_value(v);
	return 0;
}

int
prov_uint(struct prov_err *e, json_t *o, const char *key, uint64_t dflt, uint64_t max,
	  uint64_t *v)
{
	json_t *j = json_object_get(o, key);

	*v = dflt;
	if (j == NULL)
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    (uint64_t)json_integer_value(j) > max)
		return prov_fail(e, -ERANGE, "%s: not an integer in 0..%llu", key,
				 (unsigned long long)max);
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

int
prov_bool(struct prov_err *e, json_t *o, const char *key, bool *v)
{
	json_t *j = json_object_get(o, key);

	*v = false;
	if (j == NULL)
		return 0;
	if (!json_is_boolean(j))
		return prov_fail(e, -EINVAL, "%s: not a boolean", key);
	*v = json_is_true(j);
	return 0;
}

int
prov_strv(struct prov_err *e, json_t *o, const char *key, const char ***out,
	  unsigned int *n)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return prov_fail(e, -EINVAL, "%s: not an array", key);
	if (json_array_size(a) > PROV_LIST_MAX)
		return prov_fail(e, -E2BIG, "%s: more than %d entries", key, PROV_LIST_MAX);
	if (json_array_size(a) == 0)
		return 0;
	*out = calloc(json_array_size(a), sizeof(**out));
	if (*out == NULL)
		return prov_fail(e, -ENOMEM, "%s: out of memory", key);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0) {
			free(*out);
			*out = NULL;
			return prov_fail(e, -EINVAL, "%s[%zu]: not a non-empty string", key, i);
		}
		(*out)[i] = json_string_value(v);
	}
	*n = (unsigned int)json_array_size(a);
	return 0;
}

int
prov_scs_line(struct prov_err *e, json_t *o, struct policy_builder *b)
{
	int rc = prov_scs_apply(e, o, b, -1);

	return rc < 0 ? rc : 0;
}

int
prov_scs_apply(struct prov_err *e, json_t *o, struct policy_builder *b, int update_id)
{
	static const char *const keys[] = { "scs", "sources", "identities",
		"require_identity", "groups", "deny_payload", "rate", "burst", "quota",
		"quota_period", NULL };
	struct policy_scs_def d = {0};
	const char **src = NULL, **ids = NULL, **deny = NULL, **groups = NULL;
	int rc;

	if ((rc = prov_check_keys(e, o, keys)) || (rc = prov_str(e, o, "scs", true, &d.name)))
		return rc;
	if (json_object_get(o, "sources") == NULL)
		return prov_fail(e, -EINVAL, "sources: missing field");
	if ((rc = prov_strv(e, o, "sources", &src, &d.n_sources)) ||
	    (rc = prov_strv(e, o, "identities", &ids, &d.n_identities)) ||
	    (rc = prov_strv(e, o, "deny_payload", &deny, &d.n_deny)) ||
	    (rc = prov_strv(e, o, "groups", &groups, &d.n_groups)) ||
	    (rc = prov_bool(e, o, "require_identity", &d.require_identity)) ||
	    (rc = prov_uint(e, o, "rate", 0, UINT32_MAX, &d.rate)) ||
	    (rc = prov_uint(e, o, "burst", 0, UINT32_MAX, &d.burst)) ||
	    (rc = prov_uint(e, o, "quota", 0, UINT32_MAX - 1, &d.quota)) ||
	    (rc = prov_uint(e, o, "quota_period", 0, 366ULL * 86400, &d.quota_period)))
		goto out;
	d.sources = src;
	d.identities = ids;
	d.deny = deny;
	d.groups = groups;
	rc = update_id < 0 ? policy_builder_add(b, &d, e->buf, e->len)
			   : policy_builder_update(b, (uint32_t)update_id, &d, e->buf, e->len);
out:
	free(src);
	free(ids);
	free(deny);
	free(groups);
	return rc;
}
