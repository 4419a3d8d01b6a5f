/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gwctl: the admin client of a running mtc-gw (docs/API.md).
 *
 * Exit status: 0 done, 1 the gateway refused the request (or the input
 * cannot make one), 2 bad arguments, 3 the gateway cannot be reached.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "conn.h"
#include "req.h"
#include "show.h"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

#define KEY_FILE_MAX 65536

struct opts {
	const char *socket, *prefix;
	int json;
	unsigned int timeout_s;
	char path[256];
};

static void
usage(FILE *f)
{
	fputs("usage: gwctl [--socket PATH | --prefix NAME] [--json] [--timeout SECONDS] COMMAND ...\n"
	      "\n"
	      "commands:\n", f);
	req_usage(f, 0, NULL, "  ");
	fputs("\n"
	      "options:\n"
	      "  --socket PATH      the gateway's admin socket\n"
	      "  --prefix NAME      the socket of the gateway run with --file-prefix NAME:\n"
	      "                     " CONN_DIR "/NAME.sock (default: $MTC_GW_SOCKET, else\n"
	      "                     " CONN_DIR "/" CONN_DEFAULT_PREFIX ".sock)\n"
	      "  --json             print each answer's result (or error) as one JSON line\n"
	      "  --timeout SECONDS  the longest wait for the gateway at each step, 0 for\n"
	      "                     none (default 30)\n"
	      "  -h, --help         this text\n"
	      "\n"
	      "ue add and scs add read provisioning lines (README.md, JSON lines; blank and\n"
	      "'#' lines skipped) from FILE or stdin and apply them in one batch: all or\n"
	      "none. ue import applies a whole provisioning file: its SCS lines in one\n"
	      "batch, then its UE lines in batches of N (default 4096), and stops at the\n"
	      "first batch refused, naming the line. ue delete and scs delete are one\n"
	      "batch. A list option of scs update (--source, --identity, --deny, --group)\n"
	      "replaces that whole list.\n"
	      "\n"
	      "ue rekey reads the new key from --key-file FILE or stdin: {\"k_iwf\": HEX},\n"
	      "{\"k_asme\": HEX, \"nonce\": HEX}, or a line of 64 hex digits (K_iwf). Keys\n"
	      "are never taken on the command line, where ps would show them.\n"
	      "\n"
	      "exit status: 0 done, 1 refused (the gateway's reason on stderr), 2 bad\n"
	      "arguments, 3 the gateway cannot be reached.\n", f);
}

static int
usage_fail(const char *msg, int argc, char **argv)
{
	fprintf(stderr, "gwctl: %s\n", msg);
	fputs("usage: gwctl [--socket PATH | --prefix NAME] [--json] [--timeout SECONDS] COMMAND ...\n",
	      stderr);
	req_usage(stderr, argc, argv, "       gwctl ");
	return EXIT_USAGE;
}

/* jansson's buffers hold key text (key files, UE lines, the requests made
 * of them): wipe them when they are freed. */
static void
wiping_free(void *ptr)
{
	if (ptr != NULL) {
		explicit_bzero(ptr, malloc_usable_size(ptr));
		free(ptr);
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
unreachable(const struct conn *c, const char *why)
{
	fprintf(stderr, "gwctl: %s: %s\n", c->path, why);
	return EXIT_UNREACHABLE;
}

static int send_err; /* the send that failed because the gateway hung up */

/* Sends one encoded request. 0, or an exit status. */
static int
send_text(struct conn *c, const char *text, size_t len)
{
	int rc = conn_send(c, text, len);

	/* A gateway that hung up may have said why first (denied, too_large):
	 * the answer is read, and this error told only if there is none. */
	if (rc == -EPIPE || rc == -ECONNRESET) {
		send_err = -rc;
		return 0;
	}
	if (rc != 0)
		return unreachable(c, rc == -ETIMEDOUT ? "the gateway takes no more" : strerror(-rc));
	return 0;
}

/* Encodes and sends body; *id gets the request's id. 0, or an exit status. */
static int
send_req(struct conn *c, json_t *body, long long *id)
{
	size_t len;
	char *text = conn_encode(c, body, id, &len);
	int rc;

	if (text == NULL && errno == E2BIG) {
		fprintf(stderr, "gwctl: the request would be over the API's limit of %u MiB\n",
			CONN_MAX_REQUEST >> 20);
		return EXIT_REFUSED;
	}
	if (text == NULL) {
		fprintf(stderr, "gwctl: out of memory\n");
		return EXIT_REFUSED;
	}
	rc = send_text(c, text, len);
	conn_wipe_free(text);
	return rc;
}

/* The answer to id: 0 with *result, EXIT_REFUSED with *error (both owned
 * by *answer), or EXIT_UNREACHABLE. */
static int
recv_answer(struct conn *c, long long id, json_t **answer, json_t **result, json_t **error)
{
	char err[256];

	*answer = conn_recv(c, id, err, sizeof(err));
	if (*answer == NULL)
		return unreachable(c, send_err != 0 ? strerror(send_err) : err);
	*result = json_object_get(*answer, "result");
	*error = json_object_get(*answer, "error");
	return json_is_true(json_object_get(*answer, "ok")) ? 0 : EXIT_REFUSED;
}

/* A refusal: the server's message on stderr, or its error object (with the
 * file line it comes to) on stdout for --json. */
static void
print_error(const struct opts *o, json_t *error, const char *file, uint32_t line)
{
	const char *msg = json_string_value(json_object_get(error, "message"));

	if (o->json) {
		json_t *e = json_is_object(error) ? json_copy(error) : json_object();

		if (line > 0)
			json_object_set_new(e, "line", json_integer(line));
		json_dumpf(e, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(e);
	}
	if (line > 0)
		fprintf(stderr, "gwctl: %s: line %u: %s\n", file, line, msg ? msg : "refused");
	else
		fprintf(stderr, "gwctl: %s\n", msg ? msg : "refused");
}

static void
print_result(const struct opts *o, const struct req *r, json_t *result)
{
	if (o->json) {
		json_dumpf(result, stdout, JSON_COMPACT | JSON_ENCODE_ANY);
		putchar('\n');
	} else {
		show_result(stdout, r, result);
	}
}

/* A request and its answer: r's body, or the batch b holds of r's file,
 * whose refusal is told with the line it comes to. */
static int
call(struct conn *c, const struct opts *o, const struct req *r, struct batcher *b)
{
	const char *file = b != NULL ? r->file : NULL;
	json_t *answer, *result, *error;
	long long id;
	int rc;

	if (b != NULL) {
		size_t len;
		const char *text = batcher_take(b, id = ++c->next_id, &len);

		rc = send_text(c, text, len);
	} else {
		rc = send_req(c, r->body, &id);
	}

	if (rc != 0)
		return rc;
	rc = recv_answer(c, id, &answer, &result, &error);
	if (rc == 0)
		print_result(o, r, result);
	else if (rc == EXIT_REFUSED)
		print_error(o, error, file, b == NULL ? 0 : batcher_line(b, json_integer_value(
					json_object_get(error, "index"))));
	json_decref(answer);
	return rc;
}

static FILE *
open_input(const char *file)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");

	if (f == NULL)
		fprintf(stderr, "gwctl: %s: %s\n", file, strerror(errno));
	return f;
}

static void
close_input(FILE *f)
{
	if (f != NULL && f != stdin)
		fclose(f);
}

/* ue add, scs add: every line of the file in one batch. The batch is built
 * before connecting: a bad line costs the gateway nothing. */
static int
build_file_batch(struct req *r, struct batcher *b)
{
	const char *kind = r->kind == REQ_FILE_UE ? "ue" : "scs";
	FILE *f = open_input(r->file);
	struct lines l;
	const char *text;
	size_t len;
	char err[512];
	long n;
	int rc = 0;

	if (f == NULL)
		return EXIT_REFUSED;
	lines_init(&l, f);
	if (batcher_init(b, kind, REQ_MAX_BATCH, 0) != 0) {
		fprintf(stderr, "gwctl: out of memory\n");
		rc = EXIT_REFUSED;
	} else if ((n = batcher_fill(b, &l, err, sizeof(err))) < 0) {
		fprintf(stderr, "gwctl: %s: %s%s\n", r->file, err,
			strstr(err, "MiB") != NULL ? " (gwctl ue import takes any size)" : "");
		rc = EXIT_REFUSED;
	} else if (n == REQ_MAX_BATCH && lines_next(&l, &text, &len) == 1) {
		fprintf(stderr, "gwctl: %s: more than %u lines, over the API's batch limit "
			"(gwctl ue import takes any number)\n", r->file, REQ_MAX_BATCH);
		rc = EXIT_REFUSED;
	} else if (n == 0) {
		fprintf(stderr, "gwctl: %s: no %s lines\n", r->file, r->kind == REQ_FILE_UE ? "UE" : "SCS");
		rc = EXIT_REFUSED;
	}
	lines_free(&l);
	close_input(f);
	return rc;
}

/* ue rekey: the key from --key-file or stdin (one line from a terminal). */
static int
read_key(struct req *r)
{
	FILE *f = open_input(r->key_file);
	char *buf, err[256];
	size_t len = 0;
	int rc = 0;

	if (f == NULL)
		return EXIT_USAGE;
	buf = malloc(KEY_FILE_MAX + 1);
	if (buf != NULL) {
		int tty = isatty(fileno(f));

		if (tty)
			fputs("gwctl: the new key (64 hex digits, or a JSON key object), then Enter:\n",
			      stderr);
		while (len < KEY_FILE_MAX && fgets(buf + len, (int)(KEY_FILE_MAX + 1 - len), f) != NULL) {
			len += strlen(buf + len);
			if (tty)
				break;
		}
		if (ferror(f)) {
			fprintf(stderr, "gwctl: %s: %s\n", r->key_file, strerror(errno));
			rc = EXIT_USAGE;
		} else if (len >= KEY_FILE_MAX) {
			fprintf(stderr, "gwctl: %s: not a key file (over %d octets)\n", r->key_file,
				KEY_FILE_MAX);
			rc = EXIT_USAGE;
		} else if (req_rekey_key(r->body, buf, len, err, sizeof(err)) != 0) {
			fprintf(stderr, "gwctl: %s: %s\n", r->key_file, err);
			rc = EXIT_USAGE;
		}
		explicit_bzero(buf, KEY_FILE_MAX + 1);
		free(buf);
	} else {
		fprintf(stderr, "gwctl: out of memory\n");
		rc = EXIT_REFUSED;
	}
	/* stdio's own buffer held the key as well. */
	close_input(f);
	return rc;
}

struct import {
	struct conn *c;
	const struct opts *o;
	const struct req *r;
	struct lines l;
	struct batcher scs, ue;
	long long ues, scss;
	double start, last_report;
};

/* The answer to the batch in flight: its count added, or its refusal told. */
static int
import_answer(struct import *im, long long id, struct batcher *b, long long *count)
{
	json_t *answer, *result, *error;
	int rc = recv_answer(im->c, id, &answer, &result, &error);

	if (rc == 0) {
		*count += json_integer_value(json_object_get(result, "applied"));
	} else if (rc == EXIT_REFUSED) {
		json_int_t index = json_integer_value(json_object_get(error, "index"));

		print_error(im->o, error, im->r->file, batcher_line(b, index));
		fprintf(stderr, "gwctl: %s: lines %u to %u not applied; %lld UEs and %lld SCSs "
			"imported before them\n", im->r->file, batcher_line(b, 0),
			batcher_line(b, (json_int_t)b->n_sent - 1), im->ues, im->scss);
	}
	json_decref(answer);
	return rc;
}

static int
import_send(struct import *im, struct batcher *b, long long *id)
{
	size_t len;
	const char *text = batcher_take(b, *id = ++im->c->next_id, &len);

	return send_text(im->c, text, len);
}

static void
import_progress(struct import *im, FILE *f, const char *when)
{
	double t = now_s() - im->start;

	fprintf(f, "imported %lld UEs and %lld SCSs %s %.1f s (%.0f UEs/s)\n", im->ues, im->scss,
		when, t, t > 0 ? (double)im->ues / t : 0.0);
}

/* The SCS lines first, in one batch: the UEs may name their groups. */
static int
import_scs(struct import *im)
{
	const char *text;
	size_t len;
	char err[512];
	long long id;
	int rc;

	while ((rc = lines_next(&im->l, &text, &len)) > 0)
		if (batcher_add(&im->scs, text, len, im->l.line, err, sizeof(err)) < 0) {
			fprintf(stderr, "gwctl: %s: %s\n", im->r->file, err);
			return EXIT_REFUSED;
		}
	if (rc < 0 || lines_rewind(&im->l) != 0) {
		fprintf(stderr, "gwctl: %s: %s\n", im->r->file, strerror(errno));
		return EXIT_REFUSED;
	}
	if (im->scs.n == 0)
		return 0;
	rc = import_send(im, &im->scs, &id);
	return rc != 0 ? rc : import_answer(im, id, &im->scs, &im->scss);
}

/* Then the UEs: the next batch is read while the gateway applies the one
 * in flight, and sent once that one is answered. */
static int
import_ues(struct import *im)
{
	long long id = 0;
	int in_flight = 0, rc = 0;
	char err[512];

	for (;;) {
		long n = batcher_fill(&im->ue, &im->l, err, sizeof(err));

		if (in_flight && (rc = import_answer(im, id, &im->ue, &im->ues)) != 0)
			return rc;
		in_flight = 0;
		if (n < 0) {
			fprintf(stderr, "gwctl: %s: %s\n", im->r->file, err);
			fprintf(stderr, "gwctl: %s: %lld UEs and %lld SCSs imported before it\n",
				im->r->file, im->ues, im->scss);
			return EXIT_REFUSED;
		}
		if (now_s() - im->last_report >= 10.0) {
			im->last_report = now_s();
			import_progress(im, stderr, "in");
		}
		if (n == 0)
			return 0;
		if ((rc = import_send(im, &im->ue, &id)) != 0)
			return rc;
		in_flight = 1;
	}
}

static int
cmd_import(struct conn *c, const struct opts *o, const struct req *r)
{
	struct import im = { .c = c, .o = o, .r = r };
	struct stat st;
	FILE *f = fopen(r->file, "r");
	int rc;

	if (f == NULL) {
		fprintf(stderr, "gwctl: %s: %s\n", r->file, strerror(errno));
		return EXIT_REFUSED;
	}
	/* Read twice (the SCS lines, then the UEs): a pipe will not do. */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gwctl: %s: not a regular file (ue import reads it twice)\n", r->file);
		fclose(f);
		return EXIT_USAGE;
	}
	lines_init(&im.l, f);
	if (batcher_init(&im.scs, "scs", REQ_MAX_BATCH, 1) != 0 ||
	    batcher_init(&im.ue, "ue", r->batch, 1) != 0) {
		fprintf(stderr, "gwctl: out of memory\n");
		rc = EXIT_REFUSED;
	} else {
		im.start = im.last_report = now_s();
		rc = import_scs(&im);
		if (rc == 0)
			rc = import_ues(&im);
	}
	if (rc == 0 && o->json) {
		printf("{\"ues\":%lld,\"scs\":%lld,\"seconds\":%.3f}\n", im.ues, im.scss,
		       now_s() - im.start);
	} else if (rc == 0) {
		import_progress(&im, stdout, "in");
	}
	batcher_free(&im.scs);
	batcher_free(&im.ue);
	lines_free(&im.l);
	fclose(f);
	return rc;
}

static int
connect_to(struct conn *c, const struct opts *o)
{
	int rc = conn_open(c, o->path, o->timeout_s);
	const char *hint = "";

	if (rc == 0)
		return 0;
	if ((rc == -ENOENT || rc == -ECONNREFUSED) && o->socket == NULL &&
	    (o->prefix != NULL || getenv("MTC_GW_SOCKET") == NULL))
		hint = " (is mtc-gw running with that --file-prefix?)";
	else if (rc == -ENOENT || rc == -ECONNREFUSED)
		hint = " (is mtc-gw running?)";
	else if (rc == -EACCES || rc == -EPERM)
		hint = " (only root and the gateway's user are served)";
	fprintf(stderr, "gwctl: %s: %s%s\n", o->path,
		rc == -ETIMEDOUT || rc == -EAGAIN ? "no connection within the timeout" : strerror(-rc),
		hint);
	return EXIT_UNREACHABLE;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option options[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char msg[300], *end;
	unsigned long v;
	int c;

	o->timeout_s = 30;
	opterr = 0;
	/* '+': the options before COMMAND; the command parses its own. */
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case 's':
			o->socket = optarg;
			break;
		case 'p':
			o->prefix = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 't':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' || errno != 0 || v > 86400) {
				snprintf(msg, sizeof(msg), "--timeout: '%s' is not 0 to 86400 seconds", optarg);
				return usage_fail(msg, 0, NULL);
			}
			o->timeout_s = (unsigned int)v;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			snprintf(msg, sizeof(msg), "option '%s' needs a value", argv[optind - 1]);
			return usage_fail(msg, 0, NULL);
		default:
			snprintf(msg, sizeof(msg), "unknown option '%s'", argv[optind - 1]);
			return usage_fail(msg, 0, NULL);
		}
	}
	if (o->socket != NULL && o->prefix != NULL)
		return usage_fail("--socket and --prefix exclude each other", 0, NULL);
	if (conn_path(o->socket, o->prefix, getenv("MTC_GW_SOCKET"), o->path, sizeof(o->path)) == NULL)
		return usage_fail(o->prefix != NULL ? "--prefix: not a file prefix" :
				  "the socket path is too long", 0, NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct conn c = { .fd = -1 };
	struct batcher b = { 0 };
	struct req r;
	char err[512];
	int rc, i;

	json_set_alloc_funcs(malloc, wiping_free);
	if ((rc = parse_opts(argc, argv, &o)) != 0)
		return rc;
	argc -= optind;
	argv += optind;
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
	if (req_build(argc, argv, &r, err, sizeof(err)) != 0)
		return usage_fail(err, argc, argv);

	if (r.kind == REQ_REKEY)
		rc = read_key(&r);
	else if (r.kind == REQ_FILE_UE || r.kind == REQ_FILE_SCS)
		rc = build_file_batch(&r, &b);
	if (rc == 0)
		rc = connect_to(&c, &o);
	if (rc == 0 && r.kind == REQ_IMPORT)
		rc = cmd_import(&c, &o, &r);
	else if (rc == 0)
		rc = call(&c, &o, &r, r.kind == REQ_ARGS || r.kind == REQ_REKEY ? NULL : &b);
	conn_close(&c);
	if (r.kind == REQ_FILE_UE || r.kind == REQ_FILE_SCS)
		batcher_free(&b);
	json_decref(r.body);
	if (fflush(stdout) != 0 && rc == 0)
		rc = EXIT_REFUSED;
	return rc;
}
