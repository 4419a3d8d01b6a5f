/* SPDX-License-Identifier: BSD-3-Clause */
/* bench_admin: provisioning lines, the writer thread, the socket client. */
#include "bench_admin.h"

static uint64_t rng = 88172645463325252ull;

uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* ---- provisioning lines --------------------------------------------------- */

void
hex32(char *out, const uint8_t *k)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", k[i]);
}

/* The eea/eia of an imported UE: the nine pairs in turn. */

int
ue_line(char *out, size_t cap, unsigned int u, const uint8_t *k, uint8_t eea, uint8_t eia)
{
	char kh[65];

	hex32(kh, k);
	return snprintf(out, cap, "{\"ue\": \"00101%010u\", \"external_id\": \"" BENCH_EXT_FMT "\", "
			"\"msisdn\": \"1555%07u\", \"k_iwf\": \"%s\", \"ksi\": 1, \"eea\": %u, "
			"\"eia\": %u, \"groups\": [\"g\"]}", u, u, u, kh, eea, eia);
}

void
rand_key(uint8_t *k)
{
	for (int i = 0; i < 32; i += 4) {
		uint32_t r = next_rand();

		memcpy(k + i, &r, 4);
	}
}

uint8_t (*import_keys)[32];

int
write_inputs(void)
{
	char path[700], line[512], extra[800];
	FILE *f;
	uint8_t k[32];
	unsigned int max = o.ues + o.import_n + 2 * o.adds + CHURN_POOL + 4096;

	snprintf(path, sizeof(path), "%s/provision.jsonl", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -errno;
	/* The SCS of bench_gw, its groups g (every UE's) and h (some UEs'
	 * now and then, under churn). */
	fprintf(f, "{\"scs\": \"bench\", \"sources\": [\"198.18.0.0/16\"], \"groups\": [\"g\", \"h\"], "
		   "\"identities\": [\"^\\\\+1555\"], \"require_identity\": true, "
		   "\"deny_payload\": [\"(?i)shutdown\"], \"rate\": 1000000000, "
		   "\"burst\": 1000000}\n");
	for (unsigned int i = 0; i < o.ues; i++) {
		rand_key(k);
		ue_line(line, sizeof(line), i, k, 2, 2);
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	snprintf(extra, sizeof(extra), "\"max_ues\": %u, \"api_socket\": \"%s\",\n ", max,
		 api_sock);
	if (bench_write_gw_json(dir, extra) != 0)
		return -errno;
	/* The file imported into the running gateway: UE lines only. */
	import_keys = malloc((size_t)o.import_n * 32);
	f = fopen(import_file, "w");
	if (import_keys == NULL || f == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < o.import_n; i++) {
		rand_key(import_keys[i]);
		ue_line(line, sizeof(line), BASE_IMPORT + i, import_keys[i], eea_of(i), eia_of(i));
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	return 0;
}

/* ---- the writer thread and the socket client ----------------------------- */

static int
pin_self(int cpu)
{
	cpu_set_t s;

	if (cpu < 0 || cpu >= (int)sysconf(_SC_NPROCESSORS_ONLN))
		return -1;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	return pthread_setaffinity_np(pthread_self(), sizeof(s), &s);
}


static void *
side_main(void *p)
{
	struct side *s = p;

	pin_self(1);
	s->fn(s->arg);
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
	return NULL;
}

void
run_beside(void *(*fn)(void *), void *arg, void (*loop)(struct side *))
{
	struct side s = { fn, arg, false };
	pthread_t t;

	if (pthread_create(&t, NULL, side_main, &s) != 0)
		exit(2);
	if (loop)
		loop(&s);
	pthread_join(t, NULL);
}

/* One request to the admin in process: its text parsed, then handled, as
 * the admin thread handles a line from its socket. Returns whether ok. */
bool
handle_text(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *req = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr), *ans;
	bool ok;

	if (req == NULL) {
		snprintf(err, errlen, "not JSON: %s", jerr.text);
		return false;
	}
	ans = admin_handle(app.admin, req);
	json_decref(req);
	ok = json_is_true(json_object_get(ans, "ok"));
	if (!ok && err) {
		const char *m = json_string_value(json_object_get(json_object_get(ans, "error"),
								  "message"));
		snprintf(err, errlen, "%s", m ? m : "refused");
	}
	json_decref(ans);
	return ok;
}


int
client_open(struct client *c)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	c->len = 0;
	if (strlen(api_sock) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	memcpy(a.sun_path, api_sock, strlen(api_sock) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		return -errno;
	return 0;
}

/* Sends one request line, reads one answer line: whether ok. */
bool
client_call(struct client *c, const char *text, size_t len, char *err, size_t errlen)
{
	size_t off = 0;
	char *nl;

	while (off < len) {
		ssize_t n = write(c->fd, text + off, len - off);

		if (n <= 0)
			return snprintf(err, errlen, "write: %s", strerror(errno)), false;
		off += (size_t)n;
	}
	if (write(c->fd, "\n", 1) != 1)
		return snprintf(err, errlen, "write: %s", strerror(errno)), false;
	while ((nl = memchr(c->buf, '\n', c->len)) == NULL) {
		ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

		if (n <= 0)
			return snprintf(err, errlen, "read: %s", n ? strerror(errno) : "closed"),
			       false;
		c->len += (size_t)n;
	}
	bool ok = memmem(c->buf, (size_t)(nl - c->buf), "\"ok\":true", 9) != NULL ||
		  memmem(c->buf, (size_t)(nl - c->buf), "\"ok\": true", 10) != NULL;
	if (!ok)
		snprintf(err, errlen, "%.*s", (int)(nl - c->buf) < 400 ? (int)(nl - c->buf) : 400,
			 c->buf);
	c->len -= (size_t)(nl + 1 - c->buf);
	memmove(c->buf, nl + 1, c->len);
	return ok;
}

/* Deletes UEs first .. first + n - 1 in batches of IMPORT_BATCH, in process
 * or through c. */
void
delete_range(unsigned int first, unsigned int n, struct client *c)
{
	size_t cap = 64 + (size_t)IMPORT_BATCH * 64;
	char *req = malloc(cap), err[512];

	for (unsigned int b = 0; b < n; b += IMPORT_BATCH) {
		size_t len = (size_t)snprintf(req, cap, "{\"v\":1,\"op\":\"batch\",\"ops\":[");

		for (unsigned int i = b; i < n && i < b + IMPORT_BATCH; i++)
			len += (size_t)snprintf(req + len, cap - len,
						"%s{\"op\":\"ue.delete\",\"data\":{\"ue\":\"00101%010u\"}}",
						i > b ? "," : "", first + i);
		len += (size_t)snprintf(req + len, cap - len, "]}");
		if (!(c ? client_call(c, req, len, err, sizeof(err))
			: handle_text(req, len, err, sizeof(err)))) {
			fprintf(stderr, "bench_admin: delete: %s\n", err);
			exit(2);
		}
		if (!c)
			admin_reclaim(app.admin, false);
	}
	free(req);
}
