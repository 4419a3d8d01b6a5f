/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/params.h>

#include "a3_pdu.h"
#include "ossl_a3.h"

int
ossl_a3_key_init(struct ossl_a3_key *k, uint8_t ksi, const uint8_t k_conf[16],
		 const uint8_t k_int[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	int ok;

	memset(k, 0, sizeof(*k));
	k->ksi = ksi;
	k->ctr = EVP_CIPHER_CTX_new();
	k->cmac = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);
	ok = k->ctr && k->cmac &&
	     EVP_EncryptInit_ex(k->ctr, EVP_aes_128_ctr(), NULL, k_conf, NULL) == 1 &&
	     EVP_MAC_init(k->cmac, k_int, 16, params) == 1;
	if (!ok) {
		ossl_a3_key_free(k);
		return -1;
	}
	return 0;
}

void
ossl_a3_key_free(struct ossl_a3_key *k)
{
	EVP_CIPHER_CTX_free(k->ctr);
	EVP_MAC_CTX_free(k->cmac);
	k->ctr = NULL;
	k->cmac = NULL;
}

static void
prefix(uint8_t p[8], uint32_t count, uint8_t bearer, uint8_t dir)
{
	a3_put32(p, count);
	p[4] = (uint8_t)(bearer << 3 | dir << 2);
	p[5] = p[6] = p[7] = 0;
}

int
ossl_eea2(struct ossl_a3_key *k, uint32_t count, uint8_t bearer, uint8_t dir,
	  const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t iv[16] = { 0 };
	int n = 0;

	prefix(iv, count, bearer, dir);
	if (EVP_EncryptInit_ex(k->ctr, NULL, NULL, NULL, iv) != 1 ||
	    EVP_EncryptUpdate(k->ctr, out, &n, in, (int)len) != 1)
		return -1;
	return 0;
}

int
ossl_eia2(struct ossl_a3_key *k, uint32_t count, uint8_t bearer, uint8_t dir,
	  const uint8_t *msg, size_t len, uint8_t mac[4])
{
	uint8_t p[8], tag[16];
	size_t tag_len = 0;

	prefix(p, count, bearer, dir);
	if (EVP_MAC_init(k->cmac, NULL, 0, NULL) != 1 ||
	    EVP_MAC_update(k->cmac, p, sizeof(p)) != 1 ||
	    EVP_MAC_update(k->cmac, msg, len) != 1 ||
	    EVP_MAC_final(k->cmac, tag, &tag_len, sizeof(tag)) != 1)
		return -1;
	memcpy(mac, tag, 4);
	return 0;
}

size_t
ossl_a3_protect(struct ossl_a3_key *k, uint32_t count, uint32_t reference,
		uint32_t expiry, uint32_t app_port, uint8_t priority,
		const uint8_t *scs_id, uint8_t scs_id_len,
		const uint8_t *payload, uint16_t payload_len, uint8_t *out)
{
	uint32_t n = a3_pt_len(scs_id_len, payload_len);
	uint8_t *pt = out + A3_PDU_HDR_LEN;

	out[0] = A3_PDU_VERSION_TYPE;
	out[1] = (uint8_t)(k->ksi << 4);
	out[2] = 0x22;
	out[3] = priority ? A3_PDU_FLAG_PRIORITY : 0;
	a3_put32(out + 4, count);
	out[8] = (uint8_t)(n >> 8);
	out[9] = (uint8_t)n;
	a3_put32(pt, reference);
	a3_put32(pt + 4, expiry);
	a3_put32(pt + 8, app_port);
	pt[12] = scs_id_len;
	memcpy(pt + A3_PT_FIXED_LEN, scs_id, scs_id_len);
	memcpy(pt + A3_PT_FIXED_LEN + scs_id_len, payload, payload_len);
	if (ossl_eea2(k, count, A3_BEARER, A3_DIRECTION, pt, n, pt) != 0 ||
	    ossl_eia2(k, count, A3_BEARER, A3_DIRECTION, out, A3_PDU_HDR_LEN + n,
		      pt + n) != 0)
		return 0;
	return A3_PDU_OVERHEAD + n;
}
