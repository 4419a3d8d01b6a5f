/* SPDX-License-Identifier: BSD-3-Clause */
/* The admin tests' fixture and request helpers (test_admin.c,
 * test_admin_refusals.c). */
#ifndef MTC_ADMIN_FX_H
#define MTC_ADMIN_FX_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "a3.h"
#include "admin.h"
#include "count_store.h"
#include "ctest.h"
#include "keywrap.h"
#include "policy.h"
#include "testlib.h"
#include "ue_rec.h"
#include "ue_table.h"

#define IMSI_BASE UINT64_C(1010000000000) /* "0010100" followed by 8 digits */
#define K64 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

extern struct rte_rcu_qsbr *qs;
extern struct a3_engine *eng;
extern char *base;

struct fx {
	struct ue_table *t;
	struct admin *ad;
	struct scs_policy_slot slot;
	struct scs_state *st;
	struct count_store *cs;
	struct keywrap_master master;
	char dir[4096];
};

struct fx_opts {
	uint32_t max_ues;  /* 0: 1024 */
	uint64_t map_size; /* 0: the store's default */
	bool master;       /* keys kept at rest */
};

/* What must not move when a request is refused. */
struct seen {
	uint32_t ues, retiring;
	uint64_t generation;
	size_t txnid, ue_recs, scs_recs;
	unsigned int n_scs;
	uint32_t scs_ids;
};

/* A refused request: its code, words of its message, its index, and
 * nothing changed. */
struct refusal {
	const char *req;
	const char *code;
	const char *words[3];
	long index;
};

#define MUST(f, text) do {                                  \
		json_t *a_ = call((f), (text));             \
		CU_ASSERT(ok_or_say(a_, (text)));           \
		json_decref(a_);                            \
	} while (0)

int fx_open(struct fx *f, const struct fx_opts *o);
void fx_close(struct fx *f);
bool has_hex_run(const char *s, size_t n);
json_t *ask(struct fx *f, json_t *req);
json_t *call(struct fx *f, const char *text);
bool a_ok(json_t *a);
const char *a_code(json_t *a);
const char *a_msg(json_t *a);
long a_index(json_t *a);
json_t *a_result(json_t *a);
bool ok_or_say(json_t *a, const char *what);
void kiwf_of(unsigned int i, uint8_t k[A3_KIWF_LEN]);
void kiwf_hex(unsigned int i, char out[2 * A3_KIWF_LEN + 1]);
uint64_t imsi_of(unsigned int i);
const char *imsi_text(unsigned int i);
json_t *ue_data(unsigned int i, const char *group);
json_t *op_of(const char *op, json_t *data);
json_t *single(const char *op, json_t *data);
json_t *batch_of(json_t *ops);
struct ue_ctx *ctx_of(struct fx *f, unsigned int i);
struct ue_ctx *ctx_by_msisdn(struct fx *f, unsigned int i);
json_t *ue_add(struct fx *f, unsigned int i, const char *group);
json_t *ue_show(struct fx *f, unsigned int i);
void populate(struct fx *f);
void look(struct fx *f, struct seen *s);
bool same(const struct seen *a, const struct seen *b);
void refuse(struct fx *f, const struct refusal *r);
void refuse_json(struct fx *f, json_t *req, const struct refusal *r);

/* The tests' main: EAL, QSBR variable, engine, a temporary directory. */
int admin_fx_main(int argc, char **argv, CU_SuiteInfo *suites);

#endif
