/* SPDX-License-Identifier: BSD-3-Clause */
/* The UE's 64-wide replay window and its key sets. */
#include <string.h>

#include "a3_engine.h"

#define WINDOW 64

int
a3_replay_check(const struct a3_replay *w, uint32_t count)
{
	uint32_t diff;

	if (!w->started || count > w->top)
		return 0;
	diff = w->top - count;
	if (diff >= WINDOW)
		return -1; /* below the window */
	return (w->bitmap >> diff) & 1 ? -1 : 0;
}

void
a3_replay_mark(struct a3_replay *w, uint32_t count)
{
	if (!w->started) {
		w->started = 1;
		w->top = count;
		w->bitmap = 1;
	} else if (count > w->top) {
		uint32_t shift = count - w->top;

		w->bitmap = shift >= WINDOW ? 1 : w->bitmap << shift | 1;
		w->top = count;
	} else {
		w->bitmap |= UINT64_C(1) << (w->top - count);
	}
}

void
a3_ue_ctx_init(struct a3_ue_ctx *ue)
{
	memset(ue, 0, sizeof(*ue));
}

void
a3_ue_ctx_rekey(struct a3_ue_ctx *ue, const struct a3_keyset *ks)
{
	ue->set[1] = ue->set[0];
	ue->win[1] = ue->win[0];
	ue->set[0] = *ks;
	memset(&ue->win[0], 0, sizeof(ue->win[0]));
}

void
a3_ue_ctx_wipe(struct a3_ue_ctx *ue)
{
	imb_clear_mem(ue, sizeof(*ue));
}
