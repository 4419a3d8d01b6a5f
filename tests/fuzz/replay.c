/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replays the fuzz corpora through the harnesses' entry points: every file
 * of <dir>/dar and <dir>/rx. A harness aborts on a broken invariant, so
 * any finding of a past fuzzing run that is kept in the corpus stays fixed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_entry.h"

static int
replay(const char *dir, const char *sub, int (*entry)(const uint8_t *, size_t))
{
	char path[4096];
	struct dirent *e;
	DIR *dp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	dp = opendir(path);
	if (dp == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		static uint8_t buf[65536];
		FILE *f;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL) {
			perror(path);
			closedir(dp);
			return -1;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		/* An exact-size copy, so that sanitizers see reads past the end. */
		uint8_t *copy = malloc(len ? len : 1);
		if (copy == NULL) {
			closedir(dp);
			return -1;
		}
		for (size_t i = 0; i < len; i++)
			copy[i] = buf[i];
		entry(copy, len);
		free(copy);
		n++;
	}
	closedir(dp);
	printf("%s: %d inputs replayed\n", sub, n);
	return n;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";

	if (replay(dir, "dar", fuzz_dar_input) <= 0 || replay(dir, "rx", fuzz_rx_input) <= 0)
		return 1;
	return 0;
}
