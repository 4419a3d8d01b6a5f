/* SPDX-License-Identifier: BSD-3-Clause */
/* A UE line (provisioning file or admin API) checked and parsed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexutil.h"
#include "provision_json.h"

int
prov_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
prov_hex(struct prov_err *e, json_t *o, const char *key, uint8_t *out, size_t len)
{
	const char *s;
	int rc = prov_str(e, o, key, true, &s);

	if (rc != 0)
		return rc;
	if (strlen(s) != 2 * len || hex_decode(s, out, len) != (ssize_t)len)
		return prov_fail(e, -EINVAL, "%s: bad hex (want %zu hex digits)", key, 2 * len);
	return 0;
}

int
prov_alg(struct prov_err *e, json_t *o, const char *key, bool allow_null, uint8_t *alg)
{
	uint64_t v;
	json_t *j = json_object_get(o, key);

	if (j == NULL)
		return prov_fail(e, -EINVAL, "%s: missing field", key);
	if (prov_uint(e, o, key, 0, A3_ALG_MAX, &v) != 0)
		return prov_fail(e, -EINVAL, "%s: bad algorithm (0..%d)", key, A3_ALG_MAX);
	if (v == A3_ALG_NULL && !allow_null)
		return prov_fail(e, -EPERM,
				 "%s: null algorithm not allowed (allow_null_algorithms)", key);
	*alg = (uint8_t)v;
	return 0;
}

int
prov_key(struct prov_err *e, json_t *o, struct a3_engine *engine, uint8_t kiwf[A3_KIWF_LEN])
{
	int rc;

	if (json_object_get(o, "k_iwf") != NULL) {
		if (json_object_get(o, "k_asme") || json_object_get(o, "nonce"))
			return prov_fail(e, -EINVAL, "k_asme: give k_iwf or k_asme, not both");
		rc = prov_hex(e, o, "k_iwf", kiwf, A3_KIWF_LEN);
	} else if (json_object_get(o, "k_asme") != NULL) {
		uint8_t kasme[A3_KASME_LEN], nonce[A3_NONCE_LEN];

		rc = prov_hex(e, o, "k_asme", kasme, sizeof(kasme));
		if (rc == 0)
			rc = prov_hex(e, o, "nonce", nonce, sizeof(nonce));
		if (rc == 0 && a3_derive_kiwf(engine, kasme, nonce, kiwf) != 0)
			rc = prov_fail(e, -EIO, "k_asme: K_iwf derivation failed");
		explicit_bzero(kasme, sizeof(kasme));
	} else {
		rc = prov_fail(e, -EINVAL, "k_iwf: missing field (or k_asme and nonce)");
	}
	if (rc != 0)
		explicit_bzero(kiwf, A3_KIWF_LEN);
	return rc;
}

int
prov_imsi(struct prov_err *e, const char *imsi, uint64_t *packed)
{
	if (imsi == NULL || !prov_digits(imsi, 5, 15))
		return prov_fail(e, -EINVAL, "ue: not an IMSI (5 to 15 digits)");
	*packed = ue_imsi_pack(strtoull(imsi, NULL, 10), (unsigned int)strlen(imsi));
	return 0;
}

int
prov_groups(struct prov_err *e, json_t *o, const struct policy_builder *b, uint64_t *bits)
{
	const char **groups = NULL;
	unsigned int ng = 0;
	int rc;

	*bits = 0;
	if ((rc = prov_strv(e, o, "groups", &groups, &ng)))
		return rc;
	for (unsigned int i = 0; i < ng; i++) {
		int bit = policy_group_bit(b, groups[i]);

		if (bit < 0) {
			rc = prov_fail(e, -ENOENT, "groups[%u]: unknown group \"%s\"", i,
				       groups[i]);
			break;
		}
		*bits |= UINT64_C(1) << bit;
	}
	free(groups);
	return rc;
}

int
prov_ue_parse(struct prov_err *e, json_t *o, const struct prov_ue_ctx *c, struct prov_ue *u,
	      uint8_t kiwf[A3_KIWF_LEN])
{
	static const char *const keys[] = { "ue", "external_id", "msisdn", "k_iwf",
		"k_asme", "nonce", "ksi", "eea", "eia", "groups", "suspended", NULL };
	const char *imsi, *ext, *msisdn;
	uint64_t ksi;
	bool susp;
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = prov_check_keys(e, o, keys)) ||
	    (rc = prov_str(e, o, "ue", true, &imsi)) ||
	    (rc = prov_str(e, o, "external_id", false, &ext)) ||
	    (rc = prov_str(e, o, "msisdn", false, &msisdn)) ||
	    (rc = prov_imsi(e, imsi, &u->imsi)))
		return rc;
	snprintf(u->imsi_text, sizeof(u->imsi_text), "%s", imsi);
	if (ext == NULL && msisdn == NULL)
		return prov_fail(e, -EINVAL, "external_id: missing field (or msisdn)");
	if (ext != NULL) {
		const char *at = strchr(ext, '@');

		if (strlen(ext) > UE_EXTID_MAX || at == NULL || at == ext || at[1] == '\0')
			return prov_fail(e, -EINVAL, "external_id: not local@domain "
					 "of at most %d octets", UE_EXTID_MAX);
		u->has_ext = 1;
		u->key_ext = ue_key_extid(c->keyer, ext, strlen(ext));
		snprintf(u->ext, sizeof(u->ext), "%s", ext);
	}
	if (msisdn != NULL) {
		if (!prov_digits(msisdn, 1, UE_MSISDN_DIGITS))
			return prov_fail(e, -EINVAL, "msisdn: not 1 to %d digits",
					 UE_MSISDN_DIGITS);
		u->has_msisdn = 1;
		u->key_msisdn = ue_key_msisdn(c->keyer, msisdn, strlen(msisdn));
		snprintf(u->msisdn, sizeof(u->msisdn), "%s", msisdn);
	}
	if (json_object_get(o, "ksi") == NULL)
		return prov_fail(e, -EINVAL, "ksi: missing field");
	if ((rc = prov_uint(e, o, "ksi", 0, A3_KSI_MAX, &ksi)) ||
	    (rc = prov_alg(e, o, "eea", c->allow_null, &u->eea)) ||
	    (rc = prov_alg(e, o, "eia", c->allow_null, &u->eia)) ||
	    (rc = prov_bool(e, o, "suspended", &susp)) ||
	    (rc = prov_groups(e, o, c->policy, &u->groups)))
		return rc;
	u->ksi = (uint8_t)ksi;
	u->suspended = susp;
	return prov_key(e, o, c->engine, kiwf);
}
