/* SPDX-License-Identifier: BSD-3-Clause */
/* The ethdevs: one RX and one TX queue per worker on each port used. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>

#include "app.h"

#define RX_DESC 1024
#define TX_DESC 1024
#define POOL_CACHE 256

/*
 * rte_pktmbuf_pool_create(), but when IO addresses are virtual addresses
 * a buffer may cross a page: without hugepages DPDK would otherwise give
 * each 2,368-octet buffer a 4 KiB page of its own, 40% of the pool wasted.
 * (With physical addresses a device needs every buffer within a page.)
 */
static struct rte_mempool *
pool_create(const char *name, unsigned int n, int socket)
{
	struct rte_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = RTE_MBUF_DEFAULT_BUF_SIZE,
	};
	unsigned int flags = rte_eal_iova_mode() == RTE_IOVA_VA ? RTE_MEMPOOL_F_NO_IOVA_CONTIG : 0;
	struct rte_mempool *mp;
	int rc;

	mp = rte_mempool_create_empty(name, n, sizeof(struct rte_mbuf) + RTE_MBUF_DEFAULT_BUF_SIZE,
				      POOL_CACHE, sizeof(priv), socket, flags);
	if (mp == NULL)
		return NULL;
	rc = rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL);
	if (rc == 0) {
		rte_pktmbuf_pool_init(mp, &priv);
		rc = rte_mempool_populate_default(mp);
	}
	if (rc < 0) {
		rte_mempool_free(mp);
		rte_errno = -rc;
		return NULL;
	}
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}

static int
port_fail(uint16_t port, const char *what, int rc)
{
	fprintf(stderr, "mtc-gw: port %u: %s (%s)\n", port, what, strerror(rc < 0 ? -rc : rc));
	return rc < 0 ? rc : -EINVAL;
}

static int
port_setup(struct gw_app *a, uint16_t port, struct gw_port *gp)
{
	const struct gw_runtime *rt = &a->rt;
	uint16_t nq = (uint16_t)rt->n_workers, nb_rx = RX_DESC, nb_tx = TX_DESC;
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	int rc;

	if (!rte_eth_dev_is_valid_port(port)) {
		fprintf(stderr, "mtc-gw: port %u does not exist (%u port(s) found): give DPDK a "
				"device, e.g. --vdev net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap\n",
			port, rte_eth_dev_count_avail());
		return -ENODEV;
	}
	gp->port_id = port;
	if ((rc = rte_eth_dev_info_get(port, &info)) != 0)
		return port_fail(port, "cannot read its capabilities", rc);
	if (info.max_rx_queues < nq || info.max_tx_queues < nq) {
		fprintf(stderr, "mtc-gw: port %u (%s) has %u RX / %u TX queues, %u workers need "
				"one each: use fewer lcores\n", port, info.driver_name,
			info.max_rx_queues, info.max_tx_queues, nq);
		return -EINVAL;
	}
	memset(&conf, 0, sizeof(conf));
	if ((rc = rte_eth_dev_configure(port, nq, nq, &conf)) != 0)
		return port_fail(port, "cannot configure it", rc);
	if ((rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rx, &nb_tx)) != 0)
		return port_fail(port, "cannot size its rings", rc);
	for (uint16_t q = 0; q < nq; q++) {
		rc = rte_eth_rx_queue_setup(port, q, nb_rx, rte_eth_dev_socket_id(port), NULL,
					    rt->pool);
		if (rc == 0)
			rc = rte_eth_tx_queue_setup(port, q, nb_tx, rte_eth_dev_socket_id(port),
						    NULL);
		if (rc != 0)
			return port_fail(port, "cannot set up its queues", rc);
	}
	if ((rc = rte_eth_macaddr_get(port, &gp->wif.mac)) != 0)
		return port_fail(port, "cannot read its MAC address", rc);
	if ((rc = rte_eth_dev_start(port)) != 0)
		return port_fail(port, "cannot start it", rc);
	return 0;
}

/* Our addresses on a port (its MAC comes from port_setup). */
static void
wire_if_fill(const struct gw_config *c, struct wire_if *w)
{
	w->tsp_port = rte_cpu_to_be_16(c->tsp.udp_port);
	w->n_ip4 = c->tsp.has_ipv4;
	w->n_ip6 = c->tsp.has_ipv6;
	memcpy(&w->ip4[0], c->tsp.ipv4, 4);
	memcpy(w->ip6[0], c->tsp.ipv6, 16);
	w->flags = 0;
}

/* The next hop toward the delivery node and the DTRs' headers. */
static int
t4_setup(struct gw_app *a)
{
	const struct gw_config *c = &a->cfg;
	struct gw_runtime *rt = &a->rt;
	struct gw_shared *gw = &a->gw;
	struct wire_flow *f = &rt->t4_flow;
	bool v6 = !c->t4.has_peer_ipv4;
	int hop;

	if (v6 ? !c->tsp.has_ipv6 : !c->tsp.has_ipv4) {
		fprintf(stderr, "mtc-gw: %s: the T4 peer is IPv%c but tsp has no IPv%c address "
				"to send from\n", a->opts.config, v6 ? '6' : '4', v6 ? '6' : '4');
		return -EINVAL;
	}
	wire_neigh_init(&gw->neigh);
	hop = wire_neigh_add(&gw->neigh, v6, v6 ? (const void *)c->t4.peer_ipv6
						 : (const void *)c->t4.peer_ipv4);
	if (hop < 0)
		return hop;
	rt->t4_hop = (unsigned int)hop;
	if (c->t4.has_peer_mac) {
		struct rte_ether_addr mac;

		memcpy(mac.addr_bytes, c->t4.peer_mac, RTE_ETHER_ADDR_LEN);
		wire_neigh_set_static(&gw->neigh, rt->t4_hop, &mac);
	}
	memset(f, 0, sizeof(*f));
	f->src_mac = rt->t4.wif.mac;
	f->vlan_tci = -1;
	f->ipv6 = v6;
	f->src_port = rte_cpu_to_be_16(c->tsp.udp_port);
	f->dst_port = rte_cpu_to_be_16(c->t4.peer_udp_port);
	if (v6) {
		memcpy(f->v6.src, c->tsp.ipv6, 16);
		memcpy(f->v6.dst, c->t4.peer_ipv6, 16);
	} else {
		memcpy(&f->v4.src, c->tsp.ipv4, 4);
		memcpy(&f->v4.dst, c->t4.peer_ipv4, 4);
	}
	return 0;
}

int
gw_ports_start(struct gw_app *a)
{
	struct gw_runtime *rt = &a->rt;
	/* Every descriptor of every queue full, a few bursts in the workers'
	 * hands, and the lcore caches. */
	unsigned int ports = a->cfg.tsp.port == a->cfg.t4.port ? 1 : 2;
	unsigned int n = rt->n_workers * (ports * (RX_DESC + TX_DESC) + 4 * GW_BURST) + 1024;
	int rc;

	rt->pool = pool_create("mbufs", n, (int)rte_socket_id());
	if (rt->pool == NULL) {
		fprintf(stderr, "mtc-gw: cannot allocate %u packet buffers (%s): give DPDK more "
				"memory with -m\n", n, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	wire_if_fill(&a->cfg, &rt->tsp.wif);
	wire_if_fill(&a->cfg, &rt->t4.wif);
	rt->one_port = a->cfg.tsp.port == a->cfg.t4.port;
	if ((rc = port_setup(a, a->cfg.tsp.port, &rt->tsp)) != 0)
		return rc;
	a->ports_started = true;
	if (rt->one_port)
		rt->t4 = rt->tsp;
	else if ((rc = port_setup(a, a->cfg.t4.port, &rt->t4)) != 0)
		return rc;
	return t4_setup(a);
}

void
gw_ports_stop(struct gw_app *a)
{
	const struct gw_runtime *rt = &a->rt;

	if (!a->ports_started)
		return;
	/* Stopped and closed so that a pcap port's output file is complete. */
	rte_eth_dev_stop(rt->tsp.port_id);
	rte_eth_dev_close(rt->tsp.port_id);
	if (!rt->one_port && rte_eth_dev_is_valid_port(rt->t4.port_id)) {
		rte_eth_dev_stop(rt->t4.port_id);
		rte_eth_dev_close(rt->t4.port_id);
	}
	a->ports_started = false;
}
