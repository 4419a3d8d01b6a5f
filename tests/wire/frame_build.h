/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ethernet frames for the tests: UDP over IPv4/IPv6 (with options, a VLAN
 * tag, fragments, extension headers, bad checksums on request), ARP, and
 * Neighbour Discovery. Checksums are computed here independently of DPDK.
 */
#ifndef MTC_TEST_FRAME_BUILD_H
#define MTC_TEST_FRAME_BUILD_H

#include <stddef.h>
#include <stdint.h>

enum fb_cksum { FB_CKSUM_OK = 0, FB_CKSUM_ZERO, FB_CKSUM_BAD };

struct frame_spec {
	uint8_t src_mac[6];
	uint8_t dst_mac[6];
	int vlan;      /* < 0: untagged */
	int ipv6;
	uint8_t src[16]; /* IPv4: first four octets */
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
	uint8_t ip_opts;   /* IPv4 option octets (multiple of 4, <= 40) */
	uint16_t frag;     /* IPv4 flags/fragment offset field */
	uint8_t proto;     /* 0: UDP */
	uint8_t ext_hdr;   /* IPv6: put a Hop-by-Hop header before UDP */
	uint8_t ip_cksum;  /* enum fb_cksum (IPv4 header) */
	uint8_t udp_cksum; /* enum fb_cksum */
	int udp_len_delta; /* added to the UDP length field */
};

/* One's complement sum of len octets added to sum (not folded, not inverted). */
uint32_t fb_sum(const void *p, size_t len, uint32_t sum);
uint16_t fb_fold(uint32_t sum);

/* A spec from 02:00:00:00:00:01 to our MAC, 192.0.2.1:40000 -> 192.0.2.10:3868. */
void fb_spec_v4(struct frame_spec *f, const uint8_t our_mac[6]);
/* 2001:db8::1 -> 2001:db8::10 */
void fb_spec_v6(struct frame_spec *f, const uint8_t our_mac[6]);

size_t fb_udp(uint8_t *out, const struct frame_spec *f, const void *payload, size_t len);

size_t fb_arp(uint8_t *out, const uint8_t dst_mac[6], const uint8_t sha[6], uint16_t op,
	      const uint8_t sip[4], const uint8_t tha[6], const uint8_t tip[4]);

/* An NS (type 135) or NA (136) from src to dst about target, with a
 * link-layer address option when lla is not NULL. */
size_t fb_nd(uint8_t *out, const uint8_t src_mac[6], const uint8_t dst_mac[6], uint8_t type,
	     const uint8_t src[16], const uint8_t dst[16], const uint8_t target[16],
	     const uint8_t *lla, uint8_t hop_limit);

/* Verifies an IPv6 upper-layer checksum (pseudo-header included): 1 if good. */
int fb_ip6_l4_ok(const uint8_t *ip6);
int fb_ip4_l4_ok(const uint8_t *ip4);
int fb_ip4_hdr_ok(const uint8_t *ip4);
/* Recomputes the checksum at cksum_off in the upper-layer header (after a change). */
void fb_ip6_fix_l4(uint8_t *ip6, size_t cksum_off);

#endif
