/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "fuzz_mbuf.h"

uint8_t *
fuzz_mbuf(struct rte_mbuf *m, const uint8_t *data, size_t len)
{
	size_t buf_len = RTE_PKTMBUF_HEADROOM + len + FUZZ_TAILROOM;
	uint8_t *buf;

	if (len > UINT16_MAX - RTE_PKTMBUF_HEADROOM - FUZZ_TAILROOM)
		return NULL;
	buf = malloc(buf_len);
	if (buf == NULL)
		return NULL;
	memset(m, 0, sizeof(*m));
	m->buf_addr = buf;
	m->buf_len = (uint16_t)buf_len;
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = (uint16_t)len;
	m->pkt_len = (uint32_t)len;
	m->nb_segs = 1;
	rte_mbuf_refcnt_set(m, 1);
	memcpy(buf + RTE_PKTMBUF_HEADROOM, data, len);
	return buf;
}
