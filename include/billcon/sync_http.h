/* sync_http: HTTP for sync, on libcurl. One session per sync; every call
 * is retried when the fault is passing (429, 500, 502, 503, 504, a
 * connection failure) with exponential backoff and jitter, honouring
 * Retry-After, bounded in attempts and in total time. TLS is always
 * verified; plain http:// is accepted only for a loopback host. Tokens and
 * secrets never reach the trace. */
#ifndef BILLCON_SYNC_HTTP_H
#define BILLCON_SYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/sync_httperror.h"

struct sync_http;

struct sync_http_opts {
	const char *ca_file;        /* extra CA bundle, NULL or "" none */
	const char *trace_path;     /* --trace FILE: a redacted trace, NULL none */
	long connect_timeout_ms;    /* 0: 10 s */
	long stall_timeout_s;       /* no byte for this long aborts; 0: 30 s */
	size_t max_body;            /* larger answers fail; 0: 64 MiB */
	int max_attempts;           /* per call; 0: 6 */
	long max_total_ms;          /* all attempts of one call; 0: 120 s */
	long backoff_base_ms;       /* first retry's delay; 0: 500 ms (tests set 1) */
};

/* One answer. body is NUL-terminated (len excludes the NUL) and owned by
 * the response: sync_response_clear frees it. */
struct sync_response {
	long status;
	char *body;
	size_t len;
	char location[2048];        /* Location, "" none */
	char retry_after[64];       /* Retry-After as sent, "" none */
	char content_type[128];
};

/* A header line to send ("Name: value"); NULL-terminated arrays. */
typedef const char *const sync_headers[];

/* Opens a session with opts (NULL: the defaults). CORE_USAGE when the
 * trace file cannot be opened or ca_file is unreadable. */
enum core_status sync_http_new(const struct sync_http_opts *opts, struct sync_http **out,
			       struct core_error *err);

/* Closes the session and its trace; NULL is allowed. */
void sync_http_free(struct sync_http *h);

/* CORE_OK for an https:// URL, or http:// to 127.0.0.0/8, ::1 or localhost;
 * CORE_USAGE with one sentence otherwise. */
enum core_status sync_http_check_url(const char *url, struct core_error *err);

/* Sends method (GET, PUT, POST, DELETE, PATCH) to url with the bearer token
 * (NULL: none), extra headers (NULL: none) and body (NULL: none) of
 * content_type, retrying passing faults as above; fills resp with the last
 * answer, whatever its status. CORE_REMOTE with one sentence when no
 * answer came (connection, timeout, too large), or the retries ran out. A
 * 4xx other than 429 is returned at once, as an answer (CORE_OK). */
enum core_status sync_http_request(struct sync_http *h, const char *method, const char *url,
				   const char *bearer, sync_headers extra, const char *content_type,
				   const char *body, size_t body_len, struct sync_response *resp,
				   struct core_error *err);

/* Frees resp's body and zeroes it. */
void sync_response_clear(struct sync_response *resp);

#endif
