/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hexutil.h"
#include "keywrap.h"

#define KCV_LABEL "mtc-gw store master key check"
#define HEX_LEN (2 * KEYWRAP_MASTER_LEN)
/* Larger inputs than EVP's int lengths take, or RFC 5649's 32-bit MLI. */
#define IN_MAX ((size_t)INT_MAX - 16)
/* Unwrapped data up to this size goes through a stack buffer. */
#define UNWRAP_STACK 512

static int
fail(char *err, size_t errlen, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int
master_kcv(struct keywrap_master *m)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int rc = 0;

	if (HMAC(EVP_sha256(), m->key, KEYWRAP_MASTER_LEN, (const uint8_t *)KCV_LABEL,
		 sizeof(KCV_LABEL) - 1, md, &mdlen) == NULL || mdlen < KEYWRAP_KCV_LEN) {
		ERR_clear_error();
		rc = -EIO;
	} else {
		memcpy(m->kcv, md, KEYWRAP_KCV_LEN);
	}
	explicit_bzero(md, sizeof(md));
	return rc;
}

int
keywrap_master_load(const char *path, struct keywrap_master *m, char *err, size_t errlen)
{
	/* room for one octet more than the longest accepted content */
	uint8_t buf[HEX_LEN + 2];
	size_t len = 0;
	struct stat st;
	int fd, rc;

	explicit_bzero(m, sizeof(*m));
	/* O_NONBLOCK: a FIFO is refused below rather than waited on */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fail(err, errlen, -errno, "master key %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = fail(err, errlen, -errno, "master key %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = fail(err, errlen, -EINVAL, "master key %s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		rc = fail(err, errlen, -EPERM,
			  "master key %s: mode %04o gives access to group or others "
			  "(want 0600 or 0400)", path, (unsigned int)(st.st_mode & 07777));
		goto out;
	}
	while (len < sizeof(buf)) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = fail(err, errlen, -errno, "master key %s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len == KEYWRAP_MASTER_LEN) {
		memcpy(m->key, buf, KEYWRAP_MASTER_LEN);
	} else if (len == HEX_LEN || (len == HEX_LEN + 1 && buf[HEX_LEN] == '\n')) {
		char hex[2 * KEYWRAP_MASTER_LEN + 1];
		bool ok;

		memcpy(hex, buf, 2 * KEYWRAP_MASTER_LEN);
		hex[2 * KEYWRAP_MASTER_LEN] = '\0';
		ok = hex_decode(hex, m->key, KEYWRAP_MASTER_LEN) == KEYWRAP_MASTER_LEN;
		explicit_bzero(hex, sizeof(hex));
		if (!ok) {
			rc = fail(err, errlen, -EINVAL,
				  "master key %s: %zu octets but not all hex digits", path, len);
			goto out;
		}
	} else {
		if (len == sizeof(buf))
			rc = fail(err, errlen, -EINVAL, "master key %s: more than %zu octets "
				  "(want 32 raw octets or 64 hex digits)", path, len - 1);
		else
			rc = fail(err, errlen, -EINVAL, "master key %s: %zu octets "
				  "(want 32 raw octets or 64 hex digits)", path, len);
		goto out;
	}
	rc = master_kcv(m);
	if (rc != 0)
		fail(err, errlen, rc, "master key %s: check value: HMAC failed", path);
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	if (rc != 0)
		explicit_bzero(m, sizeof(*m));
	return rc;
}

void
keywrap_master_wipe(struct keywrap_master *m)
{
	explicit_bzero(m, sizeof(*m));
}

bool
keywrap_master_matches(const struct keywrap_master *m, const uint8_t kcv[KEYWRAP_KCV_LEN])
{
	return CRYPTO_memcmp(m->kcv, kcv, KEYWRAP_KCV_LEN) == 0;
}

static const EVP_CIPHER *
wrap_cipher(size_t kek_len)
{
	switch (kek_len) {
	case 16:
		return EVP_aes_128_wrap_pad();
	case 24:
		return EVP_aes_192_wrap_pad();
	case 32:
		return EVP_aes_256_wrap_pad();
	default:
		return NULL;
	}
}

/*
 * One EVP wrap or unwrap of in into out, which must have room for the whole
 * output EVP may write (in_len + 15 when wrapping, in_len - 8 when
 * unwrapping). Returns the output length, or 0 when EVP refuses.
 */
static size_t
evp_wrap(const EVP_CIPHER *cipher, int enc, const uint8_t *kek, const uint8_t *in,
	 size_t in_len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0;
	size_t r = 0;

	if (ctx == NULL)
		goto out;
	/*
	 * OpenSSL 1.1, and 3's legacy (engine) path, refuse the wrap modes
	 * without this flag; the providers do not look at it.
	 */
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	if (EVP_CipherInit_ex(ctx, cipher, NULL, kek, NULL, enc) != 1 ||
	    EVP_CipherUpdate(ctx, out, &n, in, (int)in_len) != 1 || n <= 0 ||
	    EVP_CipherFinal_ex(ctx, out + n, &fin) != 1)
		goto out;
	r = (size_t)n + (size_t)fin;
out:
	/* frees the key schedule, cleansed */
	EVP_CIPHER_CTX_free(ctx);
	if (r == 0)
		ERR_clear_error();
	return r;
}

int
keywrap_wrap_kek(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
		 uint8_t *out, size_t out_cap)
{
	const EVP_CIPHER *cipher = wrap_cipher(kek_len);
	size_t want, n;

	if (cipher == NULL || in_len == 0 || in_len > IN_MAX)
		return -EINVAL;
	want = KEYWRAP_WRAPPED_LEN(in_len);
	if (out_cap < want)
		return -ENOSPC;
	n = evp_wrap(cipher, 1, kek, in, in_len, out);
	if (n != want) {
		explicit_bzero(out, want);
		return -EIO;
	}
	return (int)n;
}

int
keywrap_unwrap_kek(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t in_len,
		   uint8_t *out, size_t out_cap)
{
	const EVP_CIPHER *cipher = wrap_cipher(kek_len);
	uint8_t stack[UNWRAP_STACK], *tmp = stack;
	size_t room, n;
	int rc;

	if (cipher == NULL || in_len > IN_MAX)
		return -EINVAL;
	/* at least one AES block, and whole 64-bit blocks */
	if (in_len < 16 || in_len % 8 != 0)
		return -EBADMSG;
	/* EVP writes the padded data, then reports the unpadded length */
	room = in_len - 8;
	if (room > sizeof(stack)) {
		tmp = malloc(room);
		if (tmp == NULL)
			return -ENOMEM;
	}
	n = evp_wrap(cipher, 0, kek, in, in_len, tmp);
	if (n == 0 || n > room || room - n >= 8) {
		rc = -EBADMSG;
	} else if (n > out_cap) {
		rc = -ENOSPC;
	} else {
		memcpy(out, tmp, n);
		rc = (int)n;
	}
	explicit_bzero(tmp, room);
	if (tmp != stack)
		free(tmp);
	return rc;
}

int
keywrap_wrap(const struct keywrap_master *m, const uint8_t *in, size_t in_len,
	     uint8_t *out, size_t out_cap)
{
	return keywrap_wrap_kek(m->key, KEYWRAP_MASTER_LEN, in, in_len, out, out_cap);
}

int
keywrap_unwrap(const struct keywrap_master *m, const uint8_t *in, size_t in_len,
	       uint8_t *out, size_t out_cap)
{
	return keywrap_unwrap_kek(m->key, KEYWRAP_MASTER_LEN, in, in_len, out, out_cap);
}
