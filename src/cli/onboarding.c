#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_json.h"
#include "billcon/app_onboarding.h"
#include "billcon/cli_onboarding.h"
#include "billcon/cli_out.h"

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static const struct cli_column list_cols[] = {
	{ "tenantId", "TENANT", 37 },
	{ "customer", "CUSTOMER", 24 },
	{ "management", "MANAGEMENT", 11 },
	{ "progress", "DONE", 6 },
	{ "warning", "WARNING", 0 },
};

static const struct cli_column step_cols[] = {
	{ "mark", "", 4 },
	{ "step", "STEP", 28 },
	{ "kind", "KIND", 8 },
	{ "by", "BY", 18 },
	{ "on", "ON", 21 },
	{ "detail", "DETAIL", 0 },
};

/* ---- the list of onboardings ---- */

static json_t *
list_row(const struct app_onboarding *ob)
{
	json_t *o = app_onboarding_json(ob);
	char progress[32];

	snprintf(progress, sizeof(progress), "%d/%d", app_onboarding_done(ob), ob->nitems);
	json_object_set_new(o, "progress", json_string(progress));
	json_object_del(o, "steps");
	if (!ob->warning[0])
		json_object_set_new(o, "warning", json_string(""));
	return o;
}

static int
list_cmd(struct cli_args *a, struct app_ctx *ctx)
{
	struct cli_table t = { .format = a->format, .cols = list_cols, .ncols = NCOLS(list_cols) };
	struct store_onboarding *all = NULL;
	struct app_onboarding *ob = malloc(sizeof(*ob));
	struct core_error err;
	size_t n = 0, i;
	int rc = 0;

	core_error_clear(&err);
	if (!ob)
		return fputs("billcon: out of memory.\n", stderr), 1;
	if (app_onboarding_list(ctx, &all, &n, &err)) {
		free(ob);
		return cli_fail(&err);
	}
	cli_table_begin(&t);
	for (i = 0; i < n && !rc; i++) {
		if (app_onboarding_read(ctx, all[i].tenant_id, ob, &err))
			rc = cli_fail(&err);
		else
			cli_table_row(&t, list_row(ob));
	}
	cli_table_end(&t, "no onboarding started");
	free(all);
	free(ob);
	return rc;
}

/* ---- one checklist ---- */

static json_t *
step_row(const struct app_onb_item *it)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:b}", "mark", it->done ? "[x]" : "[ ]", "step",
			 app_json_text(it->word), "kind", it->derived ? "derived" : "ticked", "by",
			 app_json_text(it->by), "on", app_json_text(it->on), "detail", app_json_text(it->detail),
			 "title", app_json_text(it->title), "done", it->done);
}

static void
show_text(const struct app_onboarding *ob)
{
	struct cli_table t = { .format = CLI_TEXT, .cols = step_cols, .ncols = NCOLS(step_cols) };
	int i;

	fputs("Onboarding of ", stdout);
	cli_put_safe(stdout, ob->o.customer);
	fputs(" (tenant ", stdout);
	cli_put_safe(stdout, ob->o.tenant_id);
	fputs("), started by ", stdout);
	cli_put_safe(stdout, ob->o.started_by);
	fputs(" on ", stdout);
	cli_put_safe(stdout, ob->o.started_on);
	printf(": %d of %d steps done.\n", app_onboarding_done(ob), ob->nitems);
	cli_table_begin(&t);
	for (i = 0; i < ob->nitems; i++)
		cli_table_row(&t, step_row(&ob->items[i]));
	cli_table_end(&t, NULL);
	if (ob->warning[0]) {
		fputs("Warning: ", stdout);
		cli_put_safe(stdout, ob->warning);
		fputc('\n', stdout);
	}
}

static int
show_cmd(struct cli_args *a, struct app_ctx *ctx, const char *tenant)
{
	struct app_onboarding *ob = malloc(sizeof(*ob));
	struct core_error err;
	int rc = 0, i;

	core_error_clear(&err);
	if (!ob)
		return fputs("billcon: out of memory.\n", stderr), 1;
	if (app_onboarding_read(ctx, tenant, ob, &err)) {
		rc = cli_fail(&err);
	} else if (a->format == CLI_JSON) {
		json_t *j = app_onboarding_json(ob);
		cli_put_json(stdout, j);
		json_decref(j);
	} else if (a->format == CLI_CSV) {
		struct cli_table t = { .format = CLI_CSV, .cols = step_cols + 1, .ncols = NCOLS(step_cols) - 1 };
		cli_table_begin(&t);
		for (i = 0; i < ob->nitems; i++)
			cli_table_row(&t, step_row(&ob->items[i]));
		cli_table_end(&t, NULL);
	} else {
		show_text(ob);
	}
	free(ob);
	return rc;
}

/* ---- changes ---- */

static int
done(int rc, const struct core_error *err, const char *what, const char *tenant)
{
	if (rc)
		return cli_fail(err);
	fputs(what, stdout);
	fputs(" for tenant ", stdout);
	cli_put_safe(stdout, tenant);
	fputs(".\n", stdout);
	return 0;
}

static int
start_cmd(struct cli_args *a, struct app_ctx *ctx, const char *tenant)
{
	const char *customer = NULL;
	struct core_error err;
	int i, got;

	for (i = 4; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--customer", &customer)) < 0)
			return cli_usage("--customer needs a value.");
		if (!got)
			return cli_unexpected("stack onboarding start", a->argv[i]);
	}
	if (!customer)
		return cli_usage("stack onboarding TENANT start needs --customer NAME.");
	core_error_clear(&err);
	return done(app_onboarding_start(ctx, tenant, customer, &err), &err, "Started the onboarding", tenant);
}

static int
tick_cmd(struct cli_args *a, struct app_ctx *ctx, const char *tenant, bool on)
{
	struct core_error err;
	char what[400], step[320];

	if (a->argc < 5)
		return cli_usage("stack onboarding TENANT %s needs a STEP: customer, management, "
				 "onboarded:DEPLOYMENT or test.", on ? "tick" : "untick");
	if (a->argc > 5)
		return cli_unexpected(on ? "stack onboarding tick" : "stack onboarding untick", a->argv[5]);
	core_error_clear(&err);
	snprintf(what, sizeof(what), "%s %s", on ? "Ticked" : "Unticked", cli_safe(a->argv[4], step, sizeof(step)));
	return done(app_onboarding_tick(ctx, tenant, a->argv[4], on, &err), &err, what, tenant);
}

static int
manage_cmd(struct cli_args *a, struct app_ctx *ctx, const char *tenant)
{
	const char *guest = NULL;
	struct core_error err;
	int i, got;

	if (a->argc < 5)
		return cli_usage("stack onboarding TENANT manage needs csp or guest.");
	for (i = 5; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--guest", &guest)) < 0)
			return cli_usage("--guest needs a value.");
		if (!got)
			return cli_unexpected("stack onboarding manage", a->argv[i]);
	}
	core_error_clear(&err);
	return done(app_onboarding_manage(ctx, tenant, a->argv[4], guest, &err), &err, "Chose the management",
		    tenant);
}

/* The verb after TENANT ("" to show the checklist) and whether it writes. */
static const char *
verb_of(const struct cli_args *a, bool *writes)
{
	const char *v = a->argc > 3 ? a->argv[3] : "";

	*writes = strcmp(v, "start") == 0 || strcmp(v, "tick") == 0 || strcmp(v, "untick") == 0 ||
		  strcmp(v, "manage") == 0;
	return v;
}

int
cli_onboarding(struct cli_args *a)
{
	const char *tenant = a->argc > 2 ? a->argv[2] : NULL, *verb;
	struct app_ctx *ctx;
	bool writes;
	int rc;

	verb = verb_of(a, &writes);
	if (verb[0] && !writes)
		return cli_unexpected("stack onboarding TENANT", verb);
	if (writes)
		a->app.changes = APP_ONBOARDING_DOING;
	else
		a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	if (!tenant)
		rc = list_cmd(a, ctx);
	else if (!verb[0])
		rc = show_cmd(a, ctx, tenant);
	else if (strcmp(verb, "start") == 0)
		rc = start_cmd(a, ctx, tenant);
	else if (strcmp(verb, "manage") == 0)
		rc = manage_cmd(a, ctx, tenant);
	else
		rc = tick_cmd(a, ctx, tenant, strcmp(verb, "tick") == 0);
	app_close(ctx);
	return rc;
}
