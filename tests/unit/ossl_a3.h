/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 128-EEA2/EIA2 A3-PDUs written the plain way, with OpenSSL EVP contexts set
 * up once per key and reused per message: the independent implementation the
 * tests cross-check against, and the baseline the benchmark compares with.
 */
#ifndef MTC_OSSL_A3_H
#define MTC_OSSL_A3_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct ossl_a3_key {
	EVP_CIPHER_CTX *ctr;
	EVP_MAC_CTX *cmac;
	uint8_t ksi;
};

int ossl_a3_key_init(struct ossl_a3_key *k, uint8_t ksi, const uint8_t k_conf[16],
		     const uint8_t k_int[16]);
void ossl_a3_key_free(struct ossl_a3_key *k);

/* Writes the whole PDU to out; returns its length, or 0 on an OpenSSL error. */
size_t ossl_a3_protect(struct ossl_a3_key *k, uint32_t count, uint32_t reference,
		       uint32_t expiry, uint32_t app_port, uint8_t priority,
		       const uint8_t *scs_id, uint8_t scs_id_len,
		       const uint8_t *payload, uint16_t payload_len, uint8_t *out);

/* The raw primitives, for cross-checks. */
int ossl_eea2(struct ossl_a3_key *k, uint32_t count, uint8_t bearer, uint8_t dir,
	      const uint8_t *in, size_t len, uint8_t *out);
int ossl_eia2(struct ossl_a3_key *k, uint32_t count, uint8_t bearer, uint8_t dir,
	      const uint8_t *msg, size_t len, uint8_t mac[4]);

#endif
