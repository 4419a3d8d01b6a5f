/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cycles per DAR decode+validate and per DAA+DTR encode on the typical
 * request (External-Identifier, SCS-Identity, 128-octet payload), and per
 * checksum of a 400-octet UDP datagram over IPv4, wire_cksum.h's against
 * DPDK's: the median over many runs of a few hundred calls each, by
 * rte_rdtsc. JSON on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include "a3_pdu.h"
#include "daa.h"
#include "dar.h"
#include "dar_build.h"
#include "dtr.h"
#include "wire_cksum.h"

#define RUNS 301
#define CALLS 256
#define CKSUM_LEN 400 /* UDP header and payload */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Hides a value from the compiler: each call sums the buffer again, its length known
 * only at run time as in the packet path. */
#define FRESH(p) __asm__ volatile("" : "+r"(p))

/*
 * Median cycles per call of the raw sum of the datagram and of its UDP
 * checksum (pseudo-header included), ours and DPDK's, interleaved. The
 * frame sits where an mbuf's would.
 */
static uint32_t
bench_cksum(double out[4])
{
	static uint8_t frame[RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr) + CKSUM_LEN]
		__attribute__((aligned(64)));
	static double t[4][RUNS];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);
	const uint8_t *l4 = (const uint8_t *)(ip + 1);
	size_t len = CKSUM_LEN;
	uint32_t s = 0;
	int r, i, k;

	for (i = 0; i < (int)sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 131 + 7);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + CKSUM_LEN);
	ip->next_proto_id = IPPROTO_UDP;
	for (r = 0; r < RUNS; r++) {
		uint64_t t0[5];

		t0[0] = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++) {
			FRESH(l4);
			FRESH(len);
			s += wire_raw_cksum(l4, len);
		}
		t0[1] = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++) {
			FRESH(l4);
			FRESH(len);
			s += rte_raw_cksum(l4, len);
		}
		t0[2] = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++) {
			FRESH(ip);
			s += wire_ipv4_udptcp_cksum(ip, ip + 1);
		}
		t0[3] = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++) {
			FRESH(ip);
			s += rte_ipv4_udptcp_cksum(ip, ip + 1);
		}
		t0[4] = rte_rdtsc_precise();
		for (k = 0; k < 4; k++)
			t[k][r] = (double)(t0[k + 1] - t0[k]) / CALLS;
	}
	for (k = 0; k < 4; k++)
		out[k] = median(t[k], RUNS);
	return s;
}

static void
cpu_name(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(out, len, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "model name", 10) == 0) {
			char *p = strchr(line, ':');

			if (p) {
				p += 2;
				p[strcspn(p, "\n")] = 0;
				snprintf(out, len, "%s", p);
			}
			break;
		}
	fclose(f);
}

int
main(void)
{
	static struct dbuf b;
	static uint8_t payload[128], daa[1024], dtr[1024];
	static double t_dec[RUNS], t_daa[RUNS], t_dtr[RUNS], t_enc[RUNS];
	static const uint8_t imsi[] = "001010123456789";
	double ck[4];
	struct diam_local l;
	struct diam_idgen ids;
	struct dar_spec s;
	struct dar_trigger d;
	struct dtr_params p;
	volatile uint32_t sink = 0;
	char cpu[128];
	uint64_t t0;
	int r, i;

	if (diam_local_init(&l, "iwf1.iwf.example", "iwf.example", "t4.example") != 0)
		return 1;
	diam_idgen_init(&ids, &l, 1700000000u, 0);
	memset(payload, 0x5a, sizeof(payload));
	dar_spec_typical(&s, payload, sizeof(payload));
	dar_build(&b, &s);
	if (dar_decode(b.b, b.len, &l, &d) != DIAM_SUCCESS)
		return 1;
	p = (struct dtr_params){
		.imsi = imsi,
		.imsi_len = 15,
		.smea = d.scs_id.p,
		.smea_len = (uint8_t)d.scs_id.len,
		.reference = d.reference,
		.validity_time = d.validity_time,
		.priority = d.priority,
		.has = DTR_HAS_VALIDITY | DTR_HAS_PRIORITY,
		.pdu_len = (uint16_t)a3_pdu_len((uint8_t)d.scs_id.len, d.payload.len),
	};

	for (r = 0; r < RUNS; r++) {
		uint64_t t1, t2;

		t0 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += dar_decode(b.b, b.len, &l, &d);
		t1 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += (uint32_t)daa_encode(daa, sizeof(daa), &l, &ids, &d, DIAM_SUCCESS,
						     RS_SUCCESS);
		t2 = rte_rdtsc_precise();
		for (i = 0; i < CALLS; i++)
			sink += (uint32_t)dtr_encode(dtr, sizeof(dtr), &l, &ids, &p, NULL);
		t_dec[r] = (double)(t1 - t0) / CALLS;
		t_daa[r] = (double)(t2 - t1) / CALLS;
		t_dtr[r] = (double)(rte_rdtsc_precise() - t2) / CALLS;
		t_enc[r] = t_daa[r] + t_dtr[r];
	}
	sink += bench_cksum(ck);
	cpu_name(cpu, sizeof(cpu));
	printf("{\n  \"cpu\": \"%s\",\n  \"dar_len\": %u,\n  \"runs\": %d,\n  \"calls_per_run\": %d,\n",
	       cpu, b.len, RUNS, CALLS);
	printf("  \"dar_decode_cycles\": %.1f,\n", median(t_dec, RUNS));
	printf("  \"daa_encode_cycles\": %.1f,\n", median(t_daa, RUNS));
	printf("  \"dtr_encode_cycles\": %.1f,\n", median(t_dtr, RUNS));
	printf("  \"daa_dtr_encode_cycles\": %.1f,\n", median(t_enc, RUNS));
	printf("  \"target_decode_cycles\": 150,\n  \"target_encode_cycles\": 200,\n");
	printf("  \"cksum_len\": %d,\n", CKSUM_LEN);
	printf("  \"raw_cksum_cycles\": %.1f,\n  \"rte_raw_cksum_cycles\": %.1f,\n", ck[0], ck[1]);
	printf("  \"udp4_cksum_cycles\": %.1f,\n  \"rte_udp4_cksum_cycles\": %.1f,\n", ck[2],
	       ck[3]);
	printf("  \"sink\": %u\n}\n", sink & 1);
	return 0;
}
