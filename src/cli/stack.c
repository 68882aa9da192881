#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_stack.h"
#include "billcon/cli_onboarding.h"
#include "billcon/cli_out.h"
#include "billcon/cli_stack.h"
#include "billcon/core_stack.h"

/* ---- list ---- */

static const struct cli_column reg_cols[] = {
	{ "deployment", "DEPLOYMENT", 15 },
	{ "registrationName", "REGISTRATION", 22 },
	{ "type", "TYPE", 6 },
	{ "registrationSubscriptionId", "DEFAULT SUBSCRIPTION", 37 },
	{ "resourceGroup", "RESOURCE GROUP", 18 },
	{ "registeringTenantId", "REGISTERING TENANT", 37 },
	{ "customerSubscriptions", "CUSTOMERS", 0 },
};

static const struct cli_column customer_cols[] = {
	{ "deployment", "DEPLOYMENT", 15 },
	{ "registrationName", "REGISTRATION", 22 },
	{ "subscriptionId", "SUBSCRIPTION", 37 },
	{ "tenantId", "TENANT", 37 },
	{ "displayName", "NAME", 32 },
	{ "addedBy", "ADDED BY", 18 },
	{ "addedOn", "ADDED ON", 21 },
	{ "resourceId", "RESOURCE ID", 0 },
};

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

/* JSON: each registration with its customer subscriptions nested. */
static void
list_json(const struct app_stack_view *v)
{
	struct cli_table t = { .format = CLI_JSON, .cols = reg_cols, .ncols = NCOLS(reg_cols) };
	size_t i, k;

	cli_table_begin(&t);
	for (i = 0; i < v->nregs; i++) {
		json_t *o = app_stack_reg_json(&v->regs[i]), *cs = json_array();

		for (k = 0; k < v->ncustomers; k++)
			if (v->customers[k].registration == v->regs[i].id)
				json_array_append_new(cs, app_stack_customer_json(&v->regs[i], &v->customers[k]));
		json_object_set_new(o, "customers", cs);
		cli_table_row(&t, o);
	}
	cli_table_end(&t, NULL);
}

/* The customer subscriptions, a row each (CSV, and the text's second table). */
static void
list_customers(const struct app_stack_view *v, enum cli_format format)
{
	struct cli_table t = { .format = format, .cols = customer_cols, .ncols = NCOLS(customer_cols) };
	size_t i, k;

	/* In the order of the registrations. */
	cli_table_begin(&t);
	for (i = 0; i < v->nregs; i++)
		for (k = 0; k < v->ncustomers; k++)
			if (v->customers[k].registration == v->regs[i].id)
				cli_table_row(&t, app_stack_customer_json(&v->regs[i], &v->customers[k]));
	cli_table_end(&t, "no customer subscriptions");
}

static void
list_text(const struct app_stack_view *v)
{
	struct cli_table t = { .format = CLI_TEXT, .cols = reg_cols, .ncols = NCOLS(reg_cols) };
	size_t i;

	cli_table_begin(&t);
	for (i = 0; i < v->nregs; i++)
		cli_table_row(&t, app_stack_reg_json(&v->regs[i]));
	cli_table_end(&t, "no Azure Stack registrations");
	fputs("\nCustomer subscriptions:\n", stdout);
	list_customers(v, CLI_TEXT);
}

static int
list_cmd(struct cli_args *a)
{
	struct app_stack_view v;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if (a->argc > 2)
		return cli_unexpected("stack list", a->argv[2]);
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_stack_read(ctx, &v, &err))
		rc = cli_fail(&err);
	else if (a->format == CLI_JSON)
		list_json(&v);
	else if (a->format == CLI_CSV)
		list_customers(&v, CLI_CSV);
	else
		list_text(&v);
	app_stack_view_free(&v);
	app_close(ctx);
	return rc;
}

/* ---- add-customer, remove-customer, commands ---- */

struct opts {
	const char *registration, *subscription, *tenant;
	bool yes;
};

/* The options of command: --registration and --subscription always,
 * --tenant when takes_tenant, --yes when takes_yes. */
static int
parse(struct cli_args *a, const char *command, bool takes_tenant, bool takes_yes, struct opts *o)
{
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;

		if ((got = cli_opt_value(a->argc, av, &i, "--registration", &o->registration)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--subscription", &o->subscription)) ||
		    (takes_tenant && (got = cli_opt_value(a->argc, av, &i, "--tenant", &o->tenant)))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if (takes_yes && strcmp(av[i], "--yes") == 0) {
			o->yes = true;
		} else {
			return cli_unexpected(command, av[i]);
		}
	}
	if (!o->registration || !o->subscription || (takes_tenant && !o->tenant))
		return cli_usage("%s needs --registration NAME and --subscription GUID%s.", command,
				 takes_tenant ? " and --tenant GUID" : "");
	return 0;
}

static int
add_cmd(struct cli_args *a)
{
	struct store_stack_customer c;
	struct app_stack_add in;
	struct core_error err;
	struct app_ctx *ctx;
	struct opts o;
	int rc;

	if ((rc = parse(a, "stack add-customer", true, false, &o)))
		return rc;
	in = (struct app_stack_add){ o.registration, o.subscription, o.tenant };
	a->app.changes = APP_STACK_DOING_ADD;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_stack_add_customer(ctx, &in, &c, &err))
		rc = cli_fail(&err);
	else
		fprintf(stdout, "Added customer subscription %s (tenant %s).\n", c.subscription_id, c.tenant_id);
	app_close(ctx);
	return rc;
}

static enum core_status
run_remove(struct app_ctx *ctx, bool confirmed, void *data, struct core_error *err)
{
	const struct opts *o = data;

	return app_stack_remove_customer(ctx, o->registration, o->subscription, confirmed, err);
}

static int
remove_cmd(struct cli_args *a)
{
	struct app_ctx *ctx;
	struct opts o;
	int rc;

	if ((rc = parse(a, "stack remove-customer", false, true, &o)))
		return rc;
	a->app.changes = APP_STACK_DOING_REMOVE;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = cli_confirmable(ctx, o.yes, run_remove, &o);
	if (!rc) {
		fputs("Removed customer subscription ", stdout);
		cli_put_safe(stdout, o.subscription);
		fputs(".\n", stdout);
	}
	app_close(ctx);
	return rc;
}

static int
commands_cmd(struct cli_args *a)
{
	char id[1024], *ps = NULL, *az = NULL;
	struct core_error err;
	struct app_ctx *ctx;
	struct opts o;
	int rc;

	if ((rc = parse(a, "stack commands", false, false, &o)))
		return rc;
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_stack_commands(ctx, o.registration, o.subscription, id, sizeof(id), &ps, &az, &err)) {
		rc = cli_fail(&err);
	} else if (a->format == CLI_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "resourceId", id, "apiVersion", CORE_STACK_API_VERSION,
				      "powershell", ps, "az", az);

		cli_put_json(stdout, j);
		json_decref(j);
	} else {
		fputs("Resource ID: ", stdout);
		cli_put_safe(stdout, id);
		fputs("\nPowerShell:\n  ", stdout);
		cli_put_safe(stdout, ps);
		fputs("\nAzure CLI:\n  ", stdout);
		cli_put_safe(stdout, az);
		fputc('\n', stdout);
	}
	free(ps);
	free(az);
	app_close(ctx);
	return rc;
}

int
cli_stack(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : NULL;

	if (!verb || strcmp(verb, "list") == 0)
		return verb ? list_cmd(a) : cli_usage("stack needs a verb: list, add-customer, remove-customer, commands or onboarding.");
	if (strcmp(verb, "add-customer") == 0)
		return add_cmd(a);
	if (strcmp(verb, "remove-customer") == 0)
		return remove_cmd(a);
	if (strcmp(verb, "commands") == 0)
		return commands_cmd(a);
	if (strcmp(verb, "onboarding") == 0)
		return cli_onboarding(a);
	return cli_unexpected("stack", verb);
}
