#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_account.h"
#include "billcon/app_context.h"
#include "billcon/app_state.h"
#include "billcon/store_account.h"
#include "billcon/ui_accounts.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_list.h"

/* The state file's key of the account chosen last. */
#define ACCOUNT_STATE "account"

enum { COL_MARK, COL_NAME, COL_TYPE, COL_ID, NCOLS };

static const struct ui_column columns[NCOLS] = {
	[COL_MARK] = { .title = "", .min = 1, .pref = 1, .priority = 9 },
	[COL_NAME] = { .title = "Billing account", .min = 16, .pref = 30, .priority = 9 },
	[COL_TYPE] = { .title = "Type", .min = 10, .pref = 10, .priority = 5 },
	[COL_ID] = { .title = "ID", .min = 20, .pref = 96, .priority = 3 },
};

static const char *const sort_names[STORE_ACCOUNT_SORT_COUNT] = { "name", "ID" };
static const int sort_cols[STORE_ACCOUNT_SORT_COUNT] = {
	[STORE_ACCOUNT_SORT_NAME] = COL_NAME, [STORE_ACCOUNT_SORT_ID] = COL_ID,
};

/* The account in scope while the switcher is open, for its mark. */
static long long in_scope;

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_account *a = row;

	(void)width;
	(void)buf;
	(void)size;
	switch (col) {
	case COL_MARK:
		*slot = UI_SLOT_MARKER;
		return a->id == in_scope ? "*" : "";
	case COL_NAME:
		return a->display_name;
	case COL_TYPE:
		return a->account_type;
	default:
		return a->name;
	}
}

/* The switcher over the blade; its own keys on the status line, not the
 * blade's below (whose y or s would only be typed into the filter), unless
 * a message holds that line (said). */
static void
draw(struct ui_console *c, struct ui_list *l, bool said)
{
	const struct app_ctx *app = ui_console_app(c);
	int lines = ui_screen_lines(), cols = ui_screen_cols();
	char head[512];

	ui_console_draw(c);
	snprintf(head, sizeof(head), "Switch account: type to filter, Enter switches, Esc keeps %s",
		 app->account.display_name);
	ui_put(1, 0, cols, UI_SLOT_HEADER, head, true);
	ui_list_draw(l, 2, 0, lines - 3, cols);
	if (!said)
		ui_put(lines - 1, 0, cols, UI_SLOT_STATUS,
		       "type to filter  Up/Down choose  Enter switch  Esc keep  Backspace erase", true);
	ui_refresh();
}

static bool
is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/* Arrows and pages move while the filter takes the letters. */
static bool
is_move(int key)
{
	return key == KEY_DOWN || key == KEY_UP || key == KEY_NPAGE || key == KEY_PPAGE;
}

static bool
switch_to(struct ui_console *c, const struct store_account *a)
{
	struct app_ctx *app = ui_console_app(c);
	struct core_error err;

	core_error_clear(&err);
	if (a->id == app->account.id) {
		ui_console_message(c, UI_SLOT_MESSAGE, "%s is already the billing account in scope.",
				   app->account.display_name);
		return false;
	}
	if (app_account_switch(app, a->name, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return false;
	}
	ui_console_message(c, UI_SLOT_MESSAGE, "Billing account in scope: %s, in every blade.",
			   app->account.display_name);
	return true;
}

bool
ui_accounts_choose(struct ui_console *c)
{
	struct ui_list_def def = { .spec = store_account_list(), .cols = columns, .ncols = NCOLS,
				   .sort_names = sort_names, .sort_cols = sort_cols, .cell = cell };
	const struct store_account *a;
	struct ui_list l;
	bool switched = false, said = false;
	enum ui_action act;
	int key;

	in_scope = ui_console_app(c)->account.id;
	ui_list_open(&l, c, &def, NULL);
	for (;;) {
		l.filtering = true;
		draw(c, &l, said);
		key = ui_console_key(c, &act);
		if (key == 27 || key == UI_KEY_END_OF_SCRIPT) {
			ui_console_message(c, UI_SLOT_MESSAGE, "The billing account in scope stays %s.",
					   ui_console_app(c)->account.display_name);
			break;
		}
		if (is_enter(key) && !(a = ui_list_selected(&l))) {
			ui_console_message(c, UI_SLOT_ERROR, "No billing account you see matches \"%s\".", l.filter);
			said = true;
			continue;
		}
		if (is_enter(key)) {
			switched = switch_to(c, a);
			break;
		}
		if (is_move(key))
			ui_table_move(&l.table, act);
		else
			ui_list_handle(&l, act, key);
	}
	ui_list_close(&l);
	ui_cursor(-1, 0);
	return switched;
}

void
ui_accounts_restore(struct app_ctx *ctx)
{
	char name[256];
	struct core_error err;

	if (!ctx->account_note[0] || !app_state_get(ACCOUNT_STATE, name, sizeof(name)))
		return;
	core_error_clear(&err);
	app_account_switch(ctx, name, &err);
}

void
ui_accounts_remember(const struct app_ctx *ctx)
{
	app_state_set(ACCOUNT_STATE, ctx->account.name);
}
