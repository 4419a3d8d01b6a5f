/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "count_store.h"
#include "keywrap.h"
#include "ue_count.h"

/* Key: IMSI big-endian (so that the B-tree order is numeric) then KSI. */
struct cs_key {
	uint8_t b[9];
};

/* One context to reserve for, sorted by key for sequential B-tree access. */
struct cs_item {
	struct cs_key key;
	struct ue_ctx *ctx;
	uint64_t start;     /* cursor to publish when the context had no bound */
	uint64_t new_bound;
};

/*
 * Items per transaction, and the refill's whole working set: LMDB keeps the
 * pages a write transaction dirtied on a free list of its own for the life
 * of the environment, and a refill-sized array would be as large as the
 * table; one transaction for 1,000,000 UEs pinned about 30 octets of heap
 * per UE for good.
 */
#define STORE_CHUNK 8192

struct count_store {
	MDB_env *env;
	MDB_dbi dbi;          /* "count": the bounds */
	MDB_dbi db[STORE_DBS]; /* the records kept beside them */
	uint32_t block;
	uint32_t low_water;
	int lock_fd; /* the directory's exclusive lock, held while open */
	struct cs_item items[STORE_CHUNK];
};

/*
 * One gateway per store: LMDB lets several processes open one environment,
 * and two gateways would each reserve COUNT blocks from their own memory of
 * the bound. An exclusive flock on data_dir/gateway.lock, which holds the
 * holder's pid, refuses the second.
 */
static int
lock_dir(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX], pid[32] = "";
	int fd, rc;
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/gateway.lock", dir) >= (int)sizeof(path)) {
		snprintf(err, errlen, "store %s: path too long", dir);
		return -ENAMETOOLONG;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "store %s: %s", path, strerror(errno));
		return rc;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
		n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		snprintf(err, errlen, "store %s: in use by another gateway (pid %s): refused",
			 dir, pid[0] ? pid : "unknown");
		close(fd);
		return rc;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		rc = -errno;
		snprintf(err, errlen, "store %s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	return fd;
}

static void
cs_key_make(struct cs_key *k, uint64_t imsi, uint8_t ksi)
{
	for (int i = 0; i < 8; i++)
		k->b[i] = (uint8_t)(imsi >> (56 - 8 * i));
	k->b[8] = ksi;
}

int
store_errno(int rc)
{
	if (rc > 0)
		return -rc; /* a system errno */
	switch (rc) {
	case MDB_MAP_FULL:
	case MDB_TXN_FULL:
		return -ENOSPC;
	case MDB_NOTFOUND:
		return -ENOENT;
	case MDB_CORRUPTED:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

static const char *const db_names[STORE_DBS] = { "meta", "ue", "scs" };

/* A refusal whose message is already in err. */
#define STORE_REFUSED (-100000)

/* The main database holds only the names of the named ones: anything else
 * is a store of another layout (bounds kept there would be overlooked and
 * COUNT would restart below them). */
static int
layout_check(MDB_txn *txn, const char *dir, char *err, size_t errlen)
{
	MDB_dbi main_db;
	MDB_cursor *c;
	MDB_val k, v;
	int rc = mdb_dbi_open(txn, NULL, 0, &main_db);

	if (rc == 0)
		rc = mdb_cursor_open(txn, main_db, &c);
	if (rc != 0)
		return rc;
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		bool known = k.mv_size == 5 && memcmp(k.mv_data, "count", 5) == 0;

		for (int i = 0; i < STORE_DBS && !known; i++)
			known = k.mv_size == strlen(db_names[i]) &&
				memcmp(k.mv_data, db_names[i], k.mv_size) == 0;
		if (!known) {
			snprintf(err, errlen, "store %s: not this version's layout (a store "
				 "written by an older gateway): refused, move it aside", dir);
			mdb_cursor_close(c);
			return STORE_REFUSED;
		}
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* The format record: version, and the check value of the master key the
 * stored keys are wrapped under (none when no key is kept). */
struct store_format {
	uint32_t version;
	uint8_t has_kcv;
	uint8_t kcv[KEYWRAP_KCV_LEN];
	uint8_t pad[3];
};
#define STORE_VERSION 1

static int
format_check(struct count_store *cs, MDB_txn *txn, const struct count_store_params *p,
	     char *err, size_t errlen)
{
	struct store_format f = { .version = STORE_VERSION };
	MDB_val k = { 6, "format" }, v;
	int rc = mdb_get(txn, cs->db[STORE_DB_META], &k, &v);

	if (rc == 0) {
		if (v.mv_size != sizeof(f)) {
			snprintf(err, errlen, "store %s: format record of %zu octets (want %zu): "
				 "refused", p->dir, v.mv_size, sizeof(f));
			return STORE_REFUSED;
		}
		memcpy(&f, v.mv_data, sizeof(f));
		if (f.version != STORE_VERSION) {
			snprintf(err, errlen, "store %s: format version %u (this gateway "
				 "reads %u): refused", p->dir, f.version, STORE_VERSION);
			return STORE_REFUSED;
		}
		if (f.has_kcv && p->master == NULL) {
			snprintf(err, errlen, "store %s: holds keys wrapped under a master key, "
				 "and no master_key is configured", p->dir);
			return STORE_REFUSED;
		}
		if (f.has_kcv && !keywrap_master_matches(p->master, f.kcv)) {
			snprintf(err, errlen, "store %s: written under another master key: "
				 "refused", p->dir);
			return STORE_REFUSED;
		}
		if (f.has_kcv || p->master == NULL)
			return 0;
	} else if (rc != MDB_NOTFOUND) {
		return rc;
	}
	/* A new store, or one without keys that now gets a master key. */
	if (p->master != NULL) {
		f.has_kcv = 1;
		memcpy(f.kcv, p->master->kcv, sizeof(f.kcv));
	}
	v.mv_size = sizeof(f);
	v.mv_data = &f;
	return mdb_put(txn, cs->db[STORE_DB_META], &k, &v, 0);
}

int
count_store_open(const struct count_store_params *p, struct count_store **out,
		 char *err, size_t errlen)
{
	struct count_store *cs;
	MDB_txn *txn;
	int rc;

	cs = calloc(1, sizeof(*cs));
	if (cs == NULL)
		return -ENOMEM;
	cs->block = p->block ? p->block : 4096;
	cs->low_water = p->low_water ? p->low_water : cs->block / 4;
	if (mkdir(p->dir, 0700) != 0 && errno != EEXIST) {
		rc = -errno;
		snprintf(err, errlen, "count store %s: %s", p->dir, strerror(errno));
		free(cs);
		return rc;
	}
	cs->lock_fd = lock_dir(p->dir, err, errlen);
	if (cs->lock_fd < 0) {
		rc = cs->lock_fd;
		free(cs);
		return rc;
	}
	rc = mdb_env_create(&cs->env);
	if (rc == 0)
		rc = mdb_env_set_mapsize(cs->env, p->map_size ? p->map_size : (1ULL << 30));
	if (rc == 0)
		rc = mdb_env_set_maxdbs(cs->env, STORE_DBS + 1);
	/* Default flags: every commit is synced to disk before it returns. */
	if (rc == 0)
		rc = mdb_env_open(cs->env, p->dir, 0, 0600);
	if (rc == 0)
		rc = mdb_txn_begin(cs->env, NULL, 0, &txn);
	if (rc == 0) {
		rc = layout_check(txn, p->dir, err, errlen);
		if (rc == 0)
			rc = mdb_dbi_open(txn, "count", MDB_CREATE, &cs->dbi);
		for (int i = 0; rc == 0 && i < STORE_DBS; i++)
			rc = mdb_dbi_open(txn, db_names[i], MDB_CREATE, &cs->db[i]);
		if (rc == 0)
			rc = format_check(cs, txn, p, err, errlen);
		if (rc == 0)
			rc = mdb_txn_commit(txn);
		else
			mdb_txn_abort(txn);
	}
	if (rc == STORE_REFUSED) {
		mdb_env_close(cs->env);
		close(cs->lock_fd);
		free(cs);
		return -EINVAL;
	}
	if (rc != 0) {
		snprintf(err, errlen, "count store %s: %s", p->dir, mdb_strerror(rc));
		if (cs->env)
			mdb_env_close(cs->env);
		close(cs->lock_fd);
		free(cs);
		return store_errno(rc);
	}
	*out = cs;
	return 0;
}

void
count_store_close(struct count_store *cs)
{
	if (cs == NULL)
		return;
	mdb_env_close(cs->env);
	close(cs->lock_fd); /* the lock goes with it */
	free(cs);
}

static int
item_cmp(const void *a, const void *b)
{
	return memcmp(((const struct cs_item *)a)->key.b,
		      ((const struct cs_item *)b)->key.b, sizeof(struct cs_key));
}

/* Decides whether ctx needs work; fills it in. */
static int
item_plan(const struct count_store *cs, struct ue_ctx *ctx, struct cs_item *it)
{
	uint64_t bound = __atomic_load_n(&ctx->count_bound, __ATOMIC_RELAXED);

	if (bound >= UE_COUNT_LIMIT)
		return 0;
	if (bound != 0 && ue_count_remaining(ctx) >= cs->low_water)
		return 0;
	cs_key_make(&it->key, ctx->imsi, ctx->ks.ksi);
	it->ctx = ctx;
	return 1;
}

static uint64_t
bound_after(const struct count_store *cs, uint64_t from)
{
	uint64_t b = from + cs->block;

	return b > UE_COUNT_LIMIT ? UE_COUNT_LIMIT : b;
}

/* Plans the item's new bound from the stored one and puts it in txn. */
static int
item_put(struct count_store *cs, MDB_txn *txn, struct cs_item *it)
{
	struct ue_ctx *ctx = it->ctx;
	uint64_t bound = __atomic_load_n(&ctx->count_bound, __ATOMIC_RELAXED);
	uint64_t cur = __atomic_load_n(&ctx->count_next, __ATOMIC_RELAXED);
	MDB_val k = { sizeof(it->key), it->key.b }, v;
	uint64_t stored = 0;
	int rc;

	if (bound == 0) {
		/* No worker moves the cursor while the bound is 0. */
		if (!ctx->fresh) {
			rc = mdb_get(txn, cs->dbi, &k, &v);
			/* A bound that is not 8 octets is not a bound: taking it
			 * for none would start COUNT again below it. */
			if (rc == 0 && v.mv_size != sizeof(stored))
				return MDB_CORRUPTED;
			if (rc == 0)
				memcpy(&stored, v.mv_data, sizeof(stored));
			else if (rc != MDB_NOTFOUND)
				return rc;
		}
		it->start = cur > stored ? cur : stored;
		/* A stored bound at or past the limit (or beyond the
		 * 32-bit cursor) leaves the UE exhausted: 106. */
		if (it->start >= UE_COUNT_LIMIT)
			it->start = it->new_bound = UE_COUNT_LIMIT;
		else
			it->new_bound = bound_after(cs, it->start);
	} else {
		/* Values between the bound and a cursor that ran past
		 * it were refused and are lost; never hand them out. */
		it->start = 0;
		it->new_bound = bound_after(cs, cur > bound ? cur : bound);
	}
	v.mv_size = sizeof(it->new_bound);
	v.mv_data = &it->new_bound;
	return mdb_put(txn, cs->dbi, &k, &v, 0);
}

/* Writes the new bounds of items[0..n) in one transaction and commits. */
static int
store_chunk(struct count_store *cs, struct cs_item *items, size_t n)
{
	MDB_txn *txn;
	int rc;

	rc = mdb_txn_begin(cs->env, NULL, 0, &txn);
	if (rc != 0)
		return store_errno(rc);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = item_put(cs, txn, &items[i]);
	if (rc != 0) {
		mdb_txn_abort(txn);
		return store_errno(rc);
	}
	rc = mdb_txn_commit(txn);
	return rc == 0 ? 0 : store_errno(rc);
}

static void
publish_items(struct cs_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ue_ctx *ctx = items[i].ctx;

		if (__atomic_load_n(&ctx->count_bound, __ATOMIC_RELAXED) == 0) {
			__atomic_store_n(&ctx->count_next, (uint32_t)items[i].start,
					 __ATOMIC_RELAXED);
			ctx->fresh = 0;
		}
		/* Release: the cursor store above and the commit are visible
		 * to a worker that sees this bound. */
		__atomic_store_n(&ctx->count_bound, (uint32_t)items[i].new_bound,
				 __ATOMIC_RELEASE);
	}
}

/* Stores items[0..n) (at most STORE_CHUNK) in one durable transaction,
 * then publishes them: no bound is published before the commit holding it. */
static int
store_items(struct count_store *cs, struct cs_item *items, size_t n)
{
	int rc;

	qsort(items, n, sizeof(*items), item_cmp);
	rc = store_chunk(cs, items, n);
	if (rc == 0)
		publish_items(items, n);
	return rc;
}

/* A refill's progress: items planned in cs->items, contexts extended. */
struct batch {
	size_t m, total;
};

/* Plans a live context's extension, storing the batch when it is full. */
static int
batch_add(struct count_store *cs, struct batch *b, struct ue_ctx *ctx)
{
	/* Acquire: a context seen LIVE is whole (ue_table_ctx_publish). */
	if (__atomic_load_n(&ctx->state, __ATOMIC_ACQUIRE) != UE_CTX_LIVE ||
	    !item_plan(cs, ctx, &cs->items[b->m]))
		return 0;
	if (++b->m < STORE_CHUNK)
		return 0;
	b->total += b->m;
	b->m = 0;
	return store_items(cs, cs->items, STORE_CHUNK);
}

/* Stores what is left; returns the count extended or -errno. */
static int
batch_end(struct count_store *cs, struct batch *b, int rc)
{
	if (rc == 0 && b->m > 0)
		rc = store_items(cs, cs->items, b->m);
	if (rc != 0)
		return rc;
	b->total += b->m;
	return b->total > INT32_MAX ? INT32_MAX : (int)b->total;
}

int
count_store_refill(struct count_store *cs, struct ue_table *t)
{
	uint32_t slots = ue_table_slots(t);
	struct batch b = { 0, 0 };
	int rc = 0;

	for (uint32_t i = 0; i < slots && rc == 0; i++)
		rc = batch_add(cs, &b, ue_table_slot(t, i));
	return batch_end(cs, &b, rc);
}

int
count_store_refill_some(struct count_store *cs, struct ue_ctx *const *ctx, unsigned int n)
{
	struct batch b = { 0, 0 };
	int rc = 0;

	/* A request may outlive its context's publication: batch_add takes
	 * only live ones (a slot handed to another UE meanwhile just gets its
	 * refill early). */
	for (unsigned int i = 0; i < n && rc == 0; i++)
		rc = batch_add(cs, &b, ctx[i]);
	return batch_end(cs, &b, rc);
}

uint32_t
count_store_low_water(const struct count_store *cs)
{
	return cs->low_water;
}

int
count_store_reserve(struct count_store *cs, struct ue_ctx *ctx)
{
	struct cs_item it;

	if (!item_plan(cs, ctx, &it))
		return 0;
	return store_items(cs, &it, 1);
}

int
count_store_get(struct count_store *cs, uint64_t imsi, uint8_t ksi, uint64_t *bound)
{
	struct cs_key key;
	MDB_txn *txn;
	MDB_val k = { sizeof(key), key.b }, v;
	int rc;

	*bound = 0;
	cs_key_make(&key, imsi, ksi);
	rc = mdb_txn_begin(cs->env, NULL, MDB_RDONLY, &txn);
	if (rc != 0)
		return store_errno(rc);
	rc = mdb_get(txn, cs->dbi, &k, &v);
	if (rc == 0 && v.mv_size != sizeof(*bound))
		rc = MDB_CORRUPTED;
	else if (rc == 0)
		memcpy(bound, v.mv_data, sizeof(*bound));
	mdb_txn_abort(txn);
	return rc == 0 ? 0 : store_errno(rc);
}

MDB_env *
count_store_env(struct count_store *cs)
{
	return cs->env;
}

MDB_dbi
count_store_db(const struct count_store *cs, enum store_db which)
{
	return cs->db[which];
}

int
count_store_reserve_in(struct count_store *cs, MDB_txn *txn, struct ue_ctx *ctx,
		       struct count_resv *r)
{
	struct cs_item it;

	memset(r, 0, sizeof(*r));
	if (!item_plan(cs, ctx, &it))
		return 0;
	int rc = item_put(cs, txn, &it);

	if (rc != 0)
		return store_errno(rc);
	r->ctx = ctx;
	r->start = it.start;
	r->bound = it.new_bound;
	return 0;
}

void
count_store_publish(const struct count_resv *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct cs_item it = { .ctx = r[i].ctx, .start = r[i].start,
				      .new_bound = r[i].bound };

		if (it.ctx != NULL)
			publish_items(&it, 1);
	}
}

void
count_store_release_pages(struct count_store *cs)
{
	const char *dir;
	char want[PATH_MAX + 16], line[PATH_MAX + 128];
	FILE *maps;

	/* LMDB does not say where it mapped the file (but with MDB_FIXEDMAP):
	 * the process's own map does. */
	if (mdb_env_get_path(cs->env, &dir) != 0 ||
	    snprintf(want, sizeof(want), "%s/data.mdb", dir) >= (int)sizeof(want) ||
	    (maps = fopen("/proc/self/maps", "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), maps) != NULL) {
		unsigned long lo, hi;
		char *path = strchr(line, '/');

		if (path == NULL || sscanf(line, "%lx-%lx", &lo, &hi) != 2)
			continue;
		path[strcspn(path, "\n")] = '\0';
		if (strcmp(path, want) == 0)
			madvise((void *)lo, hi - lo, MADV_DONTNEED);
	}
	fclose(maps);
}
