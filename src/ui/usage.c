/* ui_usage: the Azure Stack usage blade (ui_usage.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/store_usage.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_list.h"
#include "billcon/ui_usage.h"

/* The blade: its list first (the list's view operations take it so). */
struct usage_blade {
	struct ui_list list;
	struct ui_console *c;
};

enum { COL_DEPLOYMENT, COL_TENANT, COL_METER, COL_SUB, COL_AS, COL_ROWS, COL_QUANTITY, NCOLS };

static const struct ui_column columns[NCOLS] = {
	[COL_DEPLOYMENT] = { .title = "Deployment", .min = 10, .pref = 14, .priority = 8 },
	[COL_TENANT] = { .title = "Tenant", .min = 13, .pref = 36, .priority = 7 },
	[COL_METER] = { .title = "Meter", .min = 10, .pref = 16, .priority = 6 },
	[COL_SUB] = { .title = "Charged subscription", .min = 13, .pref = 36, .priority = 9,
		      .short_title = "Charged sub" },
	/* The fallback is a word, not a colour alone: it reads with NO_COLOR. */
	[COL_AS] = { .title = "Charged as", .min = 10, .pref = 10, .priority = 9, .abbrev = 7, .short_title = "As" },
	[COL_ROWS] = { .title = "Rows", .min = 4, .pref = 8, .priority = 4 },
	[COL_QUANTITY] = { .title = "Quantity", .min = 8, .pref = 12, .priority = 5 },
};

static const char *const sort_names[STORE_USAGE_SORT_COUNT] = { "subscription", "tenant", "meter", "quantity" };
static const int sort_cols[STORE_USAGE_SORT_COUNT] = {
	[STORE_USAGE_SORT_SUBSCRIPTION] = COL_SUB, [STORE_USAGE_SORT_TENANT] = COL_TENANT,
	[STORE_USAGE_SORT_METER] = COL_METER, [STORE_USAGE_SORT_QUANTITY] = COL_QUANTITY,
};

/* A GUID in width columns: its end, where GUIDs differ, after "…" when it
 * does not fit (the list would keep its start, which the demo's share). */
static const char *
guid_tail(const char *id, int width, char *buf, size_t size)
{
	size_t n = strlen(id);

	if (width <= 1 || (size_t)width >= n)
		return id;
	snprintf(buf, size, "\u2026%s", id + n - (size_t)(width - 1));
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_usage_line *l = row;

	switch (col) {
	case COL_DEPLOYMENT:
		return l->deployment;
	case COL_TENANT:
		return guid_tail(l->tenant_id, width, buf, size);
	case COL_METER:
		return l->meter;
	case COL_SUB:
		return guid_tail(l->subscription_id, width, buf, size);
	case COL_AS:
		*slot = l->fallback ? UI_SLOT_STATE_WAIT : UI_SLOT_STATE_GOOD;
		if (l->fallback)
			return width < 10 ? "default" : "* default";
		return "customer";
	case COL_ROWS:
		snprintf(buf, size, "%lld", l->rows);
		return buf;
	default:
		snprintf(buf, size, "%.15g", l->quantity);
		return buf;
	}
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell };

	def.spec = store_usage_total_list();
	return &def;
}

static enum core_status
open_usage(void *priv, struct ui_console *c, struct core_error *err)
{
	struct usage_blade *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->list, c, list_def(), NULL);
	return CORE_OK;
}

static unsigned
details(struct usage_blade *b, const struct store_usage_line *l)
{
	char rows[32], quantity[48];
	struct ui_detail f[] = {
		{ "Deployment", l->deployment },
		{ "Tenant", l->tenant_id },
		{ "Meter", l->meter },
		{ "Charged subscription", l->subscription_id },
		{ "Charged as", l->fallback ? "the deployment's default subscription: the tenant is not registered "
					      "on this deployment"
					    : "the tenant's customer subscription" },
		{ "Rows", rows },
		{ "Quantity", quantity },
	};

	snprintf(rows, sizeof(rows), "%lld", l->rows);
	snprintf(quantity, sizeof(quantity), "%.15g", l->quantity);
	ui_details_open(b->c, "Usage", f, (int)(sizeof(f) / sizeof(f[0])), "the charged subscription ID",
			l->subscription_id);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct usage_blade *b = priv;
	const struct store_usage_line *l;
	unsigned r = ui_list_handle(&b->list, a, key);

	if (r != UI_PASS)
		return r;
	l = ui_list_selected(&b->list);
	switch (a) {
	case UI_ACTION_OPEN:
		return l ? details(b, l) : UI_DONE;
	case UI_ACTION_COPY:
		if (l)
			ui_console_copy(c, "the charged subscription ID", l->subscription_id);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

/* Said, not silent: a newcomer's a, e or d would do nothing here, and
 * where usage comes from is worth the words. */
static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	(void)priv;
	(void)c;
	if (a == UI_ACTION_ADD)
		snprintf(why, size, "usage comes from a file: billcon usage import FILE");
	else if (a == UI_ACTION_EDIT || a == UI_ACTION_REMOVE)
		snprintf(why, size, "imported usage is not changed here");
	else
		return false;
	return true;
}

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_FILTER, UI_ACTION_SORT, UI_ACTION_REVERSE, UI_ACTION_NONE,
};

const struct ui_view_ops ui_usage_view = {
	.name = "usage",
	.title = "Azure Stack usage",
	.private_size = sizeof(struct usage_blade),
	.keys = keys,
	.open = open_usage,
	.draw = ui_list_view_draw,
	.handle = handle,
	.disabled = disabled,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.close = ui_list_view_close,
};
