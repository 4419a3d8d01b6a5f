/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The admin thread and its socket: one JSON request per line, answered in
 * order; peers checked with SO_PEERCRED (root or the gateway's own user);
 * a request over ADMIN_REQ_MAX or a connection idle for ADMIN_IDLE_S closed.
 * Between requests the thread frees what its defer queues hold.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_lcore.h>

#include "admin_int.h"
#include "provision_json.h"

#define POLL_MS 5

struct admin_conn {
	int fd;           /* -1: free */
	char *in;         /* received, not yet handled */
	size_t in_len, in_cap;
	char *out;        /* answers not yet written */
	size_t out_len, out_off;
	time_t last;
	bool closing;     /* close once out is written */
};

static time_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
conn_close(struct admin_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->in != NULL)
		explicit_bzero(c->in, c->in_cap);
	free(c->in);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void
queue_answer(struct admin_conn *c, json_t *a)
{
	char *text = json_dumps(a, JSON_COMPACT);
	size_t n = text ? strlen(text) : 0;
	char *o;

	json_decref(a);
	if (text == NULL)
		return;
	o = realloc(c->out, c->out_len + n + 1);
	if (o != NULL) {
		memcpy(o + c->out_len, text, n);
		o[c->out_len + n] = '\n';
		c->out = o;
		c->out_len += n + 1;
	}
	free(text);
}

static void
refuse(struct admin_conn *c, enum admin_code code, const char *msg)
{
	queue_answer(c, json_pack("{s:i, s:b, s:{s:s, s:s}}", "v", 1, "ok", 0, "error", "code",
				  admin_code_name(code), "message", msg));
	c->closing = true;
}

/* Handles every whole line received. */
static void
conn_requests(struct admin *ad, struct admin_conn *c)
{
	size_t off = 0;
	char *nl;

	while (!c->closing && (nl = memchr(c->in + off, '\n', c->in_len - off)) != NULL) {
		size_t len = (size_t)(nl - (c->in + off));
		json_error_t jerr;
		json_t *fast = admin_fast_batch(ad, c->in + off, len);
		json_t *req = fast ? NULL : json_loadb(c->in + off, len, JSON_REJECT_DUPLICATES, &jerr);

		if (fast != NULL) {
			queue_answer(c, fast);
		} else if (req == NULL) {
			char msg[256];

			snprintf(msg, sizeof(msg), "not JSON: %s (column %d)", jerr.text,
				 jerr.column);
			queue_answer(c, json_pack("{s:i, s:b, s:{s:s, s:s}}", "v", 1, "ok", 0,
						  "error", "code", "bad_request", "message", msg));
		} else {
			queue_answer(c, admin_handle(ad, req));
			json_decref(req);
		}
		explicit_bzero(c->in + off, len + 1);
		off += len + 1;
	}
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
	if (c->in_len > ADMIN_REQ_MAX)
		refuse(c, AC_TOO_LARGE, "request over 64 MiB: connection closed");
}

static void
conn_read(struct admin *ad, struct admin_conn *c)
{
	ssize_t n;

	if (c->in_cap - c->in_len < 65536) {
		size_t cap = c->in_cap ? c->in_cap * 2 : 131072;
		char *in = malloc(cap);

		if (in == NULL) {
			refuse(c, AC_INTERNAL, "out of memory");
			return;
		}
		/* Not realloc: the old buffer may hold key text to wipe. */
		if (c->in != NULL) {
			memcpy(in, c->in, c->in_len);
			explicit_bzero(c->in, c->in_cap);
			free(c->in);
		}
		c->in = in;
		c->in_cap = cap;
	}
	n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			conn_close(c);
		return;
	}
	c->in_len += (size_t)n;
	c->last = now_s();
	conn_requests(ad, c);
}

static void
conn_write(struct admin_conn *c)
{
	ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);

	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_close(c);
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
		if (c->closing)
			conn_close(c);
	}
}

static void
conn_accept(struct admin *ad)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = accept4(ad->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct admin_conn *c = NULL;

	if (fd < 0)
		return;
	for (int i = 0; i < ADMIN_CONNS && c == NULL; i++)
		if (ad->conns[i].fd < 0)
			c = &ad->conns[i];
	if (c == NULL) {
		close(fd); /* the peer sees its connection closed */
		return;
	}
	c->fd = fd;
	c->last = now_s();
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
	    (cred.uid != 0 && cred.uid != geteuid()))
		refuse(c, AC_DENIED, "this user may not administer the gateway");
}

static void *
admin_main(void *arg)
{
	struct admin *ad = arg;
	struct pollfd pfd[ADMIN_CONNS + 1];

	while (!__atomic_load_n(&ad->stop, __ATOMIC_ACQUIRE)) {
		int idx[ADMIN_CONNS], np = 1;
		time_t now = now_s();

		pfd[0] = (struct pollfd){ .fd = ad->lfd, .events = POLLIN };
		for (int i = 0; i < ADMIN_CONNS; i++) {
			struct admin_conn *c = &ad->conns[i];

			if (c->fd < 0)
				continue;
			if (c->out_len == 0 && now - c->last > ADMIN_IDLE_S) {
				conn_close(c);
				continue;
			}
			/* An answer not yet taken holds the next request back. */
			pfd[np] = (struct pollfd){ .fd = c->fd,
				.events = c->out_len ? POLLOUT : POLLIN };
			idx[np - 1] = i;
			np++;
		}
		if (poll(pfd, (nfds_t)np, POLL_MS) > 0) {
			if (pfd[0].revents & POLLIN)
				conn_accept(ad);
			for (int k = 1; k < np; k++) {
				struct admin_conn *c = &ad->conns[idx[k - 1]];

				if (pfd[k].revents & POLLOUT)
					conn_write(c);
				else if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
					conn_read(ad, c);
			}
		}
		if (__atomic_exchange_n(&ad->import_req, false, __ATOMIC_ACQ_REL))
			admin_import_report(ad);
		admin_reclaim(ad, false);
	}
	return NULL;
}

/* The socket at path, unless a live process serves it already. */
static int
bind_socket(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[sizeof(sa.sun_path)];
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "%s: path too long for a Unix socket", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0700) != 0 && errno != EEXIST) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return rc;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(fd);
		snprintf(err, errlen, "%s: another gateway serves this socket (use another "
			 "--file-prefix or api_socket)", path);
		return -EADDRINUSE;
	}
	unlink(path); /* a socket left by a gateway that is gone */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || chmod(path, 0600) != 0 ||
	    listen(fd, ADMIN_CONNS) != 0) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	return fd;
}

int
admin_start(struct admin *ad, char *err, size_t errlen)
{
	int rc;

	ad->conns = calloc(ADMIN_CONNS, sizeof(*ad->conns));
	if (ad->conns == NULL)
		return -ENOMEM;
	for (int i = 0; i < ADMIN_CONNS; i++)
		ad->conns[i].fd = -1;
	ad->lfd = bind_socket(ad->p.socket_path, err, errlen);
	if (ad->lfd < 0)
		return ad->lfd;
	/* For the life of the process: request text holds keys. */
	json_set_alloc_funcs(malloc, prov_wiping_free);
	ad->stop = false;
	rc = rte_ctrl_thread_create(&ad->tid, "mtc-admin", NULL, admin_main, ad);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the admin thread");
		return -rc;
	}
	ad->started = true;
	return 0;
}

void
admin_stop(struct admin *ad)
{
	if (ad == NULL)
		return;
	if (ad->started) {
		__atomic_store_n(&ad->stop, true, __ATOMIC_RELEASE);
		pthread_join(ad->tid, NULL);
		ad->started = false;
	}
	for (int i = 0; ad->conns && i < ADMIN_CONNS; i++)
		conn_close(&ad->conns[i]);
	free(ad->conns);
	ad->conns = NULL;
	if (ad->lfd >= 0) {
		close(ad->lfd);
		unlink(ad->p.socket_path);
		ad->lfd = -1;
	}
}

void
admin_request_import(struct admin *ad)
{
	/* From a signal handler: one atomic store, nothing else. */
	__atomic_store_n(&ad->import_req, true, __ATOMIC_RELEASE);
}
