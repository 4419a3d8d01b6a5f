/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reads a fuzz corpus directory (corpus_read.c), for the tests that replay
 * it: fuzz_replay and wire_dar_diff.
 */
#ifndef MTC_TEST_CORPUS_READ_H
#define MTC_TEST_CORPUS_READ_H

#include <stddef.h>
#include <stdint.h>

/* Octets read of each file, at most. */
#define CORPUS_FILE_MAX 65536

/*
 * Calls fn with each file of dir (names starting with a dot skipped), in
 * directory order: its path and its octets, in an allocation of their
 * exact size, so that sanitizers see any read past the end. Returns the
 * number of files, or -1 when dir or one of its files cannot be read (said
 * on stderr).
 */
int corpus_read_dir(const char *dir,
		    void (*fn)(const char *path, const uint8_t *data, size_t len, void *arg),
		    void *arg);

#endif
