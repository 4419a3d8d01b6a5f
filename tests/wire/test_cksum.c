/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The checksums of wire_cksum.h against DPDK's: every length from 0 to 2048
 * at every start offset modulo 64, on random data and on the all-ones and
 * all-zero buffers where one's complement folding has its corners; buffers
 * that end right before an unmapped page (a read past the end faults);
 * lengths past 2^16; IPv4 headers with options; and the UDP checksums over
 * IPv4 and IPv6 (compute and verify, from the headers or from their values)
 * on random headers and datagrams. Built three times, for the AVX-512, AVX2
 * and plain C paths.
 */
#ifndef ALLOW_EXPERIMENTAL_API
#define ALLOW_EXPERIMENTAL_API /* DPDK's rte_ipv*_udptcp_cksum_verify */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_ip.h>
#include <rte_udp.h>

#include "testlib.h"
#include "wire_cksum.h"

#define MAX_LEN 2048
#define OFFSETS 64
#define ROUNDS 20000

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
fill_random(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(rnd() >> 32);
}

/* Counts the lengths and offsets where wire_raw_cksum and rte_raw_cksum differ. */
static unsigned int
raw_all(const uint8_t *base, const char *what)
{
	unsigned int bad = 0;
	size_t off, len;

	for (off = 0; off < OFFSETS; off++)
		for (len = 0; len <= MAX_LEN; len++) {
			uint16_t want = rte_raw_cksum(base + off, len);
			uint16_t got = wire_raw_cksum(base + off, len);

			if (got != want && bad++ < 5)
				fprintf(stderr, "%s: offset %zu length %zu: %#06x, DPDK %#06x\n", what,
					off, len, got, want);
		}
	return bad;
}

static void
test_raw(void)
{
	static uint8_t buf[OFFSETS + MAX_LEN] __attribute__((aligned(64)));

	fill_random(buf, sizeof(buf));
	CU_ASSERT_EQUAL(raw_all(buf, "random"), 0);
	memset(buf, 0xff, sizeof(buf));
	CU_ASSERT_EQUAL(raw_all(buf, "all ones"), 0);
	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(raw_all(buf, "all zero"), 0);
	/* Words summing to a multiple of 0xffff without being all zero. */
	for (size_t i = 0; i < sizeof(buf); i += 4) {
		buf[i] = 0x01;
		buf[i + 2] = 0xfe;
		buf[i + 3] = 0xff;
	}
	CU_ASSERT_EQUAL(raw_all(buf, "1 + 0xfffe"), 0);
	/* Known values: the RFC 1071 example, and the folding corners. */
	CU_ASSERT_EQUAL(wire_raw_cksum((const uint8_t[]){0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6,
							0xf7},
				       8),
			rte_be_to_cpu_16(0xddf2));
	CU_ASSERT_EQUAL(wire_raw_cksum((const uint8_t[]){0xff, 0xff}, 2), 0xffff);
	CU_ASSERT_EQUAL(wire_raw_cksum((const uint8_t[]){0xff, 0xff}, 1), 0x00ff);
	CU_ASSERT_EQUAL(wire_raw_cksum((const uint8_t[]){0xff, 0xff, 0x01, 0x00}, 4), 0x0001);
	CU_ASSERT_EQUAL(wire_raw_cksum(buf, 0), 0);
}

/* Buffers ending at an unmapped page: nothing past the end may be read. */
static void
test_raw_guard(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t span = ((MAX_LEN + (size_t)pg - 1) / (size_t)pg + 1) * (size_t)pg;
	uint8_t *m = mmap(NULL, span + (size_t)pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned int bad = 0;
	size_t len;

	CU_ASSERT_FATAL(m != MAP_FAILED);
	CU_ASSERT_FATAL(mprotect(m + span, (size_t)pg, PROT_NONE) == 0);
	fill_random(m, span);
	for (len = 0; len <= MAX_LEN; len++) {
		const uint8_t *p = m + span - len;

		if (wire_raw_cksum(p, len) != rte_raw_cksum(p, len))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	munmap(m, span + (size_t)pg);
}

/* Up to a whole datagram and past it, where DPDK's own sum takes over. */
static void
test_raw_long(void)
{
	static const size_t lens[] = {4095, 4096, 9001, 65534, 65535, 65536, 65537,
				      131073, 131074, 131075, 131076, 200001};
	size_t n = 200064, i;
	uint8_t *b = malloc(n);

	CU_ASSERT_FATAL(b != NULL);
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 0)
			fill_random(b, n);
		else
			memset(b, pass == 1 ? 0xff : 0, n);
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			CU_ASSERT_EQUAL(wire_raw_cksum(b, lens[i]), rte_raw_cksum(b, lens[i]));
			CU_ASSERT_EQUAL(wire_raw_cksum(b + 63, lens[i]), rte_raw_cksum(b + 63, lens[i]));
		}
	}
	free(b);
}

/* A length for a random datagram: mostly typical, sometimes tiny or large. */
static uint32_t
rnd_l4_len(void)
{
	switch (rnd() % 4) {
	case 0:
		return (uint32_t)(rnd() % 16);
	case 1:
		return (uint32_t)(rnd() % 9000);
	default:
		return 200 + (uint32_t)(rnd() % 400);
	}
}

static void
test_udp4(void)
{
	static uint8_t buf[64 + 60 + 9000] __attribute__((aligned(64)));
	unsigned int bad = 0, r;

	for (r = 0; r < ROUNDS; r++) {
		size_t off = rnd() % 64;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + off);
		uint32_t ihl = 4 * (5 + (r % 3 == 0 ? (uint32_t)(rnd() % 11) : 0));
		uint32_t l4_len = rnd_l4_len();
		uint8_t *l4 = buf + off + ihl;
		uint32_t tot = ihl + l4_len;

		fill_random(buf + off, ihl + l4_len);
		ip->version_ihl = (uint8_t)(0x40 | ihl / 4);
		if (r % 50 == 0)
			tot = rnd() % ihl; /* shorter than its header */
		ip->total_length = rte_cpu_to_be_16((uint16_t)tot);
		if (r % 2)
			ip->next_proto_id = IPPROTO_UDP;
		if (r % 97 == 0) {
			/* Everything summed is zero but the protocol. */
			memset(ip, 0, ihl + l4_len);
			ip->version_ihl = (uint8_t)(ihl / 4);
			ip->total_length = rte_cpu_to_be_16((uint16_t)tot);
			ip->next_proto_id = r % 2 ? IPPROTO_UDP : 0;
		}
		if (wire_ipv4_udptcp_cksum(ip, l4) != rte_ipv4_udptcp_cksum(ip, l4) ||
		    wire_ipv4_udptcp_cksum_verify(ip, l4) != rte_ipv4_udptcp_cksum_verify(ip, l4))
			bad++;
		if (tot >= ihl && l4_len >= sizeof(struct rte_udp_hdr)) {
			struct rte_udp_hdr *u = (struct rte_udp_hdr *)l4;

			/* Right: verifies, and the sum complements to 0 (sent as 0xffff). */
			u->dgram_cksum = 0;
			u->dgram_cksum = rte_ipv4_udptcp_cksum(ip, l4);
			if (wire_ipv4_udptcp_cksum_verify(ip, l4) != 0 ||
			    rte_ipv4_udptcp_cksum_verify(ip, l4) != 0 ||
			    wire_ipv4_udptcp_cksum(ip, l4) != rte_ipv4_udptcp_cksum(ip, l4))
				bad++;
			/* One bit off anywhere in the datagram: never the same sum. */
			l4[rnd() % l4_len] ^= (uint8_t)(1u << (rnd() % 8));
			if (wire_ipv4_udptcp_cksum_verify(ip, l4) != -1 ||
			    rte_ipv4_udptcp_cksum_verify(ip, l4) != -1)
				bad++;
		}
		if (bad && bad < 3)
			fprintf(stderr, "IPv4 round %u: ihl %u length %u\n", r, ihl, l4_len);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_udp6(void)
{
	static uint8_t buf[64 + 40 + 9000] __attribute__((aligned(64)));
	unsigned int bad = 0, r;

	for (r = 0; r < ROUNDS; r++) {
		size_t off = rnd() % 64;
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(buf + off);
		uint32_t l4_len = rnd_l4_len();
		uint8_t *l4 = (uint8_t *)(ip6 + 1);

		fill_random(buf + off, sizeof(*ip6) + l4_len);
		ip6->payload_len = rte_cpu_to_be_16((uint16_t)l4_len);
		/* Below 128: DPDK shifts the next header into an int's sign bit. */
		ip6->proto = r % 2 ? IPPROTO_UDP : ip6->proto & 0x7f;
		if (r % 97 == 0) {
			memset(ip6, 0, sizeof(*ip6) + l4_len);
			ip6->payload_len = rte_cpu_to_be_16((uint16_t)l4_len);
			ip6->proto = r % 2 ? IPPROTO_UDP : 0;
		}
		if (r % 193 == 0) {
			/* Addresses of all ones. */
			memset(ip6->src_addr, 0xff, 32);
		}
		if (wire_ipv6_udptcp_cksum(ip6, l4) != rte_ipv6_udptcp_cksum(ip6, l4) ||
		    wire_ipv6_udptcp_cksum_verify(ip6, l4) != rte_ipv6_udptcp_cksum_verify(ip6, l4))
			bad++;
		if (l4_len >= sizeof(struct rte_udp_hdr)) {
			struct rte_udp_hdr *u = (struct rte_udp_hdr *)l4;

			u->dgram_cksum = 0;
			u->dgram_cksum = rte_ipv6_udptcp_cksum(ip6, l4);
			if (wire_ipv6_udptcp_cksum_verify(ip6, l4) != 0 ||
			    rte_ipv6_udptcp_cksum_verify(ip6, l4) != 0 ||
			    wire_ipv6_udptcp_cksum(ip6, l4) != rte_ipv6_udptcp_cksum(ip6, l4))
				bad++;
			l4[rnd() % l4_len] ^= (uint8_t)(1u << (rnd() % 8));
			if (wire_ipv6_udptcp_cksum_verify(ip6, l4) != -1 ||
			    rte_ipv6_udptcp_cksum_verify(ip6, l4) != -1)
				bad++;
			/* A flipped address bit changes the pseudo-header. */
			u->dgram_cksum = 0;
			u->dgram_cksum = rte_ipv6_udptcp_cksum(ip6, l4);
			ip6->dst_addr[rnd() % 16] ^= 0x10;
			if (wire_ipv6_udptcp_cksum_verify(ip6, l4) != -1)
				bad++;
		}
		if (bad && bad < 3)
			fprintf(stderr, "IPv6 round %u: length %u\n", r, l4_len);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* The IPv4 header sum against rte_raw_cksum over every header length. */
static void
test_ip4_hdr(void)
{
	static uint8_t buf[64 + 60] __attribute__((aligned(64)));
	unsigned int bad = 0, r;

	for (r = 0; r < ROUNDS; r++) {
		size_t off = rnd() % 64;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + off);
		uint32_t ihl = 4 * (5 + r % 11);

		if (r % 89 == 0)
			memset(ip, r % 2 ? 0xff : 0, ihl);
		else
			fill_random((uint8_t *)ip, ihl);
		if (wire_ipv4_hdr_raw_cksum(ip, ihl) != rte_raw_cksum(ip, ihl))
			bad++;
		if (ihl == 20) {
			/* Right: the sum is all ones. */
			ip->version_ihl = RTE_IPV4_VHL_DEF;
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
			if (wire_ipv4_hdr_raw_cksum(ip, ihl) != 0xffff)
				bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/*
 * The UDP checksum of a datagram from its header values and payload
 * (what udp_out.c computes before or without reading its headers back),
 * against DPDK on the datagram assembled from the same values; also with
 * the ends swapped, as for an answer.
 */
static void
test_udp_parts(void)
{
	static uint8_t buf[64 + 60 + 9000] __attribute__((aligned(64)));
	unsigned int bad = 0, r;

	for (r = 0; r < ROUNDS; r++) {
		size_t off = rnd() % 64;
		uint32_t len = rnd_l4_len(), l4_len = len + sizeof(struct rte_udp_hdr);
		rte_be16_t sport = (rte_be16_t)rnd(), dport = (rte_be16_t)rnd();
		struct rte_udp_hdr *u;
		uint64_t hs, hs_swapped;
		uint16_t ck;

		if (r % 3 == 0)
			sport = dport = 0;
		if (r % 2) {
			struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(buf + off);
			uint32_t ihl = 4 * (5 + (r % 5 == 0 ? (uint32_t)(rnd() % 11) : 0));

			fill_random((uint8_t *)ip, ihl + l4_len);
			if (r % 7 == 0)
				ip->src_addr = ip->dst_addr = r % 14 ? 0 : 0xffffffff;
			ip->version_ihl = (uint8_t)(0x40 | ihl / 4);
			ip->total_length = rte_cpu_to_be_16((uint16_t)(ihl + l4_len));
			ip->next_proto_id = IPPROTO_UDP;
			u = (struct rte_udp_hdr *)(buf + off + ihl);
			hs = wire_udp4_hdr_sum(ip->src_addr, ip->dst_addr, sport, dport, l4_len);
			hs_swapped = wire_udp4_hdr_sum(ip->dst_addr, ip->src_addr, dport, sport, l4_len);
			*u = (struct rte_udp_hdr){sport, dport, rte_cpu_to_be_16((uint16_t)l4_len), 0};
			ck = rte_ipv4_udptcp_cksum(ip, u);
		} else {
			struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(buf + off);

			fill_random((uint8_t *)ip6, sizeof(*ip6) + l4_len);
			if (r % 8 == 0)
				memset(ip6->src_addr, r % 16 ? 0 : 0xff, 32);
			ip6->payload_len = rte_cpu_to_be_16((uint16_t)l4_len);
			ip6->proto = IPPROTO_UDP;
			u = (struct rte_udp_hdr *)(ip6 + 1);
			hs = wire_udp6_hdr_sum(ip6->src_addr, ip6->dst_addr, sport, dport, l4_len);
			hs_swapped = wire_udp6_hdr_sum(ip6->dst_addr, ip6->src_addr, dport, sport, l4_len);
			*u = (struct rte_udp_hdr){sport, dport, rte_cpu_to_be_16((uint16_t)l4_len), 0};
			ck = rte_ipv6_udptcp_cksum(ip6, u);
		}
		if (wire_udp_cksum(hs, u + 1, len) != ck || wire_udp_cksum(hs_swapped, u + 1, len) != ck)
			bad++;
		/* A payload whose sum makes the checksum 0, sent as 0xffff. */
		if (len >= 2 && r % 4 < 2) {
			uint16_t w;
			uint32_t t;

			memcpy(&w, u + 1, 2);
			t = (uint32_t)w + ck; /* one's complement addition */
			w = (uint16_t)((t & 0xffff) + (t >> 16));
			memcpy(u + 1, &w, 2);
			if (wire_udp_cksum(hs, u + 1, len) != 0xffff)
				bad++;
		}
		if (bad && bad < 3)
			fprintf(stderr, "UDP parts round %u: length %u\n", r, len);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"raw sum, lengths 0..2048 at offsets 0..63", test_raw},
		{"raw sum, ending at an unmapped page", test_raw_guard},
		{"raw sum, long buffers", test_raw_long},
		{"UDP over IPv4", test_udp4},
		{"UDP over IPv6", test_udp6},
		{"IPv4 header", test_ip4_hdr},
		{"UDP from header values", test_udp_parts},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"cksum", NULL, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
