/* ui_sync: the sync blade (ui_sync.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "billcon/app_plan.h"
#include "billcon/app_resolve.h"
#include "billcon/core_buf.h"
#include "billcon/store_outbox.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_list.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_sync.h"

/* The blade: its list first (the list's view operations take it so). */
struct sync_blade {
	struct ui_list list;
	struct ui_console *c;
	struct app_plan_summary plan;   /* the counts and the changes that hold others */
	char where[1200];
	char last[512];
	char problem[512];      /* why the counts could not be read, "" none */
	bool stale;             /* the store changed since the counts were read */
	double read_at, cost;   /* when they were read and how long it took (s) */
};

/* The changes that hold others, which a row is checked against while the
 * table draws: the table's cell function has no blade, and one sync blade
 * draws at a time. */
static const struct app_plan_summary *drawing_plan;

enum { COL_ID, COL_CREATED, COL_ACTION, COL_OBJECT, COL_STATE, COL_CALL, NCOLS };

/* At 80 columns the date alone (its short form), the call's start: the
 * action whole ("request.decline"), and the call as wide as it can be. */
static const struct ui_column columns[NCOLS] = {
	[COL_ID] = { .title = "#", .min = 4, .pref = 7, .priority = 9 },
	[COL_CREATED] = { .title = "Created", .min = 11, .pref = 11, .priority = 5, .abbrev = 5,
			  .short_title = "Date" },
	[COL_ACTION] = { .title = "Action", .min = 15, .pref = 15, .priority = 7 },
	[COL_OBJECT] = { .title = "Object", .min = 12, .pref = 18, .priority = 8 },
	/* Words, never a colour alone: "! failed" reads with NO_COLOR. */
	[COL_STATE] = { .title = "State", .min = 10, .pref = 10, .priority = 9 },
	[COL_CALL] = { .title = "Call", .min = 28, .pref = 64, .priority = 6 },
};

static const char *const sort_names[] = { "made" };
static const int sort_cols[] = { COL_ID };

static enum ui_slot
state_slot(enum app_plan_state s)
{
	switch (s) {
	case APP_PLAN_FAILED:
	case APP_PLAN_CONFLICT:
		return UI_SLOT_STATE_BAD;
	case APP_PLAN_HELD:
	case APP_PLAN_SENT:
		return UI_SLOT_STATE_WAIT;
	case APP_PLAN_LOCAL:
		return UI_SLOT_STATE_OFF;
	default:
		return UI_SLOT_NORMAL;
	}
}

/* The call in a few words: the method and the path from the billing
 * account (or the provider) on, without the api-version ("PUT
 * associatedTenants/c0000000-…": the table cuts its end); for a change
 * kept here, why. */
static const char *
call_cell(const struct app_plan_item *it, char *buf, size_t size)
{
	static const char *const from[] = { "/providers/Microsoft.Billing/billingAccounts/",
					    "/providers/Microsoft.Billing/", "/providers/Microsoft.AzureStack/" };
	const char *p = it->call.path, *at = NULL, *q;
	size_t i;

	if (it->call.api == SYNC_API_NONE) {
		snprintf(buf, size, "none: %s", it->call.reason);
		return buf;
	}
	for (i = 0; !at && i < sizeof(from) / sizeof(from[0]); i++)
		if ((at = strstr(p, from[i])))
			at += strlen(from[i]);
	/* After the account's own segment, which every row shares. */
	if (at && i == 1 && (q = strchr(at, '/')))
		at = q + 1;
	if (at && *at)
		p = at;
	q = strchr(p, '?');
	snprintf(buf, size, "%s %.*s", it->call.method, (int)(q ? (size_t)(q - p) : strlen(p)), p);
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	static const struct app_plan_summary none;
	const struct store_outbox_entry *e = row;
	struct app_plan_one one;
	const char *text = buf;

	switch (col) {
	case COL_ID:
		snprintf(buf, size, "%lld", e->id);
		return buf;
	case COL_CREATED:
		/* "12-02 15:51", or "12-02" narrow: the whole time is in the details. */
		snprintf(buf, size, "%.*s", width < 11 ? 5 : 11, strlen(e->created_on) > 5 ? e->created_on + 5 : "");
		if (strlen(buf) > 5 && buf[5] == 'T')
			buf[5] = ' ';
		return buf;
	case COL_ACTION:
		return e->action;
	default:
		break;
	}
	if (app_plan_one(e, drawing_plan ? drawing_plan : &none, &one, NULL)) {
		*slot = UI_SLOT_STATE_BAD;
		return col == COL_OBJECT ? e->object : "? unreadable";
	}
	if (col == COL_OBJECT) {
		app_plan_object_name(&one.item, buf, size);
	} else if (col == COL_STATE) {
		*slot = state_slot(one.item.state);
		text = one.item.state == APP_PLAN_FAILED ? "! failed" :
		       one.item.state == APP_PLAN_CONFLICT ? "! conflict" : app_plan_state_name(one.item.state);
	} else {
		text = call_cell(&one.item, buf, size);
	}
	app_plan_one_clear(&one);
	return text;
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell };

	def.spec = store_outbox_list_spec();
	return &def;
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The counts, the changes that hold others, where the store syncs to and the last
 * sync, read again (after a change: another process may be syncing). */
static void
reload(struct sync_blade *b)
{
	struct app_ctx *ctx = ui_console_app(b->c);
	struct core_error err = { 0 };
	enum core_status rc;

	b->read_at = seconds();
	app_plan_summary_free(&b->plan);
	b->problem[0] = '\0';
	rc = app_plan_summarize(ctx, &b->plan, &err);
	if (!rc)
		rc = app_plan_where(ctx, b->where, sizeof(b->where), &err);
	if (!rc)
		rc = app_plan_last_sync(ctx, b->last, sizeof(b->last), &err);
	if (rc)
		snprintf(b->problem, sizeof(b->problem), "%s", err.message);
	b->stale = false;
	b->cost = seconds() - b->read_at;
}

static enum core_status
open_sync(void *priv, struct ui_console *c, struct core_error *err)
{
	struct sync_blade *b = priv;

	(void)err;
	b->c = c;
	reload(b);
	drawing_plan = &b->plan;
	ui_list_open(&b->list, c, list_def(), NULL);
	return CORE_OK;
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct sync_blade *b = priv;
	const struct app_plan_summary *n = &b->plan;
	char line[2048];

	(void)c;
	if (b->problem[0]) {
		ui_put(y, x, w, UI_SLOT_ERROR, b->problem, true);
	} else {
		char conflicts[48] = "";

		if (n->conflicts)
			snprintf(conflicts, sizeof(conflicts), ", %lld in conflict", n->conflicts);
		snprintf(line, sizeof(line), "%lld to push, %lld local-only, %lld failed, %lld held%s",
			 n->to_push, n->local_only, n->failed, n->held, conflicts);
		ui_put(y, x, w, n->failed || n->conflicts ? UI_SLOT_STATE_BAD : UI_SLOT_TITLE, line, true);
	}
	ui_put(++y, x, w, UI_SLOT_NORMAL, b->where, true);
	/* The last sync's summary, on a line of its own: after the counts it
	 * was cut off at 80 columns before it said anything. */
	if (b->last[0]) {
		snprintf(line, sizeof(line), "last sync: %s", b->last);
		ui_put(++y, x, w, UI_SLOT_NORMAL, line, true);
		h--;
	}
	drawing_plan = &b->plan;
	ui_list_draw(&b->list, y + 1, x, h - 2, w);
}

/* While another process syncs, every settled change is a change of the
 * store: the rows follow at once (a page costs what a page does), the
 * counts, which read the whole outbox, at most once a second and never
 * more than a tenth of the time, so that keys are answered meanwhile. */
static bool
tick(void *priv, struct ui_console *c)
{
	struct sync_blade *b = priv;
	bool redraw = ui_list_view_tick(priv, c);
	double wait = b->cost * 10 > 1 ? b->cost * 10 : 1;

	b->stale = b->stale || redraw;
	if (b->stale && seconds() - b->read_at >= wait) {
		reload(b);
		redraw = true;
	}
	return redraw;
}

static void
activate(void *priv, struct ui_console *c)
{
	reload(priv);
	ui_list_view_activate(priv, c);
}

static void
close_sync(void *priv)
{
	struct sync_blade *b = priv;

	if (drawing_plan == &b->plan)
		drawing_plan = NULL;
	app_plan_summary_free(&b->plan);
	ui_list_view_close(priv);
}

/* What holds it, in words: "#3 tenant.update, an earlier change to this
 * object that failed (Code: message): ...". */
static void
held_words(const struct sync_blade *b, const struct app_plan_item *it, struct core_buf *out)
{
	const struct app_plan_blocker *h = app_plan_blocker_by_id(&b->plan, it->held_by);

	core_buf_printf(out, "#%lld", it->held_by);
	if (!h)
		return;
	if (h->state == APP_PLAN_FAILED)
		core_buf_printf(out, " %s, an earlier change to this object that failed (%s)", h->action,
				h->last_error ? h->last_error : "");
	else if (h->state == APP_PLAN_CONFLICT)
		core_buf_printf(out, " %s, an earlier change to this object in conflict", h->action);
	else
		core_buf_printf(out, " %s, an earlier change to this object, itself held", h->action);
	core_buf_str(out, ": this one is pushed after it goes through");
}

static unsigned
details(struct sync_blade *b, const struct store_outbox_entry *e)
{
	struct app_plan_one one;
	struct core_error err = { 0 };
	struct core_buf change = { 0 }, call = { 0 }, held = { 0 }, theirs = { 0 };
	char title[128], attempts[32], state[64];
	const struct app_plan_item *it = &one.item;

	if (app_plan_one(e, &b->plan, &one, &err)) {
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	app_plan_change_words(it, &change);
	if (it->call.api == SYNC_API_NONE)
		core_buf_printf(&call, "none, kept here: %s", it->call.reason);
	else
		core_buf_printf(&call, "%s %s (%s%s)", it->call.method, it->call.path,
				it->call.api == SYNC_API_GRAPH ? "Microsoft Graph" : "ARM",
				it->call.lro ? ", long-running" : "");
	if (it->held_by)
		held_words(b, it, &held);
	if (it->state == APP_PLAN_CONFLICT) {
		app_plan_theirs_words(it, &theirs);
		core_buf_printf(&theirs, "; R here, or billcon sync resolve %lld --mine|--theirs, settles it", e->id);
	}
	snprintf(title, sizeof(title), "Change #%lld", e->id);
	snprintf(attempts, sizeof(attempts), "%lld", e->attempts);
	snprintf(state, sizeof(state), "%s", app_plan_state_name(it->state));
	{
		struct ui_detail f[] = {
			{ "State", state },
			{ "Action", e->action },
			{ "Object", e->object },
			{ "Made", e->created_on },
			{ "Change", change.p ? change.p : "" },
			{ "Call", call.p ? call.p : "" },
			{ "Body", it->call.body ? it->call.body : "" },
			{ "Note", it->call.api != SYNC_API_NONE && it->call.reason[0] ? it->call.reason : "" },
			{ "ARM error", e->last_error[0] ? e->last_error : "" },
			{ "Theirs", theirs.p ? theirs.p : "" },
			{ "Held by", held.p ? held.p : "" },
			{ "Attempts", attempts },
		};
		struct ui_detail shown[sizeof(f) / sizeof(f[0])];
		int i, k = 0;

		/* Only the fields that say something. */
		for (i = 0; i < (int)(sizeof(f) / sizeof(f[0])); i++)
			if (f[i].value[0])
				shown[k++] = f[i];
		ui_details_open(b->c, title, shown, k, "the object's ID", e->object);
	}
	core_buf_free(&change);
	core_buf_free(&call);
	core_buf_free(&held);
	core_buf_free(&theirs);
	app_plan_one_clear(&one);
	return UI_REDRAW;
}

/* R on a change in conflict: keep mine (pushed next over theirs where
 * it changed something, sync_plan_keep_theirs) or take theirs (the change dropped, after a confirmation),
 * as `billcon sync resolve` does. */
static unsigned
resolve(struct sync_blade *b, const struct store_outbox_entry *e)
{
	static const char *const choices[] = {
		"Keep mine: the next sync pushes my change over theirs",
		"Take theirs: drop my change and take the service's version",
	};
	const char *lines[2];
	char title[64], what[1200];
	struct core_error err = { 0 };
	int pick;

	snprintf(title, sizeof(title), "Resolve change #%lld", e->id);
	if ((pick = ui_dialog_pick(b->c, title, choices, 2)) < 0)
		return UI_REDRAW;
	snprintf(what, sizeof(what), "%s of %s", e->action, e->object);
	lines[0] = what;
	lines[1] = "Your change is dropped and the service's version taken in its place; later changes made"
		   " on it become conflicts too.";
	if (pick == 1 && !ui_dialog_confirm(b->c, "Take the service's version?", lines, 2, "Take theirs", NULL))
		return UI_REDRAW;
	if (app_resolve(ui_console_app(b->c), e->id, pick == 0, &err))
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
	else
		ui_console_message(b->c, UI_SLOT_MESSAGE, pick == 0 ?
				   "Change #%lld kept: the next sync pushes it over theirs." :
				   "Change #%lld dropped: the service's version is taken.", e->id);
	reload(b);
	ui_list_refresh(&b->list);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct sync_blade *b = priv;
	const struct store_outbox_entry *e;
	unsigned r = ui_list_handle(&b->list, a, key);

	if (r != UI_PASS)
		return r;
	if (a == UI_ACTION_RELOAD)
		reload(b);
	e = ui_list_selected(&b->list);
	switch (a) {
	case UI_ACTION_OPEN:
		return e ? details(b, e) : UI_DONE;
	case UI_ACTION_COPY:
		/* The object's ID: what finds it in the portal, in ARM and in
		 * billcon's own commands; the call is in the details. */
		if (e)
			ui_console_copy(c, "the object's ID", e->object);
		return UI_REDRAW;
	case UI_ACTION_RESOLVE:
		return e && e->in_conflict ? resolve(b, e) : UI_DONE;
	default:
		return UI_PASS;
	}
}

static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_outbox_entry *e = ui_list_selected(&((struct sync_blade *)priv)->list);

	(void)c;
	if (!e)
		return false;
	snprintf(out, size, "%s", e->object);
	if (name)
		snprintf(name, name_size, "%s", e->object);
	return true;
}

/* Said, not silent: a, e, d or s would do nothing here, nor R but on a
 * change in conflict. */
static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	const struct store_outbox_entry *e = ui_list_selected(&((struct sync_blade *)priv)->list);

	(void)c;
	if (a == UI_ACTION_RESOLVE && !(e && e->in_conflict))
		snprintf(why, size, e ? "change #%lld is not in conflict: only a conflict is resolved" :
			 "nothing is selected", e ? e->id : 0);
	else if (a == UI_ACTION_ADD || a == UI_ACTION_EDIT || a == UI_ACTION_REMOVE)
		snprintf(why, size, "changes are made in their own blades: this one shows what waits for sync");
	else if (a == UI_ACTION_SORT)
		snprintf(why, size, "the changes keep the order they were made in, which push follows (S reverses it)");
	else
		return false;
	return true;
}

/* f first: this is where a sync is looked for. */
static const enum ui_action keys[] = {
	UI_ACTION_SYNC, UI_ACTION_OPEN, UI_ACTION_RESOLVE, UI_ACTION_COPY, UI_ACTION_HISTORY, UI_ACTION_FILTER,
	UI_ACTION_REVERSE, UI_ACTION_NONE,
};

/* R in the footer only while some change is in conflict. */
static const enum ui_action *
keys_now(void *priv)
{
	static const enum ui_action calm[] = {
		UI_ACTION_SYNC, UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_REVERSE,
		UI_ACTION_NONE,
	};

	return ((struct sync_blade *)priv)->plan.conflicts ? keys : calm;
}

static const struct ui_write writes[] = {
	{ UI_ACTION_RESOLVE, "resolve a sync conflict" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_sync_view = {
	.name = "sync",
	.title = "Sync",
	.private_size = sizeof(struct sync_blade),
	.keys = keys,
	.keys_now = keys_now,
	.writes = writes,
	.open = open_sync,
	.draw = draw,
	.handle = handle,
	.disabled = disabled,
	.history_key = history_key,
	.tick = tick,
	.typing = ui_list_view_typing,
	.activate = activate,
	.close = close_sync,
};
