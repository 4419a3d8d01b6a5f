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

static int master_ctx_init(struct keywrap_master *m);

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
	else if ((rc = master_ctx_init(m)) != 0)
		fail(err, errlen, rc, "master key %s: no AES key wrap cipher", path);
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	if (rc != 0)
		keywrap_master_wipe(m);
	return rc;
}

void
keywrap_master_wipe(struct keywrap_master *m)
{
	/* EVP_CIPHER_CTX_free cleanses the key schedules */
	EVP_CIPHER_CTX_free(m->ecb_ctx);
	EVP_CIPHER_CTX_free(m->ecb_enc_ctx);
	explicit_bzero(m, sizeof(*m));
}

/* The master key's AES-256-ECB contexts, keyed once for the bulk wrap and
 * unwrap. */
static int
master_ctx_init(struct keywrap_master *m)
{
	m->ecb_ctx = EVP_CIPHER_CTX_new();
	m->ecb_enc_ctx = EVP_CIPHER_CTX_new();
	if (m->ecb_ctx == NULL || m->ecb_enc_ctx == NULL ||
	    EVP_DecryptInit_ex(m->ecb_ctx, EVP_aes_256_ecb(), NULL, m->key, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(m->ecb_ctx, 0) != 1 ||
	    EVP_EncryptInit_ex(m->ecb_enc_ctx, EVP_aes_256_ecb(), NULL, m->key, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(m->ecb_enc_ctx, 0) != 1) {
		ERR_clear_error();
		return -EIO;
	}
	return 0;
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

/* Values unwrapped together: one ECB call per step for all of them. */
#define BULK 64
/* RFC 5649's alternative initial value, its first half. */
static const uint8_t AIV[4] = { 0xa6, 0x59, 0x59, 0xa6 };

/* RFC 3394 section 2.2.2 (index form) over up to BULK values of s
 * semiblocks each: a[] and r[] in place; 0 or -EIO. */
static int
unwrap_steps(EVP_CIPHER_CTX *ecb, uint8_t (*a)[8], uint8_t *r, unsigned int m, size_t s)
{
	uint8_t blk[BULK][16];
	int outl;

	for (int j = 5; j >= 0; j--) {
		for (size_t i = s; i >= 1; i--) {
			uint64_t t = (uint64_t)s * (uint64_t)j + i;

			for (unsigned int u = 0; u < m; u++) {
				memcpy(blk[u], a[u], 8);
				for (int b = 0; b < 8; b++)
					blk[u][7 - b] ^= (uint8_t)(t >> (8 * b));
				memcpy(blk[u] + 8, r + (u * s + i - 1) * 8, 8);
			}
			if (EVP_DecryptUpdate(ecb, &blk[0][0], &outl, &blk[0][0], (int)(16 * m)) != 1 ||
			    outl != (int)(16 * m))
				return -EIO;
			for (unsigned int u = 0; u < m; u++) {
				memcpy(a[u], blk[u], 8);
				memcpy(r + (u * s + i - 1) * 8, blk[u] + 8, 8);
			}
		}
	}
	explicit_bzero(blk, sizeof(blk));
	return 0;
}

int
keywrap_unwrap_bulk(const struct keywrap_master *m, const uint8_t *const *in, size_t in_len,
		    uint8_t *const *out, size_t *len, unsigned int n)
{
	size_t s = in_len / 8 - 1; /* semiblocks of padded key data */
	uint8_t a[BULK][8], *r;
	int rc = 0;

	if (m->ecb_ctx == NULL || in_len < 24 || in_len % 8 != 0 || in_len > IN_MAX)
		return -EINVAL;
	r = malloc(BULK * (in_len - 8));
	if (r == NULL)
		return -ENOMEM;
	for (unsigned int base = 0; base < n && rc == 0; base += BULK) {
		unsigned int cnt = n - base < BULK ? n - base : BULK;

		for (unsigned int u = 0; u < cnt; u++) {
			memcpy(a[u], in[base + u], 8);
			memcpy(r + u * s * 8, in[base + u] + 8, s * 8);
		}
		rc = unwrap_steps(m->ecb_ctx, a, r, cnt, s);
		for (unsigned int u = 0; u < cnt && rc == 0; u++) {
			const uint8_t *p = r + u * s * 8;
			uint32_t mli = (uint32_t)a[u][4] << 24 | (uint32_t)a[u][5] << 16 |
				       (uint32_t)a[u][6] << 8 | a[u][7];
			uint8_t pad = 0;
			bool ok = CRYPTO_memcmp(a[u], AIV, sizeof(AIV)) == 0 &&
				  mli > 8 * (s - 1) && mli <= 8 * s;

			/* RFC 5649 section 3: the padding octets must be zero */
			for (size_t k = ok ? mli : 8 * s; k < 8 * s; k++)
				pad |= p[k];
			len[base + u] = ok && pad == 0 ? mli : 0;
			if (len[base + u])
				memcpy(out[base + u], p, mli);
		}
		explicit_bzero(r, BULK * (in_len - 8));
	}
	explicit_bzero(a, sizeof(a));
	free(r);
	return rc;
}

/* RFC 3394 section 2.2.1 (index form), forward, over up to BULK values. */
static int
wrap_steps(EVP_CIPHER_CTX *ecb, uint8_t (*a)[8], uint8_t *r, unsigned int m, size_t s)
{
	uint8_t blk[BULK][16];
	int outl;

	for (int j = 0; j <= 5; j++) {
		for (size_t i = 1; i <= s; i++) {
			uint64_t t = (uint64_t)s * (uint64_t)j + i;

			for (unsigned int u = 0; u < m; u++) {
				memcpy(blk[u], a[u], 8);
				memcpy(blk[u] + 8, r + (u * s + i - 1) * 8, 8);
			}
			if (EVP_EncryptUpdate(ecb, &blk[0][0], &outl, &blk[0][0], (int)(16 * m)) != 1 ||
			    outl != (int)(16 * m))
				return -EIO;
			for (unsigned int u = 0; u < m; u++) {
				memcpy(a[u], blk[u], 8);
				for (int b = 0; b < 8; b++)
					a[u][7 - b] ^= (uint8_t)(t >> (8 * b));
				memcpy(r + (u * s + i - 1) * 8, blk[u] + 8, 8);
			}
		}
	}
	explicit_bzero(blk, sizeof(blk));
	return 0;
}

int
keywrap_wrap_bulk(const struct keywrap_master *m, const uint8_t *const *in, size_t in_len,
		  uint8_t *const *out, unsigned int n)
{
	size_t s = (in_len + 7) / 8; /* semiblocks of padded key data */
	uint8_t a[BULK][8], *r;
	int rc = 0;

	if (m->ecb_enc_ctx == NULL || in_len <= 8 || in_len > IN_MAX)
		return -EINVAL;
	r = malloc(BULK * s * 8);
	if (r == NULL)
		return -ENOMEM;
	for (unsigned int base = 0; base < n && rc == 0; base += BULK) {
		unsigned int cnt = n - base < BULK ? n - base : BULK;

		memset(r, 0, BULK * s * 8); /* RFC 5649: zero padding */
		for (unsigned int u = 0; u < cnt; u++) {
			memcpy(a[u], AIV, sizeof(AIV));
			a[u][4] = (uint8_t)(in_len >> 24);
			a[u][5] = (uint8_t)(in_len >> 16);
			a[u][6] = (uint8_t)(in_len >> 8);
			a[u][7] = (uint8_t)in_len;
			memcpy(r + u * s * 8, in[base + u], in_len);
		}
		rc = wrap_steps(m->ecb_enc_ctx, a, r, cnt, s);
		for (unsigned int u = 0; u < cnt && rc == 0; u++) {
			memcpy(out[base + u], a[u], 8);
			memcpy(out[base + u] + 8, r + u * s * 8, s * 8);
		}
		explicit_bzero(r, BULK * s * 8);
	}
	explicit_bzero(a, sizeof(a));
	free(r);
	return rc;
}
