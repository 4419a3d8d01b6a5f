/* SPDX-License-Identifier: BSD-3-Clause */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_malloc.h>

#include "ctest.h"

void
ctest_eal_init(const char *prog)
{
	ctest_eal_init_mem(prog, 512);
}

void
ctest_eal_init_mem(const char *prog, unsigned int mb)
{
	char mem[16];
	char *argv[] = { (char *)prog, "--no-huge", "--no-pci", "-m", mem,
			 "--log-level=*:error", "--no-shconf", "-l", "0", NULL };

	snprintf(mem, sizeof(mem), "%u", mb);

	if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		exit(2);
	}
}

struct rte_rcu_qsbr *
ctest_qsbr(unsigned int max_threads)
{
	size_t sz = rte_rcu_qsbr_get_memsize(max_threads);
	struct rte_rcu_qsbr *v = rte_zmalloc("ctest_qsbr", sz, RTE_CACHE_LINE_SIZE);

	if (v == NULL || rte_rcu_qsbr_init(v, max_threads) != 0) {
		fprintf(stderr, "QSBR variable: allocation failed\n");
		exit(2);
	}
	return v;
}

char *
ctest_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (asprintf(&path, "%s/mtc-ctest-XXXXXX", base ? base : "/tmp") < 0 ||
	    mkdtemp(path) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	return path;
}

void
ctest_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

char *
ctest_write(const char *dir, const char *name, const char *text)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		exit(2);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}
