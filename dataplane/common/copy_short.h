/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * copy_short(): memcpy for the packet path's copies of a few to a few
 * hundred octets whose length is only known at run time (AVP data,
 * identifiers, a trigger's payload), inline so that no call is made. As
 * the C library does it, but without its call and dispatch: two possibly
 * overlapping loads and stores of the largest width that fits (8, 16, 32
 * or 64 octets), or a loop of 64-octet ones and a last, overlapping one.
 * (GCC turns such a loop into a call to memmove unless told otherwise.)
 * The buffers must not overlap.
 */
#ifndef MTC_COPY_SHORT_H
#define MTC_COPY_SHORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__AVX512F__)
#include <immintrin.h>

static inline void
copy_short(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = (uint8_t *)dst;
	const uint8_t *s = (const uint8_t *)src;

	if (n <= 16) {
		if (n >= 8) {
			uint64_t a, b;

			memcpy(&a, s, 8);
			memcpy(&b, s + n - 8, 8);
			memcpy(d, &a, 8);
			memcpy(d + n - 8, &b, 8);
		} else if (n >= 4) {
			uint32_t a, b;

			memcpy(&a, s, 4);
			memcpy(&b, s + n - 4, 4);
			memcpy(d, &a, 4);
			memcpy(d + n - 4, &b, 4);
		} else if (n > 0) {
			uint8_t a = s[0], b = s[n / 2], c = s[n - 1];

			d[0] = a;
			d[n / 2] = b;
			d[n - 1] = c;
		}
	} else if (n <= 32) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));

		_mm_storeu_si128((__m128i *)(void *)d, a);
		_mm_storeu_si128((__m128i *)(void *)(d + n - 16), b);
	} else if (n <= 64) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)s);
		__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + n - 32));

		_mm256_storeu_si256((__m256i *)(void *)d, a);
		_mm256_storeu_si256((__m256i *)(void *)(d + n - 32), b);
	} else if (n <= 128) {
		__m512i a = _mm512_loadu_si512((const void *)s);
		__m512i b = _mm512_loadu_si512((const void *)(s + n - 64));

		_mm512_storeu_si512((void *)d, a);
		_mm512_storeu_si512((void *)(d + n - 64), b);
	} else {
		__m512i last = _mm512_loadu_si512((const void *)(s + n - 64));
		uint8_t *end = d + n - 64;

		for (; n > 64; n -= 64, d += 64, s += 64) {
			_mm512_storeu_si512((void *)d, _mm512_loadu_si512((const void *)s));
			/* Left as a loop: GCC would turn it into a call to memmove. */
			__asm__("" : "+r"(d));
		}
		_mm512_storeu_si512((void *)end, last);
	}
}
#else
static inline void
copy_short(void *restrict dst, const void *restrict src, size_t n)
{
	memcpy(dst, src, n);
}
#endif

#endif
