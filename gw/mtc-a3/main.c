/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mtc-a3: derive A3 keys, build an A3-PDU, or open captured ones.
 *
 *   mtc-a3 derive (--kiwf HEX64 | --kasme HEX64 --nonce HEX32) --eea N --eia N
 *   mtc-a3 protect --kiwf HEX64 --ksi N --eea N --eia N --count N --ref N
 *          [--expiry N] [--port N] [--scs-id HEX] [--priority] [--allow-null]
 *          --payload HEX
 *   mtc-a3 open --kiwf HEX64 --ksi N --eea N --eia N [--allow-null]
 *          [--now SECONDS] PDUHEX...
 *
 * Exit status: 0 done (open: every PDU opened), 1 some PDU refused,
 * 2 bad arguments.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "a3.h"
#include "args.h"
#include "hexutil.h"

static void
print_hex(const char *key, const uint8_t *v, size_t len, const char *sep)
{
	char hex[2 * 64 + 1];

	hex_encode(v, len, hex);
	printf("\"%s\":\"%s\"%s", key, hex, sep);
}

static int
cmd_derive(struct a3_engine *e, const struct cli_args *a)
{
	struct a3_derive_req req = { .kiwf = a->kiwf, .eea = a->eea, .eia = a->eia };
	uint8_t kiwf[A3_KIWF_LEN];

	if (a->have_kasme) {
		if (a3_derive_kiwf(e, a->kasme, a->nonce, kiwf) != 0)
			return cli_fail("key derivation failed");
		req.kiwf = kiwf;
	}
	if (a3_derive_bulk(e, &req, 1) != 0)
		return cli_fail("key derivation failed");
	printf("{");
	print_hex("k_iwf", req.kiwf, A3_KIWF_LEN, ",");
	print_hex("k_di_conf", req.k_conf, A3_KEY_LEN, ",");
	print_hex("k_di_int", req.k_int, A3_KEY_LEN, "}\n");
	explicit_bzero(&req, sizeof(req));
	explicit_bzero(kiwf, sizeof(kiwf));
	return 0;
}

static int
cmd_protect(struct a3_engine *e, struct cli_args *a, struct a3_keyset *ks)
{
	size_t len = a3_pdu_len((uint8_t)a->scs_id_len, (uint32_t)a->payload_len);
	uint8_t *buf = malloc(A3_PDU_HEADROOM + len);
	char *hex = malloc(2 * len + 1);
	struct a3_trigger t = {
		.ks = ks, .count = a->count, .reference = a->ref, .expiry = a->expiry,
		.app_port = a->port, .priority = a->priority,
		.scs_id = a->scs_id, .scs_id_len = (uint8_t)a->scs_id_len,
		.payload = a->payload, .payload_len = (uint16_t)a->payload_len,
	};
	int rc = 0;

	if (buf == NULL || hex == NULL) {
		rc = cli_fail("out of memory");
	} else {
		t.pdu = buf + A3_PDU_HEADROOM;
		if (a3_protect_burst(e, &t, 1, NULL) != 1) {
			rc = cli_fail("protection failed");
		} else {
			hex_encode(t.pdu, len, hex);
			printf("%s\n", hex);
		}
	}
	free(buf);
	free(hex);
	return rc;
}

static void
print_opened(const struct a3_rx *rx)
{
	char *hex = malloc(2 * (size_t)rx->payload_len + 1);
	char scs[2 * A3_SCS_ID_MAX + 1];

	hex_encode(rx->scs_id, rx->scs_id_len, scs);
	if (hex != NULL)
		hex_encode(rx->payload, rx->payload_len, hex);
	printf("{\"ok\":true,\"count\":%u,\"ref\":%u,\"expiry\":%u,\"port\":%u,"
	       "\"priority\":%u,\"scs_id\":\"%s\",\"payload\":\"%s\"}\n",
	       rx->count, rx->reference, rx->expiry, rx->app_port, rx->priority, scs,
	       hex ? hex : "");
	free(hex);
}

static int
cmd_open(struct a3_engine *e, struct cli_args *a, struct a3_keyset *ks)
{
	struct a3_ue_ctx ue;
	int failed = 0;

	a3_ue_ctx_init(&ue);
	a3_ue_ctx_rekey(&ue, ks);
	for (int i = 0; i < a->npdus; i++) {
		size_t max = strlen(a->pdus[i]) / 2;
		uint8_t *buf = malloc(A3_PDU_HEADROOM + max + 1);
		struct a3_rx rx = { .ue = &ue };
		enum a3_status st;
		ssize_t n;

		if (buf == NULL) {
			a3_ue_ctx_wipe(&ue);
			return cli_fail("out of memory");
		}
		n = hex_decode(a->pdus[i], buf + A3_PDU_HEADROOM, max);
		/* Checked in cli_parse: every PDU is even-length hex. */
		rx.pdu = buf + A3_PDU_HEADROOM;
		rx.len = (uint32_t)(n < 0 ? 0 : n);
		st = a3_open(e, &rx, a->now);
		if (st == A3_OK) {
			print_opened(&rx);
		} else {
			printf("{\"ok\":false,\"error\":\"%s\"}\n", a3_status_name(st));
			failed = 1;
		}
		free(buf);
	}
	fflush(stdout);
	a3_ue_ctx_wipe(&ue);
	return failed;
}

int
main(int argc, char **argv)
{
	struct cli_args a;
	struct a3_engine *e;
	struct a3_keyset ks;
	int rc;

	if (cli_parse(argc, argv, &a) != 0)
		return 2;
	if (a.cmd == CLI_HELP) {
		cli_usage(stdout);
		return 0;
	}
	e = a3_engine_create();
	if (e == NULL) {
		cli_args_wipe(&a);
		return cli_fail("cannot initialise intel-ipsec-mb");
	}
	if (a.cmd == CLI_DERIVE) {
		rc = cmd_derive(e, &a) ? 2 : 0;
	} else if (a3_keyset_from_kiwf(e, &ks, a.ksi, a.eea, a.eia, a.kiwf,
				       a.allow_null) != 0) {
		rc = cli_fail("cannot install the key set");
	} else {
		rc = a.cmd == CLI_PROTECT ? (cmd_protect(e, &a, &ks) ? 2 : 0)
					  : cmd_open(e, &a, &ks);
		a3_keyset_wipe(&ks);
	}
	cli_args_wipe(&a);
	a3_engine_free(e);
	return rc;
}
