/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a counter counts, declared with the counter (GW_COUNTERS,
 * WIRE_COUNTERS), so that totals and exports never guess from its name:
 *
 * - success: a trigger sent, or a recall/replace of a sent one (112);
 * - refusal: answered with a Request-Status other than success, or 3004;
 * - fault:   answered with a protocol Result-Code (3xxx/5xxx);
 * - drop:    a frame, a request or its answer dropped: no answer left;
 * - info:    anything else (frames seen, DTRs sent, DTAs, neighbours...).
 */
#ifndef MTC_CTR_KIND_H
#define MTC_CTR_KIND_H

enum ctr_kind {
	CTR_KIND_success,
	CTR_KIND_refusal,
	CTR_KIND_fault,
	CTR_KIND_drop,
	CTR_KIND_info,
	CTR_KINDS
};

/* "success", "refusal", "fault", "drop", "info"; indexed by enum ctr_kind. */
extern const char *const ctr_kind_name[CTR_KINDS];

/* The kind named s, or -1 when s names none. */
int ctr_kind_parse(const char *s);

/* Whether a counter of this kind counts a request that was answered. */
static inline int
ctr_kind_answered(enum ctr_kind k)
{
	return k == CTR_KIND_success || k == CTR_KIND_refusal || k == CTR_KIND_fault;
}

#endif
