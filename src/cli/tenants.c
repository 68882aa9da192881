#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_provision.h"
#include "billcon/app_tenant.h"
#include "billcon/cli_csv.h"
#include "billcon/cli_out.h"
#include "billcon/cli_tenants.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

/* The columns of `tenants list --csv`, in order, matching the JSON keys. */
static const char *const csv_columns[] = {
	"tenantId", "domain", "displayName", "billingManagementState",
	"provisioningManagementState", "provisioningBillingRequestId", "createdOn",
};

/* The text table's columns, fitted to the terminal. */
struct text_layout {
	int name;       /* width of the name column */
	bool added;     /* room for the date added */
};

struct list_state {
	enum cli_format format;
	struct text_layout layout;
	long long rows;
};

#define ID_COLS 36
#define BILLING_COLS 8
#define PROVISIONING_COLS 13
#define ADDED_COLS 10

/* Fits the table to width columns (0: not a terminal, any width). */
static struct text_layout
text_layout(int width)
{
	struct text_layout l = { .name = 24, .added = true };
	int fixed = ID_COLS + BILLING_COLS + PROVISIONING_COLS + 3;

	if (width <= 0)
		return l;
	l.added = width >= fixed + ADDED_COLS + 1 + 24 + 1;
	if (l.added)
		fixed += ADDED_COLS + 1;
	l.name = width - fixed - 1;
	if (l.name > 40)
		l.name = 40;
	if (l.name < 10)
		l.name = 10;
	return l;
}

static void
put_csv_row(const struct store_tenant *t)
{
	json_t *o = app_tenant_json(t);
	size_t i;

	for (i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++) {
		json_t *v = json_object_get(o, csv_columns[i]);
		if (i)
			fputc(',', stdout);
		cli_put_csv(stdout, json_is_string(v) ? json_string_value(v) : "");
	}
	fputs("\r\n", stdout);
	json_decref(o);
}

static void
put_text_row(const struct text_layout *l, const char *name, const char *id, const char *billing,
	     const char *provisioning, const char *added)
{
	char date[64];

	cli_put_cell(stdout, name, l->name);
	fputc(' ', stdout);
	cli_put_cell(stdout, id, ID_COLS);
	fputc(' ', stdout);
	cli_put_cell(stdout, billing, BILLING_COLS);
	fputc(' ', stdout);
	if (l->added) {
		cli_put_cell(stdout, provisioning, PROVISIONING_COLS);
		fprintf(stdout, " %.10s\n", cli_safe(added, date, sizeof(date)));
	} else {
		cli_put_safe(stdout, provisioning);
		fputc('\n', stdout);
	}
}

static int
list_row(const struct store_tenant *t, void *data)
{
	struct list_state *s = data;
	json_t *o;

	switch (s->format) {
	case CLI_JSON:
		o = app_tenant_json(t);
		fputs(s->rows ? ",\n" : "\n", stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		break;
	case CLI_CSV:
		put_csv_row(t);
		break;
	case CLI_TEXT:
		put_text_row(&s->layout, t->display_name, t->tenant_id[0] ? t->tenant_id : t->domain,
			     core_bm_words(t->billing_state), core_pm_words(t->provisioning_state),
			     t->created_on);
		break;
	}
	s->rows++;
	return 0;
}

static void
list_header(enum cli_format format, const struct text_layout *l)
{
	size_t i;

	if (format == CLI_JSON) {
		fputc('[', stdout);
	} else if (format == CLI_CSV) {
		for (i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
			fprintf(stdout, "%s%s", i ? "," : "", csv_columns[i]);
		fputs("\r\n", stdout);
	} else {
		put_text_row(l, "NAME", "TENANT ID OR DOMAIN", "BILLING", "PROVISIONING", "ADDED");
	}
}

int
cli_tenants_list(struct cli_args *a)
{
	struct app_ctx *ctx;
	struct core_error err;
	struct list_state s = { .format = a->format, .layout = text_layout(cli_width()) };
	char name[1024];
	int rc;

	a->app.reader = true;
	rc = cli_open(a, &ctx);

	if (rc)
		return rc;
	core_error_clear(&err);
	list_header(a->format, &s.layout);
	if (app_tenant_each(ctx, list_row, &s, &err)) {
		if (a->format == CLI_JSON)
			fputs("]\n", stdout);
		app_close(ctx);
		return cli_fail(&err);
	}
	if (a->format == CLI_JSON)
		fputs(s.rows ? "\n]\n" : "]\n", stdout);
	else if (a->format == CLI_TEXT && s.rows == 0)
		fprintf(stdout, "(no associated tenants on billing account \"%s\")\n",
			cli_safe(ctx->account.display_name, name, sizeof(name)));
	app_close(ctx);
	return 0;
}

/* Prints the outcome of an add or a change: the tenant in JSON, or a
 * sentence with the invitation URL to hand to the tenant's administrator. */
static void
report(struct cli_args *a, struct app_ctx *ctx, const char *verb, const struct store_tenant *t)
{
	char url[1024], safe_url[4096], name[1024], key[1024], billing[256], provisioning[256];
	json_t *o;

	app_tenant_invitation_url(ctx, t, url, sizeof(url));
	if (a->format == CLI_JSON) {
		o = app_tenant_json(t);
		if (url[0] && strcmp(t->provisioning_state, CORE_PM_PENDING) == 0)
			json_object_set_new(o, "invitationUrl", json_string(url));
		cli_put_json(stdout, o);
		json_decref(o);
		return;
	}
	fprintf(stdout, "%s associated tenant \"%s\" (%s): billing management %s, provisioning %s.\n", verb,
		cli_safe(t->display_name, name, sizeof(name)),
		cli_safe(t->tenant_id[0] ? t->tenant_id : t->domain, key, sizeof(key)),
		cli_safe(t->billing_state, billing, sizeof(billing)),
		cli_safe(t->provisioning_state, provisioning, sizeof(provisioning)));
	if (!t->tenant_id[0])
		fprintf(stdout, "The domain %s is not in the directory yet: its tenant ID is resolved at sync.\n", key);
	if (url[0] && strcmp(t->provisioning_state, CORE_PM_PENDING) == 0)
		fprintf(stdout, "Send this invitation URL to the tenant's Global administrator to approve provisioning:\n%s\n",
			cli_safe(url, safe_url, sizeof(safe_url)));
}

static int
add(struct cli_args *a)
{
	struct app_tenant_new in = { 0 };
	struct store_tenant t;
	struct app_ctx *ctx;
	struct core_error err;
	int i, got, rc;

	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--tenant-id", &in.tenant_id)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--domain", &in.domain)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--name", &in.name))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if (strcmp(av[i], "--billing-management") == 0) {
			in.billing_management = true;
		} else if (strcmp(av[i], "--provisioning") == 0) {
			in.provisioning = true;
		} else {
			return cli_unexpected("tenants add", av[i]);
		}
	}
	if (!in.tenant_id && !in.domain)
		return cli_usage("tenants add needs --tenant-id GUID or --domain NAME.");
	if (!in.name)
		return cli_usage("tenants add needs --name NAME.");
	a->app.changes = "add an associated tenant";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_tenant_add(ctx, &in, &t, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	report(a, ctx, "Added", &t);
	app_close(ctx);
	return 0;
}

struct set_job {
	const char *key;
	struct app_tenant_change change;
	struct store_tenant out;
};

static enum core_status
run_set(struct app_ctx *ctx, bool confirmed, void *data, struct core_error *err)
{
	struct set_job *job = data;

	return app_tenant_set(ctx, job->key, &job->change, confirmed, &job->out, NULL, err);
}

static int
set(struct cli_args *a)
{
	struct set_job job = { .change = { .billing_management = -1, .provisioning = -1 } };
	struct app_ctx *ctx;
	const char *v;
	bool yes = false;
	int i, got, rc;

	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--name", &job.change.name))) {
			if (got < 0)
				return cli_usage("--name needs a value.");
		} else if ((got = cli_opt_value(a->argc, av, &i, "--billing-management", &v))) {
			if (got < 0 || cli_switch_opt("--billing-management", v, &job.change.billing_management))
				return got < 0 ? cli_usage("--billing-management needs on or off.") : 2;
		} else if ((got = cli_opt_value(a->argc, av, &i, "--provisioning", &v))) {
			if (got < 0 || cli_switch_opt("--provisioning", v, &job.change.provisioning))
				return got < 0 ? cli_usage("--provisioning needs on or off.") : 2;
		} else if (strcmp(av[i], "--yes") == 0) {
			yes = true;
		} else if (av[i][0] != '-' && !job.key) {
			job.key = av[i];
		} else {
			return cli_unexpected("tenants set", av[i]);
		}
	}
	if (!job.key)
		return cli_usage("tenants set needs the tenant ID or domain of the tenant to change.");
	a->app.changes = "change an associated tenant";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = cli_confirmable(ctx, yes, run_set, &job);
	if (!rc)
		report(a, ctx, "Changed", &job.out);
	app_close(ctx);
	return rc;
}

static enum core_status
run_remove(struct app_ctx *ctx, bool confirmed, void *data, struct core_error *err)
{
	return app_tenant_remove(ctx, data, confirmed, NULL, err);
}

static int
remove_cmd(struct cli_args *a)
{
	struct app_ctx *ctx;
	const char *key = NULL;
	bool yes = false;
	int i, rc;

	for (i = 2; i < a->argc; i++) {
		if (strcmp(a->argv[i], "--yes") == 0)
			yes = true;
		else if (a->argv[i][0] != '-' && !key)
			key = a->argv[i];
		else
			return cli_unexpected("tenants remove", a->argv[i]);
	}
	if (!key)
		return cli_usage("tenants remove needs the tenant ID or domain of the tenant to remove.");
	a->app.changes = "remove an associated tenant";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = cli_confirmable(ctx, yes, run_remove, (void *)key);
	if (!rc && a->format == CLI_TEXT) {
		fputs("Removed associated tenant ", stdout);
		cli_put_safe(stdout, key);
		fputs(".\n", stdout);
	}
	app_close(ctx);
	return rc;
}

/* The column of name in the import header, -1 when absent. */
static int
column(const struct cli_csv *c, const char *name, const char *alias)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->fields[i], name) == 0 || (alias && strcmp(c->fields[i], alias) == 0))
			return i;
	return -1;
}

struct import_cols {
	int tenant, name, billing, provisioning;
	int fields;  /* the header's, which every record must have */
};

/* Reports the record at line as failed, for the reason fmt gives. */
static bool
import_refuse(long line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool
import_refuse(long line, const char *fmt, ...)
{
	char why[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	fprintf(stderr, "billcon: line %ld: ", line);
	cli_put_safe(stderr, why);
	fputc('\n', stderr);
	return false;
}

/* An access-setting cell into *on: the words of core_parse_switch, or
 * empty for off. False for any other word, which the caller reports. */
static bool
import_switch(const struct cli_csv *c, int col, bool *on)
{
	*on = false;
	return col < 0 || !c->fields[col][0] || core_parse_switch(c->fields[col], on);
}

/* Adds the tenant of one record; a failure is reported with its line. */
static bool
import_row(struct app_ctx *ctx, const struct cli_csv *c, const struct import_cols *col)
{
	struct app_tenant_new in = { 0 };
	struct core_error err;
	char guid[37];
	const char *key = c->fields[col->tenant];
	int i;

	if (c->n != col->fields)
		return import_refuse(c->line, "the record has %d field%s where the header has %d.", c->n,
				     c->n == 1 ? "" : "s", col->fields);
	if (!import_switch(c, col->billing, &in.billing_management))
		return import_refuse(c->line, "billingManagement is on or off, not \"%.64s\".",
				     c->fields[col->billing]);
	if (!import_switch(c, col->provisioning, &in.provisioning))
		return import_refuse(c->line, "provisioning is on or off, not \"%.64s\".",
				     c->fields[col->provisioning]);
	core_error_clear(&err);
	/* Text that is not UTF-8 is refused on the way in, whatever column. */
	for (i = 0; i < c->n; i++)
		if (!core_utf8_valid(c->fields[i], strlen(c->fields[i])))
			return import_refuse(c->line, "field %d is not valid UTF-8.", i + 1);
	if (core_guid_parse(key, guid, NULL))
		in.tenant_id = key;
	else
		in.domain = key;
	in.name = c->fields[col->name];
	if (!app_tenant_add(ctx, &in, NULL, &err))
		return true;
	return import_refuse(c->line, "%s", err.message);
}

static int
import_rows(struct app_ctx *ctx, struct cli_csv *c)
{
	struct import_cols col;
	const char *problem;
	long added = 0, failed = 0;
	int got = cli_csv_next(c, &problem);

	if (got < 0)
		return cli_usage("The import's header row at line %ld is malformed: %s.", c->bad_line, problem);
	if (got == 0)
		return cli_usage("The import has no header row (tenant,name[,billingManagement][,provisioning]).");
	col.tenant = column(c, "tenant", "tenantId");
	col.name = column(c, "name", "displayName");
	col.billing = column(c, "billingManagement", "billing_management");
	col.provisioning = column(c, "provisioning", "provisioningManagement");
	col.fields = c->n;
	if (col.tenant < 0 || col.name < 0)
		return cli_usage("The import's header needs the columns tenant and name.");
	while ((got = cli_csv_next(c, &problem)) != 0) {
		if (got < 0)
			import_refuse(c->bad_line, "the record is malformed: %s.", problem);
		else if (c->n == 1 && !c->fields[0][0])
			continue;
		if (got > 0 && import_row(ctx, c, &col))
			added++;
		else
			failed++;
	}
	fprintf(stdout, "Imported %ld associated tenant%s; %ld failed.\n", added, added == 1 ? "" : "s", failed);
	return failed ? 3 : 0;
}

/* `tenants import FILE|-`: one add per record, each whole or not at all. */
static int
import(struct cli_args *a)
{
	struct cli_csv *c;
	struct app_ctx *ctx;
	FILE *f;
	int rc;

	if (a->argc != 3)
		return cli_usage("tenants import needs one CSV file, or - for standard input.");
	f = strcmp(a->argv[2], "-") == 0 ? stdin : fopen(a->argv[2], "r");
	if (!f)
		return cli_usage("The file %s cannot be read.", a->argv[2]);
	c = malloc(sizeof(*c));
	a->app.changes = "import associated tenants";
	rc = c ? cli_open(a, &ctx) : cli_usage("Out of memory.");
	if (!rc) {
		cli_csv_init(c, f);
		rc = import_rows(ctx, c);
		app_close(ctx);
	}
	free(c);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* `tenants provision ID --name NAME [--section SECTION]`. */
static int
provision(struct cli_args *a)
{
	const char *key = NULL, *name = NULL, *section = NULL;
	struct store_subscription sub;
	struct app_ctx *ctx;
	struct core_error err;
	char shown[1024];
	int i, got, rc;

	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--name", &name)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--section", &section))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if (av[i][0] != '-' && !key) {
			key = av[i];
		} else {
			return cli_unexpected("tenants provision", av[i]);
		}
	}
	if (!key || !name)
		return cli_usage("tenants provision needs the tenant's ID and --name NAME.");
	a->app.changes = "provision a subscription";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_provision_subscription(ctx, key, name, section, &sub, &err)) {
		rc = cli_fail(&err);
	} else if (a->format == CLI_JSON) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "subscriptionId", sub.subscription_id,
				      "displayName", sub.display_name, "serviceTenantId",
				      sub.service_tenant_id, "status", sub.status);
		cli_put_json(stdout, o);
		json_decref(o);
	} else {
		fprintf(stdout, "Provisioned Microsoft 365 subscription \"%s\" (%s) into tenant %s.\n",
			cli_safe(sub.display_name, shown, sizeof(shown)), sub.subscription_id,
			sub.service_tenant_id);
	}
	app_close(ctx);
	return rc;
}

int
cli_tenants(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";
	char shown[CORE_ECHO_BYTES];

	if (strcmp(verb, "list") == 0) {
		if (a->argc > 2)
			return cli_unexpected("tenants list", a->argv[2]);
		return cli_tenants_list(a);
	}
	if (strcmp(verb, "add") == 0)
		return add(a);
	if (strcmp(verb, "set") == 0)
		return set(a);
	if (strcmp(verb, "remove") == 0)
		return remove_cmd(a);
	if (strcmp(verb, "import") == 0)
		return import(a);
	if (strcmp(verb, "provision") == 0)
		return provision(a);
	return cli_usage("tenants has no verb \"%s\": use list, add, set, remove, import or provision.",
			 core_text_echo(verb, shown));
}
