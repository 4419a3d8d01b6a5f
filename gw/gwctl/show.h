/* SPDX-License-Identifier: BSD-3-Clause */
/* gwctl's readable output of each command's result. */
#ifndef GWCTL_SHOW_H
#define GWCTL_SHOW_H

#include <stdio.h>

#include <jansson.h>

#include "req.h"

/* Prints the result of r's request: a confirmation for a change, lines or
 * a table for a read. */
void show_result(FILE *f, const struct req *r, json_t *result);

/* An array of objects as a table, one column per field (in the order they
 * first appear), headed by the field names in capitals. */
void show_table(FILE *f, json_t *rows);

/* "1 UE", "3 UEs". */
const char *show_count(char *buf, size_t len, long long n, const char *one);

#endif
