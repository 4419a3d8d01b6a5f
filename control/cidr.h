/* SPDX-License-Identifier: BSD-3-Clause */
/* Address prefixes ("198.18.0.0/24", "2001:db8::/64", a bare address). */
#ifndef MTC_CIDR_H
#define MTC_CIDR_H

#include <stdbool.h>
#include <stdint.h>

struct cidr {
	uint8_t family; /* 4 or 6 */
	uint8_t plen;
	uint8_t addr[16]; /* network order; IPv4 in the first 4 */
};

/*
 * Parses s; a bare address is a host prefix. Host bits set below the prefix
 * are refused (a likely typo in an ACL). Returns 0, or -1 with *why set.
 */
int cidr_parse(const char *s, struct cidr *c, const char **why);

bool cidr_equal(const struct cidr *a, const struct cidr *b);

#endif
