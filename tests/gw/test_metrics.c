/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The metrics' pure parts: the Prometheus text format (label escaping,
 * family headers, samples) and the kinds declared with the counters.
 */
#include <stdlib.h>
#include <string.h>

#include "ctr_kind.h"
#include "gw_counters.h"
#include "prom_text.h"
#include "testlib.h"
#include "wire_counters.h"

static char *
label(const char *s)
{
	struct text_buf b;

	text_init(&b);
	prom_label_value(&b, s);
	text_printf(&b, "%s", ""); /* an empty text is still a string */
	return text_take(&b, NULL);
}

static void
test_escape(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "fleet-a", "fleet-a" },
		{ "a\\b", "a\\\\b" },
		{ "say \"hi\"", "say \\\"hi\\\"" },
		{ "two\nlines", "two\\nlines" },
		{ "\\\"\n", "\\\\\\\"\\n" },
		{ "", "" },
		{ "tab\there", "tab\there" },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *s = label(v[i].in);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_STRING_EQUAL(s, v[i].out);
		free(s);
	}
}

static void
test_sample_and_family(void)
{
	struct text_buf b;
	size_t len = 0;
	char *s;

	text_init(&b);
	prom_family(&b, "mtcgw_x_total", "counter", "a \\ help\nline with \"quotes\"");
	prom_sample(&b, "mtcgw_x_total", (const char *const[]){ "scs", "q\"s", "kind", "drop" },
		    2, 42);
	prom_sample(&b, "mtcgw_y", NULL, 0, 18446744073709551615ull);
	s = text_take(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(len, strlen(s));
	CU_ASSERT_STRING_EQUAL(s,
		"# HELP mtcgw_x_total a \\\\ help\\nline with \"quotes\"\n"
		"# TYPE mtcgw_x_total counter\n"
		"mtcgw_x_total{scs=\"q\\\"s\",kind=\"drop\"} 42\n"
		"mtcgw_y 18446744073709551615\n");
	free(s);
}

static void
test_growth(void)
{
	struct text_buf b;
	size_t len = 0;
	char *s;

	text_init(&b);
	for (int i = 0; i < 10000; i++)
		text_printf(&b, "%05d\n", i);
	s = text_take(&b, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(len, 60000);
	CU_ASSERT(strncmp(s + 59994, "09999\n", 6) == 0);
	free(s);
	CU_ASSERT_PTR_NULL(b.p);
}

static void
test_names(void)
{
	CU_ASSERT(prom_valid_name("mtcgw_requests_total"));
	CU_ASSERT(prom_valid_name("a:b_c9"));
	CU_ASSERT(!prom_valid_name("9a"));
	CU_ASSERT(!prom_valid_name("a-b"));
	CU_ASSERT(!prom_valid_name(""));
	/* Every counter makes a valid mtcgw_<name>_total. */
	for (int i = 0; i < GW_CTR_MAX; i++)
		CU_ASSERT(prom_valid_name(gw_counter_desc[i].name));
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		CU_ASSERT(prom_valid_name(wire_counter_desc[i].name));
}

static void
test_kind_names(void)
{
	static const char *const want[] = { "success", "refusal", "fault", "drop", "info" };

	CU_ASSERT_EQUAL(CTR_KINDS, 5);
	for (int k = 0; k < CTR_KINDS; k++) {
		CU_ASSERT_STRING_EQUAL(ctr_kind_name[k], want[k]);
		CU_ASSERT_EQUAL(ctr_kind_parse(want[k]), k);
	}
	CU_ASSERT_EQUAL(ctr_kind_parse("drops"), -1);
	CU_ASSERT_EQUAL(ctr_kind_parse(""), -1);
	CU_ASSERT_EQUAL(ctr_kind_parse(NULL), -1);
	CU_ASSERT(ctr_kind_answered(CTR_KIND_success) && ctr_kind_answered(CTR_KIND_refusal) &&
		  ctr_kind_answered(CTR_KIND_fault));
	CU_ASSERT(!ctr_kind_answered(CTR_KIND_drop) && !ctr_kind_answered(CTR_KIND_info));
}

/* The kinds as declared, held to what each counter counts. */
static void
test_kind_tables(void)
{
	int n[CTR_KINDS] = { 0 };

	for (int i = 0; i < GW_CTR_MAX; i++) {
		const char *s = gw_counter_desc[i].name;
		enum ctr_kind k = gw_counter_desc[i].kind, want;

		CU_ASSERT_FATAL((int)k >= 0 && k < CTR_KINDS);
		n[k]++;
		if (i == GW_CTR_rs_0_success || i == GW_CTR_rs_112_originalmessagesent)
			want = CTR_KIND_success;
		else if (strncmp(s, "rs_", 3) == 0 || i == GW_CTR_rc_3004_too_busy)
			want = CTR_KIND_refusal;
		else if (strncmp(s, "drop_", 5) == 0)
			want = CTR_KIND_drop;
		else
			want = CTR_KIND_info;
		CU_ASSERT_EQUAL(k, want);
	}
	for (int i = 0; i < WIRE_CTR_MAX; i++) {
		const char *s = wire_counter_desc[i].name;
		enum ctr_kind k = wire_counter_desc[i].kind, want;

		CU_ASSERT_FATAL((int)k >= 0 && k < CTR_KINDS);
		n[k]++;
		if (i >= WIRE_CTR_dar_3001 && i <= WIRE_CTR_dar_5015)
			want = CTR_KIND_fault;
		else if (strncmp(s, "drop_", 5) == 0 || strncmp(s, "dar_drop_", 9) == 0 ||
			 i == WIRE_CTR_daa_no_room)
			want = CTR_KIND_drop;
		else
			want = CTR_KIND_info;
		CU_ASSERT_EQUAL(k, want);
	}
	CU_ASSERT_EQUAL(n[CTR_KIND_success], 2);
	CU_ASSERT_EQUAL(n[CTR_KIND_refusal], 12);
	CU_ASSERT_EQUAL(n[CTR_KIND_fault], 9);
	CU_ASSERT(n[CTR_KIND_drop] > 20 && n[CTR_KIND_info] > 10);
}

static CU_TestInfo tests[] = {
	{ "label values escaped", test_escape },
	{ "family headers and samples", test_sample_and_family },
	{ "the buffer grows", test_growth },
	{ "metric names", test_names },
	{ "kind names", test_kind_names },
	{ "kinds of the counters", test_kind_tables },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "metrics", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	return test_main(argc, argv, suites);
}
