/* sync_call: sends one planned call (sync_plan) through sync_http: the
 * request, then a long-running operation's Location polled to its end;
 * the read-back of what a POST makes; a domain's tenant ID from the login
 * endpoint's OpenID configuration. */
#ifndef BILLCON_SYNC_CALL_H
#define BILLCON_SYNC_CALL_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/sync_http.h"
#include "billcon/sync_plan.h"

struct sync_http;

/* Where and as whom calls go. */
struct sync_target {
	const char *arm;            /* ARM's base URL, no trailing slash */
	const char *graph;          /* Microsoft Graph's base URL */
	const char *arm_token;      /* bearer for ARM (never logged) */
	const char *graph_token;    /* bearer for Graph */
	long poll_default_ms;       /* between polls without Retry-After; 0: 5 s */
	long poll_max_ms;           /* the longest wait between polls; 0: 60 s */
	int max_polls;              /* polls of one operation; 0: 120 */
};

/* Sends call to t and, when it answers 201 or 202 with a Location, polls
 * that (GET, Retry-After honoured within poll_max_ms) until it answers
 * anything but 202, and an operation status of Failed or Canceled is a
 * failure. CORE_OK when the call (and its operation) succeeded; otherwise
 * the status of sync_http_error with ARM's "Code: message" (CORE_REMOTE
 * also when no answer came, or the polls ran out). A DELETE answered 404
 * succeeded: the object is gone, as asked (a DELETE sent again after a
 * kill). *answered (may be NULL) tells whether the service answered the
 * call at all: when not, the network or the service is down. */
enum core_status sync_call_send(struct sync_http *h, const struct sync_target *t,
				const struct sync_call *call, bool *answered, struct core_error *err);

/* As sync_call_send, keeping the last answer (the operation's final one
 * after polling) in *resp for the caller (sync_response_clear). */
enum core_status sync_call_answer(struct sync_http *h, const struct sync_target *t,
				  const struct sync_call *call, bool *answered, struct sync_response *resp,
				  struct core_error *err);

/* A document a call's answer points to ("url": a storage link that
 * carries its own signature): fetched with no token, as the token is
 * ARM's alone; *resp holds its bytes (sync_response_clear). CORE_REMOTE
 * when the answer names no URL or the fetch fails. */
enum core_status sync_call_document(struct sync_http *h, const struct sync_response *answer,
				    struct sync_response *resp, struct core_error *err);

/* Whether what call's POST makes exists already: its read-back listing,
 * every page by nextLink, holds it (sync_plan_made, which also gives its
 * name into name, size bytes). CORE_OK with *made set; a failure as
 * sync_call_send's. */
enum core_status sync_call_made(struct sync_http *h, const struct sync_target *t,
				const struct sync_call *call, bool *made, char *name, size_t size,
				struct core_error *err);

/* The tenant ID of domain, from GET {login}/{domain}/v2.0/.well-known/
 * openid-configuration (its "issuer"), into tenant (37 bytes).
 * CORE_NOT_FOUND when the login endpoint does not know the domain,
 * CORE_REMOTE when the answer holds no tenant ID or no answer came. */
enum core_status sync_resolve_domain(struct sync_http *h, const char *login, const char *domain,
				     char tenant[37], struct core_error *err);

#endif
