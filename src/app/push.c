#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_push.h"
#include "billcon/app_write.h"
#include "billcon/store_outbox.h"
#include "billcon/store_pull.h"
#include "billcon/store_role.h"
#include "billcon/sync_conflict.h"
#include "billcon/sync_http.h"
#include "billcon/sync_map.h"

/* The session and what send_one needs of it. */
struct run {
	const struct app_push_opts *o;
	struct sync_http *http;
	bool answered;   /* the last call got a final answer: not a connection
			  * failure, 429 or 5xx still there after the retries */
	char made[256];  /* the name the service gave what the last POST made, "" none */
};

static enum core_status
settle(struct app_ctx *ctx, struct app_plan_item *it, struct core_error *err)
{
	app_touch(ctx);
	it->state = APP_PLAN_DONE;
	return store_outbox_done(ctx->st, it->row->id, ctx->now_iso, err);
}

/* A failed call: its sentence kept on the row, for the plan and the
 * object's blade. */
static enum core_status
fail(struct app_ctx *ctx, struct app_plan *p, size_t i, const struct core_error *why, struct core_error *err)
{
	struct app_plan_item *it = &p->items[i];

	app_plan_mark(p, i, APP_PLAN_FAILED);
	free(it->row->last_error);
	it->row->last_error = strdup(why->message);
	return store_outbox_failed(ctx->st, it->row->id, why->message, err);
}

/* Whether it is read back before it is sent (there are no ETags): an ARM
 * change to an object pulled when it was made (its base: a change queued
 * behind another to its object has none, the first one's read-back stands
 * for it), or a creation by PUT, which must not overwrite what exists;
 * not once resolved --mine (merge_theirs reads that one again, only to
 * keep what they changed and it did not). */
static bool
read_first(const struct app_plan_item *it)
{
	if (it->call.api != SYNC_API_ARM || it->row->mine)
		return false;
	return it->row->base || (!it->row->before && strcmp(it->call.method, "PUT") == 0);
}

/* Reads it's object back; a remote change since its base marks it a
 * conflict, their JSON kept, and nothing is sent. */
static enum core_status
check(struct app_ctx *ctx, struct run *run, struct app_plan_item *it, bool *conflict, struct core_error *why,
      struct core_error *err)
{
	char *theirs = NULL;
	enum core_status rc = CORE_OK;

	if (sync_conflict_check(run->http, &run->o->target, &it->call, it->row->object, it->row->base, conflict,
				&theirs, &run->answered, why))
		return CORE_OK;
	if (*conflict) {
		app_touch(ctx);
		it->state = APP_PLAN_CONFLICT;
		free(it->row->conflict);
		it->row->conflict = theirs;
		rc = store_outbox_conflict(ctx->st, it->row->id, theirs, err);
	}
	return rc;
}

/* A change resolved --mine: the object is read again, and what my change
 * left as it was takes their value (sync_plan_keep_theirs), so that the
 * PUT of the whole object undoes nothing they did. CORE_OK with why set
 * when the read failed; the object gone, the change goes as it is. */
static enum core_status
merge_theirs(struct run *run, struct app_plan_item *it, struct core_error *why, struct core_error *err)
{
	char *theirs = NULL;
	long status;
	enum core_status rc = CORE_OK;

	if (!it->row->mine || it->call.api != SYNC_API_ARM || strcmp(it->call.method, "PUT") != 0 || !it->row->before)
		return CORE_OK;
	if (sync_conflict_read(run->http, &run->o->target, &it->call, it->row->object, &status, &theirs,
			       &run->answered, why))
		return CORE_OK;
	if (status == 200 && theirs)
		rc = sync_plan_keep_theirs(&it->call, it->row->before, it->row->after, theirs, err);
	free(theirs);
	return rc;
}

/* Sends one item: a domain resolved first; a POST tried before (sent, or
 * failed without a clear answer) read back so it is never made twice; the
 * attempt noted before the call, the row settled after it. CORE_OK with
 * why set when the call failed. */
static enum core_status
send_one(struct app_ctx *ctx, struct run *run, struct app_plan_item *it, struct core_error *why,
	 struct core_error *err)
{
	const struct app_push_opts *o = run->o;
	struct sync_response answer = { 0 };
	char tenant[37];
	bool made = false, conflict = false;
	enum core_status rc;

	core_error_clear(why);
	run->answered = true;
	run->made[0] = '\0';
	if (it->call.domain[0]) {
		if (sync_resolve_domain(run->http, o->login, it->call.domain, tenant, why))
			return CORE_OK;
		if ((rc = sync_plan_set_tenant(&it->call, tenant, err)))
			return rc;
	}
	if (read_first(it) && ((rc = check(ctx, run, it, &conflict, why, err)) || why->status || conflict))
		return rc;
	if ((rc = merge_theirs(run, it, why, err)) || why->status)
		return rc;
	if (it->call.not_idempotent && it->row->attempts > 0 &&
	    sync_call_made(run->http, &o->target, &it->call, &made, run->made, sizeof(run->made), why))
		return CORE_OK;
	if (made)
		return settle(ctx, it, err);
	if ((rc = store_outbox_sending(ctx->st, it->row->id, err)))
		return rc;
	if (sync_call_answer(run->http, &o->target, &it->call, &run->answered, &answer, why)) {
		sync_response_clear(&answer);
		return CORE_OK;
	}
	if (it->call.not_idempotent)
		sync_plan_made_name(&it->call, answer.body, run->made, sizeof(run->made));
	sync_response_clear(&answer);
	return settle(ctx, it, err);
}

/* The last segment of an object's path: the name it goes by. */
static const char *
last_segment(const char *object)
{
	const char *slash = strrchr(object, '/');

	return slash ? slash + 1 : object;
}

/* A role assignment made here, named here, and named again by the service
 * that made it. */
struct identify {
	const char *object, *name;   /* ours, and the service's name */
	char to[1024];               /* the object by the service's name */
	long long *moved;            /* the waiting changes that followed it */
	size_t nmoved;
};

static enum core_status
identify_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct identify *d = data;
	const char *from = last_segment(d->object);
	enum core_status rc = store_role_rename(ctx->st, from, d->name, err);

	free(d->moved);   /* a write tried again starts afresh */
	d->moved = NULL;
	d->nmoved = 0;
	if (!rc)
		rc = store_outbox_retarget(ctx->st, d->object, d->to, &d->moved, &d->nmoved, err);
	if (!rc)
		rc = app_write_record(ctx, "sync.identify", d->object, json_pack("{s:s}", "name", from),
				      json_pack("{s:s, s:s}", "name", d->name, "id", d->to), APP_PULLED, err);
	return rc;
}

/* The index of the plan's item for outbox row id (the plan is in row
 * order), p->n when it holds none. */
static size_t
plan_index(const struct app_plan *p, long long id)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n && p->rows[lo].id == id ? lo : p->n;
}

/* After item i's POST made a role assignment, the row made here takes the
 * name the service gave it (audited sync.identify), so the next pull
 * updates that row instead of adding a second one; waiting changes to it,
 * and the later items of this push, follow it. */
static enum core_status
identify(struct app_ctx *ctx, struct app_plan *p, size_t i, const char *name, struct core_error *err)
{
	struct identify d = { .object = p->items[i].row->object, .name = name };
	struct app_write w = { .doing = "take the service's name for a role assignment", .permit = app_permit_service,
			       .apply = identify_apply, .data = &d };
	const char *from = last_segment(d.object);
	enum core_status rc;
	size_t j, k;

	if (!name[0] || strcmp(from, name) == 0 || strchr(name, '/'))
		return CORE_OK;
	snprintf(d.to, sizeof(d.to), "%.*s%s", (int)(from - d.object), d.object, name);
	rc = app_run_write(ctx, &w, err);
	for (k = 0; !rc && k < d.nmoved; k++)
		if ((j = plan_index(p, d.moved[k])) > i && j < p->n)
			rc = app_plan_retarget(p, j, d.to, err);
	free(d.moved);
	return rc;
}

/* After a PUT went through, what the service now holds of the object
 * becomes its base, as if pulled: a change made here next is read back
 * against it, so a change made there meanwhile is a conflict, not
 * overwritten (with no base it would not be read back at all). A read that
 * fails leaves it unknown, as before; the push itself stands. After a
 * DELETE, the object is known removed. */
static void
note_pushed(struct app_ctx *ctx, struct run *run, const struct app_plan_item *it)
{
	struct core_error e;
	char *body = NULL, *json = NULL;
	bool answered;
	long status;

	if (strcmp(it->call.method, "DELETE") == 0) {
		store_pull_pushed(ctx->st, it->row->object, NULL, ctx->now_iso, &e);
		return;
	}
	if (it->call.api != SYNC_API_ARM || strcmp(it->call.method, "PUT") != 0)
		return;
	if (!sync_conflict_read(run->http, &run->o->target, &it->call, it->row->object, &status, &body, &answered,
				&e) && body && (json = sync_map_object_json(body, strlen(body))))
		store_pull_pushed(ctx->st, it->row->object, json, ctx->now_iso, &e);
	free(json);
	free(body);
}

/* A conflict, found now or waiting for its resolution: it holds the
 * later changes to its object. */
static enum core_status
count_conflict(struct app_plan *p, size_t i, struct app_push_result *r)
{
	app_plan_mark(p, i, APP_PLAN_CONFLICT);
	r->conflicts++;
	return CORE_OK;
}

static enum core_status
push_item(struct app_ctx *ctx, struct run *run, struct app_plan *p, size_t i,
	  struct app_push_result *r, struct core_error *err)
{
	struct app_plan_item *it = &p->items[i];
	const struct app_plan_item *b;
	struct core_error why;
	enum core_status rc;

	if (it->state == APP_PLAN_LOCAL) {
		r->local++;
		return settle(ctx, it, err);
	}
	if (it->state == APP_PLAN_CONFLICT)
		return count_conflict(p, i, r);
	if ((b = app_plan_blocker(p, i))) {
		it->held_by = b->row->id;
		app_plan_mark(p, i, APP_PLAN_HELD);
		r->held++;
		return CORE_OK;
	}
	/* A change goes with its maker's own token only (a decision on a
	 * request is the addressee's): signed in as someone else, it fails
	 * and waits for its maker, holding what depends on it. */
	if (it->row->actor[0] && strcasecmp(it->row->actor, ctx->actor) != 0) {
		core_error_set(&why, CORE_REFUSED, "NotYourChange: made by %s; only %s's own sign-in pushes it"
			       " (signed in as %s).", it->row->actor, it->row->actor, ctx->actor);
		r->failed++;
		return fail(ctx, p, i, &why, err);
	}
	if ((rc = send_one(ctx, run, it, &why, err)))
		return rc;
	if (it->state == APP_PLAN_CONFLICT)
		return count_conflict(p, i, r);
	if (why.status) {
		r->failed++;
		r->stopped = !run->answered;
		return fail(ctx, p, i, &why, err);
	}
	note_pushed(ctx, run, it);
	r->pushed++;
	return identify(ctx, p, i, run->made, err);
}

/* The bases must be https (or http to loopback) before any token goes. */
static enum core_status
open_session(const struct app_push_opts *o, struct sync_http **h, struct core_error *err)
{
	struct sync_http_opts ho = { .ca_file = o->ca_file, .trace_path = o->trace_path,
				     .backoff_base_ms = o->backoff_base_ms };
	enum core_status rc;

	if ((rc = sync_http_check_url(o->target.arm, err)) || (rc = sync_http_check_url(o->target.graph, err)) ||
	    (rc = sync_http_check_url(o->login, err)))
		return rc;
	return sync_http_new(&ho, h, err);
}

enum core_status
app_push(struct app_ctx *ctx, const struct app_push_opts *o, struct app_push_result *r, struct core_error *err)
{
	struct run run = { .o = o };
	struct app_plan *p;
	enum core_status rc;
	size_t i;

	memset(r, 0, sizeof(*r));
	if ((rc = open_session(o, &run.http, err)))
		return rc;
	if ((rc = app_plan_load(ctx, &p, err))) {
		sync_http_free(run.http);
		return rc;
	}
	/* The walk decides holds afresh: an item failed last time is tried
	 * again; a conflict waits for its resolution. */
	p->nblockers = 0;
	for (i = 0; i < p->n; i++)
		if (p->items[i].state != APP_PLAN_LOCAL && p->items[i].state != APP_PLAN_CONFLICT)
			p->items[i].state = APP_PLAN_PUSH;
	if (o->progress)
		o->progress(o->progress_data, NULL);
	for (i = 0; !rc && !r->stopped && i < p->n; i++) {
		rc = push_item(ctx, &run, p, i, r, err);
		if (!rc && o->progress)
			o->progress(o->progress_data, &p->items[i]);
	}
	app_plan_free(p);
	sync_http_free(run.http);
	return rc;
}
