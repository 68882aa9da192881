/* app_push: sends the plan's changes in order (issue 11, Plan and push).
 * Each change is built by sync_plan, sent by sync_call (a long-running
 * operation polled to its end) and settled only once its call succeeded;
 * a failure keeps ARM's "Code: message" on its outbox row and holds the
 * later changes to the same object, not the others. Before a change to
 * an object that was pulled (or a creation by PUT) the object is read
 * back: changed there since, it is a conflict (sync_conflict), not sent,
 * and holds the later changes like a failure. Resumable after a
 * kill: a PUT or DELETE sent again is idempotent, and a POST noted as sent
 * is read back first, so nothing is made twice. Sign-in is the caller's:
 * it hands the bearer tokens in. */
#ifndef BILLCON_APP_PUSH_H
#define BILLCON_APP_PUSH_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/sync_call.h"

struct app_ctx;
struct app_plan_item;

struct app_push_opts {
	const char *ca_file;           /* extra CA bundle, NULL or "" none */
	const char *trace_path;        /* --trace FILE, NULL none */
	long backoff_base_ms;          /* sync_http's first retry delay; 0 its default */
	struct sync_target target;     /* ARM and Graph bases, tokens, polling */
	const char *login;             /* the login endpoint's base, for domains */
	/* Called with NULL once the push starts (before its first call, which
	 * may stall), then after each change is settled, failed or held;
	 * NULL none. */
	void (*progress)(void *data, const struct app_plan_item *it);
	void *progress_data;
};

struct app_push_result {
	long long pushed, local, failed, held;
	long long conflicts;   /* read back changed there: not sent (sync resolve) */
	bool stopped;   /* a call got no answer: the rest left waiting */
};

/* Pushes every waiting change of ctx's store as above, in one HTTP session
 * of its own. CORE_USAGE when a base URL is not https (or http to
 * loopback) or the trace cannot be opened; CORE_OK when the walk finished
 * (r counts what happened; failed items are in r, not err). A call the
 * service did not answer at all (after sync_http's retries) stops the walk
 * there, r->stopped set, its sentence in r's failed item: the rest would
 * fail alike. A store failure stops it with err. */
enum core_status app_push(struct app_ctx *ctx, const struct app_push_opts *o, struct app_push_result *r,
			  struct core_error *err);

#endif
