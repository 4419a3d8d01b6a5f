/* SPDX-License-Identifier: BSD-3-Clause */
/* mtc-gw: the modules in the order they start, and the stop in reverse. */
#ifndef MTC_GW_APP_H
#define MTC_GW_APP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "admin.h"
#include "config.h"
#include "count_store.h"
#include "ctl_thread.h"
#include "gw.h"
#include "policy.h"

struct MHD_Daemon;

struct gw_opts {
	const char *config;
	unsigned int stats_s;  /* periodic statistics line; 0: none */
	unsigned int duration_s; /* stop by itself after this long; 0: run until signalled */
	bool quiet;
	bool no_api; /* no admin socket (the pipeline's tests and benchmark) */
	bool check;  /* --check: validate and exit */
};

struct gw_app {
	struct gw_opts opts;
	struct gw_config cfg;
	struct gw_runtime rt; /* read-only once the workers run */
	struct gw_shared gw;  /* the tables the workers share */
	struct gw_worker *workers;
	struct policy_builder *reg; /* the SCS registry until the admin takes it */
	struct admin *admin;  /* the one writer of the tables once started */
	char api_socket[PATH_MAX];
	struct count_store *cs;
	struct keywrap_master master; /* keys at rest are wrapped under it */
	bool has_master;
	struct ctl_thread ctl;
	bool ports_started;
	bool ctl_started;
	struct MHD_Daemon *prom; /* Prometheus over HTTP; NULL when not configured */
};

/* Parses the options after EAL's. Returns 0, or -1 after a message. */
int gw_opts_parse(int argc, char **argv, struct gw_opts *o);
/* The gateway's own options (also shown by EAL's --help). */
void gw_usage(FILE *f);
/* --check: the configuration and the provisioning file checked as a start
 * would, without ports, store or workers. Returns 0, or -errno after a
 * message naming the file, line and reason. */
int gw_app_check(struct gw_app *a);

/* Everything before the first packet. Returns 0, or -errno after a message
 * that says what is wrong. */
int gw_app_start(struct gw_app *a);
/* Stops the ports (pcap output complete), prints the counters, frees. */
void gw_app_stop(struct gw_app *a);

/* Ports: configured with one RX and one TX queue per worker, started. */
int gw_ports_start(struct gw_app *a);
void gw_ports_stop(struct gw_app *a);

/* The counters of one worker, or summed over all when worker is -1 (relaxed
 * loads: any thread). */
void gw_stats_sum(const struct gw_app *a, int worker, struct wire_counters *wc,
		  struct gw_counters *gc);
/* What the admin API answers for stats, counters, health and config.show. */
struct admin_hooks gw_api_hooks(struct gw_app *a);

/* Counters summed over the workers: one line, or the full table. */
void gw_stats_line(void *arg);
void gw_stats_final(const struct gw_app *a);
/* TSC of the first frame any worker received; 0 before. Any thread. */
uint64_t gw_first_rx_tsc(const struct gw_app *a);

/*
 * Metrics (telemetry.c, prom.c): DPDK telemetry commands under /mtcgw/ and,
 * when the configuration names an address, Prometheus text over HTTP.
 * Start: after the control thread; returns 0, or -errno after a message
 * naming the address and the reason. Stop: before anything it reads goes
 * (waits for a callback in progress); safe when never started.
 */
int gw_metrics_start(struct gw_app *a);
void gw_metrics_stop(struct gw_app *a);

/* Inside the metrics modules. */
int gw_prom_start(struct gw_app *a);
void gw_prom_stop(struct gw_app *a);
/* The Prometheus body (malloc'ed; NULL when out of memory). */
char *gw_prom_body(const struct gw_app *a, size_t *len);
/* The ports in use (1 or 2) into ids; the name and kind of SCS counter i. */
unsigned int gw_metrics_ports(const struct gw_app *a, uint16_t ids[2]);
const char *gw_scs_ctr_name(unsigned int i);
const char *gw_scs_ctr_kind(unsigned int i);

#endif
