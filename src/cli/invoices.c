#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_account.h"
#include "billcon/app_context.h"
#include "billcon/app_invoice.h"
#include "billcon/app_list.h"
#include "billcon/cli_invoices.h"
#include "billcon/app_download.h"
#include "billcon/cli_login.h"
#include "billcon/cli_out.h"
#include "billcon/cli_stream.h"

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

/* ---- invoices list ---- */

static const struct cli_column text_cols[] = {
	{ "name", "NUMBER", 12 },
	{ "period", "PERIOD", 23 },
	{ "amountText", "AMOUNT", 18 },
	{ "due", "DUE", 11 },
	{ "status", "STATUS", 9 },
	{ "billingProfileName", "PROFILE", 22 },
	{ "documentUrl", "DOCUMENT", 0 },
};

static const struct cli_column csv_cols[] = {
	{ "name", "NUMBER", 0 },
	{ "billingProfile", "PROFILE", 0 },
	{ "billingProfileName", "PROFILE NAME", 0 },
	{ "invoiceDate", "DATE", 0 },
	{ "periodStart", "PERIOD START", 0 },
	{ "periodEnd", "PERIOD END", 0 },
	{ "dueDate", "DUE", 0 },
	{ "amount", "AMOUNT", 0 },
	{ "currency", "CURRENCY", 0 },
	{ "status", "STATUS", 0 },
	{ "documentUrl", "DOCUMENT", 0 },
};

struct invoice_walk {
	struct cli_table t;
	const char *status;   /* ARM's spelling, or NULL for every status */
};

/* The text table's own cells: the dates as days, the amount in words. */
static void
text_cells(json_t *o, const struct store_invoice *v)
{
	char period[64], amount[64];

	snprintf(period, sizeof(period), "%.10s..%.10s", v->period_start, v->period_end);
	app_invoice_amount(v->amount_minor, v->currency, amount, sizeof(amount));
	json_object_set_new(o, "period", json_string(period));
	json_object_set_new(o, "amountText", json_string(amount));
	json_object_set_new(o, "due", json_sprintf("%.10s", v->due_date));
	if (!v->document_url[0])
		json_object_set_new(o, "documentUrl", json_string("(none)"));
}

static int
invoice_row(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_invoice *v = row;
	struct invoice_walk *w = data;
	json_t *o;

	(void)key;
	if (w->status && strcmp(v->status, w->status) != 0)
		return 0;
	if (!(o = app_invoice_json(v)))
		return 1;
	if (w->t.format == CLI_TEXT)
		text_cells(o, v);
	cli_table_row(&w->t, o);
	return 0;
}

struct invoice_opts {
	const char *profile, *status;
};

static int
invoice_opts(struct cli_args *a, struct invoice_opts *o)
{
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = 2; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--profile", &o->profile)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--status", &o->status))) {
			if (got < 0)
				return cli_usage(strcmp(a->argv[i], "--status") == 0
							 ? "--status needs a value: Due, Paid, PastDue, Void, Locked or Other."
							 : "--profile needs a value: a billing profile's name or ID.");
		} else {
			return cli_unexpected("invoices list", a->argv[i]);
		}
	}
	return 0;
}

/* Newest first, as the console starts. */
static int
list_invoices(struct app_ctx *ctx, enum cli_format format, const struct invoice_opts *o)
{
	struct invoice_walk w = { .t = { .format = format } };
	struct store_list_query q = { .spec = store_invoice_list(), .sort = STORE_INVOICE_SORT_DATE,
				      .descending = true };
	char status[16], profile[256];
	struct core_error err;

	core_error_clear(&err);
	w.t.cols = format == CLI_TEXT ? text_cols : csv_cols;
	w.t.ncols = format == CLI_TEXT ? NCOLS(text_cols) : NCOLS(csv_cols);
	if (o->status && app_invoice_status_parse(o->status, status, sizeof(status), &err))
		return cli_fail(&err);
	w.status = o->status ? status : NULL;
	if (o->profile && app_invoice_profile(ctx, o->profile, profile, sizeof(profile), &err))
		return cli_fail(&err);
	q.key = o->profile ? profile : NULL;
	if (q.key)
		q.spec = store_invoice_profile_list();
	if (app_invoice_query(ctx, &q, &err))
		return cli_fail(&err);
	cli_table_begin(&w.t);
	if (cli_stream_walk(ctx->st, &q, invoice_row, &w, &err)) {
		cli_table_end(&w.t, NULL);
		return cli_fail(&err);
	}
	cli_table_end(&w.t, "no invoices");
	return 0;
}

/* `invoices download ID [--output FILE] [--force] [--endpoint URL]
 * [--login-endpoint URL] [--auth ...] [--trace FILE]`. */
static int
download(struct cli_args *a)
{
	struct app_download d = { .name = a->argc > 2 ? a->argv[2] : NULL };
	struct cli_auth_opts auth_opts = { 0 };
	const char *trace = NULL;
	struct sync_http *http;
	struct app_auth *auth;
	struct app_config cfg;
	struct core_error err;
	struct app_ctx *ctx;
	char saved[1024];
	size_t bytes;
	int i, got, rc;

	if (!d.name || d.name[0] == '-')
		return cli_usage("invoices download needs the invoice's number (billcon invoices list shows them).");
	for (i = 3; i < a->argc; i++) {
		if ((got = cli_auth_opt(a->argc, a->argv, &i, &auth_opts)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--output", &d.output)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--endpoint", &d.arm)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--trace", &trace))) {
			if (got < 0)
				return cli_usage("%s needs a value.", a->argv[i]);
		} else if (strcmp(a->argv[i], "--force") == 0) {
			d.force = true;
		} else {
			return cli_unexpected("invoices download", a->argv[i]);
		}
	}
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	if (!(rc = cli_auth_settings(a, &auth_opts, &cfg)) &&
	    !(rc = cli_remote_begin(&cfg, &auth_opts, trace, 0, &http, &auth))) {
		if (!d.arm)
			d.arm = cfg.arm_endpoint;
		core_error_clear(&err);
		if (app_download_invoice(ctx, http, auth, &d, saved, sizeof(saved), &bytes, &err))
			rc = cli_fail(&err);
		else
			printf("Saved invoice %s to %s (%zu bytes).\n", d.name, saved, bytes);
		cli_remote_end(http, auth);
	}
	app_close(ctx);
	return rc;
}

int
cli_invoices(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";
	struct invoice_opts o;
	struct app_ctx *ctx;
	int rc;

	if (strcmp(verb, "download") == 0)
		return download(a);
	if (strcmp(verb, "list") != 0)
		return cli_usage("invoices has no verb \"%s\": use list or download.", verb);
	if ((rc = invoice_opts(a, &o)))
		return rc;
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = list_invoices(ctx, a->format, &o);
	app_close(ctx);
	return rc;
}

/* ---- accounts list ---- */

static const struct cli_column account_cols[] = {
	{ "inScope", "IN SCOPE", 9 },
	{ "displayName", "NAME", 24 },
	{ "accountType", "TYPE", 11 },
	{ "agreementType", "AGREEMENT", 27 },
	{ "name", "ID", 0 },
};

static const struct cli_column account_csv_cols[] = {
	{ "name", "ID", 0 },
	{ "displayName", "NAME", 0 },
	{ "agreementType", "AGREEMENT", 0 },
	{ "accountType", "TYPE", 0 },
	{ "accountStatus", "STATUS", 0 },
	{ "primaryTenantId", "PRIMARY TENANT", 0 },
	{ "soldToCountry", "COUNTRY", 0 },
	{ "inScope", "IN SCOPE", 0 },
};

struct account_walk {
	struct cli_table t;
	const struct app_ctx *ctx;
};

static int
account_row(const void *row, const struct store_list_key *key, void *data)
{
	struct account_walk *w = data;
	json_t *o = app_account_json(w->ctx, row);

	(void)key;
	if (!o)
		return 1;
	cli_table_row(&w->t, o);
	return 0;
}

int
cli_accounts(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";
	struct store_list_query q = { .spec = store_account_list(), .sort = STORE_ACCOUNT_SORT_NAME };
	struct account_walk w = { .t = { .format = a->format } };
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if (strcmp(verb, "list") != 0)
		return cli_usage("accounts has no verb \"%s\": use list.", verb);
	if (a->argc > 2)
		return cli_unexpected("accounts list", a->argv[2]);
	/* Any of several accounts stands in: the list is of them all. */
	a->app.reader = true;
	a->app.any_account = true;
	core_error_clear(&err);
	if (app_open(&a->app, &ctx, &err))
		return cli_fail(&err);
	w.ctx = ctx;
	w.t.cols = a->format == CLI_CSV ? account_csv_cols : account_cols;
	w.t.ncols = a->format == CLI_CSV ? NCOLS(account_csv_cols) : NCOLS(account_cols);
	/* The actor's own accounts: no role on the one in scope is needed. */
	q.key = ctx->actor;
	cli_table_begin(&w.t);
	rc = cli_stream_walk(ctx->st, &q, account_row, &w, &err);
	cli_table_end(&w.t, "no billing accounts");
	app_close(ctx);
	return rc ? cli_fail(&err) : 0;
}
