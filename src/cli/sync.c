#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_push.h"
#include "billcon/cli_out.h"
#include "billcon/cli_sync.h"
#include "billcon/core_buf.h"

#include <stdlib.h>
#include <sys/stat.h>

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

/* Item by item, so that a plan of any size costs one item's JSON. */
static void
put_plan_json(const struct app_plan *p)
{
	json_t *o;
	size_t i;

	fputs("{\"changes\":[", stdout);
	for (i = 0; i < p->n; i++) {
		o = app_plan_item_json(&p->items[i]);
		if (i)
			fputc(',', stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
	}
	fprintf(stdout, "],\"toPush\":%lld,\"localOnly\":%lld,\"failed\":%lld,\"held\":%lld}\n", p->to_push,
		p->local_only, p->failed, p->held);
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

/* ---- sync --push-only ---- */

/* The options of a mode that talks to the service. Tokens come from a
 * file only (never argv): the sign-in's token cache stands in later. */
struct remote_opts {
	const char *arm, *graph, *login, *token_file, *trace;
};

static int
remote_opts(struct cli_args *a, int from, struct remote_opts *o)
{
	static const struct {
		const char *name;
		size_t off;
	} names[] = {
		{ "--endpoint", offsetof(struct remote_opts, arm) },
		{ "--graph-endpoint", offsetof(struct remote_opts, graph) },
		{ "--login-endpoint", offsetof(struct remote_opts, login) },
		{ "--token-file", offsetof(struct remote_opts, token_file) },
		{ "--trace", offsetof(struct remote_opts, trace) },
	};
	size_t k;
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = from; i < a->argc; i++) {
		for (got = 0, k = 0; !got && k < NCOLS(names); k++)
			got = cli_opt_value(a->argc, a->argv, &i, names[k].name,
					    (const char **)((char *)o + names[k].off));
		if (got < 0)
			return cli_usage("%s needs a value.", names[k - 1].name);
		if (!got)
			return cli_unexpected("sync", a->argv[i]);
	}
	if (!o->token_file)
		return cli_usage("sync --push-only needs --token-file FILE (mode 0600) until sign-in comes.");
	return 0;
}

/* The token in path's first line into out; the file must be the user's
 * alone (0600). 0, or the exit code, reported. */
static int
read_token(const char *path, char *out, size_t size)
{
	struct core_error err;
	struct stat sb;
	char *text, *nl;

	core_error_clear(&err);
	if (stat(path, &sb) != 0)
		return cli_usage("The token file %s cannot be read.", path);
	if (sb.st_mode & 077) {
		core_error_set(&err, CORE_REFUSED, "The token file %s may be read by others: make it mode 0600.", path);
		return cli_fail(&err);
	}
	if (!(text = cli_slurp(path)))
		return cli_usage("The token file %s cannot be read.", path);
	if ((nl = strpbrk(text, "\r\n")))
		*nl = '\0';
	snprintf(out, size, "%s", text);
	free(text);
	if (!out[0])
		return cli_usage("The token file %s holds no token.", path);
	return 0;
}

static void
push_progress(void *data, const struct app_plan_item *it)
{
	char why[640];

	(void)data;
	if (it->state == APP_PLAN_FAILED)
		fprintf(stderr, "billcon: #%lld %s failed: %s\n", it->row->id, it->row->action,
			cli_safe(it->row->last_error ? it->row->last_error : "", why, sizeof(why)));
	if (it->state == APP_PLAN_HELD)
		fprintf(stderr, "billcon: #%lld %s held: it waits for #%lld, which has not gone through.\n",
			it->row->id, it->row->action, it->held_by);
}

static int
push_run(struct app_ctx *ctx, const struct remote_opts *ro, const char *token)
{
	struct app_push_opts po = { .ca_file = ctx->cfg.ca_file, .trace_path = ro->trace,
				    .login = ro->login ? ro->login : ctx->cfg.login_endpoint,
				    .progress = push_progress };
	struct app_push_result r;
	struct core_error err;
	enum core_status rc;

	core_error_clear(&err);
	po.target.arm = ro->arm ? ro->arm : ctx->cfg.arm_endpoint;
	po.target.graph = ro->graph ? ro->graph : ctx->cfg.graph_endpoint;
	po.target.arm_token = po.target.graph_token = token;
	/* Tests retry in milliseconds (DEVELOPERS.md). */
	if (getenv("BILLCON_HTTP_BACKOFF_MS"))
		po.backoff_base_ms = atol(getenv("BILLCON_HTTP_BACKOFF_MS"));
	if ((rc = app_push(ctx, &po, &r, &err)))
		return cli_fail(&err);
	fprintf(stdout, "Pushed %lld change%s; %lld local-only settled; %lld failed; %lld held.\n", r.pushed,
		r.pushed == 1 ? "" : "s", r.local, r.failed, r.held);
	if (r.stopped) {
		core_error_set(&err, CORE_REMOTE, "The service did not answer: push stopped there, the rest waits"
			       " for the next sync.");
		return cli_fail(&err);
	}
	if (r.failed || r.held) {
		core_error_set(&err, CORE_REMOTE, "%lld change%s failed and %lld wait%s behind them: see billcon sync --plan.",
			       r.failed, r.failed == 1 ? "" : "s", r.held, r.held == 1 ? "s" : "");
		return cli_fail(&err);
	}
	return 0;
}

static int
push_mode(struct cli_args *a)
{
	struct remote_opts ro;
	struct app_ctx *ctx;
	char token[16384];
	int rc;

	if ((rc = remote_opts(a, 2, &ro)) || (rc = read_token(ro.token_file, token, sizeof(token))))
		return rc;
	a->app.changes = "push the waiting changes";
	a->app.any_account = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = push_run(ctx, &ro, token);
	memset(token, 0, sizeof(token));
	app_close(ctx);
	return rc;
}

/* ---- the modes ---- */

static const struct {
	const char *flag;
	int (*run)(struct cli_args *a);
	bool options;   /* takes options after it */
} modes[] = {
	{ "--plan", plan_mode, false },
	{ "--push-only", push_mode, true },
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
	if (a->argc > 2 && !modes[i].options)
		return cli_unexpected("sync", a->argv[2]);
	return modes[i].run(a);
}
