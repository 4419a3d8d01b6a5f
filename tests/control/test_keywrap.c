/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ctest.h"
#include "keywrap.h"
#include "testlib.h"

static char *dir;

/* A master key whose hex is looked for in error messages. */
static const uint8_t key_a[KEYWRAP_MASTER_LEN] = {
	0x8f, 0x3a, 0xc2, 0x71, 0x5e, 0x09, 0xd4, 0xb6, 0x2b, 0xe8, 0x47, 0x93, 0x1c, 0xfa, 0x60, 0xad,
	0x35, 0x7e, 0x9b, 0x04, 0xc8, 0x52, 0xe1, 0x6f, 0xa3, 0x18, 0xd7, 0x4c, 0x90, 0x2e, 0xb5, 0x69,
};
static const uint8_t key_b[KEYWRAP_MASTER_LEN] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
	0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
};

static void
hex(const uint8_t *p, size_t n, char *out, bool upper)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, upper ? "%02X" : "%02x", p[i]);
	out[2 * n] = '\0';
}

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = strlen(s) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned int v;

		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* Writes len octets to dir/name with the given mode; returns the malloc'd path. */
static char *
write_file(const char *name, const void *data, size_t len, mode_t mode)
{
	char *path;
	int fd;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		exit(2);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fchmod(fd, mode) != 0 ||
	    close(fd) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

static void
master_from(const uint8_t key[KEYWRAP_MASTER_LEN], struct keywrap_master *m)
{
	char *path = write_file("master.raw", key, KEYWRAP_MASTER_LEN, 0600);
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(keywrap_master_load(path, m, err, sizeof(err)), 0);
	free(path);
}

/*
 * Reference AES key wrap written from the RFCs over AES-ECB, independent of
 * OpenSSL's wrap code: RFC 3394 2.2.1 with initial value iv over n >= 2
 * blocks of p, or RFC 5649 4.1 (AIV, padding, the one-block case).
 */
static void
aes_block(const uint8_t *kek, size_t kek_len, const uint8_t in[16], uint8_t out[16])
{
	const EVP_CIPHER *c = kek_len == 16 ? EVP_aes_128_ecb() :
			      kek_len == 24 ? EVP_aes_192_ecb() : EVP_aes_256_ecb();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT_FATAL(EVP_EncryptInit_ex(ctx, c, NULL, kek, NULL) == 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	CU_ASSERT_FATAL(EVP_EncryptUpdate(ctx, out, &n, in, 16) == 1 && n == 16);
	EVP_CIPHER_CTX_free(ctx);
}

static void
ref_3394(const uint8_t *kek, size_t kek_len, const uint8_t iv[8], const uint8_t *p,
	 size_t n, uint8_t *out)
{
	uint8_t a[8], b[16];

	memcpy(a, iv, 8);
	memcpy(out + 8, p, 8 * n);
	for (uint64_t j = 0; j <= 5; j++) {
		for (size_t i = 1; i <= n; i++) {
			uint64_t t = n * j + i;

			memcpy(b, a, 8);
			memcpy(b + 8, out + 8 * i, 8);
			aes_block(kek, kek_len, b, b);
			for (int k = 0; k < 8; k++)
				a[k] = b[k] ^ (uint8_t)(t >> (56 - 8 * k));
			memcpy(out + 8 * i, b + 8, 8);
		}
	}
	memcpy(out, a, 8);
}

static size_t
ref_5649(const uint8_t *kek, size_t kek_len, const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t aiv[8] = { 0xa6, 0x59, 0x59, 0xa6, (uint8_t)(len >> 24), (uint8_t)(len >> 16),
			   (uint8_t)(len >> 8), (uint8_t)len };
	size_t padded = (len + 7) / 8 * 8;
	uint8_t p[128] = { 0 };

	memcpy(p, in, len);
	if (padded == 8) {
		uint8_t b[16];

		memcpy(b, aiv, 8);
		memcpy(b + 8, p, 8);
		aes_block(kek, kek_len, b, out);
	} else {
		ref_3394(kek, kek_len, aiv, p, padded / 8, out);
	}
	return padded + 8;
}

/* OpenSSL's own EVP_aes_256_wrap_pad, called directly. */
static size_t
evp_5649_256(const uint8_t *kek, const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, f = 0;

	CU_ASSERT_FATAL(ctx != NULL);
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	CU_ASSERT_FATAL(EVP_EncryptInit_ex(ctx, EVP_aes_256_wrap_pad(), NULL, kek, NULL) == 1);
	CU_ASSERT_FATAL(EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1);
	CU_ASSERT_FATAL(EVP_EncryptFinal_ex(ctx, out + n, &f) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return (size_t)(n + f);
}

/* RFC 3394 4.6: 256 bits of key data with a 256-bit KEK, which checks the reference. */
static void
test_rfc3394_reference(void)
{
	static const uint8_t iv[8] = { 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6 };
	uint8_t kek[32], data[32], want[40], got[40];

	unhex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", kek);
	unhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F", data);
	unhex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43B"
	      "FB988B9B7A02DD21", want);
	ref_3394(kek, sizeof(kek), iv, data, 4, got);
	CU_ASSERT_EQUAL(memcmp(got, want, sizeof(want)), 0);
}

/* RFC 5649 section 6, through the module with the 192-bit KEK, and the reference. */
static void
test_rfc5649_vectors(void)
{
	static const struct {
		const char *key, *wrapped;
	} v[] = {
		{ "c37b7e6492584340bed122078089411550" "68f738",
		  "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a" },
		{ "466f7250617369", "afbeb0f07dfbf5419200f2ccb50bb24f" },
	};
	uint8_t kek[24], key[32], want[48], got[48], back[48];

	unhex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", kek);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t klen = unhex(v[i].key, key), wlen = unhex(v[i].wrapped, want);
		int rc;

		CU_ASSERT_EQUAL(wlen, KEYWRAP_WRAPPED_LEN(klen));
		memset(got, 0, sizeof(got));
		rc = keywrap_wrap_kek(kek, sizeof(kek), key, klen, got, sizeof(got));
		CU_ASSERT_EQUAL(rc, (int)wlen);
		CU_ASSERT_EQUAL(memcmp(got, want, wlen), 0);

		memset(got, 0, sizeof(got));
		CU_ASSERT_EQUAL(ref_5649(kek, sizeof(kek), key, klen, got), wlen);
		CU_ASSERT_EQUAL(memcmp(got, want, wlen), 0);

		rc = keywrap_unwrap_kek(kek, sizeof(kek), want, wlen, back, sizeof(back));
		CU_ASSERT_EQUAL(rc, (int)klen);
		CU_ASSERT_EQUAL(memcmp(back, key, klen), 0);

		/* one bit off in the KEK */
		kek[23] ^= 1;
		CU_ASSERT_EQUAL(keywrap_unwrap_kek(kek, sizeof(kek), want, wlen, back,
						   sizeof(back)), -EBADMSG);
		kek[23] ^= 1;
	}
	CU_ASSERT_EQUAL(keywrap_wrap_kek(kek, 20, key, 8, got, sizeof(got)), -EINVAL);
	CU_ASSERT_EQUAL(keywrap_unwrap_kek(kek, 20, want, 16, got, sizeof(got)), -EINVAL);
}

/* AES-256 KEK: the module against the reference and OpenSSL's EVP used directly. */
static void
test_aes256_cross_check(void)
{
	struct keywrap_master m;
	uint8_t in[64], got[80], ref[80], evp[80];

	master_from(key_a, &m);
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(0x5a ^ (i * 37));
	for (size_t len = 1; len <= sizeof(in); len++) {
		size_t want = KEYWRAP_WRAPPED_LEN(len);
		int rc = keywrap_wrap(&m, in, len, got, sizeof(got));

		CU_ASSERT_EQUAL(rc, (int)want);
		CU_ASSERT_EQUAL(ref_5649(key_a, sizeof(key_a), in, len, ref), want);
		CU_ASSERT_EQUAL(evp_5649_256(key_a, in, len, evp), want);
		CU_ASSERT_EQUAL(memcmp(got, ref, want), 0);
		CU_ASSERT_EQUAL(memcmp(got, evp, want), 0);
	}
	keywrap_master_wipe(&m);
}

static void
test_round_trip(void)
{
	static const size_t big[] = { 504, 505, 512, 513, 4000 };
	struct keywrap_master m;

	master_from(key_a, &m);
	for (size_t len = 1; len <= 64; len++) {
		/* exact-size heap buffers, so that ASan sees any overrun */
		size_t wl = KEYWRAP_WRAPPED_LEN(len);
		uint8_t *in = malloc(len), *w = malloc(wl), *out = malloc(len);

		CU_ASSERT_FATAL(in != NULL && w != NULL && out != NULL);
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)(len + 7 * i);
		CU_ASSERT_EQUAL(wl % 8, 0);
		CU_ASSERT_TRUE(wl >= len + 8 && wl < len + 16);
		CU_ASSERT_EQUAL(keywrap_wrap(&m, in, len, w, wl), (int)wl);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, wl, out, len), (int)len);
		CU_ASSERT_EQUAL(memcmp(in, out, len), 0);
		free(in);
		free(w);
		free(out);
	}
	/* values unwrapped through a heap buffer rather than the stack's */
	for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++) {
		size_t len = big[k], wl = KEYWRAP_WRAPPED_LEN(len);
		uint8_t *in = malloc(len), *w = malloc(wl), *out = malloc(len);

		CU_ASSERT_FATAL(in != NULL && w != NULL && out != NULL);
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)(3 * i);
		CU_ASSERT_EQUAL(keywrap_wrap(&m, in, len, w, wl), (int)wl);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, wl, out, len - 1), -ENOSPC);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, wl, out, len), (int)len);
		CU_ASSERT_EQUAL(memcmp(in, out, len), 0);
		w[wl / 2] ^= 0x10;
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, wl, out, len), -EBADMSG);
		free(in);
		free(w);
		free(out);
	}
	keywrap_master_wipe(&m);
}

static void
test_bit_flips(void)
{
	static const size_t lens[] = { 1, 7, 8, 9, 16, 20, 32, 33, 64 };
	struct keywrap_master m;
	uint8_t in[64], w[72], out[72];

	master_from(key_a, &m);
	memset(in, 0xc3, sizeof(in));
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		int wl = keywrap_wrap(&m, in, lens[l], w, sizeof(w));
		unsigned int bad = 0;

		CU_ASSERT_FATAL(wl > 0);
		for (int bit = 0; bit < 8 * wl; bit++) {
			w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			memset(out, 0xee, sizeof(out));
			if (keywrap_unwrap(&m, w, (size_t)wl, out, sizeof(out)) != -EBADMSG)
				bad++;
			/* nothing written on failure */
			for (size_t i = 0; i < sizeof(out); i++)
				if (out[i] != 0xee)
					bad++;
			w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		CU_ASSERT_EQUAL(bad, 0);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, (size_t)wl, out, sizeof(out)), (int)lens[l]);
		/* truncated or lengthened values */
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, (size_t)wl - 8, out, sizeof(out)), -EBADMSG);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, (size_t)wl - 1, out, sizeof(out)), -EBADMSG);
	}
	CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, 0, out, sizeof(out)), -EBADMSG);
	CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, 8, out, sizeof(out)), -EBADMSG);
	keywrap_master_wipe(&m);
}

static void
test_wrong_master(void)
{
	struct keywrap_master a, b;
	uint8_t in[32], w[40], out[40];
	int wl;

	master_from(key_a, &a);
	master_from(key_b, &b);
	memset(in, 0x42, sizeof(in));
	for (size_t len = 1; len <= sizeof(in); len++) {
		wl = keywrap_wrap(&a, in, len, w, sizeof(w));
		CU_ASSERT_FATAL(wl > 0);
		CU_ASSERT_EQUAL(keywrap_unwrap(&b, w, (size_t)wl, out, sizeof(out)), -EBADMSG);
		CU_ASSERT_EQUAL(keywrap_unwrap(&a, w, (size_t)wl, out, sizeof(out)), (int)len);
	}
	keywrap_master_wipe(&a);
	keywrap_master_wipe(&b);
}

static void
test_out_cap(void)
{
	struct keywrap_master m;
	uint8_t in[64], w[72], *small;
	int wl;

	master_from(key_a, &m);
	memset(in, 0x17, sizeof(in));
	for (size_t len = 1; len <= sizeof(in); len++) {
		size_t want = KEYWRAP_WRAPPED_LEN(len);

		/* one octet short, on the heap: an overrun would be reported */
		small = malloc(want - 1);
		CU_ASSERT_FATAL(small != NULL);
		memset(small, 0xee, want - 1);
		CU_ASSERT_EQUAL(keywrap_wrap(&m, in, len, small, want - 1), -ENOSPC);
		free(small);

		wl = keywrap_wrap(&m, in, len, w, sizeof(w));
		CU_ASSERT_EQUAL_FATAL(wl, (int)want);
		small = malloc(len);
		CU_ASSERT_FATAL(small != NULL);
		memset(small, 0xee, len);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, want, small, len - 1), -ENOSPC);
		for (size_t i = 0; i < len; i++)
			CU_ASSERT_EQUAL(small[i], 0xee);
		CU_ASSERT_EQUAL(keywrap_unwrap(&m, w, want, small, len), (int)len);
		free(small);
	}
	CU_ASSERT_EQUAL(keywrap_wrap(&m, in, 0, w, sizeof(w)), -EINVAL);
	CU_ASSERT_EQUAL(keywrap_wrap(&m, in, 1, w, 0), -ENOSPC);
	keywrap_master_wipe(&m);
}

/* Loads path; asserts failure, and that err names the path, holds want and not the key. */
static void
load_fails(const char *path, const char *want)
{
	struct keywrap_master m;
	char err[512] = "", lo[2 * KEYWRAP_MASTER_LEN + 1], up[2 * KEYWRAP_MASTER_LEN + 1];
	static const uint8_t zero[sizeof(m)];

	memset(&m, 0xaa, sizeof(m));
	CU_ASSERT_TRUE(keywrap_master_load(path, &m, err, sizeof(err)) < 0);
	CU_ASSERT_EQUAL(memcmp(&m, zero, sizeof(m)), 0);
	if (strstr(err, path) == NULL || strstr(err, want) == NULL) {
		fprintf(stderr, "\"%s\" lacks \"%s\" or \"%s\"\n", err, path, want);
		CU_FAIL("error message does not name the path and the reason");
	}
	/* neither the key's hex nor a part of it, in either case */
	hex(key_a, 8, lo, false);
	hex(key_a, 8, up, true);
	CU_ASSERT_PTR_NULL(strstr(err, lo));
	CU_ASSERT_PTR_NULL(strstr(err, up));
	hex(key_a + 24, 8, lo, false);
	hex(key_a + 24, 8, up, true);
	CU_ASSERT_PTR_NULL(strstr(err, lo));
	CU_ASSERT_PTR_NULL(strstr(err, up));
}

/* The same key and check value (the contexts are each load's own). */
static bool
same_master(const struct keywrap_master *a, const struct keywrap_master *b)
{
	return memcmp(a->key, b->key, sizeof(a->key)) == 0 &&
	       memcmp(a->kcv, b->kcv, sizeof(a->kcv)) == 0;
}

static void
test_master_file(void)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0660, 0601, 0610, 0444 };
	char h[2 * KEYWRAP_MASTER_LEN + 3], buf[256], err[512];
	struct keywrap_master m, m2;
	char *path;

	/* raw, 0600 and 0400 */
	path = write_file("k", key_a, sizeof(key_a), 0600);
	CU_ASSERT_EQUAL(keywrap_master_load(path, &m, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(memcmp(m.key, key_a, sizeof(key_a)), 0);
	free(path);
	path = write_file("k", key_a, sizeof(key_a), 0400);
	CU_ASSERT_EQUAL(keywrap_master_load(path, &m2, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(same_master(&m, &m2));
	free(path);

	/* hex with a newline, lower and upper case; hex without one */
	hex(key_a, sizeof(key_a), h, false);
	strcat(h, "\n");
	path = write_file("k", h, strlen(h), 0600);
	keywrap_master_wipe(&m2);
	CU_ASSERT_EQUAL(keywrap_master_load(path, &m2, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(same_master(&m, &m2));
	free(path);
	hex(key_a, sizeof(key_a), h, true);
	path = write_file("k", h, strlen(h), 0400);
	keywrap_master_wipe(&m2);
	CU_ASSERT_EQUAL(keywrap_master_load(path, &m2, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(same_master(&m, &m2));
	free(path);

	/* modes giving group or others any access */
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		char want[16];

		path = write_file("k", key_a, sizeof(key_a), modes[i]);
		snprintf(want, sizeof(want), "mode %04o", (unsigned int)modes[i]);
		load_fails(path, want);
		free(path);
	}
	hex(key_a, sizeof(key_a), h, false);
	strcat(h, "\n");
	path = write_file("k", h, strlen(h), 0644);
	load_fails(path, "mode 0644");
	free(path);

	/* wrong lengths */
	path = write_file("k", key_a, 31, 0600);
	load_fails(path, "31 octets");
	free(path);
	memcpy(buf, key_a, 32);
	buf[32] = '\n';
	path = write_file("k", buf, 33, 0600);
	load_fails(path, "33 octets");
	free(path);
	path = write_file("k", "", 0, 0600);
	load_fails(path, "0 octets");
	free(path);
	hex(key_a, sizeof(key_a), h, false);
	path = write_file("k", h, 63, 0600);
	load_fails(path, "63 octets");
	free(path);
	strcat(h, "\n\n");
	path = write_file("k", h, strlen(h), 0600);
	load_fails(path, "more than 65 octets");
	free(path);
	hex(key_a, sizeof(key_a), h, false);
	snprintf(buf, sizeof(buf), "%s%s", h, h);
	path = write_file("k", buf, strlen(buf), 0600);
	load_fails(path, "more than 65 octets");
	free(path);
	/* 64 octets that are not all hex digits */
	hex(key_a, sizeof(key_a), h, false);
	h[40] = 'g';
	path = write_file("k", h, 64, 0600);
	load_fails(path, "not all hex digits");
	free(path);
	hex(key_a, sizeof(key_a), h, false);
	h[64] = ' ';
	path = write_file("k", h, 65, 0600);
	load_fails(path, "65 octets");
	free(path);

	/* not regular files: the directory (0700), a FIFO */
	load_fails(dir, "not a regular file");
	if (asprintf(&path, "%s/fifo", dir) < 0)
		exit(2);
	CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
	load_fails(path, "not a regular file");
	unlink(path);
	free(path);

	/* missing */
	if (asprintf(&path, "%s/absent", dir) < 0)
		exit(2);
	load_fails(path, strerror(ENOENT));
	free(path);

	keywrap_master_wipe(&m);
	keywrap_master_wipe(&m2);
}

static void
test_wipe(void)
{
	static const uint8_t zero[sizeof(struct keywrap_master)];
	struct keywrap_master m;

	master_from(key_a, &m);
	CU_ASSERT_NOT_EQUAL(memcmp(&m, zero, sizeof(m)), 0);
	keywrap_master_wipe(&m);
	CU_ASSERT_EQUAL(memcmp(&m, zero, sizeof(m)), 0);
}

static void
test_kcv(void)
{
	static const char label[] = "mtc-gw store master key check";
	struct keywrap_master a, a2, b;
	uint8_t md[32], kcv[KEYWRAP_KCV_LEN];
	unsigned int mdlen = 0;

	master_from(key_a, &a);
	master_from(key_a, &a2);
	master_from(key_b, &b);
	/* the value the store keeps, computed here independently */
	CU_ASSERT_PTR_NOT_NULL_FATAL(HMAC(EVP_sha256(), key_a, sizeof(key_a),
					  (const uint8_t *)label, strlen(label), md, &mdlen));
	CU_ASSERT_EQUAL(mdlen, 32);
	CU_ASSERT_EQUAL(memcmp(a.kcv, md, KEYWRAP_KCV_LEN), 0);
	/* stable for one key, another for another key */
	CU_ASSERT_EQUAL(memcmp(a.kcv, a2.kcv, KEYWRAP_KCV_LEN), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(a.kcv, b.kcv, KEYWRAP_KCV_LEN), 0);
	/* it is not the key */
	CU_ASSERT_NOT_EQUAL(memcmp(a.kcv, key_a, KEYWRAP_KCV_LEN), 0);

	CU_ASSERT_TRUE(keywrap_master_matches(&a, a2.kcv));
	CU_ASSERT_TRUE(keywrap_master_matches(&a, md));
	CU_ASSERT_FALSE(keywrap_master_matches(&a, b.kcv));
	CU_ASSERT_FALSE(keywrap_master_matches(&b, a.kcv));
	for (int i = 0; i < 8 * KEYWRAP_KCV_LEN; i++) {
		memcpy(kcv, a.kcv, sizeof(kcv));
		kcv[i / 8] ^= (uint8_t)(1u << (i % 8));
		CU_ASSERT_FALSE(keywrap_master_matches(&a, kcv));
	}
	keywrap_master_wipe(&a);
	keywrap_master_wipe(&a2);
	keywrap_master_wipe(&b);
}

/* The bulk unwrap agrees with the single one, value by value, and marks
 * each value whose integrity fails, alone. */
static void
test_bulk_unwrap(void)
{
	enum { N = 150 };
	static const size_t lens[] = { 32, 20, 17 };
	struct keywrap_master m, other;

	master_from(key_a, &m);
	master_from(key_b, &other);
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		size_t kl = lens[l], wl = KEYWRAP_WRAPPED_LEN(kl);
		static uint8_t plain[N][40], wrapped[N][48], got[N][48];
		const uint8_t *in[N];
		uint8_t *out[N];
		size_t len[N];
		unsigned int wrong = 0;

		for (unsigned int i = 0; i < N; i++) {
			for (size_t k = 0; k < kl; k++)
				plain[i][k] = (uint8_t)(i * 31 + k * 7 + l);
			CU_ASSERT_EQUAL_FATAL(keywrap_wrap(i == 77 ? &other : &m, plain[i], kl,
							   wrapped[i], sizeof(wrapped[i])), (int)wl);
			in[i] = wrapped[i];
			out[i] = got[i];
		}
		wrapped[37][5] ^= 0x10;    /* a flipped bit */
		wrapped[120][wl - 1] ^= 1; /* another, in the last semiblock */
		CU_ASSERT_EQUAL_FATAL(keywrap_unwrap_bulk(&m, in, wl, out, len, N), 0);
		for (unsigned int i = 0; i < N; i++) {
			bool bad = i == 37 || i == 77 || i == 120;

			wrong += bad ? len[i] != 0 :
				 len[i] != kl || memcmp(got[i], plain[i], kl) != 0;
		}
		CU_ASSERT_EQUAL(wrong, 0);
	}
	/* the bulk wrap writes what the single one writes */
	static const size_t wrap_lens[] = { 9, 17, 20, 32, 40 };

	for (size_t w = 0; w < sizeof(wrap_lens) / sizeof(wrap_lens[0]); w++) {
		size_t kl = wrap_lens[w];
		static uint8_t plain[N][40], one[N][48], bulk[N][48];
		const uint8_t *in[N];
		uint8_t *out[N];
		unsigned int differ = 0;

		for (unsigned int i = 0; i < N; i++) {
			for (size_t k = 0; k < kl; k++)
				plain[i][k] = (uint8_t)(i * 13 + k);
			CU_ASSERT_EQUAL_FATAL(keywrap_wrap(&m, plain[i], kl, one[i], sizeof(one[i])),
					      (int)KEYWRAP_WRAPPED_LEN(kl));
			in[i] = plain[i];
			out[i] = bulk[i];
		}
		CU_ASSERT_EQUAL_FATAL(keywrap_wrap_bulk(&m, in, kl, out, N), 0);
		for (unsigned int i = 0; i < N; i++)
			differ += memcmp(one[i], bulk[i], KEYWRAP_WRAPPED_LEN(kl)) != 0;
		CU_ASSERT_EQUAL(differ, 0);
	}
	{
		const uint8_t *in[1] = { key_a };
		uint8_t buf[16], *out[1] = { buf };
		size_t len[1];

		/* a single-block value is not for the bulk path */
		CU_ASSERT_EQUAL(keywrap_unwrap_bulk(&m, in, 16, out, len, 1), -EINVAL);
	}
	keywrap_master_wipe(&m);
	keywrap_master_wipe(&other);
}

static CU_TestInfo tests[] = {
	{ "bulk wrap and unwrap, value by value", test_bulk_unwrap },
	{ "RFC 3394 4.6 through the reference wrap", test_rfc3394_reference },
	{ "RFC 5649 section 6 vectors (192-bit KEK)", test_rfc5649_vectors },
	{ "AES-256: reference and EVP agree", test_aes256_cross_check },
	{ "round trip, 1 to 64 octets and a few large", test_round_trip },
	{ "any flipped bit is refused", test_bit_flips },
	{ "another master key is refused", test_wrong_master },
	{ "short output buffers", test_out_cap },
	{ "master key file", test_master_file },
	{ "wipe", test_wipe },
	{ "key check value", test_kcv },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "keywrap", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	dir = ctest_tmpdir();
	rc = test_main(argc, argv, suites);
	ctest_rmdir(dir);
	free(dir);
	return rc;
}
