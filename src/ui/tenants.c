#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_provision.h"
#include "billcon/app_draft.h"
#include "billcon/app_tenant.h"
#include "billcon/core_tenant.h"
#include "billcon/core_validate.h"
#include "billcon/core_text.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_list.h"
#include "billcon/ui_tenants.h"

enum { COL_NAME, COL_KEY, COL_BILLING, COL_PROVISIONING, COL_ADDED, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* A tenant ID is only useful whole: it goes last, but never cut; the
	 * states keep a short form at 60 columns. */
	[COL_NAME] = { .title = "Name", .min = 12, .pref = 28, .priority = 9 },
	[COL_KEY] = { .title = "Tenant ID or domain", .min = 36, .pref = 36, .priority = 8 },
	[COL_BILLING] = { .title = "Billing", .min = 7, .pref = 7, .priority = 6, .abbrev = 3,
			  .short_title = "Bil" },
	[COL_PROVISIONING] = { .title = "Provisioning", .min = 13, .pref = 13, .priority = 7,
			       .abbrev = 3, .short_title = "Prv" },
	[COL_ADDED] = { .title = "Added", .min = 10, .pref = 10, .priority = 1 },
};

/* Per sort order: its name in the footer and the column of its arrow. */
static const char *const sort_names[STORE_SORT_COUNT] = { "name", "tenant", "billing",
							  "provisioning", "added" };
static const int sort_cols[STORE_SORT_COUNT] = {
	[STORE_SORT_NAME] = COL_NAME, [STORE_SORT_KEY] = COL_KEY,
	[STORE_SORT_BILLING] = COL_BILLING, [STORE_SORT_PROVISIONING] = COL_PROVISIONING,
	[STORE_SORT_ADDED] = COL_ADDED,
};

struct tenants {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
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

/* words, or its first letters when the column is narrower (the states keep
 * being told apart: On/Off/Rev, Pend/Acti/Decl/Expi/Revo/Not). */
static const char *
fit_words(const char *words, int width, char *buf, size_t size)
{
	if ((int)strlen(words) <= width || width <= 0)
		return words;
	snprintf(buf, size, "%.*s", width, words);
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_tenant *t = row;

	switch (col) {
	case COL_NAME:
		return t->display_name;
	case COL_KEY:
		return key_of(t);
	case COL_BILLING:
		*slot = billing_slot(t->billing_state);
		return fit_words(core_bm_words(t->billing_state), width, buf, size);
	case COL_PROVISIONING:
		*slot = provisioning_slot(t->provisioning_state);
		return fit_words(core_pm_words(t->provisioning_state), width, buf, size);
	default:
		snprintf(buf, size, "%.10s", t->created_on);
		return buf;
	}
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell };

	def.spec = store_tenant_list();
	return &def;
}

static const struct store_tenant *
selected(const struct tenants *b)
{
	return ui_list_selected(&b->list);
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct tenants *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->list, c, list_def(), NULL);
	return CORE_OK;
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
	ui_list_draw(&b->list, y, x, h, w);
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

/* After a change: the list again from where it was, and the new count. */
static void
refresh_rows(struct tenants *b)
{
	ui_list_refresh(&b->list);
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

/* The Add form, from a draft left earlier when d is not NULL. */
static unsigned
add(void *priv, const struct store_draft *d)
{
	struct tenants *b = priv;
	struct ui_field fields[] = {
		{ .label = "Tenant ID or domain", .required = true, .check = check_key,
		  .hint = "A GUID, or a domain such as fabrikam.onmicrosoft.com" },
		{ .label = "Friendly name", .required = true, .check = ui_form_check_name,
		  .hint = "1 to 64 characters" },
		{ .label = "Billing management", .kind = UI_FIELD_SWITCH,
		  .hint = "Lets billing admins assign roles to this tenant's users" },
		{ .label = "Provisioning", .kind = UI_FIELD_SWITCH,
		  .hint = "Asks the tenant's Global administrator to allow subscriptions" },
	};
	struct ui_form f = { .title = "Add associated tenant", .fields = fields, .nfields = 4,
			     .submit = "Add", .on_submit = submit_add, .data = b,
			     .draft_kind = "tenants.add" };

	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct edit {
	struct tenants *b;
	struct store_tenant shown;   /* the row as the form was opened on it */
	struct app_tenant_change ch;
	struct app_tenant_impact impact;
	struct store_tenant saved;
};

static enum core_status
run_edit(void *data, bool confirmed, struct core_error *err)
{
	struct edit *e = data;

	return app_tenant_set(ui_console_app(e->b->c), key_of(&e->shown), &e->ch, confirmed,
			      &e->saved, &e->impact, err);
}

static enum core_status
submit_edit(void *data, struct ui_form *f, struct core_error *err)
{
	struct edit *e = data;
	const struct store_tenant *was = &e->shown;
	bool bm = f->fields[2].on, pm = f->fields[3].on;
	const char *lines[] = { was->display_name, key_of(was) };
	struct ui_confirm q = { .title = "Turn billing management off?", .lines = lines, .nlines = 2,
				.button = "Turn off", .type_to_confirm = was->display_name,
				.others = &e->impact.roles };
	enum core_status rc;

	/* Only what the user changed is written: another console's change to
	 * another field is not undone. */
	e->ch = (struct app_tenant_change){
		.name = strcmp(f->fields[1].value, was->display_name) ? f->fields[1].value : NULL,
		.billing_management = bm != core_bm_is_on(was->billing_state) ? bm : -1,
		.provisioning = pm != core_pm_is_on(was->provisioning_state) ? pm : -1,
		.shown = was,
	};
	rc = ui_confirm_flow(e->b->c, &q, run_edit, e, err);
	if (rc)
		return rc;
	refresh_rows(e->b);
	ui_console_message(e->b->c, UI_SLOT_MESSAGE, "Saved \"%s\" (%s).", e->saved.display_name,
			   key_of(&e->saved));
	show_invitation(e->b, &e->saved);
	return CORE_OK;
}

/* The Edit form of t, from a draft left earlier when d is not NULL. */
static unsigned
edit(struct tenants *b, const struct store_tenant *t, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Tenant ID or domain", .kind = UI_FIELD_READONLY },
		{ .label = "Friendly name", .required = true, .check = ui_form_check_name },
		{ .label = "Billing management", .kind = UI_FIELD_SWITCH,
		  .on = core_bm_is_on(t->billing_state) },
		{ .label = "Provisioning", .kind = UI_FIELD_SWITCH,
		  .on = core_pm_is_on(t->provisioning_state),
		  .hint = "Turning it on sends a new invitation" },
	};
	struct edit e = { .b = b, .shown = *t };
	struct ui_form f = { .title = "Edit associated tenant", .fields = fields, .nfields = 4,
			     .submit = "Save", .on_submit = submit_edit, .data = &e,
			     .draft_kind = "tenants.edit", .draft_key = key_of(t) };

	snprintf(fields[0].value, sizeof(fields[0].value), "%s", key_of(t));
	snprintf(fields[1].value, sizeof(fields[1].value), "%s", t->display_name);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct removal {
	struct app_ctx *app;
	char key[256];
	struct app_tenant_impact impact;
};

static enum core_status
run_remove(void *data, bool confirmed, struct core_error *err)
{
	struct removal *r = data;

	return app_tenant_remove(r->app, r->key, confirmed, &r->impact, err);
}

static unsigned
remove_tenant(struct tenants *b, const struct store_tenant *t)
{
	struct removal r = { .app = ui_console_app(b->c) };
	char name[1100], id[300], scope[700];
	const char *lines[] = { name, id, scope };
	/* Users holding roles would lose them: type the name, not just a key. */
	struct ui_confirm q = { .title = "Remove associated tenant?", .lines = lines, .nlines = 3,
				.button = "Remove", .type_to_confirm = t->display_name,
				.others = &r.impact.roles };
	struct core_error err;

	snprintf(r.key, sizeof(r.key), "%s", key_of(t));
	snprintf(name, sizeof(name), "Name:    %s", t->display_name);
	snprintf(id, sizeof(id), "Tenant:  %s", r.key);
	snprintf(scope, sizeof(scope), "Scope:   billing account %s", r.app->account.display_name);
	if (ui_confirm_flow(b->c, &q, run_remove, &r, &err) == CORE_OK)
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Removed \"%s\" (%s).", t->display_name, r.key);
	else
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", strcmp(err.message, "Nothing was changed.")
				   ? err.message : "Nothing was removed.");
	refresh_rows(b);
	return UI_REDRAW;
}

/* A state in words, with its ARM spelling when that differs ("On
 * (Active)", but "Pending"). */
static void
state_words(const char *words, const char *state, char *out, size_t size)
{
	if (strcmp(words, state) == 0)
		snprintf(out, size, "%s", state);
	else
		snprintf(out, size, "%s (%s)", words, state);
}

static unsigned
details(struct tenants *b, const struct store_tenant *t)
{
	char url[1024], billing[160], provisioning[160];
	struct ui_detail f[] = {
		{ "Name", t->display_name },
		{ "Tenant ID", t->tenant_id[0] ? t->tenant_id : "(resolved at sync)" },
		{ "Domain", t->domain },
		{ "Billing management", billing },
		{ "Provisioning", provisioning },
		{ "Request", t->request_name },
		{ "Invitation URL", url },
		{ "Added", t->created_on },
	};

	app_tenant_invitation_url(ui_console_app(b->c), t, url, sizeof(url));
	state_words(core_bm_words(t->billing_state), t->billing_state, billing, sizeof(billing));
	state_words(core_pm_words(t->provisioning_state), t->provisioning_state, provisioning,
		    sizeof(provisioning));
	ui_details_open(b->c, t->display_name, f, (int)(sizeof(f) / sizeof(f[0])),
			url[0] ? "the invitation URL" : "the tenant ID", url[0] ? url : key_of(t));
	return UI_REDRAW;
}

struct provision {
	struct tenants *b;
	char key[256];
};

static enum core_status
submit_provision(void *data, struct ui_form *f, struct core_error *err)
{
	struct provision *p = data;
	struct store_subscription sub;
	enum core_status rc = app_provision_subscription(ui_console_app(p->b->c), p->key, f->fields[1].value,
							 f->fields[2].value[0] ? f->fields[2].value : NULL,
							 &sub, err);

	if (!rc)
		ui_console_message(p->b->c, UI_SLOT_MESSAGE,
				   "Provisioned Microsoft 365 subscription \"%s\" (%s) into %s.",
				   sub.display_name, sub.subscription_id, p->key);
	return rc;
}

/* Asks the new subscription's name and, optionally, its invoice section;
 * from a draft left earlier when d is not NULL. */
static unsigned
provision(struct tenants *b, const struct store_tenant *t, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Tenant", .kind = UI_FIELD_READONLY },
		{ .label = "Subscription name", .required = true, .check = ui_form_check_name,
		  .hint = "The Microsoft 365 subscription to create, 1 to 64 characters" },
		{ .label = "Invoice section",
		  .hint = "Empty: the default section of the first billing profile" },
	};
	struct provision p = { .b = b };
	struct ui_form f = { .title = "Provision a subscription", .fields = fields, .nfields = 3,
			     .submit = "Provision", .on_submit = submit_provision, .data = &p,
			     .draft_kind = "tenants.provision", .draft_key = p.key };

	snprintf(p.key, sizeof(p.key), "%s", key_of(t));
	snprintf(fields[0].value, sizeof(fields[0].value), "%s (%s)", t->display_name, key_of(t));
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct tenants *b = priv;
	const struct store_tenant *t;
	unsigned r = ui_list_handle(&b->list, a, key);

	if (r != UI_PASS && a != UI_ACTION_RELOAD)
		return r;
	t = selected(b);
	switch (a) {
	case UI_ACTION_ADD:
		return add(b, NULL);
	case UI_ACTION_EDIT:
		return t ? edit(b, t, NULL) : UI_DONE;
	case UI_ACTION_REMOVE:
		return t ? remove_tenant(b, t) : UI_DONE;
	case UI_ACTION_PROVISION:
		return t ? provision(b, t, NULL) : UI_DONE;
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

/* The forms again, from their drafts: an Add, or an Edit or a
 * provisioning of a tenant that is still there. */
static bool
resume_on(void *priv, const char *key, const struct store_draft *d)
{
	struct tenants *b = priv;
	struct store_tenant t;
	struct core_error err;

	if (app_tenant_get(ui_console_app(b->c), key, &t, &err))
		return false;
	if (strcmp(d->kind, "tenants.edit") == 0)
		edit(b, &t, d);
	else
		provision(b, &t, d);
	return true;
}

static const struct ui_form_resumer drafts[] = {
	{ "tenants.add", NULL, add, NULL },
	{ "tenants.edit", "tenant", NULL, resume_on },
	{ "tenants.provision", "tenant", NULL, resume_on },
	{ NULL, NULL, NULL, NULL },
};

static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_tenant *t = selected(priv);

	if (!t)
		return false;
	app_tenant_object(ui_console_app(c), t, out, size);
	if (name)
		snprintf(name, name_size, "%s", t->display_name);
	return true;
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct tenants *b = priv;
	struct app_denial d;

	if (a == UI_ACTION_PROVISION && !selected(b)) {
		snprintf(why, size, "no tenant is selected");
		return true;
	}
	if (a == UI_ACTION_PROVISION && !app_provision_may(ui_console_app(c), selected(b), &d)) {
		snprintf(why, size, "%s", d.words);
		return true;
	}
	if (a != UI_ACTION_ADD && a != UI_ACTION_EDIT && a != UI_ACTION_REMOVE)
		return false;
	/* Roles are read again for each answer: one lost a minute ago shows. */
	if (!app_tenant_may_change(ui_console_app(c), &d)) {
		snprintf(why, size, "%s", d.words);
		return true;
	}
	if (a != UI_ACTION_ADD && !selected(b)) {
		snprintf(why, size, "no tenant is selected");
		return true;
	}
	return false;
}

static const enum ui_action keys[] = {
	/* Provision (P) is not hinted: the line is full at 80 columns; ? and
	 * the man page list it. */
	UI_ACTION_ADD, UI_ACTION_EDIT, UI_ACTION_REMOVE, UI_ACTION_OPEN, UI_ACTION_COPY,
	UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_ADD, "add an associated tenant" },
	{ UI_ACTION_EDIT, "change an associated tenant" },
	{ UI_ACTION_REMOVE, "remove an associated tenant" },
	{ UI_ACTION_PROVISION, "provision a subscription" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_tenants_view = {
	.name = "tenants",
	.title = "Associated tenants",
	.private_size = sizeof(struct tenants),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = draw,
	.handle = handle,
	.disabled = disabled,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.drafts = drafts,
	.history_key = history_key,
	.close = ui_list_view_close,
};
