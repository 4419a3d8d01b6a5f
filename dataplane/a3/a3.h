/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A3: the MTC-IWF to UE protection of device triggers (PROTOCOL.md section 5).
 *
 * Keys: K_iwf (256 bits, per UE) -> K_di_conf / K_di_int (128 bits) by the
 * TS 33.220 KDF. Triggers are encrypted with 128-EEA1/2/3 and then MACed with
 * 128-EIA1/2/3, all through intel-ipsec-mb's burst API, one engine per thread.
 *
 * This library has no DPDK dependency: a UE implementation or a test links it
 * alone.
 */
#ifndef MTC_A3_H
#define MTC_A3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a3_pdu.h"

/* Algorithm identities (TS 33.401): 0 null, 1 SNOW 3G, 2 AES, 3 ZUC. */
enum a3_alg {
	A3_ALG_NULL = 0,
	A3_ALG_SNOW3G = 1,
	A3_ALG_AES = 2,
	A3_ALG_ZUC = 3,
};
#define A3_ALG_MAX 3

#define A3_KIWF_LEN 32
#define A3_KASME_LEN 32
#define A3_NONCE_LEN 16
#define A3_KEY_LEN 16
#define A3_KSI_MAX 14

/* The largest burst one call takes; longer arrays are processed in chunks. */
#define A3_BURST_MAX 64

/* Outcomes of opening a PDU, in the order the UE checks them (5.5). */
enum a3_status {
	A3_OK = 0,
	A3_ERR_HEADER, /* version, type, reserved bits or length */
	A3_ERR_KSI,    /* no key set under this KSI */
	A3_ERR_ALG,    /* algorithms differ from the key set's */
	A3_ERR_MAC,
	A3_ERR_REPLAY,
	A3_ERR_EXPIRED,
	A3_ERR_INTERNAL, /* the crypto engine refused a job */
};
const char *a3_status_name(enum a3_status s);

/*
 * A key set, the hot half of a UE's security context: key schedules computed
 * once when the keys are installed, never per message. 16-octet aligned as
 * intel-ipsec-mb wants its key material.
 */
struct a3_keyset {
	union {
		uint8_t aes_rk[11 * 16]; /* EEA2: AES-128 encryption round keys */
		uint8_t raw[16];         /* EEA1 (SNOW 3G schedule is the key), EEA3 */
	} conf __attribute__((aligned(16)));
	union {
		struct {
			uint8_t rk[11 * 16];
			uint8_t k1[16];
			uint8_t k2[16];
		} cmac;          /* EIA2 */
		uint8_t raw[16]; /* EIA1, EIA3 */
	} integ __attribute__((aligned(16)));
	uint8_t ksi;
	uint8_t eea;
	uint8_t eia;
	uint8_t valid;
	/*
	 * The rest of the last 16-octet unit, which alignment would waste: the
	 * library never reads or writes it (a3_keyset_init leaves it alone,
	 * a3_keyset_wipe zeroes it), so that a key set's owner can keep a few
	 * fields of its own there (the gateway's UE context does).
	 */
	uint8_t spare[12];
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct a3_keyset) == 400, "a3_keyset grew: it is per UE");

/* One engine per thread: an intel-ipsec-mb manager and per-job scratch. */
struct a3_engine;

struct a3_engine *a3_engine_create(void);
void a3_engine_free(struct a3_engine *e);
/* Name of the code path intel-ipsec-mb chose (e.g. "avx512"). */
const char *a3_engine_arch(const struct a3_engine *e);

/* ---- keys ---------------------------------------------------------------- */

/* TS 33.220 B.2: out = HMAC-SHA-256(key, s). */
int a3_kdf(struct a3_engine *e, const uint8_t *key, size_t key_len,
	   const uint8_t *s, size_t s_len, uint8_t out[32]);

/* K_iwf = KDF(K_ASME, FC=0x51, P0=NONCE_iwf, L0=0x0010). */
int a3_derive_kiwf(struct a3_engine *e, const uint8_t kasme[A3_KASME_LEN],
		   const uint8_t nonce[A3_NONCE_LEN], uint8_t kiwf[A3_KIWF_LEN]);

/* One UE's derivation request for the bulk form. */
struct a3_derive_req {
	const uint8_t *kiwf; /* 32 octets */
	uint8_t eea;
	uint8_t eia;
	uint8_t k_conf[A3_KEY_LEN]; /* out */
	uint8_t k_int[A3_KEY_LEN];  /* out */
};

/*
 * K_di_conf and K_di_int for n UEs, multi-buffer (HMAC-SHA-256 jobs).
 * Returns 0, or -EINVAL for an unknown algorithm, -EIO if a job failed.
 */
int a3_derive_bulk(struct a3_engine *e, struct a3_derive_req *req, unsigned int n);

/*
 * Installs a key set: checks ksi and algorithms (null ones only with
 * allow_null) and computes the key schedules. The caller may wipe k_conf and
 * k_int afterwards. Returns 0 or -EINVAL.
 */
int a3_keyset_init(struct a3_engine *e, struct a3_keyset *ks, uint8_t ksi,
		   uint8_t eea, uint8_t eia, const uint8_t k_conf[A3_KEY_LEN],
		   const uint8_t k_int[A3_KEY_LEN], bool allow_null);

/* Derive from K_iwf and install in one call. */
int a3_keyset_from_kiwf(struct a3_engine *e, struct a3_keyset *ks, uint8_t ksi,
			uint8_t eea, uint8_t eia, const uint8_t kiwf[A3_KIWF_LEN],
			bool allow_null);

/* Wipes the key material (not optimised away). */
void a3_keyset_wipe(struct a3_keyset *ks);

/* ---- protect (gateway side) ---------------------------------------------- */

/*
 * One trigger to protect. The PDU is written at pdu: a3_pdu_len(...) octets,
 * and the A3_PDU_HEADROOM octets before pdu must be writable: they are the
 * call's scratch (128-EIA2's prefix goes there) and are left undefined, so a
 * caller that keeps something there writes it afterwards. scs_id and
 * payload may already sit where the plaintext goes; they are moved otherwise.
 */
struct a3_trigger {
	const struct a3_keyset *ks;
	uint32_t count;
	uint32_t reference;
	uint32_t expiry;
	uint32_t app_port;
	const uint8_t *scs_id;
	const uint8_t *payload;
	uint16_t payload_len;
	uint8_t scs_id_len; /* at most A3_SCS_ID_MAX */
	uint8_t priority;
	uint8_t *pdu;
};

/*
 * Protects n triggers (any mix of UEs, algorithms and lengths) with one
 * submission of jobs per A3_BURST_MAX. Returns the number protected: n, or
 * fewer if a trigger is malformed or the engine refused a job; status[i]
 * (when status is not NULL) says which.
 */
unsigned int a3_protect_burst(struct a3_engine *e, struct a3_trigger *t,
			      unsigned int n, uint8_t *status);

/* ---- open (UE side) ------------------------------------------------------ */

/* 64-wide anti-replay window (RFC 4303 style) over the 32-bit COUNT. */
struct a3_replay {
	uint32_t top;     /* highest COUNT accepted */
	uint32_t started; /* 0 until the first COUNT is accepted */
	uint64_t bitmap;  /* bit i: top - i seen */
};

/* A UE's view: the current and the previous key set, each with its window. */
struct a3_ue_ctx {
	struct a3_keyset set[2];
	struct a3_replay win[2];
};

void a3_ue_ctx_init(struct a3_ue_ctx *ue);
/* Installs ks as the current set; the current one becomes the previous. */
void a3_ue_ctx_rekey(struct a3_ue_ctx *ue, const struct a3_keyset *ks);
void a3_ue_ctx_wipe(struct a3_ue_ctx *ue);

/* A received PDU and, after opening, its fields (pointers into the PDU). */
struct a3_rx {
	struct a3_ue_ctx *ue;
	uint8_t *pdu; /* A3_PDU_HEADROOM writable octets before it: scratch,
		       * left undefined (128-EIA2's prefix goes there) */
	uint32_t len;
	/* out */
	uint32_t count;
	uint32_t reference;
	uint32_t expiry;
	uint32_t app_port;
	uint8_t priority;
	uint8_t scs_id_len;
	uint16_t payload_len;
	const uint8_t *scs_id;
	const uint8_t *payload;
};

/*
 * Opens n PDUs in order: header, KSI and algorithms, MAC (constant time),
 * replay window, decryption in place, expiry against now (UTC seconds).
 * Only PDUs whose MAC verified are decrypted or touch the replay window.
 * status[i] gets an enum a3_status; returns how many opened.
 */
unsigned int a3_open_burst(struct a3_engine *e, struct a3_rx *rx, unsigned int n,
			   uint64_t now, uint8_t *status);

static inline enum a3_status
a3_open(struct a3_engine *e, struct a3_rx *rx, uint64_t now)
{
	uint8_t st;

	a3_open_burst(e, rx, 1, now, &st);
	return (enum a3_status)st;
}

/* Replay check and update, exposed for tests. 0 if fresh (and marks it). */
int a3_replay_check(const struct a3_replay *w, uint32_t count);
void a3_replay_mark(struct a3_replay *w, uint32_t count);

#endif
