#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_stack.h"
#include "billcon/core_validate.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_list.h"
#include "billcon/ui_onboarding.h"
#include "billcon/ui_stack.h"

/* The Add form's draft (the onboarding's are ui_onboarding's). */
#define DRAFT_ADD "stack.add"

/* --- the two lists: registrations, and one registration's customers --- */

enum { REG_DEPLOYMENT, REG_TYPE, REG_NAME, REG_CUSTOMERS, REG_DEFAULT, REG_GROUP, REG_TENANT, REG_NCOLS };

static const struct ui_column reg_columns[REG_NCOLS] = {
	[REG_DEPLOYMENT] = { .title = "Deployment", .min = 12, .pref = 16, .priority = 9 },
	[REG_TYPE] = { .title = "Type", .min = 5, .pref = 5, .priority = 8 },
	[REG_NAME] = { .title = "Registration", .min = 12, .pref = 22, .priority = 6 },
	[REG_CUSTOMERS] = { .title = "Customers", .min = 9, .pref = 9, .priority = 5, .abbrev = 4,
			    .short_title = "Cust" },
	[REG_DEFAULT] = { .title = "Default subscription", .min = 36, .pref = 36, .priority = 7 },
	[REG_GROUP] = { .title = "Resource group", .min = 10, .pref = 18, .priority = 2 },
	[REG_TENANT] = { .title = "Registering tenant", .min = 36, .pref = 36, .priority = 1 },
};

enum { CUS_SUBSCRIPTION, CUS_TENANT, CUS_NAME, CUS_ADDED_BY, CUS_ADDED_ON, CUS_NCOLS };

static const struct ui_column cus_columns[CUS_NCOLS] = {
	[CUS_SUBSCRIPTION] = { .title = "Subscription", .min = 36, .pref = 36, .priority = 9 },
	[CUS_TENANT] = { .title = "Tenant", .min = 36, .pref = 36, .priority = 8 },
	[CUS_NAME] = { .title = "Name", .min = 10, .pref = 30, .priority = 5 },
	[CUS_ADDED_BY] = { .title = "Added by", .min = 10, .pref = 18, .priority = 3 },
	[CUS_ADDED_ON] = { .title = "Added", .min = 10, .pref = 10, .priority = 2 },
};

static const char *const reg_sort_names[] = { "deployment" };
static const int reg_sort_cols[] = { REG_DEPLOYMENT };
static const char *const cus_sort_names[] = { "subscription" };
static const int cus_sort_cols[] = { CUS_SUBSCRIPTION };

static const char *
reg_cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_stack_reg *r = row;

	(void)width;
	(void)slot;
	switch (col) {
	case REG_DEPLOYMENT: return r->deployment;
	case REG_TYPE: return r->type;
	case REG_NAME: return r->name;
	case REG_CUSTOMERS:
		snprintf(buf, size, "%d", r->ncustomers);
		return buf;
	case REG_DEFAULT: return r->subscription_id;
	case REG_GROUP: return r->resource_group;
	default: return r->registering_tenant_id;
	}
}

static const char *
cus_cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_stack_customer *k = row;

	(void)width;
	(void)slot;
	switch (col) {
	case CUS_SUBSCRIPTION: return k->subscription_id;
	case CUS_TENANT: return k->tenant_id;
	case CUS_NAME: return k->display_name;
	case CUS_ADDED_BY: return k->added_by;
	default:
		snprintf(buf, size, "%.10s", k->added_on);
		return buf;
	}
}

static const struct ui_list_def *
reg_def(void)
{
	static struct ui_list_def def = { .cols = reg_columns, .ncols = REG_NCOLS, .sort_names = reg_sort_names,
					  .sort_cols = reg_sort_cols, .cell = reg_cell };

	def.spec = store_stack_reg_list();
	return &def;
}

static const struct ui_list_def *
cus_def(void)
{
	static struct ui_list_def def = { .cols = cus_columns, .ncols = CUS_NCOLS, .sort_names = cus_sort_names,
					  .sort_cols = cus_sort_cols, .cell = cus_cell };

	def.spec = store_stack_customer_list();
	return &def;
}

/* The blade: the registrations, or (customers) one registration's
 * customer subscriptions. */
struct stack {
	struct ui_list regs;
	struct ui_list custs;
	bool customers;
	struct store_stack_reg reg;   /* whose customers show */
	struct ui_console *c;
};

static struct ui_list *
shown(struct stack *b)
{
	return b->customers ? &b->custs : &b->regs;
}

static const struct store_stack_reg *
selected_reg(struct stack *b)
{
	return b->customers ? &b->reg : ui_list_selected(&b->regs);
}

static const struct store_stack_customer *
selected_customer(struct stack *b)
{
	return b->customers ? ui_list_selected(&b->custs) : NULL;
}

static struct app_ctx *
app(struct stack *b)
{
	return ui_console_app(b->c);
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct stack *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->regs, c, reg_def(), NULL);
	return CORE_OK;
}

static void
close_blade(void *priv)
{
	struct stack *b = priv;

	ui_list_close(&b->regs);
	if (b->customers)
		ui_list_close(&b->custs);
}

/* Enter on a registration: its customers, in the blade. */
static unsigned
show_customers(struct stack *b, const struct store_stack_reg *r)
{
	char key[32];

	b->reg = *r;
	snprintf(key, sizeof(key), "%lld", r->id);
	if (b->customers)
		ui_list_close(&b->custs);
	ui_list_open(&b->custs, b->c, cus_def(), key);
	b->customers = true;
	return UI_REDRAW;
}

static unsigned
show_registrations(struct stack *b)
{
	ui_list_close(&b->custs);
	b->customers = false;
	ui_list_refresh(&b->regs);
	return UI_REDRAW;
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct stack *b = priv;
	char head[800];

	(void)c;
	if (!b->customers) {
		ui_list_draw(&b->regs, y, x, h, w);
		return;
	}
	snprintf(head, sizeof(head), "Customers of %s (%s, %s) | Esc: deployments", b->reg.deployment, b->reg.name,
		 b->reg.type);
	ui_put(y, x, w, UI_SLOT_TITLE, head, true);
	ui_list_draw(&b->custs, y + 1, x, h - 1, w);
}

/* --- add and remove --- */

static bool
check_guid(const char *value, char *msg, size_t size)
{
	if (core_guid_parse(value, NULL, NULL))
		return true;
	snprintf(msg, size, "Type a GUID: 36 characters (8-4-4-4-12), such as 5c000000-0000-4000-8000-00000000000b.");
	return false;
}

struct add {
	struct stack *b;
	char registration[128];
};

static enum core_status
submit_add(void *data, struct ui_form *f, struct core_error *err)
{
	struct add *ad = data;
	struct app_stack_add in = { ad->registration, f->fields[1].value, f->fields[2].value };
	struct store_stack_customer k;
	enum core_status rc = app_stack_add_customer(app(ad->b), &in, &k, err);

	if (rc)
		return rc;
	ui_list_refresh(shown(ad->b));
	ui_console_message(ad->b->c, UI_SLOT_MESSAGE, "Added customer subscription %s (tenant %s) to %s.",
			   k.subscription_id, k.tenant_id, ad->registration);
	return CORE_OK;
}

/* The Add form on r, from a draft left earlier when d is not NULL. */
static unsigned
add(struct stack *b, const struct store_stack_reg *r, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Registration", .kind = UI_FIELD_READONLY },
		{ .label = "Customer subscription", .required = true, .check = check_guid,
		  .hint = "A CSP subscription of the same partner as the default subscription" },
		{ .label = "Tenant", .required = true, .check = check_guid,
		  .hint = "The tenant the customer signs in with (the subscription must be created there)" },
	};
	struct add ad = { .b = b };
	struct ui_form f = { .title = "Add a customer subscription", .fields = fields, .nfields = 3,
			     .submit = "Add", .on_submit = submit_add, .data = &ad, .draft_kind = DRAFT_ADD,
			     .draft_key = r->deployment };

	snprintf(ad.registration, sizeof(ad.registration), "%s", r->deployment);
	if (d)
		ui_form_restore(&f, d);
	snprintf(fields[0].value, sizeof(fields[0].value), "%s (%s, %s)", r->name, r->deployment, r->type);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct removal {
	struct app_ctx *app;
	char registration[256], subscription[64];
};

static enum core_status
run_remove(void *data, bool confirmed, struct core_error *err)
{
	struct removal *r = data;

	return app_stack_remove_customer(r->app, r->registration, r->subscription, confirmed, err);
}

static unsigned
remove_customer(struct stack *b, const struct store_stack_customer *k)
{
	struct removal r = { .app = app(b) };
	char sub[300], tenant[300], reg[600];
	const char *lines[] = { sub, tenant, reg };
	struct ui_confirm q = { .title = "Remove customer subscription?", .lines = lines, .nlines = 3,
				.button = "Remove" };
	struct core_error err;

	snprintf(r.registration, sizeof(r.registration), "%s", b->reg.deployment);
	snprintf(r.subscription, sizeof(r.subscription), "%s", k->subscription_id);
	snprintf(sub, sizeof(sub), "Subscription: %s %s", k->subscription_id, k->display_name);
	snprintf(tenant, sizeof(tenant), "Tenant:       %s", k->tenant_id);
	snprintf(reg, sizeof(reg), "Registration: %s (%s)", b->reg.name, b->reg.deployment);
	if (ui_confirm_flow(b->c, &q, run_remove, &r, &err) == CORE_OK)
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Removed customer subscription %s from %s.", r.subscription,
				   b->reg.name);
	else
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", strcmp(err.message, "Nothing was changed.")
				   ? err.message : "Nothing was removed.");
	ui_list_refresh(&b->custs);
	return UI_REDRAW;
}

/* --- details and copies --- */

/* The resource ID and the commands of k; false with the sentence shown. */
static bool
commands(struct stack *b, const struct store_stack_customer *k, char *id, size_t size, char **ps, char **az)
{
	struct core_error err;

	if (app_stack_commands(app(b), b->reg.deployment, k->subscription_id, id, size, ps, az, &err) == CORE_OK)
		return true;
	ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
	return false;
}

static unsigned
details(struct stack *b, const struct store_stack_customer *k)
{
	char id[1024], *ps = NULL, *az = NULL;
	struct ui_detail_row rows[] = {
		{ "Subscription", k->subscription_id, NULL, UI_SLOT_NORMAL },
		{ "Name", k->display_name, NULL, UI_SLOT_NORMAL },
		{ "Tenant", k->tenant_id, NULL, UI_SLOT_NORMAL },
		{ "Registration", b->reg.name, NULL, UI_SLOT_NORMAL },
		{ "Deployment", b->reg.deployment, NULL, UI_SLOT_NORMAL },
		{ "Added by", k->added_by, NULL, UI_SLOT_NORMAL },
		{ "Added on", k->added_on, NULL, UI_SLOT_NORMAL },
		{ "Resource ID", id, NULL, UI_SLOT_NORMAL },
		{ "PowerShell", NULL, NULL, UI_SLOT_NORMAL },
		{ "Azure CLI", NULL, NULL, UI_SLOT_NORMAL },
	};
	struct ui_detail_copy copies[] = {
		{ "the resource ID", id }, { "the PowerShell command", NULL }, { "the az command", NULL },
	};

	if (!commands(b, k, id, sizeof(id), &ps, &az))
		return UI_REDRAW;
	rows[8].value = copies[1].text = ps;
	rows[9].value = copies[2].text = az;
	ui_details_open_copies(b->c, k->display_name[0] ? k->display_name : k->subscription_id, rows, 10, copies, 3);
	free(ps);
	free(az);
	return UI_REDRAW;
}

/* y on a customer: which of the three to copy. */
static unsigned
copy_customer(struct stack *b, const struct store_stack_customer *k)
{
	char id[1024], *ps = NULL, *az = NULL;
	const char *labels[] = { "the resource ID", "the PowerShell command", "the az command" };
	const char *texts[3];
	int i;

	if (!commands(b, k, id, sizeof(id), &ps, &az))
		return UI_REDRAW;
	texts[0] = id;
	texts[1] = ps;
	texts[2] = az;
	if ((i = ui_dialog_pick(b->c, "Copy which?", labels, 3)) >= 0)
		ui_console_copy(b->c, labels[i], texts[i]);
	free(ps);
	free(az);
	return UI_REDRAW;
}

/* A registration's ARM resource ID into out. */
static void
reg_id(const struct store_stack_reg *r, char *out, size_t size)
{
	snprintf(out, size, "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.AzureStack/registrations/%s",
		 r->subscription_id, r->resource_group, r->name);
}

/* y on a registration: its ARM resource ID. */
static unsigned
copy_registration(struct stack *b, const struct store_stack_reg *r)
{
	char id[1024];

	reg_id(r, id, sizeof(id));
	ui_console_copy(b->c, "the registration's resource ID", id);
	return UI_REDRAW;
}

/* --- keys --- */

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct stack *b = priv;
	const struct store_stack_reg *r;
	const struct store_stack_customer *k;
	unsigned res = ui_list_handle(shown(b), a, key);

	(void)c;
	if (res != UI_PASS && a != UI_ACTION_RELOAD)
		return res;
	r = selected_reg(b);
	k = selected_customer(b);
	switch (a) {
	case UI_ACTION_OPEN:
		if (!b->customers)
			return r ? show_customers(b, r) : UI_DONE;
		return k ? details(b, k) : UI_DONE;
	case UI_ACTION_BACK:
		return b->customers ? show_registrations(b) : UI_PASS;
	case UI_ACTION_ADD:
		return r ? add(b, r, NULL) : UI_DONE;
	case UI_ACTION_REMOVE:
		return k ? remove_customer(b, k) : UI_DONE;
	case UI_ACTION_COPY:
		if (k)
			return copy_customer(b, k);
		return r && !b->customers ? copy_registration(b, r) : UI_DONE;
	case UI_ACTION_ONBOARD:
		ui_onboarding_start(b->c, k ? k->tenant_id : NULL, k ? k->display_name : NULL, NULL);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct stack *b = priv;
	struct app_denial d;

	/* Said, not silent: e would do nothing. */
	if (a == UI_ACTION_EDIT) {
		snprintf(why, size, "a customer subscription is not edited: d removes it, a adds another");
		return true;
	}
	/* Roles are read again for each answer: one lost a minute ago shows. */
	if ((a == UI_ACTION_ADD || a == UI_ACTION_REMOVE) &&
	    !app_may(ui_console_app(c), CORE_NEED_MANAGE, NULL, true, &d)) {
		snprintf(why, size, "%s", d.words);
		return true;
	}
	if (a == UI_ACTION_REMOVE && !selected_customer(b)) {
		snprintf(why, size, b->customers ? "no customer subscription is selected"
						 : "select a customer subscription first: Enter lists them");
		return true;
	}
	if (a == UI_ACTION_ADD && !selected_reg(b)) {
		snprintf(why, size, "no registration is selected");
		return true;
	}
	return false;
}

/* h: a customer subscription's history (its resource ID), or a
 * registration's. */
static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	struct stack *b = priv;
	const struct store_stack_customer *k = selected_customer(b);
	const struct store_stack_reg *r = selected_reg(b);

	(void)c;
	if (!r || (b->customers && !k))
		return false;
	if (k)
		app_stack_resource_id(r, k->subscription_id, out, size);
	else
		reg_id(r, out, size);
	if (name)
		snprintf(name, name_size, "%s", k ? (k->display_name[0] ? k->display_name : k->subscription_id) : r->name);
	return true;
}

/* The Add form again on the registration named key, while it is there. */
static bool
resume_add(void *priv, const char *key, const struct store_draft *d)
{
	struct stack *b = priv;
	struct app_stack_view v;
	struct core_error err;
	const struct store_stack_reg *r = NULL;
	size_t i;

	if (app_stack_read(app(b), &v, &err) == CORE_OK)
		for (i = 0; i < v.nregs && !r; i++)
			if (strcmp(v.regs[i].deployment, key) == 0)
				r = &v.regs[i];
	if (r)
		add(b, r, d);
	app_stack_view_free(&v);
	return r != NULL;
}

static const struct ui_form_resumer drafts[] = {
	{ DRAFT_ADD, "Azure Stack deployment", NULL, resume_add },
	{ NULL, NULL, NULL, NULL },
};

/* Opens what a draft was left in: the Add form of a registration that is
 * still there, or the checklist or its start form. */
static bool
resume(void *priv, struct ui_console *c, const struct store_draft *d)
{
	return ui_form_resume(c, priv, drafts, d) || ui_onboarding_resume(c, d);
}

static bool
tick(void *priv, struct ui_console *c)
{
	struct stack *b = priv;

	(void)c;
	return ui_list_tick(shown(b));
}

static bool
typing(void *priv)
{
	struct stack *b = priv;

	return shown(b)->filtering;
}

static void
activate(void *priv, struct ui_console *c)
{
	struct stack *b = priv;

	(void)c;
	ui_list_refresh(shown(b));
}

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_ADD, UI_ACTION_REMOVE, UI_ACTION_COPY, UI_ACTION_ONBOARD, UI_ACTION_HISTORY,
	UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_ADD, APP_STACK_DOING_ADD },
	{ UI_ACTION_REMOVE, APP_STACK_DOING_REMOVE },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_stack_view = {
	.name = "stack",
	.title = "Azure Stack",
	.private_size = sizeof(struct stack),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = draw,
	.handle = handle,
	.disabled = disabled,
	.tick = tick,
	.typing = typing,
	.activate = activate,
	.resume = resume,
	.history_key = history_key,
	.close = close_blade,
};
