/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench_frames.h"
#include "dar_build.h"
#include "frame_build.h"

void
bench_tmpl_make(struct bench_tmpl *t, const struct rte_ether_addr *gw_mac)
{
	static uint8_t payload[BENCH_PAYLOAD];
	struct frame_spec fs;
	struct dar_spec ds;
	struct dbuf b;
	char ext[64];
	uint32_t len;

	memset(payload, 'x', sizeof(payload));
	dar_spec_typical(&ds, payload, sizeof(payload));
	snprintf(ext, sizeof(ext), BENCH_EXT_FMT, 0u);
	ds.ext_id = ext;
	ds.dest_realm = "example";
	ds.scs_id = "+15550100";
	len = dar_build(&b, &ds);
	fb_spec_v4(&fs, gw_mac->addr_bytes);
	memcpy(fs.src, (uint8_t[]){ 198, 18, 0, 10 }, 4);
	memcpy(fs.dst, (uint8_t[]){ 198, 18, 0, 1 }, 4);
	t->len = fb_udp(t->frame, &fs, b.b, len);
	t->digits = (size_t)((uint8_t *)memmem(t->frame, t->len, "ue-", 3) - t->frame) + 3;
	t->udp_off = 14 + 20;
}

void
bench_frame_for(const struct bench_tmpl *t, uint8_t *out, unsigned int u)
{
	uint8_t *udp = out + t->udp_off;
	uint32_t sum;

	memcpy(out, t->frame, t->len);
	for (int i = 6; i >= 0; i--, u /= 10)
		out[t->digits + (size_t)i] = (uint8_t)('0' + u % 10);
	udp[6] = udp[7] = 0;
	sum = fb_sum(out + 14 + 12, 8, 0); /* addresses */
	sum += 17 + (uint32_t)(t->len - t->udp_off);
	sum = fb_sum(udp, t->len - t->udp_off, sum);
	uint16_t c = (uint16_t)~fb_fold(sum);
	c = c ? c : 0xffff;
	udp[6] = (uint8_t)(c >> 8);
	udp[7] = (uint8_t)c;
}

int
bench_write_gw_json(const char *dir, const char *extra)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/gw.json", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	fprintf(f, "{\"origin_host\": \"iwf.example\", \"origin_realm\": \"example\",\n"
		   " \"tsp\": {\"port\": 0, \"ipv4\": \"198.18.0.1\", \"udp_port\": 3868},\n"
		   " \"t4\": {\"port\": 0, \"peer_ipv4\": \"198.18.1.2\", "
		   "\"peer_mac\": \"02:00:00:00:01:02\", \"peer_udp_port\": 3868, "
		   "\"destination_realm\": \"smsc.example\"},\n"
		   " %s\"data_dir\": \"%s/data\", \"provision\": \"provision.jsonl\"}\n", extra, dir);
	return fclose(f) == 0 ? 0 : -errno;
}
