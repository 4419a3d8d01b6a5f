/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Prometheus text (format 0.0.4) over HTTP, at /metrics on the configured
 * address. libmicrohttpd serves it from its own thread (never a worker);
 * each request's body is built whole into a buffer of its own from the
 * same relaxed reads as the telemetry commands. Labels name counters,
 * kinds, SCSs and ports: never a UE, never a key.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "app.h"
#include "prom_text.h"

#define PROM_PATH "/metrics"
#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

static void
put_requests(const struct gw_app *a, struct text_buf *b)
{
	struct wire_counters wc;
	struct gw_counters gc;
	char name[96];

	gw_stats_sum(a, -1, &wc, &gc);
	prom_family(b, "mtcgw_requests_total", "counter",
		    "Requests and frames by outcome: kind success, refusal (a Request-Status "
		    "other than success, or 3004), fault (a protocol Result-Code) or drop (no "
		    "answer); reason is the gateway's counter name");
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wire_counter_desc[i].kind != CTR_KIND_info)
			prom_sample(b, "mtcgw_requests_total", (const char *const[]){
				"kind", ctr_kind_name[wire_counter_desc[i].kind],
				"reason", wire_counter_desc[i].name }, 2, wc.v[i]);
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gw_counter_desc[i].kind != CTR_KIND_info)
			prom_sample(b, "mtcgw_requests_total", (const char *const[]){
				"kind", ctr_kind_name[gw_counter_desc[i].kind],
				"reason", gw_counter_desc[i].name }, 2, gc.v[i]);
	for (int i = 0; i < WIRE_CTR_MAX; i++)
		if (wire_counter_desc[i].kind == CTR_KIND_info) {
			snprintf(name, sizeof(name), "mtcgw_%s_total", wire_counter_desc[i].name);
			prom_family(b, name, "counter", wire_counter_desc[i].desc);
			prom_sample(b, name, NULL, 0, wc.v[i]);
		}
	for (int i = 0; i < GW_CTR_MAX; i++)
		if (gw_counter_desc[i].kind == CTR_KIND_info) {
			snprintf(name, sizeof(name), "mtcgw_%s_total", gw_counter_desc[i].name);
			prom_family(b, name, "counter", gw_counter_desc[i].desc);
			prom_sample(b, name, NULL, 0, gc.v[i]);
		}
}

static void
put_scs(const struct gw_app *a, struct text_buf *b)
{
	const struct scs_state *st = a->gw.scs_state;
	uint32_t n = st ? __atomic_load_n(&st->n_named, __ATOMIC_ACQUIRE) : 0;
	uint64_t v[SCS_CTR_N];

	prom_family(b, "mtcgw_scs_received_total", "counter",
		    "Requests classified to each SCS (by source address)");
	for (uint32_t id = 0; id < n; id++) {
		const char *scs = scs_state_name(st, id);

		if (scs == NULL)
			continue;
		scs_state_sum(st, id, -1, v);
		prom_sample(b, "mtcgw_scs_received_total", (const char *const[]){ "scs", scs },
			    1, v[SCS_CTR_requests]);
	}
	prom_family(b, "mtcgw_scs_requests_total", "counter",
		    "Each SCS's requests by outcome: kind success, refusal or fault; reason "
		    "names the outcome");
	for (uint32_t id = 0; id < n; id++) {
		const char *scs = scs_state_name(st, id);

		if (scs == NULL)
			continue;
		scs_state_sum(st, id, -1, v);
		for (unsigned int i = 0; i < SCS_CTR_N; i++)
			if (i != SCS_CTR_requests)
				prom_sample(b, "mtcgw_scs_requests_total", (const char *const[]){
					"scs", scs, "kind", gw_scs_ctr_kind(i),
					"reason", gw_scs_ctr_name(i) }, 3, v[i]);
	}
}

static void
put_ports(const struct gw_app *a, struct text_buf *b)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} f[] = {
		{ "mtcgw_port_ipackets_total", "Packets received by the port",
		  offsetof(struct rte_eth_stats, ipackets) },
		{ "mtcgw_port_opackets_total", "Packets sent by the port",
		  offsetof(struct rte_eth_stats, opackets) },
		{ "mtcgw_port_imissed_total", "Packets the port dropped for want of room in "
		  "a receive queue (the workers fell behind)",
		  offsetof(struct rte_eth_stats, imissed) },
		{ "mtcgw_port_ierrors_total", "Erroneous packets received",
		  offsetof(struct rte_eth_stats, ierrors) },
		{ "mtcgw_port_oerrors_total", "Packets the port failed to send",
		  offsetof(struct rte_eth_stats, oerrors) },
		{ "mtcgw_port_rx_nombuf_total", "Receive buffer allocation failures",
		  offsetof(struct rte_eth_stats, rx_nombuf) },
	};
	struct rte_eth_stats es[2];
	bool ok[2];
	uint16_t ids[2];
	unsigned int n = gw_metrics_ports(a, ids);
	char port[8];

	for (unsigned int p = 0; p < n; p++)
		ok[p] = rte_eth_stats_get(ids[p], &es[p]) == 0;
	for (size_t i = 0; i < RTE_DIM(f); i++) {
		prom_family(b, f[i].name, "counter", f[i].help);
		for (unsigned int p = 0; p < n; p++) {
			if (!ok[p])
				continue;
			snprintf(port, sizeof(port), "%u", ids[p]);
			prom_sample(b, f[i].name, (const char *const[]){ "port", port }, 1,
				    *(const uint64_t *)((const char *)&es[p] + f[i].off));
		}
	}
}

static void
put_misc(const struct gw_app *a, struct text_buf *b)
{
	prom_family(b, "mtcgw_count_refills_total", "counter",
		    "Full scans of the UE table by the COUNT thread");
	prom_sample(b, "mtcgw_count_refills_total", NULL, 0,
		    __atomic_load_n(&a->ctl.refills, __ATOMIC_RELAXED));
	prom_family(b, "mtcgw_count_requests_total", "counter",
		    "COUNT refill requests from the workers served");
	prom_sample(b, "mtcgw_count_requests_total", NULL, 0,
		    __atomic_load_n(&a->ctl.requests, __ATOMIC_RELAXED));
	prom_family(b, "mtcgw_count_refill_errors_total", "counter",
		    "Passes of the COUNT thread whose refill failed");
	prom_sample(b, "mtcgw_count_refill_errors_total", NULL, 0,
		    __atomic_load_n(&a->ctl.refill_errors, __ATOMIC_RELAXED));
	prom_family(b, "mtcgw_workers", "gauge", "Worker lcores");
	prom_sample(b, "mtcgw_workers", NULL, 0, a->rt.n_workers);
	prom_family(b, "mtcgw_uptime_seconds", "gauge", "Seconds since the gateway started");
	prom_sample(b, "mtcgw_uptime_seconds", NULL, 0,
		    (rte_rdtsc() - a->rt.start_tsc) / a->rt.tsc_hz);
}

char *
gw_prom_body(const struct gw_app *a, size_t *len)
{
	struct text_buf b;

	text_init(&b);
	put_requests(a, &b);
	put_scs(a, &b);
	put_ports(a, &b);
	put_misc(a, &b);
	return text_take(&b, len);
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned int status, const char *type, char *body,
      size_t len, bool must_free)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body,
		must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rc;

	if (r == NULL) {
		if (must_free)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size,
	   void **req_cls)
{
	static char not_found[] = "not found: the metrics are at " PROM_PATH "\n";
	static char not_allowed[] = "only GET and HEAD\n";
	static char no_mem[] = "out of memory\n";
	const struct gw_app *a = cls;
	size_t len = 0;
	char *body;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", not_allowed,
			     sizeof(not_allowed) - 1, false);
	if (strcmp(url, PROM_PATH) != 0)
		return reply(c, MHD_HTTP_NOT_FOUND, "text/plain", not_found,
			     sizeof(not_found) - 1, false);
	body = gw_prom_body(a, &len);
	if (body == NULL)
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain", no_mem,
			     sizeof(no_mem) - 1, false);
	return reply(c, MHD_HTTP_OK, PROM_CONTENT_TYPE, body, len, true);
}

/* "ADDR:PORT" or "[ADDR]:PORT" for messages. */
static void
listen_str(const struct gw_listen *l, char *s, size_t n)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(l->family, l->addr, ip, sizeof(ip));
	snprintf(s, n, l->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, l->port);
}

/* A listening socket on l; -errno when it cannot be had. */
static int
listen_on(const struct gw_listen *l)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1, fd, e;

	memset(&ss, 0, sizeof(ss));
	if (l->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(l->port);
		memcpy(&s6->sin6_addr, l->addr, 16);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(l->port);
		memcpy(&s4->sin_addr, l->addr, 4);
		sl = sizeof(*s4);
	}
	fd = socket(l->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 16) != 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int
gw_prom_start(struct gw_app *a)
{
	char where[INET6_ADDRSTRLEN + 10];
	int fd;

	listen_str(&a->cfg.prometheus, where, sizeof(where));
	fd = listen_on(&a->cfg.prometheus);
	if (fd < 0) {
		fprintf(stderr, "mtc-gw: prometheus: cannot listen on %s: %s\n", where,
			strerror(-fd));
		return fd;
	}
	a->prom = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
				   (a->cfg.prometheus.family == AF_INET6 ? MHD_USE_IPv6 : 0),
				   0, NULL, NULL, on_request, a,
				   MHD_OPTION_LISTEN_SOCKET, fd,
				   MHD_OPTION_CONNECTION_LIMIT, 32u,
				   MHD_OPTION_CONNECTION_TIMEOUT, 10u,
				   MHD_OPTION_END);
	if (a->prom == NULL) {
		close(fd);
		fprintf(stderr, "mtc-gw: prometheus: cannot serve on %s: the HTTP daemon "
			"did not start\n", where);
		return -EIO;
	}
	if (!a->opts.quiet)
		printf("mtc-gw: Prometheus metrics at http://%s%s\n", where, PROM_PATH);
	return 0;
}

void
gw_prom_stop(struct gw_app *a)
{
	if (a->prom != NULL)
		MHD_stop_daemon(a->prom); /* joins its thread, closes the socket */
	a->prom = NULL;
}
