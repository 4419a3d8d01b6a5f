/* SPDX-License-Identifier: BSD-3-Clause */
/* libFuzzer glue: FUZZ_ENTRY names the entry point (run.sh sets it). */
#include "fuzz_entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_ENTRY(data, size);
}
