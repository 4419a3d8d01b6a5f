/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctest.h"
#include "testlib.h"

static char *dir;

#define GOOD_TSP "\"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.1\", " \
	"\"ipv6\": \"2001:db8:0:1::1\", \"udp_port\": 3868}"
#define GOOD_T4 "\"t4\": {\"port\": 1, \"peer_ipv4\": \"198.18.1.2\", " \
	"\"peer_mac\": \"02:00:00:00:01:02\", \"peer_udp_port\": 3869, " \
	"\"destination_realm\": \"smsc.example\"}"

/* Loads text as a config file; returns config_load's result. */
static int
load(const char *text, struct gw_config *c, char *err, size_t errlen)
{
	char *path = ctest_write(dir, "gw.json", text);
	int rc;

	err[0] = '\0';
	rc = config_load(path, c, err, errlen);
	free(path);
	return rc;
}

static void
test_good(void)
{
	struct gw_config c;
	char err[256], want[4096];
	int rc;

	rc = load("{\"origin_host\": \"iwf.example\", \"origin_realm\": \"example\", "
		  GOOD_TSP ", " GOOD_T4 ", \"limits\": {\"max_payload\": 512, "
		  "\"max_validity\": 3600}, \"allow_null_algorithms\": true, "
		  "\"data_dir\": \"/var/lib/mtc-gw\", \"provision\": \"provision.jsonl\"}",
		  &c, err, sizeof(err));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_STRING_EQUAL(c.origin_host, "iwf.example");
	CU_ASSERT_STRING_EQUAL(c.origin_realm, "example");
	CU_ASSERT_TRUE(c.tsp.has_ipv4 && c.tsp.has_ipv6);
	CU_ASSERT_EQUAL(c.tsp.ipv4[0], 198);
	CU_ASSERT_EQUAL(c.tsp.ipv4[3], 1);
	CU_ASSERT_EQUAL(c.tsp.ipv6[0], 0x20);
	CU_ASSERT_EQUAL(c.tsp.ipv6[15], 1);
	CU_ASSERT_EQUAL(c.tsp.udp_port, 3868);
	CU_ASSERT_EQUAL(c.t4.port, 1);
	CU_ASSERT_TRUE(c.t4.has_peer_ipv4 && !c.t4.has_peer_ipv6);
	CU_ASSERT_TRUE(c.t4.has_peer_mac);
	CU_ASSERT_EQUAL(c.t4.peer_mac[5], 2);
	CU_ASSERT_EQUAL(c.t4.peer_udp_port, 3869);
	CU_ASSERT_STRING_EQUAL(c.t4.destination_realm, "smsc.example");
	CU_ASSERT_EQUAL(c.max_payload, 512);
	CU_ASSERT_EQUAL(c.max_validity, 3600);
	CU_ASSERT_TRUE(c.allow_null_algorithms);
	CU_ASSERT_STRING_EQUAL(c.data_dir, "/var/lib/mtc-gw");
	snprintf(want, sizeof(want), "%s/provision.jsonl", dir);
	CU_ASSERT_STRING_EQUAL(c.provision, want);
}

static void
test_defaults_ipv6_peer(void)
{
	struct gw_config c;
	char err[256];
	int rc;

	rc = load("{\"origin_host\": \"iwf.example\", \"origin_realm\": \"example\", "
		  "\"tsp\": {\"port\": 0, \"ipv6\": \"2001:db8::1\"}, "
		  "\"t4\": {\"port\": 0, \"peer_ipv6\": \"2001:db8::2\", "
		  "\"destination_realm\": \"mme.example\"}, "
		  "\"data_dir\": \"state\", \"provision\": \"/etc/p.jsonl\"}",
		  &c, err, sizeof(err));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_FALSE(c.tsp.has_ipv4);
	CU_ASSERT_TRUE(c.t4.has_peer_ipv6);
	CU_ASSERT_FALSE(c.t4.has_peer_mac);
	CU_ASSERT_EQUAL(c.t4.peer_udp_port, 3868);
	CU_ASSERT_EQUAL(c.max_payload, 1024);
	CU_ASSERT_EQUAL(c.max_validity, 604800);
	CU_ASSERT_FALSE(c.allow_null_algorithms);
	CU_ASSERT_STRING_EQUAL(c.provision, "/etc/p.jsonl");
	CU_ASSERT_PTR_NOT_NULL(strstr(c.data_dir, "/state"));
}

/* Each bad file and a word its error message must contain. */
static void
test_errors(void)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "{\"origin_host\": ", "gw.json:1:" },
		{ "{\"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"data_dir\": \"d\", \"provision\": \"p\"}", "origin_host: missing" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", "
		  "\"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.300\"}, " GOOD_T4
		  ", \"data_dir\": \"d\", \"provision\": \"p\"}", "tsp.ipv4" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", "
		  "\"tsp\": {\"port\": 0}, " GOOD_T4
		  ", \"data_dir\": \"d\", \"provision\": \"p\"}", "tsp.ipv4: missing" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", "
		  "\"t4\": {\"port\": 0, \"peer_ipv4\": \"198.18.1.2\", \"peer_mac\": \"02:00\", "
		  "\"destination_realm\": \"s\"}, \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "t4.peer_mac" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", "
		  "\"t4\": {\"port\": 0, \"destination_realm\": \"s\"}, "
		  "\"data_dir\": \"d\", \"provision\": \"p\"}", "t4.peer_ipv4: missing" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"limits\": {\"max_payload\": 0}, \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "limits.max_payload" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"data_dir\": \"d\", \"provision\": \"p\", \"provison\": \"x\"}",
		  "provison: unknown key" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"allow_null_algorithms\": 1, \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "allow_null_algorithms" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"provision\": \"p\"}", "data_dir: missing" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"prometheus\": \"localhost:9464\", \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "prometheus: \"localhost:9464\" is not ADDR:PORT" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"prometheus\": \"127.0.0.1:0\", \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "prometheus" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"max_scs\": 0, \"data_dir\": \"d\", \"provision\": \"p\"}", "max_scs" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", " GOOD_T4
		  ", \"api_socket\": 5, \"data_dir\": \"d\", \"provision\": \"p\"}", "api_socket" },
		{ "{\"origin_host\": \"h\", \"origin_realm\": \"e\", " GOOD_TSP ", "
		  "\"t4\": {\"port\": 70000, \"peer_ipv4\": \"198.18.1.2\", "
		  "\"destination_realm\": \"s\"}, \"data_dir\": \"d\", \"provision\": \"p\"}",
		  "t4.port" },
	};
	struct gw_config c;
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = load(cases[i].text, &c, err, sizeof(err));

		CU_ASSERT_TRUE(rc < 0);
		if (strstr(err, cases[i].want) == NULL) {
			fprintf(stderr, "case %zu: \"%s\" lacks \"%s\"\n", i, err, cases[i].want);
			CU_FAIL("error message does not name the key");
		}
	}
}

static void
test_missing_file(void)
{
	struct gw_config c;
	char err[256] = "";

	CU_ASSERT_TRUE(config_load("/nonexistent/gw.json", &c, err, sizeof(err)) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/gw.json"));
}

/* The control plane's keys: socket, master key, Prometheus, SCS ids. */
static void
test_control_keys(void)
{
	struct gw_config c;
	char err[256];

	CU_ASSERT_EQUAL_FATAL(load("{\"origin_host\": \"h\", \"origin_realm\": \"e\", "
		GOOD_TSP ", " GOOD_T4 ", \"data_dir\": \"d\", \"provision\": \"p\", "
		"\"master_key\": \"mk\", \"api_socket\": \"/tmp/gw.sock\", "
		"\"prometheus\": \"[::1]:9464\", \"max_scs\": 100}", &c, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(c.master_key, "/mk"));
	CU_ASSERT_STRING_EQUAL(c.api_socket, "/tmp/gw.sock");
	CU_ASSERT_EQUAL(c.prometheus.family, AF_INET6);
	CU_ASSERT_EQUAL(c.prometheus.addr[15], 1);
	CU_ASSERT_EQUAL(c.prometheus.port, 9464);
	CU_ASSERT_EQUAL(c.max_scs, 100);
	CU_ASSERT_EQUAL_FATAL(load("{\"origin_host\": \"h\", \"origin_realm\": \"e\", "
		GOOD_TSP ", " GOOD_T4 ", \"data_dir\": \"d\", \"provision\": \"p\", "
		"\"prometheus\": \"127.0.0.1:9100\"}", &c, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(c.prometheus.family, AF_INET);
	CU_ASSERT_EQUAL(c.prometheus.addr[0], 127);
	CU_ASSERT_EQUAL(c.max_scs, 4096);
	CU_ASSERT_STRING_EQUAL(c.master_key, "");
	CU_ASSERT_STRING_EQUAL(c.api_socket, "");
	/* no provisioning file: the store's UEs and SCSs */
	CU_ASSERT_EQUAL_FATAL(load("{\"origin_host\": \"h\", \"origin_realm\": \"e\", "
		GOOD_TSP ", " GOOD_T4 ", \"data_dir\": \"d\"}", &c, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(c.provision, "");
}

static CU_TestInfo tests[] = {
	{ "control plane keys", test_control_keys },
	{ "complete file", test_good },
	{ "defaults, IPv6 peer, relative data_dir", test_defaults_ipv6_peer },
	{ "errors name the key", test_errors },
	{ "missing file", test_missing_file },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "config", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	int rc;

	dir = ctest_tmpdir();
	rc = test_main(argc, argv, suites);
	ctest_rmdir(dir);
	free(dir);
	return rc;
}
