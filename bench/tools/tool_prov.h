/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The provisioning file (control/provision.h) as the tools see it: every SCS
 * with its sources, patterns, groups and limits, every UE with its
 * identifiers and key material. Patterns are kept as text; the tool that
 * needs them compiles them.
 */
#ifndef MTC_TOOL_PROV_H
#define MTC_TOOL_PROV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TP_NAME_MAX 64
#define TP_SRC_MAX 16
#define TP_GROUPS_MAX 64
#define TP_IMSI_MAX 15
#define TP_EXTID_MAX 128
#define TP_MSISDN_MAX 15

struct tp_prefix {
	uint8_t v6;
	uint8_t plen;
	uint8_t addr[16]; /* network order; IPv4 in the first 4 */
};

struct tp_scs {
	char name[TP_NAME_MAX + 1];
	struct tp_prefix src[TP_SRC_MAX];
	unsigned int n_src;
	char **ident;
	unsigned int n_ident;
	char **deny;
	unsigned int n_deny;
	bool require_identity;
	uint64_t groups; /* bit i: tp_prov.group[i] */
	uint64_t rate;
	uint64_t burst; /* as the gateway reads it: 0 means rate / 10, at least 1 */
	uint64_t quota;
};

struct tp_ue {
	char imsi[TP_IMSI_MAX + 1];
	char ext_id[TP_EXTID_MAX + 1]; /* "" when absent */
	char msisdn[TP_MSISDN_MAX + 1];
	uint8_t kiwf[32];
	uint8_t kasme[32];
	uint8_t nonce[16];
	bool has_kasme; /* K_iwf still to derive from kasme and nonce */
	bool suspended;
	uint8_t ksi;
	uint8_t eea;
	uint8_t eia;
	uint64_t groups;
};

struct tp_prov {
	struct tp_scs *scs;
	unsigned int n_scs;
	struct tp_ue *ue;
	size_t n_ue;
	size_t *by_imsi; /* indexes of ue[] in IMSI order */
	char *group[TP_GROUPS_MAX];
	unsigned int n_groups;
};

/* Loads path. Returns 0, or -1 with "line N: reason" in err. */
int tp_load(const char *path, struct tp_prov *p, char *err, size_t errlen);
void tp_free(struct tp_prov *p);

const struct tp_ue *tp_ue_by_imsi(const struct tp_prov *p, const char *imsi);
int tp_scs_by_name(const struct tp_prov *p, const char *name);

/* "198.18.0.0/24", "2001:db8::/64" or a bare address. 0 or -1. */
int tp_prefix_parse(const char *s, struct tp_prefix *out);

#endif
