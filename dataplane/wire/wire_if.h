/* SPDX-License-Identifier: BSD-3-Clause */
/* What the receive stage knows about the gateway's port: its addresses. */
#ifndef MTC_WIRE_IF_H
#define MTC_WIRE_IF_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

#define WIRE_IF_ADDR_MAX 4

/* wire_if.flags */
enum {
	/* The port checks IPv4 header checksums: trust RTE_MBUF_F_RX_IP_CKSUM_GOOD/BAD. */
	WIRE_IF_RX_IP_CKSUM = 1u << 0,
	/* The port checks UDP checksums: trust RTE_MBUF_F_RX_L4_CKSUM_GOOD/BAD. */
	WIRE_IF_RX_L4_CKSUM = 1u << 1,
};

struct wire_if {
	struct rte_ether_addr mac;
	rte_be16_t tsp_port; /* network order */
	uint8_t n_ip4;
	uint8_t n_ip6;
	uint32_t flags;
	rte_be32_t ip4[WIRE_IF_ADDR_MAX];
	uint8_t ip6[WIRE_IF_ADDR_MAX][16];
};

/* Index of ip in the port's IPv4 addresses, -1 if it is not one. */
static inline int
wire_if_ip4(const struct wire_if *w, rte_be32_t ip)
{
	int i;

	for (i = 0; i < w->n_ip4; i++)
		if (w->ip4[i] == ip)
			return i;
	return -1;
}

static inline int
wire_if_ip6(const struct wire_if *w, const uint8_t *ip)
{
	int i;

	for (i = 0; i < w->n_ip6; i++) {
		uint64_t a[2], b[2];

		__builtin_memcpy(a, w->ip6[i], 16);
		__builtin_memcpy(b, ip, 16);
		if (a[0] == b[0] && a[1] == b[1])
			return i;
	}
	return -1;
}

#endif
