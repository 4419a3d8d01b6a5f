/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pipeline benchmarks' gateway and traffic: its configuration, and one
 * DAR frame (External-Identifier
 * EXT_FMT of UE 0, SCS-Identity, a 128-octet payload, from 198.18.0.10 to
 * 198.18.0.1) and, from it, the frame of any UE, UDP checksum and all.
 */
#ifndef MTC_BENCH_FRAMES_H
#define MTC_BENCH_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#define BENCH_PAYLOAD 128
#define BENCH_EXT_FMT "ue-%07u@bench.example"

/* The template frame and where its UE number sits. */
struct bench_tmpl {
	uint8_t frame[2048];
	size_t len, digits, udp_off;
};

void bench_tmpl_make(struct bench_tmpl *t, const struct rte_ether_addr *gw_mac);
/* The frame for UE u into out (t->len octets). */
void bench_frame_for(const struct bench_tmpl *t, uint8_t *out, unsigned int u);

/* dir/gw.json: the gateway of the benchmarks on port 0 (Tsp 198.18.0.1,
 * T4 peer 198.18.1.2 with a fixed MAC), its store in dir/data and
 * dir/provision.jsonl; extra is more keys ("\"k\": v, " each), or "".
 * Returns 0 or -errno. */
int bench_write_gw_json(const char *dir, const char *extra);

#endif
