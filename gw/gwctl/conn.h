/* SPDX-License-Identifier: BSD-3-Clause */
/* gwctl's side of the admin socket: one JSON line out, one JSON line back. */
#ifndef GWCTL_CONN_H
#define GWCTL_CONN_H

#include <stddef.h>

#include <jansson.h>

#define CONN_DIR "/run/mtc-gw"
#define CONN_DEFAULT_PREFIX "rte" /* DPDK's default --file-prefix */
#define CONN_MAX_REQUEST (64u << 20) /* the server refuses anything longer */

struct conn {
	int fd;
	const char *path;
	unsigned int timeout_s; /* per wait; 0: wait for ever */
	long long next_id;
	char *buf;   /* answer bytes, a line at a time */
	size_t len;  /* bytes held */
	size_t cap;
};

/* The socket path: --socket, else --prefix NAME as CONN_DIR/NAME.sock, else
 * env (MTC_GW_SOCKET), else the default prefix. Returns NULL when NAME is
 * empty, holds a '/', or the path does not fit out. */
const char *conn_path(const char *socket_opt, const char *prefix, const char *env,
		      char *out, size_t outlen);

/* Connects. Returns 0, or -errno with c->fd closed. */
int conn_open(struct conn *c, const char *path, unsigned int timeout_s);
void conn_close(struct conn *c);

/* Wraps body ({"op":...}) in {"v":1,"id":N,...} and serializes it compactly,
 * '\n' included; *id gets N. Returns NULL with errno E2BIG past
 * CONN_MAX_REQUEST, ENOMEM without memory. The text may hold key material:
 * free it with conn_wipe_free. */
char *conn_encode(struct conn *c, json_t *body, long long *id, size_t *len);
void conn_wipe_free(char *text);

/* Sends one encoded request. 0 or -errno. */
int conn_send(struct conn *c, const char *text, size_t len);

/* Reads one answer line and parses it; checks v and that its id is id.
 * Returns the answer, or NULL with a reason in err. */
json_t *conn_recv(struct conn *c, long long id, char *err, size_t errlen);

#endif
