#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_pull.h"
#include "billcon/store_db.h"
#include "billcon/store_list.h"

static const char *const state_names[] = {
	[APP_PLAN_PUSH] = "push", [APP_PLAN_SENT] = "sent", [APP_PLAN_FAILED] = "failed",
	[APP_PLAN_HELD] = "held", [APP_PLAN_LOCAL] = "local-only", [APP_PLAN_DONE] = "done",
	[APP_PLAN_CONFLICT] = "conflict",
};

const char *
app_plan_state_name(enum app_plan_state s)
{
	return state_names[s];
}

/* Whether a and b are one object, or one lies under the other (a section
 * under a profile not yet made). */
static bool
related(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;

	if (strncasecmp(a, b, n) != 0)
		return false;
	return la == lb || (la < lb ? b[la] : a[lb]) == '/';
}

const struct app_plan_item *
app_plan_blocker(const struct app_plan *p, size_t i)
{
	size_t j, k;

	for (j = p->nblockers; j-- > 0;) {
		k = p->blockers[j];
		if (k < i && related(p->items[k].row->object, p->items[i].row->object))
			return &p->items[k];
	}
	return NULL;
}

void
app_plan_mark(struct app_plan *p, size_t i, enum app_plan_state s)
{
	p->items[i].state = s;
	/* blockers has room for every item (app_plan_load). */
	if ((s == APP_PLAN_FAILED || s == APP_PLAN_HELD || s == APP_PLAN_CONFLICT) &&
	    (!p->nblockers || p->blockers[p->nblockers - 1] != i))
		p->blockers[p->nblockers++] = i;
}

void
app_plan_settle(struct app_plan *p)
{
	const struct app_plan_item *b;
	size_t i;

	p->to_push = p->local_only = p->failed = p->held = p->conflicts = 0;
	p->nblockers = 0;
	for (i = 0; i < p->n; i++) {
		struct app_plan_item *it = &p->items[i];

		if (it->state == APP_PLAN_PUSH || it->state == APP_PLAN_SENT || it->state == APP_PLAN_HELD) {
			b = app_plan_blocker(p, i);
			it->held_by = b ? b->row->id : 0;
			app_plan_mark(p, i, b ? APP_PLAN_HELD :
				      it->row->attempts > 0 && !it->row->last_error ? APP_PLAN_SENT : APP_PLAN_PUSH);
		} else {
			app_plan_mark(p, i, it->state);
		}
		p->to_push += it->state == APP_PLAN_PUSH || it->state == APP_PLAN_SENT;
		p->local_only += it->state == APP_PLAN_LOCAL;
		p->failed += it->state == APP_PLAN_FAILED;
		p->held += it->state == APP_PLAN_HELD;
		p->conflicts += it->state == APP_PLAN_CONFLICT;
	}
}

static enum app_plan_state
first_state(const struct app_plan_item *it)
{
	if (it->call.api == SYNC_API_NONE)
		return APP_PLAN_LOCAL;
	if (it->row->conflict)
		return APP_PLAN_CONFLICT;
	return it->row->last_error ? APP_PLAN_FAILED : APP_PLAN_PUSH;
}

/* The change a row asks for, as sync_plan maps it. */
static struct sync_change
change_of(const struct store_outbox_row *r)
{
	return (struct sync_change){ .action = r->action, .object = r->object, .before = r->before,
				     .after = r->after, .push = r->push };
}

enum core_status
app_plan_load(struct app_ctx *ctx, struct app_plan **out, struct core_error *err)
{
	struct app_plan *p = calloc(1, sizeof(*p));
	enum core_status rc;
	size_t i;

	*out = NULL;
	if (!p)
		return core_error_set(err, CORE_STORE, "Out of memory reading the plan.");
	rc = store_outbox_list(ctx->st, &p->rows, &p->n, err);
	if (!rc && p->n && (!(p->items = calloc(p->n, sizeof(*p->items))) ||
			    !(p->blockers = calloc(p->n, sizeof(*p->blockers)))))
		rc = core_error_set(err, CORE_STORE, "Out of memory reading the plan.");
	for (i = 0; !rc && i < p->n; i++) {
		struct app_plan_item *it = &p->items[i];
		struct sync_change c = change_of(&p->rows[i]);

		it->row = &p->rows[i];
		rc = sync_plan_call(&c, &it->call, err);
		it->state = first_state(it);
	}
	if (rc) {
		app_plan_free(p);
		return rc;
	}
	app_plan_settle(p);
	*out = p;
	return CORE_OK;
}

enum core_status
app_plan_retarget(struct app_plan *p, size_t i, const char *object, struct core_error *err)
{
	struct app_plan_item *it = &p->items[i];
	struct store_outbox_row *r = &p->rows[i];
	char *copy = strdup(object);
	struct sync_change c;

	if (!copy)
		return core_error_set(err, CORE_STORE, "Out of memory reading the plan.");
	free(r->object);
	r->object = copy;
	c = change_of(r);
	sync_call_clear(&it->call);
	return sync_plan_call(&c, &it->call, err);
}

void
app_plan_free(struct app_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; p->items && i < p->n; i++)
		sync_call_clear(&p->items[i].call);
	free(p->items);
	free(p->blockers);
	store_outbox_rows_free(p->rows, p->n);
	free(p);
}

static json_t *
parse(const char *text)
{
	json_t *o = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return o ? o : json_null();
}

/* A value in words: a string as it is, anything else as compact JSON. */
static void
put_value(struct core_buf *b, const json_t *v)
{
	char *t;

	if (json_is_string(v)) {
		core_buf_str(b, json_string_value(v));
		return;
	}
	t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	core_buf_str(b, t ? t : "?");
	free(t);
}

/* The keys of after whose value differs from before's (or every key of
 * one side when the other is not there). */
static void
put_diff(struct core_buf *b, const json_t *before, const json_t *after)
{
	const char *key;
	json_t *v, *was;
	bool first = true;

	json_object_foreach((json_t *)after, key, v) {
		was = json_object_get(before, key);
		if (was && json_equal(was, v))
			continue;
		core_buf_printf(b, "%s%s: ", first ? "" : "; ", key);
		if (was) {
			put_value(b, was);
			core_buf_str(b, " -> ");
		}
		put_value(b, v);
		first = false;
	}
	if (first)
		core_buf_str(b, "no field changes");
}

void
app_plan_change_words(const struct app_plan_item *it, struct core_buf *b)
{
	json_t *before = parse(it->row->before), *after = parse(it->row->after);

	if (json_is_null(after) && !json_is_null(before))
		core_buf_str(b, "removed");
	else {
		if (json_is_null(before))
			core_buf_str(b, "new: ");
		put_diff(b, json_is_object(before) ? before : NULL, after);
	}
	json_decref(before);
	json_decref(after);
}

/* o's "properties" when both sides have them (ARM's objects: the rest
 * is their frame), else o. */
static json_t *
props(json_t *o, json_t *other)
{
	json_t *p = json_object_get(o, "properties"), *q = json_object_get(other, "properties");

	return json_is_object(p) && (!other || json_is_object(q)) ? p : o;
}

void
app_plan_theirs_words(const struct app_plan_item *it, struct core_buf *b)
{
	json_t *base = parse(it->row->base), *theirs;

	if (!it->row->conflict || !it->row->conflict[0]) {
		core_buf_str(b, "removed there");
		json_decref(base);
		return;
	}
	theirs = parse(it->row->conflict);
	if (!json_is_object(base)) {
		core_buf_str(b, "exists there: ");
		put_diff(b, NULL, props(theirs, NULL));
	} else {
		put_diff(b, props(base, theirs), props(theirs, base));
	}
	json_decref(base);
	json_decref(theirs);
}

static json_t *
text_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

json_t *
app_plan_item_json(const struct app_plan_item *it)
{
	static const char *const apis[] = { [SYNC_API_NONE] = NULL, [SYNC_API_ARM] = "ARM",
					    [SYNC_API_GRAPH] = "Graph" };
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(it->row->id));
	json_object_set_new(o, "createdOn", json_string(it->row->created_on));
	json_object_set_new(o, "action", json_string(it->row->action));
	json_object_set_new(o, "object", json_string(it->row->object));
	json_object_set_new(o, "before", parse(it->row->before));
	json_object_set_new(o, "after", parse(it->row->after));
	json_object_set_new(o, "state", json_string(app_plan_state_name(it->state)));
	json_object_set_new(o, "api", text_or_null(apis[it->call.api]));
	json_object_set_new(o, "method", text_or_null(it->call.method));
	json_object_set_new(o, "path", text_or_null(it->call.path));
	json_object_set_new(o, "body", parse(it->call.body));
	json_object_set_new(o, "longRunning", json_boolean(it->call.lro));
	json_object_set_new(o, "resolveDomain", text_or_null(it->call.domain));
	json_object_set_new(o, "reason", text_or_null(it->call.reason));
	json_object_set_new(o, "attempts", json_integer(it->row->attempts));
	json_object_set_new(o, "lastError", text_or_null(it->row->last_error));
	json_object_set_new(o, "heldBy", it->held_by ? json_integer(it->held_by) : json_null());
	json_object_set_new(o, "conflict", !it->row->conflict ? json_null() :
			    json_string(it->row->conflict[0] ? "changed" : "removed"));
	json_object_set_new(o, "theirs", parse(it->row->conflict && it->row->conflict[0] ? it->row->conflict : NULL));
	return o;
}

/* --- one change at a time --- */

void
app_plan_summary_free(struct app_plan_summary *s)
{
	size_t i;

	for (i = 0; i < s->nblockers; i++) {
		free(s->blockers[i].action);
		free(s->blockers[i].object);
		free(s->blockers[i].last_error);
	}
	free(s->blockers);
	memset(s, 0, sizeof(*s));
}

/* The latest blocker of s made before id on object (or one under or above
 * it), or NULL. */
static const struct app_plan_blocker *
summary_blocker(const struct app_plan_summary *s, long long id, const char *object)
{
	size_t j;

	for (j = s->nblockers; j-- > 0;)
		if (s->blockers[j].id < id && related(s->blockers[j].object, object))
			return &s->blockers[j];
	return NULL;
}

const struct app_plan_blocker *
app_plan_blocker_by_id(const struct app_plan_summary *s, long long id)
{
	size_t j;

	for (j = 0; j < s->nblockers; j++)
		if (s->blockers[j].id == id)
			return &s->blockers[j];
	return NULL;
}

static bool
add_blocker(struct app_plan_summary *s, const struct store_outbox_entry *e, enum app_plan_state state)
{
	struct app_plan_blocker *b;

	if (s->nblockers == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		if (!(b = realloc(s->blockers, cap * sizeof(*b))))
			return false;
		s->blockers = b;
		s->cap = cap;
	}
	b = &s->blockers[s->nblockers];
	*b = (struct app_plan_blocker){ .id = e->id, .state = state, .action = strdup(e->action),
					.object = strdup(e->object),
					.last_error = e->last_error[0] ? strdup(e->last_error) : NULL };
	if (!b->action || !b->object || (e->last_error[0] && !b->last_error)) {
		free(b->action);
		free(b->object);
		free(b->last_error);
		return false;
	}
	s->nblockers++;
	return true;
}

/* One row of the walk (store_list_fn): counted, and kept when it holds. */
static int
summarize_row(const void *row, const struct store_list_key *key, void *arg)
{
	const struct store_outbox_entry *e = row;
	struct app_plan_summary *s = arg;
	struct sync_change c = { .action = e->action, .object = e->object, .before = e->before[0] ? e->before : NULL,
				 .after = e->after[0] ? e->after : NULL, .push = e->push };

	(void)key;
	if (sync_plan_is_local(&c)) {
		s->local_only++;
		return 0;
	}
	if (e->in_conflict) {
		s->conflicts++;
		return !add_blocker(s, e, APP_PLAN_CONFLICT);
	}
	if (e->last_error[0]) {
		s->failed++;
		return !add_blocker(s, e, APP_PLAN_FAILED);
	}
	if (summary_blocker(s, e->id, e->object)) {
		s->held++;
		return !add_blocker(s, e, APP_PLAN_HELD);
	}
	s->to_push++;
	return 0;
}

enum core_status
app_plan_summarize(struct app_ctx *ctx, struct app_plan_summary *s, struct core_error *err)
{
	struct store_list_query q = { .spec = store_outbox_list_spec(), .limit = -1 };
	enum core_status rc;

	memset(s, 0, sizeof(*s));
	rc = store_list_page(ctx->st, &q, summarize_row, s, err);
	/* The walk stops early only when a blocker found no memory: it was
	 * counted and not kept. */
	if (!rc && s->failed + s->held + s->conflicts != (long long)s->nblockers)
		rc = core_error_set(err, CORE_STORE, "Out of memory reading the plan.");
	if (rc)
		app_plan_summary_free(s);
	return rc;
}

static char *
text_or_none(const char *s)
{
	return s[0] ? (char *)s : NULL;
}

/* Maps row r to its call and state into *it (memset first; the caller
 * clears its call), held behind one of s's blockers as app_plan_settle
 * holds. */
static enum core_status
plan_row(const struct store_outbox_row *r, const struct app_plan_summary *s, struct app_plan_item *it,
	 struct core_error *err)
{
	const struct app_plan_blocker *b;
	struct sync_change c = change_of(r);
	enum core_status rc;

	memset(it, 0, sizeof(*it));
	it->row = (struct store_outbox_row *)r;
	if ((rc = sync_plan_call(&c, &it->call, err)))
		return rc;
	it->state = first_state(it);
	if (it->state != APP_PLAN_PUSH)
		return CORE_OK;
	if ((b = summary_blocker(s, r->id, r->object))) {
		it->state = APP_PLAN_HELD;
		it->held_by = b->id;
		return CORE_OK;
	}
	if (r->attempts > 0)
		it->state = APP_PLAN_SENT;
	return CORE_OK;
}

enum core_status
app_plan_one(const struct store_outbox_entry *e, const struct app_plan_summary *s, struct app_plan_one *out,
	     struct core_error *err)
{
	struct store_outbox_row *r = &out->row;
	struct app_plan_item *it = &out->item;

	memset(out, 0, sizeof(*out));
	r->id = e->id;
	r->audit_seq = e->audit_seq;
	r->attempts = e->attempts;
	snprintf(r->created_on, sizeof(r->created_on), "%s", e->created_on);
	/* The row only reads them: the entry outlives it (the header says so). */
	r->action = (char *)e->action;
	r->object = (char *)e->object;
	r->before = text_or_none(e->before);
	r->after = text_or_none(e->after);
	r->last_error = text_or_none(e->last_error);
	r->conflict = e->in_conflict ? (char *)e->conflict : NULL;
	r->push = e->push;
	return plan_row(r, s, it, err);
}

void
app_plan_one_clear(struct app_plan_one *o)
{
	sync_call_clear(&o->item.call);
}

struct each {
	const struct app_plan_summary *s;
	app_plan_each_fn fn;
	void *arg;
	struct core_error *err;
	enum core_status rc;
};

/* One row of app_plan_each's walk (store_outbox_fn): mapped, handed over,
 * let go. */
static int
each_row(const struct store_outbox_row *row, void *arg)
{
	struct each *w = arg;
	struct app_plan_item it;
	int stop;

	if ((w->rc = plan_row(row, w->s, &it, w->err)))
		return 1;
	stop = w->fn(&it, w->arg);
	sync_call_clear(&it.call);
	return stop;
}

enum core_status
app_plan_each(struct app_ctx *ctx, const struct app_plan_summary *s, app_plan_each_fn fn, void *arg,
	      struct core_error *err)
{
	struct each w = { .s = s, .fn = fn, .arg = arg, .err = err };
	enum core_status rc = store_outbox_each(ctx->st, each_row, &w, err);

	return rc ? rc : w.rc;
}

/* The name a person knows the object by in the JSON text (its display
 * name, or the email of whom a role or invitation is for), or false. */
static bool
display_name(const char *text, char *out, size_t size)
{
	static const char *const keys[] = { "displayName", "userEmailAddress", "invitedUserEmailAddress",
					    "email" };
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	const char *name = NULL;
	bool found;
	size_t i;

	for (i = 0; !name && i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((name = json_string_value(json_object_get(o, keys[i]))) && !name[0])
			name = NULL;
	found = name != NULL;

	if (found)
		snprintf(out, size, "%s", name);
	json_decref(o);
	return found;
}

void
app_plan_object_name(const struct app_plan_item *it, char *out, size_t size)
{
	const char *o = it->row->object, *slash;
	size_t n = strlen(o);

	if (display_name(it->row->after, out, size) || display_name(it->row->before, out, size))
		return;
	while (n > 1 && o[n - 1] == '/')
		n--;
	for (slash = o + n; slash > o && slash[-1] != '/'; slash--)
		;
	snprintf(out, size, "%.*s", (int)(o + n - slash), slash);
}

/* The meta value of key into out, "" when unset. */
static enum core_status
meta_text(struct app_ctx *ctx, const char *key, char *out, size_t size, struct core_error *err)
{
	enum core_status rc = store_meta_get(ctx->st, key, out, (int)size, err);

	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		out[0] = '\0';
		rc = CORE_OK;
	}
	return rc;
}

enum core_status
app_plan_where(struct app_ctx *ctx, char *out, size_t size, struct core_error *err)
{
	char demo[16], endpoint[1024], tenant[128], words[160];
	enum core_status rc = meta_text(ctx, "demo", demo, sizeof(demo), err);

	if (!rc)
		rc = meta_text(ctx, "remote_endpoint", endpoint, sizeof(endpoint), err);
	if (!rc)
		rc = meta_text(ctx, "remote_tenant", tenant, sizeof(tenant), err);
	if (rc)
		return rc;
	if (endpoint[0])
		snprintf(out, size, "syncs to %s (%s)", endpoint, app_pull_tenant_words(tenant, words, sizeof(words)));
	else if (strcmp(demo, "1") == 0)
		snprintf(out, size, "the demo store: never synced");
	else
		snprintf(out, size, "not bound to a service: sync creates or binds it");
	return CORE_OK;
}

enum core_status
app_plan_last_sync(struct app_ctx *ctx, char *out, size_t size, struct core_error *err)
{
	return meta_text(ctx, "last_sync", out, size, err);
}
