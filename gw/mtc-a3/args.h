/* SPDX-License-Identifier: BSD-3-Clause */
/* mtc-a3's command line, checked in full before any key is touched. */
#ifndef MTC_A3_ARGS_H
#define MTC_A3_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "a3.h"

enum cli_cmd { CLI_HELP, CLI_DERIVE, CLI_PROTECT, CLI_OPEN };

struct cli_args {
	enum cli_cmd cmd;
	bool have_kiwf, have_kasme, allow_null;
	uint8_t kiwf[A3_KIWF_LEN];
	uint8_t kasme[A3_KASME_LEN];
	uint8_t nonce[A3_NONCE_LEN];
	uint8_t ksi, eea, eia, priority;
	uint32_t count, ref, expiry, port;
	uint64_t now;
	uint8_t scs_id[A3_SCS_ID_MAX];
	size_t scs_id_len;
	uint8_t payload[A3_PT_MAX];
	size_t payload_len;
	char **pdus;
	int npdus;
};

/* 0, or -1 after printing what is wrong to stderr. */
int cli_parse(int argc, char **argv, struct cli_args *a);
void cli_args_wipe(struct cli_args *a);
void cli_usage(FILE *f);
/* Prints "mtc-a3: msg" to stderr; returns 2. */
int cli_fail(const char *msg);

#endif
