/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wire stages' per-lcore counters. Each counter is declared once below
 * with its name, its kind (ctr_kind.h) and its description; the enum, the struct and the name table
 * are generated from that list.
 */
#ifndef MTC_WIRE_COUNTERS_H
#define MTC_WIRE_COUNTERS_H

#include <stdint.h>

#include <rte_common.h>

#include "ctr_kind.h"
#include "dar.h"

#define WIRE_COUNTERS(X)                                                                      \
	X(rx_frames, info, "frames looked at by the receive stage")                       \
	X(rx_tsp, info, "Tsp datagrams handed to the Diameter decoder")                   \
	X(rx_arp, info, "ARP requests and replies not needing an answer (learned from)")  \
	X(tx_arp_reply, info, "ARP requests for our IPv4 addresses answered")             \
	X(rx_nd_advert, info, "Neighbour Advertisements learned from")                    \
	X(tx_nd_advert, info, "Neighbour Solicitations for our IPv6 addresses answered")  \
	X(neigh_learned, info, "next-hop MAC addresses learned or changed")               \
	X(drop_multiseg, drop, "frame in more than one mbuf segment")                     \
	X(drop_runt, drop, "frame shorter than the headers it announces")                 \
	X(drop_not_our_mac, drop, "unicast frame for another MAC address")                \
	X(drop_vlan_stacked, drop, "more than one VLAN tag")                              \
	X(drop_ethertype, drop, "neither ARP, IPv4 nor IPv6")                             \
	X(drop_bad_ip_hdr, drop, "IP version or IPv4 header length invalid")              \
	X(drop_bad_ip_len, drop, "IP length larger than the frame or smaller than the header") \
	X(drop_bad_ip_csum, drop, "IPv4 header checksum wrong")                           \
	X(drop_ip_fragment, drop, "IPv4 fragment (MF set or offset not 0)")               \
	X(drop_ip6_ext_hdr, drop, "IPv6 packet with an extension header")                 \
	X(drop_ip_proto, drop, "IP packet neither UDP nor (IPv6) ICMPv6")                 \
	X(drop_not_for_us, drop, "destination address (or ARP/ND target) not the gateway's") \
	X(drop_bad_udp_len, drop, "UDP length inconsistent with the IP length")           \
	X(drop_bad_port, drop, "UDP destination port not the Tsp port")                   \
	X(drop_bad_udp_csum, drop, "UDP checksum wrong")                                  \
	X(drop_udp6_zero_csum, drop, "UDP over IPv6 without a checksum")                  \
	X(drop_bad_arp, drop, "ARP not Ethernet/IPv4, or an unknown opcode")              \
	X(drop_bad_nd, drop, "malformed Neighbour Solicitation or Advertisement (RFC 4861 7.1)") \
	X(drop_bad_icmp6_csum, drop, "ICMPv6 checksum wrong")                             \
	X(drop_icmp6_other, drop, "ICMPv6 other than NS/NA")                              \
	X(drop_no_room, drop, "no tailroom to build a reply in place")                    \
	X(dar_ok, info, "DARs that passed the protocol checks (2001)")                    \
	X(dar_drop_short, drop, "DAR shorter than a Diameter header: dropped")            \
	X(dar_drop_version, drop, "Diameter version not 1: dropped")                      \
	X(dar_drop_not_request, drop, "Diameter R bit clear on the Tsp port: dropped")    \
	X(dar_3001, fault, "DAR answered 3001 COMMAND_UNSUPPORTED")                       \
	X(dar_3003, fault, "DAR answered 3003 REALM_NOT_SERVED")                          \
	X(dar_3007, fault, "DAR answered 3007 APPLICATION_UNSUPPORTED")                   \
	X(dar_5001, fault, "DAR answered 5001 AVP_UNSUPPORTED")                           \
	X(dar_5004, fault, "DAR answered 5004 INVALID_AVP_VALUE")                         \
	X(dar_5005, fault, "DAR answered 5005 MISSING_AVP")                               \
	X(dar_5009, fault, "DAR answered 5009 AVP_OCCURS_TOO_MANY_TIMES")                 \
	X(dar_5014, fault, "DAR answered 5014 INVALID_AVP_LENGTH")                        \
	X(dar_5015, fault, "DAR answered 5015 INVALID_MESSAGE_LENGTH")                    \
	X(daa_no_room, drop, "answer did not fit in the mbuf")                            \
	X(dta_success, info, "Device-Trigger-Answers with a 2xxx result")                 \
	X(dta_3xxx, info, "Device-Trigger-Answers with a 3xxx (protocol) result")         \
	X(dta_4xxx, info, "Device-Trigger-Answers with a 4xxx (transient) result")        \
	X(dta_5xxx, info, "Device-Trigger-Answers with a 5xxx (permanent) result")        \
	X(dta_malformed, info, "Device-Trigger-Answers without a readable result")

enum wire_ctr {
#define WIRE_CTR_ENUM(name, kind, desc) WIRE_CTR_##name,
	WIRE_COUNTERS(WIRE_CTR_ENUM)
#undef WIRE_CTR_ENUM
	WIRE_CTR_MAX
};

struct wire_counters {
	uint64_t v[WIRE_CTR_MAX];
} __rte_cache_aligned;

struct wire_counter_desc {
	const char *name;
	const char *desc;
	enum ctr_kind kind;
};

/* Indexed by enum wire_ctr. */
extern const struct wire_counter_desc wire_counter_desc[WIRE_CTR_MAX];

/* Adds the counters of src to dst (the control thread's sum over lcores). */
void wire_counters_add(struct wire_counters *dst, const struct wire_counters *src);

/* The counter of a DAR's outcome. */
static inline enum wire_ctr
wire_dar_ctr(const struct dar_trigger *d)
{
	switch (d->result) {
	case 0:
		return d->drop == DAR_DROP_SHORT     ? WIRE_CTR_dar_drop_short
		       : d->drop == DAR_DROP_VERSION ? WIRE_CTR_dar_drop_version
						     : WIRE_CTR_dar_drop_not_request;
	case DIAM_SUCCESS: return WIRE_CTR_dar_ok;
	case DIAM_COMMAND_UNSUPPORTED: return WIRE_CTR_dar_3001;
	case DIAM_REALM_NOT_SERVED: return WIRE_CTR_dar_3003;
	case DIAM_APPLICATION_UNSUPPORTED: return WIRE_CTR_dar_3007;
	case DIAM_AVP_UNSUPPORTED: return WIRE_CTR_dar_5001;
	case DIAM_INVALID_AVP_VALUE: return WIRE_CTR_dar_5004;
	case DIAM_MISSING_AVP: return WIRE_CTR_dar_5005;
	case DIAM_AVP_OCCURS_TOO_MANY_TIMES: return WIRE_CTR_dar_5009;
	case DIAM_INVALID_AVP_LENGTH: return WIRE_CTR_dar_5014;
	default: return WIRE_CTR_dar_5015;
	}
}

/* The counter of a DTA's Result-Code (0: malformed). */
static inline enum wire_ctr
wire_dta_ctr(uint32_t code)
{
	switch (code / 1000) {
	case 2: return WIRE_CTR_dta_success;
	case 3: return WIRE_CTR_dta_3xxx;
	case 4: return WIRE_CTR_dta_4xxx;
	case 5: return WIRE_CTR_dta_5xxx;
	default: return WIRE_CTR_dta_malformed;
	}
}

#endif
