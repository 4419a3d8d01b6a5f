/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ip.h>

#include "ctest.h"
#include "policy.h"
#include "scs_match.h"
#include "testlib.h"
#include "ue_count.h"

static struct rte_rcu_qsbr *qs;
static struct scs_policy *pol;
static struct scs_state *state; /* worker 0's lane, shared by the tests */
static uint64_t hz;

/* Worker 0's view of p over the shared state, or over st when given. */
static const struct scs_view *
view_on(const struct scs_policy *p, struct scs_state *st)
{
	static struct scs_view v;

	scs_view_init(&v, p, st ? st : state, 0);
	return &v;
}

static const struct scs_view *
view(const struct scs_policy *p)
{
	return view_on(p, NULL);
}

enum { SCS_A, SCS_B, SCS_C };

static struct policy_builder *
builder(void)
{
	static const char *a_src[] = { "198.18.0.0/24", "2001:db8:0:2::/64" };
	static const char *a_id[] = { "^\\+1555", "^fleet-a$" };
	static const char *a_deny[] = { "(?i)shutdown", "rm -rf" };
	static const char *a_grp[] = { "meters" };
	static const char *b_src[] = { "198.18.0.0/16", "2001:db8::/32" };
	static const char *b_grp[] = { "cars" };
	static const char *c_src[] = { "10.0.0.1" };
	struct policy_scs_def a = { .name = "fleet-a", .sources = a_src, .n_sources = 2,
		.identities = a_id, .n_identities = 2, .deny = a_deny, .n_deny = 2,
		.groups = a_grp, .n_groups = 1, .require_identity = true };
	struct policy_scs_def b = { .name = "fleet-b", .sources = b_src, .n_sources = 2,
		.groups = b_grp, .n_groups = 1, .rate = 10, .burst = 5 };
	struct policy_scs_def c = { .name = "fleet-c", .sources = c_src, .n_sources = 1,
		.groups = a_grp, .n_groups = 1, .rate = 1, .burst = 2, .quota = 1,
		.quota_period = 60 };
	struct policy_builder *bld = policy_builder_new();
	char err[256];

	/* called from the suite set-up too, where CUnit cannot assert */
	if (policy_builder_add(bld, &a, err, sizeof(err)) != SCS_A ||
	    policy_builder_add(bld, &b, err, sizeof(err)) != SCS_B ||
	    policy_builder_add(bld, &c, err, sizeof(err)) != SCS_C) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	return bld;
}

static struct scs_policy *
build(void)
{
	struct policy_builder *b = builder();
	struct policy_limits l = { .max_payload = 64, .max_validity = 3600, .n_workers = 1 };
	struct scs_policy *p = NULL;
	char err[256];

	if (policy_build(b, &l, &p, err, sizeof(err)) != 0)
		fprintf(stderr, "%s\n", err);
	policy_builder_free(b);
	return p;
}

static void
v4(struct rte_ipv4_hdr *h, const char *src, uint8_t proto)
{
	memset(h, 0, sizeof(*h));
	h->version_ihl = 0x45;
	h->next_proto_id = proto;
	inet_pton(AF_INET, src, &h->src_addr);
	inet_pton(AF_INET, "198.18.0.1", &h->dst_addr);
}

static void
test_acl_v4(void)
{
	static const struct {
		const char *src;
		uint8_t proto;
		uint32_t want;
	} cases[] = {
		{ "198.18.0.7", IPPROTO_UDP, SCS_A },   /* /24 beats /16 */
		{ "198.18.7.7", IPPROTO_UDP, SCS_B },
		{ "198.18.255.255", IPPROTO_UDP, SCS_B },
		{ "198.19.0.1", IPPROTO_UDP, SCS_NONE },
		{ "10.0.0.1", IPPROTO_UDP, SCS_C },
		{ "10.0.0.2", IPPROTO_UDP, SCS_NONE },
		{ "198.18.0.7", IPPROTO_TCP, SCS_NONE },
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	struct rte_ipv4_hdr h[N];
	const uint8_t *d[N];
	uint32_t scs[N];

	for (unsigned int i = 0; i < N; i++) {
		v4(&h[i], cases[i].src, cases[i].proto);
		d[i] = (const uint8_t *)&h[i];
	}
	scs_classify_v4(pol, d, scs, N);
	for (unsigned int i = 0; i < N; i++)
		CU_ASSERT_EQUAL(scs[i], cases[i].want);
}

static void
test_acl_v6(void)
{
	static const struct {
		const char *src;
		uint32_t want;
	} cases[] = {
		{ "2001:db8:0:2::5", SCS_A },
		{ "2001:db8:0:2:ffff:ffff:ffff:ffff", SCS_A },
		{ "2001:db8:0:3::1", SCS_B },
		{ "2001:db8:ffff::1", SCS_B },
		{ "2001:db9::1", SCS_NONE },
		{ "::1", SCS_NONE },
	};
	enum { N = sizeof(cases) / sizeof(cases[0]) };
	struct rte_ipv6_hdr h[N];
	const uint8_t *d[N];
	uint32_t scs[N];

	for (unsigned int i = 0; i < N; i++) {
		memset(&h[i], 0, sizeof(h[i]));
		h[i].vtc_flow = htonl(6u << 28);
		h[i].proto = IPPROTO_UDP;
		inet_pton(AF_INET6, cases[i].src, h[i].src_addr);
		d[i] = (const uint8_t *)&h[i];
	}
	scs_classify_v6(pol, d, scs, N);
	for (unsigned int i = 0; i < N; i++)
		CU_ASSERT_EQUAL(scs[i], cases[i].want);
}

#define S(x) (const uint8_t *)(x), (uint8_t)strlen(x)

static void
test_hyperscan(void)
{
	CU_ASSERT_FALSE(scs_identity_ok(view(pol), SCS_A, NULL, 0)); /* required */
	CU_ASSERT_TRUE(scs_identity_ok(view(pol), SCS_A, S("+15551234")));
	CU_ASSERT_TRUE(scs_identity_ok(view(pol), SCS_A, S("fleet-a")));
	CU_ASSERT_FALSE(scs_identity_ok(view(pol), SCS_A, S("fleet-ab")));
	CU_ASSERT_FALSE(scs_identity_ok(view(pol), SCS_A, S("+4930555")));
	CU_ASSERT_TRUE(scs_identity_ok(view(pol), SCS_B, NULL, 0)); /* no rule */
	CU_ASSERT_TRUE(scs_identity_ok(view(pol), SCS_B, S("anything")));

	CU_ASSERT_TRUE(scs_payload_denied(view(pol), SCS_A, S("please ShutDown now")));
	CU_ASSERT_TRUE(scs_payload_denied(view(pol), SCS_A, S("x; rm -rf /")));
	CU_ASSERT_FALSE(scs_payload_denied(view(pol), SCS_A, S("wake up")));
	CU_ASSERT_FALSE(scs_payload_denied(view(pol), SCS_B, S("shutdown")));
	CU_ASSERT_FALSE(scs_payload_denied(view(pol), SCS_A, NULL, 0));
	/* longer than max_payload (64) */
	CU_ASSERT_TRUE(scs_payload_denied(view(pol), SCS_B, (const uint8_t *)
		"0123456789012345678901234567890123456789012345678901234567890123456789", 65));
}

/* The identity verdicts a worker remembers: right on every hit, through
 * evictions and collisions (2,000 identities over 64 slots), for an
 * identity and its prefix, across SCSs, and past the memo's length limit. */
static void
test_identity_memo(void)
{
	const struct scs_id_memo *memo = state->lane[0].memo;
	char id[128];
	unsigned int wrong = 0, found = 0;

	for (int pass = 0; pass < 3; pass++) {
		for (unsigned int i = 0; i < 2000; i++) {
			int n = snprintf(id, sizeof(id), i % 2 ? "+4930%u" : "+1555%u", i * 7919);

			wrong += scs_identity_ok(view(pol), SCS_A, (const uint8_t *)id, (uint8_t)n) !=
				 !(i % 2);
		}
		for (unsigned int i = 0; i < 100; i++) {
			wrong += !scs_identity_ok(view(pol), SCS_A, S("fleet-a"));
			wrong += scs_identity_ok(view(pol), SCS_A, S("fleet-ab"));
			wrong += scs_identity_ok(view(pol), SCS_A, S("fleet-"));
			wrong += !scs_identity_ok(view(pol), SCS_B, S("fleet-ab")); /* no rule */
		}
		/* 65 to 100 octets: scanned every time */
		for (unsigned int len = 65; len <= 100; len++) {
			memset(id, '7', sizeof(id));
			memcpy(id, len % 2 ? "+1555" : "+4930", 5);
			wrong += scs_identity_ok(view(pol), SCS_A, (const uint8_t *)id, (uint8_t)len) !=
				 (len % 2);
		}
	}
	CU_ASSERT_EQUAL(wrong, 0);
	/* The verdicts were remembered, and only identities the memo can hold. */
	for (unsigned int i = 0; i < SCS_MEMO_SLOTS; i++) {
		CU_ASSERT(memo[i].scs == SCS_NONE || memo[i].len <= SCS_MEMO_ID_MAX);
		found += memo[i].scs == SCS_A && memo[i].len == 7 &&
			 memcmp(memo[i].id, "fleet-a", 7) == 0 && memo[i].ok;
	}
	CU_ASSERT_EQUAL(found, 1);
}

static void
test_compile_errors(void)
{
	static const char *src[] = { "10.9.0.0/16" };
	static const char *ids[] = { "ok", "a{2,1}" };
	static const char *bad_src[] = { "10.9.0.0/16", "not-an-address" };
	struct policy_scs_def d = { .name = "bad", .sources = src, .n_sources = 1,
		.identities = ids, .n_identities = 2 };
	struct policy_builder *b = policy_builder_new();
	char err[256] = "";

	CU_ASSERT_TRUE(policy_builder_add(b, &d, err, sizeof(err)) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "scs \"bad\": identities[1] \"a{2,1}\""));
	d.n_identities = 0;
	d.sources = bad_src;
	d.n_sources = 2;
	CU_ASSERT_TRUE(policy_builder_add(b, &d, err, sizeof(err)) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "sources[1] \"not-an-address\""));
	CU_ASSERT_EQUAL(policy_scs_count(b), 0);
	policy_builder_free(b);
}

static void
test_token_bucket(void)
{
	struct scs_policy *p = build();
	struct scs_state *st = scs_state_create(8, 1);
	uint64_t t = hz * 1000;
	int ok = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* fleet-b: 10/s, burst 5 */
	for (int i = 0; i < 8; i++)
		ok += scs_rate_take(view_on(p, st), SCS_B, t);
	CU_ASSERT_EQUAL(ok, 5);
	CU_ASSERT_FALSE(scs_rate_take(view_on(p, st), SCS_B, t + hz / 20)); /* half a token */
	CU_ASSERT_TRUE(scs_rate_take(view_on(p, st), SCS_B, t + hz / 10 + 1));
	CU_ASSERT_FALSE(scs_rate_take(view_on(p, st), SCS_B, t + hz / 10 + 2));
	/* a long pause refills to the burst, not beyond */
	ok = 0;
	for (int i = 0; i < 8; i++)
		ok += scs_rate_take(view_on(p, st), SCS_B, t + 100 * hz);
	CU_ASSERT_EQUAL(ok, 5);
	/* fleet-a has no rate */
	for (int i = 0; i < 1000; i++)
		CU_ASSERT_TRUE_FATAL(scs_rate_take(view_on(p, st), SCS_A, t));
	/* quota: fleet-c, 1 per 60 s */
	CU_ASSERT_TRUE(scs_quota_take(view_on(p, st), SCS_C, t));
	CU_ASSERT_FALSE(scs_quota_take(view_on(p, st), SCS_C, t + 1));
	CU_ASSERT_TRUE(scs_quota_take(view_on(p, st), SCS_C, t + 60 * hz));
	scs_state_free(st);
	policy_free(p);
}

static void
test_refusal_order(void)
{
	struct scs_policy *p = build();
	struct scs_state *st = scs_state_create(8, 1);
	uint64_t t = hz * 5000;
	struct scs_req r = { .scs = SCS_A };

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* everything wrong: 103 first */
	r.payload = (const uint8_t *)"shutdown";
	r.payload_len = 8;
	r.has_validity = 1;
	r.validity = 7200;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_INVSCSID);
	r.scs_id = (const uint8_t *)"+15550000";
	r.scs_id_len = 9;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_INVPERIOD);
	r.validity = 3600;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_INVPAYLOAD);
	r.payload = (const uint8_t *)"wake up";
	r.payload_len = 7;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_SUCCESS);

	/* fleet-c: 1/s, burst 2, quota 1. A 108 still took a token. */
	r = (struct scs_req){ .scs = SCS_C, .payload = (const uint8_t *)"x", .payload_len = 1 };
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_SUCCESS);
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_QUOTAEXCEEDED);
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t), RS_RATEEXCEEDED);
	/* a refusal before the rate check takes no token */
	r.payload_len = 100;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t + hz), RS_INVPAYLOAD);
	r.payload_len = 1;
	CU_ASSERT_EQUAL(scs_check(view_on(p, st), &r, t + hz), RS_QUOTAEXCEEDED);

	/* burst form */
	{
		struct scs_req rs[3] = {
			{ .scs = SCS_B, .payload = (const uint8_t *)"a", .payload_len = 1 },
			{ .scs = SCS_A, .payload = (const uint8_t *)"a", .payload_len = 1 },
			{ .scs = SCS_B, .payload = (const uint8_t *)"a", .payload_len = 1,
			  .has_validity = 1, .validity = 3601 },
		};
		uint16_t rc[3];

		CU_ASSERT_EQUAL(scs_check_burst(view_on(p, st), rs, 3, t, rc), 1);
		CU_ASSERT_EQUAL(rc[0], RS_SUCCESS);
		CU_ASSERT_EQUAL(rc[1], RS_INVSCSID);
		CU_ASSERT_EQUAL(rc[2], RS_INVPERIOD);
	}

	/* after the UE lookup: 102, 105, 106, 201 */
	{
		struct ue_ctx ue;
		uint32_t c = 0;

		memset(&ue, 0, sizeof(ue));
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_A, NULL, &c, false), RS_INVEXTID);
		ue.groups = 2; /* cars: not fleet-a's */
		ue.suspended = 1;
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_A, &ue, &c, false), RS_NOTAUTHORIZED);
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_SERVICEUNAVAILABLE);
		ue.suspended = 0;
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_TEMPORARYERROR);
		ue.count_next = 7;
		ue.count_bound = 9;
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_SUCCESS);
		CU_ASSERT_EQUAL(c, 7);
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_SUCCESS);
		CU_ASSERT_EQUAL(c, 8);
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_TEMPORARYERROR);
		ue.count_next = UE_COUNT_LIMIT;
		ue.count_bound = UE_COUNT_LIMIT;
		CU_ASSERT_EQUAL(scs_check_ue(p, SCS_B, &ue, &c, false), RS_SERVICEUNAVAILABLE);
	}
	scs_state_free(st);
	policy_free(p);
}

struct reader_arg {
	struct scs_policy_slot *slot;
	struct scs_state *state;
	unsigned int stop;
	unsigned long bad;
};

static void *
reader(void *v)
{
	struct reader_arg *a = v;
	struct rte_ipv4_hdr h;
	const uint8_t *d = (const uint8_t *)&h;

	v4(&h, "198.18.0.9", IPPROTO_UDP);
	rte_rcu_qsbr_thread_register(qs, 1);
	rte_rcu_qsbr_thread_online(qs, 1);
	while (!__atomic_load_n(&a->stop, __ATOMIC_ACQUIRE)) {
		const struct scs_policy *p = scs_policy_get(a->slot);
		uint32_t scs;

		for (int i = 0; p && i < 16; i++) {
			struct scs_view sv;

			scs_classify_v4(p, &d, &scs, 1);
			scs_view_init(&sv, p, a->state, 0);
			if (scs != SCS_A || p->n_scs != 3 ||
			    !scs_identity_ok(&sv, scs, S("+1555")))
				a->bad++;
		}
		rte_rcu_qsbr_quiescent(qs, 1);
	}
	rte_rcu_qsbr_thread_offline(qs, 1);
	rte_rcu_qsbr_thread_unregister(qs, 1);
	return NULL;
}

/* Live replacement under a reader: old policies freed after a grace period. */
static void
test_publish(void)
{
	struct scs_policy_slot slot = { NULL };
	struct reader_arg a = { .slot = &slot, .state = scs_state_create(8, 1) };
	pthread_t th;
	struct scs_policy *last = NULL;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, reader, &a), 0);
	for (int i = 0; i < 20; i++) {
		last = build();
		CU_ASSERT_PTR_NOT_NULL_FATAL(last);
		policy_publish(&slot, last, qs);
		CU_ASSERT_PTR_EQUAL(scs_policy_get(&slot), last);
	}
	__atomic_store_n(&a.stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	CU_ASSERT_EQUAL(a.bad, 0);
	scs_state_free(a.state);
	policy_publish(&slot, NULL, qs);
	CU_ASSERT_PTR_NULL(scs_policy_get(&slot));
}

static struct scs_policy *
build_from(struct policy_builder *b)
{
	struct policy_limits l = { .max_payload = 64, .max_validity = 3600, .n_workers = 1 };
	struct scs_policy *p = NULL;
	char err[256];

	if (policy_build(b, &l, &p, err, sizeof(err)) != 0)
		fprintf(stderr, "%s\n", err);
	return p;
}

/* Ids are stable and never reused; an update keeps the id, a delete retires
 * it; the snapshots say which ids are present, with rising generations. */
static void
test_stable_ids(void)
{
	static const char *d_src[] = { "192.0.2.0/24" };
	static const char *e_src[] = { "192.0.2.0/24" }; /* d's, once d is gone */
	struct policy_scs_def d = { .name = "fleet-d", .sources = d_src, .n_sources = 1 };
	struct policy_scs_def e = { .name = "fleet-e", .sources = e_src, .n_sources = 1 };
	struct policy_builder *b = builder();
	struct scs_policy *p1, *p2;
	char err[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(policy_builder_add(b, &d, err, sizeof(err)), 3);
	CU_ASSERT_TRUE(policy_builder_add(b, &e, err, sizeof(err)) == -EEXIST); /* prefix */
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "fleet-d"));
	p1 = build_from(b);
	CU_ASSERT_EQUAL(policy_builder_delete(b, SCS_B), 0);
	CU_ASSERT_EQUAL(policy_builder_delete(b, SCS_B), -ENOENT);
	CU_ASSERT_EQUAL(policy_builder_delete(b, 3), 0);
	CU_ASSERT_EQUAL(policy_builder_add(b, &e, err, sizeof(err)), 4); /* not 1, not 3 */
	CU_ASSERT_EQUAL(policy_scs_index(b, "fleet-e"), 4);
	CU_ASSERT_EQUAL(policy_scs_index(b, "fleet-b"), -ENOENT);
	CU_ASSERT_EQUAL(policy_scs_count(b), 3);
	CU_ASSERT_EQUAL(policy_scs_ids(b), 5);
	p2 = build_from(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p2);
	CU_ASSERT_TRUE(p2->generation > p1->generation);
	CU_ASSERT_TRUE(p1->scs[SCS_B].present && !p2->scs[SCS_B].present);
	CU_ASSERT_TRUE(p2->scs[4].present && strcmp(p2->scs[4].name, "fleet-e") == 0);
	/* 192.0.2.9 was fleet-d's (id 3), is now fleet-e's (id 4) */
	{
		struct rte_ipv4_hdr h;
		const uint8_t *dp = (const uint8_t *)&h;
		uint32_t id;

		v4(&h, "192.0.2.9", IPPROTO_UDP);
		scs_classify_v4(p1, &dp, &id, 1);
		CU_ASSERT_EQUAL(id, 3);
		scs_classify_v4(p2, &dp, &id, 1);
		CU_ASSERT_EQUAL(id, 4);
	}
	policy_free(p1);
	policy_free(p2);
	policy_builder_free(b);
}

/* Changing one SCS's rate refills nobody's bucket and resets no quota: the
 * state lives apart from the snapshots. */
static void
test_update_keeps_state(void)
{
	static const char *b_src[] = { "198.18.0.0/16", "2001:db8::/32" };
	struct policy_scs_def nb = { .name = "fleet-b", .sources = b_src, .n_sources = 2,
				     .rate = 20, .burst = 5 };
	struct policy_builder *b = builder();
	struct scs_state *st = scs_state_create(8, 1);
	struct scs_policy *p1 = build_from(b), *p2;
	uint64_t t = hz * 7000;
	char err[256];
	int ok = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
	/* empty fleet-b's bucket (10/s, burst 5) and use fleet-c's quota (1) */
	for (int i = 0; i < 8; i++)
		ok += scs_rate_take(view_on(p1, st), SCS_B, t);
	CU_ASSERT_EQUAL(ok, 5);
	CU_ASSERT_TRUE(scs_quota_take(view_on(p1, st), SCS_C, t));
	CU_ASSERT_EQUAL(policy_builder_update(b, SCS_B, &nb, err, sizeof(err)), SCS_B);
	nb.name = "renamed";
	CU_ASSERT_EQUAL(policy_builder_update(b, SCS_B, &nb, err, sizeof(err)), -EINVAL);
	p2 = build_from(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p2);
	/* still empty under the new rule, and fleet-c's quota still used */
	CU_ASSERT_FALSE(scs_rate_take(view_on(p2, st), SCS_B, t));
	CU_ASSERT_FALSE(scs_quota_take(view_on(p2, st), SCS_C, t + 1));
	/* the new rate: one token per 50 ms */
	CU_ASSERT_TRUE(scs_rate_take(view_on(p2, st), SCS_B, t + hz / 20 + 1));
	policy_free(p1);
	policy_free(p2);
	scs_state_free(st);
	policy_builder_free(b);
}

/* A group keeps its bit while an SCS names it or a UE is in it. */
static void
test_group_bits(void)
{
	struct policy_builder *b = builder(), *c;
	uint32_t n_scs = 9, n_ues = 9;
	int meters = policy_group_bit(b, "meters");

	CU_ASSERT_TRUE_FATAL(meters >= 0);
	CU_ASSERT_EQUAL(policy_groups_ref_ues(b, UINT64_C(1) << meters, +1), 0);
	CU_ASSERT_EQUAL(policy_groups_ref_ues(b, UINT64_C(1) << 40, +1), -ENOENT);
	/* fleet-a and fleet-c named "meters": one UE still holds it */
	CU_ASSERT_EQUAL(policy_builder_delete(b, SCS_A), 0);
	CU_ASSERT_EQUAL(policy_builder_delete(b, SCS_C), 0);
	CU_ASSERT_EQUAL(policy_group_bit(b, "meters"), meters);
	CU_ASSERT_STRING_EQUAL(policy_group_info(b, (unsigned int)meters, &n_scs, &n_ues),
			       "meters");
	CU_ASSERT_EQUAL(n_scs, 0);
	CU_ASSERT_EQUAL(n_ues, 1);
	/* a clone changes on its own */
	c = policy_builder_clone(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(policy_groups_ref_ues(c, UINT64_C(1) << meters, -1), 0);
	CU_ASSERT_EQUAL(policy_group_bit(c, "meters"), -ENOENT);
	CU_ASSERT_EQUAL(policy_group_bit(b, "meters"), meters);
	policy_builder_free(c);
	policy_builder_free(b);
}

static CU_TestInfo tests[] = {
	{ "IPv4 source ACL", test_acl_v4 },
	{ "IPv6 source ACL", test_acl_v6 },
	{ "Hyperscan identity and deny verdicts", test_hyperscan },
	{ "identity verdicts remembered", test_identity_memo },
	{ "compile errors name the expression", test_compile_errors },
	{ "token bucket and quota", test_token_bucket },
	{ "refusal order", test_refusal_order },
	{ "publish under RCU", test_publish },
	{ "SCS ids stable, never reused", test_stable_ids },
	{ "an update keeps every bucket and quota", test_update_keeps_state },
	{ "group bits kept while in use", test_group_bits },
	CU_TEST_INFO_NULL,
};

static int
suite_init(void)
{
	pol = build();
	state = scs_state_create(8, 1);
	return pol == NULL || state == NULL;
}

static int
suite_clean(void)
{
	policy_free(pol);
	scs_state_free(state);
	return 0;
}

static CU_SuiteInfo suites[] = {
	{ "scs_policy", suite_init, suite_clean, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	ctest_eal_init(argv[0]);
	qs = ctest_qsbr(4);
	hz = rte_get_tsc_hz();
	return test_main(argc, argv, suites);
}
