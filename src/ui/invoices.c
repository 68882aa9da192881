#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "billcon/app_invoice.h"
#include "billcon/store_invoice.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_invoices.h"
#include "billcon/ui_list.h"

enum { COL_NUMBER, COL_PERIOD, COL_AMOUNT, COL_DUE, COL_STATUS, COL_PROFILE, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* At 80 columns all but the profile's full width; the period's short
	 * form first, then the profile goes. */
	[COL_NUMBER] = { .title = "Number", .min = 10, .pref = 12, .priority = 9 },
	[COL_PERIOD] = { .title = "Period", .min = 22, .pref = 22, .priority = 6, .abbrev = 12 },
	[COL_AMOUNT] = { .title = "Amount", .min = 14, .pref = 18, .priority = 8 },
	[COL_DUE] = { .title = "Due", .min = 10, .pref = 10, .priority = 7 },
	[COL_STATUS] = { .title = "Status", .min = 7, .pref = 8, .priority = 9 },
	[COL_PROFILE] = { .title = "Billing profile", .min = 10, .pref = 24, .priority = 3,
			  .short_title = "Profile" },
};

static const char *const sort_names[STORE_INVOICE_SORT_COUNT] = {
	"date", "status", "number", "amount",
};
static const int sort_cols[STORE_INVOICE_SORT_COUNT] = {
	[STORE_INVOICE_SORT_DATE] = COL_PERIOD, [STORE_INVOICE_SORT_STATUS] = COL_STATUS,
	[STORE_INVOICE_SORT_NUMBER] = COL_NUMBER, [STORE_INVOICE_SORT_AMOUNT] = COL_AMOUNT,
};

struct invoices {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
	struct ui_list_def def;
};

/* PastDue stands out (bold and underlined without colour); what is paid or
 * void is settled; what the service calls anything else shows as it is. */
static enum ui_slot
status_slot(const char *status)
{
	switch (app_invoice_state(status)) {
	case APP_INVOICE_PAST_DUE:
		return UI_SLOT_STATE_BAD;
	case APP_INVOICE_DUE:
		return UI_SLOT_STATE_WAIT;
	case APP_INVOICE_PAID:
		return UI_SLOT_STATE_GOOD;
	default:
		return UI_SLOT_STATE_OFF;
	}
}

/* "2026-10-01..2026-10-31", or "10-01..10-31" when narrow. */
static const char *
period_cell(const struct store_invoice *v, int width, char *buf, size_t size)
{
	if (width >= 22)
		snprintf(buf, size, "%.10s..%.10s", v->period_start, v->period_end);
	else
		snprintf(buf, size, "%.5s..%.5s", v->period_start + 5, v->period_end + 5);
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_invoice *v = row;
	char amount[64];

	switch (col) {
	case COL_NUMBER:
		return v->name;
	case COL_PERIOD:
		return period_cell(v, width, buf, size);
	case COL_AMOUNT:
		/* Right aligned: amounts read by their last digits. */
		app_invoice_amount(v->amount_minor, v->currency, amount, sizeof(amount));
		snprintf(buf, size, "%*s", width, amount);
		return buf;
	case COL_DUE:
		snprintf(buf, size, "%.10s", v->due_date);
		return buf;
	case COL_STATUS:
		*slot = status_slot(v->status);
		return v->status;
	default:
		return v->profile_name;
	}
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct invoices *b = priv;
	char profile[256];
	bool own;

	(void)err;
	b->c = c;
	/* A profile's role reads that profile's invoices only (DOMAIN.md §1). */
	own = app_invoice_own_profile(ui_console_app(c), profile, sizeof(profile));
	/* One profile's list counts none: "row N", never the account's
	 * total as if it were the profile's. */
	b->def = (struct ui_list_def){ .spec = own ? store_invoice_profile_list() : store_invoice_list(),
				       .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
				       .sort_cols = sort_cols, .cell = cell, .descending = true };
	ui_list_open(&b->list, c, &b->def, own ? profile : NULL);
	if (own)
		ui_console_message(c, UI_SLOT_MESSAGE, "The invoices of billing profile %s: your role is on"
				   " that profile, not on the account.", profile);
	return CORE_OK;
}

/* y with no document: one sentence, never an empty copy. */
static void
no_link_words(const struct store_invoice *v, char *out, size_t size)
{
	snprintf(out, size, "Invoice %s has no document link yet, so there is nothing to copy.", v->name);
}

static unsigned
details(struct invoices *b, const struct store_invoice *v)
{
	char amount[64], period[80], profile[600], none[200];
	struct ui_detail f[] = {
		{ "Invoice", v->name }, { "Status", v->status }, { "Amount", amount },
		{ "Billing profile", profile }, { "Invoice date", v->invoice_date },
		{ "Billing period", period }, { "Due", v->due_date },
		{ "Document", v->document_url[0] ? v->document_url : "(no link yet)" },
	};

	app_invoice_amount(v->amount_minor, v->currency, amount, sizeof(amount));
	snprintf(period, sizeof(period), "%.10s to %.10s", v->period_start, v->period_end);
	snprintf(profile, sizeof(profile), "%s (%s)", v->profile_name, v->profile);
	no_link_words(v, none, sizeof(none));
	ui_details_open(b->c, v->name, f, (int)(sizeof(f) / sizeof(f[0])),
			v->document_url[0] ? "the document link" : none,
			v->document_url[0] ? v->document_url : NULL);
	return UI_REDRAW;
}

static unsigned
copy(struct invoices *b, const struct store_invoice *v)
{
	char none[200];

	if (v->document_url[0]) {
		ui_console_copy(b->c, "the document link", v->document_url);
	} else {
		no_link_words(v, none, sizeof(none));
		ui_console_message(b->c, UI_SLOT_MESSAGE, "%s", none);
	}
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct invoices *b = priv;
	const struct store_invoice *v;
	unsigned done = ui_list_handle(&b->list, a, key);

	(void)c;
	if (done != UI_PASS)
		return done;
	if (!(v = ui_list_selected(&b->list)))
		return UI_PASS;
	if (a == UI_ACTION_OPEN)
		return details(b, v);
	if (a == UI_ACTION_COPY)
		return copy(b, v);
	return UI_PASS;
}

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_FILTER, UI_ACTION_SORT, UI_ACTION_REVERSE,
	UI_ACTION_NONE,
};

const struct ui_view_ops ui_invoices_view = {
	.name = "invoices",
	.title = "Invoices",
	.private_size = sizeof(struct invoices),
	.keys = keys,
	.open = open_blade,
	.draw = ui_list_view_draw,
	.handle = handle,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.close = ui_list_view_close,
};
