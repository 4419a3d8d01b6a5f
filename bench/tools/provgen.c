/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-provgen: a provisioning file and a matching gateway configuration for
 * tests and the main job. Keys come from a seeded generator: test data,
 * reproducible, never secret.
 *
 * usage: mtc-provgen [--ues N] [--out-dir DIR] [--seed S] [--data-dir DIR]
 * writes DIR/provision.jsonl and DIR/config.json (DIR defaults to ".").
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hexutil.h"

#define UES_MAX 9999999u /* MSISDN 1555 + 7 digits */

struct opts {
	unsigned long ues;
	uint64_t seed;
	const char *out_dir;
	const char *data_dir;
};

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char scs_lines[] =
	"{\"scs\": \"fleet-a\", \"sources\": [\"198.18.0.0/24\", \"2001:db8:0:2::/64\"], "
	"\"identities\": [\"^\\\\+1555\"], \"require_identity\": true, \"groups\": [\"meters\"], "
	"\"deny_payload\": [\"(?i)shutdown\"], \"rate\": 10000000, \"burst\": 100000}\n"
	"{\"scs\": \"fleet-b\", \"sources\": [\"198.18.2.0/24\"], \"require_identity\": false, "
	"\"groups\": [\"trackers\"], \"rate\": 2000, \"burst\": 50}\n"
	"{\"scs\": \"fleet-c\", \"sources\": [\"198.18.3.0/24\"], \"groups\": [\"spares\"]}\n";

static int
write_provision(const char *path, const struct opts *o)
{
	FILE *f = fopen(path, "w");
	uint64_t rng = o->seed;

	if (f == NULL) {
		fprintf(stderr, "mtc-provgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fputs(scs_lines, f);
	for (unsigned long i = 1; i <= o->ues; i++) {
		uint8_t k[32];
		char hex[65];
		unsigned int pair = (unsigned int)(i % 9);
		const char *groups = i % 7 == 0 ? "\"meters\", \"trackers\""
				     : i % 2    ? "\"meters\""
						: "\"trackers\"";

		for (int w = 0; w < 4; w++) {
			uint64_t v = splitmix64(&rng);

			memcpy(k + 8 * w, &v, 8);
		}
		hex_encode(k, sizeof(k), hex);
		fprintf(f,
			"{\"ue\": \"00101%010lu\", \"external_id\": \"ue-%lu@iot.example\", "
			"\"msisdn\": \"1555%07lu\", \"k_iwf\": \"%s\", \"ksi\": %lu, "
			"\"eea\": %u, \"eia\": %u, \"groups\": [%s]}\n",
			i, i, i, hex, i % 15, 1 + pair / 3, 1 + pair % 3, groups);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "mtc-provgen: %s: write error\n", path);
		return -1;
	}
	return 0;
}

static int
write_config(const char *path, const char *data_dir)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		fprintf(stderr, "mtc-provgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f,
		"{\n"
		"  \"origin_host\": \"iwf.example\",\n"
		"  \"origin_realm\": \"example\",\n"
		"  \"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.1\", \"ipv6\": \"2001:db8:0:1::1\","
		" \"udp_port\": 3868},\n"
		"  \"t4\": {\"port\": 0, \"peer_ipv4\": \"198.18.1.2\","
		" \"peer_mac\": \"02:00:00:00:01:02\", \"peer_udp_port\": 3868,"
		" \"destination_realm\": \"smsc.example\"},\n"
		"  \"limits\": {\"max_payload\": 1024, \"max_validity\": 604800},\n"
		"  \"data_dir\": \"%s\",\n"
		"  \"provision\": \"provision.jsonl\"\n"
		"}\n",
		data_dir);
	if (fclose(f) != 0) {
		fprintf(stderr, "mtc-provgen: %s: write error\n", path);
		return -1;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: mtc-provgen [--ues N] [--out-dir DIR] [--seed S] "
			"[--data-dir DIR]\n");
	exit(2);
}

static unsigned long long
number(const char *s, unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-' || v > max) {
		fprintf(stderr, "mtc-provgen: \"%s\": not a number up to %llu\n", s, max);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "ues", required_argument, NULL, 'n' },
		{ "out-dir", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "data-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .ues = 100000, .seed = 1, .out_dir = "." };
	char prov[PATH_MAX], cfg[PATH_MAX], data[PATH_MAX], cwd[PATH_MAX];
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'n': o.ues = (unsigned long)number(optarg, UES_MAX); break;
		case 'o': o.out_dir = optarg; break;
		case 's': o.seed = number(optarg, UINT64_MAX); break;
		case 'd': o.data_dir = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (mkdir(o.out_dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "mtc-provgen: %s: %s\n", o.out_dir, strerror(errno));
		return 1;
	}
	/* The config names data_dir relative to itself, or absolutely. */
	if (o.data_dir == NULL) {
		snprintf(data, sizeof(data), "data");
	} else if (o.data_dir[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL) {
		snprintf(data, sizeof(data), "%s", o.data_dir);
	} else if (snprintf(data, sizeof(data), "%s/%s", cwd, o.data_dir) >= (int)sizeof(data)) {
		fprintf(stderr, "mtc-provgen: --data-dir: path too long\n");
		return 2;
	}
	if (strpbrk(data, "\"\\") != NULL) {
		fprintf(stderr, "mtc-provgen: --data-dir: no quotes or backslashes, please\n");
		return 2;
	}
	if (snprintf(prov, sizeof(prov), "%s/provision.jsonl", o.out_dir) >= (int)sizeof(prov) ||
	    snprintf(cfg, sizeof(cfg), "%s/config.json", o.out_dir) >= (int)sizeof(cfg) ||
	    snprintf(cwd, sizeof(cwd), "%s/%s", o.out_dir, data) >= (int)sizeof(cwd)) {
		fprintf(stderr, "mtc-provgen: --out-dir: path too long\n");
		return 2;
	}
	if (mkdir(data[0] == '/' ? data : cwd, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "mtc-provgen: %s: %s\n", data, strerror(errno));
		return 1;
	}
	if (write_provision(prov, &o) != 0 || write_config(cfg, data) != 0)
		return 1;
	printf("mtc-provgen: %lu UEs and 3 SCSs in %s, configuration in %s\n", o.ues, prov, cfg);
	return 0;
}
