/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Next-hop neighbours: a handful of IP addresses (the delivery node or its
 * router) whose MAC addresses are configured or learned from ARP and ND.
 * Only addresses added by the control side are ever learned, so strangers
 * cannot fill the table.
 *
 * Concurrency: entries are added before the workers start and never
 * removed. A MAC is one 64-bit word: any lcore may store it (release) while
 * others load it (acquire); a reader sees an old or a new MAC, never a mix.
 */
#ifndef MTC_NEIGH_H
#define MTC_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

#define WIRE_NEIGH_MAX 8

#define WIRE_NEIGH_VALID (1ull << 48)
#define WIRE_NEIGH_STATIC (1ull << 49)

struct wire_neigh_entry {
	uint8_t ip[16]; /* IPv4 in the first four octets */
	uint8_t ipv6;
	uint64_t mac; /* 0 while unresolved; else WIRE_NEIGH_VALID | MAC */
};

struct wire_neigh {
	uint32_t n;
	struct wire_neigh_entry e[WIRE_NEIGH_MAX];
} __rte_cache_aligned;

void wire_neigh_init(struct wire_neigh *t);

/* Control side: adds a next hop (ip: 4 or 16 octets); returns its index or -ENOSPC. */
int wire_neigh_add(struct wire_neigh *t, bool ipv6, const void *ip);

/* Configures a MAC that learning never changes. */
void wire_neigh_set_static(struct wire_neigh *t, unsigned int idx,
			   const struct rte_ether_addr *mac);

/* Reads a next hop's MAC; false while it is unresolved. */
bool wire_neigh_get(const struct wire_neigh *t, unsigned int idx, struct rte_ether_addr *mac);

/*
 * Dataplane: records mac for ip when ip is a next hop (and not static).
 * Returns 1 when an entry changed, 0 otherwise.
 */
int wire_neigh_learn(struct wire_neigh *t, bool ipv6, const void *ip,
		     const struct rte_ether_addr *mac);

#endif
