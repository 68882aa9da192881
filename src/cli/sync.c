#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/cli_out.h"
#include "billcon/cli_sync.h"
#include "billcon/core_buf.h"

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

/* ---- sync --plan ---- */

static const struct cli_column plan_csv_cols[] = {
	{ "id", "ID", 0 },
	{ "createdOn", "CREATED", 0 },
	{ "action", "ACTION", 0 },
	{ "object", "OBJECT", 0 },
	{ "state", "STATE", 0 },
	{ "api", "API", 0 },
	{ "method", "METHOD", 0 },
	{ "path", "PATH", 0 },
	{ "reason", "REASON", 0 },
	{ "attempts", "ATTEMPTS", 0 },
	{ "lastError", "LAST ERROR", 0 },
	{ "heldBy", "HELD BY", 0 },
};

/* One change in text: its line, its before -> after, then the call or
 * why there is none, and what holds it back. */
static void
put_item(const struct app_plan_item *it)
{
	struct core_buf b = { 0 };

	fprintf(stdout, "#%lld  %s  %s  ", it->row->id, it->row->created_on, it->row->action);
	cli_put_safe(stdout, it->row->object);
	app_plan_change_words(it, &b);
	fputs("\n    ", stdout);
	cli_put_safe(stdout, b.failed ? "(out of memory)" : b.p ? b.p : "");
	core_buf_free(&b);
	if (it->state == APP_PLAN_LOCAL) {
		fputs("\n    local-only: ", stdout);
		cli_put_safe(stdout, it->call.reason);
		fputc('\n', stdout);
		return;
	}
	fprintf(stdout, "\n    %s %s  (%s%s)", it->call.method, it->call.path,
		it->call.api == SYNC_API_GRAPH ? "Microsoft Graph" : "ARM",
		it->call.lro ? "; may run long: polled to the end" : "");
	if (it->call.reason[0])
		fprintf(stdout, "\n    note: %s", it->call.reason);
	if (it->state == APP_PLAN_FAILED) {
		fprintf(stdout, "\n    failed (%lld attempt%s): ", it->row->attempts, it->row->attempts == 1 ? "" : "s");
		cli_put_safe(stdout, it->row->last_error);
	}
	if (it->state == APP_PLAN_SENT)
		fputs("\n    sent, its answer not recorded: read back before it is sent again", stdout);
	if (it->state == APP_PLAN_HELD)
		fprintf(stdout, "\n    held: waits for #%lld, an earlier change to the same object that has"
			" not gone through", it->held_by);
	fputc('\n', stdout);
}

static void
put_plan_text(const struct app_plan *p)
{
	size_t i;

	if (!p->n)
		fputs("No changes wait for sync.\n", stdout);
	for (i = 0; i < p->n; i++)
		put_item(&p->items[i]);
	fprintf(stdout, "%lld to push, %lld local-only, %lld failed, %lld held.\n", p->to_push,
		p->local_only, p->failed, p->held);
}

static void
put_plan_json(const struct app_plan *p)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < p->n; i++)
		json_array_append_new(items, app_plan_item_json(&p->items[i]));
	cli_put_json(stdout, json_pack("{s:o, s:I, s:I, s:I, s:I}", "changes", items, "toPush",
				       (json_int_t)p->to_push, "localOnly", (json_int_t)p->local_only,
				       "failed", (json_int_t)p->failed, "held", (json_int_t)p->held));
}

static void
put_plan_csv(const struct app_plan *p)
{
	struct cli_table t = { .format = CLI_CSV, .cols = plan_csv_cols, .ncols = NCOLS(plan_csv_cols) };
	size_t i;

	cli_table_begin(&t);
	for (i = 0; i < p->n; i++)
		cli_table_row(&t, app_plan_item_json(&p->items[i]));
	cli_table_end(&t, NULL);
}

static int
plan_mode(struct cli_args *a)
{
	struct core_error err;
	struct app_plan *p;
	struct app_ctx *ctx;
	int rc;

	a->app.reader = true;
	a->app.any_account = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_plan_load(ctx, &p, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	if (a->format == CLI_JSON)
		put_plan_json(p);
	else if (a->format == CLI_CSV)
		put_plan_csv(p);
	else
		put_plan_text(p);
	app_plan_free(p);
	app_close(ctx);
	return 0;
}

/* ---- the modes ---- */

static const struct {
	const char *flag;
	int (*run)(struct cli_args *a);
} modes[] = {
	{ "--plan", plan_mode },
};

int
cli_sync(struct cli_args *a)
{
	size_t i;

	if (a->argc < 2)
		return cli_usage("sync needs a mode: --plan (the changes waiting and the calls they make).");
	for (i = 0; i < NCOLS(modes); i++)
		if (strcmp(a->argv[1], modes[i].flag) == 0)
			break;
	if (i == NCOLS(modes))
		return cli_unexpected("sync", a->argv[1]);
	if (a->argc > 2)
		return cli_unexpected("sync", a->argv[2]);
	return modes[i].run(a);
}
