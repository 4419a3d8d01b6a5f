/* SPDX-License-Identifier: BSD-3-Clause */
/* The fuzz entry points, shared by the libFuzzer harnesses and the replay test. */
#ifndef MTC_FUZZ_ENTRY_H
#define MTC_FUZZ_ENTRY_H

#include <stddef.h>
#include <stdint.h>

/* A Diameter message (UDP payload): DAR and DTA decoding, DAA encoding. */
int fuzz_dar_input(const uint8_t *data, size_t size);

/* An Ethernet frame: parse, decode, answer (ARP/ND in place, DAA in place). */
int fuzz_rx_input(const uint8_t *data, size_t size);

/* A provisioning line: the fast UE-line reader against jansson. */
int fuzz_prov_input(const uint8_t *data, size_t size);

#endif
