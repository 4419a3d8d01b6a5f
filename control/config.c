/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include <jansson.h>

#include "config.h"

struct cfg_ctx {
	char *err;
	size_t errlen;
};

static int
fail(struct cfg_ctx *cx, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct cfg_ctx *cx, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cx->err, cx->errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static int
check_keys(struct cfg_ctx *cx, json_t *obj, const char *where, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *a;

		for (a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				break;
		if (*a == NULL)
			return fail(cx, -EINVAL, "%s%s: unknown key", where, key);
	}
	return 0;
}

static int
get_obj(struct cfg_ctx *cx, json_t *parent, const char *key, json_t **out)
{
	*out = json_object_get(parent, key);
	if (*out == NULL)
		return fail(cx, -EINVAL, "%s: missing", key);
	if (!json_is_object(*out))
		return fail(cx, -EINVAL, "%s: not an object", key);
	return 0;
}

/* String value; NULL in *s when absent and not required. */
static int
get_str(struct cfg_ctx *cx, json_t *obj, const char *where, const char *key,
	bool required, const char **s)
{
	json_t *v = json_object_get(obj, key);

	*s = NULL;
	if (v == NULL)
		return required ? fail(cx, -EINVAL, "%s%s: missing", where, key) : 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return fail(cx, -EINVAL, "%s%s: not a non-empty string", where, key);
	*s = json_string_value(v);
	return 0;
}

static int
get_name(struct cfg_ctx *cx, json_t *obj, const char *where, const char *key, char *out)
{
	const char *s;
	int rc = get_str(cx, obj, where, key, true, &s);

	if (rc != 0)
		return rc;
	if (strlen(s) >= CONFIG_NAME_MAX || strpbrk(s, " \t\r\n;") != NULL)
		return fail(cx, -EINVAL, "%s%s: \"%s\" is not a Diameter identity", where,
			    key, s);
	strcpy(out, s);
	return 0;
}

static int
get_uint(struct cfg_ctx *cx, json_t *obj, const char *where, const char *key,
	 bool required, uint64_t dflt, uint64_t min, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	*out = dflt;
	if (v == NULL)
		return required ? fail(cx, -EINVAL, "%s%s: missing", where, key) : 0;
	if (!json_is_integer(v))
		return fail(cx, -EINVAL, "%s%s: not an integer", where, key);
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i < min || (uint64_t)i > max)
		return fail(cx, -ERANGE, "%s%s: %lld out of range %llu..%llu", where, key,
			    (long long)i, (unsigned long long)min, (unsigned long long)max);
	*out = (uint64_t)i;
	return 0;
}

static int
get_addr(struct cfg_ctx *cx, json_t *obj, const char *where, const char *key,
	 int af, void *out, bool *present)
{
	const char *s;
	int rc = get_str(cx, obj, where, key, false, &s);

	*present = false;
	if (rc != 0 || s == NULL)
		return rc;
	if (inet_pton(af, s, out) != 1)
		return fail(cx, -EINVAL, "%s%s: \"%s\" is not an %s address", where, key, s,
			    af == AF_INET ? "IPv4" : "IPv6");
	*present = true;
	return 0;
}

static int
get_path_opt(struct cfg_ctx *cx, json_t *root, const char *key, const char *cfg_path,
	     bool required, char *out)
{
	const char *s, *slash = strrchr(cfg_path, '/');
	int rc = get_str(cx, root, "", key, required, &s), n;

	out[0] = '\0';
	if (rc != 0 || s == NULL)
		return rc;
	if (s[0] == '/' || slash == NULL)
		n = snprintf(out, PATH_MAX, "%s", s);
	else
		n = snprintf(out, PATH_MAX, "%.*s/%s", (int)(slash - cfg_path), cfg_path, s);
	if (n < 0 || n >= PATH_MAX)
		return fail(cx, -ENAMETOOLONG, "%s: path too long", key);
	return 0;
}

static int
get_path(struct cfg_ctx *cx, json_t *root, const char *key, const char *cfg_path,
	 char *out)
{
	return get_path_opt(cx, root, key, cfg_path, true, out);
}

/* "ADDR:PORT" with an IPv4 address, or "[ADDR]:PORT" with an IPv6 one. */
static int
get_listen(struct cfg_ctx *cx, json_t *root, const char *key, struct gw_listen *l)
{
	const char *s, *colon;
	char host[INET6_ADDRSTRLEN + 2];
	char *end;
	unsigned long port;
	int rc = get_str(cx, root, "", key, false, &s);

	memset(l, 0, sizeof(*l));
	if (rc != 0 || s == NULL)
		return rc;
	colon = strrchr(s, ':');
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		goto bad;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end != '\0' || port == 0 || port > 65535)
		goto bad;
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		host[strlen(host) - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, l->addr) != 1)
			goto bad;
		l->family = AF_INET6;
	} else if (inet_pton(AF_INET, host, l->addr) == 1) {
		l->family = AF_INET;
	} else {
		goto bad;
	}
	l->port = (uint16_t)port;
	return 0;
bad:
	return fail(cx, -EINVAL, "%s: \"%s\" is not ADDR:PORT or [ADDR]:PORT", key, s);
}

static int
load_tsp(struct cfg_ctx *cx, json_t *root, struct gw_config *c)
{
	static const char *const keys[] = { "port", "ipv4", "ipv6", "udp_port", NULL };
	json_t *o;
	uint64_t v;
	int rc;

	if ((rc = get_obj(cx, root, "tsp", &o)) || (rc = check_keys(cx, o, "tsp.", keys)))
		return rc;
	if ((rc = get_uint(cx, o, "tsp.", "port", true, 0, 0, UINT16_MAX - 1, &v)))
		return rc;
	c->tsp.port = (uint16_t)v;
	if ((rc = get_uint(cx, o, "tsp.", "udp_port", false, 3868, 1, UINT16_MAX, &v)))
		return rc;
	c->tsp.udp_port = (uint16_t)v;
	if ((rc = get_addr(cx, o, "tsp.", "ipv4", AF_INET, c->tsp.ipv4, &c->tsp.has_ipv4)) ||
	    (rc = get_addr(cx, o, "tsp.", "ipv6", AF_INET6, c->tsp.ipv6, &c->tsp.has_ipv6)))
		return rc;
	if (!c->tsp.has_ipv4 && !c->tsp.has_ipv6)
		return fail(cx, -EINVAL, "tsp.ipv4: missing (give ipv4, ipv6 or both)");
	return 0;
}

static int
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5], &tail) != 6 || strlen(s) != 17)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static int
load_t4(struct cfg_ctx *cx, json_t *root, struct gw_config *c)
{
	static const char *const keys[] = { "port", "peer_ipv4", "peer_ipv6", "peer_mac",
		"peer_udp_port", "destination_realm", NULL };
	const char *mac;
	json_t *o;
	uint64_t v;
	int rc;

	if ((rc = get_obj(cx, root, "t4", &o)) || (rc = check_keys(cx, o, "t4.", keys)))
		return rc;
	if ((rc = get_uint(cx, o, "t4.", "port", true, 0, 0, UINT16_MAX - 1, &v)))
		return rc;
	c->t4.port = (uint16_t)v;
	if ((rc = get_uint(cx, o, "t4.", "peer_udp_port", false, 3868, 1, UINT16_MAX, &v)))
		return rc;
	c->t4.peer_udp_port = (uint16_t)v;
	if ((rc = get_addr(cx, o, "t4.", "peer_ipv4", AF_INET, c->t4.peer_ipv4,
			   &c->t4.has_peer_ipv4)) ||
	    (rc = get_addr(cx, o, "t4.", "peer_ipv6", AF_INET6, c->t4.peer_ipv6,
			   &c->t4.has_peer_ipv6)))
		return rc;
	if (!c->t4.has_peer_ipv4 && !c->t4.has_peer_ipv6)
		return fail(cx, -EINVAL, "t4.peer_ipv4: missing (give peer_ipv4 or peer_ipv6)");
	if (c->t4.has_peer_ipv4 && c->t4.has_peer_ipv6)
		return fail(cx, -EINVAL, "t4.peer_ipv6: give peer_ipv4 or peer_ipv6, not both");
	if ((rc = get_str(cx, o, "t4.", "peer_mac", false, &mac)))
		return rc;
	if (mac != NULL) {
		if (parse_mac(mac, c->t4.peer_mac) != 0)
			return fail(cx, -EINVAL, "t4.peer_mac: \"%s\" is not a MAC address", mac);
		c->t4.has_peer_mac = true;
	}
	return get_name(cx, o, "t4.", "destination_realm", c->t4.destination_realm);
}

static int
load_limits(struct cfg_ctx *cx, json_t *root, struct gw_config *c)
{
	static const char *const keys[] = { "max_payload", "max_validity", NULL };
	json_t *o = json_object_get(root, "limits");
	uint64_t v;
	int rc;

	c->max_payload = 1024;
	c->max_validity = 604800;
	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return fail(cx, -EINVAL, "limits: not an object");
	if ((rc = check_keys(cx, o, "limits.", keys)))
		return rc;
	if ((rc = get_uint(cx, o, "limits.", "max_payload", false, 1024, 1, 65535, &v)))
		return rc;
	c->max_payload = (uint32_t)v;
	if ((rc = get_uint(cx, o, "limits.", "max_validity", false, 604800, 0, UINT32_MAX, &v)))
		return rc;
	c->max_validity = (uint32_t)v;
	return 0;
}

static int
load_root(struct cfg_ctx *cx, json_t *root, const char *path, struct gw_config *c)
{
	static const char *const keys[] = { "origin_host", "origin_realm", "tsp", "t4",
		"limits", "allow_null_algorithms", "max_ues", "max_scs", "data_dir",
		"provision", "master_key", "api_socket", "prometheus", NULL };
	json_t *v;
	uint64_t n;
	int rc;

	if (!json_is_object(root))
		return fail(cx, -EINVAL, "top level: not an object");
	if ((rc = check_keys(cx, root, "", keys)) ||
	    (rc = get_name(cx, root, "", "origin_host", c->origin_host)) ||
	    (rc = get_name(cx, root, "", "origin_realm", c->origin_realm)) ||
	    (rc = load_tsp(cx, root, c)) || (rc = load_t4(cx, root, c)) ||
	    (rc = load_limits(cx, root, c)))
		return rc;
	v = json_object_get(root, "allow_null_algorithms");
	if (v != NULL && !json_is_boolean(v))
		return fail(cx, -EINVAL, "allow_null_algorithms: not a boolean");
	c->allow_null_algorithms = v != NULL && json_is_true(v);
	if ((rc = get_uint(cx, root, "", "max_ues", false, 0, 0, 1U << 27, &n)))
		return rc;
	c->max_ues = (uint32_t)n;
	if ((rc = get_uint(cx, root, "", "max_scs", false, 4096, 1, 1U << 20, &n)))
		return rc;
	c->max_scs = (uint32_t)n;
	if ((rc = get_path(cx, root, "data_dir", path, c->data_dir)) ||
	    (rc = get_path_opt(cx, root, "master_key", path, false, c->master_key)) ||
	    (rc = get_path_opt(cx, root, "api_socket", path, false, c->api_socket)) ||
	    (rc = get_listen(cx, root, "prometheus", &c->prometheus)))
		return rc;
	if (strlen(c->api_socket) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return fail(cx, -ENAMETOOLONG, "api_socket: longer than a Unix socket path");
	return get_path_opt(cx, root, "provision", path, false, c->provision);
}

int
config_load(const char *path, struct gw_config *c, char *err, size_t errlen)
{
	struct cfg_ctx cx = { err, errlen };
	json_error_t jerr;
	json_t *root;
	int rc;

	memset(c, 0, sizeof(*c));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return fail(&cx, jerr.line < 0 ? -ENOENT : -EINVAL, "%s:%d:%d: %s", path,
			    jerr.line, jerr.column, jerr.text);
	rc = load_root(&cx, root, path, c);
	json_decref(root);
	return rc;
}
