/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The live control plane: the whole gateway in one process on a net_null
 * port (gw_app_start, as bench_gw starts it), its admin driven while it runs.
 *
 *   1. import: N UEs from a provisioning file into the running gateway
 *      (admin_import_file: batches of 4096, each one durable LMDB
 *      transaction with the COUNT reservations), against bulk key
 *      derivation and key schedules of the same N keys (a3_derive_bulk,
 *      a3_keyset_init, as bench_a3 measures it), back to back in each
 *      round; the ratio is the median of the rounds' own. Then the same over
 *      the admin socket with gwctl ue import, end to end.
 *   2. add latency: one ue.add (its request text parsed and handled, as the
 *      admin thread does) until a worker-side bulk lookup spinning on the
 *      other CPU finds the UE; p50, p99, max. In process on a fresh store,
 *      again after the import rounds, then over the socket.
 *   3. churn: the pipeline on the worker lcore (as bench_gw: DARs of random
 *      UEs, 32 a burst, the burst function timed, quiescence reported after
 *      each burst) while one thread, pinned to the other CPU, is the admin's
 *      one writer: ue.update, ue.rekey, ue.add and ue.delete at a steady rate
 *      and an scs.update (a rate) once a second. Rounds with and without
 *      churn alternate; the ratio is the median of each pair's own. A third
 *      round in each, the other CPU busy with arithmetic alone, measures
 *      what the two vCPUs' sharing costs the worker by itself.
 *
 * Order: 2 and 3 on a fresh store, then 1, then 2 again (the store after
 * the import rounds' deletes), then 2 and 1 through the socket.
 *
 * The admin thread of the gateway is not started (opts.no_api) until the
 * socket phases: before them the bench's own thread is the one writer, as
 * the admin thread would be; nothing else writes the tables (the COUNT
 * thread moves reservations only, as in the gateway).
 *
 *   bench_admin [--quick] [--ues N] [--import N] [--rounds R] [--adds N]
 *               [--pairs P] [--round-ms MS] [--churn-rate N] [--gwctl PATH]
 *               [--dir DIR] [--json FILE]
 *
 * --dir is where the gateway's files and its LMDB store go (default /tmp):
 * each admin change is a durable commit, so the add latency is mostly the
 * file system's sync.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "app.h"
#include "bench_frames.h"
#include "bench_tsc.h"
#include "dar_build.h"
#include "frame_build.h"

#define IMPORT_BATCH 4096
#define MAX_ROUNDS 64
/* UE numbers: the traffic's from 0, then each phase's own range. */
#define BASE_IMPORT 1000000u
#define BASE_LAT 4000000u
#define BASE_LAT_SOCK 4500000u
#define BASE_CHURN 5000000u
#define CHURN_POOL 8192u   /* extra UEs added and deleted in turn */
#define CHURN_LIVE 1024u   /* of them in force at any time */
#define CHURN_BATCH_MAX 512u

static struct gw_app app;
static double hz;
static uint64_t rng = 88172645463325252ull;

static inline uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

struct opts {
	unsigned int ues, import_n, rounds, adds, pairs, round_ms, churn_rate;
	const char *gwctl, *dir, *json;
	bool quick;
};
static struct opts o = { .ues = 1000, .import_n = 200000, .rounds = 5, .adds = 1000,
			 .pairs = 8, .round_ms = 1000, .churn_rate = 10000, .dir = "/tmp" };
static char dir[512], api_sock[600], import_file[600];

/* ---- provisioning lines --------------------------------------------------- */

static void
hex32(char *out, const uint8_t *k)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", k[i]);
}

/* The eea/eia of an imported UE: the nine pairs in turn. */
static inline uint8_t eea_of(unsigned int i) { return (uint8_t)(1 + i % 3); }
static inline uint8_t eia_of(unsigned int i) { return (uint8_t)(1 + i / 3 % 3); }

static int
ue_line(char *out, size_t cap, unsigned int u, const uint8_t *k, uint8_t eea, uint8_t eia)
{
	char kh[65];

	hex32(kh, k);
	return snprintf(out, cap, "{\"ue\": \"00101%010u\", \"external_id\": \"" BENCH_EXT_FMT "\", "
			"\"msisdn\": \"1555%07u\", \"k_iwf\": \"%s\", \"ksi\": 1, \"eea\": %u, "
			"\"eia\": %u, \"groups\": [\"g\"]}", u, u, u, kh, eea, eia);
}

static void
rand_key(uint8_t *k)
{
	for (int i = 0; i < 32; i += 4) {
		uint32_t r = next_rand();

		memcpy(k + i, &r, 4);
	}
}

static uint8_t (*import_keys)[32];

static int
write_inputs(void)
{
	char path[700], line[512];
	FILE *f;
	uint8_t k[32];
	unsigned int max = o.ues + o.import_n + 2 * o.adds + CHURN_POOL + 4096;

	snprintf(path, sizeof(path), "%s/provision.jsonl", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	/* The SCS of bench_gw, its groups g (every UE's) and h (some UEs'
	 * now and then, under churn). */
	fprintf(f, "{\"scs\": \"bench\", \"sources\": [\"198.18.0.0/16\"], \"groups\": [\"g\", \"h\"], "
		   "\"identities\": [\"^\\\\+1555\"], \"require_identity\": true, "
		   "\"deny_payload\": [\"(?i)shutdown\"], \"rate\": 1000000000, "
		   "\"burst\": 1000000}\n");
	for (unsigned int i = 0; i < o.ues; i++) {
		rand_key(k);
		ue_line(line, sizeof(line), i, k, 2, 2);
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/gw.json", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	fprintf(f, "{\"origin_host\": \"iwf.example\", \"origin_realm\": \"example\",\n"
		   " \"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.1\", \"udp_port\": 3868},\n"
		   " \"t4\": {\"port\": 0, \"peer_ipv4\": \"198.18.1.2\", "
		   "\"peer_mac\": \"02:00:00:00:01:02\", \"peer_udp_port\": 3868, "
		   "\"destination_realm\": \"smsc.example\"},\n"
		   " \"max_ues\": %u, \"api_socket\": \"%s\",\n"
		   " \"data_dir\": \"%s/data\", \"provision\": \"provision.jsonl\"}\n", max, api_sock,
		dir);
	fclose(f);
	/* The file imported into the running gateway: UE lines only. */
	import_keys = malloc((size_t)o.import_n * 32);
	f = fopen(import_file, "w");
	if (import_keys == NULL || f == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < o.import_n; i++) {
		rand_key(import_keys[i]);
		ue_line(line, sizeof(line), BASE_IMPORT + i, import_keys[i], eea_of(i), eia_of(i));
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	return 0;
}

/* ---- the writer thread and the socket client ----------------------------- */

static int
pin_self(int cpu)
{
	cpu_set_t s;

	if (cpu < 0 || cpu >= (int)sysconf(_SC_NPROCESSORS_ONLN))
		return -1;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	return pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}

/* Runs fn on a thread pinned to CPU 1 (the admin's side), the caller's
 * thread (the EAL lcore on CPU 0) doing loop until it returns. */
struct side {
	void *(*fn)(void *);
	void *arg;
	volatile bool done;
};

static void *
side_main(void *p)
{
	struct side *s = p;

	pin_self(1);
	s->fn(s->arg);
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
	return NULL;
}

static void
run_beside(void *(*fn)(void *), void *arg, void (*loop)(struct side *))
{
	struct side s = { fn, arg, false };
	pthread_t t;

	if (pthread_create(&t, NULL, side_main, &s) != 0)
		exit(2);
	if (loop)
		loop(&s);
	pthread_join(t, NULL);
}

/* One request to the admin in process: its text parsed, then handled, as
 * the admin thread handles a line from its socket. Returns whether ok. */
static bool
handle_text(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *req = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *ans;
	bool ok;

	if (req == NULL) {
		snprintf(err, errlen, "not JSON: %s", jerr.text);
		return false;
	}
	ans = admin_handle(app.admin, req);
	json_decref(req);
	ok = json_is_true(json_object_get(ans, "ok"));
	if (!ok && err) {
		const char *m = json_string_value(json_object_get(json_object_get(ans, "error"),
								  "message"));
		snprintf(err, errlen, "%s", m ? m : "refused");
	}
	json_decref(ans);
	return ok;
}

struct client {
	int fd;
	char buf[1 << 16];
	size_t len;
};

static int
client_open(struct client *c)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	c->len = 0;
	if (strlen(api_sock) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	memcpy(a.sun_path, api_sock, strlen(api_sock) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		return -errno;
	return 0;
}

/* Sends one request line, reads one answer line: whether ok. */
static bool
client_call(struct client *c, const char *text, size_t len, char *err, size_t errlen)
{
	size_t off = 0;
	char *nl;

	while (off < len) {
		ssize_t n = write(c->fd, text + off, len - off);

		if (n <= 0)
			return snprintf(err, errlen, "write: %s", strerror(errno)), false;
		off += (size_t)n;
	}
	if (write(c->fd, "\n", 1) != 1)
		return snprintf(err, errlen, "write: %s", strerror(errno)), false;
	while ((nl = memchr(c->buf, '\n', c->len)) == NULL) {
		ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

		if (n <= 0)
			return snprintf(err, errlen, "read: %s", n ? strerror(errno) : "closed"),
			       false;
		c->len += (size_t)n;
	}
	bool ok = memmem(c->buf, (size_t)(nl - c->buf), "\"ok\":true", 9) != NULL ||
		  memmem(c->buf, (size_t)(nl - c->buf), "\"ok\": true", 10) != NULL;
	if (!ok)
		snprintf(err, errlen, "%.*s", (int)(nl - c->buf) < 400 ? (int)(nl - c->buf) : 400,
			 c->buf);
	c->len -= (size_t)(nl + 1 - c->buf);
	memmove(c->buf, nl + 1, c->len);
	return ok;
}

/* Deletes UEs first .. first + n - 1 in batches of IMPORT_BATCH, in process
 * or through c. */
static void
delete_range(unsigned int first, unsigned int n, struct client *c)
{
	size_t cap = 64 + (size_t)IMPORT_BATCH * 64;
	char *req = malloc(cap), err[512];

	for (unsigned int b = 0; b < n; b += IMPORT_BATCH) {
		size_t len = (size_t)snprintf(req, cap, "{\"v\":1,\"op\":\"batch\",\"ops\":[");

		for (unsigned int i = b; i < n && i < b + IMPORT_BATCH; i++)
			len += (size_t)snprintf(req + len, cap - len,
						"%s{\"op\":\"ue.delete\",\"data\":{\"ue\":\"00101%010u\"}}",
						i > b ? "," : "", first + i);
		len += (size_t)snprintf(req + len, cap - len, "]}");
		if (!(c ? client_call(c, req, len, err, sizeof(err))
			: handle_text(req, len, err, sizeof(err)))) {
			fprintf(stderr, "bench_admin: delete: %s\n", err);
			exit(2);
		}
		if (!c)
			admin_reclaim(app.admin, false);
	}
	free(req);
}

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

struct import_res {
	double imp_s[MAX_ROUNDS], der_s[MAX_ROUNDS];
	double ratio;        /* median of der_s / imp_s */
	double imp_rate, der_rate; /* UEs/s, from the fastest rounds */
	uint64_t count_bound; /* of the last UE imported, read back */
	bool sock;           /* through gwctl and the socket */
	int rounds;
	bool ok;
};

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

static void *
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

/* ---- 2. add latency ----------------------------------------------------- */

static uint64_t want_key;  /* the key the spinner looks for; 0: none */
static uint64_t seen_tsc;  /* when it found it */
static uint64_t traffic_keys[GW_BURST];

/* The worker's side: bulk lookups of a burst's keys, the awaited one among
 * them, quiescence reported after each, as a worker does. */
static void
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

struct lat_res {
	bool sock, ok;
	double p50, p99, max, ret_p50, ret_p99; /* microseconds */
};

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

static void *
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

/* ---- 3. the pipeline under churn ------------------------------------------ */

static double
round_pipeline(const struct bench_tmpl *t, uint64_t *delivered, uint64_t *triggers)
{
	struct gw_worker *w = &app.workers[0];
	struct rte_mbuf *m[GW_BURST];
	uint64_t cycles = 0, n = 0, before = w->gc.v[GW_CTR_dtr_sent];
	uint64_t end = bench_tsc() + (uint64_t)(hz * o.round_ms / 1000);

	rte_rcu_qsbr_thread_online(app.gw.qs, 0);
	do {
		for (int b = 0; b < 64; b++) {
			if (rte_pktmbuf_alloc_bulk(app.rt.pool, m, GW_BURST) != 0)
				exit(3);
			for (int i = 0; i < GW_BURST; i++) {
				bench_frame_for(t, rte_pktmbuf_mtod(m[i], uint8_t *), next_rand() % o.ues);
				m[i]->data_len = m[i]->pkt_len = (uint32_t)t->len;
			}
			uint64_t t0 = bench_tsc();
			gw_burst(w, &app.rt.tsp, m, GW_BURST);
			cycles += bench_tsc() - t0;
			rte_rcu_qsbr_quiescent(app.gw.qs, 0);
			n += GW_BURST;
		}
	} while (bench_tsc() < end);
	rte_rcu_qsbr_thread_offline(app.gw.qs, 0);
	*delivered += w->gc.v[GW_CTR_dtr_sent] - before;
	*triggers += n;
	return (double)cycles / (double)n;
}

/* What the other CPU does during a pipeline round. */
enum { CH_OFF, CH_ON, CH_BURN };

struct churn {
	int on;                  /* atomic, set by the lcore: CH_* */
	bool stop;               /* atomic */
	/* the churn thread's own */
	uint64_t ops, batches, policies, failed;
	double on_s;             /* seconds churning */
	double cpu_s;            /* of them, on the CPU */
	uint64_t commit_max;     /* cycles of the longest batch */
	char err[512];
	uint8_t *ksi;            /* [ues]: each traffic UE's key set */
	uint64_t burn_sink;
	unsigned int cursor, add_next, del_next;
};

/* One churn operation (number c of all) into the batch text. */
static size_t
churn_op(struct churn *ch, uint64_t c, char *out, size_t cap)
{
	char line[512], kh[65];
	uint8_t k[32];
	unsigned int u;

	switch (c % 10) {
	case 0: case 1: case 2: case 3: /* groups g, or g and h */
		u = ch->cursor++ % o.ues;
		return (size_t)snprintf(out, cap, "{\"op\":\"ue.update\",\"data\":{\"ue\":"
					"\"00101%010u\",\"groups\":%s}}", u,
					c / 10 % 2 ? "[\"g\",\"h\"]" : "[\"g\"]");
	case 4: case 5:
		u = ch->cursor++ % o.ues;
		ch->ksi[u] = ch->ksi[u] == 1 ? 2 : 1;
		rand_key(k);
		hex32(kh, k);
		return (size_t)snprintf(out, cap, "{\"op\":\"ue.rekey\",\"data\":{\"ue\":"
					"\"00101%010u\",\"ksi\":%u,\"k_iwf\":\"%s\"}}", u,
					ch->ksi[u], kh);
	case 6: case 7:
		u = BASE_CHURN + ch->add_next++ % CHURN_POOL;
		rand_key(k);
		ue_line(line, sizeof(line), u, k, 2, 2);
		return (size_t)snprintf(out, cap, "{\"op\":\"ue.add\",\"data\":%s}", line);
	default:
		u = BASE_CHURN + ch->del_next++ % CHURN_POOL;
		return (size_t)snprintf(out, cap, "{\"op\":\"ue.delete\",\"data\":{\"ue\":"
					"\"00101%010u\"}}", u);
	}
}

/* The admin's one writer: while on, the changes due at churn_rate since
 * churn began, in one batch per pass (a batch is one durable commit: the
 * slower the commit, the more changes the next one carries), and an
 * scs.update of the rate once a second. */
static void *
churn_main(void *p)
{
	struct churn *ch = p;
	size_t cap = 64 + (size_t)CHURN_BATCH_MAX * 300;
	char *req = malloc(cap), pol[200];
	uint64_t c = 0;

	/* The extra UEs in force before the deletes start. */
	while (ch->add_next - ch->del_next < CHURN_LIVE && req) {
		size_t len = (size_t)snprintf(req, cap, "{\"v\":1,\"op\":\"batch\",\"ops\":[");

		for (unsigned int i = 0; i < 256; i++) {
			len += churn_op(ch, 6, req + len, cap - len);
			req[len++] = ',';
		}
		len--;
		len += (size_t)snprintf(req + len, cap - len, "]}");
		if (!handle_text(req, len, ch->err, sizeof(ch->err))) {
			ch->failed++;
			return NULL;
		}
	}
	while (req && !__atomic_load_n(&ch->stop, __ATOMIC_ACQUIRE)) {
		uint64_t start, done = 0, next_pol, last;

		int mode = __atomic_load_n(&ch->on, __ATOMIC_ACQUIRE);

		if (mode == CH_BURN) {
			/* The control: the other CPU busy with arithmetic alone,
			 * touching nothing the worker reads. */
			uint64_t x = 1;

			while (__atomic_load_n(&ch->on, __ATOMIC_RELAXED) == CH_BURN)
				for (int i = 0; i < 100000; i++)
					x = x * 6364136223846793005ull + 1442695040888963407ull;
			ch->burn_sink += x;
			continue;
		}
		if (mode != CH_ON) {
			usleep(500);
			continue;
		}
		struct timespec c0, c1;

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
		start = last = bench_tsc();
		next_pol = start;
		while (__atomic_load_n(&ch->on, __ATOMIC_ACQUIRE) == CH_ON) {
			uint64_t now = bench_tsc(), due;

			if (now >= next_pol) {
				int len = snprintf(pol, sizeof(pol), "{\"v\":1,\"op\":\"scs.update\","
						   "\"data\":{\"scs\":\"bench\",\"rate\":%lu}}",
						   1000000000ul - ch->policies % 2);

				if (!handle_text(pol, (size_t)len, ch->err, sizeof(ch->err)))
					ch->failed++;
				ch->policies++;
				next_pol += (uint64_t)hz;
			}
			due = (uint64_t)((double)(now - start) / hz * o.churn_rate) - done;
			if (due == 0) {
				usleep(100);
				continue;
			}
			due = due > CHURN_BATCH_MAX ? CHURN_BATCH_MAX : due;
			size_t len = (size_t)snprintf(req, cap, "{\"v\":1,\"op\":\"batch\",\"ops\":[");

			for (uint64_t i = 0; i < due; i++) {
				if (i > 0)
					req[len++] = ',';
				len += churn_op(ch, c++, req + len, cap - len);
			}
			len += (size_t)snprintf(req + len, cap - len, "]}");
			uint64_t t0 = bench_tsc();
			if (!handle_text(req, len, ch->err, sizeof(ch->err)))
				ch->failed++;
			uint64_t d = bench_tsc() - t0;
			ch->commit_max = d > ch->commit_max ? d : ch->commit_max;
			admin_reclaim(app.admin, false);
			done += due;
			ch->ops += due;
			ch->batches++;
			last = bench_tsc();
		}
		ch->on_s += (double)(last - start) / hz;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
		ch->cpu_s += (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) * 1e-9;
	}
	free(req);
	return NULL;
}

struct churn_res {
	/* cycles per trigger: without churn, with it, with CPU 1 busy alone */
	double off[MAX_ROUNDS], on[MAX_ROUNDS], burn[MAX_ROUNDS];
	double ratio;      /* median of off / on */
	double burn_ratio; /* median of off / burn */
	double off_min, on_min, burn_min;
	uint64_t delivered, triggers;
	struct churn ch;
};

static struct churn_res *churn_res;
static const struct bench_tmpl *churn_tmpl;

/* Each pair's rounds in turn (off, on, then on, off, ...), and a round with
 * the other CPU busy alone after them. */
static void
churn_rounds(struct side *s)
{
	struct churn_res *r = churn_res;

	(void)s;
	for (unsigned int p = 0; p < o.pairs; p++) {
		for (int k = 0; k < 3; k++) {
			int mode = k == 2 ? CH_BURN : (k == 0) == (p % 2 == 1) ? CH_ON : CH_OFF;

			__atomic_store_n(&r->ch.on, mode, __ATOMIC_RELEASE);
			usleep(20000);
			double cyc = round_pipeline(churn_tmpl, &r->delivered, &r->triggers);

			(mode == CH_ON ? r->on : mode == CH_OFF ? r->off : r->burn)[p] = cyc;
		}
	}
	__atomic_store_n(&r->ch.on, CH_OFF, __ATOMIC_RELEASE);
	__atomic_store_n(&r->ch.stop, true, __ATOMIC_RELEASE);
}

/* ---- report --------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: bench_admin [--quick] [--ues N] [--import N] [--rounds R] "
		"[--adds N] [--pairs P] [--round-ms MS] [--churn-rate N] [--gwctl PATH] "
		"[--dir DIR] [--json FILE]\n");
}

static const char *
met(bool m)
{
	return m ? "met" : "not met";
}

int
main(int argc, char **argv)
{
	char cfg[700], mem[16];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--quick")) {
			o.quick = true;
			o.import_n = 20000;
			o.rounds = 3;
			o.adds = 200;
			o.pairs = 3;
			o.round_ms = 400;
			continue;
		}
		if (v == NULL) {
			usage();
			return 2;
		}
		i++;
		if (!strcmp(a, "--ues"))
			o.ues = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--import"))
			o.import_n = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--rounds"))
			o.rounds = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--adds"))
			o.adds = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--pairs"))
			o.pairs = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--round-ms"))
			o.round_ms = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--churn-rate"))
			o.churn_rate = (unsigned int)strtoul(v, NULL, 10);
		else if (!strcmp(a, "--gwctl"))
			o.gwctl = v;
		else if (!strcmp(a, "--dir"))
			o.dir = v;
		else if (!strcmp(a, "--json"))
			o.json = v;
		else {
			usage();
			return 2;
		}
	}
	if (o.ues < GW_BURST || o.ues >= BASE_IMPORT || o.import_n == 0 ||
	    o.import_n > BASE_LAT - BASE_IMPORT || o.rounds < 1 || o.rounds > MAX_ROUNDS ||
	    o.adds == 0 || o.adds > BASE_LAT_SOCK - BASE_LAT || o.pairs < 1 ||
	    o.pairs > MAX_ROUNDS || o.round_ms == 0 || o.churn_rate == 0) {
		usage();
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/mtc-bench-admin-XXXXXX", o.dir);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	snprintf(api_sock, sizeof(api_sock), "%s/api.sock", dir);
	snprintf(import_file, sizeof(import_file), "%s/import.jsonl", dir);
	unsigned int max = o.ues + o.import_n + 2 * o.adds + CHURN_POOL + 4096;
	snprintf(mem, sizeof(mem), "%u", 512 + max / 1000 * 2);
	/* The worker on CPU 0 (lcore 0); the admin's writer, the COUNT thread
	 * and the admin thread on CPU 1. */
	char *eal[] = { argv[0], "--no-huge", "-m", mem, "--no-pci", "-l", "0", "--no-shconf",
			"--log-level=*:error", "--vdev=net_null0", NULL };
	if (rte_eal_init(10, eal) < 0 || write_inputs() != 0)
		return 2;
	hz = (double)rte_get_tsc_hz();
	snprintf(cfg, sizeof(cfg), "%s/gw.json", dir);
	app.opts = (struct gw_opts){ .config = cfg, .quiet = true, .no_api = true };
	uint64_t t0 = bench_tsc();
	if (gw_app_start(&app) != 0)
		return 2;
	double load_s = (double)(bench_tsc() - t0) / hz;
	{
		const struct ue_keyer *kr = ue_table_keyer(app.gw.ues);
		char ext[64];

		for (int i = 0; i < GW_BURST; i++) {
			int n = snprintf(ext, sizeof(ext), BENCH_EXT_FMT, next_rand() % o.ues);

			traffic_keys[i] = ue_key_extid(kr, ext, (size_t)n);
		}
	}

	/* The admin thread started and stopped once: a running gateway's
	 * JSON allocations wipe what they free from then on (request text
	 * holds keys), in process too. */
	char err[512];

	if (admin_start(app.admin, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_admin: admin socket: %s\n", err);
		return 2;
	}
	admin_stop(app.admin);

	/* In process, the bench's thread the admin's one writer: the add
	 * latency and the churn on a fresh store, then the import rounds
	 * (which leave the store with N UEs deleted per round), then the add
	 * latency again. */
	static struct import_res imp, imp_sock;
	static struct lat_res lat, lat_after, lat_sock;
	static struct churn_res ch;
	static struct bench_tmpl t;
	bool ok;

	run_beside(lat_main, &lat, spin);
	bench_tmpl_make(&t, &app.rt.tsp.wif.mac);
	churn_tmpl = &t;
	churn_res = &ch;
	ch.ch.ksi = malloc(o.ues);
	memset(ch.ch.ksi, 1, o.ues);
	run_beside(churn_main, &ch.ch, churn_rounds);
	ch.ratio = bench_ratio_median(ch.off, ch.on, (int)o.pairs);
	ch.burn_ratio = bench_ratio_median(ch.off, ch.burn, (int)o.pairs);
	ch.burn_min = bench_min(ch.burn, (int)o.pairs);
	ch.off_min = bench_min(ch.off, (int)o.pairs);
	ch.on_min = bench_min(ch.on, (int)o.pairs);
	if (ch.ch.failed)
		fprintf(stderr, "bench_admin: churn: %lu request(s) refused: %s\n",
			(unsigned long)ch.ch.failed, ch.ch.err);
	imp.rounds = (int)o.rounds;
	run_beside(import_main, &imp, NULL);
	run_beside(lat_main, &lat_after, spin);
	ok = imp.ok && lat.ok && lat_after.ok && ch.ch.failed == 0 &&
	     ch.delivered == ch.triggers;

	/* Then through the socket, the gateway's admin thread the writer. */
	bool sock = false;

	if (admin_start(app.admin, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_admin: admin socket: %s\n", err);
		ok = false;
	} else {
		sock = true;
		lat_sock.sock = true;
		run_beside(lat_main, &lat_sock, spin);
		ok = ok && lat_sock.ok;
		if (o.gwctl) {
			imp_sock.sock = true;
			imp_sock.rounds = (int)o.rounds;
			run_beside(import_main, &imp_sock, NULL);
			ok = ok && imp_sock.ok;
		}
	}

	double derive_rate = imp.der_rate;
	bool t1 = imp.ok && imp.ratio >= 0.60, t2 = lat.ok && lat.p99 <= 1000.0,
	     t3 = ch.ratio >= 0.90;

	printf("live control plane: %u traffic UEs, TSC %.2f GHz, store in %s%s\n", o.ues,
	       hz / 1e9, o.dir, o.quick ? " (--quick)" : "");
	printf("  start-up with the provisioning file: %.2f s\n", load_s);
	printf("1. import of %u UEs into the running gateway, %u rounds (UEs/s: fastest round; "
	       "ratios: median of the rounds' own)\n", o.import_n, o.rounds);
	printf("  admin_import_file:           %9.0f UEs/s\n", imp.imp_rate);
	if (o.gwctl && imp_sock.ok)
		printf("  gwctl ue import (socket):    %9.0f UEs/s, %.1f%% of derivation\n",
		       imp_sock.imp_rate, 100 * imp_sock.ratio);
	printf("  bulk derivation + schedules: %9.0f UEs/s\n", derive_rate);
	printf("  COUNT bound of the last UE imported, read back: %lu\n",
	       (unsigned long)imp.count_bound);
	printf("  target: import >= 60%% of bulk derivation: %.1f%% %s\n", 100 * imp.ratio,
	       met(t1));
	printf("2. one ue.add until a worker's bulk lookup finds it, %u adds (microseconds)\n",
	       o.adds);
	printf("  %-22s %8s %8s %8s   %s\n", "", "p50", "p99", "max", "answered: p50 p99");
	printf("  %-22s %8.0f %8.0f %8.0f   %.0f %.0f\n", "in process", lat.p50, lat.p99,
	       lat.max, lat.ret_p50, lat.ret_p99);
	printf("  %-22s %8.0f %8.0f %8.0f   %.0f %.0f\n", "after the import rounds",
	       lat_after.p50, lat_after.p99, lat_after.max, lat_after.ret_p50, lat_after.ret_p99);
	if (sock)
		printf("  %-22s %8.0f %8.0f %8.0f   %.0f %.0f\n", "socket (after them)",
		       lat_sock.p50, lat_sock.p99, lat_sock.max, lat_sock.ret_p50,
		       lat_sock.ret_p99);
	printf("  target: p99 <= 1000 us: %.0f us %s\n", lat.p99, met(t2));
	printf("3. pipeline under churn, %u triplets of %u ms rounds (cycles per trigger: "
	       "fastest; ratios: median of the triplets' own)\n", o.pairs, o.round_ms);
	printf("  churn: %.0f changes/s in %lu batches (longest %.1f ms), %lu policy "
	       "republications; the churn thread on the CPU %.0f%% of the time\n",
	       ch.ch.on_s > 0 ? ch.ch.ops / ch.ch.on_s : 0, (unsigned long)ch.ch.batches,
	       ch.ch.commit_max * 1e3 / hz, (unsigned long)ch.ch.policies,
	       ch.ch.on_s > 0 ? 100 * ch.ch.cpu_s / ch.ch.on_s : 0);
	printf("  without churn:             %5.0f cycles, %.0f triggers/s\n", ch.off_min,
	       hz / ch.off_min);
	printf("  with churn:                %5.0f cycles, %.0f triggers/s\n", ch.on_min,
	       hz / ch.on_min);
	printf("  other CPU busy, no churn:  %5.0f cycles, %.0f triggers/s: %.1f%% of without\n",
	       ch.burn_min, hz / ch.burn_min, 100 * ch.burn_ratio);
	printf("  delivered %lu of %lu triggers\n", (unsigned long)ch.delivered,
	       (unsigned long)ch.triggers);
	printf("  target: with churn >= 90%% of without: %.1f%% %s\n", 100 * ch.ratio, met(t3));
	if (o.json) {
		FILE *f = fopen(o.json, "w");

		if (f) {
			fprintf(f, "{\"ues\":%u,\"tsc_hz\":%.0f,\"quick\":%s,\"load_s\":%.3f,"
				   "\"import\":{\"n\":%u,\"rounds\":%u,\"admin_ues_per_s\":%.0f,"
				   "\"derive_ues_per_s\":%.0f,\"ratio\":%.4f,\"gwctl_ues_per_s\":%.0f,"
				   "\"gwctl_ratio\":%.4f,\"count_bound\":%lu,\"target\":0.60,"
				   "\"met\":%s},",
				o.ues, hz, o.quick ? "true" : "false", load_s, o.import_n, o.rounds,
				imp.imp_rate, derive_rate, imp.ratio, imp_sock.imp_rate,
				imp_sock.ratio, (unsigned long)imp.count_bound, t1 ? "true" : "false");
			fprintf(f, "\"add_latency_us\":{\"adds\":%u,\"p50\":%.1f,\"p99\":%.1f,"
				   "\"max\":%.1f,\"answered_p50\":%.1f,\"answered_p99\":%.1f,"
				   "\"after_import_p50\":%.1f,\"after_import_p99\":%.1f,"
				   "\"after_import_max\":%.1f,"
				   "\"socket_p50\":%.1f,\"socket_p99\":%.1f,\"socket_max\":%.1f,"
				   "\"target_p99\":1000,\"met\":%s},",
				o.adds, lat.p50, lat.p99, lat.max, lat.ret_p50, lat.ret_p99,
				lat_after.p50, lat_after.p99, lat_after.max,
				lat_sock.p50, lat_sock.p99, lat_sock.max, t2 ? "true" : "false");
			fprintf(f, "\"churn\":{\"pairs\":%u,\"round_ms\":%u,\"changes_per_s\":%.0f,"
				   "\"batches\":%lu,\"policies\":%lu,\"churn_cpu_share\":%.3f,"
				   "\"off_cycles\":%.1f,\"on_cycles\":%.1f,\"busy_cycles\":%.1f,"
				   "\"ratio\":%.4f,\"busy_ratio\":%.4f,\"delivered\":%lu,"
				   "\"triggers\":%lu,\"target\":0.90,\"met\":%s}}\n",
				o.pairs, o.round_ms, ch.ch.on_s > 0 ? ch.ch.ops / ch.ch.on_s : 0,
				(unsigned long)ch.ch.batches, (unsigned long)ch.ch.policies,
				ch.ch.on_s > 0 ? ch.ch.cpu_s / ch.ch.on_s : 0,
				ch.off_min, ch.on_min, ch.burn_min, ch.ratio, ch.burn_ratio,
				(unsigned long)ch.delivered, (unsigned long)ch.triggers,
				t3 ? "true" : "false");
			fclose(f);
		}
	}
	gw_app_stop(&app);
	rte_eal_cleanup();
	char rm[700];
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "bench_admin: could not remove %s\n", dir);
	free(import_keys);
	free(ch.ch.ksi);
	if (!ok)
		return 2;
	return t1 && t2 && t3 ? 0 : 1;
}
