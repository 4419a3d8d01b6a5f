/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replays the fuzz corpora through the harnesses' entry points: every file
 * of <dir>/dar, <dir>/rx and <dir>/prov. A harness aborts on a broken invariant, so
 * any finding of a past fuzzing run that is kept in the corpus stays fixed.
 */
#include <stdio.h>

#include "corpus_read.h"
#include "fuzz_entry.h"

/* The entry point a corpus goes through. */
struct harness {
	int (*entry)(const uint8_t *data, size_t size);
};

static void
replay_file(const char *path, const uint8_t *data, size_t len, void *arg)
{
	const struct harness *h = arg;

	h->entry(data, len);
}

static int
replay(const char *dir, const char *sub, int (*entry)(const uint8_t *, size_t))
{
	struct harness h = {entry};
	char path[4096];
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	n = corpus_read_dir(path, replay_file, &h);
	if (n >= 0)
		printf("%s: %d inputs replayed\n", sub, n);
	return n;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";

	if (replay(dir, "dar", fuzz_dar_input) <= 0 || replay(dir, "rx", fuzz_rx_input) <= 0 ||
	    replay(dir, "prov", fuzz_prov_input) <= 0)
		return 1;
	return 0;
}
