/* SPDX-License-Identifier: BSD-3-Clause */
/* gwctl's requests: what each command's arguments make, the import batches
 * and their line numbers, key files, the socket path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "conn.h"
#include "req.h"
#include "testlib.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const KIWF =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/* Builds argv's request and compares its body with want (JSON text). */
static void
expect_body(int argc, char **argv, const char *want)
{
	json_t *w = json_loads(want, 0, NULL);
	char err[256] = "";
	struct req r;
	int rc = req_build(argc, argv, &r, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0)
		fprintf(stderr, "\n%s\n", err);
	CU_ASSERT_TRUE(json_equal(r.body, w));
	if (!json_equal(r.body, w)) {
		char *got = json_dumps(r.body, JSON_COMPACT);

		fprintf(stderr, "\ngot  %s\nwant %s\n", got, want);
		free(got);
	}
	json_decref(r.body);
	json_decref(w);
}

/* argv is refused, and the reason holds needle. */
static void
expect_refused(int argc, char **argv, const char *needle)
{
	char err[256] = "";
	struct req r;

	CU_ASSERT_EQUAL(req_build(argc, argv, &r, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
	if (strstr(err, needle) == NULL)
		fprintf(stderr, "\nreason '%s' lacks '%s'\n", err, needle);
}

static void
test_ue_update(void)
{
	char *a[] = { "ue", "update", "001010000000001", "--group", "a", "--group", "b", "--suspend" };
	char *b[] = { "ue", "update", "--no-groups", "001010000000001", "--resume" };
	char *c[] = { "ue", "update", "001010000000001", "--group", "a", "--no-groups" };
	char *d[] = { "ue", "update", "001010000000001", "--suspend", "--resume" };
	char *e[] = { "ue", "update", "001010000000001" };
	char *f[] = { "ue", "update", "--suspend" };
	char *g[] = { "ue", "update", "001010000000001", "--bogus" };

	expect_body(ARGC(a), a, "{\"op\":\"ue.update\",\"data\":{\"ue\":\"001010000000001\","
		    "\"groups\":[\"a\",\"b\"],\"suspended\":true}}");
	expect_body(ARGC(b), b, "{\"op\":\"ue.update\",\"data\":{\"ue\":\"001010000000001\","
		    "\"groups\":[],\"suspended\":false}}");
	expect_refused(ARGC(c), c, "exclude");
	expect_refused(ARGC(d), d, "exclude");
	expect_refused(ARGC(e), e, "nothing to change");
	expect_refused(ARGC(f), f, "IMSI missing");
	expect_refused(ARGC(g), g, "--bogus");
}

static void
test_scs_update(void)
{
	char *a[] = { "scs", "update", "x", "--rate", "5" };
	char *b[] = { "scs", "update", "x", "--source", "10.0.0.0/8", "--source", "2001:db8::/32",
		      "--no-require-identity", "--quota-period", "60", "--deny", "(?i)off" };
	char *c[] = { "scs", "update", "x", "--rate", "5k" };
	char *d[] = { "scs", "update", "x" };
	char *e[] = { "scs", "update", "x", "--require-identity", "--no-require-identity" };
	char *f[] = { "scs", "update", "x", "--rate" };

	expect_body(ARGC(a), a, "{\"op\":\"scs.update\",\"data\":{\"scs\":\"x\",\"rate\":5}}");
	expect_body(ARGC(b), b, "{\"op\":\"scs.update\",\"data\":{\"scs\":\"x\","
		    "\"sources\":[\"10.0.0.0/8\",\"2001:db8::/32\"],\"require_identity\":false,"
		    "\"quota_period\":60,\"deny_payload\":[\"(?i)off\"]}}");
	expect_refused(ARGC(c), c, "not a decimal number");
	expect_refused(ARGC(d), d, "nothing to change");
	expect_refused(ARGC(e), e, "exclude");
	expect_refused(ARGC(f), f, "needs a value");
}

static void
test_simple(void)
{
	char *del[] = { "ue", "delete", "A", "B" };
	char *sdel[] = { "scs", "delete", "x" };
	char *show[] = { "ue", "show", "001010000000001" };
	char *all[] = { "scs", "show" };
	char *one[] = { "scs", "show", "x" };
	char *cnt[] = { "counters", "--worker", "1", "--scs", "x" };
	char *st[] = { "stats" };
	char *cfg[] = { "config", "show" };
	char *nodel[] = { "ue", "delete" };
	char *extra[] = { "stats", "now" };
	char *nocmd[] = { "ue", "frob" };
	char *noun[] = { "frob" };

	expect_body(ARGC(del), del, "{\"op\":\"batch\",\"ops\":["
		    "{\"op\":\"ue.delete\",\"data\":{\"ue\":\"A\"}},"
		    "{\"op\":\"ue.delete\",\"data\":{\"ue\":\"B\"}}]}");
	expect_body(ARGC(sdel), sdel, "{\"op\":\"batch\",\"ops\":["
		    "{\"op\":\"scs.delete\",\"data\":{\"scs\":\"x\"}}]}");
	expect_body(ARGC(show), show, "{\"op\":\"ue.show\",\"data\":{\"ue\":\"001010000000001\"}}");
	expect_body(ARGC(all), all, "{\"op\":\"scs.show\",\"data\":{}}");
	expect_body(ARGC(one), one, "{\"op\":\"scs.show\",\"data\":{\"scs\":\"x\"}}");
	expect_body(ARGC(cnt), cnt, "{\"op\":\"counters\",\"data\":{\"worker\":1,\"scs\":\"x\"}}");
	expect_body(ARGC(st), st, "{\"op\":\"stats\",\"data\":{}}");
	expect_body(ARGC(cfg), cfg, "{\"op\":\"config.show\",\"data\":{}}");
	expect_refused(ARGC(nodel), nodel, "IMSI missing");
	expect_refused(ARGC(extra), extra, "unexpected argument 'now'");
	expect_refused(ARGC(nocmd), nocmd, "no command 'frob'");
	expect_refused(ARGC(noun), noun, "no command 'frob'");
}

static void
test_file_commands(void)
{
	char *add[] = { "ue", "add" };
	char *sadd[] = { "scs", "add", "scs.jsonl" };
	char *imp[] = { "ue", "import", "--batch", "100", "ues.jsonl" };
	char *imp_def[] = { "ue", "import", "ues.jsonl" };
	char *imp_none[] = { "ue", "import" };
	char *imp_big[] = { "ue", "import", "f", "--batch", "100001" };
	char err[256];
	struct req r;

	CU_ASSERT_EQUAL_FATAL(req_build(ARGC(add), add, &r, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(r.kind, REQ_FILE_UE);
	CU_ASSERT_STRING_EQUAL(r.file, "-");
	CU_ASSERT_EQUAL_FATAL(req_build(ARGC(sadd), sadd, &r, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(r.kind, REQ_FILE_SCS);
	CU_ASSERT_STRING_EQUAL(r.file, "scs.jsonl");
	CU_ASSERT_EQUAL_FATAL(req_build(ARGC(imp), imp, &r, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(r.kind, REQ_IMPORT);
	CU_ASSERT_EQUAL(r.batch, 100);
	CU_ASSERT_STRING_EQUAL(r.file, "ues.jsonl");
	CU_ASSERT_EQUAL_FATAL(req_build(ARGC(imp_def), imp_def, &r, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(r.batch, REQ_IMPORT_BATCH);
	expect_refused(ARGC(imp_none), imp_none, "FILE missing");
	expect_refused(ARGC(imp_big), imp_big, "over 100000");
}

/* The batch request b holds, parsed; checks its framing on the way. */
static json_t *
take(struct batcher *b, long long id)
{
	size_t len;
	const char *text = batcher_take(b, id, &len);
	json_t *req;

	CU_ASSERT_FATAL(len > 0 && text[len - 1] == '\n');
	CU_ASSERT_PTR_EQUAL(memchr(text, '\n', len), text + len - 1);
	req = json_loadb(text, len - 1, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(req, "v")), 1);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(req, "id")), id);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(req, "op")), "batch");
	return req;
}

static char *
ue_line(int i)
{
	char *s;

	CU_ASSERT_FATAL(asprintf(&s, "{\"ue\": \"0010100000%05d\", \"k_iwf\": \"%s\", \"ksi\": 1, "
				 "\"eea\": 2, \"eia\": 2}\n", i, KIWF) > 0);
	return s;
}

/* A provisioning file: comments and blank lines among 7 UE lines and two
 * SCS lines (one of them late). Returns it; lines[] gets each UE's line. */
static char *
sample_file(uint32_t ue_lines[7], uint32_t scs_lines[2])
{
	char *text = strdup("# a comment\n\n{\"scs\": \"a\", \"sources\": [\"10.0.0.0/8\"]}\n");
	uint32_t line = 3;
	int i;

	scs_lines[0] = 3;
	for (i = 0; i < 7; i++) {
		char *u = ue_line(i), *t;

		CU_ASSERT_FATAL(asprintf(&t, "%s%s%s", text, i == 4 ? "  \n# more\n" : "", u) > 0);
		line += i == 4 ? 3 : 1;
		ue_lines[i] = line;
		free(text);
		free(u);
		text = t;
		if (i == 5) {
			CU_ASSERT_FATAL(asprintf(&t, "%s{\"scs\": \"b\", \"groups\": [\"ue\"]}\r\n", text) > 0);
			free(text);
			text = t;
			scs_lines[1] = ++line;
		}
	}
	return text;
}

static void
test_import_batches(void)
{
	uint32_t ue_lines[7], scs_lines[2];
	char *text = sample_file(ue_lines, scs_lines), err[256];
	FILE *f = fmemopen(text, strlen(text), "r");
	struct batcher scs, ue;
	struct lines l;
	const char *t;
	size_t len, sizes[4], nb = 0;
	json_t *req;
	long n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	lines_init(&l, f);
	CU_ASSERT_EQUAL_FATAL(batcher_init(&scs, "scs", 10, 1), 0);
	CU_ASSERT_EQUAL_FATAL(batcher_init(&ue, "ue", 3, 1), 0);

	/* The first pass finds the SCS lines and passes over the UEs. */
	while (lines_next(&l, &t, &len) > 0)
		CU_ASSERT_NOT_EQUAL(batcher_add(&scs, t, len, l.line, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(scs.n, 2);
	req = take(&scs, 1);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(req, "ops")), 2);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(
		json_array_get(json_object_get(req, "ops"), 1), "op")), "scs.add");
	CU_ASSERT_EQUAL(batcher_line(&scs, 0), scs_lines[0]);
	CU_ASSERT_EQUAL(batcher_line(&scs, 1), scs_lines[1]);
	CU_ASSERT_EQUAL(batcher_line(&scs, 2), 0);
	json_decref(req);

	/* The second, 7 UEs in batches of 3: 3, 3, 1, each op naming its line. */
	CU_ASSERT_EQUAL_FATAL(lines_rewind(&l), 0);
	while ((n = batcher_fill(&ue, &l, err, sizeof(err))) > 0 && nb < 4) {
		json_t *ops;

		req = take(&ue, 1000000000000LL + (long long)nb);
		ops = json_object_get(req, "ops");
		sizes[nb] = json_array_size(ops);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(req, "op")), "batch");
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(ops, 0), "op")),
				       "ue.add");
		/* An error at index i of this batch names the UE's line. */
		for (size_t i = 0; i < sizes[nb]; i++)
			CU_ASSERT_EQUAL(batcher_line(&ue, (json_int_t)i), ue_lines[nb * 3 + i]);
		CU_ASSERT_EQUAL(batcher_line(&ue, (json_int_t)sizes[nb]), 0);
		CU_ASSERT_EQUAL(batcher_line(&ue, -1), 0);
		json_decref(req);
		nb++;
	}
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL_FATAL(nb, 3);
	CU_ASSERT_EQUAL(sizes[0], 3);
	CU_ASSERT_EQUAL(sizes[1], 3);
	CU_ASSERT_EQUAL(sizes[2], 1);
	/* The UE at index 1 of the second batch is the file's fifth UE, after
	 * the blank line and the comment. */
	CU_ASSERT_EQUAL(ue_lines[4], 10);

	batcher_free(&scs);
	batcher_free(&ue);
	lines_free(&l);
	fclose(f);
	free(text);
}

static void
test_batch_refusals(void)
{
	uint32_t ue_lines[7], scs_lines[2];
	char *text = sample_file(ue_lines, scs_lines), err[256];
	char bad[160];
	struct batcher b;
	FILE *f;
	struct lines l;

	/* ue add takes UE lines only: the SCS line is refused by its number. */
	f = fmemopen(text, strlen(text), "r");
	lines_init(&l, f);
	CU_ASSERT_EQUAL_FATAL(batcher_init(&b, "ue", 100, 0), 0);
	CU_ASSERT_EQUAL(batcher_fill(&b, &l, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "line 3: an SCS line where UE lines are expected");
	batcher_free(&b);
	lines_free(&l);
	fclose(f);

	/* A batch full is refused rather than grown past its limit. */
	CU_ASSERT_EQUAL_FATAL(batcher_init(&b, "ue", 1, 0), 0);
	CU_ASSERT_EQUAL(batcher_add(&b, "{\"ue\":\"1\"}", 10, 1, err, sizeof(err)), 1);
	CU_ASSERT_EQUAL(batcher_add(&b, "{\"ue\":\"2\"}", 10, 2, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "line 2: more than 1 operations in one batch");

	/* Bad JSON: named by line, and the key text is never quoted. */
	snprintf(bad, sizeof(bad), "{\"ue\": \"1\", \"k_iwf\": %s}", KIWF);
	CU_ASSERT_EQUAL(batcher_add(&b, bad, strlen(bad), 7, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 7: bad JSON"));
	CU_ASSERT_PTR_NULL(strstr(err, "0102"));
	CU_ASSERT_EQUAL(batcher_add(&b, "[1]", 3, 8, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "line 8: not a JSON object");
	CU_ASSERT_EQUAL(batcher_add(&b, "{\"x\":1}", 7, 9, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "line 9: neither an \"scs\" nor a \"ue\" line");
	batcher_free(&b);
	free(text);
}

/* Every line becomes an operation whose data is the line's object, whether
 * copied as it is or encoded again; a line that is not one object never
 * gets into the request, where it could make more than one operation. */
static void
test_line_copies(void)
{
	static const char *const taken[] = {
		"{\"ue\": \"1\", \"groups\": [], \"suspended\": false, \"x\": null, \"n\": -12}  ",
		"{\"ue\":\"2\",\"external_id\":\"caf\\u00e9@x\",\"q\":\"a\\\"b\\\\\"}",
		"{\"ue\": \"3\", \"msisdn\": \"\xc3\xa9\"}",
		"{\"ue\": \"4\", \"ksi\": 1e0, \"big\": 1234567890123456789, \"r\": -0.5}",
		"{\"\\u0075e\": \"5\", \"a\": {\"b\": [[[{}]]]}}",
		"{\"ue\": \"6\", \"groups\": [\"scs\"]}",
	};
	static const char *const refused[] = {
		"{\"ue\": \"1\"} x",
		"{\"ue\": \"1\",}",
		"{\"ue\": \"1\"}, {\"op\": \"ue.delete\", \"data\": {\"ue\": \"2\"}}",
		"{\"ue\": \"1\"}{\"ue\": \"2\"}",
		"{\"ue\": [1, 2}",
		"{\"ue\": \"1\", \"ue\": \"2\"}",
		"{\"ue\": \"tab\there\"}",
		"{\"ue\": 01}",
		"{\"ue\": \"1\", \"ksi\": 12345678901234567890}",
	};
	struct batcher b, scs;
	char err[256];
	json_t *req;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(batcher_init(&b, "ue", 100, 0), 0);
	CU_ASSERT_EQUAL_FATAL(batcher_init(&scs, "scs", 100, 1), 0);
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		CU_ASSERT_EQUAL(batcher_add(&b, taken[i], strlen(taken[i]), (uint32_t)i + 1,
					    err, sizeof(err)), 1);
		/* A UE line naming a group "scs" is still a UE line. */
		CU_ASSERT_EQUAL(batcher_add(&scs, taken[i], strlen(taken[i]), 1, err, sizeof(err)), 0);
	}
	req = take(&b, 5);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(req, "ops")), i);
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		json_t *op = json_array_get(json_object_get(req, "ops"), i);
		json_t *want = json_loads(taken[i], JSON_DECODE_ANY, NULL);

		CU_ASSERT_EQUAL(json_object_size(op), 2);
		CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(op, "op")), "ue.add");
		CU_ASSERT_TRUE(json_equal(json_object_get(op, "data"), want));
		CU_ASSERT_EQUAL(batcher_line(&b, (json_int_t)i), i + 1);
		json_decref(want);
	}
	json_decref(req);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CU_ASSERT_EQUAL(batcher_add(&b, refused[i], strlen(refused[i]), 4, err, sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 4: bad JSON"));
		if (strstr(err, "line 4: bad JSON") == NULL)
			fprintf(stderr, "\n%s: %s\n", refused[i], err);
	}
	CU_ASSERT_EQUAL(b.n, 0);
	batcher_free(&b);
	batcher_free(&scs);
}

/* A ue.rekey body with the key of text added: 0, or -1 with err. */
static int
rekey(const char *text, json_t **body, char *err, size_t errlen)
{
	char *a[] = { "ue", "rekey", "001010000000001", "--ksi", "2", "--eia", "1" };
	struct req r;

	CU_ASSERT_EQUAL_FATAL(req_build(ARGC(a), a, &r, err, errlen), 0);
	CU_ASSERT_EQUAL(r.kind, REQ_REKEY);
	CU_ASSERT_STRING_EQUAL(r.key_file, "-");
	*body = r.body;
	return req_rekey_key(r.body, text, strlen(text), err, errlen);
}

static void
test_rekey_keys(void)
{
	static const char *const refused[] = {
		"0001", /* short */
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g", /* not hex */
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00",
		"{\"k_iwf\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1z\"}",
		"{\"k_iwf\": 5}",
		"{\"k_asme\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\"}",
		"{\"k_iwf\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\", "
		"\"k_asme\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\", "
		"\"nonce\": \"000102030405060708090a0b0c0d0e0f\"}",
		"{\"k_asme\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\", "
		"\"nonce\": \"000102030405060708090a0b0c0d0e\"}",
		"{\"k_iwf\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\", "
		"\"x\": 1}",
		"{\"k_iwf\": \"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\"",
		"",
	};
	char *missing_ksi[] = { "ue", "rekey", "001010000000001", "--eea", "1" };
	char err[256], text[200];
	json_t *body, *want;
	size_t i;

	/* A bare line, newline and spaces around it. */
	snprintf(text, sizeof(text), "  %s\n", KIWF);
	CU_ASSERT_EQUAL(rekey(text, &body, err, sizeof(err)), 0);
	want = json_pack("{s:s,s:{s:s,s:i,s:i,s:s}}", "op", "ue.rekey", "data",
			 "ue", "001010000000001", "ksi", 2, "eia", 1, "k_iwf", KIWF);
	CU_ASSERT_TRUE(json_equal(body, want));
	json_decref(want);
	json_decref(body);

	/* A JSON object with K_ASME and NONCE. */
	snprintf(text, sizeof(text), "{\"k_asme\": \"%s\",\n \"nonce\": \"%.32s\"}\n", KIWF, KIWF);
	CU_ASSERT_EQUAL(rekey(text, &body, err, sizeof(err)), 0);
	want = json_pack("{s:s,s:{s:s,s:i,s:i,s:s,s:s%}}", "op", "ue.rekey", "data",
			 "ue", "001010000000001", "ksi", 2, "eia", 1, "k_asme", KIWF,
			 "nonce", KIWF, (size_t)32);
	CU_ASSERT_TRUE(json_equal(body, want));
	json_decref(want);
	json_decref(body);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CU_ASSERT_EQUAL(rekey(refused[i], &body, err, sizeof(err)), -1);
		/* Nor is a key, even a bad one, ever quoted. */
		CU_ASSERT_PTR_NULL(strstr(err, "0102"));
		CU_ASSERT_PTR_NULL(json_object_get(json_object_get(body, "data"), "k_iwf"));
		json_decref(body);
	}
	expect_refused(ARGC(missing_ksi), missing_ksi, "--ksi missing");
}

static void
test_socket_path(void)
{
	char buf[108], longname[200];

	CU_ASSERT_STRING_EQUAL(conn_path("/tmp/s", "p", "/e.sock", buf, sizeof(buf)), "/tmp/s");
	CU_ASSERT_STRING_EQUAL(conn_path(NULL, "p", "/e.sock", buf, sizeof(buf)), "/run/mtc-gw/p.sock");
	CU_ASSERT_STRING_EQUAL(conn_path(NULL, NULL, "/e.sock", buf, sizeof(buf)), "/e.sock");
	CU_ASSERT_STRING_EQUAL(conn_path(NULL, NULL, "", buf, sizeof(buf)), "/run/mtc-gw/rte.sock");
	CU_ASSERT_STRING_EQUAL(conn_path(NULL, NULL, NULL, buf, sizeof(buf)), "/run/mtc-gw/rte.sock");
	CU_ASSERT_PTR_NULL(conn_path(NULL, "a/b", NULL, buf, sizeof(buf)));
	CU_ASSERT_PTR_NULL(conn_path(NULL, "", NULL, buf, sizeof(buf)));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CU_ASSERT_PTR_NULL(conn_path(NULL, longname, NULL, buf, sizeof(buf)));
}

static void
test_encode(void)
{
	struct conn c = { .fd = -1 };
	json_t *body = json_pack("{s:s,s:{s:s}}", "op", "ue.show", "data", "ue", "a\nb"), *got;
	long long id;
	size_t len;
	char *text = conn_encode(&c, body, &id, &len);

	/* One line: the newline inside a value is escaped, one ends it. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(id, 1);
	CU_ASSERT_EQUAL(text[len - 1], '\n');
	CU_ASSERT_PTR_EQUAL(memchr(text, '\n', len), text + len - 1);
	got = json_loadb(text, len, 0, NULL);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(got, "v")), 1);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(got, "id")), 1);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(got, "op")), "ue.show");
	json_decref(got);
	conn_wipe_free(text);
	text = conn_encode(&c, body, &id, &len);
	CU_ASSERT_EQUAL(id, 2);
	conn_wipe_free(text);
	json_decref(body);

	/* Over 64 MiB is never sent. */
	{
		size_t big = CONN_MAX_REQUEST;
		char *s = malloc(big);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		memset(s, 'a', big);
		body = json_pack("{s:s,s:{s:s%}}", "op", "ue.show", "data", "ue", s, big);
		free(s);
		errno = 0;
		CU_ASSERT_PTR_NULL(conn_encode(&c, body, &id, &len));
		CU_ASSERT_EQUAL(errno, E2BIG);
		json_decref(body);
	}
}

int
main(int argc, char **argv)
{
	CU_TestInfo tests[] = {
		{"ue update", test_ue_update},
		{"scs update", test_scs_update},
		{"argument-only commands", test_simple},
		{"file commands", test_file_commands},
		{"import batches and their lines", test_import_batches},
		{"lines refused", test_batch_refusals},
		{"lines copied or encoded", test_line_copies},
		{"rekey key files", test_rekey_keys},
		{"socket path", test_socket_path},
		{"request encoding", test_encode},
		CU_TEST_INFO_NULL,
	};
	CU_SuiteInfo suites[] = {
		{"gwctl_req", NULL, NULL, NULL, NULL, tests},
		CU_SUITE_INFO_NULL,
	};

	return test_main(argc, argv, suites);
}
