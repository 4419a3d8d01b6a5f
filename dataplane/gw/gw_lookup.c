/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The UE lookup stage: the UE of each undecided request found in one bulk
 * lookup, or NULL (an unknown identifier, or an MSISDN that is no key,
 * refused by gw_ue()). gw_burst() runs it before the SCS checks so that the
 * UE contexts it prefetches arrive while those run.
 */
#include "gw_stages.h"

void
gw_lookup(struct gw_req *req, unsigned int n, const struct ue_keyer *keyer,
	  const struct ue_table *ues)
{
	uint64_t keys[GW_BURST], ekeys[GW_BURST];
	const uint8_t *eid[GW_BURST];
	uint32_t elen[GW_BURST];
	unsigned int epos[GW_BURST], idx[GW_BURST];
	struct ue_ctx *ctx[GW_BURST];
	unsigned int m = 0, ne = 0;

	/* External-Identifiers are hashed together (ue_key_extid_bulk),
	 * MSISDNs one by one. */
	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];
		const struct dar_trigger *d = &r->d;

		if (r->result != 0)
			continue;
		if (d->has & DAR_HAS_EXT_ID) {
			eid[ne] = d->ext_id.p;
			elen[ne] = d->ext_id.len;
			epos[ne++] = m;
		} else if (ue_key_msisdn_tbcd(keyer, d->msisdn.p, d->msisdn.len, &keys[m]) != 0) {
			continue; /* r->ue stays NULL */
		}
		idx[m++] = i;
	}
	if (ne > 0) {
		ue_key_extid_bulk(keyer, eid, elen, ne, ekeys);
		for (unsigned int j = 0; j < ne; j++)
			keys[epos[j]] = ekeys[j];
	}
	if (m == 0)
		return;
	ue_table_lookup_bulk(ues, keys, m, ctx);
	for (unsigned int j = 0; j < m; j++)
		req[idx[j]].ue = ctx[j];
}
