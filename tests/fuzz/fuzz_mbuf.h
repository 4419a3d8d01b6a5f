/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An mbuf around a heap buffer sized to the input, without EAL or mempool,
 * so that AddressSanitizer sees every octet read or written past the frame
 * and its tailroom.
 */
#ifndef MTC_FUZZ_MBUF_H
#define MTC_FUZZ_MBUF_H

#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

/* Tailroom given to every frame: enough for an NA to outgrow its NS. */
#define FUZZ_TAILROOM 64

/* Fills m to hold a copy of data; returns the buffer to free(), or NULL. */
uint8_t *fuzz_mbuf(struct rte_mbuf *m, const uint8_t *data, size_t len);

#endif
