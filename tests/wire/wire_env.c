/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include "dar_build.h"
#include "testlib.h"
#include "wire_env.h"

struct rte_mempool *pool;
struct wire_if wif;
struct wire_neigh nt;
struct wire_counters ctr;
struct diam_local local;
struct diam_idgen ids;
const uint8_t our_mac[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01};
const uint8_t peer_mac[6] = {2, 0, 0, 0, 0, 1};
const uint8_t hop_mac[6] = {2, 0, 0, 0, 0, 0x99};
const uint8_t our_ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
const uint8_t peer_ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
const uint8_t hop_ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 1};
const uint8_t hop_ip4[4] = {192, 0, 2, 254};
int hop4_idx, hop6_idx;
uint8_t dar[1024];
uint32_t dar_len;

int
wire_env_setup(void)
{
	char *args[] = {"test", "--no-huge", "--no-pci", "-m", "256", "--log-level=*:error",
			"--no-shconf", "-l", "0"};
	struct dar_spec s;
	static struct dbuf b;

	if (rte_eal_init((int)RTE_DIM(args), args) < 0)
		return 1;
	pool = rte_pktmbuf_pool_create("wire_test", 256, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	if (pool == NULL)
		return 1;
	memset(&wif, 0, sizeof(wif));
	memcpy(wif.mac.addr_bytes, our_mac, 6);
	wif.tsp_port = RTE_BE16(3868);
	wif.n_ip4 = 2;
	memcpy(&wif.ip4[0], (const uint8_t[]){198, 51, 100, 1}, 4);
	memcpy(&wif.ip4[1], (const uint8_t[]){192, 0, 2, 10}, 4);
	wif.n_ip6 = 1;
	memcpy(wif.ip6[0], our_ip6, 16);
	wire_neigh_init(&nt);
	hop4_idx = wire_neigh_add(&nt, false, hop_ip4);
	hop6_idx = wire_neigh_add(&nt, true, hop_ip6);
	if (diam_local_init(&local, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		return 1;
	diam_idgen_init(&ids, &local, 1700000000u, 0);
	dar_spec_typical(&s, (const uint8_t *)"wake", 4);
	dar_len = dar_build(&b, &s);
	memcpy(dar, b.b, dar_len);
	return 0;
}

int
wire_env_teardown(void)
{
	rte_mempool_free(pool);
	return rte_eal_cleanup();
}

struct rte_mbuf *
mbuf_of(const uint8_t *frame, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	char *p;

	CU_ASSERT_FATAL(m != NULL);
	p = rte_pktmbuf_append(m, (uint16_t)len);
	CU_ASSERT_FATAL(p != NULL);
	memcpy(p, frame, len);
	return m;
}

/* Runs one frame through the stage; returns its verdict, *reason its counter. */
int
one(const uint8_t *frame, size_t len, struct wire_rx *rx, struct rte_mbuf **keep)
{
	struct rte_mbuf *m = mbuf_of(frame, len);
	uint16_t n;

	memset(&ctr, 0, sizeof(ctr));
	n = wire_rx_burst(&wif, &nt, &m, 1, rx, &ctr);
	CU_ASSERT(n == (rx->verdict == WIRE_TSP));
	CU_ASSERT(ctr.v[rx->reason] == 1 && ctr.v[WIRE_CTR_rx_frames] == 1);
	if (keep)
		*keep = m;
	else
		rte_pktmbuf_free(m);
	return rx->verdict;
}
