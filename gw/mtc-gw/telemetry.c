/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK telemetry commands under /mtcgw/ (dpdk-telemetry.py), and the start
 * and stop of every metrics export (telemetry, Prometheus).
 *
 * The callbacks run in DPDK's telemetry threads: they read the workers'
 * counters with relaxed loads and write nothing the workers read. They
 * never look at the policy snapshot (it may be freed under them): SCS names
 * and counters come from the state, which outlives every snapshot. DPDK
 * 22.11 cannot unregister a command, so the app they read is behind a
 * mutex that gw_metrics_stop() takes to withdraw it; the workers never
 * take it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_telemetry.h>

#include "app.h"

static pthread_mutex_t tel_lock = PTHREAD_MUTEX_INITIALIZER;
static struct gw_app *tel_app; /* NULL: nothing to report */
static bool tel_registered;

/* The kinds of SCS_COUNTERS, as declared ("request" for the total). */
static const char *const scs_ctr_kind[SCS_CTR_N] = {
#define SCS_CTR_KIND(name, kind, help) [SCS_CTR_##name] = #kind,
	SCS_COUNTERS(SCS_CTR_KIND)
#undef SCS_CTR_KIND
};
static const char *const scs_ctr_name[SCS_CTR_N] = {
#define SCS_CTR_NAME(name, kind, help) [SCS_CTR_##name] = #name,
	SCS_COUNTERS(SCS_CTR_NAME)
#undef SCS_CTR_NAME
};

const char *
gw_scs_ctr_kind(unsigned int i)
{
	return i < SCS_CTR_N ? scs_ctr_kind[i] : NULL;
}

const char *
gw_scs_ctr_name(unsigned int i)
{
	return i < SCS_CTR_N ? scs_ctr_name[i] : NULL;
}

/* Counters of one worker (or all: -1), those of kind k only when k >= 0. */
static int
put_counters(const struct gw_app *a, int worker, int k, struct rte_tel_data *d)
{
	struct wire_counters wc;
	struct gw_counters gc;

	gw_stats_sum(a, worker, &wc, &gc);
	rte_tel_data_start_dict(d);
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (k < 0 || wire_counter_desc[i].kind == (enum ctr_kind)k)
			rte_tel_data_add_dict_u64(d, wire_counter_desc[i].name, wc.v[i]);
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (k < 0 || gw_counter_desc[i].kind == (enum ctr_kind)k)
			rte_tel_data_add_dict_u64(d, gw_counter_desc[i].name, gc.v[i]);
	return 0;
}

/* /mtcgw/counters[,KIND] */
static int
cmd_counters(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	int k = -1;

	if (params != NULL && *params != '\0' && (k = ctr_kind_parse(params)) < 0)
		return -EINVAL;
	return put_counters(a, -1, k, d);
}

/* /mtcgw/worker,N */
static int
cmd_worker(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	char *end;
	unsigned long w;

	if (params == NULL || *params < '0' || *params > '9')
		return -EINVAL;
	w = strtoul(params, &end, 10);
	if (*end != '\0' || w >= a->rt.n_workers)
		return -EINVAL;
	return put_counters(a, (int)w, -1, d);
}

/*
 * A dictionary key for name: DPDK 22.11 takes only letters, digits, '_'
 * and '/' in keys, so any other character becomes '_' (the entry holds the
 * name as it is under "scs").
 */
static void
tel_key(char *key, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i + 1 < n && name[i] != '\0'; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '/';

		key[i] = ok ? c : '_';
	}
	key[i] = '\0';
}

static struct rte_tel_data *
scs_dict(const struct gw_app *a, uint32_t id, const char *name)
{
	struct rte_tel_data *c = rte_tel_data_alloc();
	uint64_t v[SCS_CTR_N];

	if (c == NULL)
		return NULL;
	scs_state_sum(a->gw.scs_state, id, -1, v);
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_string(c, "scs", name);
	for (unsigned int i = 0; i < SCS_CTR_N; i++)
		rte_tel_data_add_dict_u64(c, scs_ctr_name[i], v[i]);
	return c;
}

/* /mtcgw/scs[,NAME]: every named SCS (as many as fit in a reply), or one. */
static int
cmd_scs(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	const struct scs_state *st = a->gw.scs_state;
	bool one = params != NULL && *params != '\0';

	if (st == NULL)
		return -ENOENT;
	rte_tel_data_start_dict(d);
	for (uint32_t id = 0; id < st->cap; id++) {
		const char *name = scs_state_name(st, id);
		struct rte_tel_data *c;
		uint64_t v[SCS_CTR_N];
		char key[SCS_NAME_MAX];

		if (name == NULL) {
			if (id >= __atomic_load_n(&st->n_named, __ATOMIC_ACQUIRE))
				break;
			continue;
		}
		if (one) {
			if (strcmp(name, params) != 0)
				continue;
			scs_state_sum(st, id, -1, v);
			rte_tel_data_add_dict_string(d, "scs", name);
			for (unsigned int i = 0; i < SCS_CTR_N; i++)
				rte_tel_data_add_dict_u64(d, scs_ctr_name[i], v[i]);
			return 0;
		}
		c = scs_dict(a, id, name);
		if (c == NULL)
			return -ENOMEM;
		tel_key(key, sizeof(key), name);
		if (rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return one ? -ENOENT : 0;
}

/* The ports the gateway uses: n of them (1 or 2) in ids. */
unsigned int
gw_metrics_ports(const struct gw_app *a, uint16_t ids[2])
{
	ids[0] = a->rt.tsp.port_id;
	ids[1] = a->rt.t4.port_id;
	return a->rt.one_port ? 1 : 2;
}

/* /mtcgw/ports: per port id, its ethdev statistics. */
static int
cmd_ports(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	uint16_t ids[2];
	unsigned int n = gw_metrics_ports(a, ids);

	rte_tel_data_start_dict(d);
	for (unsigned int i = 0; i < n; i++) {
		struct rte_eth_stats es;
		struct rte_tel_data *c;
		char key[8];

		if (rte_eth_stats_get(ids[i], &es) != 0 || (c = rte_tel_data_alloc()) == NULL)
			continue;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_string(c, "role", a->rt.one_port ? "tsp+t4" :
					     i == 0 ? "tsp" : "t4");
		rte_tel_data_add_dict_u64(c, "ipackets", es.ipackets);
		rte_tel_data_add_dict_u64(c, "opackets", es.opackets);
		rte_tel_data_add_dict_u64(c, "imissed", es.imissed);
		rte_tel_data_add_dict_u64(c, "ierrors", es.ierrors);
		rte_tel_data_add_dict_u64(c, "oerrors", es.oerrors);
		rte_tel_data_add_dict_u64(c, "rx_nombuf", es.rx_nombuf);
		snprintf(key, sizeof(key), "%u", ids[i]);
		if (rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

/* /mtcgw/neigh: the next hop toward the delivery node. */
static int
cmd_neigh(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	const struct wire_neigh_entry *e = &a->gw.neigh.e[a->rt.t4_hop];
	uint64_t word = __atomic_load_n(&e->mac, __ATOMIC_ACQUIRE);
	struct rte_ether_addr mac;
	char ip[INET6_ADDRSTRLEN], s[RTE_ETHER_ADDR_FMT_SIZE];
	bool ok = wire_neigh_get(&a->gw.neigh, a->rt.t4_hop, &mac);

	if (inet_ntop(e->ipv6 ? AF_INET6 : AF_INET, e->ip, ip, sizeof(ip)) == NULL)
		snprintf(ip, sizeof(ip), "?");
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "ip", ip);
	rte_tel_data_add_dict_int(d, "resolved", ok);
	rte_tel_data_add_dict_int(d, "static", (word & WIRE_NEIGH_STATIC) != 0);
	if (ok) {
		rte_ether_format_addr(s, sizeof(s), &mac);
		rte_tel_data_add_dict_string(d, "mac", s);
	} else {
		rte_tel_data_add_dict_string(d, "mac", "");
	}
	return 0;
}

/* /mtcgw/store: the COUNT thread. */
static int
cmd_store(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	int rc = __atomic_load_n(&a->ctl.refill_rc, __ATOMIC_RELAXED);

	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "refills", __atomic_load_n(&a->ctl.refills,
								__ATOMIC_RELAXED));
	rte_tel_data_add_dict_u64(d, "requests", __atomic_load_n(&a->ctl.requests,
								 __ATOMIC_RELAXED));
	rte_tel_data_add_dict_u64(d, "refill_errors", __atomic_load_n(&a->ctl.refill_errors,
								      __ATOMIC_RELAXED));
	rte_tel_data_add_dict_int(d, "last_refill_error", rc);
	rte_tel_data_add_dict_string(d, "last_refill_error_text", rc ? strerror(rc < 0 ? -rc : rc)
									: "none");
	return 0;
}

#ifdef GW_STAGE_CYCLES
/* Keys for gw_stage_name (whose names hold spaces and commas). */
static const char *const stage_key[GW_STAGES] = {
	[GW_STAGE_RECEIVE] = "receive",
	[GW_STAGE_DECODE] = "decode",
	[GW_STAGE_LOOKUP] = "ue_lookup",
	[GW_STAGE_SCS] = "scs_checks",
	[GW_STAGE_TRIGGER] = "trigger",
	[GW_STAGE_ANSWER] = "answer",
};
#endif

/* /mtcgw/stages: TSC cycles per trigger sent by stage (-Dstage_cycles=true). */
static int
cmd_stages(const struct gw_app *a, const char *params, struct rte_tel_data *d)
{
	rte_tel_data_start_dict(d);
#ifdef GW_STAGE_CYCLES
	uint64_t cyc[GW_STAGES] = { 0 }, frames = 0, sent = 0;

	for (unsigned int w = 0; w < a->rt.n_workers; w++) {
		const struct gw_worker *wk = &a->workers[w];

		for (int s = 0; s < GW_STAGES; s++)
			cyc[s] += __atomic_load_n(&wk->stage_cycles[s], __ATOMIC_RELAXED);
		frames += __atomic_load_n(&wk->stage_pkts, __ATOMIC_RELAXED);
		sent += __atomic_load_n(&wk->gc.v[GW_CTR_dtr_sent], __ATOMIC_RELAXED);
	}
	rte_tel_data_add_dict_u64(d, "frames", frames);
	rte_tel_data_add_dict_u64(d, "triggers", sent);
	for (int s = 0; s < GW_STAGES; s++)
		rte_tel_data_add_dict_u64(d, stage_key[s], sent ? cyc[s] / sent : 0);
#else
	rte_tel_data_add_dict_string(d, "note", "built without -Dstage_cycles=true: "
				     "no stage cycles are counted");
#endif
	return 0;
}

typedef int (*gw_tel_fn)(const struct gw_app *a, const char *params, struct rte_tel_data *d);

static const struct {
	const char *cmd;
	gw_tel_fn fn;
	const char *help;
} tel_cmds[] = {
	{ "/mtcgw/counters", cmd_counters,
	  "Every gw and wire counter summed over the workers. Parameter: a kind "
	  "(success, refusal, fault, drop, info), optional" },
	{ "/mtcgw/worker", cmd_worker, "One worker's counters. Parameter: worker index" },
	{ "/mtcgw/scs", cmd_scs,
	  "Per-SCS counters summed over the workers. Parameter: an SCS name, optional" },
	{ "/mtcgw/ports", cmd_ports, "Per port: ipackets, opackets, imissed, ierrors, "
	  "oerrors, rx_nombuf" },
	{ "/mtcgw/neigh", cmd_neigh, "The T4 next hop: its address, resolved or not, MAC" },
	{ "/mtcgw/store", cmd_store, "The COUNT thread: full scans, refill requests served, "
	  "refill errors, last error" },
	{ "/mtcgw/stages", cmd_stages, "TSC cycles per trigger sent by pipeline stage "
	  "(-Dstage_cycles=true builds)" },
};

/* Every command comes through here: the app, if any, is held meanwhile. */
static int
tel_dispatch(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc = -ENOENT;

	pthread_mutex_lock(&tel_lock);
	for (size_t i = 0; tel_app != NULL && i < RTE_DIM(tel_cmds); i++)
		if (strcmp(cmd, tel_cmds[i].cmd) == 0) {
			rc = tel_cmds[i].fn(tel_app, params, d);
			break;
		}
	pthread_mutex_unlock(&tel_lock);
	return rc;
}

int
gw_metrics_start(struct gw_app *a)
{
	int rc;

	if (!tel_registered) {
		for (size_t i = 0; i < RTE_DIM(tel_cmds); i++) {
			rc = rte_telemetry_register_cmd(tel_cmds[i].cmd, tel_dispatch,
							tel_cmds[i].help);
			if (rc != 0) {
				fprintf(stderr, "mtc-gw: telemetry: cannot register %s: %s\n",
					tel_cmds[i].cmd, strerror(-rc));
				return rc < 0 ? rc : -EINVAL;
			}
		}
		tel_registered = true;
	}
	pthread_mutex_lock(&tel_lock);
	tel_app = a;
	pthread_mutex_unlock(&tel_lock);
	if (a->cfg.prometheus.family != 0)
		return gw_prom_start(a);
	return 0;
}

void
gw_metrics_stop(struct gw_app *a)
{
	gw_prom_stop(a);
	pthread_mutex_lock(&tel_lock);
	if (tel_app == a)
		tel_app = NULL;
	pthread_mutex_unlock(&tel_lock);
}
