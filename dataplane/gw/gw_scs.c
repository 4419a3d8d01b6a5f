/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SCS stage: the SCS-level refusals of each undecided request (103,
 * 104, 101, 109, 108, in that order, by scs_check_burst), then Recall and
 * Replace against the triggers sent. The slot a new trigger will be
 * recorded in is prefetched.
 */
#include "gw_stages.h"

void
gw_scs(struct gw_req *req, unsigned int n, const struct scs_view *v,
       const struct sent_table *sent, uint64_t tsc, uint64_t now)
{
	struct scs_req sr[GW_BURST];
	uint16_t st[GW_BURST];
	unsigned int idx[GW_BURST], m = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct gw_req *r = &req[i];
		const struct dar_trigger *d = &r->d;

		if (r->result != 0)
			continue;
		sr[m] = (struct scs_req){
			.scs = r->scs,
			.scs_id = (d->has & DAR_HAS_SCS_ID) ? d->scs_id.p : NULL,
			.scs_id_len = (uint8_t)d->scs_id.len,
			.payload = d->payload.p,
			.payload_len = d->payload.len,
			.validity = d->validity_time,
			.has_validity = !!(d->has & DAR_HAS_VALIDITY),
		};
		idx[m++] = i;
	}
	if (m == 0)
		return;
	scs_check_burst(v, sr, m, tsc, st);
	for (unsigned int k = 0; k < m; k++) {
		struct gw_req *r = &req[idx[k]];
		uint8_t at = r->d.action_type;

		if (st[k] != 0) {
			gw_refuse(r, st[k]);
		} else if (at == ACTION_DEVICE_TRIGGER_REQUEST) {
			/* Where this trigger will be recorded once sent. */
			sent_table_prefetch(sent, r->scs, r->d.reference);
		} else if (at == ACTION_DEVICE_TRIGGER_RECALL || at == ACTION_DEVICE_TRIGGER_REPLACE) {
			bool found = sent_table_find(sent, r->scs, r->d.old_reference, now);

			if (at == ACTION_DEVICE_TRIGGER_RECALL)
				gw_refuse(r, found ? RS_ORIGINALMESSAGESENT : RS_RECALLFAIL);
			else if (!found)
				gw_refuse(r, RS_REPLACEFAIL);
			else
				r->replace = 1;
		}
	}
}
