/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_acl.h>
#include <rte_cycles.h>
#include <rte_ip.h>

#include "cidr.h"
#include "policy.h"

struct policy_prefix {
	struct cidr c;
	uint32_t scs;
};

struct policy_builder {
	struct scs_rule *scs;
	unsigned int n_scs, cap_scs;
	struct policy_prefix *pfx;
	unsigned int n_pfx, cap_pfx;
	char *groups[POLICY_GROUPS_MAX];
	unsigned int n_groups;
	/* Per SCS, seconds and triggers as given; cycles are set at build. */
	struct {
		uint64_t rate, burst, quota_period;
	} *lim;
};

struct policy_builder *
policy_builder_new(void)
{
	return calloc(1, sizeof(struct policy_builder));
}

void
policy_builder_free(struct policy_builder *b)
{
	if (b == NULL)
		return;
	for (unsigned int i = 0; i < b->n_scs; i++) {
		hs_free_database(b->scs[i].ident_db);
		hs_free_database(b->scs[i].deny_db);
	}
	for (unsigned int i = 0; i < b->n_groups; i++)
		free(b->groups[i]);
	free(b->scs);
	free(b->lim);
	free(b->pfx);
	free(b);
}

int
policy_group_bit(const struct policy_builder *b, const char *name)
{
	for (unsigned int i = 0; i < b->n_groups; i++)
		if (strcmp(b->groups[i], name) == 0)
			return (int)i;
	return -ENOENT;
}

int
policy_scs_index(const struct policy_builder *b, const char *name)
{
	for (unsigned int i = 0; i < b->n_scs; i++)
		if (strcmp(b->scs[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

unsigned int
policy_scs_count(const struct policy_builder *b)
{
	return b->n_scs;
}

static int
compile(const char *list, const char *const *expr, unsigned int n,
	hs_database_t **db, char *err, size_t errlen)
{
	unsigned int *flags, *ids;
	hs_compile_error_t *cerr = NULL;
	hs_error_t rc;

	*db = NULL;
	if (n == 0)
		return 0;
	flags = calloc(n, sizeof(*flags));
	ids = calloc(n, sizeof(*ids));
	if (flags == NULL || ids == NULL) {
		free(flags);
		free(ids);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++) {
		flags[i] = HS_FLAG_SINGLEMATCH;
		ids[i] = i;
	}
	rc = hs_compile_multi(expr, flags, ids, n, HS_MODE_BLOCK, NULL, db, &cerr);
	free(flags);
	free(ids);
	if (rc == HS_SUCCESS)
		return 0;
	if (cerr != NULL && cerr->expression >= 0 && (unsigned int)cerr->expression < n)
		snprintf(err, errlen, "%s[%d] \"%s\": %s", list, cerr->expression,
			 expr[cerr->expression], cerr->message);
	else
		snprintf(err, errlen, "%s: %s", list, cerr ? cerr->message : "compile failed");
	hs_free_compile_error(cerr);
	return -EINVAL;
}

static int
grow(void **arr, unsigned int *cap, unsigned int need, size_t elem)
{
	void *n;
	unsigned int ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	/* Cache-line aligned, as struct scs_rule declares itself: realloc's
	 * alignment would let the compiler's aligned vector moves fault. */
	n = aligned_alloc(RTE_CACHE_LINE_SIZE, RTE_ALIGN_CEIL((size_t)ncap * elem,
							     RTE_CACHE_LINE_SIZE));
	if (n == NULL)
		return -ENOMEM;
	if (*arr != NULL)
		memcpy(n, *arr, (size_t)*cap * elem);
	free(*arr);
	*arr = n;
	*cap = ncap;
	return 0;
}

static int
add_groups(struct policy_builder *b, const struct policy_scs_def *d, uint64_t *bits,
	   char *err, size_t errlen)
{
	*bits = 0;
	for (unsigned int i = 0; i < d->n_groups; i++) {
		int bit = policy_group_bit(b, d->groups[i]);

		if (bit < 0) {
			if (b->n_groups == POLICY_GROUPS_MAX) {
				snprintf(err, errlen, "groups: more than %d groups",
					 POLICY_GROUPS_MAX);
				return -ENOSPC;
			}
			b->groups[b->n_groups] = strdup(d->groups[i]);
			if (b->groups[b->n_groups] == NULL)
				return -ENOMEM;
			bit = (int)b->n_groups++;
		}
		*bits |= UINT64_C(1) << bit;
	}
	return 0;
}

int
policy_builder_add(struct policy_builder *b, const struct policy_scs_def *d,
		   char *err, size_t errlen)
{
	unsigned int idx = b->n_scs, c1 = b->cap_scs, c2 = b->cap_scs;
	unsigned int first_pfx = b->n_pfx;
	struct scs_rule *r;
	int rc;

	if (d->name == NULL || d->name[0] == '\0' || strlen(d->name) >= SCS_NAME_MAX) {
		snprintf(err, errlen, "scs: name empty or longer than %d", SCS_NAME_MAX - 1);
		return -EINVAL;
	}
	if (policy_scs_index(b, d->name) >= 0) {
		snprintf(err, errlen, "scs \"%s\": duplicate SCS", d->name);
		return -EEXIST;
	}
	if (idx == POLICY_SCS_MAX) {
		snprintf(err, errlen, "scs \"%s\": more than %d SCSs", d->name, POLICY_SCS_MAX);
		return -ENOSPC;
	}
	if (d->n_sources == 0) {
		snprintf(err, errlen, "scs \"%s\": sources: empty", d->name);
		return -EINVAL;
	}
	if (grow((void **)&b->scs, &c1, idx + 1, sizeof(*b->scs)) != 0 ||
	    grow((void **)&b->lim, &c2, idx + 1, sizeof(*b->lim)) != 0 ||
	    grow((void **)&b->pfx, &b->cap_pfx, b->n_pfx + d->n_sources, sizeof(*b->pfx)) != 0)
		return -ENOMEM;
	b->cap_scs = c1;

	for (unsigned int i = 0; i < d->n_sources; i++) {
		struct policy_prefix *p = &b->pfx[first_pfx + i];
		const char *why;

		if (cidr_parse(d->sources[i], &p->c, &why) != 0) {
			snprintf(err, errlen, "scs \"%s\": sources[%u] \"%s\": %s", d->name,
				 i, d->sources[i], why);
			return -EINVAL;
		}
		p->scs = idx;
		for (unsigned int j = 0; j < first_pfx + i; j++) {
			if (!cidr_equal(&b->pfx[j].c, &p->c))
				continue;
			snprintf(err, errlen, "scs \"%s\": sources[%u] \"%s\": already given to \"%s\"",
				 d->name, i, d->sources[i],
				 b->pfx[j].scs == idx ? d->name : b->scs[b->pfx[j].scs].name);
			return -EEXIST;
		}
	}

	r = &b->scs[idx];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", d->name);
	rc = add_groups(b, d, &r->groups, err, errlen);
	if (rc == 0)
		rc = compile("identities", d->identities, d->n_identities, &r->ident_db,
			     err, errlen);
	if (rc == 0) {
		rc = compile("deny_payload", d->deny, d->n_deny, &r->deny_db, err, errlen);
		if (rc != 0) {
			hs_free_database(r->ident_db);
			r->ident_db = NULL;
		}
	}
	if (rc != 0) {
		/* prefix the SCS name to the compiler's message */
		char tmp[256];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "scs \"%s\": %s", d->name, tmp);
		return rc;
	}
	r->require_identity = d->require_identity;
	r->quota = d->quota;
	b->lim[idx].rate = d->rate;
	b->lim[idx].burst = d->burst ? d->burst : (d->rate / 10 ? d->rate / 10 : 1);
	b->lim[idx].quota_period = d->quota_period ? d->quota_period : 86400;
	b->n_pfx += d->n_sources;
	b->n_scs++;
	return (int)idx;
}

/* ---- runtime object ------------------------------------------------------ */

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
	    const struct policy_prefix *p)
{
	d->category_mask = 1;
	d->priority = p->c.plen + 1; /* longest prefix wins */
	d->userdata = p->scs + 1;    /* 0 is "no match" */
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
	for (unsigned int i = 0; i < b->n_pfx; i++)
		n += b->pfx[i].c.family == family;
	if (n == 0)
		return 0;
	rules = calloc(n, sizeof(*rules));
	if (rules == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < b->n_pfx; i++) {
		const struct policy_prefix *p = &b->pfx[i];

		if (p->c.family != family)
			continue;
		if (family == 4) {
			struct acl4_rule *r = &rules[k++].r4;

			rule_common(&r->data, &r->field[A4_PROTO], p);
			r->field[A4_SRC].value.u32 = word_at(p->c.addr);
			r->field[A4_SRC].mask_range.u32 = p->c.plen;
		} else {
			struct acl6_rule *r = &rules[k++].r6;

			rule_common(&r->data, &r->field[A6_PROTO], p);
			for (int w = 0; w < 4; w++) {
				int bits = p->c.plen - 32 * w;

				r->field[A6_SRC0 + w].value.u32 = word_at(p->c.addr + 4 * w);
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
scratch_make(struct scs_policy *p)
{
	for (unsigned int i = 0; i < p->n_scs; i++) {
		hs_database_t *db[2] = { p->scs[i].ident_db, p->scs[i].deny_db };

		for (int j = 0; j < 2; j++)
			if (db[j] && hs_alloc_scratch(db[j], &p->scratch_proto) != HS_SUCCESS)
				return -ENOMEM;
	}
	for (unsigned int w = 0; w < p->n_workers; w++) {
		size_t sz = RTE_ALIGN_CEIL(sizeof(struct scs_bucket) * (p->n_scs ? p->n_scs : 1),
					   RTE_CACHE_LINE_SIZE);

		p->worker[w].bucket = aligned_alloc(RTE_CACHE_LINE_SIZE, sz);
		if (p->worker[w].bucket == NULL)
			return -ENOMEM;
		memset(p->worker[w].bucket, 0, sz);
		p->worker[w].memo = aligned_alloc(RTE_CACHE_LINE_SIZE,
						  RTE_ALIGN_CEIL(sizeof(struct scs_id_memo) *
								 SCS_MEMO_SLOTS, RTE_CACHE_LINE_SIZE));
		if (p->worker[w].memo == NULL)
			return -ENOMEM;
		for (unsigned int i = 0; i < SCS_MEMO_SLOTS; i++)
			p->worker[w].memo[i] = (struct scs_id_memo){ .scs = SCS_NONE };
		if (p->scratch_proto &&
		    hs_clone_scratch(p->scratch_proto, &p->worker[w].scratch) != HS_SUCCESS)
			return -ENOMEM;
	}
	return 0;
}

int
policy_build(struct policy_builder *b, const struct policy_limits *l,
	     struct scs_policy **out, char *err, size_t errlen)
{
	uint64_t hz = rte_get_tsc_hz();
	unsigned int nw = l->n_workers ? l->n_workers : 1;
	struct scs_policy *p;
	int rc;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	p->n_scs = b->n_scs;
	p->n_workers = nw;
	p->max_payload = l->max_payload;
	p->max_validity = l->max_validity;
	p->scs = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*p->scs) * (b->n_scs + 1));
	p->quota = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*p->quota) * (b->n_scs + 1));
	p->worker = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*p->worker) * nw);
	if (p->scs == NULL || p->quota == NULL || p->worker == NULL) {
		p->n_scs = 0;
		p->n_workers = 0;
		policy_free(p);
		return -ENOMEM;
	}
	memset(p->quota, 0, sizeof(*p->quota) * (b->n_scs + 1));
	memset(p->worker, 0, sizeof(*p->worker) * nw);
	for (unsigned int i = 0; i < b->n_scs; i++) {
		struct scs_rule *r = &p->scs[i];
		uint64_t per_worker_burst = (b->lim[i].burst + nw - 1) / nw;

		*r = b->scs[i];
		b->scs[i].ident_db = NULL; /* moved */
		b->scs[i].deny_db = NULL;
		r->tb_cost = b->lim[i].rate ? hz * nw / b->lim[i].rate : 0;
		if (b->lim[i].rate && r->tb_cost == 0)
			r->tb_cost = 1;
		r->tb_depth = r->tb_cost * (per_worker_burst ? per_worker_burst : 1);
		r->quota_period = hz * b->lim[i].quota_period;
	}
	rc = acl_make(4, b, l->socket_id, &p->acl4);
	if (rc == 0)
		rc = acl_make(6, b, l->socket_id, &p->acl6);
	if (rc != 0) {
		snprintf(err, errlen, "source ACL: build failed (%s)", strerror(-rc));
		policy_free(p);
		return rc;
	}
	rc = scratch_make(p);
	if (rc != 0) {
		snprintf(err, errlen, "Hyperscan scratch: allocation failed");
		policy_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void
policy_free(struct scs_policy *p)
{
	if (p == NULL)
		return;
	rte_acl_free(p->acl4);
	rte_acl_free(p->acl6);
	if (p->scs)
		for (unsigned int i = 0; i < p->n_scs; i++) {
			hs_free_database(p->scs[i].ident_db);
			hs_free_database(p->scs[i].deny_db);
		}
	if (p->worker)
		for (unsigned int w = 0; w < p->n_workers; w++) {
			hs_free_scratch(p->worker[w].scratch);
			free(p->worker[w].bucket);
			free(p->worker[w].memo);
		}
	hs_free_scratch(p->scratch_proto);
	free(p->scs);
	free(p->quota);
	free(p->worker);
	free(p);
}

void
policy_publish(struct scs_policy_slot *slot, struct scs_policy *p, struct rte_rcu_qsbr *qs)
{
	/* Release: the object is complete before a worker can load it. */
	struct scs_policy *old = __atomic_exchange_n(&slot->cur, p, __ATOMIC_RELEASE);

	if (old == NULL)
		return;
	rte_rcu_qsbr_synchronize(qs, RTE_QSBR_THRID_INVALID);
	policy_free(old);
}
