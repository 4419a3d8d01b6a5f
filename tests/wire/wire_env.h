/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests that need mbufs: EAL without hugepages, a small pool,
 * the gateway port (two IPv4 addresses, one IPv6), two next hops, the
 * gateway identity and a typical DAR; and a way to run one frame through
 * the receive stage.
 */
#ifndef MTC_TEST_WIRE_ENV_H
#define MTC_TEST_WIRE_ENV_H

#include <rte_mbuf.h>

#include "dar.h"
#include "pkt_parse.h"

extern struct rte_mempool *pool;
extern struct wire_if wif;
extern struct wire_neigh nt;
extern struct wire_counters ctr;
extern struct diam_local local;
extern struct diam_idgen ids;
extern const uint8_t our_mac[6], peer_mac[6], hop_mac[6];
extern const uint8_t our_ip6[16], peer_ip6[16], hop_ip6[16], hop_ip4[4];
extern int hop4_idx, hop6_idx;
extern uint8_t dar[1024];
extern uint32_t dar_len;

/* CUnit suite set-up and clean-up. */
int wire_env_setup(void);
int wire_env_teardown(void);

/* A pool mbuf holding a copy of frame. */
struct rte_mbuf *mbuf_of(const uint8_t *frame, size_t len);

/* Runs one frame through the stage (counters reset); returns its verdict.
 * The mbuf is freed unless keep is given. */
int one(const uint8_t *frame, size_t len, struct wire_rx *rx, struct rte_mbuf **keep);

#endif
