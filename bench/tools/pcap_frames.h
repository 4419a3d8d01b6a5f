/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames of a pcap file as the tools read them: Ethernet (one optional VLAN
 * tag), IPv4 or IPv6, UDP, and where the datagram's payload is.
 */
#ifndef MTC_PCAP_FRAMES_H
#define MTC_PCAP_FRAMES_H

#include <stdint.h>

struct pf_udp {
	uint8_t v6;
	uint8_t src[16]; /* IPv4 in the first 4 octets */
	uint8_t dst[16];
	uint16_t sport;
	uint16_t dport;
	const uint8_t *msg; /* the UDP payload */
	uint32_t msg_len;
};

/* Returns 0 for an unfragmented UDP datagram whose lengths hold, else -1. */
int pf_parse_udp(const uint8_t *frame, uint32_t len, struct pf_udp *u);

/* An address as text (inet_ntop) into out (at least 46 octets). */
void pf_addr_str(const struct pf_udp *u, const uint8_t *addr, char *out);

#endif
