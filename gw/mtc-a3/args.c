/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "hexutil.h"

enum {
	O_KIWF = 256, O_KASME, O_NONCE, O_KSI, O_EEA, O_EIA, O_COUNT, O_REF,
	O_EXPIRY, O_PORT, O_SCS_ID, O_PRIORITY, O_ALLOW_NULL, O_PAYLOAD, O_NOW,
	O_HELP,
};

static const struct option options[] = {
	{ "kiwf", required_argument, NULL, O_KIWF },
	{ "kasme", required_argument, NULL, O_KASME },
	{ "nonce", required_argument, NULL, O_NONCE },
	{ "ksi", required_argument, NULL, O_KSI },
	{ "eea", required_argument, NULL, O_EEA },
	{ "eia", required_argument, NULL, O_EIA },
	{ "count", required_argument, NULL, O_COUNT },
	{ "ref", required_argument, NULL, O_REF },
	{ "expiry", required_argument, NULL, O_EXPIRY },
	{ "port", required_argument, NULL, O_PORT },
	{ "scs-id", required_argument, NULL, O_SCS_ID },
	{ "priority", no_argument, NULL, O_PRIORITY },
	{ "allow-null", no_argument, NULL, O_ALLOW_NULL },
	{ "payload", required_argument, NULL, O_PAYLOAD },
	{ "now", required_argument, NULL, O_NOW },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

void
cli_usage(FILE *f)
{
	fputs("usage:\n"
	      "  mtc-a3 derive (--kiwf HEX64 | --kasme HEX64 --nonce HEX32) --eea N --eia N\n"
	      "  mtc-a3 protect --kiwf HEX64 --ksi N --eea N --eia N --count N --ref N\n"
	      "         [--expiry N] [--port N] [--scs-id HEX] [--priority] [--allow-null]\n"
	      "         --payload HEX\n"
	      "  mtc-a3 open --kiwf HEX64 --ksi N --eea N --eia N [--allow-null]\n"
	      "         [--now SECONDS] PDUHEX...\n"
	      "algorithms: 0 null (with --allow-null), 1 SNOW 3G, 2 AES, 3 ZUC; KSI 0..14\n",
	      f);
}

int
cli_fail(const char *msg)
{
	fprintf(stderr, "mtc-a3: %s\n", msg);
	return 2;
}

static int
bad(const char *fmt, ...)
{
	va_list ap;

	fputs("mtc-a3: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Decimal only, whole string, within max. */
static int
number(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return bad("--%s: '%s' is not a decimal number", opt, s);
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out > max)
		return bad("--%s: '%s' is not a number from 0 to %llu", opt, s,
			   (unsigned long long)max);
	return 0;
}

static int
key(const char *opt, const char *s, uint8_t *out, size_t len)
{
	if (strlen(s) != 2 * len || hex_decode(s, out, len) != (ssize_t)len)
		return bad("--%s: expected %zu hex digits", opt, 2 * len);
	return 0;
}

static int
hex_field(const char *opt, const char *s, uint8_t *out, size_t max, size_t *len)
{
	ssize_t n;

	if (strlen(s) % 2 != 0)
		return bad("--%s: odd number of hex digits", opt);
	n = hex_decode(s, out, max);
	if (n < 0)
		return strlen(s) / 2 > max ? bad("--%s: longer than %zu octets", opt, max)
					   : bad("--%s: not hex", opt);
	*len = (size_t)n;
	return 0;
}

static int
option(struct cli_args *a, int c, const char *name, const char *v, unsigned int *seen)
{
	uint64_t n = 0;
	int rc = 0;

	*seen |= 1u << (c - O_KIWF);
	switch (c) {
	case O_KIWF: a->have_kiwf = true; return key(name, v, a->kiwf, A3_KIWF_LEN);
	case O_KASME: a->have_kasme = true; return key(name, v, a->kasme, A3_KASME_LEN);
	case O_NONCE: return key(name, v, a->nonce, A3_NONCE_LEN);
	case O_SCS_ID: return hex_field(name, v, a->scs_id, A3_SCS_ID_MAX, &a->scs_id_len);
	case O_PAYLOAD: return hex_field(name, v, a->payload, sizeof(a->payload), &a->payload_len);
	case O_PRIORITY: a->priority = 1; return 0;
	case O_ALLOW_NULL: a->allow_null = true; return 0;
	case O_KSI: rc = number(name, v, A3_KSI_MAX, &n); a->ksi = (uint8_t)n; break;
	case O_EEA: rc = number(name, v, A3_ALG_MAX, &n); a->eea = (uint8_t)n; break;
	case O_EIA: rc = number(name, v, A3_ALG_MAX, &n); a->eia = (uint8_t)n; break;
	case O_COUNT: rc = number(name, v, UINT32_MAX, &n); a->count = (uint32_t)n; break;
	case O_REF: rc = number(name, v, UINT32_MAX, &n); a->ref = (uint32_t)n; break;
	case O_EXPIRY: rc = number(name, v, UINT32_MAX, &n); a->expiry = (uint32_t)n; break;
	case O_PORT: rc = number(name, v, UINT32_MAX, &n); a->port = (uint32_t)n; break;
	case O_NOW: rc = number(name, v, UINT64_MAX, &n); a->now = n; break;
	default: return -1;
	}
	return rc;
}

#define SEEN(o) (1u << ((o) - O_KIWF))

static int
require(unsigned int seen, unsigned int need)
{
	for (const struct option *o = options; o->name; o++)
		if ((need & SEEN(o->val)) && !(seen & SEEN(o->val)))
			return bad("missing --%s", o->name);
	return 0;
}

static int
check(struct cli_args *a, unsigned int seen)
{
	unsigned int keyset = SEEN(O_KIWF) | SEEN(O_KSI) | SEEN(O_EEA) | SEEN(O_EIA);

	switch (a->cmd) {
	case CLI_DERIVE:
		if (a->have_kiwf == a->have_kasme)
			return bad("derive takes either --kiwf or --kasme with --nonce");
		if (a->have_kasme && require(seen, SEEN(O_NONCE)) != 0)
			return -1;
		return require(seen, SEEN(O_EEA) | SEEN(O_EIA));
	case CLI_PROTECT:
		if (require(seen, keyset | SEEN(O_COUNT) | SEEN(O_REF) | SEEN(O_PAYLOAD)) != 0)
			return -1;
		if (a3_pt_len((uint8_t)a->scs_id_len, (uint32_t)a->payload_len) > A3_PT_MAX)
			return bad("--payload: too long for one PDU");
		break;
	case CLI_OPEN:
		if (require(seen, keyset) != 0)
			return -1;
		if (a->npdus == 0)
			return bad("open needs at least one PDU");
		for (int i = 0; i < a->npdus; i++) {
			size_t len = strlen(a->pdus[i]);

			if (len % 2 != 0 || strspn(a->pdus[i], "0123456789abcdefABCDEF") != len)
				return bad("PDU %d: not even-length hex", i + 1);
		}
		break;
	default:
		return -1;
	}
	if ((seen & SEEN(O_KASME)) || (seen & SEEN(O_NONCE)))
		return bad("--kasme and --nonce belong to derive");
	if (!a->allow_null && (a->eea == A3_ALG_NULL || a->eia == A3_ALG_NULL))
		return bad("null algorithm refused without --allow-null");
	return 0;
}

int
cli_parse(int argc, char **argv, struct cli_args *a)
{
	unsigned int seen = 0;
	int c, idx;

	memset(a, 0, sizeof(*a));
	a->now = (uint64_t)time(NULL);
	if (argc < 2)
		return cli_usage(stderr), -1;
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return a->cmd = CLI_HELP, 0;
	if (!strcmp(argv[1], "derive"))
		a->cmd = CLI_DERIVE;
	else if (!strcmp(argv[1], "protect"))
		a->cmd = CLI_PROTECT;
	else if (!strcmp(argv[1], "open"))
		a->cmd = CLI_OPEN;
	else
		return bad("unknown command '%s' (derive, protect, open)", argv[1]);

	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", options, &idx)) != -1) {
		if (c == O_HELP) {
			a->cmd = CLI_HELP;
			return 0;
		}
		if (c == '?' || c == ':')
			return bad("unknown option or missing value: %s", argv[optind - 1]);
		if (option(a, c, options[idx].name, optarg, &seen) != 0)
			return -1;
	}
	a->pdus = argv + optind;
	a->npdus = argc - optind;
	if (a->cmd != CLI_OPEN && a->npdus > 0)
		return bad("unexpected argument '%s'", a->pdus[0]);
	return check(a, seen);
}

void
cli_args_wipe(struct cli_args *a)
{
	explicit_bzero(a->kiwf, sizeof(a->kiwf));
	explicit_bzero(a->kasme, sizeof(a->kasme));
}
