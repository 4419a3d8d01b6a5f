/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The gateway's own Diameter identity and the AVPs that never change,
 * prebuilt once so that the encoders copy them as blocks; and the
 * per-worker generator of Session-Ids and Hop-by-Hop/End-to-End Identifiers.
 */
#ifndef MTC_DIAM_LOCAL_H
#define MTC_DIAM_LOCAL_H

#include <stdint.h>

#include "diam_codes.h"

/* Four AVPs of at most DIAM_IDENTITY_MAX octets or Unsigned32, padded. */
#define DIAM_TMPL_MAX (4 * (DIAM_AVP_VHDR_LEN + DIAM_IDENTITY_MAX + 3))

struct diam_local {
	/* DAA, after Session-Id: Auth-Application-Id, Auth-Session-State,
	 * Origin-Host, Origin-Realm. */
	uint8_t daa_tmpl[DIAM_TMPL_MAX];
	/* DTR, after Session-Id: Auth-Session-State, Origin-Host, Origin-Realm,
	 * Destination-Realm. */
	uint8_t dtr_tmpl[DIAM_TMPL_MAX];
	uint16_t daa_tmpl_len;
	uint16_t dtr_tmpl_len;
	uint16_t origin_host_len;
	uint16_t realm_len;
	uint16_t t4_realm_len;
	uint8_t origin_host[DIAM_IDENTITY_MAX];
	uint8_t realm[DIAM_IDENTITY_MAX];    /* ours: DARs must name it */
	uint8_t t4_realm[DIAM_IDENTITY_MAX]; /* the delivery node's */
};

/*
 * Fills l from the gateway's Origin-Host, its realm (Origin-Realm, and the
 * Destination-Realm DARs must carry) and the T4 Destination-Realm.
 * Returns 0, or -EINVAL for an empty or over-long name.
 */
int diam_local_init(struct diam_local *l, const char *origin_host, const char *realm,
		    const char *t4_realm);

/*
 * One per worker. Session-Ids are "<origin-host>;<hi32>;<lo32>" (RFC 6733
 * 8.8) with hi32 the start time and lo32 the worker in its top 8 bits and a
 * counter below; when the counter wraps, hi32 moves on. End-to-End
 * Identifiers carry the low 12 bits of the start time in their top 12 bits
 * (RFC 6733 3), then the worker, then a counter.
 */
struct diam_idgen {
	uint32_t hi;
	uint32_t seq;
	uint32_t hbh;
	uint32_t e2e;
	uint8_t worker;
	uint16_t prefix_len; /* of "<origin-host>;<hi32>;" */
	uint16_t sid_len;
	/* The next Session-Id, "<origin-host>;<hi32>;<lo32>": the prefix
	 * is built once, lo32 counted up in decimal in place. */
	uint8_t sid[DIAM_IDENTITY_MAX + 12 + 10];
};

/* The longest Session-Id the generator writes. */
#define DIAM_SID_GEN_MAX (DIAM_IDENTITY_MAX + 12 + 10)

void diam_idgen_init(struct diam_idgen *g, const struct diam_local *l, uint32_t start_time,
		     uint8_t worker);

/* Writes a fresh Session-Id to out (DIAM_SID_GEN_MAX octets); returns its length. */
uint32_t diam_idgen_session(struct diam_idgen *g, uint8_t *out);

/* Length the next diam_idgen_session() call will write. */
uint32_t diam_idgen_session_len(const struct diam_idgen *g);

static inline uint32_t
diam_idgen_hbh(struct diam_idgen *g)
{
	return g->hbh++;
}

static inline uint32_t
diam_idgen_e2e(struct diam_idgen *g)
{
	uint32_t v = g->e2e;

	g->e2e = (v & 0xfff00000u) | ((v + 1) & 0x000fffffu);
	return v;
}

#endif
