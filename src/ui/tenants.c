#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_tenant.h"
#include "billcon/core_tenant.h"
#include "billcon/core_validate.h"
#include "billcon/core_text.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_table.h"
#include "billcon/ui_tenants.h"

enum { COL_NAME, COL_KEY, COL_BILLING, COL_PROVISIONING, COL_ADDED, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* A tenant ID is only useful whole: it goes last, but never cut. */
	[COL_NAME] = { "Name", 12, 28, 9 },
	[COL_KEY] = { "Tenant ID or domain", 36, 36, 8 },
	[COL_BILLING] = { "Billing", 7, 7, 6 },
	[COL_PROVISIONING] = { "Provisioning", 13, 13, 7 },
	[COL_ADDED] = { "Added", 10, 10, 1 },
};

/* The column each sort order shows its arrow on. */
static const int sort_column[STORE_SORT_COUNT] = {
	[STORE_SORT_NAME] = COL_NAME, [STORE_SORT_KEY] = COL_KEY,
	[STORE_SORT_BILLING] = COL_BILLING, [STORE_SORT_PROVISIONING] = COL_PROVISIONING,
	[STORE_SORT_ADDED] = COL_ADDED,
};

struct tenants {
	struct ui_console *c;
	struct ui_table table;
	struct store_tenant win[UI_TABLE_MAX_ROWS];   /* the rows on screen */
	struct store_tenant got[UI_TABLE_MAX_ROWS];   /* a fetch's rows */
	int ngot;
	enum store_tenant_sort sort;
	bool descending;
	char filter[256];
	bool filtering;        /* keys go to the filter */
	bool stale;            /* a filter query was abandoned: run it again */
	long long total;
	char why[256];         /* why changes are not possible, "" when they are */
	char cell[64];
	int table_y;           /* the screen line of the table's header */
};

static const char *
key_of(const struct store_tenant *t)
{
	return t->tenant_id[0] ? t->tenant_id : t->domain;
}

static enum ui_slot
billing_slot(const char *state)
{
	if (strcmp(state, CORE_BM_ACTIVE) == 0)
		return UI_SLOT_STATE_GOOD;
	return strcmp(state, CORE_BM_REVOKED) == 0 ? UI_SLOT_STATE_BAD : UI_SLOT_STATE_OFF;
}

static enum ui_slot
provisioning_slot(const char *state)
{
	if (strcmp(state, CORE_PM_ACTIVE) == 0)
		return UI_SLOT_STATE_GOOD;
	if (strcmp(state, CORE_PM_PENDING) == 0)
		return UI_SLOT_STATE_WAIT;
	if (strcmp(state, CORE_PM_DECLINED) == 0 || strcmp(state, CORE_PM_EXPIRED) == 0)
		return UI_SLOT_STATE_BAD;
	return UI_SLOT_STATE_OFF;
}

static const char *
cell(void *blade, int row, int col, enum ui_slot *slot)
{
	struct tenants *b = blade;
	const struct store_tenant *t = &b->win[row];

	switch (col) {
	case COL_NAME:
		return t->display_name;
	case COL_KEY:
		return key_of(t);
	case COL_BILLING:
		*slot = billing_slot(t->billing_state);
		return core_bm_words(t->billing_state);
	case COL_PROVISIONING:
		*slot = provisioning_slot(t->provisioning_state);
		return core_pm_words(t->provisioning_state);
	default:
		snprintf(b->cell, sizeof(b->cell), "%.10s", t->created_on);
		return b->cell;
	}
}

static int
collect(const struct store_tenant *t, void *data)
{
	struct tenants *b = data;

	b->got[b->ngot++] = *t;
	return b->ngot >= UI_TABLE_MAX_ROWS;
}

static int
key_waiting(void *data)
{
	(void)data;
	return ui_key_pending();
}

/* Runs one window query; -1 when it failed or was abandoned. */
static int
query(struct tenants *b, const struct store_tenant *anchor, bool backward, bool inclusive, int n)
{
	struct store_tenant_query q = { .sort = b->sort, .descending = b->descending,
					.filter = b->filter, .backward = backward,
					.inclusive = inclusive, .limit = n };
	struct core_error err;
	struct app_ctx *app = ui_console_app(b->c);
	enum core_status rc;

	if (anchor)
		store_tenant_anchor(&q, anchor);
	b->ngot = 0;
	core_error_clear(&err);
	/* Only filtering may be abandoned: it is the query a typist outruns. */
	app_set_abandon(app, b->filtering ? key_waiting : NULL, NULL);
	rc = app_tenant_page(app, &q, collect, b, &err);
	app_set_abandon(app, NULL, NULL);
	if (rc) {
		if (strstr(err.message, "abandoned"))
			b->stale = true;
		else
			ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		return -1;
	}
	return b->ngot;
}

static void
put_window(struct tenants *b, int at, const struct store_tenant *rows, int n, bool reversed)
{
	int i;

	for (i = 0; i < n; i++)
		b->win[at + i] = rows[reversed ? n - 1 - i : i];
}

static int
fetch(void *blade, enum ui_fetch how, int n)
{
	struct tenants *b = blade;
	int rows = b->table.rows, cap = ui_table_capacity(&b->table), got, keep;

	switch (how) {
	case UI_FETCH_FIRST:
	case UI_FETCH_LAST:
		if ((got = query(b, NULL, how == UI_FETCH_LAST, false, n)) >= 0)
			put_window(b, 0, b->got, got, how == UI_FETCH_LAST);
		return got;
	case UI_FETCH_AGAIN:
		got = rows ? query(b, &b->win[0], false, true, n) : query(b, NULL, false, false, n);
		if (got >= 0)
			put_window(b, 0, b->got, got, false);
		return got;
	case UI_FETCH_AFTER:
		if (rows == 0 || (got = query(b, &b->win[rows - 1], false, false, n)) <= 0)
			return rows == 0 ? 0 : got;
		keep = rows + got > cap ? cap - got : rows;
		memmove(b->win, b->win + (rows - keep), (size_t)keep * sizeof(b->win[0]));
		put_window(b, keep, b->got, got, false);
		return got;
	case UI_FETCH_BEFORE:
		if (rows == 0 || (got = query(b, &b->win[0], true, false, n)) <= 0)
			return rows == 0 ? 0 : got;
		keep = rows + got > cap ? cap - got : rows;
		memmove(b->win + got, b->win, (size_t)keep * sizeof(b->win[0]));
		put_window(b, 0, b->got, got, true);
		return got;
	}
	return -1;
}

static const struct ui_table_ops table_ops = { .fetch = fetch, .cell = cell };

/* Why the actor may not change tenants here, in a few words, or "". */
static void
settle_why(struct tenants *b)
{
	struct core_error err;
	const char *needs;

	core_error_clear(&err);
	b->why[0] = '\0';
	if (app_tenant_may_change(ui_console_app(b->c), &err) == CORE_OK)
		return;
	needs = strstr(err.message, "needs ");
	if (needs)
		snprintf(b->why, sizeof(b->why), "%.*s", (int)strcspn(needs, "."), needs);
	else if (strstr(err.message, "read-only"))
		snprintf(b->why, sizeof(b->why), "the store is read-only");
	else
		snprintf(b->why, sizeof(b->why), "%s", err.message);
}

static void
recount(struct tenants *b)
{
	struct core_error err;

	if (app_tenant_count(ui_console_app(b->c), &b->total, &err))
		b->total = -1;
	/* The position is known only in the whole list, not a filtered one. */
	b->table.total = b->filter[0] ? -1 : b->total;
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct tenants *b = priv;

	(void)err;
	b->c = c;
	b->table = (struct ui_table){ .ops = &table_ops, .blade = b, .cols = columns,
				      .ncols = NCOLS, .sort_col = COL_NAME, .first = -1, .total = -1 };
	settle_why(b);
	recount(b);
	/* The real height is known at the first draw. */
	ui_table_reset(&b->table, ui_screen_lines() - 4);
	return CORE_OK;
}

/* The line under the table: counts, order and filter, or the filter being
 * typed. */
static void
draw_footer(struct tenants *b, int y, int x, int w)
{
	static const char *const order[STORE_SORT_COUNT] = { "name", "tenant", "billing",
							     "provisioning", "added" };
	char line[512];

	if (b->filtering) {
		snprintf(line, sizeof(line), "/%s", b->filter);
		ui_put(y, x, w, UI_SLOT_KEY, line, true);
		ui_cursor(y, x + core_text_width(line));
		return;
	}
	ui_cursor(-1, 0);
	if (b->filter[0])
		snprintf(line, sizeof(line), "%s | filter /%s | sorted by %s%s",
			 b->table.rows == 0 ? "no match" : "matches", b->filter, order[b->sort],
			 b->descending ? ", descending" : "");
	else
		snprintf(line, sizeof(line), "row %lld of %lld | sorted by %s%s",
			 ui_table_position(&b->table), b->total, order[b->sort],
			 b->descending ? ", descending" : "");
	ui_put(y, x, w, UI_SLOT_MESSAGE, line, true);
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct tenants *b = priv;
	struct app_ctx *app = ui_console_app(c);
	struct core_account_kind kind = { app->account.agreement_type, app->account.account_type,
					  app->account.account_sub_type };
	struct core_error err;

	if (!core_account_allows_associated_tenants(&kind, &err)) {
		char lines[8][256];
		int i, n = core_text_wrap(err.message, w - 2, lines, 8);
		for (i = 0; i < h; i++)
			ui_put(y + i, x, w, UI_SLOT_MESSAGE, i >= 1 && i <= n ? lines[i - 1] : "", true);
		return;
	}
	if (h - 2 != b->table.height) {
		/* A resize keeps the rows from the first one shown. */
		b->table.height = h - 2 > 1 ? h - 2 : 1;
		ui_table_reload(&b->table, false);
	}
	b->table_y = y;
	b->table.sort_col = sort_column[b->sort];
	b->table.descending = b->descending;
	ui_table_draw(&b->table, y, x, h - 1, w);
	draw_footer(b, y + h - 1, x, w);
}

static bool
check_key(const char *value, char *msg, size_t size)
{
	struct core_error err;

	if (core_guid_parse(value, NULL, NULL) || core_domain_parse(value, NULL, NULL))
		return true;
	if (strchr(value, '.'))
		core_domain_parse(value, NULL, &err);
	else
		core_guid_parse(value, NULL, &err);
	snprintf(msg, size, "%s", err.message);
	return false;
}

static bool
check_name(const char *value, char *msg, size_t size)
{
	struct core_error err;

	if (core_name_parse(value, NULL, &err))
		return true;
	snprintf(msg, size, "%s", err.message);
	return false;
}

/* After a change: the list again from where it was, and the new count. */
static void
refresh_rows(struct tenants *b)
{
	recount(b);
	ui_table_reload(&b->table, false);
}

static void
show_invitation(struct tenants *b, const struct store_tenant *t)
{
	char url[1024];
	const char *lines[3];

	app_tenant_invitation_url(ui_console_app(b->c), t, url, sizeof(url));
	if (!url[0] || strcmp(t->provisioning_state, CORE_PM_PENDING) != 0)
		return;
	lines[0] = "Send this invitation URL to the Global administrator of";
	lines[1] = key_of(t);
	lines[2] = url;
	ui_dialog_details(b->c, "Provisioning invitation", lines, 3, "the invitation URL", url);
}

static enum core_status
submit_add(void *data, struct ui_form *f, struct core_error *err)
{
	struct tenants *b = data;
	struct app_tenant_new in = { .name = f->fields[1].value,
				     .billing_management = f->fields[2].on,
				     .provisioning = f->fields[3].on };
	struct store_tenant t;
	enum core_status rc;

	if (core_guid_parse(f->fields[0].value, NULL, NULL))
		in.tenant_id = f->fields[0].value;
	else
		in.domain = f->fields[0].value;
	rc = app_tenant_add(ui_console_app(b->c), &in, &t, err);
	if (rc)
		return rc;
	refresh_rows(b);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "Added \"%s\" (%s).", t.display_name, key_of(&t));
	show_invitation(b, &t);
	return CORE_OK;
}

static unsigned
add(struct tenants *b)
{
	struct ui_field fields[] = {
		{ .label = "Tenant ID or domain", .required = true, .check = check_key,
		  .hint = "A GUID, or a domain such as fabrikam.onmicrosoft.com" },
		{ .label = "Friendly name", .required = true, .check = check_name,
		  .hint = "1 to 64 characters" },
		{ .label = "Billing management", .kind = UI_FIELD_SWITCH,
		  .hint = "Lets billing admins assign roles to this tenant's users" },
		{ .label = "Provisioning", .kind = UI_FIELD_SWITCH,
		  .hint = "Asks the tenant's Global administrator to allow subscriptions" },
	};
	struct ui_form f = { .title = "Add associated tenant", .fields = fields, .nfields = 4,
			     .submit = "Add", .on_submit = submit_add, .data = b };

	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct edit {
	struct tenants *b;
	char key[256];
	char name[1024];
};

static enum core_status
submit_edit(void *data, struct ui_form *f, struct core_error *err)
{
	struct edit *e = data;
	struct app_tenant_change ch = { .name = f->fields[0].value,
					.billing_management = f->fields[1].on,
					.provisioning = f->fields[2].on };
	struct app_tenant_impact impact;
	struct app_ctx *app = ui_console_app(e->b->c);
	struct store_tenant t;
	enum core_status rc = app_tenant_set(app, e->key, &ch, false, &t, &impact, err);

	if (rc == CORE_CONFIRM) {
		const char *lines[] = { e->name, e->key, err->message };
		if (!ui_dialog_confirm(e->b->c, "Turn billing management off?", lines, 3,
				       "Turn off", e->name))
			return core_error_set(err, CORE_REFUSED, "Nothing was changed.");
		core_error_clear(err);
		rc = app_tenant_set(app, e->key, &ch, true, &t, &impact, err);
	}
	if (rc)
		return rc;
	refresh_rows(e->b);
	ui_console_message(e->b->c, UI_SLOT_MESSAGE, "Saved \"%s\" (%s).", t.display_name, key_of(&t));
	show_invitation(e->b, &t);
	return CORE_OK;
}

static unsigned
edit(struct tenants *b, const struct store_tenant *t)
{
	struct ui_field fields[] = {
		{ .label = "Friendly name", .required = true, .check = check_name },
		{ .label = "Billing management", .kind = UI_FIELD_SWITCH,
		  .on = core_bm_is_on(t->billing_state) },
		{ .label = "Provisioning", .kind = UI_FIELD_SWITCH,
		  .on = core_pm_is_on(t->provisioning_state),
		  .hint = "Turning it on sends a new invitation" },
	};
	struct edit e = { .b = b };
	struct ui_form f = { .title = "Edit associated tenant", .fields = fields, .nfields = 3,
			     .submit = "Save", .on_submit = submit_edit, .data = &e };

	snprintf(e.key, sizeof(e.key), "%s", key_of(t));
	snprintf(e.name, sizeof(e.name), "%s", t->display_name);
	snprintf(fields[0].value, sizeof(fields[0].value), "%s", t->display_name);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
remove_tenant(struct tenants *b, const struct store_tenant *t)
{
	struct app_ctx *app = ui_console_app(b->c);
	struct app_tenant_impact impact;
	struct core_error err;
	char name[1100], id[300], scope[700];
	const char *lines[4] = { name, id, scope, err.message };
	char key[256];

	snprintf(key, sizeof(key), "%s", key_of(t));
	core_error_clear(&err);
	if (app_tenant_remove(app, key, false, &impact, &err) != CORE_CONFIRM) {
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	snprintf(name, sizeof(name), "Name:    %s", t->display_name);
	snprintf(id, sizeof(id), "Tenant:  %s", key);
	snprintf(scope, sizeof(scope), "Scope:   billing account %s", app->account.display_name);
	/* Users holding roles would lose them: type the name, not just a key. */
	if (!ui_dialog_confirm(b->c, "Remove associated tenant?", lines, 4, "Remove",
			       impact.roles ? t->display_name : NULL)) {
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Nothing was removed.");
		return UI_REDRAW;
	}
	core_error_clear(&err);
	if (app_tenant_remove(app, key, true, &impact, &err))
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
	else
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Removed \"%s\" (%s).", t->display_name, key);
	refresh_rows(b);
	return UI_REDRAW;
}

static unsigned
details(struct tenants *b, const struct store_tenant *t)
{
	char l[8][1200], url[1024];
	const char *lines[8];
	int i;

	app_tenant_invitation_url(ui_console_app(b->c), t, url, sizeof(url));
	snprintf(l[0], sizeof(l[0]), "Name:               %s", t->display_name);
	snprintf(l[1], sizeof(l[1]), "Tenant ID:          %s", t->tenant_id[0] ? t->tenant_id : "(resolved at sync)");
	snprintf(l[2], sizeof(l[2]), "Domain:             %s", t->domain[0] ? t->domain : "-");
	snprintf(l[3], sizeof(l[3]), "Billing management: %s (%s)", core_bm_words(t->billing_state), t->billing_state);
	snprintf(l[4], sizeof(l[4]), "Provisioning:       %s (%s)", core_pm_words(t->provisioning_state), t->provisioning_state);
	snprintf(l[5], sizeof(l[5]), "Request:            %s", t->request_name[0] ? t->request_name : "-");
	snprintf(l[6], sizeof(l[6]), "Invitation URL:     %s", url[0] ? url : "-");
	snprintf(l[7], sizeof(l[7]), "Added:              %s", t->created_on);
	for (i = 0; i < 8; i++)
		lines[i] = l[i];
	ui_dialog_details(b->c, t->display_name, lines, 8, url[0] ? "the invitation URL" : "the tenant ID",
			  url[0] ? url : key_of(t));
	return UI_REDRAW;
}

static void
run_filter(struct tenants *b)
{
	b->stale = false;
	b->table.total = b->filter[0] ? -1 : b->total;
	ui_table_reload(&b->table, true);
	if (b->filter[0])
		b->table.first = -1;
}

/* Keys while the filter is being typed: the list follows each one. */
static unsigned
filter_key(struct tenants *b, int key)
{
	if (key == 27) {
		b->filter[0] = '\0';
		b->filtering = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		b->filtering = false;
		if (!b->stale)
			return UI_REDRAW;
	} else if (!ui_edit_key(b->filter, sizeof(b->filter), key)) {
		return UI_DONE;
	}
	run_filter(b);
	return UI_REDRAW;
}

/* Mouse (only with --mouse): the wheel scrolls, a click selects a row. */
static unsigned
mouse(struct tenants *b)
{
	MEVENT ev;
	int row;

	if (getmouse(&ev) != OK)
		return UI_DONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return ui_table_move(&b->table, UI_ACTION_UP) ? UI_REDRAW : UI_DONE;
	if (ev.bstate & BUTTON5_PRESSED)
		return ui_table_move(&b->table, UI_ACTION_DOWN) ? UI_REDRAW : UI_DONE;
	row = ev.y - b->table_y - 1;
	if (row >= 0 && row < b->table.rows)
		b->table.cursor = row;
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct tenants *b = priv;
	const struct store_tenant *t = b->table.rows ? &b->win[b->table.cursor] : NULL;

	(void)c;
	if (b->filtering)
		return filter_key(b, key);
	if (key == KEY_MOUSE)
		return mouse(b);
	if (ui_table_move(&b->table, a))
		return UI_REDRAW;
	switch (a) {
	case UI_ACTION_DOWN: case UI_ACTION_UP: case UI_ACTION_PAGE_DOWN:
	case UI_ACTION_PAGE_UP: case UI_ACTION_FIRST: case UI_ACTION_LAST:
		return UI_DONE;
	case UI_ACTION_FILTER:
		b->filtering = true;
		return UI_REDRAW;
	case UI_ACTION_BACK:
		if (!b->filter[0])
			return UI_PASS;
		b->filter[0] = '\0';
		run_filter(b);
		return UI_REDRAW;
	case UI_ACTION_SORT:
	case UI_ACTION_REVERSE:
		if (a == UI_ACTION_SORT)
			b->sort = (enum store_tenant_sort)((b->sort + 1) % STORE_SORT_COUNT);
		else
			b->descending = !b->descending;
		ui_table_reload(&b->table, true);
		return UI_REDRAW;
	case UI_ACTION_RELOAD:
		refresh_rows(b);
		return UI_PASS;
	case UI_ACTION_ADD:
		return add(b);
	case UI_ACTION_EDIT:
		return t ? edit(b, t) : UI_DONE;
	case UI_ACTION_REMOVE:
		return t ? remove_tenant(b, t) : UI_DONE;
	case UI_ACTION_OPEN:
		return t ? details(b, t) : UI_DONE;
	case UI_ACTION_COPY:
		if (t)
			ui_console_copy(c, "the tenant ID", key_of(t));
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct tenants *b = priv;

	(void)c;
	if (a != UI_ACTION_ADD && a != UI_ACTION_EDIT && a != UI_ACTION_REMOVE)
		return false;
	if (b->why[0]) {
		snprintf(why, size, "%s", b->why);
		return true;
	}
	if (a != UI_ACTION_ADD && b->table.rows == 0) {
		snprintf(why, size, "no tenant is selected");
		return true;
	}
	return false;
}

static const enum ui_action keys[] = {
	UI_ACTION_ADD, UI_ACTION_EDIT, UI_ACTION_REMOVE, UI_ACTION_OPEN, UI_ACTION_COPY,
	UI_ACTION_NONE,
};

const struct ui_view_ops ui_tenants_view = {
	.name = "tenants",
	.title = "Associated tenants",
	.private_size = sizeof(struct tenants),
	.keys = keys,
	.open = open_blade,
	.draw = draw,
	.handle = handle,
	.disabled = disabled,
	.close = NULL,
};
