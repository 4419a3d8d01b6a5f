/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_admin: the pipeline under churn. */
#include "bench_admin.h"

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
void *
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


struct churn_res *churn_res;
const struct bench_tmpl *churn_tmpl;

/* Each pair's rounds in turn (off, on, then on, off, ...), and a round with
 * the other CPU busy alone after them. */
void
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
