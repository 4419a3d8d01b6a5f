/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Snapshots of the SCS registry for the workers: the source ACLs (one
 * rte_acl context per address family, longest prefix first), the rules by
 * SCS id, and each worker's Hyperscan scratch.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_acl.h>
#include <rte_cycles.h>
#include <rte_ip.h>

#include "policy_int.h"

enum { A4_PROTO, A4_SRC, A4_NUM };
enum { A6_PROTO, A6_SRC0, A6_SRC1, A6_SRC2, A6_SRC3, A6_NUM };

RTE_ACL_RULE_DEF(acl4_rule, A4_NUM);
RTE_ACL_RULE_DEF(acl6_rule, A6_NUM);

/* The data handed to rte_acl_classify is the IP header: offsets into it.
 * The first field is one octet (the protocol), as rte_acl requires; the
 * others are 32-bit words. */
static const struct rte_acl_field_def acl4_defs[A4_NUM] = {
	{ .type = RTE_ACL_FIELD_TYPE_BITMASK, .size = sizeof(uint8_t),
	  .field_index = A4_PROTO, .input_index = 0,
	  .offset = offsetof(struct rte_ipv4_hdr, next_proto_id) },
	{ .type = RTE_ACL_FIELD_TYPE_MASK, .size = sizeof(uint32_t),
	  .field_index = A4_SRC, .input_index = 1,
	  .offset = offsetof(struct rte_ipv4_hdr, src_addr) },
};

#define SRC6_DEF(i)                                                              \
	{ .type = RTE_ACL_FIELD_TYPE_MASK, .size = sizeof(uint32_t),             \
	  .field_index = A6_SRC0 + (i), .input_index = 1 + (i),                  \
	  .offset = offsetof(struct rte_ipv6_hdr, src_addr) + 4 * (i) }

static const struct rte_acl_field_def acl6_defs[A6_NUM] = {
	{ .type = RTE_ACL_FIELD_TYPE_BITMASK, .size = sizeof(uint8_t),
	  .field_index = A6_PROTO, .input_index = 0,
	  .offset = offsetof(struct rte_ipv6_hdr, proto) },
	SRC6_DEF(0), SRC6_DEF(1), SRC6_DEF(2), SRC6_DEF(3),
};

static uint32_t
word_at(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static void
rule_common(struct rte_acl_rule_data *d, struct rte_acl_field *proto,
	    const struct cidr *c, uint32_t id)
{
	d->category_mask = 1;
	d->priority = c->plen + 1; /* longest prefix wins */
	d->userdata = id + 1;      /* 0 is "no match" */
	proto->value.u8 = IPPROTO_UDP;
	proto->mask_range.u8 = 0xff;
}

static int
acl_make(int family, const struct policy_builder *b, int socket_id,
	 struct rte_acl_ctx **out)
{
	static uint32_t generation;
	unsigned int nf = family == 4 ? A4_NUM : A6_NUM, n = 0, k = 0;
	struct rte_acl_param prm = {0};
	struct rte_acl_config cfg = {0};
	struct rte_acl_ctx *ctx;
	char name[RTE_ACL_NAMESIZE];
	union {
		struct acl4_rule r4;
		struct acl6_rule r6;
	} *rules;
	int rc = 0;

	*out = NULL;
	for (uint32_t id = 0; id < b->next_id; id++)
		for (unsigned int i = 0; i < b->scs[id].n_pfx; i++)
			n += b->scs[id].pfx[i].family == family;
	if (n == 0)
		return 0;
	rules = calloc(n, sizeof(*rules));
	if (rules == NULL)
		return -ENOMEM;
	for (uint32_t id = 0; id < b->next_id; id++) {
		for (unsigned int i = 0; i < b->scs[id].n_pfx; i++) {
			const struct cidr *c = &b->scs[id].pfx[i];

			if (c->family != family)
				continue;
			if (family == 4) {
				struct acl4_rule *r = &rules[k++].r4;

				rule_common(&r->data, &r->field[A4_PROTO], c, id);
				r->field[A4_SRC].value.u32 = word_at(c->addr);
				r->field[A4_SRC].mask_range.u32 = c->plen;
				continue;
			}
			struct acl6_rule *r = &rules[k++].r6;

			rule_common(&r->data, &r->field[A6_PROTO], c, id);
			for (int w = 0; w < 4; w++) {
				int bits = c->plen - 32 * w;

				r->field[A6_SRC0 + w].value.u32 = word_at(c->addr + 4 * w);
				r->field[A6_SRC0 + w].mask_range.u32 =
					bits <= 0 ? 0 : bits >= 32 ? 32 : (uint32_t)bits;
			}
		}
	}
	snprintf(name, sizeof(name), "scs%d_%u", family,
		 __atomic_fetch_add(&generation, 1, __ATOMIC_RELAXED));
	prm.name = name;
	prm.socket_id = socket_id;
	prm.rule_size = RTE_ACL_RULE_SZ(nf);
	prm.max_rule_num = n;
	ctx = rte_acl_create(&prm);
	if (ctx == NULL) {
		free(rules);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < n && rc == 0; i++)
		rc = rte_acl_add_rules(ctx, family == 4 ?
				       (const struct rte_acl_rule *)&rules[i].r4 :
				       (const struct rte_acl_rule *)&rules[i].r6, 1);
	free(rules);
	cfg.num_categories = 1;
	cfg.num_fields = nf;
	memcpy(cfg.defs, family == 4 ? acl4_defs : acl6_defs, nf * sizeof(cfg.defs[0]));
	if (rc == 0)
		rc = rte_acl_build(ctx, &cfg);
	if (rc != 0) {
		rte_acl_free(ctx);
		return rc < 0 ? rc : -EINVAL;
	}
	*out = ctx;
	return 0;
}


static int
scratch_make(struct policy_snap *sn)
{
	const struct scs_policy *p = &sn->pub;

	for (unsigned int i = 0; i < p->n_ids; i++) {
		hs_database_t *db[2] = { p->scs[i].ident_db, p->scs[i].deny_db };

		for (int j = 0; j < 2; j++)
			if (db[j] && hs_alloc_scratch(db[j], &sn->scratch_proto) != HS_SUCCESS)
				return -ENOMEM;
	}
	for (unsigned int w = 0; w < p->n_workers; w++)
		if (sn->scratch_proto &&
		    hs_clone_scratch(sn->scratch_proto, &sn->scratch[w]) != HS_SUCCESS)
			return -ENOMEM;
	return 0;
}

int
policy_build(struct policy_builder *b, const struct policy_limits *l,
	     struct scs_policy **out, char *err, size_t errlen)
{
	uint64_t hz = rte_get_tsc_hz();
	unsigned int nw = l->n_workers ? l->n_workers : 1;
	uint32_t n = b->next_id;
	struct policy_snap *sn;
	int rc;

	sn = calloc(1, sizeof(*sn));
	if (sn == NULL)
		return -ENOMEM;
	sn->rules = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*sn->rules) * (n + 1));
	sn->scratch = calloc(nw, sizeof(*sn->scratch));
	sn->dbs = calloc(2 * (size_t)n + 1, sizeof(*sn->dbs));
	sn->pub.scs = sn->rules;
	sn->pub.scratch = sn->scratch;
	sn->pub.n_workers = nw;
	if (sn->rules == NULL || sn->scratch == NULL || sn->dbs == NULL) {
		policy_free(&sn->pub);
		return -ENOMEM;
	}
	memset(sn->rules, 0, sizeof(*sn->rules) * (n + 1));
	sn->pub.n_ids = n;
	sn->pub.n_scs = b->n_present;
	sn->pub.max_payload = l->max_payload;
	sn->pub.max_validity = l->max_validity;
	for (uint32_t i = 0; i < n; i++) {
		const struct policy_scs *s = &b->scs[i];
		struct scs_rule *r = &sn->rules[i];
		uint64_t per_worker_burst = (s->burst + nw - 1) / nw;

		if (!s->present)
			continue;
		sn->dbs[2 * i] = policy_db_get(s->ident);
		sn->dbs[2 * i + 1] = policy_db_get(s->deny);
		r->ident_db = s->ident ? s->ident->db : NULL;
		r->deny_db = s->deny ? s->deny->db : NULL;
		r->groups = s->groups;
		r->quota = s->quota;
		r->require_identity = s->require_identity;
		r->present = 1;
		snprintf(r->name, sizeof(r->name), "%s", s->name);
		r->tb_cost = s->rate ? hz * nw / s->rate : 0;
		if (s->rate && r->tb_cost == 0)
			r->tb_cost = 1;
		r->tb_depth = r->tb_cost * (per_worker_burst ? per_worker_burst : 1);
		r->quota_period = hz * s->quota_period;
	}
	rc = acl_make(4, b, l->socket_id, &sn->pub.acl4);
	if (rc == 0)
		rc = acl_make(6, b, l->socket_id, &sn->pub.acl6);
	if (rc != 0) {
		snprintf(err, errlen, "source ACL: build failed (%s)", strerror(-rc));
		policy_free(&sn->pub);
		return rc;
	}
	rc = scratch_make(sn);
	if (rc != 0) {
		snprintf(err, errlen, "Hyperscan scratch: allocation failed");
		policy_free(&sn->pub);
		return rc;
	}
	sn->pub.generation = ++b->generation;
	*out = &sn->pub;
	return 0;
}

void
policy_free(struct scs_policy *p)
{
	struct policy_snap *sn = (struct policy_snap *)p;

	if (p == NULL)
		return;
	rte_acl_free(p->acl4);
	rte_acl_free(p->acl6);
	if (sn->dbs != NULL)
		for (size_t i = 0; i < 2 * (size_t)p->n_ids; i++)
			policy_db_put(sn->dbs[i]);
	if (sn->scratch != NULL)
		for (unsigned int w = 0; w < p->n_workers; w++)
			hs_free_scratch(sn->scratch[w]);
	hs_free_scratch(sn->scratch_proto);
	free(sn->rules);
	free(sn->scratch);
	free(sn->dbs);
	free(sn);
}

struct scs_policy *
policy_swap(struct scs_policy_slot *slot, struct scs_policy *p)
{
	/* Release: the object is complete before a worker can load it. */
	return __atomic_exchange_n(&slot->cur, p, __ATOMIC_RELEASE);
}

void
policy_publish(struct scs_policy_slot *slot, struct scs_policy *p, struct rte_rcu_qsbr *qs)
{
	struct scs_policy *old = policy_swap(slot, p);

	if (old == NULL)
		return;
	rte_rcu_qsbr_synchronize(qs, RTE_QSBR_THRID_INVALID);
	policy_free(old);
}
