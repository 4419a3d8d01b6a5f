/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internet checksums (RFC 1071) for the packet path: the folded sum of a
 * buffer, of an IPv4 header, and the UDP checksums over IPv4 and IPv6 with
 * their pseudo-headers, either from the headers in memory or from the values
 * just written into them. Results are bit-identical to DPDK's rte_raw_cksum,
 * rte_ipv4_udptcp_cksum, rte_ipv6_udptcp_cksum and their _verify forms (on
 * this little-endian target), but a buffer is summed 64 octets at a time
 * with AVX-512BW, the tail by a masked load that reads nothing past the
 * buffer; 32 at a time with AVX2 only; by DPDK's own code otherwise.
 *
 * The vector code does not compute DPDK's 32-bit sum S of 16-bit words but
 * a 64-bit T of 32-bit words: T = S (mod 0xffff), since 2^16 = 1, and T is
 * 0 only when S is. Folding with end-around carry keeps both properties,
 * and the one value in [0, 0xffff] that has them is what DPDK's reduction
 * yields too as long as S does not wrap (fewer than 131075 octets).
 */
#ifndef MTC_WIRE_CKSUM_H
#define MTC_WIRE_CKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <netinet/in.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>

#if defined(__AVX512BW__) || defined(__AVX2__)
#include <immintrin.h>
#define WIRE_CKSUM_VECTOR 1
#else
#define WIRE_CKSUM_VECTOR 0
#endif

/* T of len octets at buf (see above), added to sum; len below 2^17, T below 2^48. */
static inline uint64_t
wire_cksum_add(const void *buf, size_t len, uint64_t sum)
{
#if defined(__AVX512BW__)
	const uint8_t *p = (const uint8_t *)buf;
	const __m512i lo = _mm512_set1_epi64(0xffffffff);
	__m512i a = _mm512_setzero_si512(), b = _mm512_setzero_si512(), v;

	/* Each 64-bit lane gets the two 32-bit words of its 8 octets. */
	for (; len >= 64; len -= 64, p += 64) {
		v = _mm512_loadu_si512((const void *)p);
		a = _mm512_add_epi64(a, _mm512_and_si512(v, lo));
		b = _mm512_add_epi64(b, _mm512_srli_epi64(v, 32));
	}
	/* 0..63 octets left, zero-padded: an odd last octet counts as DPDK's does. */
	v = _mm512_maskz_loadu_epi8(_cvtu64_mask64((UINT64_C(1) << len) - 1), p);
	a = _mm512_add_epi64(a, _mm512_and_si512(v, lo));
	b = _mm512_add_epi64(b, _mm512_srli_epi64(v, 32));
	return sum + (uint64_t)_mm512_reduce_add_epi64(_mm512_add_epi64(a, b));
#elif defined(__AVX2__)
	const uint8_t *p = (const uint8_t *)buf;
	const __m256i lo = _mm256_set1_epi64x(0xffffffff);
	__m256i a = _mm256_setzero_si256(), b = _mm256_setzero_si256();
	__m128i s;

	for (; len >= 32; len -= 32, p += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);

		a = _mm256_add_epi64(a, _mm256_and_si256(v, lo));
		b = _mm256_add_epi64(b, _mm256_srli_epi64(v, 32));
	}
	a = _mm256_add_epi64(a, b);
	s = _mm_add_epi64(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
	sum += (uint64_t)_mm_cvtsi128_si64(s) + (uint64_t)_mm_extract_epi64(s, 1);
	/* 0..31 octets left: at most three words of 8, then 4, 2 and 1. */
	for (; len >= 8; len -= 8, p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		sum += (w & 0xffffffff) + (w >> 32);
	}
	if (len & 4) {
		uint32_t w;

		memcpy(&w, p, 4);
		sum += w;
		p += 4;
	}
	if (len & 2) {
		uint16_t w;

		memcpy(&w, p, 2);
		sum += w;
		p += 2;
	}
	if (len & 1) {
		uint16_t w = 0;

		memcpy(&w, p, 1);
		sum += w;
	}
	return sum;
#else
	return sum + __rte_raw_cksum(buf, len, 0);
#endif
}

/* The 16-bit one's complement sum of a T below 2^48: 0 only if T is. */
static inline uint16_t
wire_cksum_fold(uint64_t s)
{
	s = (s & 0xffffffff) + (s >> 32); /* <= 2^32 + 0xfffe */
	s = (s & 0xffff) + (s >> 16);     /* <= 0x1fffe */
	s = (s & 0xffff) + (s >> 16);     /* <= 0xffff */
	return (uint16_t)s;
}

#if WIRE_CKSUM_VECTOR
/* Past any IP datagram DPDK's sum may wrap (from 131075 octets): its value then. */
static __rte_noinline __rte_cold uint16_t
wire_raw_cksum_long(const void *buf, size_t len)
{
	return rte_raw_cksum(buf, len);
}
#endif

/* rte_raw_cksum(buf, len): the folded, not complemented, sum. */
static inline uint16_t
wire_raw_cksum(const void *buf, size_t len)
{
#if WIRE_CKSUM_VECTOR
	if (unlikely(len > UINT16_MAX))
		return wire_raw_cksum_long(buf, len);
	return wire_cksum_fold(wire_cksum_add(buf, len, 0));
#else
	return rte_raw_cksum(buf, len);
#endif
}

/*
 * A T for the 16-bit word w written in network order: swapping the octets
 * of a word multiplies it by 256 modulo 0xffff.
 */
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
#define WIRE_CKSUM_NET16(w) ((uint64_t)(w) << 8)
#else
#define WIRE_CKSUM_NET16(w) ((uint64_t)(w))
#endif

/*
 * rte_raw_cksum(ip, ihl) for an IPv4 header of ihl octets (a multiple of 4,
 * at least 20): its fixed part in general registers, which is quicker than
 * setting up and reducing a vector for 20 octets.
 */
static inline uint16_t
wire_ipv4_hdr_raw_cksum(const struct rte_ipv4_hdr *ip, uint32_t ihl)
{
	const uint8_t *p = (const uint8_t *)ip;
	uint64_t w[2], s;
	uint32_t x;

	memcpy(w, p, sizeof(w));
	memcpy(&x, p + sizeof(w), sizeof(x));
	s = (w[0] & 0xffffffff) + (w[0] >> 32) + (w[1] & 0xffffffff) + (w[1] >> 32) + x;
	if (unlikely(ihl > sizeof(*ip)))
		s = wire_cksum_add(p + sizeof(*ip), ihl - sizeof(*ip), s);
	return wire_cksum_fold(s);
}

/* T of a 16-octet IPv6 address. */
static inline uint64_t
wire_cksum_addr6(const uint8_t *a)
{
	uint64_t w[2];

	memcpy(w, a, sizeof(w));
	return (w[0] & 0xffffffff) + (w[0] >> 32) + (w[1] & 0xffffffff) + (w[1] >> 32);
}

/*
 * T of the IPv4 pseudo-header and the UDP header (checksum field 0) of a
 * datagram of l4_len octets, from their values: nothing just stored into
 * the headers is read back. Addresses and ports in network order; the sum
 * does not change when source and destination swap.
 */
static inline uint64_t
wire_udp4_hdr_sum(rte_be32_t src, rte_be32_t dst, rte_be16_t sport, rte_be16_t dport,
		  uint32_t l4_len)
{
	/* The protocol and length words of the pseudo-header, the UDP length. */
	return (uint64_t)src + dst + sport + dport + WIRE_CKSUM_NET16(IPPROTO_UDP + 2 * l4_len);
}

/* The same over IPv6 (without extension headers). */
static inline uint64_t
wire_udp6_hdr_sum(const uint8_t *src, const uint8_t *dst, rte_be16_t sport, rte_be16_t dport,
		  uint32_t l4_len)
{
	return wire_cksum_addr6(src) + wire_cksum_addr6(dst) + sport + dport +
	       WIRE_CKSUM_NET16(IPPROTO_UDP + 2 * l4_len);
}

/*
 * The checksum to write into a UDP header whose pseudo-header and header
 * have the T hdr_sum (wire_udp4_hdr_sum, wire_udp6_hdr_sum), followed by
 * len octets of payload: rte_ipv4_udptcp_cksum or rte_ipv6_udptcp_cksum of
 * the finished datagram.
 */
static inline uint16_t
wire_udp_cksum(uint64_t hdr_sum, const void *payload, uint32_t len)
{
	uint16_t ck = (uint16_t)~wire_cksum_fold(wire_cksum_add(payload, len, hdr_sum));

	/* RFC 768: a computed 0 is sent as all ones. */
	return ck == 0 ? 0xffff : ck;
}

/* T of the IPv4 pseudo-header for l4_len octets (rte_ipv4_phdr_cksum, no TSO). */
static inline uint64_t
wire_ipv4_phdr_sum(const struct rte_ipv4_hdr *ip, uint32_t l4_len)
{
	/* The protocol octet (after a zero one) and the length are network-order words. */
	return (uint64_t)ip->src_addr + ip->dst_addr +
	       WIRE_CKSUM_NET16((uint32_t)ip->next_proto_id + l4_len);
}

/* T of the IPv6 pseudo-header (rte_ipv6_phdr_cksum, no TSO). */
static inline uint64_t
wire_ipv6_phdr_sum(const struct rte_ipv6_hdr *ip6)
{
	/* The length as it stands in the header: a network-order word. */
	return wire_cksum_addr6(ip6->src_addr) + wire_cksum_addr6(ip6->dst_addr) +
	       ip6->payload_len + WIRE_CKSUM_NET16(ip6->proto);
}

/* __rte_ipv4_udptcp_cksum: the L4 checksum before complementing. */
static inline uint16_t
wire_ipv4_l4_sum(const struct rte_ipv4_hdr *ip, const void *l4)
{
	uint32_t ihl = rte_ipv4_hdr_len(ip), l3_len = rte_be_to_cpu_16(ip->total_length);

	if (l3_len < ihl)
		return 0;
	return wire_cksum_fold(wire_cksum_add(l4, l3_len - ihl, wire_ipv4_phdr_sum(ip, l3_len - ihl)));
}

/* __rte_ipv6_udptcp_cksum: the L4 checksum before complementing. */
static inline uint16_t
wire_ipv6_l4_sum(const struct rte_ipv6_hdr *ip6, const void *l4)
{
	return wire_cksum_fold(
		wire_cksum_add(l4, rte_be_to_cpu_16(ip6->payload_len), wire_ipv6_phdr_sum(ip6)));
}

/*
 * rte_ipv4_udptcp_cksum: the checksum to write into the UDP (or TCP) header
 * at l4, whose checksum field is 0; a UDP 0 goes out as 0xffff (RFC 768).
 */
static inline uint16_t
wire_ipv4_udptcp_cksum(const struct rte_ipv4_hdr *ip, const void *l4)
{
	uint16_t ck = (uint16_t)~wire_ipv4_l4_sum(ip, l4);

	return ck == 0 && ip->next_proto_id == IPPROTO_UDP ? 0xffff : ck;
}

/* rte_ipv6_udptcp_cksum; no extension headers between ip6 and l4. */
static inline uint16_t
wire_ipv6_udptcp_cksum(const struct rte_ipv6_hdr *ip6, const void *l4)
{
	uint16_t ck = (uint16_t)~wire_ipv6_l4_sum(ip6, l4);

	return ck == 0 && ip6->proto == IPPROTO_UDP ? 0xffff : ck;
}

/* rte_ipv4_udptcp_cksum_verify: 0 if the checksum at l4 is right, else -1. */
static inline int
wire_ipv4_udptcp_cksum_verify(const struct rte_ipv4_hdr *ip, const void *l4)
{
	return wire_ipv4_l4_sum(ip, l4) == 0xffff ? 0 : -1;
}

/* rte_ipv6_udptcp_cksum_verify */
static inline int
wire_ipv6_udptcp_cksum_verify(const struct rte_ipv6_hdr *ip6, const void *l4)
{
	return wire_ipv6_l4_sum(ip6, l4) == 0xffff ? 0 : -1;
}

#endif
