/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "neigh.h"

static uint64_t
mac_word(const struct rte_ether_addr *mac)
{
	uint64_t w = 0;

	memcpy(&w, mac->addr_bytes, RTE_ETHER_ADDR_LEN);
	return w | WIRE_NEIGH_VALID;
}

void
wire_neigh_init(struct wire_neigh *t)
{
	memset(t, 0, sizeof(*t));
}

int
wire_neigh_add(struct wire_neigh *t, bool ipv6, const void *ip)
{
	struct wire_neigh_entry *e;

	if (t->n >= WIRE_NEIGH_MAX)
		return -ENOSPC;
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	memcpy(e->ip, ip, ipv6 ? 16 : 4);
	e->ipv6 = ipv6;
	/* The entry is complete before a worker can find it. */
	__atomic_store_n(&t->n, t->n + 1, __ATOMIC_RELEASE);
	return (int)(t->n - 1);
}

void
wire_neigh_set_static(struct wire_neigh *t, unsigned int idx, const struct rte_ether_addr *mac)
{
	if (idx < t->n)
		__atomic_store_n(&t->e[idx].mac, mac_word(mac) | WIRE_NEIGH_STATIC,
				 __ATOMIC_RELEASE);
}

bool
wire_neigh_get(const struct wire_neigh *t, unsigned int idx, struct rte_ether_addr *mac)
{
	uint64_t w;

	if (idx >= __atomic_load_n(&t->n, __ATOMIC_ACQUIRE))
		return false;
	w = __atomic_load_n(&t->e[idx].mac, __ATOMIC_ACQUIRE);
	if (!(w & WIRE_NEIGH_VALID))
		return false;
	memcpy(mac->addr_bytes, &w, RTE_ETHER_ADDR_LEN);
	return true;
}

int
wire_neigh_learn(struct wire_neigh *t, bool ipv6, const void *ip, const struct rte_ether_addr *mac)
{
	uint32_t i, n = __atomic_load_n(&t->n, __ATOMIC_ACQUIRE);
	size_t len = ipv6 ? 16 : 4;

	if (!rte_is_valid_assigned_ether_addr(mac))
		return 0;
	for (i = 0; i < n; i++) {
		struct wire_neigh_entry *e = &t->e[i];
		uint64_t old, w;

		if (e->ipv6 != ipv6 || memcmp(e->ip, ip, len) != 0)
			continue;
		old = __atomic_load_n(&e->mac, __ATOMIC_RELAXED);
		w = mac_word(mac);
		if ((old & WIRE_NEIGH_STATIC) || old == w)
			return 0;
		__atomic_store_n(&e->mac, w, __ATOMIC_RELEASE);
		return 1;
	}
	return 0;
}
