#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_request.h"
#include "billcon/app_role.h"
#include "billcon/app_state.h"
#include "billcon/core_validate.h"
#include "billcon/store_draft.h"
#include "billcon/store_role.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_iam.h"
#include "billcon/ui_list.h"

enum { COL_USER, COL_ROLE, COL_STATUS, COL_SCOPE, COL_TENANT, COL_BY, COL_ADDED, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* At 80 columns the user, the role, the status and where it holds;
	 * the tenant (a GUID, only useful whole) from 120 on, and always in
	 * the details. */
	[COL_USER] = { .title = "User", .min = 14, .pref = 25, .priority = 9 },
	[COL_ROLE] = { .title = "Role", .min = 14, .pref = 27, .priority = 8 },
	[COL_STATUS] = { .title = "Status", .min = 9, .pref = 15, .priority = 7, .abbrev = 6,
			 .short_title = "Status" },
	[COL_SCOPE] = { .title = "Scope", .min = 10, .pref = 24, .priority = 6 },
	[COL_TENANT] = { .title = "User's tenant", .min = 36, .pref = 36, .priority = 3 },
	[COL_BY] = { .title = "Added by", .min = 12, .pref = 20, .priority = 2 },
	[COL_ADDED] = { .title = "Added", .min = 10, .pref = 10, .priority = 1 },
};

static const char *const sort_names[STORE_ROLE_SORT_COUNT] = { "user", "tenant", "role", "added" };
static const int sort_cols[STORE_ROLE_SORT_COUNT] = {
	[STORE_ROLE_SORT_USER] = COL_USER, [STORE_ROLE_SORT_TENANT] = COL_TENANT,
	[STORE_ROLE_SORT_ROLE] = COL_ROLE, [STORE_ROLE_SORT_ADDED] = COL_ADDED,
};

/* The most tenants the add form offers by name; more are named on the
 * command line (roles assign --tenant). */
#define TENANT_CHOICES 200

/* The state key the chosen scope is remembered under. */
#define SCOPE_STATE "iam.scope"

struct iam {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
	char scope[512];        /* the scope shown, "" every scope */
	/* The add form's choices, while it is open. */
	char (*scopes)[512];
	size_t nscopes;
	struct app_role_def *defs;
	size_t ndefs;
	struct app_role_tenant *tenants;
	size_t ntenants;
};

static enum ui_slot
status_slot(const char *status)
{
	if (strcmp(status, "Active") == 0)
		return UI_SLOT_STATE_GOOD;
	if (strcmp(status, "PendingApproval") == 0)
		return UI_SLOT_STATE_WAIT;
	if (strcmp(status, "Declined") == 0 || strcmp(status, "Expired") == 0)
		return UI_SLOT_STATE_BAD;
	return UI_SLOT_STATE_OFF;
}

/* Where an assignment holds, short: "Account", "Profile P", "Section S";
 * "↑ " before it when it is inherited from there. */
static const char *
scope_cell(const struct store_role *r, char *buf, size_t size)
{
	static const char *const kinds[] = { "Account", "Profile", "Section" };
	int depth = core_scope_depth(r->scope);
	const char *name = strrchr(r->scope, '/');

	if (depth < 0)
		return r->scope;
	snprintf(buf, size, "%s%s%s%s", r->inherited ? "\xe2\x86\x91 " : "", kinds[depth], depth ? " " : "",
		 depth && name ? name + 1 : "");
	return buf;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_role *r = row;

	switch (col) {
	case COL_USER:
		return r->principal_email;
	case COL_ROLE:
		/* Narrow, the role's short name: the scope column says where. */
		if (width < (int)strlen(r->role_name) &&
		    core_role_short_name(core_role_from_definition_id(r->role_definition_id)))
			return core_role_short_name(core_role_from_definition_id(r->role_definition_id));
		return r->role_name[0] ? r->role_name : r->role_definition_id;
	case COL_STATUS:
		*slot = status_slot(r->status);
		/* PendingApproval reads "Pendin" cut; "Pending" says it. */
		if (width < (int)strlen(r->status) && strcmp(r->status, "PendingApproval") == 0)
			return "Pending";
		return r->status;
	case COL_SCOPE:
		return scope_cell(r, buf, size);
	case COL_TENANT:
		return r->principal_tenant_id;
	case COL_BY:
		return r->created_by;
	default:
		snprintf(buf, size, "%.10s", r->created_on);
		return buf;
	}
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell };

	def.spec = store_role_list();
	return &def;
}

/* Shows the roles that hold at scope ("" every scope), and remembers it. */
static void
show_scope(struct iam *b, const char *scope)
{
	snprintf(b->scope, sizeof(b->scope), "%s", scope);
	ui_list_close(&b->list);
	ui_list_open(&b->list, b->c, list_def(), b->scope[0] ? b->scope : NULL);
	app_state_set(SCOPE_STATE, b->scope[0] ? b->scope : "all");
	if (b->scope[0]) {
		char where[600];

		app_role_scope_label(ui_console_app(b->c), b->scope, where, sizeof(where));
		ui_console_message(b->c, UI_SLOT_MESSAGE, "The roles that hold on %s (\xe2\x86\x91 inherited).", where);
	} else {
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Every role assignment of the billing account.");
	}
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct iam *b = priv;
	char remembered[512], scope[512];
	struct core_error ignored;

	(void)err;
	b->c = c;
	/* A scope remembered from another store or account no longer holds:
	 * every scope, then. */
	if (app_state_get(SCOPE_STATE, remembered, sizeof(remembered)) && strcmp(remembered, "all") != 0 &&
	    app_role_scope(ui_console_app(c), remembered, scope, sizeof(scope), &ignored) == CORE_OK)
		snprintf(b->scope, sizeof(b->scope), "%s", scope);
	ui_list_open(&b->list, c, list_def(), b->scope[0] ? b->scope : NULL);
	return CORE_OK;
}

static void
free_choices(struct iam *b)
{
	free(b->scopes);
	free(b->defs);
	free(b->tenants);
	b->scopes = NULL;
	b->defs = NULL;
	b->tenants = NULL;
	b->nscopes = b->ndefs = b->ntenants = 0;
}

static void
close_blade(void *priv)
{
	free_choices(priv);
	ui_list_view_close(priv);
}

static enum core_status
load_scopes(struct iam *b, struct core_error *err)
{
	free(b->scopes);
	b->scopes = NULL;
	return app_role_scopes(ui_console_app(b->c), &b->scopes, &b->nscopes, err);
}

/* Option i of the scope picker: every scope, then the account's scopes. */
static const char *
scope_option(void *data, int i, char *note, size_t size)
{
	struct iam *b = data;
	static char label[600];

	if (i == 0) {
		snprintf(note, size, "Every assignment of the billing account, wherever it holds");
		return "Every scope";
	}
	if ((size_t)i > b->nscopes)
		return NULL;
	app_role_scope_label(ui_console_app(b->c), b->scopes[i - 1], label, sizeof(label));
	snprintf(note, size, "Its own roles, and those inherited from above it");
	return label;
}

static enum core_status
submit_scope(void *data, struct ui_form *f, struct core_error *err)
{
	struct iam *b = data;
	int i = f->fields[0].choice;

	(void)err;
	show_scope(b, i == 0 || (size_t)i > b->nscopes ? "" : b->scopes[i - 1]);
	return CORE_OK;
}

/* The scope whose roles show, from a draft left earlier when d is not
 * NULL. */
static unsigned
pick_scope(void *priv, const struct store_draft *d)
{
	struct iam *b = priv;
	struct ui_field fields[] = {
		{ .label = "Scope", .kind = UI_FIELD_CHOICE, .option = scope_option,
		  .hint = "Left and Right choose; Enter shows its roles" },
	};
	struct ui_form f = { .title = "Access control: scope", .fields = fields, .nfields = 1,
			     .submit = "Show", .on_submit = submit_scope, .data = b, .draft_kind = "iam.scope" };
	struct core_error err;
	size_t i;

	if (load_scopes(b, &err)) {
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	for (i = 0; i < b->nscopes; i++)
		if (strcmp(b->scopes[i], b->scope) == 0)
			fields[0].choice = (int)i + 1;
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static const char *
role_option(void *data, int i, char *note, size_t size)
{
	struct iam *b = data;

	if (i < 0 || (size_t)i >= b->ndefs)
		return NULL;
	snprintf(note, size, "%s", b->defs[i].description);
	return b->defs[i].name;
}

/* The tenant choice is where the user chooses the way (seed 000): a user of
 * an associated tenant, or a B2B guest of the primary tenant; each option
 * says what that means, in the seed's words. */
static const char *
tenant_option(void *data, int i, char *note, size_t size)
{
	struct iam *b = data;
	const struct app_way_row *rows;
	size_t n, k, o;

	if (i < 0 || (size_t)i >= b->ntenants)
		return NULL;
	rows = app_directory_comparison(&n);
	o = (size_t)snprintf(note, size, "%s", b->tenants[i].primary
			     ? "Members, and B2B guests once they accept: active at once."
			     : "Its user approves a request first.");
	for (k = 0; k < n && o < size; k++)
		o += (size_t)snprintf(note + o, size - o, " %s", rows[k].summary);
	if (o < size)
		snprintf(note + o, size - o, " Tenants with billing management off, or known only by a domain until a sync,"
			 " are not offered.");
	return b->tenants[i].name;
}

/* The scope roles are added at: the one shown, or the account. */
static const char *
add_scope(const struct iam *b)
{
	return b->scope[0] ? b->scope : ui_console_app(b->c)->account_scope;
}

static void
show_added(struct iam *b, const struct store_role *r, const char *url)
{
	char where[600];
	struct ui_detail f[] = {
		{ "User", r->principal_email }, { "Role", r->role_name }, { "Scope", where },
		{ "Status", r->status }, { "Approval URL", url },
		{ "Next", "The user opens this URL (also sent by email) and approves; the role is active then." },
		{ "Assignment", r->name },
	};

	app_role_scope_label(ui_console_app(b->c), r->scope, where, sizeof(where));
	ui_details_open(b->c, "Approval request sent", f, (int)(sizeof(f) / sizeof(f[0])), "the approval URL",
			url);
}

static enum core_status
submit_add(void *data, struct ui_form *f, struct core_error *err)
{
	struct iam *b = data;
	int role = f->fields[0].choice, tenant = f->fields[1].choice;
	struct app_role_new in = { .email = f->fields[2].value, .scope = add_scope(b) };
	struct store_role r;
	char url[1024];
	enum core_status rc;

	if (role < 0 || (size_t)role >= b->ndefs || tenant < 0 || (size_t)tenant >= b->ntenants)
		return core_error_set(err, CORE_USAGE, "Choose a role and a tenant.");
	in.role = b->defs[role].id;
	in.tenant_id = b->tenants[tenant].tenant_id;
	rc = app_role_assign(ui_console_app(b->c), &in, &r, url, sizeof(url), err);
	if (rc)
		return rc;
	ui_list_refresh(&b->list);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "Assigned %s as %s: %s%s.", r.principal_email, r.role_name,
			   app_role_assigned_words(ui_console_app(b->c), &r), url[0] ? " (y copies the URL)" : "");
	if (url[0])
		show_added(b, &r, url);
	return CORE_OK;
}

static unsigned
add(void *priv, const struct store_draft *d)
{
	struct iam *b = priv;
	struct app_ctx *app = ui_console_app(b->c);
	struct ui_field fields[] = {
		{ .label = "Role", .kind = UI_FIELD_CHOICE, .option = role_option },
		{ .label = "User's tenant", .kind = UI_FIELD_CHOICE, .option = tenant_option },
		{ .label = "User's email", .required = true, .check = ui_form_check_email,
		  .hint = "A user of the primary tenant must be in the directory (or invite a guest)" },
	};
	char title[700], where[600];
	struct ui_form f = { .title = title, .fields = fields, .nfields = 3, .submit = "Add",
			     .on_submit = submit_add, .data = b, .draft_kind = "iam.add" };
	struct core_error err;

	free_choices(b);
	if (app_role_definitions(app, add_scope(b), &b->defs, &b->ndefs, &err) ||
	    app_role_tenants(app, TENANT_CHOICES, &b->tenants, &b->ntenants, &err)) {
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		free_choices(b);
		return UI_REDRAW;
	}
	app_role_scope_label(app, add_scope(b), where, sizeof(where));
	snprintf(title, sizeof(title), "Add role assignment: %s", where);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	free_choices(b);
	return UI_REDRAW;
}

static enum core_status
run_remove(void *data, bool confirmed, struct core_error *err)
{
	struct ui_console *c = ((void **)data)[0];

	return app_role_remove(ui_console_app(c), ((void **)data)[1], confirmed, NULL, err);
}

static unsigned
remove_role(struct iam *b, const struct store_role *r)
{
	char user[300], role[200], role_name[160], where[700], name[128];
	const char *lines[] = { user, role, where };
	bool pending;
	struct ui_confirm q = { .title = "Remove role assignment?", .lines = lines, .nlines = 3,
				.button = "Remove" };
	void *data[2] = { b->c, name };
	struct core_error err;

	/* Copied: the dialog's redraws may fetch the list's rows anew. */
	snprintf(role_name, sizeof(role_name), "%s", r->role_name);
	pending = strcmp(r->status, "PendingApproval") == 0;
	snprintf(name, sizeof(name), "%s", r->name);
	snprintf(user, sizeof(user), "User:   %s", r->principal_email);
	snprintf(role, sizeof(role), "Role:   %s (%s)", r->role_name, r->status);
	app_role_scope_label(ui_console_app(b->c), r->scope, where + 8, sizeof(where) - 8);
	memcpy(where, "Scope:  ", 8);
	if (ui_confirm_flow(b->c, &q, run_remove, data, &err) == CORE_OK)
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Removed %s as %s on %s.%s", user + 8, role_name,
				   where + 8, pending ? " Its pending approval request is cancelled." : "");
	else
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", strcmp(err.message, "Nothing was changed.")
				   ? err.message : "Nothing was removed.");
	ui_list_refresh(&b->list);
	return UI_REDRAW;
}

static unsigned
details(struct iam *b, const struct store_role *r)
{
	char where[600], origin[600], url[1024] = "";
	struct app_ctx *app = ui_console_app(b->c);
	struct ui_detail f[] = {
		{ "User", r->principal_email }, { "User's tenant", r->principal_tenant_id },
		{ "Role", r->role_name }, { "Role definition", r->role_definition_id },
		{ "Scope", where }, { "Holds here", origin }, { "Status", r->status },
		{ "Approval request", r->request_name[0] ? r->request_name : "(none: assigned at once)" },
		{ "Approval URL", url }, { "Assignment", r->name }, { "Added by", r->created_by },
		{ "Added", r->created_on },
	};

	app_role_scope_label(app, r->scope, where, sizeof(where));
	app_role_origin(b->scope[0] ? b->scope : r->scope, r->scope, origin, sizeof(origin));
	if (r->request_name[0])
		app_request_url(app, r->request_name, url, sizeof(url));
	if (url[0]) {
		ui_details_open(b->c, r->principal_email, f, (int)(sizeof(f) / sizeof(f[0])), "the approval URL", url);
		return UI_REDRAW;
	}
	if (r->request_name[0])
		f[8].value = APP_REQUEST_NO_URL_VALUE;
	ui_details_open(b->c, r->principal_email, f, (int)(sizeof(f) / sizeof(f[0])), "the assignment's name", r->name);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct iam *b = priv;
	const struct store_role *r;
	unsigned done = ui_list_handle(&b->list, a, key);

	if (done != UI_PASS)
		return done;
	r = ui_list_selected(&b->list);
	if (a == UI_ACTION_SCOPE)
		return pick_scope(b, NULL);
	if (a == UI_ACTION_ADD)
		return add(b, NULL);
	if (a == UI_ACTION_REMOVE && r)
		return remove_role(b, r);
	if (a == UI_ACTION_OPEN && r)
		return details(b, r);
	if (a == UI_ACTION_COPY && r) {
		ui_console_copy(c, "the assignment's name", r->name);
		return UI_REDRAW;
	}
	return UI_PASS;
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct iam *b = priv;
	const struct store_role *r = ui_list_selected(&b->list);
	struct app_denial d;

	if (a != UI_ACTION_ADD && a != UI_ACTION_REMOVE)
		return false;
	if (a == UI_ACTION_REMOVE && !r) {
		snprintf(why, size, "no assignment is selected");
		return true;
	}
	/* Roles are read again for each answer: one lost a minute ago shows. */
	if (!app_role_may_change(ui_console_app(c), a == UI_ACTION_ADD ? add_scope(b) : r->scope, &d)) {
		snprintf(why, size, "%s", d.words);
		return true;
	}
	return false;
}

static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_role *r = ui_list_selected(&((struct iam *)priv)->list);

	(void)c;
	if (!r)
		return false;
	/* As the trail names an assignment: under its own scope. */
	snprintf(out, size, "%s/billingRoleAssignments/%s", r->scope, r->name);
	if (name)
		snprintf(name, name_size, "%s as %s", r->principal_email, r->role_name);
	return true;
}

static const struct ui_form_resumer drafts[] = {
	{ "iam.add", NULL, add, NULL },
	{ "iam.scope", NULL, pick_scope, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const enum ui_action keys[] = {
	UI_ACTION_ADD, UI_ACTION_REMOVE, UI_ACTION_OPEN, UI_ACTION_SCOPE, UI_ACTION_COPY,
	UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_ADD, "assign a role" },
	{ UI_ACTION_REMOVE, "remove a role assignment" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_iam_view = {
	.name = "iam",
	.title = "Access control (IAM)",
	.private_size = sizeof(struct iam),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = ui_list_view_draw,
	.handle = handle,
	.disabled = disabled,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.history_key = history_key,
	.drafts = drafts,
	.close = close_blade,
};
