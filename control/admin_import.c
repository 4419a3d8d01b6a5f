/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A provisioning file through the admin API's batches: consecutive SCS
 * lines in one batch, UE lines in batches of IMPORT_BATCH, in file order
 * (a UE line may name only groups of SCS lines above it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_int.h"
#include "provision_json.h"

#define IMPORT_BATCH 4096

struct import {
	struct admin *ad;
	bool upsert;
	struct admin_import_stats *st;
	struct admin_item it[IMPORT_BATCH];
	json_t *obj[IMPORT_BATCH];
	/* UE lines read by prov_ue_fast: no JSON object for them */
	struct prov_ue ue[IMPORT_BATCH];
	uint8_t kiwf[IMPORT_BATCH][A3_KIWF_LEN];
	uint32_t line[IMPORT_BATCH];
	size_t n;
	bool scs; /* the kind of the lines in it[] */
};

static void
drop_batch(struct import *im)
{
	for (size_t i = 0; i < im->n; i++)
		json_decref(im->obj[i]);
	explicit_bzero(im->kiwf, sizeof(im->kiwf[0]) * im->n);
	im->n = 0;
}

static int
flush(struct import *im, const char *path, char *err, size_t errlen)
{
	struct admin_err e = { .index = -1 };
	json_t *result = NULL;
	int rc = 0;

	if (im->n == 0)
		return 0;
	if (admin_apply(im->ad, im->it, im->n, &e, &result) != 0) {
		/* "ops[K] op: reason": the file's line instead of K */
		const char *why = strncmp(e.msg, "ops[", 4) == 0 && strchr(e.msg, ' ') ?
				  strchr(e.msg, ' ') + 1 : e.msg;

		if (e.index >= 0 && (size_t)e.index < im->n)
			snprintf(err, errlen, "%s: line %u: %s", path, im->line[e.index], why);
		else
			snprintf(err, errlen, "%s: lines %u-%u: %s", path, im->line[0],
				 im->line[im->n - 1], why);
		rc = e.code == AC_EXISTS ? -EEXIST : e.code == AC_FULL ? -ENOSPC : -EINVAL;
	} else if (im->scs) {
		im->st->scs += im->n;
	} else {
		im->st->ues += im->n;
	}
	json_decref(result);
	drop_batch(im);
	return rc;
}

/* One line into the batch (flushing it first when the kind changes). */
static int
add_line(struct import *im, json_t *o, uint32_t line, const char *path, char *err,
	 size_t errlen)
{
	bool scs = json_object_get(o, "scs") != NULL;
	enum admin_op op;
	int rc;

	if (!scs && json_object_get(o, "ue") == NULL) {
		snprintf(err, errlen, "%s: line %u: neither an \"scs\" nor a \"ue\" line", path,
			 line);
		return -EINVAL;
	}
	if ((im->n > 0 && scs != im->scs) || im->n == IMPORT_BATCH) {
		rc = flush(im, path, err, errlen);
		if (rc != 0)
			return rc;
	}
	if (scs) {
		const char *name = json_string_value(json_object_get(o, "scs"));

		op = OP_SCS_ADD;
		if (im->upsert && name != NULL && policy_scs_index(im->ad->reg, name) >= 0)
			op = OP_SCS_UPDATE;
	} else {
		const char *imsi = json_string_value(json_object_get(o, "ue"));
		char msg[128];
		struct prov_err pe = { msg, sizeof(msg) };
		uint64_t packed;

		op = OP_UE_ADD;
		if (im->upsert && imsi != NULL && prov_imsi(&pe, imsi, &packed) == 0 &&
		    admin_ue_exists(im->ad, packed)) {
			im->st->skipped++;
			return 0;
		}
	}
	im->scs = scs;
	im->it[im->n] = (struct admin_item){ .op = op, .data = o };
	im->obj[im->n] = json_incref(o);
	im->line[im->n++] = line;
	return 0;
}

/* A usual UE line, read without jansson into the batch: 1, or 0 when it
 * is not one (add_line then reads it), or -errno after a flush failed. */
static int
add_fast(struct import *im, const char *text, size_t len, uint32_t line, const char *path,
	 char *err, size_t errlen)
{
	struct admin *ad = im->ad;
	struct prov_ue_ctx c;
	struct prov_ue u;
	uint8_t kiwf[A3_KIWF_LEN];
	size_t used;
	int rc;

	/* An SCS line (or a UE line that names "scs" somewhere) is read the
	 * general way, and a run of SCS lines stays one batch. */
	if (memmem(text, len, "\"scs\"", 5) != NULL)
		return 0;
	/* Group names resolve against the registry in force: SCS lines
	 * waiting in the batch go in first (and replace the registry). */
	if (im->n > 0 && (im->scs || im->n == IMPORT_BATCH) &&
	    (rc = flush(im, path, err, errlen)) != 0)
		return rc;
	c = (struct prov_ue_ctx){ .keyer = ue_table_keyer(ad->p.ues), .policy = ad->reg,
				  .engine = ad->a3, .allow_null = ad->p.allow_null };
	if (prov_ue_fast(text, len, &c, &u, kiwf, &used) != 1)
		return 0;
	for (; used < len; used++)
		if (text[used] != ' ' && text[used] != '\t') {
			explicit_bzero(kiwf, sizeof(kiwf));
			return 0;
		}
	if (im->upsert && admin_ue_exists(ad, u.imsi)) {
		explicit_bzero(kiwf, sizeof(kiwf));
		im->st->skipped++;
		return 1;
	}
	u.line = line;
	im->ue[im->n] = u;
	memcpy(im->kiwf[im->n], kiwf, sizeof(kiwf));
	explicit_bzero(kiwf, sizeof(kiwf));
	im->scs = false;
	im->it[im->n] = (struct admin_item){ .op = OP_UE_ADD, .pre = &im->ue[im->n],
					     .pre_kiwf = im->kiwf[im->n] };
	im->obj[im->n] = NULL;
	im->line[im->n++] = line;
	return 1;
}

int
admin_import_file(struct admin *ad, const char *path, bool upsert,
		  struct admin_import_stats *st, char *err, size_t errlen)
{
	struct import *im = calloc(1, sizeof(*im));
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	uint32_t line = 0;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (im == NULL || f == NULL) {
		rc = im == NULL ? -ENOMEM : -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		free(im);
		if (f != NULL)
			fclose(f);
		return rc;
	}
	im->ad = ad;
	im->upsert = upsert;
	im->st = st;
	while (rc == 0 && (len = getline(&buf, &cap, f)) >= 0) {
		if (ad->p.stop != NULL && (line & 1023) == 0 &&
		    __atomic_load_n(ad->p.stop, __ATOMIC_RELAXED)) {
			snprintf(err, errlen, "%s: stopped at line %u by a signal", path, line);
			rc = -EINTR;
			break;
		}
		size_t lead, n;
		json_error_t jerr;
		json_t *o;

		line++;
		if (!prov_line(buf, (size_t)len, &lead, &n))
			continue;
		rc = add_fast(im, buf + lead, n, line, path, err, errlen);
		if (rc != 0) {
			explicit_bzero(buf, (size_t)len);
			rc = rc < 0 ? rc : 0;
			continue;
		}
		o = json_loadb(buf + lead, n, JSON_REJECT_DUPLICATES, &jerr);
		explicit_bzero(buf, (size_t)len);
		if (o == NULL || !json_is_object(o)) {
			snprintf(err, errlen, "%s: line %u: %s", path, line,
				 o ? "not a JSON object" : jerr.text);
			json_decref(o);
			rc = -EINVAL;
			break;
		}
		rc = add_line(im, o, line, path, err, errlen);
		json_decref(o);
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error after line %u", path, line);
		rc = -EIO;
	}
	if (rc == 0)
		rc = flush(im, path, err, errlen);
	drop_batch(im);
	st->lines = line;
	if (buf != NULL)
		explicit_bzero(buf, cap);
	free(buf);
	fclose(f);
	free(im);
	return rc;
}

void
admin_import_report(struct admin *ad)
{
	struct admin_import_stats st;
	char err[640];

	if (ad->p.provision == NULL || ad->p.provision[0] == '\0') {
		printf("mtc-gw: SIGHUP: no provisioning file configured: nothing to import\n");
		fflush(stdout);
		return;
	}
	if (admin_import_file(ad, ad->p.provision, true, &st, err, sizeof(err)) != 0)
		fprintf(stderr, "mtc-gw: SIGHUP: import refused: %s\n", err);
	else
		printf("mtc-gw: SIGHUP: imported %s: %lu SCS line(s) applied, %lu UE(s) added, "
		       "%lu UE(s) in force left as they are\n", ad->p.provision,
		       (unsigned long)st.scs, (unsigned long)st.ues, (unsigned long)st.skipped);
	fflush(stdout);
}
