/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz entry: a Diameter message as received (the UDP payload). Decodes it
 * as a DAR and a DTA, checks the descriptor's invariants and that the
 * reference decoder (tests/wire/dar_ref.c) makes the same of it, and
 * encodes the answer out of place and in place; both answers must be
 * identical and decode as a well-formed Diameter message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dar.h"
#include "dar_ref.h"
#include "daa.h"
#include "diam_avp.h"
#include "fuzz_entry.h"

static struct diam_local local;
static struct diam_idgen ids;
static int ready;

static void
setup(void)
{
	if (ready)
		return;
	if (diam_local_init(&local, "iwf.example", "iwf.example", "t4.example") != 0)
		abort();
	diam_idgen_init(&ids, &local, 1700000000u, 1);
	ready = 1;
}

static void
check_span(const struct dar_trigger *d, const struct wire_span *s)
{
	if (s->len && (s->p < d->msg || s->p + s->len > d->msg + d->msg_len))
		abort();
}

/* The answer must be a sequence of well-formed AVPs exactly filling it. */
static void
check_msg(const uint8_t *m, uint32_t len)
{
	const uint8_t *p = m + DIAM_HDR_LEN;
	struct diam_avp a;
	enum diam_avp_status st;

	if (len < DIAM_HDR_LEN || (diam_get32(m) & 0xffffff) != len || (len & 3))
		abort();
	while ((st = diam_avp_next(&p, m + len, &a)) == DIAM_AVP_OK)
		;
	if (st != DIAM_AVP_END)
		abort();
}

int
fuzz_dar_input(const uint8_t *data, size_t size)
{
	static uint8_t out[8192], inplace[8192];
	struct dar_trigger d, ref;
	char digits[2 * DIAM_MSISDN_MAX];
	uint32_t r, len = (uint32_t)size;
	int n1, n2;

	setup();
	if (size == 0 || size > 4096)
		return 0;
	(void)dta_decode(data, len, NULL, NULL);
	r = dar_decode(data, len, &local, &d);
	if (dar_ref_diff(data, dar_decode_ref(data, len, &local, &ref), r, &ref, &d) != 0)
		abort();
	if (r == 0) {
		if (d.drop == DAR_DROP_NONE)
			abort();
		return 0;
	}
	check_span(&d, &d.session_id);
	check_span(&d, &d.origin_host);
	check_span(&d, &d.origin_realm);
	check_span(&d, &d.dest_realm);
	check_span(&d, &d.ext_id);
	check_span(&d, &d.msisdn);
	check_span(&d, &d.scs_id);
	check_span(&d, &d.payload);
	if ((d.has & DAR_HAS_MSISDN) && d.msisdn.len <= DIAM_MSISDN_MAX) {
		int nd = tbcd_decode(d.msisdn.p, d.msisdn.len, digits);

		if (r == DIAM_SUCCESS && nd < 0)
			abort();
	}
	if (r == DIAM_SUCCESS && (d.ext_id.len > DIAM_EXT_ID_MAX ||
				  d.msisdn.len > DIAM_MSISDN_MAX || d.scs_id.len > DIAM_SCS_ID_MAX))
		abort();

	/* Out of place, then in place over a copy of the request, from the
	 * same generator state so that made-up Session-Ids match. */
	/* The last octet picks the answer's shape: with or without
	 * Device-Notification and Request-Status, whatever the result. */
	static const int shapes[4] = {RS_SUCCESS, RS_TEMPORARYERROR, DAA_NOTIFICATION_ONLY,
				      DAA_NO_NOTIFICATION};
	int rs = shapes[data[size - 1] & 3];
	struct diam_idgen ids2 = ids;
	struct dar_trigger d2;

	n1 = daa_encode(out, sizeof(out), &local, &ids, &d, r, rs);
	memcpy(inplace, data, size);
	if (dar_decode(inplace, len, &local, &d2) != r)
		abort();
	n2 = daa_encode(inplace, sizeof(inplace), &local, &ids2, &d2, r, rs);
	if (n1 != n2)
		abort();
	/* A Device-Notification is refused only when the request lacks its parts. */
	if (r == DIAM_SUCCESS && n1 < 0 && n1 != -ENOSPC)
		abort();
	if (n1 > 0) {
		if (memcmp(out, inplace, (size_t)n1) != 0)
			abort();
		check_msg(out, (uint32_t)n1);
	}
	return 0;
}
