/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Keys at rest: per-UE keys are kept in the store wrapped with AES key wrap
 * with padding (RFC 5649) under a 256-bit master key read from a file. The
 * store's format record holds the master key's check value, so that a store
 * written under another master key is refused rather than misread.
 */
#ifndef MTC_KEYWRAP_H
#define MTC_KEYWRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYWRAP_MASTER_LEN 32 /* AES-256 */
#define KEYWRAP_KCV_LEN 8

/* Wrapped length of n octets of key data: n rounded up to 8, plus 8. */
#define KEYWRAP_WRAPPED_LEN(n) ((((n) + 7) / 8) * 8 + 8)

struct keywrap_master {
	uint8_t key[KEYWRAP_MASTER_LEN];
	/* first 8 octets of HMAC-SHA-256(key, "mtc-gw store master key check") */
	uint8_t kcv[KEYWRAP_KCV_LEN];
	/* AES-256-ECB contexts (EVP_CIPHER_CTX) keyed once at load, for the
	 * bulk wrap and unwrap: OpenSSL's key wrap costs microseconds a value,
	 * a restart unwraps millions. One thread at a time uses a master key. */
	void *ecb_ctx;     /* decryption, for keywrap_unwrap_bulk */
	void *ecb_enc_ctx; /* encryption, for keywrap_wrap_bulk */
};

/*
 * Reads the master key file: refuses a file that is not a regular file, or
 * whose mode gives any access to group or others (0600 or 0400 expected), or
 * whose content is not exactly 32 raw octets or 64 hex digits (a trailing
 * newline allowed after the hex digits). Fills the key and its check value.
 * Returns 0 or -errno with a message in err naming the path and the reason
 * (never the key); on failure *m is wiped.
 */
int keywrap_master_load(const char *path, struct keywrap_master *m, char *err, size_t errlen);

/* Wipes the master key and its check value and frees its contexts (wipe a
 * loaded key before loading another into the same struct). */
void keywrap_master_wipe(struct keywrap_master *m);

/* Whether kcv is m's check value (constant time). */
bool keywrap_master_matches(const struct keywrap_master *m, const uint8_t kcv[KEYWRAP_KCV_LEN]);

/*
 * RFC 5649 wrap of n values of in_len octets each (in_len at least 9),
 * in[i] into out[i] (KEYWRAP_WRAPPED_LEN(in_len) octets each), the AES
 * steps of all of them together: the same octets keywrap_wrap writes.
 * Returns 0 or -EINVAL / -ENOMEM / -EIO.
 */
int keywrap_wrap_bulk(const struct keywrap_master *m, const uint8_t *const *in,
		      size_t in_len, uint8_t *const *out, unsigned int n);

/*
 * RFC 5649 unwrap of n values of in_len octets each (in_len at least 24: no
 * single-block values), in[i] into out[i] (in_len - 8 octets of room each);
 * len[i] gets the unwrapped length, or 0 when value i fails its integrity
 * check. The AES steps of all n values go through the cipher together, a
 * batch at a time: a restart unwraps millions of keys. Returns 0, or
 * -EINVAL / -ENOMEM / -EIO for the call as a whole.
 */
int keywrap_unwrap_bulk(const struct keywrap_master *m, const uint8_t *const *in,
			size_t in_len, uint8_t *const *out, size_t *len, unsigned int n);

/*
 * RFC 5649 wrap of in_len (>= 1) octets under the master key: out gets
 * KEYWRAP_WRAPPED_LEN(in_len) octets. Returns that length, -EINVAL for an
 * empty or oversized input, -ENOSPC when out_cap is too small.
 */
int keywrap_wrap(const struct keywrap_master *m, const uint8_t *in, size_t in_len,
		 uint8_t *out, size_t out_cap);

/*
 * Unwraps; returns the key data's length, -EBADMSG when the value is not a
 * valid wrapped value under this master key (integrity check failed: another
 * master key, or a corrupted or truncated value), -ENOSPC when the key data
 * does not fit in out_cap. out is untouched on failure.
 */
int keywrap_unwrap(const struct keywrap_master *m, const uint8_t *in, size_t in_len,
		   uint8_t *out, size_t out_cap);

/*
 * The same with a KEK of 16, 24 or 32 octets (-EINVAL otherwise). Internal:
 * the RFC 5649 test vectors use a 192-bit KEK.
 */
int keywrap_wrap_kek(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
		     uint8_t *out, size_t out_cap);
int keywrap_unwrap_kek(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
		       uint8_t *out, size_t out_cap);

#endif
