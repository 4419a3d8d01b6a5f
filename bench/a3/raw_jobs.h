/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw intel-ipsec-mb ceiling: the very jobs that protecting or opening a
 * burst of A3-PDUs submits (same algorithms, keys, lengths and buffers), with
 * IVs and the EIA2 prefix prepared once, and no PDU work at all.
 */
#ifndef MTC_BENCH_RAW_JOBS_H
#define MTC_BENCH_RAW_JOBS_H

#include <intel-ipsec-mb.h>

#include "a3.h"

struct raw_msg {
	const struct a3_keyset *ks;
	uint8_t *pdu;      /* A3_PDU_HEADROOM before it hold the EIA2 prefix */
	uint32_t n_pt;     /* plaintext octets */
	uint8_t civ[16] __attribute__((aligned(16)));
	uint8_t aiv[16] __attribute__((aligned(16)));
	uint8_t tag[16] __attribute__((aligned(16)));
};

/* Prepares IVs and the prefix of m for COUNT count. */
void raw_msg_prepare(struct raw_msg *m, uint32_t count);

/* Encrypt-then-MAC jobs for n messages, one submission. */
void raw_protect(IMB_MGR *mgr, struct raw_msg *m, unsigned int n);
/* MAC jobs, then decrypt jobs: the two submissions of opening. */
void raw_open(IMB_MGR *mgr, struct raw_msg *m, unsigned int n);

#endif
