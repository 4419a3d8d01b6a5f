/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the admin API answers about the running gateway (stats, counters,
 * health, config.show), on the admin thread: the workers' counters read
 * with relaxed loads, never written; no key ever.
 */
#include <arpa/inet.h>
#include <string.h>

#include <rte_cycles.h>

#include "app.h"

static double
uptime(const struct gw_app *a)
{
	return (double)(rte_rdtsc() - a->rt.start_tsc) / (double)a->rt.tsc_hz;
}

static uint64_t
generation(const struct gw_app *a)
{
	const struct scs_policy *p = scs_policy_get(&a->gw.policy);

	return p ? p->generation : 0;
}

static json_t *
api_stats(void *arg)
{
	static uint64_t last_tsc, last[3];
	struct gw_app *a = arg;
	struct wire_counters wc;
	struct gw_counters gc;
	uint64_t tsc = rte_rdtsc();
	uint64_t now[3];
	double dt = (double)(tsc - (last_tsc ? last_tsc : a->rt.start_tsc)) /
		    (double)a->rt.tsc_hz;
	json_t *totals = json_object(), *rates = json_object();
	static const char *const rname[3] = { "frames", "dars", "delivered" };

	gw_stats_sum(a, -1, &wc, &gc);
	now[0] = wc.v[WIRE_CTR_rx_frames];
	now[1] = wc.v[WIRE_CTR_rx_tsp];
	now[2] = gc.v[GW_CTR_dtr_sent];
	for (int i = 0; i < 3; i++)
		json_object_set_new(rates, rname[i],
				    json_real(dt > 0 ? (double)(now[i] - last[i]) / dt : 0));
	memcpy(last, now, sizeof(last));
	last_tsc = tsc;
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wc.v[i])
			json_object_set_new(totals, wire_counter_desc[i].name,
					    json_integer((json_int_t)wc.v[i]));
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gc.v[i])
			json_object_set_new(totals, gw_counter_desc[i].name,
					    json_integer((json_int_t)gc.v[i]));
	return json_pack("{s:f, s:i, s:I, s:i, s:I, s:o, s:o}", "uptime_s", uptime(a),
			 "workers", a->rt.n_workers, "ues",
			 (json_int_t)ue_table_count(a->gw.ues), "scs",
			 policy_scs_count(admin_registry(a->admin)), "policy_generation",
			 (json_int_t)generation(a), "totals", totals, "rates", rates);
}

static json_t *
counter(const char *name, const char *kind, uint64_t v)
{
	return json_pack("{s:s, s:s, s:I}", "name", name, "kind", kind, "value", (json_int_t)v);
}

static json_t *
api_counters(void *arg, const char *scs, int worker)
{
	static const char *const scs_name[SCS_CTR_N] = {
#define SCS_CTR_NAME(name, kind, help) #name,
		SCS_COUNTERS(SCS_CTR_NAME)
#undef SCS_CTR_NAME
	};
	static const char *const scs_kind[SCS_CTR_N] = {
#define SCS_CTR_KIND(name, kind, help) #kind,
		SCS_COUNTERS(SCS_CTR_KIND)
#undef SCS_CTR_KIND
	};
	struct gw_app *a = arg;
	json_t *list = json_array();

	if (worker >= (int)a->rt.n_workers) {
		json_decref(list);
		return NULL;
	}
	if (scs != NULL) {
		int id = policy_scs_index(admin_registry(a->admin), scs);
		uint64_t v[SCS_CTR_N];

		if (id < 0) {
			json_decref(list);
			return NULL;
		}
		scs_state_sum(a->gw.scs_state, (uint32_t)id, worker, v);
		for (int i = 0; i < SCS_CTR_N; i++)
			json_array_append_new(list, counter(scs_name[i], scs_kind[i], v[i]));
		return json_pack("{s:s, s:i, s:o}", "scs", scs, "id", id, "counters", list);
	}
	struct wire_counters wc;
	struct gw_counters gc;

	gw_stats_sum(a, worker, &wc, &gc);
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		json_array_append_new(list, counter(wire_counter_desc[i].name,
						    ctr_kind_name[wire_counter_desc[i].kind],
						    wc.v[i]));
	for (int i = 0; i < GW_CTR_MAX; i++)
		json_array_append_new(list, counter(gw_counter_desc[i].name,
						    ctr_kind_name[gw_counter_desc[i].kind],
						    gc.v[i]));
	return json_pack("{s:o}", "counters", list);
}

static json_t *
api_health(void *arg)
{
	struct gw_app *a = arg;
	int rc = __atomic_load_n(&a->ctl.refill_rc, __ATOMIC_RELAXED);
	bool ok = rc == 0 && scs_policy_get(&a->gw.policy) != NULL;

	return json_pack("{s:s, s:i, s:{s:I, s:I, s:i}, s:I, s:I}", "status",
			 ok ? "ok" : "degraded", "workers", a->rt.n_workers, "count_store",
			 "refills", (json_int_t)a->ctl.refills, "requests",
			 (json_int_t)a->ctl.requests, "last_error", rc, "policy_generation",
			 (json_int_t)generation(a), "retiring_contexts",
			 (json_int_t)ue_table_retiring(a->gw.ues));
}

static json_t *
addr(int family, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	return json_string(inet_ntop(family, a, s, sizeof(s)) ? s : "");
}

/* The configuration as loaded: paths and addresses, never a key. */
static json_t *
api_config(void *arg)
{
	const struct gw_app *a = arg;
	const struct gw_config *c = &a->cfg;
	json_t *tsp = json_pack("{s:i, s:i}", "port", c->tsp.port, "udp_port", c->tsp.udp_port);
	json_t *t4 = json_pack("{s:i, s:i, s:s}", "port", c->t4.port, "peer_udp_port",
			       c->t4.peer_udp_port, "destination_realm",
			       c->t4.destination_realm);

	if (c->tsp.has_ipv4)
		json_object_set_new(tsp, "ipv4", addr(AF_INET, c->tsp.ipv4));
	if (c->tsp.has_ipv6)
		json_object_set_new(tsp, "ipv6", addr(AF_INET6, c->tsp.ipv6));
	if (c->t4.has_peer_ipv4)
		json_object_set_new(t4, "peer_ipv4", addr(AF_INET, c->t4.peer_ipv4));
	if (c->t4.has_peer_ipv6)
		json_object_set_new(t4, "peer_ipv6", addr(AF_INET6, c->t4.peer_ipv6));
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:{s:i, s:I}, s:b, s:I, s:I, s:s, s:s, s:s}",
			      "origin_host", c->origin_host, "origin_realm", c->origin_realm,
			      "tsp", tsp, "t4", t4, "limits", "max_payload", c->max_payload,
			      "max_validity", (json_int_t)c->max_validity,
			      "allow_null_algorithms", c->allow_null_algorithms, "max_ues",
			      (json_int_t)c->max_ues, "max_scs", (json_int_t)c->max_scs,
			      "data_dir", c->data_dir, "provision", c->provision,
			      "api_socket", a->api_socket);

	if (c->master_key[0])
		json_object_set_new(o, "master_key", json_string(c->master_key));
	if (c->prometheus.family) {
		char s[INET6_ADDRSTRLEN + 10], h[INET6_ADDRSTRLEN];

		inet_ntop(c->prometheus.family, c->prometheus.addr, h, sizeof(h));
		snprintf(s, sizeof(s), c->prometheus.family == AF_INET6 ? "[%s]:%u" : "%s:%u", h,
			 c->prometheus.port);
		json_object_set_new(o, "prometheus", json_string(s));
	}
	return o;
}

struct admin_hooks
gw_api_hooks(struct gw_app *a)
{
	return (struct admin_hooks){ .stats = api_stats, .counters = api_counters,
				     .health = api_health, .config = api_config, .arg = a };
}
