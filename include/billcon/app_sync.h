/* app_sync: one sync as the command line (and later the console) runs it:
 * the pull from ARM into the store — a new store made from the account
 * when there is none at the path —, then the push of the waiting changes.
 * Sign-in and the HTTP session are the caller's (the device code is shown
 * by whoever asks for it); app_sync only takes tokens from them. */
#ifndef BILLCON_APP_SYNC_H
#define BILLCON_APP_SYNC_H

#include <stdbool.h>

#include "billcon/app_auth.h"
#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_pull.h"
#include "billcon/app_push.h"
#include "billcon/core_status.h"

struct sync_http;

struct app_sync_opts {
	const char *arm, *graph, *login;  /* base URLs; NULL: the settings' */
	const char *trace;                /* --trace FILE for the push's session */
	long backoff_ms;                  /* the push session's first retry delay; 0 default */
	bool pull, push;                  /* what to do (both: a whole sync) */
	bool switch_user;                 /* a sign-in other than the store's user takes it over */
	app_pull_progress_fn progress;    /* after each page pulled; NULL none */
	/* with NULL as the push starts, then after each change pushed,
	 * failed or held; NULL none */
	void (*push_progress)(void *ctx, const struct app_plan_item *it);
	void *progress_ctx;               /* handed to both */
};

struct app_sync_result {
	bool created;                     /* the store was made by this pull */
	bool pulled;                      /* the pull ran to its end */
	bool pushed;                      /* the push walked the plan */
	bool directory_skipped;           /* no Graph token: the directory was left as it was */
	bool other_user;                  /* refused: the sign-in is not the store's user */
	struct app_pull_summary pull;
	struct app_push_result push;
};

/* Before any sign-in: CORE_OK when the store o->db_path names may be
 * synced with so's (or cfg's) remote: none there yet (a sync makes it),
 * or one bound to that remote, or not bound yet; CORE_REFUSED with one
 * sentence for the demo store, a store bound elsewhere, or one another
 * sync is running on. */
enum core_status app_sync_check(const struct app_options *o, const struct app_config *cfg,
				const struct app_sync_opts *so, struct core_error *err);

/* Syncs the store o->db_path names as the signed-in actor of auth (o's
 * actor is ignored: a synced store's changes are the signed-in user's),
 * over http with cfg's settings; fills *r as it goes, so a failure still
 * says what was done. A store that does not exist is created from the
 * account and bound to its remote; the demo store and a store bound to
 * another remote are refused (CORE_REFUSED). The push runs as the
 * signed-in user, whom the store then remembers (meta remote_actor: the
 * default actor, and the only one whose changes may be pushed). A link a page hands back to
 * another host than the endpoint is refused (the token goes nowhere else).
 * One sync of a store at a time: another running is CORE_REFUSED. */
enum core_status app_sync_run(const struct app_options *o, const struct app_config *cfg,
			      struct app_auth *auth, struct sync_http *http,
			      const struct app_sync_opts *so, struct app_sync_result *r,
			      struct core_error *err);

#endif
