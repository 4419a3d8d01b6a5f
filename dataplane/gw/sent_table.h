/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The triggers the gateway sent, by (SCS, Reference-Number), until their
 * validity ends (PROTOCOL.md section 6): what Recall and Replace look up.
 * Shared by the workers without locks: an open-addressing table whose slots
 * are claimed with compare-and-swap. Expired slots are reused in place; a
 * neighbourhood with no free or expired slot forgets its oldest entry, so
 * the table bounds its memory whatever the load (a forgotten trigger is
 * answered as never seen, which is what a gateway without memory says).
 */
#ifndef MTC_SENT_TABLE_H
#define MTC_SENT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

struct sent_slot {
	uint64_t key;    /* 0: empty */
	uint64_t expiry; /* gateway seconds */
};

struct sent_table {
	struct sent_slot *slot;
	uint64_t mask;
};

/* slots: rounded up to a power of two. Returns 0 or -ENOMEM. */
int sent_table_init(struct sent_table *t, uint32_t slots, int socket_id);
void sent_table_free(struct sent_table *t);

/* Records that SCS scs sent reference ref, remembered until expiry. */
void sent_table_add(struct sent_table *t, uint32_t scs, uint32_t ref, uint64_t expiry,
		    uint64_t now);

/* Brings the slots of (scs, ref) toward the cache ahead of an add or find:
 * the table is large and the slot random. */
void sent_table_prefetch(const struct sent_table *t, uint32_t scs, uint32_t ref);

/* Whether SCS scs sent ref and it is still within its validity at now. */
bool sent_table_find(const struct sent_table *t, uint32_t scs, uint32_t ref, uint64_t now);

#endif
