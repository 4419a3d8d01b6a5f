/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-trafgen's state: the provisioning it reads, a model of the SCS policy
 * (patterns compiled as POSIX extended expressions, "(?i)" as REG_ICASE;
 * the rate buckets counted as if no token came back during the run), and
 * the triggers it knows were sent, for Recall and Replace.
 */
#ifndef MTC_TRAF_H
#define MTC_TRAF_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "dar_build.h"
#include "expect.h"
#include "tool_prov.h"

/* A Recall or Replace names a trigger at least this many frames back, so
 * that the gateway has recorded it (it judges a burst before recording its
 * triggers; bursts are 32 frames at most). */
#define TRAF_SENT_DISTANCE 64
#define TRAF_PAYLOAD_MAX 4096

struct traf_scs {
	regex_t *ident;
	regex_t *deny;
	const char *ok_id;  /* an SCS-Identity its patterns accept; NULL: none found */
	const char *bad_id; /* one they refuse; NULL: none (no patterns) */
	bool v4, v6;        /* has sources of that family */
	uint64_t share;     /* tokens of one worker's bucket */
	uint64_t rated;     /* requests that reached its rate check */
	uint64_t quota_used;
};

struct traf_sent {
	uint32_t scs;
	uint32_t ref;
	uint32_t frame;
	const struct tp_ue *ue;
	bool used;
};

struct traf {
	struct tp_prov prov;
	struct traf_scs *scs;
	struct traf_sent *sent;
	size_t n_sent, cap_sent;
	uint64_t rng;
	uint32_t frame; /* index of the frame being made */
	char realm[256];
	uint8_t gw4[4];
	uint8_t gw6[16];
	bool has_gw4, has_gw6;
	uint16_t port;
	uint32_t max_payload;
	uint32_t max_validity;
	unsigned int workers;
	long suspended; /* index of a suspended UE; -1 none, -2 not looked for yet */
};

/* One request being made. */
struct traf_gen {
	struct dar_spec s;
	struct ex_line ex;
	const struct tp_ue *ue; /* NULL: an identifier no UE has */
	int scs;                /* source SCS; -1: a stranger */
	int v6;
	int extra;         /* enum traf_extra: AVPs added by the hook */
	int len_delta;     /* added to the header's message length */
	int version;       /* > 0: Diameter version to write */
	uint16_t dport;
	uint16_t frag;
	uint8_t bad_ip_csum, bad_udp_csum;
	char sid[128];
	char host[96];
	char ext[TP_EXTID_MAX + 1];
	char scs_id[80];
	uint8_t tbcd[8];
	uint8_t payload[TRAF_PAYLOAD_MAX];
};

enum traf_extra { TRAF_EXTRA_NONE, TRAF_EXTRA_DUP_REF, TRAF_EXTRA_SHORT_REF, TRAF_EXTRA_UNKNOWN_M };

uint64_t traf_rand(struct traf *t);
static inline uint32_t
traf_below(struct traf *t, uint32_t n)
{
	return n ? (uint32_t)(traf_rand(t) % n) : 0;
}

/* Compiles the policy model. 0, or -1 with a message on stderr. */
int traf_policy_init(struct traf *t);
void traf_policy_free(struct traf *t);

/* Whether the SCS's deny patterns match the payload. */
bool traf_denied(const struct traf *t, int scs, const uint8_t *p, uint32_t len);

/* A UE that SCS scs may trigger (shares a group, not suspended); NULL if none. */
const struct tp_ue *traf_ue_for(struct traf *t, int scs);

/* Fills g->ex for a request that passed the protocol checks (2001): the
 * Request-Status the gateway must give, the rate flags, and for a DTR what
 * it must carry. Records the triggers that were certainly sent. */
void traf_judge(struct traf *t, struct traf_gen *g);

/* A trigger certainly sent at least TRAF_SENT_DISTANCE frames back, not
 * named before; NULL if none. Marks it used. */
struct traf_sent *traf_sent_pick(struct traf *t);

/* Makes frame g for kind k (index into traf_kinds); 0, or -1 when this
 * provisioning cannot give that kind (the caller makes a valid one). */
int traf_kind_make(struct traf *t, unsigned int k, uint32_t hbh, struct traf_gen *g);
extern const unsigned int traf_n_kinds;
/* Kind 0 is the valid trigger. */
const char *traf_kind_name(unsigned int k);

/* The hook of dar_spec for g->extra. */
void traf_hook(struct dbuf *b, enum db_level where, void *arg);

#endif
