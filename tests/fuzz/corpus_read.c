/* SPDX-License-Identifier: BSD-3-Clause */
/* Reads a fuzz corpus directory, file by file (corpus_read.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"

int
corpus_read_dir(const char *dir,
		void (*fn)(const char *path, const uint8_t *data, size_t len, void *arg),
		void *arg)
{
	static uint8_t buf[CORPUS_FILE_MAX];
	char path[4096];
	struct dirent *e;
	DIR *dp;
	int n = 0;

	dp = opendir(dir);
	if (dp == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(dp)) != NULL) {
		uint8_t *copy;
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (f == NULL) {
			perror(path);
			closedir(dp);
			return -1;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		copy = malloc(len ? len : 1);
		if (copy == NULL) {
			perror(path);
			closedir(dp);
			return -1;
		}
		memcpy(copy, buf, len);
		fn(path, copy, len, arg);
		free(copy);
		n++;
	}
	closedir(dp);
	return n;
}
