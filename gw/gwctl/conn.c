/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"

const char *
conn_path(const char *socket_opt, const char *prefix, const char *env, char *out, size_t outlen)
{
	int n;

	if (socket_opt != NULL)
		n = snprintf(out, outlen, "%s", socket_opt);
	else if (prefix != NULL && (prefix[0] == '\0' || strchr(prefix, '/') != NULL))
		return NULL;
	else if (prefix != NULL)
		n = snprintf(out, outlen, "%s/%s.sock", CONN_DIR, prefix);
	else if (env != NULL && env[0] != '\0')
		n = snprintf(out, outlen, "%s", env);
	else
		n = snprintf(out, outlen, "%s/%s.sock", CONN_DIR, CONN_DEFAULT_PREFIX);
	if (n <= 0 || (size_t)n >= outlen)
		return NULL;
	return out;
}

int
conn_open(struct conn *c, const char *path, unsigned int timeout_s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = timeout_s };
	int err;

	c->fd = -1;
	c->path = path;
	c->timeout_s = timeout_s;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	/* Linux applies SO_SNDTIMEO to connect as well: a gateway whose
	 * backlog is full makes us wait no longer than any other step. */
	if (setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
	    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0 ||
	    connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		err = errno == EINPROGRESS ? ETIMEDOUT : errno;
		close(c->fd);
		c->fd = -1;
		return -err;
	}
	return 0;
}

void
conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

void
conn_wipe_free(char *text)
{
	if (text != NULL) {
		explicit_bzero(text, malloc_usable_size(text));
		free(text);
	}
}

/* The encoder's output; grown by copying so that no stale copy of key text
 * is left behind by realloc. */
struct outbuf {
	char *p;
	size_t len, cap;
	int err;
};

static int
out_append(const char *s, size_t n, void *arg)
{
	struct outbuf *o = arg;

	if (o->len + n + 1 > CONN_MAX_REQUEST) {
		o->err = E2BIG;
		return -1;
	}
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap * 2;
		char *p;

		while (cap < o->len + n + 1)
			cap *= 2;
		p = malloc(cap);
		if (p == NULL) {
			o->err = ENOMEM;
			return -1;
		}
		memcpy(p, o->p, o->len);
		conn_wipe_free(o->p);
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	return 0;
}

char *
conn_encode(struct conn *c, json_t *body, long long *id, size_t *len)
{
	struct outbuf o = { .cap = 4096 };
	json_t *env = json_pack("{s:i,s:I}", "v", 1, "id", (json_int_t)++c->next_id);

	o.p = malloc(o.cap);
	if (env == NULL || o.p == NULL || json_object_update(env, body) != 0) {
		json_decref(env);
		free(o.p);
		errno = ENOMEM;
		return NULL;
	}
	o.err = ENOMEM;
	if (json_dump_callback(env, out_append, &o, JSON_COMPACT) != 0 ||
	    out_append("\n", 1, &o) != 0) {
		json_decref(env);
		conn_wipe_free(o.p);
		errno = o.err;
		return NULL;
	}
	json_decref(env);
	*id = c->next_id;
	*len = o.len;
	return o.p;
}

int
conn_send(struct conn *c, const char *text, size_t len)
{
	while (len > 0) {
		/* MSG_NOSIGNAL: a gateway that hung up is an error, not SIGPIPE. */
		ssize_t n = send(c->fd, text, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads until the buffer holds a '\n'; returns the line's length. */
static ssize_t
read_line(struct conn *c)
{
	size_t scanned = 0;
	char *nl;

	for (;;) {
		ssize_t n;

		nl = c->len > scanned ? memchr(c->buf + scanned, '\n', c->len - scanned) : NULL;
		if (nl != NULL)
			return nl - c->buf;
		scanned = c->len;
		if (c->cap - c->len < 65536) {
			size_t cap = c->cap ? c->cap * 2 : 262144;
			char *p = realloc(c->buf, cap);

			if (p == NULL)
				return -ENOMEM;
			c->buf = p;
			c->cap = cap;
		}
		n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if (n == 0)
			return -ECONNRESET;
		c->len += (size_t)n;
	}
}

json_t *
conn_recv(struct conn *c, long long id, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *a, *v;
	ssize_t n = read_line(c);

	if (n == -ETIMEDOUT) {
		snprintf(err, errlen, "no answer within %u s", c->timeout_s);
		return NULL;
	}
	if (n == -ECONNRESET) {
		snprintf(err, errlen, "the gateway closed the connection");
		return NULL;
	}
	if (n < 0) {
		snprintf(err, errlen, "%s", strerror((int)-n));
		return NULL;
	}
	a = json_loadb(c->buf, (size_t)n, 0, &jerr);
	c->len -= (size_t)n + 1;
	memmove(c->buf, c->buf + n + 1, c->len);
	if (a == NULL || !json_is_object(a)) {
		snprintf(err, errlen, "an answer that is not a JSON object");
		json_decref(a);
		return NULL;
	}
	/* A server's refusal before it read our id (too_large, denied) may
	 * carry no id: only a different one is out of order. */
	v = json_object_get(a, "id");
	if (json_integer_value(json_object_get(a, "v")) != 1 ||
	    (v != NULL && !json_is_null(v) && json_integer_value(v) != id) ||
	    !json_is_boolean(json_object_get(a, "ok"))) {
		snprintf(err, errlen, "an answer that does not match the request");
		json_decref(a);
		return NULL;
	}
	return a;
}
