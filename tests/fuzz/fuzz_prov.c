/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz entry: a provisioning or import line. The fast UE-line reader
 * (control/provision_fast.c) against prov_ue_parse over jansson: whatever
 * the fast reader accepts, the general parser must accept with the same
 * UE and key, octet for octet; it must never read past the line.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_entry.h"
#include "policy.h"
#include "provision_json.h"

static struct ue_keyer keyer;
static struct policy_builder *reg;
static struct a3_engine *eng;
static struct prov_ue_ctx ctx;

static void
setup(void)
{
	if (reg != NULL)
		return;
	reg = policy_builder_new();
	eng = a3_engine_create();
	if (reg == NULL || eng == NULL || ue_keyer_init(&keyer) != 0 ||
	    policy_builder_set_group(reg, 0, "g") != 0 || policy_builder_set_group(reg, 5, "h") != 0)
		abort();
	ctx = (struct prov_ue_ctx){ .keyer = &keyer, .policy = reg, .engine = eng };
}

int
fuzz_prov_input(const uint8_t *data, size_t size)
{
	/* a copy of exactly size octets: ASan sees any read past the line */
	char *text = malloc(size ? size : 1);
	struct prov_ue a, b;
	uint8_t ka[A3_KIWF_LEN], kb[A3_KIWF_LEN];
	char msg[256];
	struct prov_err e = { msg, sizeof(msg) };
	size_t used = 0;
	int fast;

	setup();
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	fast = prov_ue_fast(text, size, &ctx, &a, ka, &used);
	if (fast == 1) {
		json_t *o = json_loadb(text, used, JSON_REJECT_DUPLICATES, NULL);

		if (used == 0 || used > size || o == NULL ||
		    prov_ue_parse(&e, o, &ctx, &b, kb) != 0 ||
		    memcmp(&a, &b, sizeof(a)) != 0 || memcmp(ka, kb, sizeof(ka)) != 0)
			abort();
		json_decref(o);
	} else if (fast != 0) {
		abort();
	}
	free(text);
	return 0;
}
