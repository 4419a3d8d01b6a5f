/* SPDX-License-Identifier: BSD-3-Clause */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

void
gw_usage(FILE *f)
{
	fputs("usage: mtc-gw [EAL options] -- --config FILE [--stats SECONDS]\n"
	      "              [--duration SECONDS] [--quiet] [--check]\n"
	      "\n"
	      "  --config FILE       the gateway's configuration (JSON, see README)\n"
	      "  --stats SECONDS     a statistics line every SECONDS\n"
	      "  --duration SECONDS  stop by itself after SECONDS (0: until SIGINT/SIGTERM)\n"
	      "  --quiet             no start-up lines, statistics or final counters\n"
	      "  --check             check the configuration and the provisioning file\n"
	      "                      (keys, groups, patterns, prefixes) and exit: 0 when\n"
	      "                      they are good, 1 with the file, line and reason\n"
	      "  --help              this text\n"
	      "\n"
	      "Signals: SIGINT and SIGTERM stop it cleanly; SIGHUP imports the\n"
	      "provisioning file again through the admin API's path (new UEs added,\n"
	      "SCSs added or updated, UEs in force left as they are).\n"
	      "The admin API listens on /run/mtc-gw/<EAL --file-prefix>.sock (gwctl).\n", f);
}

static int
seconds(const char *opt, const char *v, unsigned int *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (*v < '0' || *v > '9' || *end != '\0' || n > 86400 * 365) {
		fprintf(stderr, "mtc-gw: --%s: '%s' is not a number of seconds\n", opt, v);
		return -1;
	}
	*out = (unsigned int)n;
	return 0;
}

int
gw_opts_parse(int argc, char **argv, struct gw_opts *o)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "stats", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "check", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:s:d:qkh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 's': if (seconds("stats", optarg, &o->stats_s)) return -1; break;
		case 'd': if (seconds("duration", optarg, &o->duration_s)) return -1; break;
		case 'q': o->quiet = true; break;
		case 'k': o->check = true; break;
		case 'h': gw_usage(stdout); exit(0);
		default: gw_usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mtc-gw: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (o->config == NULL) {
		fprintf(stderr, "mtc-gw: --config FILE is required\n");
		gw_usage(stderr);
		return -1;
	}
	return 0;
}
