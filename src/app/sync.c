/* app_sync: the pull, then the push, as one signed-in actor. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/app_pulldir.h"
#include "billcon/app_push.h"
#include "billcon/app_sync.h"
#include "billcon/core_text.h"
#include "billcon/store_db.h"
#include "billcon/sync_http.h"

/* What the pull's fetch needs: the session, the sign-in, and the one
 * origin its token may go to. */
struct fetcher {
	struct sync_http *http;
	struct app_auth *auth;
	const char *base;
	enum app_auth_resource resource;  /* whose token: ARM's or Graph's */
};

/* GET url with ARM's token; the body of a 2xx, or its ARM error. */
static enum core_status
fetch(void *data, const char *url, char **body, size_t *len, struct core_error *err)
{
	struct fetcher *f = data;
	struct sync_response resp = { 0 };
	char echo[CORE_ECHO_BYTES];
	const char *bearer = NULL;
	enum core_status rc;

	if (!sync_http_same_origin(url, f->base))
		return core_error_set(err, CORE_REMOTE, "The service sent a next page at %s, not at %s:"
				      " it was not followed (the sign-in goes to the endpoint only).",
				      core_text_echo(url, echo), f->base);
	if ((rc = app_auth_token(f->auth, f->resource, &bearer, err)))
		return rc;
	rc = sync_http_request(f->http, "GET", url, bearer, NULL, NULL, NULL, 0, &resp, err);
	if (!rc)
		rc = sync_http_error(&resp, err);
	if (!rc) {
		*body = resp.body;
		*len = resp.len;
		resp.body = NULL;
	}
	sync_response_clear(&resp);
	return rc;
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* The store remembers who signed in at its last sync: they act in it by
 * default, and only their changes may be pushed with their token. Another
 * user's sign-in (a browser signed in as someone else answers a device
 * code at once) would take the store over silently, and lock its user's
 * changes out: it is refused unless switch_user says it is meant. */
static enum core_status
record_signed_in(struct app_ctx *ctx, const char *actor, bool switch_user, struct app_sync_result *r,
		 struct core_error *err)
{
	enum core_status rc;

	if (ctx->signed_in[0] && strcasecmp(ctx->signed_in, actor) != 0 && !switch_user) {
		r->other_user = true;
		return core_error_set(err, CORE_REFUSED, "This store syncs as %s, and the sign-in is %s: sign in"
				      " as %s, or sync with --switch-user to make %s its user.", ctx->signed_in,
				      actor, ctx->signed_in, actor);
	}
	rc = store_begin(ctx->st, err);

	if (!rc && (rc = store_meta_set(ctx->st, "remote_actor", actor, err)))
		store_rollback(ctx->st);
	if (!rc)
		rc = store_commit(ctx->st, err);
	if (!rc)
		snprintf(ctx->signed_in, sizeof(ctx->signed_in), "%s", actor);
	return rc;
}

/* Opens the existing store at o->db_path as actor, for a sync. */
static enum core_status
open_for_sync(const struct app_options *o, const char *actor, struct app_ctx **ctx, struct core_error *err)
{
	struct app_options mine = *o;

	mine.actor = actor;
	mine.reader = false;
	mine.any_account = true;
	mine.sync = true;
	mine.changes = "sync with the service";
	return app_open(&mine, ctx, err);
}

/* The pull into the store at path: a first store when there is none. */
/* The directory from Graph, with Graph's token: a sign-in without one (a
 * token file with ARM's alone) leaves the directory as it was, and says so. */
static enum core_status
pull_directory(struct app_ctx *ctx, const struct app_pull *arm_pull, const char *graph,
	       struct app_sync_result *r, struct core_error *err)
{
	const struct fetcher *armf = arm_pull->fetch_ctx;
	struct fetcher f = { .http = armf->http, .auth = armf->auth, .base = graph, .resource = APP_AUTH_GRAPH };
	struct app_pull p = *arm_pull;
	struct core_error none;
	const char *bearer;
	enum core_status rc = sync_http_check_url(graph, err);

	if (rc)
		return rc;
	if (app_auth_token(f.auth, APP_AUTH_GRAPH, &bearer, &none) != CORE_OK) {
		r->directory_skipped = true;
		return CORE_OK;
	}
	p.fetch_ctx = &f;
	return app_pull_directory(ctx, graph, &p, &r->pull, err);
}

/* The pull into the store at path: a first store when there is none,
 * then the directory. */
static enum core_status
pull(const struct app_options *o, const struct app_pull *p, const char *graph, bool switch_user,
     struct app_sync_result *r, struct core_error *err)
{
	bool created = !exists(o->db_path);
	struct app_ctx *ctx = NULL;
	enum core_status rc = CORE_OK;

	/* A first store's pull opens its own; it is then synced, and so
	 * the signed-in user's from its first page. */
	if (created && (rc = app_pull_first_store(o->db_path, p, &r->pull, err)) != CORE_OK)
		return rc;
	r->created = created;
	if (!(rc = open_for_sync(o, p->actor, &ctx, err)) && !(rc = app_pull_bind(ctx, p, err)))
		rc = record_signed_in(ctx, p->actor, switch_user, r, err);
	if (!rc && !created)
		rc = app_pull_run(ctx, p, &r->pull, err);
	if (!rc)
		rc = pull_directory(ctx, p, graph, r, err);
	app_close(ctx);
	r->pulled = rc == CORE_OK;
	return rc;
}

/* The push of the waiting changes with the signed-in user's tokens. A
 * token Graph's calls need but the sign-in lacks (a token file with only
 * ARM's) fails those calls alone. */
static enum core_status
push(const struct app_options *o, const struct app_config *cfg, struct app_auth *auth,
     const struct app_pull *p, const struct app_sync_opts *so, struct app_sync_result *r,
     struct core_error *err)
{
	struct app_push_opts po = {
		.ca_file = cfg->ca_file,
		.trace_path = so->trace,
		.backoff_base_ms = so->backoff_ms,
		.login = so->login ? so->login : cfg->login_endpoint,
		.progress = so->push_progress,
		.progress_data = so->progress_ctx,
	};
	struct core_error ignored;
	struct app_ctx *ctx = NULL;
	const char *graph = NULL;
	bool bound = false;
	enum core_status rc;

	po.target.arm = so->arm ? so->arm : cfg->arm_endpoint;
	po.target.graph = so->graph ? so->graph : cfg->graph_endpoint;
	if ((rc = app_auth_token(auth, APP_AUTH_ARM, &po.target.arm_token, err)))
		return rc;
	if (app_auth_token(auth, APP_AUTH_GRAPH, &graph, &ignored) == CORE_OK)
		po.target.graph_token = graph;
	if ((rc = open_for_sync(o, app_auth_actor(auth), &ctx, err)))
		return rc;
	/* Binding is the pull's: a store is bound when it is made from its
	 * account. A push checks it only. */
	rc = app_pull_check(ctx, p, &bound, err);
	if (!rc)
		rc = record_signed_in(ctx, app_auth_actor(auth), so->switch_user, r, err);
	if (!rc)
		rc = app_push(ctx, &po, &r->push, err);
	r->pushed = rc == CORE_OK;
	app_close(ctx);
	return rc;
}

/* The store keeps the last sync's outcome in words (meta last_sync), for
 * the sync blade: when, as whom, what was done, or why it stopped. */
static void
record_outcome(const struct app_options *o, const char *actor, const struct app_sync_result *r,
	       enum core_status rc, const struct core_error *failure)
{
	const struct app_pull_count *t = &r->pull.total;
	struct app_ctx *ctx = NULL;
	struct core_error err;
	char text[768], when[CORE_TIME_ISO_LEN + 1];

	if (!exists(o->db_path) || open_for_sync(o, actor, &ctx, &err)) {
		app_close(ctx);
		return;
	}
	app_touch(ctx);
	snprintf(when, sizeof(when), "%s", ctx->now_iso);
	if (rc)
		snprintf(text, sizeof(text), "%s as %s: stopped: %s", when, actor, failure->message);
	else
		snprintf(text, sizeof(text), "%s as %s: %lld pages pulled (%lld added, %lld changed, %lld removed);"
			 " %lld pushed, %lld failed, %lld held", when, actor, t->pages, t->added, t->changed,
			 t->removed, r->push.pushed, r->push.failed, r->push.held);
	if (!store_begin(ctx->st, &err)) {
		if (store_meta_set(ctx->st, "last_sync", text, &err))
			store_rollback(ctx->st);
		else
			store_commit(ctx->st, &err);
	}
	app_close(ctx);
}

/* One sync of a store at a time: a lock on a file beside it (released
 * by the kernel however the process ends, a kill -9 included). */
static enum core_status
lock_store(const char *db_path, int *fd, struct core_error *err)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s.sync-lock", db_path);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return core_error_set(err, CORE_STORE, "%s cannot be made: %s.", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return CORE_OK;
	close(*fd);
	*fd = -1;
	return core_error_set(err, CORE_REFUSED, "Another sync of %s is running: wait for it to end (or cancel"
			      " it), then sync again.", db_path);
}

enum core_status
app_sync_check(const struct app_options *o, const struct app_config *cfg, const struct app_sync_opts *so,
	       struct core_error *err)
{
	struct app_pull p = { .arm = so->arm ? so->arm : cfg->arm_endpoint,
			      .tenant = cfg->tenant[0] ? cfg->tenant : NULL };
	struct app_options mine = *o;
	struct app_ctx *ctx = NULL;
	bool bound = false;
	enum core_status rc;
	int lock;

	/* The endpoint first: a URL with a password is never repeated back,
	 * not even to say that the store is bound elsewhere. */
	if ((rc = sync_http_check_url(p.arm, err)))
		return rc;
	if (exists(o->db_path)) {
		mine.reader = true;
		mine.sync = true;
		mine.any_account = true;
		mine.changes = NULL;
		if ((rc = app_open(&mine, &ctx, err)) == CORE_OK)
			rc = app_pull_check(ctx, &p, &bound, err);
		app_close(ctx);
		if (rc)
			return rc;
	}
	/* A sync running already is said before a sign-in is asked for (the
	 * console's f showed a device code, then refused); app_sync_run
	 * takes the lock for itself. */
	if ((rc = lock_store(o->db_path, &lock, err)))
		return rc;
	close(lock);
	return CORE_OK;
}

/* The sync itself, app_sync_run's work. */
static enum core_status
run(const struct app_options *o, const struct app_config *cfg, struct app_pull *p, const struct app_sync_opts *so,
    struct app_auth *auth, struct app_sync_result *r, struct core_error *err)
{
	enum core_status rc;

	if (so->pull && (rc = pull(o, p, so->graph ? so->graph : cfg->graph_endpoint, so->switch_user, r, err)))
		return rc;
	if (so->push && !exists(o->db_path))
		return core_error_set(err, CORE_NOT_FOUND, "There is no store at %s to push from: sync creates"
				      " one from your billing account.", o->db_path);
	return so->push ? push(o, cfg, auth, p, so, r, err) : CORE_OK;
}

enum core_status
app_sync_run(const struct app_options *o, const struct app_config *cfg, struct app_auth *auth,
	     struct sync_http *http, const struct app_sync_opts *so, struct app_sync_result *r,
	     struct core_error *err)
{
	const char *arm = so->arm ? so->arm : cfg->arm_endpoint;
	struct fetcher f = { .http = http, .auth = auth, .base = arm, .resource = APP_AUTH_ARM };
	struct app_pull p = {
		.arm = arm,
		.tenant = cfg->tenant[0] ? cfg->tenant : NULL,
		.actor = app_auth_actor(auth),
		.fetch = fetch,
		.fetch_ctx = &f,
		.progress = so->progress,
		.progress_ctx = so->progress_ctx,
	};
	enum core_status rc;
	int lock;

	memset(r, 0, sizeof(*r));
	if ((rc = sync_http_check_url(arm, err)))
		return rc;
	if (!p.actor || !p.actor[0])
		return core_error_set(err, CORE_FORBIDDEN, "Nobody is signed in: run billcon login first.");
	if ((rc = lock_store(o->db_path, &lock, err)))
		return rc;
	rc = run(o, cfg, &p, so, auth, r, err);
	/* Not for a refusal (the demo store, another remote): nothing synced. */
	if (rc != CORE_REFUSED)
		record_outcome(o, p.actor, r, rc, err);
	close(lock);
	return rc;
}
