#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"

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
		struct sync_change c = { .action = p->rows[i].action, .object = p->rows[i].object,
					 .before = p->rows[i].before, .after = p->rows[i].after,
					 .push = p->rows[i].push };

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
