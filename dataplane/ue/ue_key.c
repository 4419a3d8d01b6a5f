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

uint64_t
ue_siphash24(const uint8_t k[16], const void *in, size_t len)
{
	const uint8_t *p = in;
	uint64_t k0 = le64(k), k1 = le64(k + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t b = (uint64_t)len << 56, m;
	size_t left = len & 7;
	const uint8_t *end = p + (len - left);

	for (; p != end; p += 8) {
		m = le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (size_t i = 0; i < left; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t
typed_key(const struct ue_keyer *kr, uint8_t type, const void *id, size_t len)
{
	uint8_t buf[1 + UE_EXTID_MAX];

	if (len > UE_EXTID_MAX)
		len = UE_EXTID_MAX;
	buf[0] = type;
	memcpy(buf + 1, id, len);
	return ue_siphash24(kr->k, buf, len + 1);
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
