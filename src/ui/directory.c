#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_draft.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_details.h"
#include "billcon/ui_directory.h"
#include "billcon/ui_form.h"
#include "billcon/ui_list.h"

/* What a disabled action says when nothing is selected. */
#define NONE_SELECTED "no row is selected"

/* One directory blade: its list first (the list's view operations take it
 * so), and its console. */
struct dir_blade {
	struct ui_list list;
	struct ui_console *c;
};

static enum core_status
open_blade(struct dir_blade *b, struct ui_console *c, const struct ui_list_def *def)
{
	b->c = c;
	ui_list_open(&b->list, c, def, NULL);
	return CORE_OK;
}

/* Whether the actor may now change the directory, with why not. */
static bool
refuse_edit(struct ui_console *c, char *why, size_t size)
{
	struct app_denial d;

	/* Roles are read again for each answer: one lost a minute ago shows. */
	if (app_dir_may_edit(ui_console_app(c), &d))
		return false;
	snprintf(why, size, "%s", d.words);
	return true;
}

/* The directory blade: users. */

enum { COL_EMAIL, COL_NAME, COL_TENANT, COL_ADMIN, COL_GUEST, NCOLS };

static const struct ui_column user_columns[NCOLS] = {
	[COL_EMAIL] = { .title = "Email", .min = 16, .pref = 28, .priority = 9 },
	[COL_NAME] = { .title = "Name", .min = 10, .pref = 22, .priority = 8 },
	[COL_TENANT] = { .title = "Tenant", .min = 8, .pref = 18, .priority = 6 },
	[COL_ADMIN] = { .title = "Global admin", .min = 12, .pref = 12, .priority = 5, .abbrev = 5,
			.short_title = "Admin" },
	[COL_GUEST] = { .title = "Guest", .min = 17, .pref = 17, .priority = 7, .abbrev = 8,
			.short_title = "Guest" },
};

static const char *const user_sort_names[STORE_USER_SORT_COUNT] = { "email", "name", "tenant" };
static const int user_sort_cols[STORE_USER_SORT_COUNT] = {
	[STORE_USER_SORT_EMAIL] = COL_EMAIL, [STORE_USER_SORT_NAME] = COL_NAME,
	[STORE_USER_SORT_TENANT] = COL_TENANT,
};

static const char *
user_cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_user *u = row;

	switch (col) {
	case COL_EMAIL:
		return u->email;
	case COL_NAME:
		return u->display_name;
	case COL_TENANT:
		return u->tenant_name[0] ? u->tenant_name : u->home_tenant_id;
	case COL_ADMIN:
		return u->global_admin ? "yes" : "";
	default:
		*slot = strcmp(u->guest_state, APP_GUEST_PENDING) == 0 ? UI_SLOT_STATE_WAIT
										: UI_SLOT_STATE_GOOD;
		/* PendingAcceptance reads "Pending" when narrow; Accepted
		 * fits whole. */
		(void)buf;
		(void)size;
		if (width < (int)strlen(u->guest_state) && strcmp(u->guest_state, APP_GUEST_PENDING) == 0)
			return "Pending";
		return u->guest_state;
	}
}

static const struct ui_list_def *
user_list_def(void)
{
	static struct ui_list_def def = { .cols = user_columns, .ncols = NCOLS,
					  .sort_names = user_sort_names, .sort_cols = user_sort_cols,
					  .cell = user_cell };

	def.spec = store_user_list();
	return &def;
}

static enum core_status
open_users(void *priv, struct ui_console *c, struct core_error *err)
{
	(void)err;
	return open_blade(priv, c, user_list_def());
}

static const struct store_user *
selected_user(const struct dir_blade *b)
{
	return ui_list_selected(&b->list);
}

/* After a change: the list again, and the sentence on the status line. */
static void
changed(struct dir_blade *b, const char *what, const char *name, const char *key)
{
	ui_list_refresh(&b->list);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "%s \"%s\" (%s).", what, name, key);
}

static enum core_status
submit_add(void *data, struct ui_form *f, struct core_error *err)
{
	struct dir_blade *b = data;
	struct app_user_new in = { .email = f->fields[0].value, .name = f->fields[1].value,
				   .global_admin = f->fields[2].on };
	struct store_user u;
	enum core_status rc = app_user_add(ui_console_app(b->c), &in, &u, err);

	if (!rc)
		changed(b, "Added", u.display_name, u.email);
	return rc;
}

static unsigned
add_user(void *priv, const struct store_draft *d)
{
	struct dir_blade *b = priv;
	struct ui_field fields[] = {
		{ .label = "Email", .required = true, .check = ui_form_check_email,
		  .hint = "In one of the primary tenant's domains; others are invited as guests" },
		{ .label = "Name", .required = true, .check = ui_form_check_name,
		  .hint = "1 to 64 characters" },
		{ .label = "Global administrator", .kind = UI_FIELD_CHECKBOX,
		  .hint = "Keeps the tenant's directory and decides its provisioning requests" },
	};
	struct ui_form f = { .title = "Add user to the primary tenant", .fields = fields, .nfields = 3,
			     .submit = "Add", .on_submit = submit_add, .data = b,
			     .draft_kind = "directory.add" };

	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct user_edit {
	struct dir_blade *b;
	struct store_user shown;
};

static enum core_status
submit_edit(void *data, struct ui_form *f, struct core_error *err)
{
	struct user_edit *e = data;
	const struct store_user *was = &e->shown;
	/* Only what the user changed is written. */
	struct app_user_change ch = {
		.name = strcmp(f->fields[1].value, was->display_name) ? f->fields[1].value : NULL,
		.global_admin = f->fields[2].on != was->global_admin ? f->fields[2].on : -1,
	};
	struct store_user u;
	enum core_status rc = app_user_set(ui_console_app(e->b->c), was->email, &ch, &u, err);

	if (!rc)
		changed(e->b, "Saved", u.display_name, u.email);
	return rc;
}

static unsigned
edit_user(struct dir_blade *b, const struct store_user *u, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Email", .kind = UI_FIELD_READONLY },
		{ .label = "Name", .required = true, .check = ui_form_check_name },
		{ .label = "Global administrator", .kind = UI_FIELD_CHECKBOX, .on = u->global_admin },
	};
	struct user_edit e = { .b = b, .shown = *u };
	struct ui_form f = { .title = "Edit user", .fields = fields, .nfields = 3, .submit = "Save",
			     .on_submit = submit_edit, .data = &e, .draft_kind = "directory.edit",
			     .draft_key = u->email };

	snprintf(fields[0].value, sizeof(fields[0].value), "%s", u->email);
	snprintf(fields[1].value, sizeof(fields[1].value), "%s", u->display_name);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static enum core_status
submit_invite(void *data, struct ui_form *f, struct core_error *err)
{
	struct dir_blade *b = data;
	struct store_user u;
	enum core_status rc = app_guest_invite(ui_console_app(b->c), f->fields[0].value,
					       f->fields[1].value[0] ? f->fields[1].value : NULL, &u, err);

	if (!rc)
		changed(b, "Invited", u.display_name, u.email);
	return rc;
}

/* The most rows of the comparison the invite form shows. */
#define WAY_ROWS_MAX 4

static unsigned
invite(void *priv, const struct store_draft *d)
{
	struct dir_blade *b = priv;
	struct ui_field fields[2 + WAY_ROWS_MAX] = {
		{ .label = "Email", .required = true, .check = ui_form_check_email,
		  .hint = "Outside the primary tenant's domains" },
		{ .label = "Name", .check = ui_form_check_name,
		  .hint = "Optional: the part before '@' when empty" },
	};
	char notes[WAY_ROWS_MAX][512];
	size_t n, i;
	const struct app_way_row *way = app_directory_comparison(&n);
	struct ui_form f = { .title = "Invite B2B guest", .fields = fields, .submit = "Invite",
			     .on_submit = submit_invite, .data = b, .draft_kind = "directory.invite" };

	/* The seed's comparison, where the user chooses the guest way. */
	for (i = 0; i < n && i < WAY_ROWS_MAX; i++) {
		fields[2 + i].label = way[i].aspect;
		fields[2 + i].kind = UI_FIELD_READONLY;
		snprintf(fields[2 + i].value, sizeof(fields[2 + i].value), "%s", way[i].summary);
		snprintf(notes[i], sizeof(notes[i]), "%s %s", way[i].guest, way[i].associated);
		fields[2 + i].hint = notes[i];
	}
	f.nfields = 2 + (int)i;
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
accept(struct dir_blade *b)
{
	struct app_ctx *app = ui_console_app(b->c);
	struct store_user u;
	struct core_error err;

	if (app_guest_accept(app, app->actor, &u, &err)) {
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	changed(b, "Accepted the invitation of", u.display_name, u.email);
	return UI_REDRAW;
}

static unsigned
user_details(struct dir_blade *b, const struct store_user *u)
{
	struct ui_detail f[] = {
		{ "Email", u->email }, { "Name", u->display_name },
		{ "Tenant", u->tenant_name }, { "Tenant ID", u->home_tenant_id },
		{ "Type", u->guest_state[0] ? "B2B guest" : "Member" },
		{ "Global administrator", u->global_admin ? "yes" : "no" },
		{ "Invitation", u->guest_state[0] ? u->guest_state : "(a member: none)" },
	};

	ui_details_open(b->c, u->email, f, (int)(sizeof(f) / sizeof(f[0])), "the email", u->email);
	return UI_REDRAW;
}

static unsigned
handle_users(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct dir_blade *b = priv;
	const struct store_user *u;
	unsigned r = ui_list_handle(&b->list, a, key);

	if (r != UI_PASS)
		return r;
	u = selected_user(b);
	switch (a) {
	case UI_ACTION_ADD:
		return add_user(b, NULL);
	case UI_ACTION_EDIT:
		return u ? edit_user(b, u, NULL) : UI_DONE;
	case UI_ACTION_INVITE:
		return invite(b, NULL);
	case UI_ACTION_ACCEPT:
		return accept(b);
	case UI_ACTION_OPEN:
		return u ? user_details(b, u) : UI_DONE;
	case UI_ACTION_COPY:
		if (u)
			ui_console_copy(c, "the email", u->email);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
disabled_users(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct app_ctx *app = ui_console_app(c);
	struct store_dir_tenant t;
	struct core_error err;

	if (a == UI_ACTION_ACCEPT)
		return !app_guest_may_accept(app, why, size);
	if (a != UI_ACTION_ADD && a != UI_ACTION_EDIT && a != UI_ACTION_INVITE)
		return false;
	if (refuse_edit(c, why, size))
		return true;
	if (a == UI_ACTION_EDIT && !selected_user(priv)) {
		snprintf(why, size, NONE_SELECTED);
		return true;
	}
	if (a == UI_ACTION_EDIT && !app_user_editable(app, selected_user(priv), why, size))
		return true;
	if (a == UI_ACTION_INVITE &&
	    app_dir_tenant_get(app, app->account.primary_tenant_id, &t, &err) == CORE_OK &&
	    !t.guest_invitations_allowed) {
		snprintf(why, size, "%s does not allow guest invitations", t.display_name);
		return true;
	}
	return false;
}

static bool
resume_edit(void *priv, const char *key, const struct store_draft *d)
{
	struct dir_blade *b = priv;
	struct store_user u;
	struct core_error err;

	if (app_user_get(ui_console_app(b->c), key, &u, &err))
		return false;
	edit_user(b, &u, d);
	return true;
}

static const struct ui_form_resumer user_drafts[] = {
	{ "directory.add", NULL, add_user, NULL },
	{ "directory.invite", NULL, invite, NULL },
	{ "directory.edit", "user", NULL, resume_edit },
	{ NULL, NULL, NULL, NULL },
};

static bool
history_user(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_user *u = selected_user(priv);

	(void)c;
	if (!u)
		return false;
	app_user_object(u, out, size);
	if (name)
		snprintf(name, name_size, "%s", u->email);
	return true;
}

static const enum ui_action user_keys[] = {
	UI_ACTION_ADD, UI_ACTION_EDIT, UI_ACTION_INVITE, UI_ACTION_ACCEPT, UI_ACTION_OPEN,
	UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write user_writes[] = {
	{ UI_ACTION_ADD, "add a user to the directory" },
	{ UI_ACTION_EDIT, "change a user of the directory" },
	{ UI_ACTION_INVITE, "invite a guest" },
	{ UI_ACTION_ACCEPT, "accept an invitation" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_directory_view = {
	.name = "directory",
	.title = "Directory",
	.private_size = sizeof(struct dir_blade),
	.keys = user_keys,
	.writes = user_writes,
	.open = open_users,
	.draw = ui_list_view_draw,
	.handle = handle_users,
	.disabled = disabled_users,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.drafts = user_drafts,
	.history_key = history_user,
	.close = ui_list_view_close,
};

/* The directory tenants blade. */

enum { TCOL_NAME, TCOL_DOMAINS, TCOL_GUESTS, TCOL_ID, TNCOLS };

static const struct ui_column tenant_columns[TNCOLS] = {
	[TCOL_NAME] = { .title = "Name", .min = 10, .pref = 20, .priority = 9 },
	[TCOL_DOMAINS] = { .title = "Domains", .min = 30, .pref = 44, .priority = 8 },
	[TCOL_GUESTS] = { .title = "Guests", .min = 7, .pref = 7, .priority = 7 },
	[TCOL_ID] = { .title = "Tenant ID", .min = 36, .pref = 36, .priority = 5 },
};

static const char *const tenant_sort_names[STORE_DIR_TENANT_SORT_COUNT] = { "name", "tenant" };
static const int tenant_sort_cols[STORE_DIR_TENANT_SORT_COUNT] = {
	[STORE_DIR_TENANT_SORT_NAME] = TCOL_NAME, [STORE_DIR_TENANT_SORT_ID] = TCOL_ID,
};

static const char *
tenant_cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_dir_tenant *t = row;

	(void)width;
	(void)buf;
	(void)size;
	switch (col) {
	case TCOL_NAME:
		return t->display_name;
	case TCOL_DOMAINS:
		return t->domains;
	case TCOL_GUESTS:
		*slot = t->guest_invitations_allowed ? UI_SLOT_STATE_GOOD : UI_SLOT_STATE_OFF;
		return t->guest_invitations_allowed ? "Allowed" : "No";
	default:
		return t->tenant_id;
	}
}

static const struct ui_list_def *
tenant_list_def(void)
{
	static struct ui_list_def def = { .cols = tenant_columns, .ncols = TNCOLS,
					  .sort_names = tenant_sort_names,
					  .sort_cols = tenant_sort_cols, .cell = tenant_cell };

	def.spec = store_dir_tenant_list();
	return &def;
}

static enum core_status
open_tenants(void *priv, struct ui_console *c, struct core_error *err)
{
	(void)err;
	return open_blade(priv, c, tenant_list_def());
}

struct tenant_edit {
	struct dir_blade *b;
	struct store_dir_tenant shown;
};

static enum core_status
submit_tenant(void *data, struct ui_form *f, struct core_error *err)
{
	struct tenant_edit *e = data;
	const struct store_dir_tenant *was = &e->shown;
	struct app_dir_tenant_change ch = {
		.name = strcmp(f->fields[1].value, was->display_name) ? f->fields[1].value : NULL,
		.guest_invitations = f->fields[2].on != was->guest_invitations_allowed ? f->fields[2].on : -1,
		.add_domain = f->fields[3].value[0] ? f->fields[3].value : NULL,
		.remove_domain = f->fields[4].value[0] ? f->fields[4].value : NULL,
	};
	struct store_dir_tenant t;
	enum core_status rc = app_dir_tenant_set(ui_console_app(e->b->c), was->tenant_id, &ch, &t, err);

	if (!rc)
		changed(e->b, "Saved", t.display_name, t.tenant_id);
	return rc;
}

static unsigned
edit_tenant(struct dir_blade *b, const struct store_dir_tenant *t, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Domains", .kind = UI_FIELD_READONLY },
		{ .label = "Name", .required = true, .check = ui_form_check_name },
		{ .label = "Guest invitations allowed", .kind = UI_FIELD_CHECKBOX,
		  .on = t->guest_invitations_allowed,
		  .hint = "Its external collaboration settings: may guests be invited into it" },
		{ .label = "Add domain", .check = ui_form_check_domain,
		  .hint = "A domain new to the directory" },
		{ .label = "Remove domain", .check = ui_form_check_domain,
		  .hint = "One of its own; a tenant keeps at least one" },
	};
	struct tenant_edit e = { .b = b, .shown = *t };
	struct ui_form f = { .title = "Edit tenant", .fields = fields, .nfields = 5, .submit = "Save",
			     .on_submit = submit_tenant, .data = &e,
			     .draft_kind = "domains.edit", .draft_key = t->tenant_id };

	snprintf(fields[0].value, sizeof(fields[0].value), "%s", t->domains);
	snprintf(fields[1].value, sizeof(fields[1].value), "%s", t->display_name);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
tenant_details(struct dir_blade *b, const struct store_dir_tenant *t)
{
	struct ui_detail f[] = {
		{ "Name", t->display_name }, { "Tenant ID", t->tenant_id }, { "Domains", t->domains },
		{ "Guest invitations", t->guest_invitations_allowed ? "allowed" : "not allowed" },
	};

	ui_details_open(b->c, t->display_name, f, (int)(sizeof(f) / sizeof(f[0])), "the tenant ID",
			t->tenant_id);
	return UI_REDRAW;
}

static unsigned
handle_tenants(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct dir_blade *b = priv;
	const struct store_dir_tenant *t;
	unsigned r = ui_list_handle(&b->list, a, key);

	if (r != UI_PASS)
		return r;
	t = ui_list_selected(&b->list);
	switch (a) {
	case UI_ACTION_EDIT:
		return t ? edit_tenant(b, t, NULL) : UI_DONE;
	case UI_ACTION_OPEN:
		return t ? tenant_details(b, t) : UI_DONE;
	case UI_ACTION_COPY:
		if (t)
			ui_console_copy(c, "the tenant ID", t->tenant_id);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
disabled_tenants(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	if (a != UI_ACTION_EDIT)
		return false;
	if (refuse_edit(c, why, size))
		return true;
	if (!ui_list_selected(&((struct dir_blade *)priv)->list)) {
		snprintf(why, size, NONE_SELECTED);
		return true;
	}
	return false;
}

static bool
resume_tenant(void *priv, const char *key, const struct store_draft *d)
{
	struct dir_blade *b = priv;
	struct store_dir_tenant t;
	struct core_error err;

	if (app_dir_tenant_get(ui_console_app(b->c), key, &t, &err))
		return false;
	edit_tenant(b, &t, d);
	return true;
}

static const struct ui_form_resumer tenant_drafts[] = {
	{ "domains.edit", "tenant", NULL, resume_tenant },
	{ NULL, NULL, NULL, NULL },
};

static bool
history_tenant(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_dir_tenant *t = ui_list_selected(&((struct dir_blade *)priv)->list);

	(void)c;
	if (!t)
		return false;
	app_dir_tenant_object(t->tenant_id, out, size);
	if (name)
		snprintf(name, name_size, "%s", t->display_name);
	return true;
}

static const enum ui_action tenant_keys[] = {
	UI_ACTION_EDIT, UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_HISTORY, UI_ACTION_FILTER,
	UI_ACTION_NONE,
};

static const struct ui_write tenant_writes[] = {
	{ UI_ACTION_EDIT, "change a tenant of the directory" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_dir_tenants_view = {
	.name = "domains",
	.title = "Directory tenants",
	.private_size = sizeof(struct dir_blade),
	.keys = tenant_keys,
	.writes = tenant_writes,
	.open = open_tenants,
	.draw = ui_list_view_draw,
	.handle = handle_tenants,
	.disabled = disabled_tenants,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.drafts = tenant_drafts,
	.history_key = history_tenant,
	.close = ui_list_view_close,
};
