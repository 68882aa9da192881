#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_audit.h"
#include "billcon/app_context.h"
#include "billcon/core_auditq.h"
#include "billcon/core_text.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"
#include "billcon/ui_audit.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_list.h"

enum { COL_AT, COL_ACTOR, COL_ACTION, COL_OBJECT, COL_CHANGE, NCOLS };

/* At 80 columns the time to the minute (the details have the seconds),
 * the actor, the action, the object's last segments and the change; the
 * width beyond goes to the object, then to the change. */
static const struct ui_column trail_columns[NCOLS] = {
	[COL_AT] = { .title = "Time (UTC)", .min = 16, .pref = 16, .priority = 9 },
	[COL_ACTOR] = { .title = "Actor", .min = 15, .pref = 15, .priority = 6 },
	[COL_ACTION] = { .title = "Action", .min = 13, .pref = 14, .priority = 7 },
	[COL_OBJECT] = { .title = "Object", .min = 14, .pref = 24, .priority = 5 },
	[COL_CHANGE] = { .title = "Change", .min = 16, .pref = 400, .priority = 8 },
};

/* One object's history: the object is the title's, not a column's. */
static const struct ui_column object_columns[NCOLS - 1] = {
	[COL_AT] = { .title = "Time (UTC)", .min = 20, .pref = 20, .priority = 9 },
	[COL_ACTOR] = { .title = "Actor", .min = 10, .pref = 16, .priority = 6 },
	[COL_ACTION] = { .title = "Action", .min = 13, .pref = 13, .priority = 7 },
	[COL_OBJECT] = { .title = "Change", .min = 20, .pref = 400, .priority = 8 },
};

static const char *const sort_names[] = { "time" };
static const int sort_cols[] = { COL_AT };

/* Defined at the end, with the handlers. */
static const struct ui_view_ops history_view;

struct audit {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
	bool all;               /* every billing account's entries */
	bool object;            /* one object's history: list.key is the object */
	char name[256];         /* the object's name, in its history */
};

/* The object's last path segments that fit in width ("…/tenants/ID"),
 * else its last segment (cut by the table). */
static const char *
object_cell(const char *object, int width, char *buf, size_t size)
{
	const char *p = object + strlen(object), *fits = NULL;

	if (core_text_width(object) <= width)
		return object;
	while (p > object) {
		while (p > object && *--p != '/')
			;
		if (*p != '/' || core_text_width(p) + 1 > width)
			break;
		fits = p;
	}
	if (!fits) {
		p = strrchr(object, '/');
		return p && p[1] ? p + 1 : object;
	}
	snprintf(buf, size, "\xe2\x80\xa6%s", fits);
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_audit_row *r = row;

	(void)slot;
	switch (col) {
	case COL_AT:
		/* To the minute when narrow: the details have the rest. */
		if (width < (int)strlen(r->at) && strlen(r->at) >= 16) {
			snprintf(buf, size, "%.16s", r->at);
			return buf;
		}
		return r->at;
	case COL_ACTOR:
		return r->actor;
	case COL_ACTION:
		return r->action;
	case COL_OBJECT:
		return object_cell(r->object, width, buf, size);
	default:
		app_audit_summary(r->before, r->after, buf, size);
		return buf;
	}
}

/* An object's history has no object column: the change comes fourth. */
static const char *
object_history_cell(const void *row, int col, int width, enum ui_slot *slot, char *buf,
		    size_t size)
{
	return cell(row, col >= COL_OBJECT ? col + 1 : col, width, slot, buf, size);
}

static const struct ui_list_def *
list_def(const struct audit *b)
{
	static struct ui_list_def trail = { .cols = trail_columns, .ncols = NCOLS, .sort_names = sort_names,
					    .sort_cols = sort_cols, .cell = cell, .descending = true };
	static struct ui_list_def all = { .cols = trail_columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell, .descending = true };
	static struct ui_list_def object = { .cols = object_columns, .ncols = NCOLS - 1,
					     .sort_names = sort_names, .sort_cols = sort_cols,
					     .cell = object_history_cell, .descending = true };

	trail.spec = store_audit_list(false);
	all.spec = store_audit_list(true);
	object.spec = store_audit_object_list();
	return b->object ? &object : b->all ? &all : &trail;
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct audit *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->list, c, list_def(b), NULL);
	return CORE_OK;
}

void
ui_audit_open_object(struct ui_console *c, const char *object, const char *name)
{
	struct audit *b = calloc(1, sizeof(*b));

	if (!b) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the history.");
		return;
	}
	b->c = c;
	b->object = true;
	snprintf(b->name, sizeof(b->name), "%s", name);
	ui_list_open(&b->list, c, list_def(b), object);
	ui_console_push(c, &history_view, b);
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct audit *b = priv;
	char title[1400];

	if (b->object)
		snprintf(title, sizeof(title), "History of %s: %s", b->name, b->list.key);
	else if (b->all)
		snprintf(title, sizeof(title), "Audit trail of every billing account");
	else
		snprintf(title, sizeof(title), "Audit trail of billing account %s",
			 ui_console_app(c)->account.display_name);
	ui_put(y, x, w, UI_SLOT_TITLE, title, true);
	ui_list_draw(&b->list, y + 1, x, h - 1, w);
}

/* ---- details ---- */

static const char *const marks[] = { "  ", "~ ", "+ ", "- " };
static const enum ui_slot mark_slots[] = { UI_SLOT_NORMAL, UI_SLOT_STATE_WAIT, UI_SLOT_STATE_GOOD,
					   UI_SLOT_STATE_BAD };

/* The entry's own fields, then one line per field of its before and after,
 * marked; labels are kept in names (each field's mark and name). */
static unsigned
details(struct ui_console *c, const struct store_audit_row *r)
{
	enum { HEAD = 8 };
	struct app_audit_field *diff;
	struct ui_detail_row *f;
	char seq[32], (*names)[160];
	struct core_error err;
	size_t n, i;

	if (app_audit_diff(r->before, r->after, &diff, &n, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	f = calloc(HEAD + n, sizeof(*f));
	names = calloc(n + 1, sizeof(*names));
	if (f && names) {
		snprintf(seq, sizeof(seq), "%lld", r->seq);
		f[0] = (struct ui_detail_row){ "Entry", seq, NULL, 0 };
		f[1] = (struct ui_detail_row){ "Time (UTC)", r->at, NULL, 0 };
		f[2] = (struct ui_detail_row){ "Actor", r->actor, NULL, 0 };
		f[3] = (struct ui_detail_row){ "Action", r->action, NULL, 0 };
		f[4] = (struct ui_detail_row){ "Object", r->object, NULL, 0 };
		f[5] = (struct ui_detail_row){ "Hash", r->hash, NULL, 0 };
		f[6] = (struct ui_detail_row){ "Marks", "~ changed, + added, - removed", NULL, 0 };
		f[7] = (struct ui_detail_row){ "Field", "Before", "After", UI_SLOT_HEADER };
		for (i = 0; i < n; i++) {
			snprintf(names[i], sizeof(names[i]), "%s%s", marks[diff[i].mark], diff[i].name);
			/* "" for an absent value: the row keeps its two columns. */
			f[HEAD + i] = (struct ui_detail_row){ names[i], diff[i].before,
							   diff[i].after ? diff[i].after : "",
							   mark_slots[diff[i].mark] };
		}
		ui_details_open_rows(c, r->action, f, HEAD + (int)n, "the entry's hash", r->hash);
	} else {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the entry.");
	}
	free(f);
	free(names);
	app_audit_diff_free(diff, n);
	return UI_REDRAW;
}

/* ---- jump to a date ---- */

static bool
check_date(const char *value, char *msg, size_t size)
{
	char t[CORE_TIME_ISO_LEN + 1];
	struct core_error err;

	if (core_auditq_time(value, "The date", t, &err) == CORE_OK)
		return true;
	snprintf(msg, size, "%s", err.message);
	return false;
}

static enum core_status
submit_date(void *data, struct ui_form *f, struct core_error *err)
{
	struct audit *b = data;
	/* The trail's one order is the sequence: a row stands at its seq. */
	struct store_list_key at = { .id = 0 };
	enum core_status rc = app_audit_seq_at(ui_console_app(b->c), f->fields[0].value, &at.id, err);

	if (rc)
		return rc;
	if (at.id == 0) {
		ui_table_reload(&b->list.table, true);
		ui_table_move(&b->list.table, UI_ACTION_LAST);
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Every entry is later than %s: the oldest is shown.",
				   f->fields[0].value);
		return CORE_OK;
	}
	ui_list_goto(&b->list, &at);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "From the newest entry at or before %s.", f->fields[0].value);
	return CORE_OK;
}

/* The date to jump to, from a draft left earlier when d is not NULL. */
static unsigned
jump(void *priv, const struct store_draft *d)
{
	struct audit *b = priv;
	struct ui_field fields[] = {
		{ .label = "Date (UTC)", .required = true, .check = check_date,
		  .hint = "YYYY-MM-DD or YYYY-MM-DDTHH:MM: the newest entry at or before it" },
	};
	struct ui_form f = { .title = "Jump to a date", .fields = fields, .nfields = 1,
			     .submit = "Jump", .on_submit = submit_date, .data = b, .draft_kind = "audit.jump" };

	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

/* ---- verification ---- */

struct progress {
	struct ui_console *c;
	long long done, total;
};

static void
draw_progress(const struct progress *p)
{
	int w = ui_screen_cols() - 4 < 60 ? ui_screen_cols() - 4 : 60, y, x, bar = w - 6, filled, i;
	char line[512], text[128];
	size_t o = 0;

	ui_console_draw(p->c);
	ui_dialog_box(5, w, "Verifying the audit trail", &y, &x);
	filled = p->total > 0 ? (int)(p->done * bar / p->total) : 0;
	/* Marks a terminal without UTF-8 shows as well: # and . */
	for (i = 0; i < bar && o + 4 < sizeof(line); i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s", i < filled ? "#" : ".");
	ui_put(y, x, w - 4, UI_SLOT_DIALOG, line, true);
	if (p->total > 0)
		snprintf(text, sizeof(text), "Entry %lld of %lld. Esc stops.", p->done, p->total);
	else
		snprintf(text, sizeof(text), "Reading the trail. Esc stops.");
	ui_put(y + 1, x, w - 4, UI_SLOT_DIALOG, text, true);
	ui_refresh();
}

/* Draws the bar, then reads the keys typed meanwhile without waiting: Esc
 * stops, the rest are dropped (they were typed at a busy screen). */
static int
on_progress(void *ctx, long long done, long long total)
{
	struct progress *p = ctx;
	int key;

	p->done = done;
	p->total = total;
	draw_progress(p);
	while (ui_key_pending())
		if ((key = ui_key_next(0)) == 27 || key == UI_KEY_END_OF_SCRIPT)
			return 1;
	return 0;
}

/* The first bad entry's details, when it is still there to show. */
static void
show_bad(struct ui_console *c, long long seq)
{
	struct store_audit_row *r = malloc(sizeof(*r));
	struct core_error err;

	if (r && app_audit_entry(ui_console_app(c), seq, r, &err) == CORE_OK)
		details(c, r);
	free(r);
}

void
ui_audit_verify(struct ui_console *c)
{
	struct progress p = { .c = c };
	struct store_audit_verify_opts o = { .progress = on_progress, .ctx = &p };
	struct store_audit_verdict v;
	struct core_error err;

	draw_progress(&p);
	if (app_audit_verify(ui_console_app(c), &o, &v, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
	} else if (v.stopped) {
		ui_console_message(c, UI_SLOT_MESSAGE, "Verification stopped at entry %lld of %lld.", v.entries,
				   p.total);
	} else if (v.first_bad || v.problem[0]) {
		if (v.first_bad)
			show_bad(c, v.first_bad);
		ui_console_message(c, UI_SLOT_ERROR, "%s", v.problem);
	} else {
		ui_console_message(c, UI_SLOT_MESSAGE,
				   "The audit trail is whole: %lld entries, each matching its hash, and the tree's hashes match them.",
				   v.entries);
	}
}

/* ---- keys ---- */

static void
toggle_accounts(struct audit *b)
{
	b->all = !b->all;
	ui_list_close(&b->list);
	ui_list_open(&b->list, b->c, list_def(b), NULL);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "%s", b->all ? "The entries of every billing account."
			   : "The entries of the billing account in scope.");
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct audit *b = priv;
	const struct store_audit_row *r;
	unsigned done = ui_list_handle(&b->list, a, key);

	if (done != UI_PASS)
		return done;
	r = ui_list_selected(&b->list);
	switch (a) {
	case UI_ACTION_OPEN:
		return r ? details(c, r) : UI_PASS;
	case UI_ACTION_ACCOUNTS:
		toggle_accounts(b);
		return UI_REDRAW | UI_SELECT;
	case UI_ACTION_JUMP:
		return jump(b, NULL);
	case UI_ACTION_VERIFY:
		ui_audit_verify(c);
		return UI_REDRAW;
	case UI_ACTION_COPY:
		if (!r)
			return UI_PASS;
		ui_console_copy(c, "the entry's object", r->object);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct audit *b = priv;

	(void)c;
	if (b->object && a == UI_ACTION_HISTORY)
		snprintf(why, size, "this is the object's history");
	else if (b->object && a == UI_ACTION_ACCOUNTS)
		snprintf(why, size, "an object's history is whole, whatever the account");
	else
		return false;
	return true;
}

/* h on an entry: the history of its object, in this same view. */
static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_audit_row *r = ui_list_selected(&((struct audit *)priv)->list);
	const char *last;

	(void)c;
	if (!r)
		return false;
	snprintf(out, size, "%s", r->object);
	last = strrchr(r->object, '/');
	if (name)
		snprintf(name, name_size, "%s", last && last[1] ? last + 1 : r->object);
	return true;
}

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_FILTER, UI_ACTION_ACCOUNTS, UI_ACTION_JUMP, UI_ACTION_HISTORY,
	UI_ACTION_VERIFY, UI_ACTION_NONE,
};

static const enum ui_action history_keys[] = {
	UI_ACTION_OPEN, UI_ACTION_BACK, UI_ACTION_FILTER, UI_ACTION_JUMP, UI_ACTION_VERIFY,
	UI_ACTION_NONE,
};

/* The jump form again, on the whole trail (the blade), from its draft. */
static const struct ui_form_resumer drafts[] = {
	{ "audit.jump", NULL, jump, NULL },
	{ NULL, NULL, NULL, NULL },
};

/* The blade, and the same view over another keyed by one object: named as
 * the blade, so that it takes the blade's keys. */
#define AUDIT_VIEW_OPS \
	.name = "audit", .draw = draw, .handle = handle, .disabled = disabled, \
	.tick = ui_list_view_tick, .activate = ui_list_view_activate, \
	.history_key = history_key, .typing = ui_list_view_typing, .close = ui_list_view_close

const struct ui_view_ops ui_audit_view = {
	AUDIT_VIEW_OPS,
	.title = "Audit trail",
	.private_size = sizeof(struct audit),
	.drafts = drafts,
	.keys = keys,
	.open = open_blade,
};

static const struct ui_view_ops history_view = {
	AUDIT_VIEW_OPS,
	.title = "History",
	.keys = history_keys,
};
