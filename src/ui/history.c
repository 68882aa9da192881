#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_audit.h"
#include "billcon/store_audit.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_history.h"
#include "billcon/ui_list.h"

enum { COL_AT, COL_ACTOR, COL_ACTION, COL_CHANGE, NCOLS };

static const struct ui_column columns[NCOLS] = {
	[COL_AT] = { .title = "Time (UTC)", .min = 20, .pref = 20, .priority = 9 },
	[COL_ACTOR] = { .title = "Actor", .min = 10, .pref = 16, .priority = 6 },
	[COL_ACTION] = { .title = "Action", .min = 13, .pref = 13, .priority = 7 },
	[COL_CHANGE] = { .title = "Change", .min = 20, .pref = 200, .priority = 8 },
};

/* Defined at the end, with the handlers. */
static const struct ui_view_ops history_view;

static const char *const sort_names[] = { "time" };
static const int sort_cols[] = { COL_AT };

struct history {
	struct ui_list list;    /* first: the list's view operations take it so */
	char name[256];
};

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_audit_row *r = row;

	(void)width;
	(void)slot;
	switch (col) {
	case COL_AT:
		return r->at;
	case COL_ACTOR:
		return r->actor;
	case COL_ACTION:
		return r->action;
	default:
		app_audit_summary(r->before, r->after, buf, size);
		return buf;
	}
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell, .descending = true };

	def.spec = store_audit_object_list();
	return &def;
}

void
ui_history_open(struct ui_console *c, const char *object, const char *name)
{
	struct history *h = calloc(1, sizeof(*h));

	if (!h) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the history.");
		return;
	}
	snprintf(h->name, sizeof(h->name), "%s", name);
	ui_list_open(&h->list, c, list_def(), object);
	ui_console_push(c, &history_view, h);
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct history *v = priv;
	char title[512];

	(void)c;
	snprintf(title, sizeof(title), "History of %s: %s", v->name, v->list.key);
	ui_put(y, x, w, UI_SLOT_TITLE, title, true);
	ui_list_draw(&v->list, y + 1, x, h - 1, w);
}

static unsigned
entry(struct ui_console *c, const struct store_audit_row *r)
{
	char seq[32], change[2048];
	struct ui_detail f[] = {
		{ "Entry", seq }, { "Time (UTC)", r->at }, { "Actor", r->actor },
		{ "Action", r->action }, { "Object", r->object }, { "Change", change },
		{ "Before", r->before }, { "After", r->after }, { "Hash", r->hash },
	};

	snprintf(seq, sizeof(seq), "%lld", r->seq);
	app_audit_summary(r->before, r->after, change, sizeof(change));
	ui_details_open(c, r->action, f, (int)(sizeof(f) / sizeof(f[0])), "the entry's hash", r->hash);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct history *v = priv;
	const struct store_audit_row *r;
	unsigned done = ui_list_handle(&v->list, a, key);

	if (done != UI_PASS)
		return done;
	r = ui_list_selected(&v->list);
	if (a == UI_ACTION_OPEN && r)
		return entry(c, r);
	return UI_PASS;
}

static const enum ui_action keys[] = { UI_ACTION_OPEN, UI_ACTION_BACK, UI_ACTION_FILTER,
				       UI_ACTION_NONE };

static const struct ui_view_ops history_view = {
	.name = "history",
	.title = "History",
	.keys = keys,
	.draw = draw,
	.handle = handle,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.close = ui_list_view_close,
};
