/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The COUNT thread: off the hot path, it keeps every UE's COUNT
 * reservation ahead of need (durably, before the workers may use it): it
 * serves the workers' refill requests every millisecond and scans every
 * context now and then for a request that was lost. It also prints the
 * periodic statistics and ends a timed run.
 *
 * It reads UE contexts as an RCU reader of the workers' QSBR variable
 * (thread id qs_id) and reports quiescence between passes, so that no
 * context it is reserving for is freed or handed to another UE under it.
 */
#ifndef MTC_CTL_THREAD_H
#define MTC_CTL_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "count_store.h"
#include "ue_table.h"

struct ctl_thread_params {
	struct count_store *cs;
	struct ue_table *ues;
	struct rte_rcu_qsbr *qs;
	unsigned int qs_id;
	struct rte_ring *refill_req; /* contexts that crossed their low-water mark */
	bool *stop;              /* the workers' stop flag: set when duration ends */
	unsigned int duration_s; /* 0: until *stop */
	unsigned int stats_s;    /* 0: no periodic statistics */
	unsigned int scan_ms;    /* shortest pause between full scans; 0: 1000 */
	void (*stats)(void *arg);
	void *stats_arg;
};

struct ctl_thread {
	pthread_t tid;
	struct ctl_thread_params p;
	bool done;     /* ask the thread to return */
	/* Written by the thread alone, read relaxed by others (telemetry). */
	int refill_rc; /* last refill error, 0 if none */
	uint64_t refills;  /* full scans */
	uint64_t requests; /* refill requests served */
	uint64_t refill_errors; /* passes (serving or scanning) that failed */
};

int ctl_thread_start(struct ctl_thread *t, const struct ctl_thread_params *p);
void ctl_thread_join(struct ctl_thread *t);

#endif
