/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_admin: the add latency. */
#include "bench_admin.h"

/* ---- 2. add latency ----------------------------------------------------- */

static uint64_t want_key;  /* the key the spinner looks for; 0: none */
static uint64_t seen_tsc;  /* when it found it */
uint64_t traffic_keys[GW_BURST];

/* The worker's side: bulk lookups of a burst's keys, the awaited one among
 * them, quiescence reported after each, as a worker does. */
void
spin(struct side *s)
{
	const struct ue_table *t = app.gw.ues;
	uint64_t keys[GW_BURST];
	struct ue_ctx *ctx[GW_BURST];

	memcpy(keys, traffic_keys, sizeof(keys));
	rte_rcu_qsbr_thread_online(app.gw.qs, 0);
	while (!__atomic_load_n(&s->done, __ATOMIC_ACQUIRE)) {
		uint64_t k = __atomic_load_n(&want_key, __ATOMIC_ACQUIRE);

		keys[GW_BURST - 1] = k ? k : traffic_keys[GW_BURST - 1];
		ue_table_lookup_bulk(t, keys, GW_BURST, ctx);
		if (k && ctx[GW_BURST - 1] != NULL) {
			uint64_t now = bench_tsc();

			__atomic_store_n(&want_key, 0, __ATOMIC_RELAXED);
			__atomic_store_n(&seen_tsc, now, __ATOMIC_RELEASE);
		}
		rte_rcu_qsbr_quiescent(app.gw.qs, 0);
	}
	rte_rcu_qsbr_thread_offline(app.gw.qs, 0);
}


static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const uint64_t *v, unsigned int n, double p)
{
	unsigned int i = (unsigned int)(p * n + 0.999999) ;

	i = i == 0 ? 0 : i - 1;
	return (double)v[i < n ? i : n - 1] * 1e6 / hz;
}

void *
lat_main(void *p)
{
	struct lat_res *r = p;
	uint64_t *lat = calloc(o.adds, sizeof(*lat)), *ret = calloc(o.adds, sizeof(*ret));
	unsigned int base = r->sock ? BASE_LAT_SOCK : BASE_LAT;
	const struct ue_keyer *kr = ue_table_keyer(app.gw.ues);
	struct client c;
	char line[512], req[700], err[512], ext[64];
	uint8_t k[32];

	r->ok = lat && ret && (!r->sock || client_open(&c) == 0);
	for (unsigned int i = 0; r->ok && i < o.adds; i++) {
		unsigned int u = base + i;
		int elen = snprintf(ext, sizeof(ext), BENCH_EXT_FMT, u);

		rand_key(k);
		ue_line(line, sizeof(line), u, k, 2, 2);
		int len = snprintf(req, sizeof(req), "{\"v\":1,\"id\":%u,\"op\":\"ue.add\",\"data\":%s}",
				   i, line);
		uint64_t key = ue_key_extid(kr, ext, (size_t)elen), t0, t1, tr;

		__atomic_store_n(&seen_tsc, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&want_key, key, __ATOMIC_RELEASE);
		t0 = bench_tsc();
		if (!(r->sock ? client_call(&c, req, (size_t)len, err, sizeof(err))
			      : handle_text(req, (size_t)len, err, sizeof(err)))) {
			fprintf(stderr, "bench_admin: ue.add: %s\n", err);
			r->ok = false;
			__atomic_store_n(&want_key, 0, __ATOMIC_RELEASE);
			break;
		}
		tr = bench_tsc();
		while ((t1 = __atomic_load_n(&seen_tsc, __ATOMIC_ACQUIRE)) == 0)
			;
		/* The TSCs of the two vCPUs agree; a negative difference would
		 * mean they do not. */
		lat[i] = t1 > t0 ? t1 - t0 : 0;
		ret[i] = tr - t0;
		if (!r->sock)
			admin_reclaim(app.admin, false);
		usleep(200);
	}
	if (r->ok) {
		qsort(lat, o.adds, sizeof(*lat), cmp_u64);
		qsort(ret, o.adds, sizeof(*ret), cmp_u64);
		r->p50 = pct(lat, o.adds, 0.50);
		r->p99 = pct(lat, o.adds, 0.99);
		r->max = pct(lat, o.adds, 1.0);
		r->ret_p50 = pct(ret, o.adds, 0.50);
		r->ret_p99 = pct(ret, o.adds, 0.99);
		delete_range(base, o.adds, r->sock ? &c : NULL);
	}
	if (r->sock)
		close(c.fd);
	free(lat);
	free(ret);
	return NULL;
}
