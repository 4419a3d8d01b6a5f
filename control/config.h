/* SPDX-License-Identifier: BSD-3-Clause */
/* The gateway's JSON configuration file. */
#ifndef MTC_CONFIG_H
#define MTC_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_NAME_MAX 256 /* DiameterIdentity, with its NUL */

/* An address to listen on; family 0 when not configured. */
struct gw_listen {
	int family; /* AF_INET, AF_INET6 */
	uint8_t addr[16];
	uint16_t port;
};

struct gw_config {
	char origin_host[CONFIG_NAME_MAX];
	char origin_realm[CONFIG_NAME_MAX];
	struct {
		uint16_t port; /* DPDK port id */
		bool has_ipv4, has_ipv6;
		uint8_t ipv4[4];  /* network order */
		uint8_t ipv6[16];
		uint16_t udp_port;
	} tsp;
	struct {
		uint16_t port;
		bool has_peer_ipv4, has_peer_ipv6, has_peer_mac;
		uint8_t peer_ipv4[4];
		uint8_t peer_ipv6[16];
		uint8_t peer_mac[6]; /* when absent, resolved with ARP / ND */
		uint16_t peer_udp_port;
		char destination_realm[CONFIG_NAME_MAX];
	} t4;
	uint32_t max_payload;  /* limits.max_payload, octets */
	uint32_t max_validity; /* limits.max_validity, seconds */
	bool allow_null_algorithms;
	uint32_t max_ues; /* 0: sized from the provisioning file */
	uint32_t max_scs; /* SCS ids ever handed out (4096) */
	char data_dir[PATH_MAX];  /* relative paths: to the config file's directory */
	char provision[PATH_MAX]; /* "": none, the store holds the UEs and SCSs */
	char master_key[PATH_MAX]; /* "": keys are not kept at rest */
	char api_socket[PATH_MAX]; /* "": /run/mtc-gw/<EAL file prefix>.sock */
	struct gw_listen prometheus; /* Prometheus text over HTTP; family 0: none */
};

/*
 * Reads and checks the file. Required: origin_host, origin_realm,
 * tsp {port, ipv4 and/or ipv6, udp_port (3868)}, t4 {port, peer_ipv4 or
 * peer_ipv6, peer_mac (optional), peer_udp_port (3868), destination_realm},
 * data_dir. Optional: provision (without it the gateway starts from what
 * its store holds), limits {max_payload (1024), max_validity
 * (604800)}, allow_null_algorithms (false), max_ues (0), max_scs (4096),
 * master_key (a file of mode 0600), api_socket, prometheus ("ADDR:PORT").
 * Unknown keys are
 * refused (a misspelt key would otherwise be silently ignored).
 * Returns 0, or -errno with a message naming the key in err.
 */
int config_load(const char *path, struct gw_config *c, char *err, size_t errlen);

#endif
