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
#include "bench_admin.h"

struct gw_app app;
double hz;
struct opts o = { .ues = 1000, .import_n = 200000, .rounds = 5, .adds = 1000,
		  .pairs = 8, .round_ms = 1000, .churn_rate = 10000, .dir = "/tmp" };
char dir[512], api_sock[600], import_file[600];

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
