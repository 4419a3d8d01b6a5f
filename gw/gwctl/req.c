/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decimal only, whole string, at most max. */
static int
number(const char *what, const char *s, json_int_t max, json_int_t *out, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return fail(err, errlen, "%s: '%s' is not a decimal number", what, s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return fail(err, errlen, "%s: '%s' is not a decimal number", what, s);
	if (errno != 0 || v > (unsigned long long)max)
		return fail(err, errlen, "%s: %s is over %lld", what, s, (long long)max);
	*out = (json_int_t)v;
	return 0;
}

static json_t *
op_body(const char *op, json_t *data)
{
	return json_pack("{s:s,s:o}", "op", op, "data", data);
}

/* getopt_long over a command's own arguments, argv[0] being its verb.
 * Returns the option, -1 at the end, or '?' with err set. */
static int
next_opt(int argc, char **argv, const struct option *opts, char *err, size_t errlen)
{
	int c = getopt_long(argc, argv, ":", opts, NULL);

	if (c == '?')
		fail(err, errlen, "unknown option '%s'", argv[optind - 1]);
	else if (c == ':')
		fail(err, errlen, "option '%s' needs a value", argv[optind - 1]);
	return c == ':' ? '?' : c;
}

static void
opts_reset(void)
{
	optind = 0; /* glibc: start over, as for a new argv */
	opterr = 0;
}

/* The positional arguments left: between min and max of them. */
static int
positionals(int argc, char **argv, int min, int max, const char *what, char *err, size_t errlen)
{
	int n = argc - optind;

	if (n < min)
		return fail(err, errlen, "%s missing", what);
	if (n > max)
		return fail(err, errlen, "unexpected argument '%s'", argv[optind + max]);
	return 0;
}

static const struct option no_opts[] = { { NULL, 0, NULL, 0 } };

/* Commands without options: their positionals only. */
static int
plain(int argc, char **argv, int min, int max, const char *what, char *err, size_t errlen)
{
	opts_reset();
	if (next_opt(argc, argv, no_opts, err, errlen) != -1)
		return -1;
	return positionals(argc, argv, min, max, what, err, errlen);
}

static int
build_add(int argc, char **argv, struct req *r, enum req_kind kind, char *err, size_t errlen)
{
	if (plain(argc, argv, 0, 1, "", err, errlen) != 0)
		return -1;
	r->kind = kind;
	r->file = optind < argc ? argv[optind] : "-";
	return 0;
}

static int
ue_add(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	r->op = "ue.add";
	return build_add(argc, argv, r, REQ_FILE_UE, err, errlen);
}

static int
scs_add(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	r->op = "scs.add";
	return build_add(argc, argv, r, REQ_FILE_SCS, err, errlen);
}

static int
ue_import(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	static const struct option opts[] = {
		{ "batch", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	json_int_t n = REQ_IMPORT_BATCH;
	int c;

	opts_reset();
	while ((c = next_opt(argc, argv, opts, err, errlen)) != -1) {
		if (c == '?' || number("--batch", optarg, REQ_MAX_BATCH, &n, err, errlen) != 0)
			return -1;
		if (n == 0)
			return fail(err, errlen, "--batch: 0 is not a batch size");
	}
	if (positionals(argc, argv, 1, 1, "FILE", err, errlen) != 0)
		return -1;
	if (strcmp(argv[optind], "-") == 0)
		return fail(err, errlen, "ue import reads its FILE twice: not stdin");
	r->kind = REQ_IMPORT;
	r->op = "ue.add";
	r->file = argv[optind];
	r->batch = (size_t)n;
	return 0;
}

/* A list option given once or more replaces the whole list. */
static int
list_add(json_t *data, const char *key, const char *value)
{
	json_t *l = json_object_get(data, key);

	if (l == NULL) {
		l = json_array();
		if (json_object_set_new(data, key, l) != 0)
			return -1;
	}
	return json_array_append_new(l, json_string(value));
}

static int
ue_update(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	enum { O_GROUP = 256, O_NO_GROUPS, O_SUSPEND, O_RESUME };
	static const struct option opts[] = {
		{ "group", required_argument, NULL, O_GROUP },
		{ "no-groups", no_argument, NULL, O_NO_GROUPS },
		{ "suspend", no_argument, NULL, O_SUSPEND },
		{ "resume", no_argument, NULL, O_RESUME },
		{ NULL, 0, NULL, 0 },
	};
	json_t *data = json_object(), *groups = NULL, *susp = NULL;
	int c, no_groups = 0;

	opts_reset();
	while ((c = next_opt(argc, argv, opts, err, errlen)) != -1) {
		switch (c) {
		case O_GROUP:
			if (groups == NULL)
				groups = json_array();
			json_array_append_new(groups, json_string(optarg));
			break;
		case O_NO_GROUPS:
			no_groups = 1;
			break;
		case O_SUSPEND:
		case O_RESUME:
			if (susp != NULL && json_is_true(susp) != (c == O_SUSPEND)) {
				fail(err, errlen, "--suspend and --resume exclude each other");
				goto bad;
			}
			susp = json_boolean(c == O_SUSPEND);
			break;
		default:
			goto bad;
		}
	}
	if (positionals(argc, argv, 1, 1, "IMSI", err, errlen) != 0)
		goto bad;
	if (groups != NULL && no_groups) {
		fail(err, errlen, "--group and --no-groups exclude each other");
		goto bad;
	}
	if (groups == NULL && !no_groups && susp == NULL) {
		fail(err, errlen, "nothing to change: give --group, --no-groups, --suspend or --resume");
		goto bad;
	}
	json_object_set_new(data, "ue", json_string(argv[optind]));
	if (groups != NULL || no_groups)
		json_object_set_new(data, "groups", groups != NULL ? groups : json_array());
	if (susp != NULL)
		json_object_set_new(data, "suspended", susp);
	r->body = op_body("ue.update", data);
	r->op = "ue.update";
	return 0;
bad:
	json_decref(groups);
	json_decref(data);
	return -1;
}

static int
ue_rekey(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	static const struct option opts[] = {
		{ "ksi", required_argument, NULL, 'k' },
		{ "eea", required_argument, NULL, 'c' },
		{ "eia", required_argument, NULL, 'i' },
		{ "key-file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	json_t *data = json_object();
	const char *key_file = "-";
	json_int_t v;
	int c;

	opts_reset();
	while ((c = next_opt(argc, argv, opts, err, errlen)) != -1) {
		const char *name = c == 'k' ? "ksi" : c == 'c' ? "eea" : "eia";
		const char *opt = c == 'k' ? "--ksi" : c == 'c' ? "--eea" : "--eia";

		if (c == '?')
			goto bad;
		if (c == 'f') {
			key_file = optarg;
			continue;
		}
		/* The ranges are the gateway's to judge; a byte is plenty. */
		if (number(opt, optarg, 255, &v, err, errlen) != 0)
			goto bad;
		json_object_set_new(data, name, json_integer(v));
	}
	if (positionals(argc, argv, 1, 1, "IMSI", err, errlen) != 0)
		goto bad;
	if (json_object_get(data, "ksi") == NULL) {
		fail(err, errlen, "--ksi missing: the new key set's KSI");
		goto bad;
	}
	json_object_set_new(data, "ue", json_string(argv[optind]));
	r->body = op_body("ue.rekey", data);
	r->kind = REQ_REKEY;
	r->op = "ue.rekey";
	r->key_file = key_file;
	return 0;
bad:
	json_decref(data);
	return -1;
}

static int
build_delete(int argc, char **argv, struct req *r, const char *op, const char *key,
	     const char *what, char *err, size_t errlen)
{
	json_t *ops;
	int i;

	if (plain(argc, argv, 1, REQ_MAX_BATCH, what, err, errlen) != 0)
		return -1;
	ops = json_array();
	for (i = optind; i < argc; i++)
		json_array_append_new(ops, json_pack("{s:s,s:{s:s}}", "op", op, "data", key, argv[i]));
	r->body = json_pack("{s:s,s:o}", "op", "batch", "ops", ops);
	r->op = op;
	return 0;
}

static int
ue_delete(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return build_delete(argc, argv, r, "ue.delete", "ue", "IMSI", err, errlen);
}

static int
scs_delete(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return build_delete(argc, argv, r, "scs.delete", "scs", "NAME", err, errlen);
}

static int
ue_show(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	if (plain(argc, argv, 1, 1, "IMSI", err, errlen) != 0)
		return -1;
	r->op = "ue.show";
	r->body = op_body(r->op, json_pack("{s:s}", "ue", argv[optind]));
	return 0;
}

static int
scs_show(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	if (plain(argc, argv, 0, 1, "", err, errlen) != 0)
		return -1;
	r->op = "scs.show";
	r->body = op_body(r->op, optind < argc ? json_pack("{s:s}", "scs", argv[optind])
						: json_object());
	return 0;
}

static int
scs_update(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	enum { O_RATE = 256, O_BURST, O_QUOTA, O_PERIOD, O_SOURCE, O_IDENTITY, O_DENY,
	       O_GROUP, O_REQ, O_NO_REQ };
	static const struct option opts[] = {
		{ "rate", required_argument, NULL, O_RATE },
		{ "burst", required_argument, NULL, O_BURST },
		{ "quota", required_argument, NULL, O_QUOTA },
		{ "quota-period", required_argument, NULL, O_PERIOD },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "identity", required_argument, NULL, O_IDENTITY },
		{ "deny", required_argument, NULL, O_DENY },
		{ "group", required_argument, NULL, O_GROUP },
		{ "require-identity", no_argument, NULL, O_REQ },
		{ "no-require-identity", no_argument, NULL, O_NO_REQ },
		{ NULL, 0, NULL, 0 },
	};
	/* Each option's field in an SCS line, in the order of the options. */
	static const char *const field[] = {
		"rate", "burst", "quota", "quota_period", "sources", "identities",
		"deny_payload", "groups", "require_identity", "require_identity",
	};
	json_t *data = json_object();
	json_int_t v;
	int c;

	opts_reset();
	while ((c = next_opt(argc, argv, opts, err, errlen)) != -1) {
		const char *key = c >= O_RATE && c <= O_NO_REQ ? field[c - O_RATE] : NULL;

		switch (c) {
		case O_RATE:
		case O_BURST:
		case O_QUOTA:
		case O_PERIOD:
			if (number(opts[c - O_RATE].name, optarg, INT64_MAX, &v, err, errlen) != 0)
				goto bad;
			json_object_set_new(data, key, json_integer(v));
			break;
		case O_SOURCE:
		case O_IDENTITY:
		case O_DENY:
		case O_GROUP:
			list_add(data, key, optarg);
			break;
		case O_REQ:
		case O_NO_REQ: {
			json_t *old = json_object_get(data, key);

			if (old != NULL && json_is_true(old) != (c == O_REQ)) {
				fail(err, errlen, "--require-identity and --no-require-identity exclude each other");
				goto bad;
			}
			json_object_set_new(data, key, json_boolean(c == O_REQ));
			break;
		}
		default:
			goto bad;
		}
	}
	if (positionals(argc, argv, 1, 1, "NAME", err, errlen) != 0)
		goto bad;
	if (json_object_size(data) == 0) {
		fail(err, errlen, "nothing to change: give at least one field option");
		goto bad;
	}
	json_object_set_new(data, "scs", json_string(argv[optind]));
	r->op = "scs.update";
	r->body = op_body(r->op, data);
	return 0;
bad:
	json_decref(data);
	return -1;
}

static int
counters(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	static const struct option opts[] = {
		{ "scs", required_argument, NULL, 's' },
		{ "worker", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	json_t *data = json_object();
	json_int_t v;
	int c;

	opts_reset();
	while ((c = next_opt(argc, argv, opts, err, errlen)) != -1) {
		if (c == 's') {
			json_object_set_new(data, "scs", json_string(optarg));
		} else if (c != 'w' || number("--worker", optarg, INT32_MAX, &v, err, errlen) != 0) {
			json_decref(data);
			return -1;
		} else {
			json_object_set_new(data, "worker", json_integer(v));
		}
	}
	if (positionals(argc, argv, 0, 0, "", err, errlen) != 0) {
		json_decref(data);
		return -1;
	}
	r->op = "counters";
	r->body = op_body(r->op, data);
	return 0;
}

/* group list, stats, health, config show: an operation without data. */
static int
no_data(int argc, char **argv, struct req *r, const char *op, char *err, size_t errlen)
{
	if (plain(argc, argv, 0, 0, "", err, errlen) != 0)
		return -1;
	r->op = op;
	r->body = op_body(op, json_object());
	return 0;
}

static int
group_list(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return no_data(argc, argv, r, "group.list", err, errlen);
}

static int
stats(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return no_data(argc, argv, r, "stats", err, errlen);
}

static int
health(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return no_data(argc, argv, r, "health", err, errlen);
}

static int
config_show(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	return no_data(argc, argv, r, "config.show", err, errlen);
}

static const struct cmd {
	const char *noun, *verb; /* verb NULL: a one-word command */
	const char *usage;
	int (*build)(int argc, char **argv, struct req *r, char *err, size_t errlen);
} cmds[] = {
	{ "ue", "add", "ue add [FILE|-]", ue_add },
	{ "ue", "import", "ue import FILE [--batch N]", ue_import },
	{ "ue", "update", "ue update IMSI [--group NAME]... [--no-groups] [--suspend | --resume]",
	  ue_update },
	{ "ue", "rekey", "ue rekey IMSI --ksi N [--eea N] [--eia N] [--key-file FILE]", ue_rekey },
	{ "ue", "delete", "ue delete IMSI...", ue_delete },
	{ "ue", "show", "ue show IMSI", ue_show },
	{ "scs", "add", "scs add [FILE|-]", scs_add },
	{ "scs", "update", "scs update NAME [--rate N] [--burst N] [--quota N] [--quota-period S]\n"
			   "[--source CIDR]... [--identity RE]... [--deny RE]... [--group NAME]...\n"
			   "[--require-identity | --no-require-identity]", scs_update },
	{ "scs", "delete", "scs delete NAME...", scs_delete },
	{ "scs", "show", "scs show [NAME]", scs_show },
	{ "group", "list", "group list", group_list },
	{ "stats", NULL, "stats", stats },
	{ "counters", NULL, "counters [--scs NAME] [--worker N]", counters },
	{ "health", NULL, "health", health },
	{ "config", "show", "config show", config_show },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

/* The commands argv names: the one it names, or all of its noun, or none. */
static int
cmd_match(const struct cmd *c, int argc, char **argv, int exact)
{
	if (argc < 1 || strcmp(c->noun, argv[0]) != 0)
		return 0;
	if (c->verb == NULL)
		return 1;
	if (argc < 2 || strcmp(c->verb, argv[1]) != 0)
		return !exact;
	return 1;
}

int
req_build(int argc, char **argv, struct req *r, char *err, size_t errlen)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < N_CMDS; i++) {
		const struct cmd *c = &cmds[i];
		int skip = c->verb != NULL;

		if (!cmd_match(c, argc, argv, 1))
			continue;
		if (c->build(argc - skip, argv + skip, r, err, errlen) != 0)
			return -1;
		if (r->kind != REQ_FILE_UE && r->kind != REQ_FILE_SCS && r->kind != REQ_IMPORT &&
		    r->body == NULL)
			return fail(err, errlen, "out of memory");
		return 0;
	}
	if (argc < 1)
		return fail(err, errlen, "no command");
	for (i = 0; i < N_CMDS; i++)
		if (cmd_match(&cmds[i], argc, argv, 0))
			return fail(err, errlen, argc < 2 ? "'%s' needs a command" :
				    "'%s' has no command '%s'", argv[0], argv[1]);
	return fail(err, errlen, "no command '%s'", argv[0]);
}

void
req_usage(FILE *f, int argc, char **argv, const char *prefix)
{
	int exact = 0, any = 0;
	size_t i;

	for (i = 0; i < N_CMDS; i++) {
		exact |= cmd_match(&cmds[i], argc, argv, 1);
		any |= cmd_match(&cmds[i], argc, argv, 0);
	}
	for (i = 0; i < N_CMDS; i++) {
		const char *u = cmds[i].usage;

		if (any && !cmd_match(&cmds[i], argc, argv, exact))
			continue;
		fputs(prefix, f);
		for (; *u != '\0'; u++) {
			fputc(*u, f);
			if (*u == '\n')
				fprintf(f, "%*s", (int)strlen(prefix) + 4, "");
		}
		fputc('\n', f);
	}
}

static int
is_hex(const char *s, size_t len, size_t want)
{
	size_t i;

	if (len != want)
		return 0;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* One key field of a key object: a string of want hex digits. */
static int
key_field(json_t *body, json_t *obj, const char *key, size_t want, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || !is_hex(json_string_value(v), json_string_length(v), want))
		return fail(err, errlen, "key file: %s: not %zu hex digits", key, want);
	return json_object_set(json_object_get(body, "data"), key, v);
}

int
req_rekey_key(json_t *body, const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	const char *k;
	json_t *o, *v;
	int rc = 0;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	if (len == 0 || *text != '{') {
		if (!is_hex(text, len, 64))
			return fail(err, errlen, "key file: neither a JSON object nor 64 hex digits");
		v = json_stringn(text, len);
		rc = json_object_set_new(json_object_get(body, "data"), "k_iwf", v);
		return rc != 0 ? fail(err, errlen, "out of memory") : 0;
	}
	/* jansson's message may quote the text near the fault: give the
	 * position only. */
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return fail(err, errlen, "key file: not a JSON object (column %d)", jerr.column);
	}
	json_object_foreach(o, k, v) {
		if (strcmp(k, "k_iwf") != 0 && strcmp(k, "k_asme") != 0 && strcmp(k, "nonce") != 0) {
			rc = fail(err, errlen, "key file: unknown field \"%.32s\"", k);
			break;
		}
	}
	if (rc == 0) {
		int iwf = json_object_get(o, "k_iwf") != NULL;
		int asme = json_object_get(o, "k_asme") != NULL;
		int nonce = json_object_get(o, "nonce") != NULL;

		if (iwf == asme || asme != nonce)
			rc = fail(err, errlen, "key file: give k_iwf, or k_asme and nonce");
		else if (iwf)
			rc = key_field(body, o, "k_iwf", 64, err, errlen);
		else if ((rc = key_field(body, o, "k_asme", 64, err, errlen)) == 0)
			rc = key_field(body, o, "nonce", 32, err, errlen);
	}
	json_decref(o);
	return rc;
}
