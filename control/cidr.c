/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

int
cidr_parse(const char *s, struct cidr *c, const char **why)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int max, bytes;
	long plen;

	memset(c, 0, sizeof(*c));
	if (alen == 0 || alen >= sizeof(buf)) {
		*why = "not an address prefix";
		return -1;
	}
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, c->addr) == 1) {
		c->family = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, c->addr) == 1) {
		c->family = 6;
		max = 128;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}
	plen = max;
	if (slash) {
		char *end;

		if (slash[1] < '0' || slash[1] > '9') {
			*why = "bad prefix length";
			return -1;
		}
		plen = strtol(slash + 1, &end, 10);
		if (*end != '\0' || plen > (long)max) {
			*why = "bad prefix length";
			return -1;
		}
	}
	c->plen = (uint8_t)plen;
	bytes = max / 8;
	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int bit0 = i * 8;
		uint8_t keep = bit0 >= (unsigned int)plen ? 0 :
			bit0 + 8 <= (unsigned int)plen ? 0xff :
			(uint8_t)(0xff << (8 - (plen - bit0)));

		if (c->addr[i] & (uint8_t)~keep) {
			*why = "host bits set below the prefix length";
			return -1;
		}
	}
	return 0;
}

bool
cidr_equal(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}
