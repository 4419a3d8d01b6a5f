/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include "ue_rec.h"

void
ue_rec_key(uint64_t imsi, uint8_t key[8])
{
	for (int i = 0; i < 8; i++)
		key[i] = (uint8_t)(imsi >> (56 - 8 * i));
}

size_t
ue_rec_encode(const struct ue_rec *r, uint8_t *out)
{
	uint8_t *p = out + UE_REC_HDR;

	out[0] = UE_REC_VERSION;
	out[1] = r->ksi;
	out[2] = r->eea;
	out[3] = r->eia;
	out[4] = r->suspended ? 1 : 0;
	out[5] = r->ext_len;
	out[6] = r->msisdn_len;
	out[7] = r->wrapped_len;
	for (int i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(r->groups >> (8 * i));
	memcpy(p, r->ext, r->ext_len);
	p += r->ext_len;
	memcpy(p, r->msisdn, r->msisdn_len);
	p += r->msisdn_len;
	memcpy(p, r->wrapped, r->wrapped_len);
	p += r->wrapped_len;
	return (size_t)(p - out);
}

int
ue_rec_decode(const uint8_t *in, size_t len, uint64_t imsi, struct ue_rec *r)
{
	memset(r, 0, sizeof(*r));
	if (len < UE_REC_HDR || in[0] != UE_REC_VERSION || in[5] > UE_EXTID_MAX ||
	    in[6] > UE_MSISDN_DIGITS || in[7] > UE_REC_WRAPPED_MAX || in[1] > A3_KSI_MAX ||
	    in[2] > A3_ALG_MAX || in[3] > A3_ALG_MAX || (in[4] & ~1u) != 0 ||
	    len != (size_t)UE_REC_HDR + in[5] + in[6] + in[7])
		return -EBADMSG;
	r->imsi = imsi;
	r->ksi = in[1];
	r->eea = in[2];
	r->eia = in[3];
	r->suspended = in[4] & 1;
	r->ext_len = in[5];
	r->msisdn_len = in[6];
	r->wrapped_len = in[7];
	for (int i = 0; i < 8; i++)
		r->groups |= (uint64_t)in[8 + i] << (8 * i);
	in += UE_REC_HDR;
	memcpy(r->ext, in, r->ext_len);
	in += r->ext_len;
	memcpy(r->msisdn, in, r->msisdn_len);
	in += r->msisdn_len;
	memcpy(r->wrapped, in, r->wrapped_len);
	if (memchr(r->ext, '\0', r->ext_len) || memchr(r->msisdn, '\0', r->msisdn_len))
		return -EBADMSG;
	return 0;
}
