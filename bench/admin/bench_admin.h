/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to bench/admin: what the phases of bench_admin share. */
#ifndef MTC_BENCH_ADMIN_H
#define MTC_BENCH_ADMIN_H

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

struct opts {
	unsigned int ues, import_n, rounds, adds, pairs, round_ms, churn_rate;
	const char *gwctl, *dir, *json;
	bool quick;
};

extern struct gw_app app;
extern double hz;
extern struct opts o;
extern char dir[512], api_sock[600], import_file[600];
extern uint8_t (*import_keys)[32];
extern uint64_t traffic_keys[GW_BURST];
struct churn_res;
extern struct churn_res *churn_res;       /* the churn rounds' figures */
extern const struct bench_tmpl *churn_tmpl; /* the traffic's frame */

uint32_t next_rand(void);
static inline uint8_t eea_of(unsigned int i) { return (uint8_t)(1 + i % 3); }
static inline uint8_t eia_of(unsigned int i) { return (uint8_t)(1 + i / 3 % 3); }

/* Runs fn on a thread pinned to CPU 1 (the admin's side), the caller's
 * thread (the EAL lcore on CPU 0) doing loop until it returns. */
struct side {
	void *(*fn)(void *);
	void *arg;
	volatile bool done;
};

struct client {
	int fd;
	char buf[1 << 16];
	size_t len;
};

struct import_res {
	double imp_s[MAX_ROUNDS], der_s[MAX_ROUNDS];
	double ratio;        /* median of der_s / imp_s */
	double imp_rate, der_rate; /* UEs/s, from the fastest rounds */
	uint64_t count_bound; /* of the last UE imported, read back */
	bool sock;           /* through gwctl and the socket */
	int rounds;
	bool ok;
};

struct lat_res {
	bool sock, ok;
	double p50, p99, max, ret_p50, ret_p99; /* microseconds */
};

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

struct churn_res {
	/* cycles per trigger: without churn, with it, with CPU 1 busy alone */
	double off[MAX_ROUNDS], on[MAX_ROUNDS], burn[MAX_ROUNDS];
	double ratio;      /* median of off / on */
	double burn_ratio; /* median of off / burn */
	double off_min, on_min, burn_min;
	uint64_t delivered, triggers;
	struct churn ch;
};

/* bench_admin_io.c: provisioning lines, the writer thread, the socket client */
void hex32(char *out, const uint8_t *k);
int ue_line(char *out, size_t cap, unsigned int u, const uint8_t *k, uint8_t eea, uint8_t eia);
void rand_key(uint8_t *k);
int write_inputs(void);
bool handle_text(const char *text, size_t len, char *err, size_t errlen);
int client_open(struct client *c);
bool client_call(struct client *c, const char *text, size_t len, char *err, size_t errlen);
void delete_range(unsigned int first, unsigned int n, struct client *c);
void run_beside(void *(*fn)(void *), void *arg, void (*loop)(struct side *));

/* bench_admin_import.c, bench_admin_latency.c, bench_admin_churn.c */
void *import_main(void *p);
void spin(struct side *s);
void *lat_main(void *p);
void *churn_main(void *p);
void churn_rounds(struct side *s);

#endif
