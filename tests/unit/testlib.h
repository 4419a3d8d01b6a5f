/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the unit tests: a CUnit runner and the JSON vector loader. */
#ifndef MTC_TESTLIB_H
#define MTC_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

#include <CUnit/Basic.h>
#include <jansson.h>

/* Runs the suites in basic mode; returns the process exit status. */
int test_main(int argc, char **argv, CU_SuiteInfo *suites);

/* Parses <vectors dir>/<name>; the directory is argv[1] or $MTC_VECTORS. */
json_t *test_vectors(const char *name);

/* Hex field of a JSON object into out (asserts it decodes); returns length. */
size_t test_hex(json_t *obj, const char *key, uint8_t *out, size_t max);
uint64_t test_uint(json_t *obj, const char *key);

#endif
