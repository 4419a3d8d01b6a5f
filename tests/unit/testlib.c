/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>

#include "hexutil.h"
#include "testlib.h"

static const char *vectors_dir;

int
test_main(int argc, char **argv, CU_SuiteInfo *suites)
{
	unsigned int failed;

	vectors_dir = argc > 1 ? argv[1] : getenv("MTC_VECTORS");
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "%s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

json_t *
test_vectors(const char *name)
{
	char path[1024];
	json_error_t err;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", vectors_dir ? vectors_dir : "tests/vectors", name);
	j = json_load_file(path, 0, &err);
	if (j == NULL)
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
	return j;
}

/* A vector file that does not read is a broken test, inside a test or in a
 * suite's set-up, where CUnit cannot assert. */
static void
vector_broken(const char *key)
{
	fprintf(stderr, "vector field \"%s\" missing or malformed\n", key);
	exit(2);
}

size_t
test_hex(json_t *obj, const char *key, uint8_t *out, size_t max)
{
	const char *s = json_string_value(json_object_get(obj, key));
	ssize_t n = s ? hex_decode(s, out, max) : -1;

	if (n < 0)
		vector_broken(key);
	return (size_t)n;
}

uint64_t
test_uint(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		vector_broken(key);
	return (uint64_t)json_integer_value(v);
}
