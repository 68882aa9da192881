#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/store_role.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_iam.h"
#include "billcon/ui_list.h"

enum { COL_USER, COL_ROLE, COL_STATUS, COL_TENANT, COL_ADDED, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* At 80 columns the user, the role and the status; the tenant (a
	 * GUID, only useful whole) from 100 on, and always in the details. */
	[COL_USER] = { .title = "User", .min = 14, .pref = 30, .priority = 9 },
	[COL_ROLE] = { .title = "Role", .min = 14, .pref = 28, .priority = 8 },
	[COL_STATUS] = { .title = "Status", .min = 15, .pref = 15, .priority = 7, .abbrev = 6,
			 .short_title = "Status" },
	[COL_TENANT] = { .title = "User's tenant", .min = 36, .pref = 36, .priority = 5 },
	[COL_ADDED] = { .title = "Added", .min = 10, .pref = 10, .priority = 1 },
};

static const char *const sort_names[STORE_ROLE_SORT_COUNT] = { "user", "tenant", "role", "added" };
static const int sort_cols[STORE_ROLE_SORT_COUNT] = {
	[STORE_ROLE_SORT_USER] = COL_USER, [STORE_ROLE_SORT_TENANT] = COL_TENANT,
	[STORE_ROLE_SORT_ROLE] = COL_ROLE, [STORE_ROLE_SORT_ADDED] = COL_ADDED,
};

struct iam {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
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

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_role *r = row;

	switch (col) {
	case COL_USER:
		return r->principal_email;
	case COL_ROLE:
		return r->role_name[0] ? r->role_name : r->role_definition_id;
	case COL_STATUS:
		*slot = status_slot(r->status);
		/* PendingApproval reads "Pendin" cut; "Pending" says it. */
		if (width < (int)strlen(r->status) && strcmp(r->status, "PendingApproval") == 0)
			return "Pending";
		return r->status;
	case COL_TENANT:
		return r->principal_tenant_id;
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

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct iam *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->list, c, list_def(), NULL);
	return CORE_OK;
}

static unsigned
details(struct iam *b, const struct store_role *r)
{
	struct ui_detail f[] = {
		{ "User", r->principal_email }, { "User's tenant", r->principal_tenant_id },
		{ "Role", r->role_name }, { "Role definition", r->role_definition_id },
		{ "Scope", r->scope }, { "Status", r->status },
		{ "Approval request", r->request_name[0] ? r->request_name : "(none: assigned at once)" },
		{ "Assignment", r->name }, { "Added by", r->created_by }, { "Added", r->created_on },
	};

	ui_details_open(b->c, r->principal_email, f, (int)(sizeof(f) / sizeof(f[0])),
			"the assignment's name", r->name);
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
	if (a == UI_ACTION_OPEN && r)
		return details(b, r);
	if (a == UI_ACTION_COPY && r) {
		ui_console_copy(c, "the assignment's name", r->name);
		return UI_REDRAW;
	}
	return UI_PASS;
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

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

const struct ui_view_ops ui_iam_view = {
	.name = "iam",
	.title = "Access control (IAM)",
	.private_size = sizeof(struct iam),
	.keys = keys,
	.open = open_blade,
	.draw = ui_list_view_draw,
	.handle = handle,
	.tick = ui_list_view_tick,
	.activate = ui_list_view_activate,
	.history_key = history_key,
	.close = ui_list_view_close,
};
