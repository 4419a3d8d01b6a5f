/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the control-plane unit tests: EAL, RCU, files. */
#ifndef MTC_CTEST_H
#define MTC_CTEST_H

#include <stddef.h>

#include <rte_rcu_qsbr.h>

/* rte_eal_init without hugepages or devices; exits on failure. */
void ctest_eal_init(const char *prog);
void ctest_eal_init_mem(const char *prog, unsigned int mb);

/* A QSBR variable for max_threads readers. */
struct rte_rcu_qsbr *ctest_qsbr(unsigned int max_threads);

/* A fresh directory under $TMPDIR (malloc'd path). */
char *ctest_tmpdir(void);
/* Removes dir and the files in it. */
void ctest_rmdir(const char *dir);
/* Writes text to dir/name; returns the malloc'd path. */
char *ctest_write(const char *dir, const char *name, const char *text);

#endif
