/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * External-Identifier keys in bulk: SipHash-2-4 of 0x01 || id with eight
 * identifiers to an AVX-512 register, one per 64-bit lane, and up to four
 * such groups in flight, their operations interleaved one by one: a SipRound
 * is a chain of dependent operations of two cycles each (Zen 5) that one
 * group alone would leave mostly waiting.
 *
 * Lane i's message is M = 0x01 || id[0..L), T = L + 1 octets: nb = T / 8
 * whole words, then a last word of the T & 7 octets left with T << 56 on top.
 * The message's octets 32c .. 32c + 31 are id[32c - 1 .. 32c + 31): one
 * masked load, the mask ending at the identifier's end and, for c = 0,
 * leaving out id[-1], where the type octet goes. A transpose of the eight
 * lanes' loads gives the message words 4c .. 4c + 3, one register each; the
 * octets past a message's end are zero, so T << 56 is simply or'ed into each
 * lane's own block nb. All lanes go through every block (masked operations
 * are slower than plain ones): a lane's state after its last block is set
 * aside while longer messages go on, and put back for the finalization.
 * No identifier is copied, and no octet outside one is read.
 */
#include <endian.h>
#include <stdint.h>
#include <string.h>

#include "ue_key.h"

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) && \
	defined(__BMI2__)
#include <immintrin.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))
#define UNROLL _Pragma("GCC unroll 8")

/* The statement for each of the G groups: their chains interleave. */
#define ALL(st)                                                                \
	UNROLL for (unsigned int g = 0; g < G; g++) { st; }

#define ADD(a, b) _mm512_add_epi64(a, b)
#define XOR(a, b) _mm512_xor_si512(a, b)
#define ROL(a, b) _mm512_rol_epi64(a, b)
/* a shuffle, not a rotation: it runs beside the rotations */
#define ROT32(a) _mm512_shuffle_epi32(a, _MM_PERM_CDAB)

/* One SipRound on all lanes. */
#define VROUND()                                                               \
	do {                                                                   \
		ALL(v0[g] = ADD(v0[g], v1[g]));                                \
		ALL(v2[g] = ADD(v2[g], v3[g]));                                \
		ALL(v1[g] = ROL(v1[g], 13));                                   \
		ALL(v3[g] = ROL(v3[g], 16));                                   \
		ALL(v1[g] = XOR(v1[g], v0[g]));                                \
		ALL(v3[g] = XOR(v3[g], v2[g]));                                \
		ALL(v0[g] = ROT32(v0[g]));                                     \
		ALL(v2[g] = ADD(v2[g], v1[g]));                                \
		ALL(v0[g] = ADD(v0[g], v3[g]));                                \
		ALL(v1[g] = ROL(v1[g], 17));                                   \
		ALL(v3[g] = ROL(v3[g], 21));                                   \
		ALL(v1[g] = XOR(v1[g], v2[g]));                                \
		ALL(v3[g] = XOR(v3[g], v0[g]));                                \
		ALL(v2[g] = ROT32(v2[g]));                                     \
	} while (0)

/* Message word m[g] into every lane. */
#define VBLOCK()                                                           \
	do {                                                                   \
		ALL(v3[g] = XOR(v3[g], m[g]));                                 \
		VROUND();                                                      \
		VROUND();                                                      \
		ALL(v0[g] = XOR(v0[g], m[g]));                                 \
	} while (0)

/*
 * Words 4c .. 4c + 3 of lanes base .. base + 7, one register each, in w: lane
 * i's 32 octets from id[i] + 32c - 1 under the mask km[i].
 */
static ALWAYS_INLINE void
load4(const uint8_t *const *id, unsigned int n, unsigned int base, const __mmask32 *km,
      uint32_t c, __m512i w[4])
{
	/* lanes 0 2, 1 3, 4 6, 5 7 in the halves of z0..z3 put the transposed
	 * words in lane order */
	static const uint8_t lane[2][4] = { { 0, 1, 4, 5 }, { 2, 3, 6, 7 } };
	__m256i y[2][4];
	__m512i z[4], t[4];

	UNROLL for (int h = 0; h < 2; h++) {
		UNROLL for (int k = 0; k < 4; k++) {
			unsigned int x = lane[h][k];
			/* lanes past n: identifier 0 again */
			const uint8_t *p = id[base + x < n ? base + x : 0];

			y[h][k] = _mm256_maskz_loadu_epi8(
				km[x], (const void *)((uintptr_t)p + 32 * c - 1));
		}
	}
	UNROLL for (int k = 0; k < 4; k++)
		z[k] = _mm512_inserti64x4(_mm512_castsi256_si512(y[0][k]), y[1][k], 1);
	/* t[0]: words 0 and 2 of lanes 0 1 (128-bit lanes 0, 1), of 2 3 (2, 3) */
	t[0] = _mm512_unpacklo_epi64(z[0], z[1]);
	t[1] = _mm512_unpackhi_epi64(z[0], z[1]);
	t[2] = _mm512_unpacklo_epi64(z[2], z[3]);
	t[3] = _mm512_unpackhi_epi64(z[2], z[3]);
	w[0] = _mm512_shuffle_i64x2(t[0], t[2], _MM_SHUFFLE(2, 0, 2, 0));
	w[2] = _mm512_shuffle_i64x2(t[0], t[2], _MM_SHUFFLE(3, 1, 3, 1));
	w[1] = _mm512_shuffle_i64x2(t[1], t[3], _MM_SHUFFLE(2, 0, 2, 0));
	w[3] = _mm512_shuffle_i64x2(t[1], t[3], _MM_SHUFFLE(3, 1, 3, 1));
}

/*
 * The masks of the octets M[32c .. 32c + 32) of eight messages of T octets:
 * (1 << (T - 32c)) - 1, all 32 octets for a shift of 32 or more (where sllv
 * gives 0). M[0] is id[-1], never read.
 */
static ALWAYS_INLINE void
chunk_masks(__m256i t, uint32_t c, __mmask32 *km)
{
	__m256i one = _mm256_set1_epi32(1), left;

	left = _mm256_max_epi32(_mm256_sub_epi32(t, _mm256_set1_epi32((int)(32 * c))),
				_mm256_setzero_si256());
	left = _mm256_sub_epi32(_mm256_sllv_epi32(one, left), one);
	if (c == 0)
		left = _mm256_andnot_si256(one, left);
	_mm256_store_si256((void *)km, left);
}

/*
 * Keys of identifiers 0 .. n - 1 (1 <= n <= 8G) in G groups of eight lanes.
 * Lanes past n hash identifier 0 again, and are not stored.
 */
static ALWAYS_INLINE void
bulk_groups(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
	    unsigned int n, uint64_t *out, const unsigned int G)
{
	__m256i tl[4];
	__m512i done[4][4] __attribute__((aligned(64)));
	__mmask32 km[8 * 4] __attribute__((aligned(32)));
	__m512i v0[4], v1[4], v2[4], v3[4], nb[4], tsh[4], hi, lo;
	uint32_t blocks, full;
	uint64_t k0, k1;

	memcpy(&k0, kr->k, 8);
	memcpy(&k1, kr->k + 8, 8);
	k0 = le64toh(k0);
	k1 = le64toh(k1);
	hi = _mm512_setzero_si512();
	lo = _mm512_set1_epi64(UE_EXTID_MAX + 1);
	ALL({
		/* lanes past n: identifier 0 again */
		__mmask8 kn = n >= 8 * (g + 1) ? 0xff
			    : (__mmask8)((1u << (n > 8 * g ? n - 8 * g : 0)) - 1);
		__m256i l = _mm256_mask_loadu_epi32(_mm256_set1_epi32((int)len[0]), kn,
						    n > 8 * g ? len + 8 * g : len);
		__m512i t;

		l = _mm256_add_epi32(_mm256_min_epu32(l, _mm256_set1_epi32(UE_EXTID_MAX)),
				     _mm256_set1_epi32(1));
		tl[g] = l;
		t = _mm512_cvtepu32_epi64(l);
		hi = _mm512_max_epu64(hi, t);
		lo = _mm512_min_epu64(lo, t);
		nb[g] = _mm512_srli_epi64(t, 3);
		tsh[g] = _mm512_slli_epi64(t, 56);
		v0[g] = _mm512_set1_epi64((long long)(0x736f6d6570736575ULL ^ k0));
		v1[g] = _mm512_set1_epi64((long long)(0x646f72616e646f6dULL ^ k1));
		v2[g] = _mm512_set1_epi64((long long)(0x6c7967656e657261ULL ^ k0));
		v3[g] = _mm512_set1_epi64((long long)(0x7465646279746573ULL ^ k1));
	});
	/* blocks 0 .. blocks - 1; those before block full are whole words in every
	 * lane, block full is the last one of the shortest message */
	blocks = (uint32_t)_mm512_reduce_max_epu64(hi) / 8 + 1;
	full = (uint32_t)_mm512_reduce_min_epu64(lo) / 8;
	for (uint32_t c = 0; 4 * c < blocks; c++) {
		__m512i w[4][4];

		ALL(chunk_masks(tl[g], c, km + 8 * g));
		ALL(load4(id, n, 8 * g, km + 8 * g, c, w[g]));
		if (c == 0) /* the type octet, M[0] */
			ALL(w[g][0] = _mm512_or_si512(w[g][0], _mm512_set1_epi64(UE_KEY_EXTID)));
		for (uint32_t j = 4 * c; j < 4 * c + 4 && j < blocks; j++) {
			__m512i m[4], bj = _mm512_set1_epi64(j);
			__mmask8 last[4];

			ALL(m[g] = w[g][j & 3]);
			if (j >= full) {
				/* T << 56 into the lanes whose last block this is */
				ALL(last[g] = _mm512_cmpeq_epu64_mask(nb[g], bj));
				ALL(m[g] = _mm512_mask_or_epi64(m[g], last[g], m[g], tsh[g]));
			}
			VBLOCK();
			/* lanes done while others go on: their state aside */
			if (j >= full && j + 1 < blocks) {
				ALL(_mm512_mask_store_epi64(&done[g][0], last[g], v0[g]));
				ALL(_mm512_mask_store_epi64(&done[g][1], last[g], v1[g]));
				ALL(_mm512_mask_store_epi64(&done[g][2], last[g], v2[g]));
				ALL(_mm512_mask_store_epi64(&done[g][3], last[g], v3[g]));
			}
		}
	}
	if (full + 1 < blocks) {
		__m512i bj = _mm512_set1_epi64(blocks - 1);
		__mmask8 last[4];

		ALL(last[g] = _mm512_cmpeq_epu64_mask(nb[g], bj));
		ALL(v0[g] = _mm512_mask_mov_epi64(done[g][0], last[g], v0[g]));
		ALL(v1[g] = _mm512_mask_mov_epi64(done[g][1], last[g], v1[g]));
		ALL(v2[g] = _mm512_mask_mov_epi64(done[g][2], last[g], v2[g]));
		ALL(v3[g] = _mm512_mask_mov_epi64(done[g][3], last[g], v3[g]));
	}
	ALL(v2[g] = XOR(v2[g], _mm512_set1_epi64(0xff)));
	VROUND();
	VROUND();
	VROUND();
	VROUND();
	ALL({
		__m512i h = _mm512_ternarylogic_epi64(v0[g], v1[g], v2[g], 0x96);

		h = XOR(h, v3[g]);
		if (n >= 8 * (g + 1))
			_mm512_storeu_si512(out + 8 * g, h);
		else if (n > 8 * g)
			_mm512_mask_storeu_epi64(out + 8 * g,
						 (__mmask8)((1u << (n - 8 * g)) - 1), h);
	});
}

static __attribute__((noinline)) void
bulk32(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
       unsigned int n, uint64_t *out)
{
	bulk_groups(kr, id, len, n, out, 4);
}

static __attribute__((noinline)) void
bulk24(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
       unsigned int n, uint64_t *out)
{
	bulk_groups(kr, id, len, n, out, 3);
}

static __attribute__((noinline)) void
bulk16(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
       unsigned int n, uint64_t *out)
{
	bulk_groups(kr, id, len, n, out, 2);
}

static __attribute__((noinline)) void
bulk8(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
      unsigned int n, uint64_t *out)
{
	bulk_groups(kr, id, len, n, out, 1);
}

void
ue_key_extid_bulk(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
		  unsigned int n, uint64_t *out)
{
	while (n > 0) {
		unsigned int k = n < 32 ? n : 32;

		if (k < 3) {
			/* a group's chain alone takes longer than two scalar keys */
			for (unsigned int i = 0; i < k; i++)
				out[i] = ue_key_extid(kr, id[i], len[i]);
		} else if (k > 24)
			bulk32(kr, id, len, k, out);
		else if (k > 16)
			bulk24(kr, id, len, k, out);
		else if (k > 8)
			bulk16(kr, id, len, k, out);
		else
			bulk8(kr, id, len, k, out);
		id += k;
		len += k;
		out += k;
		n -= k;
	}
}

#else /* no AVX-512: one at a time */

void
ue_key_extid_bulk(const struct ue_keyer *kr, const uint8_t *const *id, const uint32_t *len,
		  unsigned int n, uint64_t *out)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = ue_key_extid(kr, id[i], len[i]);
}

#endif
