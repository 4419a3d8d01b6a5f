/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ctr_kind.h"

const char *const ctr_kind_name[CTR_KINDS] = {
	[CTR_KIND_success] = "success",
	[CTR_KIND_refusal] = "refusal",
	[CTR_KIND_fault] = "fault",
	[CTR_KIND_drop] = "drop",
	[CTR_KIND_info] = "info",
};

int
ctr_kind_parse(const char *s)
{
	for (int k = 0; s != NULL && k < CTR_KINDS; k++)
		if (strcmp(s, ctr_kind_name[k]) == 0)
			return k;
	return -1;
}
