/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <string.h>

#include "pcap_frames.h"

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int
pf_parse_udp(const uint8_t *f, uint32_t len, struct pf_udp *u)
{
	uint32_t off = 14, ip_end, ulen;
	uint16_t type;
	const uint8_t *ip, *udp;

	memset(u, 0, sizeof(*u));
	if (len < off)
		return -1;
	type = get16(f + 12);
	if (type == 0x8100) {
		if (len < 18)
			return -1;
		type = get16(f + 16);
		off = 18;
	}
	ip = f + off;
	if (type == 0x0800) {
		uint32_t ihl;

		if (len < off + 20 || (ip[0] >> 4) != 4 || ip[9] != 17)
			return -1;
		ihl = (uint32_t)(ip[0] & 0xf) * 4;
		ip_end = off + get16(ip + 2);
		if (ihl < 20 || (get16(ip + 6) & 0x3fff) != 0 || ip_end > len || ip_end < off + ihl)
			return -1;
		memcpy(u->src, ip + 12, 4);
		memcpy(u->dst, ip + 16, 4);
		udp = ip + ihl;
	} else if (type == 0x86dd) {
		if (len < off + 40 || (ip[0] >> 4) != 6 || ip[6] != 17)
			return -1;
		ip_end = off + 40 + get16(ip + 4);
		if (ip_end > len)
			return -1;
		u->v6 = 1;
		memcpy(u->src, ip + 8, 16);
		memcpy(u->dst, ip + 24, 16);
		udp = ip + 40;
	} else {
		return -1;
	}
	if ((uint32_t)(udp - f) + 8 > ip_end)
		return -1;
	ulen = get16(udp + 4);
	if (ulen < 8 || (uint32_t)(udp - f) + ulen > ip_end)
		return -1;
	u->sport = get16(udp);
	u->dport = get16(udp + 2);
	u->msg = udp + 8;
	u->msg_len = ulen - 8;
	return 0;
}

void
pf_addr_str(const struct pf_udp *u, const uint8_t *addr, char *out)
{
	inet_ntop(u->v6 ? AF_INET6 : AF_INET, addr, out, 46);
}
