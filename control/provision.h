/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Provisioning file: JSON lines, one SCS or one UE per line (empty lines and
 * lines starting with '#' are skipped).
 *
 *   {"scs": NAME, "sources": [CIDR...], "identities": [RE...],
 *    "require_identity": BOOL, "groups": [NAME...], "deny_payload": [RE...],
 *    "rate": N, "burst": N, "quota": N, "quota_period": SECONDS}
 *   {"ue": IMSI, "external_id": "local@domain", "msisdn": DIGITS,
 *    "k_iwf": 64 HEX | "k_asme": 64 HEX + "nonce": 32 HEX,
 *    "ksi": 0..14, "eea": 0..3, "eia": 0..3, "groups": [NAME...],
 *    "suspended": BOOL}
 *
 * Groups are named by SCS lines (at most 64); a UE may only name groups
 * defined above it. SCSs go to a policy builder, UEs into the UE table with
 * their key schedules, derived in bulk. Raw keys are wiped as soon as the
 * schedules exist, and never appear in a message.
 */
#ifndef MTC_PROVISION_H
#define MTC_PROVISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "a3.h"
#include "policy.h"
#include "ue_table.h"

struct provision_params {
	struct ue_table *table;
	struct policy_builder *policy;
	struct a3_engine *engine; /* the calling thread's */
	bool allow_null;          /* EEA0 / EIA0 allowed */
};

struct provision_stats {
	uint32_t lines;
	uint32_t scs;
	uint32_t ues;
};

/*
 * Loads the file. A bad line stops the load: -errno and err holds
 * "line N: reason" (the first bad line in the file). UEs of earlier lines
 * stay in the table: the caller discards table and builder on failure.
 */
int provision_load(const char *path, const struct provision_params *p,
		   struct provision_stats *st, char *err, size_t errlen);
int provision_load_file(FILE *f, const struct provision_params *p,
			struct provision_stats *st, char *err, size_t errlen);

/* At least the number of UE lines in the file, and at most the number of
 * its lines (a cheap pre-scan to size the table), or -errno. */
long provision_count_ues(const char *path);

#endif
