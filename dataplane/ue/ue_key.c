/* SPDX-License-Identifier: BSD-3-Clause */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "tbcd.h"
#include "ue_key.h"

int
ue_keyer_init(struct ue_keyer *kr)
{
	size_t got = 0;

	while (got < sizeof(kr->k)) {
		ssize_t n = getrandom(kr->k + got, sizeof(kr->k) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	return 0;
}

static inline uint64_t
rotl(uint64_t x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline uint64_t
le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

#define SIPROUND                                                               \
	do {                                                                   \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);      \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                         \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                         \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);      \
	} while (0)

/* Octets p[0..n) as a little-endian word, n at most 7, no octet past them read. */
static inline uint64_t
le_partial(const uint8_t *p, size_t n)
{
	uint32_t lo, hi;

	if (n >= 4) {
		/* two overlapping words: the common octets are the same */
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		return (uint64_t)le32toh(lo) | (uint64_t)le32toh(hi) << (8 * (n - 4));
	}
	if (n == 0)
		return 0;
	return (uint64_t)p[0] | (uint64_t)p[n / 2] << (8 * (n / 2)) |
	       (uint64_t)p[n - 1] << (8 * (n - 1));
}

#define SIP_INIT(k0, k1)                                                       \
	uint64_t v0 = 0x736f6d6570736575ULL ^ (k0);                            \
	uint64_t v1 = 0x646f72616e646f6dULL ^ (k1);                            \
	uint64_t v2 = 0x6c7967656e657261ULL ^ (k0);                            \
	uint64_t v3 = 0x7465646279746573ULL ^ (k1)

#define SIP_BLOCK(m)                                                           \
	do {                                                                   \
		uint64_t m_ = (m);                                             \
		v3 ^= m_;                                                      \
		SIPROUND;                                                      \
		SIPROUND;                                                      \
		v0 ^= m_;                                                      \
	} while (0)

#define SIP_FINISH()                                                           \
	do {                                                                   \
		v2 ^= 0xff;                                                    \
		SIPROUND;                                                      \
		SIPROUND;                                                      \
		SIPROUND;                                                      \
		SIPROUND;                                                      \
	} while (0)

uint64_t
ue_siphash24(const uint8_t k[16], const void *in, size_t len)
{
	const uint8_t *p = in;
	SIP_INIT(le64(k), le64(k + 8));
	uint64_t b = (uint64_t)len << 56;
	size_t left = len & 7;
	const uint8_t *end = p + (len - left);

	for (; p != end; p += 8)
		SIP_BLOCK(le64(p));
	/* the last octets: the word that ends with them, or a partial load */
	if (len >= 8) {
		if (left != 0)
			b |= le64(p + left - 8) >> (64 - 8 * left);
	} else {
		b |= le_partial(p, left);
	}
	SIP_BLOCK(b);
	SIP_FINISH();
	return v0 ^ v1 ^ v2 ^ v3;
}

/*
 * SipHash-2-4 of the octet type followed by id[0..len), without copying the
 * identifier behind the type: the message's first word is type | id[0..7) << 8,
 * every later one id[8j - 1 .. 8j + 7), the last one the octets left.
 */
static uint64_t
typed_key(const struct ue_keyer *kr, uint8_t type, const void *id, size_t len)
{
	const uint8_t *p = id;
	SIP_INIT(le64(kr->k), le64(kr->k + 8));
	size_t total, nb;
	uint64_t b;

	if (len > UE_EXTID_MAX)
		len = UE_EXTID_MAX;
	total = len + 1;
	nb = total / 8; /* whole words */
	b = (uint64_t)total << 56;
	if (nb == 0) {
		b |= type | le_partial(p, len) << 8;
	} else {
		size_t left = total & 7;

		SIP_BLOCK(type | (len >= 8 ? le64(p) << 8 : le_partial(p, 7) << 8));
		for (size_t j = 1; j < nb; j++)
			SIP_BLOCK(le64(p + 8 * j - 1));
		/* len >= 8 whenever octets are left after a whole word */
		if (left != 0)
			b |= le64(p + len - 8) >> (64 - 8 * left);
	}
	SIP_BLOCK(b);
	SIP_FINISH();
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
ue_key_extid(const struct ue_keyer *kr, const void *id, size_t len)
{
	return typed_key(kr, UE_KEY_EXTID, id, len);
}

uint64_t
ue_key_msisdn(const struct ue_keyer *kr, const char *digits, size_t len)
{
	return typed_key(kr, UE_KEY_MSISDN, digits, len);
}

int
ue_key_msisdn_tbcd(const struct ue_keyer *kr, const uint8_t *tbcd, size_t len,
		   uint64_t *key)
{
	char d[2 * 8];
	int n;

	if (len == 0 || len > 8)
		return -1;
	n = tbcd_decode(tbcd, (uint32_t)len, d);
	if (n <= 0 || n > UE_MSISDN_DIGITS)
		return -1;
	*key = ue_key_msisdn(kr, d, (size_t)n);
	return 0;
}
