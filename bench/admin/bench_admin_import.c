/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_admin: the import against bulk derivation. */
#include "bench_admin.h"

/* ---- 1. import against bulk derivation ------------------------------------ */

/* Bulk derivation and key schedules of the import's keys (bench_a3's
 * derive_rate); returns the seconds. */
static double
derive_import_keys(struct a3_engine *e)
{
	enum { CHUNK = 1024 };
	static struct a3_derive_req req[CHUNK];
	static struct a3_keyset out[CHUNK];
	uint64_t t0 = bench_tsc();

	for (unsigned int b = 0; b < o.import_n; b += CHUNK) {
		unsigned int m = o.import_n - b < CHUNK ? o.import_n - b : CHUNK;

		for (unsigned int i = 0; i < m; i++)
			req[i] = (struct a3_derive_req){ .kiwf = import_keys[b + i],
							 .eea = eea_of(b + i), .eia = eia_of(b + i) };
		if (a3_derive_bulk(e, req, m) != 0)
			exit(6);
		for (unsigned int i = 0; i < m; i++)
			if (a3_keyset_init(e, &out[i], 1, req[i].eea, req[i].eia, req[i].k_conf,
					   req[i].k_int, false) != 0)
				exit(6);
	}
	return (double)(bench_tsc() - t0) / hz;
}


/* The COUNT bound of UE u as ue.show reads it back (in process). */
static uint64_t
show_count_bound(unsigned int u)
{
	char req[160];
	json_t *r, *a;
	uint64_t bound;

	snprintf(req, sizeof(req), "{\"v\":1,\"op\":\"ue.show\",\"data\":{\"ue\":\"00101%010u\"}}",
		 u);
	r = json_loads(req, 0, NULL);
	a = admin_handle(app.admin, r);
	bound = (uint64_t)json_integer_value(json_object_get(json_object_get(a, "result"),
							     "count_bound"));
	json_decref(r);
	json_decref(a);
	return bound;
}

void *
import_main(void *p)
{
	struct import_res *r = p;
	struct a3_engine *e = a3_engine_create();
	struct client c;
	char err[700], cmd[1400];

	r->ok = e != NULL;
	if (r->sock && client_open(&c) != 0) {
		fprintf(stderr, "bench_admin: cannot connect to %s\n", api_sock);
		r->ok = false;
	}
	for (int i = 0; r->ok && i < r->rounds; i++) {
		struct admin_import_stats st = { 0 };
		uint64_t t0 = bench_tsc();
		int rc;

		if (r->sock) {
			snprintf(cmd, sizeof(cmd), "'%s' --socket '%s' --json ue import '%s' "
				 ">/dev/null", o.gwctl, api_sock, import_file);
			rc = system(cmd);
			st.ues = rc == 0 ? o.import_n : 0;
		} else {
			rc = admin_import_file(app.admin, import_file, false, &st, err,
					       sizeof(err));
		}
		r->imp_s[i] = (double)(bench_tsc() - t0) / hz;
		if (rc != 0 || st.ues != o.import_n) {
			fprintf(stderr, "bench_admin: import: %s\n", r->sock ? "gwctl failed" : err);
			r->ok = false;
			break;
		}
		r->der_s[i] = derive_import_keys(e);
		if (i == 0 && !r->sock)
			r->count_bound = show_count_bound(BASE_IMPORT + o.import_n - 1);
		delete_range(BASE_IMPORT, o.import_n, r->sock ? &c : NULL);
		if (!r->sock)
			admin_reclaim(app.admin, true);
		else
			usleep(50000); /* the admin thread reclaims between polls */
	}
	if (r->ok) {
		r->ratio = bench_ratio_median(r->der_s, r->imp_s, r->rounds);
		r->imp_rate = o.import_n / bench_min(r->imp_s, r->rounds);
		r->der_rate = o.import_n / bench_min(r->der_s, r->rounds);
	}
	if (r->sock)
		close(c.fd);
	a3_engine_free(e);
	return NULL;
}
