/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "frame_build.h"

#define ETH_LEN 14

uint32_t
fb_sum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

uint16_t
fb_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void
fb_spec_v4(struct frame_spec *f, const uint8_t our_mac[6])
{
	static const uint8_t peer[6] = {2, 0, 0, 0, 0, 1};

	memset(f, 0, sizeof(*f));
	memcpy(f->src_mac, peer, 6);
	memcpy(f->dst_mac, our_mac, 6);
	f->vlan = -1;
	memcpy(f->src, (const uint8_t[]){192, 0, 2, 1}, 4);
	memcpy(f->dst, (const uint8_t[]){192, 0, 2, 10}, 4);
	f->sport = 40000;
	f->dport = 3868;
}

void
fb_spec_v6(struct frame_spec *f, const uint8_t our_mac[6])
{
	fb_spec_v4(f, our_mac);
	f->ipv6 = 1;
	memcpy(f->src, (const uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, [15] = 1}, 16);
	memcpy(f->dst, (const uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, [15] = 0x10}, 16);
}

static size_t
eth(uint8_t *out, const uint8_t *dst, const uint8_t *src, int vlan, uint16_t type)
{
	memcpy(out, dst, 6);
	memcpy(out + 6, src, 6);
	if (vlan >= 0) {
		put16(out + 12, 0x8100);
		put16(out + 14, (uint16_t)vlan);
		put16(out + 16, type);
		return ETH_LEN + 4;
	}
	put16(out + 12, type);
	return ETH_LEN;
}

static uint16_t
l4_cksum6(const uint8_t *ip6, const uint8_t *l4, size_t len, uint8_t nh)
{
	uint32_t s = fb_sum(ip6 + 8, 32, 0);

	s += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + nh;
	return (uint16_t)~fb_fold(fb_sum(l4, len, s));
}

static uint16_t
l4_cksum4(const uint8_t *ip, const uint8_t *l4, size_t len, uint8_t proto)
{
	uint32_t s = fb_sum(ip + 12, 8, 0) + proto + (uint32_t)len;

	return (uint16_t)~fb_fold(fb_sum(l4, len, s));
}

size_t
fb_udp(uint8_t *out, const struct frame_spec *f, const void *payload, size_t len)
{
	size_t o = eth(out, f->dst_mac, f->src_mac, f->vlan, f->ipv6 ? 0x86dd : 0x0800);
	uint8_t *ip = out + o, *u;
	size_t ulen = 8 + len, ihl;
	uint16_t ck;

	if (f->ipv6) {
		size_t ext = f->ext_hdr ? 8 : 0;

		memset(ip, 0, 40);
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)(ulen + ext));
		ip[6] = f->ext_hdr ? 0 : (f->proto ? f->proto : 17);
		ip[7] = 64;
		memcpy(ip + 8, f->src, 16);
		memcpy(ip + 24, f->dst, 16);
		if (ext) {
			static const uint8_t hbh[8] = {17, 0, 1, 4, 0, 0, 0, 0};

			memcpy(ip + 40, hbh, 8);
		}
		ihl = 40 + ext;
	} else {
		ihl = 20 + f->ip_opts;
		memset(ip, 0, ihl);
		ip[0] = (uint8_t)(0x40 | ihl / 4);
		put16(ip + 2, (uint16_t)(ihl + ulen));
		put16(ip + 6, f->frag);
		ip[8] = 64;
		ip[9] = f->proto ? f->proto : 17;
		memcpy(ip + 12, f->src, 4);
		memcpy(ip + 16, f->dst, 4);
		if (f->ip_opts)
			memset(ip + 20, 1, f->ip_opts); /* NOPs */
		ck = (uint16_t)~fb_fold(fb_sum(ip, ihl, 0));
		if (f->ip_cksum == FB_CKSUM_BAD)
			ck ^= 0x5a5a;
		put16(ip + 10, ck);
	}
	u = ip + ihl;
	put16(u, f->sport);
	put16(u + 2, f->dport);
	put16(u + 4, (uint16_t)(ulen + (size_t)f->udp_len_delta));
	put16(u + 6, 0);
	memcpy(u + 8, payload, len);
	if (f->udp_cksum != FB_CKSUM_ZERO) {
		ck = f->ipv6 ? l4_cksum6(ip, u, ulen, 17) : l4_cksum4(ip, u, ulen, 17);
		if (ck == 0)
			ck = 0xffff;
		if (f->udp_cksum == FB_CKSUM_BAD)
			ck ^= 0x0101;
		put16(u + 6, ck);
	}
	return (size_t)(u + ulen - out);
}

size_t
fb_arp(uint8_t *out, const uint8_t dst_mac[6], const uint8_t sha[6], uint16_t op,
       const uint8_t sip[4], const uint8_t tha[6], const uint8_t tip[4])
{
	size_t o = eth(out, dst_mac, sha, -1, 0x0806);
	uint8_t *a = out + o;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	memcpy(a + 14, sip, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, tip, 4);
	memset(a + 28, 0, 18); /* Ethernet padding to 60 octets */
	return o + 28 + 18;
}

size_t
fb_nd(uint8_t *out, const uint8_t src_mac[6], const uint8_t dst_mac[6], uint8_t type,
      const uint8_t src[16], const uint8_t dst[16], const uint8_t target[16], const uint8_t *lla,
      uint8_t hop_limit)
{
	size_t o = eth(out, dst_mac, src_mac, -1, 0x86dd);
	uint8_t *ip = out + o, *icmp = ip + 40;
	size_t plen = 24 + (lla ? 8 : 0);
	uint16_t ck;

	memset(ip, 0, 40 + plen);
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t)plen);
	ip[6] = 58;
	ip[7] = hop_limit;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	icmp[0] = type;
	if (type == 136)
		icmp[4] = 0x60; /* S, O */
	memcpy(icmp + 8, target, 16);
	if (lla) {
		icmp[24] = type == 135 ? 1 : 2;
		icmp[25] = 1;
		memcpy(icmp + 26, lla, 6);
	}
	ck = l4_cksum6(ip, icmp, plen, 58);
	put16(icmp + 2, ck);
	return o + 40 + plen;
}

int
fb_ip6_l4_ok(const uint8_t *ip6)
{
	size_t len = get16(ip6 + 4);
	uint32_t s = fb_sum(ip6 + 8, 32, 0) + (uint32_t)len + ip6[6];

	return fb_fold(fb_sum(ip6 + 40, len, s)) == 0xffff;
}

int
fb_ip4_l4_ok(const uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 0xf) * 4, len = get16(ip + 2) - ihl;
	uint32_t s = fb_sum(ip + 12, 8, 0) + ip[9] + (uint32_t)len;

	return fb_fold(fb_sum(ip + ihl, len, s)) == 0xffff;
}

int
fb_ip4_hdr_ok(const uint8_t *ip)
{
	return fb_fold(fb_sum(ip, (size_t)(ip[0] & 0xf) * 4, 0)) == 0xffff;
}

void
fb_ip6_fix_l4(uint8_t *ip6, size_t cksum_off)
{
	size_t len = get16(ip6 + 4);

	put16(ip6 + 40 + cksum_off, 0);
	put16(ip6 + 40 + cksum_off, l4_cksum6(ip6, ip6 + 40, len, ip6[6]));
}
