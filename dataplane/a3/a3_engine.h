/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal: the per-thread engine shared by keys, protect, open and the
 * conformance tests. Not part of the public API. */
#ifndef MTC_A3_ENGINE_H
#define MTC_A3_ENGINE_H

#include <intel-ipsec-mb.h>

#include "a3.h"
#include "a3_jobs.h"

struct a3_slot {
	uint8_t civ[16] __attribute__((aligned(16))); /* cipher IV */
	uint8_t aiv[16] __attribute__((aligned(16))); /* auth IV */
	uint8_t tag[16] __attribute__((aligned(16))); /* computed MAC (open) */
};

/*
 * Two managers: the best code path for everything, and, when that is
 * AVX-512, an AVX2 one for SNOW 3G jobs too few to fill its lanes. Measured
 * with 1.3 on this project's machines: a lone 128-octet SNOW 3G job costs
 * about 35,000 cycles on the AVX-512 path and 3,800 on AVX2; from 16 jobs
 * on, AVX-512 is twice as fast (600 against 1,050 cycles each). ZUC and AES
 * have no such cliff.
 */
enum { A3_MGR_MAIN, A3_MGR_SMALL, A3_MGRS };
#define A3_SNOW3G_LANES 16

struct a3_engine {
	IMB_MGR *mgr[A3_MGRS]; /* mgr[A3_MGR_SMALL] may be NULL */
	IMB_ARCH arch;
	struct a3_slot slot[A3_BURST_MAX]; /* by item within a chunk */
	IMB_JOB *jobs[A3_BURST_MAX];
};

/* The items of one submission: positions in the caller's chunk. */
struct a3_group {
	uint8_t mgr;
	unsigned int m;
	unsigned int *idx;
};

/*
 * Orders idx (m items; snow[item] says whether its job uses SNOW 3G, ns of
 * them do) into at most two groups: the main manager's items, then the
 * SNOW 3G items when they are too few for the AVX-512 lanes. Returns the
 * number of groups.
 */
unsigned int a3_group_split(const struct a3_engine *e, unsigned int *idx,
			    unsigned int m, const uint8_t *snow, unsigned int ns,
			    struct a3_group g[2]);

/*
 * Gets n (<= A3_BURST_MAX) jobs of manager mgr into e->jobs. The queues are
 * empty between calls, so all n are available. Every field a3 uses is set by
 * the builders of a3_jobs.h: a job is a cipher part (or none), an auth part
 * (or none), a chain order, and its position k in e->jobs as user_data.
 */
unsigned int a3_jobs_get(struct a3_engine *e, uint8_t mgr, unsigned int n);

/*
 * Submits the n (<= A3_BURST_MAX) jobs filled in e->jobs and flushes them
 * all. Returns the jobs that did not complete, bit k for job k: 0 when all
 * did, every bit of the n when the library rejected the burst.
 */
uint64_t a3_jobs_run(struct a3_engine *e, uint8_t mgr, unsigned int n);

_Static_assert(A3_BURST_MAX <= 64, "a3_jobs_run's result has a bit per job");

/*
 * One 128-EEA / 128-EIA computation with any BEARER, DIRECTION and bit
 * length, as TS 33.401 Annex C states them: for the conformance tests.
 * EEA works in place on buf; EIA needs A3_PDU_HEADROOM writable octets
 * before msg (restored). Return 0 or -1.
 */
int a3_eea_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
		uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t len_bits);
int a3_eia_once(struct a3_engine *e, const struct a3_keyset *ks, uint32_t count,
		uint8_t bearer, uint8_t dir, uint8_t *msg, uint32_t len_bits,
		uint8_t mac[4]);

#endif
