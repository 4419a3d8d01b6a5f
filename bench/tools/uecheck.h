/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-uecheck's state: the provisioning, the expect file and what was seen
 * of each of its lines, one UE context per UE met in a DTR, the counts and
 * the mismatches.
 */
#ifndef MTC_UECHECK_H
#define MTC_UECHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "a3.h"
#include "diam_read.h"
#include "expect.h"
#include "tool_prov.h"

#define UC_NAME_MAX 256
#define UC_VALUES_MAX 64
#define UC_MISMATCH_KEEP 100

/* A UE as the checker plays it: its A3 context (replay window included)
 * and every (KSI, COUNT) it opened, to tell a repeat from a late arrival. */
struct uc_ue {
	struct a3_ue_ctx ctx;
	struct a3_keyset ks;
	uint64_t *seen;
	size_t n_seen, cap_seen;
	bool bad_keys;
};

/* What the output held for one expect line. */
struct uc_hit {
	uint32_t answers;
	uint32_t dtrs;
	uint32_t result; /* of the first answer */
	int32_t status;  /* -1: no Request-Status */
};

struct uc_value {
	uint32_t v;
	uint64_t n;
};

struct uc {
	struct tp_prov prov;
	struct a3_engine *a3;
	struct ex_line *ex;
	size_t n_ex;
	struct uc_hit *hit;
	struct uc_ue **ue; /* [prov.n_ue], created on the first DTR */
	char origin_host[UC_NAME_MAX];
	char origin_realm[UC_NAME_MAX];
	char dest_realm[UC_NAME_MAX];
	bool loop;
	uint64_t frames, daa, dtr, other;
	uint64_t dtr_opened, dtr_failed, count_repeated, late;
	uint64_t open_err[A3_ERR_INTERNAL + 1];
	uint64_t matched, mismatches;
	struct uc_value rc[UC_VALUES_MAX], rs[UC_VALUES_MAX];
	unsigned int n_rc, n_rs;
	char *mis[UC_MISMATCH_KEEP];
	/* Session-Ids of the DTRs: open addressing, power-of-two size. */
	char **sid;
	size_t sid_cap, n_sid;
};

/* Records a mismatch (the first UC_MISMATCH_KEEP are kept to print). */
void uc_mismatch(struct uc *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void uc_count(struct uc_value *v, unsigned int *n, uint32_t value);

/* The expect line for hbh, its index in u->ex, or NULL. */
const struct ex_line *uc_expect(const struct uc *u, uint32_t hbh, size_t *idx);

/* A DTR at capture time ts (seconds): header and AVPs, A3-PDU opened. */
void uc_check_dtr(struct uc *u, const struct dr_msg *m, uint64_t ts);
/* Whether sid was seen before; records it. */
bool uc_sid_repeated(struct uc *u, const uint8_t *sid, uint32_t len);
void uc_free_ues(struct uc *u);

void uc_report(const struct uc *u, FILE *out);
int uc_report_json(const struct uc *u, const char *path, bool ok);

#endif
