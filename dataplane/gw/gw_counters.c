/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include "diam_codes.h"
#include "gw_counters.h"

const struct gw_counter_desc gw_counter_desc[GW_CTR_MAX] = {
#define GW_CTR_DESC(n, k, d) [GW_CTR_##n] = { #n, d, CTR_KIND_##k },
	GW_COUNTERS(GW_CTR_DESC)
#undef GW_CTR_DESC
};

void
gw_counters_add(struct gw_counters *dst, const struct gw_counters *src)
{
	for (int i = 0; i < GW_CTR_MAX; i++)
		dst->v[i] += __atomic_load_n(&src->v[i], __ATOMIC_RELAXED);
}

enum gw_ctr
gw_status_ctr(uint16_t rs)
{
	switch (rs) {
	case RS_SUCCESS: return GW_CTR_rs_0_success;
	case RS_INVPAYLOAD: return GW_CTR_rs_101_invpayload;
	case RS_INVEXTID: return GW_CTR_rs_102_invextid;
	case RS_INVSCSID: return GW_CTR_rs_103_invscsid;
	case RS_INVPERIOD: return GW_CTR_rs_104_invperiod;
	case RS_NOTAUTHORIZED: return GW_CTR_rs_105_notauthorized;
	case RS_SERVICEUNAVAILABLE: return GW_CTR_rs_106_serviceunavailable;
	case RS_QUOTAEXCEEDED: return GW_CTR_rs_108_quotaexceeded;
	case RS_RATEEXCEEDED: return GW_CTR_rs_109_rateexceeded;
	case RS_REPLACEFAIL: return GW_CTR_rs_110_replacefail;
	case RS_RECALLFAIL: return GW_CTR_rs_111_recallfail;
	case RS_ORIGINALMESSAGESENT: return GW_CTR_rs_112_originalmessagesent;
	default: return GW_CTR_rs_201_temporaryerror;
	}
}

const char *const gw_stage_name[GW_STAGES] = {
	[GW_STAGE_RECEIVE] = "receive",
	[GW_STAGE_DECODE] = "decode",
	[GW_STAGE_LOOKUP] = "UE lookup",
	[GW_STAGE_SCS] = "SCS checks",
	[GW_STAGE_TRIGGER] = "UE checks, DTRs, A3, TX",
	[GW_STAGE_ANSWER] = "answers",
};

void
gw_stage_print(const uint64_t *cycles, uint64_t n)
{
	for (int s = 0; s < GW_STAGES; s++)
		printf("%s %s %.0f", s ? "," : "", gw_stage_name[s],
		       n ? (double)cycles[s] / (double)n : 0.0);
	printf("\n");
}
