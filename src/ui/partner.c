#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_list.h"
#include "billcon/app_partner.h"
#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_link.h"
#include "billcon/ui_partner.h"
#include "billcon/ui_wizard.h"

/* The most lines a sentence of the page wraps to. */
#define WRAP_LINES 6

/* The blade: the page as read, drawn as rows that scroll. */
struct partner {
	struct ui_console *c;
	struct app_partner_page page;
	bool have;                    /* the store has a Partner Center account */
	char absent[512];             /* why not: how to enter one */
	char cannot[512];             /* why the wizard may not start, "" when it may */
	char draft[256];              /* the actor's unfinished wizard in words, "" none */
	struct ui_rows rows;
};

static void
read_page(struct partner *b)
{
	struct core_error err;
	struct store_draft d;

	b->have = app_partner_read(ui_console_app(b->c), &b->page, &err) == CORE_OK;
	snprintf(b->absent, sizeof(b->absent), "%s", b->have ? "" : err.message);
	b->cannot[0] = '\0';
	if (b->have && app_partner_preconditions(ui_console_app(b->c), &err))
		snprintf(b->cannot, sizeof(b->cannot), "%s", err.message);
	b->draft[0] = '\0';
	if (app_draft_get(ui_console_app(b->c), APP_PARTNER_DRAFT_KIND, &d, &err) == CORE_OK) {
		app_draft_words(&d, b->draft, sizeof(b->draft));
		app_draft_free(&d);
	}
}

/* Adds text wrapped to w columns, a row a line, in slot. */
static void
add_wrapped(struct ui_rows *rows, const char *text, int w, int indent, enum ui_slot slot)
{
	char lines[WRAP_LINES][256];
	int n = core_text_wrap(text, w - indent > 10 ? w - indent : 10, lines, WRAP_LINES), i;

	for (i = 0; i < n; i++)
		ui_rows_add_line(rows, lines[i], indent, slot);
}

static const char *
tenant_name(const struct app_partner_page *p, int i)
{
	return p->tenant_names[i][0] ? p->tenant_names[i] : "(unknown tenant)";
}

static void
page_tenants(struct partner *b, int w)
{
	const struct app_partner_page *p = &b->page;
	char text[800];
	bool signed_in_listed = false;
	int i;

	snprintf(text, sizeof(text), "Tenants (%d)", p->ntenants);
	ui_rows_add(&b->rows, UI_ROW_HEADING, text, NULL);
	for (i = 0; i < p->ntenants; i++) {
		bool purchase = strcmp(p->tenants[i], p->partner.purchase_tenant_id) == 0;
		bool sign_in = strcmp(p->tenants[i], p->sign_in_tenant) == 0;
		signed_in_listed |= sign_in;
		/* The mark, not colour alone, says which one purchases go through. */
		snprintf(text, sizeof(text), "%s %s%s%s%s", purchase ? "*" : " ", tenant_name(p, i),
			 purchase || sign_in ? "  (" : "", purchase ? "membership purchases" : "",
			 purchase && sign_in ? "; you sign in here)" : sign_in ? "you sign in here)" : purchase ? ")" : "");
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
		add_wrapped(&b->rows, p->tenants[i], w, 6, UI_SLOT_DISABLED);
	}
	/* Named apart only when it is none of the account's: the preconditions
	 * then refuse the wizard. */
	if (!signed_in_listed) {
		snprintf(text, sizeof(text), "You sign in through %s, not one of the account's tenants.",
			 p->sign_in_tenant[0] ? p->sign_in_tenant : "no tenant");
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_STATE_WAIT);
	}
}

static void
page_link(struct partner *b, int w)
{
	const struct app_partner_page *p = &b->page;
	char text[1200];

	ui_rows_add(&b->rows, UI_ROW_HEADING, "Linked billing account and profile", NULL);
	if (!p->linked) {
		add_wrapped(&b->rows, "! No billing profile is linked: membership purchases are refused "
			    "until one is. L starts the link wizard.", w, 2, UI_SLOT_STATE_WAIT);
	} else {
		snprintf(text, sizeof(text), "Billing account  %s (%s)", p->link.account_name, p->link.account);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
		snprintf(text, sizeof(text), "Billing profile  %s (%s)", p->link.profile_name, p->link.profile);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
		snprintf(text, sizeof(text), "Linked by %s on %s, here only: Partner Center's API is not "
			 "called, so the link is not pushed. B changes the billing account, P the billing "
			 "profile.", p->link.linked_by, p->link.linked_on);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
	}
	if (b->draft[0]) {
		snprintf(text, sizeof(text), "Unfinished: %s; %s opens it again.", b->draft,
			 p->linked ? "B or P" : "L");
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_MESSAGE);
	}
	if (b->cannot[0]) {
		snprintf(text, sizeof(text), "The wizard cannot start: %s", b->cannot);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_ERROR);
	}
}

static void
page_history(struct partner *b, int w)
{
	const struct app_partner_page *p = &b->page;
	char text[1200];
	int i;

	snprintf(text, sizeof(text), "History of links (%d)", p->history_total);
	ui_rows_add(&b->rows, UI_ROW_HEADING, text, NULL);
	if (p->nhistory == 0)
		add_wrapped(&b->rows, "none yet", w, 2, UI_SLOT_DISABLED);
	for (i = 0; i < p->nhistory; i++) {
		const struct store_partner_link *k = &p->history[i];
		snprintf(text, sizeof(text), "%.10s  %s / %s", k->linked_on, k->account_name, k->profile_name);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
		snprintf(text, sizeof(text), "by %s, %s%s", k->linked_by, k->unlinked_on[0] ? "until " : "current",
			 k->unlinked_on);
		add_wrapped(&b->rows, text, w, 14, UI_SLOT_DISABLED);
	}
	if (p->history_total > p->nhistory) {
		snprintf(text, sizeof(text), "... and %d older (billcon partner show lists them all)",
			 p->history_total - p->nhistory);
		add_wrapped(&b->rows, text, w, 2, UI_SLOT_DISABLED);
	}
}

/* The page's rows for w columns (sentences wrap whole, never cut). */
static void
page_rows(struct partner *b, int w)
{
	const struct store_partner *pa = &b->page.partner;
	char text[800];
	int top = b->rows.top;

	ui_rows_clear(&b->rows);
	b->rows.top = top;
	if (!b->have) {
		add_wrapped(&b->rows, b->absent, w, 0, UI_SLOT_MESSAGE);
		return;
	}
	ui_rows_add(&b->rows, UI_ROW_HEADING, "Partner Center account", NULL);
	snprintf(text, sizeof(text), "%s  (ID %s)", pa->display_name, pa->partner_id);
	add_wrapped(&b->rows, text, w, 2, UI_SLOT_NORMAL);
	snprintf(text, sizeof(text), "State %s", pa->state);
	add_wrapped(&b->rows, text, w, 2,
		    strcmp(pa->state, "Active") == 0 ? UI_SLOT_STATE_GOOD : UI_SLOT_STATE_BAD);
	page_tenants(b, w);
	page_link(b, w);
	page_history(b, w);
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct partner *b = priv;

	(void)err;
	b->c = c;
	b->rows.cursor = -1;
	read_page(b);
	return CORE_OK;
}

static void
draw_page(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct partner *b = priv;

	(void)c;
	page_rows(b, w);
	ui_rows_draw(&b->rows, y, x, h, w);
}

/* L, B, P: the wizard for mode; a change of profile keeps the linked
 * account (the keys are disabled unless the page's link fits the mode). */
static unsigned
start(struct partner *b, enum core_link_mode mode)
{
	ui_link_start(b->c, mode, b->page.link.account, b->page.link.account_name);
	return UI_REDRAW;
}

static unsigned
purchase(struct partner *b)
{
	struct core_error err;
	char msg[512];

	if (app_partner_purchase(ui_console_app(b->c), msg, sizeof(msg), &err))
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
	else
		ui_console_message(b->c, UI_SLOT_MESSAGE, "%s", msg);
	return UI_REDRAW;
}

static unsigned
handle_page(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct partner *b = priv;
	unsigned r = ui_rows_handle(&b->rows, a, key);

	(void)c;
	if (r != UI_PASS)
		return r;
	switch (a) {
	case UI_ACTION_LINK:
		return start(b, CORE_LINK_NEW);
	case UI_ACTION_CHANGE_ACCOUNT:
		return start(b, CORE_LINK_CHANGE_ACCOUNT);
	case UI_ACTION_CHANGE_PROFILE:
		return start(b, CORE_LINK_CHANGE_PROFILE);
	case UI_ACTION_PURCHASE:
		return purchase(b);
	case UI_ACTION_RELOAD:
		read_page(b);
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct partner *b = priv;

	(void)c;
	if (a != UI_ACTION_LINK && a != UI_ACTION_CHANGE_ACCOUNT && a != UI_ACTION_CHANGE_PROFILE &&
	    a != UI_ACTION_PURCHASE)
		return false;
	if (!b->have) {
		snprintf(why, size, "no Partner Center account is entered");
		return true;
	}
	if (a == UI_ACTION_LINK && b->page.linked) {
		snprintf(why, size, "a billing profile is linked; B or P changes it");
		return true;
	}
	if ((a == UI_ACTION_CHANGE_ACCOUNT || a == UI_ACTION_CHANGE_PROFILE) && !b->page.linked) {
		snprintf(why, size, "no billing profile is linked yet; L links one");
		return true;
	}
	return false;
}

/* Visible again (the wizard closed, the user acted as another): read again. */
static void
activate(void *priv, struct ui_console *c)
{
	(void)c;
	read_page(priv);
}

static bool
tick(void *priv, struct ui_console *c)
{
	if (!app_store_changed(ui_console_app(c)))
		return false;
	read_page(priv);
	return true;
}

/* h: the link's history in the audit trail (every link and change). */
static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	struct partner *b = priv;

	(void)c;
	if (!b->have)
		return false;
	app_partner_object(&b->page.partner, true, out, size);
	if (name)
		snprintf(name, name_size, "Billing profile link of %s", b->page.partner.display_name);
	return true;
}

/* The link wizard's draft, opened again at its step with its fields. */
static bool
resume(void *priv, struct ui_console *c, const struct store_draft *d)
{
	(void)priv;
	return ui_link_resume(c, d);
}

static void
close_blade(void *priv)
{
	struct partner *b = priv;

	ui_rows_free(&b->rows);
}

static const enum ui_action keys[] = {
	UI_ACTION_LINK, UI_ACTION_CHANGE_ACCOUNT, UI_ACTION_CHANGE_PROFILE, UI_ACTION_PURCHASE,
	UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_LINK, "link a billing profile" },
	{ UI_ACTION_CHANGE_ACCOUNT, "change the linked billing account" },
	{ UI_ACTION_CHANGE_PROFILE, "change the linked billing profile" },
	{ UI_ACTION_PURCHASE, "buy a membership" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_partner_view = {
	.name = "partner",
	.title = "Billing profile",
	.private_size = sizeof(struct partner),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = draw_page,
	.handle = handle_page,
	.disabled = disabled,
	.activate = activate,
	.tick = tick,
	.resume = resume,
	.history_key = history_key,
	.close = close_blade,
};
