#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_push.h"
#include "billcon/app_resolve.h"
#include "billcon/cli_out.h"
#include "billcon/cli_sync.h"
#include "billcon/core_buf.h"

#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include "billcon/app_sync.h"
#include "billcon/cli_login.h"

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
	{ "conflict", "CONFLICT", 0 },
};

/* A conflict: mine (the change) against theirs (what the read-back found),
 * and how to settle it. */
static void
put_conflict(const struct app_plan_item *it)
{
	struct core_buf b = { 0 };

	app_plan_change_words(it, &b);
	fputs("\n    conflict: changed at the service since it was pulled; not sent\n    mine:   ", stdout);
	cli_put_safe(stdout, b.failed ? "(out of memory)" : b.p ? b.p : "");
	core_buf_free(&b);
	app_plan_theirs_words(it, &b);
	fputs("\n    theirs: ", stdout);
	cli_put_safe(stdout, b.failed ? "(out of memory)" : b.p ? b.p : "");
	core_buf_free(&b);
	fprintf(stdout, "\n    settle it: billcon sync resolve %lld --mine|--theirs", it->row->id);
}

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
		/* Failed before it was sent (its read-back, or its maker's
		 * sign-in): no attempt of the call itself to count. */
		if (it->row->attempts)
			fprintf(stdout, "\n    failed (%lld attempt%s): ", it->row->attempts,
				it->row->attempts == 1 ? "" : "s");
		else
			fputs("\n    failed before it was sent: ", stdout);
		cli_put_safe(stdout, it->row->last_error);
	}
	if (it->state == APP_PLAN_SENT)
		fputs("\n    sent, its answer not recorded: read back before it is sent again", stdout);
	if (it->state == APP_PLAN_HELD)
		fprintf(stdout, "\n    held: waits for #%lld, an earlier change to the same object that has"
			" not gone through", it->held_by);
	if (it->state == APP_PLAN_CONFLICT)
		put_conflict(it);
	fputc('\n', stdout);
}

/* The plan, streamed a change at a time (app_plan_each) in the format
 * asked: memory stays that of one change whatever the plan's size. */
struct plan_out {
	enum cli_format format;
	struct cli_table csv;
	long long n;
};

static int
put_plan_item(const struct app_plan_item *it, void *arg)
{
	struct plan_out *o = arg;
	json_t *j;

	if (o->format == CLI_TEXT) {
		put_item(it);
	} else if (o->format == CLI_CSV) {
		cli_table_row(&o->csv, app_plan_item_json(it));
	} else {
		j = app_plan_item_json(it);
		if (o->n)
			fputc(',', stdout);
		json_dumpf(j, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
	}
	o->n++;
	return 0;
}

/* What comes after the changes: the counts (text and JSON). */
static void
put_plan_end(struct plan_out *o, const struct app_plan_summary *s)
{
	if (o->format == CLI_CSV) {
		cli_table_end(&o->csv, NULL);
		return;
	}
	if (o->format == CLI_JSON) {
		fprintf(stdout, "],\"toPush\":%lld,\"localOnly\":%lld,\"failed\":%lld,\"held\":%lld,"
			"\"conflicts\":%lld}\n", s->to_push, s->local_only, s->failed, s->held, s->conflicts);
		return;
	}
	if (!o->n)
		fputs("No changes wait for sync.\n", stdout);
	fprintf(stdout, "%lld to push, %lld local-only, %lld failed, %lld held", s->to_push, s->local_only,
		s->failed, s->held);
	if (s->conflicts)
		fprintf(stdout, ", %lld in conflict", s->conflicts);
	fputs(".\n", stdout);
}

static int
plan_mode(struct cli_args *a)
{
	struct plan_out o = { .format = a->format,
			      .csv = { .format = CLI_CSV, .cols = plan_csv_cols, .ncols = NCOLS(plan_csv_cols) } };
	struct app_plan_summary s;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	a->app.reader = true;
	a->app.any_account = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_plan_summarize(ctx, &s, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	if (o.format == CLI_CSV)
		cli_table_begin(&o.csv);
	else if (o.format == CLI_JSON)
		fputs("{\"changes\":[", stdout);
	rc = app_plan_each(ctx, &s, put_plan_item, &o, &err);
	if (!rc)
		put_plan_end(&o, &s);
	app_plan_summary_free(&s);
	app_close(ctx);
	return rc ? cli_fail(&err) : 0;
}

/* ---- sync, sync --pull-only, sync --push-only ---- */

/* The options of a mode that talks to the service. Tokens never come
 * from argv: the sign-in (the token cache, a device code, client
 * credentials or a token file) hands them over. */
struct remote_opts {
	const char *arm, *graph, *trace;
	struct cli_auth_opts auth;
	bool pull, push;
	bool switch_user;  /* --switch-user */
	bool bar;        /* stderr is a terminal: the progress line */
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
		{ "--trace", offsetof(struct remote_opts, trace) },
	};
	const char *fd = NULL;
	size_t k;
	int i, got;

	for (i = from; i < a->argc; i++) {
		if ((got = cli_auth_opt(a->argc, a->argv, &i, &o->auth)))
			if (got < 0)
				return 2;
		if (!got && strcmp(a->argv[i], "--switch-user") == 0)
			got = o->switch_user = true;
		if (!got && (got = cli_opt_value(a->argc, a->argv, &i, "--progress-fd", &fd)) > 0 &&
		    ((o->auth.progress_fd = atoi(fd)) <= 2 || fcntl(o->auth.progress_fd, F_GETFD) < 0))
			return cli_usage("--progress-fd takes an open file descriptor above 2.");
		for (k = 0; !got && k < NCOLS(names); k++)
			got = cli_opt_value(a->argc, a->argv, &i, names[k].name,
					    (const char **)((char *)o + names[k].off));
		if (got < 0)
			return cli_usage("%s needs a value.", names[k - 1].name);
		if (!got)
			return cli_unexpected("sync", a->argv[i]);
	}
	return 0;
}

/* A progress bar on stderr when it is a terminal: the listing, its pages
 * and items written so far, redrawn in place. */
static void
pull_progress(void *data, const char *collection, long long pages, long long items)
{
	const struct remote_opts *o = data;

	if (o->auth.progress_fd > 0)
		dprintf(o->auth.progress_fd, "pull %s %lld %lld\n", collection, pages, items);
	if (o->bar) {
		fprintf(stderr, "\rpulling %-28.28s %6lld pages, %8lld items", collection, pages, items);
		fflush(stderr);
	}
}

static void
push_progress(void *data, const struct app_plan_item *it)
{
	const struct remote_opts *o = data;
	char why[640];

	if (!it) {
		if (o->auth.progress_fd > 0)
			dprintf(o->auth.progress_fd, "push 0 start\n");
		return;
	}
	if (o->auth.progress_fd > 0)
		dprintf(o->auth.progress_fd, "push %lld %s\n", it->row->id, app_plan_state_name(it->state));
	if (it->state == APP_PLAN_FAILED)
		fprintf(stderr, "billcon: #%lld %s failed: %s\n", it->row->id, it->row->action,
			cli_safe(it->row->last_error ? it->row->last_error : "", why, sizeof(why)));
	if (it->state == APP_PLAN_HELD)
		fprintf(stderr, "billcon: #%lld %s held: it waits for #%lld, which has not gone through.\n",
			it->row->id, it->row->action, it->held_by);
	if (it->state == APP_PLAN_CONFLICT)
		fprintf(stderr, "billcon: #%lld %s in conflict: %s at the service since it was pulled; not sent.\n",
			it->row->id, it->row->action, it->row->conflict && it->row->conflict[0] ? "changed" : "removed");
}

/* What was done, as a line (or JSON): the pull's counts, the push's. */
static void
put_summary(const struct cli_args *a, const struct app_sync_result *r)
{
	const struct app_pull_count *t = &r->pull.total;
	const struct app_push_result *p = &r->push;

	if (a->format == CLI_JSON) {
		fprintf(stdout, "{\"created\":%s,\"pulled\":%s,\"pages\":%lld,\"items\":%lld,\"added\":%lld,"
			"\"changed\":%lld,\"removed\":%lld,\"pushed\":%lld,\"localOnly\":%lld,\"failed\":%lld,"
			"\"held\":%lld,\"conflicts\":%lld}\n", r->created ? "true" : "false", r->pulled ? "true" : "false",
			t->pages, t->items, t->added, t->changed, t->removed, p->pushed, p->local, p->failed, p->held,
			p->conflicts);
		return;
	}
	if (r->pulled)
		fprintf(stdout, "%s %lld page%s, %lld objects: %lld added, %lld changed, %lld removed.\n",
			r->created ? "Created the store from the account:" : "Pulled", t->pages,
			t->pages == 1 ? "" : "s", t->items, t->added, t->changed, t->removed);
	if (r->directory_skipped)
		fputs("The directory was not pulled: the sign-in has no Microsoft Graph token.\n", stdout);
	if (r->pushed) {
		fprintf(stdout, "Pushed %lld change%s", p->pushed, p->pushed == 1 ? "" : "s");
		/* Local-only changes are settled by a push without a call of
		 * their own: no API takes them (a Partner Center link), or the
		 * service does them itself (the approval request of a role
		 * assignment, made with its POST). */
		if (p->local)
			fprintf(stdout, "; %lld settled with nothing to send", p->local);
		fprintf(stdout, "; %lld failed; %lld held", p->failed, p->held);
		if (p->conflicts)
			fprintf(stdout, "; %lld in conflict", p->conflicts);
		fputs(".\n", stdout);
	}
}

/* The exit code of a sync that ran: failed or held items, or a push cut
 * short, are the remote-failure code with a summary sentence. */
static int
sync_outcome(const struct app_sync_result *r)
{
	struct core_error err;

	core_error_clear(&err);
	if (r->push.stopped)
		core_error_set(&err, CORE_REMOTE, "The service did not answer, or kept failing: push stopped"
			       " there, the rest waits for the next sync.");
	else if (r->push.conflicts)
		core_error_set(&err, CORE_REMOTE, "%lld change%s changed at the service since %s pulled, not"
			       " sent%s: see billcon sync --plan, then billcon sync resolve ID --mine|--theirs.",
			       r->push.conflicts, r->push.conflicts == 1 ? " was" : "s were",
			       r->push.conflicts == 1 ? "it was" : "they were",
			       r->push.failed || r->push.held ? ", and others failed or wait" : "");
	else if (r->push.failed || r->push.held)
		core_error_set(&err, CORE_REMOTE, "%lld change%s failed and %lld wait%s behind them: see billcon sync --plan.",
			       r->push.failed, r->push.failed == 1 ? "" : "s", r->push.held,
			       r->push.held == 1 ? "s" : "");
	return err.status ? cli_fail(&err) : 0;
}

/* Tests retry in milliseconds (BILLCON_HTTP_BACKOFF_MS, DEVELOPERS.md);
 * 0 keeps sync_http's own first delay. */
static long
backoff_ms(void)
{
	const char *v = getenv("BILLCON_HTTP_BACKOFF_MS");

	return v ? atol(v) : 0;
}

/* Forgets the cached sign-in and says so after err's sentence; a failure
 * to forget is said instead. */
static void
forget_sign_in(const struct app_config *cfg, struct core_error *err)
{
	struct core_error e;
	bool removed = false;
	size_t n = strlen(err->message);

	core_error_clear(&e);
	if (app_auth_logout(cfg, &removed, &e))
		*err = e;
	else if (removed)
		snprintf(err->message + n, sizeof(err->message) - n, " That sign-in is forgotten: the next sync asks"
			 " for one.");
}

static int
remote_run(struct cli_args *a, struct remote_opts *ro)
{
	struct app_sync_opts so = { .arm = ro->arm, .graph = ro->graph, .login = ro->auth.login_endpoint,
				    .trace = ro->trace, .pull = ro->pull, .push = ro->push, .switch_user = ro->switch_user,
				    .push_progress = push_progress, .backoff_ms = backoff_ms() };
	struct sync_http *http;
	struct app_auth *auth;
	struct app_sync_result r;
	struct app_config cfg;
	struct core_error err;
	enum core_status st;
	int rc;

	/* The demo store or another remote is refused before any sign-in. */
	if ((rc = cli_auth_settings(a, &ro->auth, &cfg)))
		return rc;
	core_error_clear(&err);
	if (app_sync_check(&a->app, &cfg, &so, &err))
		return cli_fail(&err);
	if ((rc = cli_remote_begin(&cfg, &ro->auth, ro->trace, so.backoff_ms, &http, &auth)))
		return rc;
	ro->bar = isatty(STDERR_FILENO);
	so.progress = pull_progress;
	so.progress_ctx = ro;
	core_error_clear(&err);
	st = app_sync_run(&a->app, &cfg, auth, http, &so, &r, &err);
	if (ro->bar && r.pull.total.pages)
		fputc('\n', stderr);

	put_summary(a, &r);
	/* The cached sign-in of another user would be refused at every sync
	 * (the console's f never asked again): forgotten, so the next asks. */
	if (r.other_user && ro->auth.mode != APP_AUTH_TOKEN_FILE)
		forget_sign_in(&cfg, &err);
	rc = st ? cli_fail(&err) : sync_outcome(&r);
	cli_remote_end(http, auth);
	return rc;
}

static int
sync_mode(struct cli_args *a, int from, bool pull, bool push)
{
	struct remote_opts ro = { .pull = pull, .push = push };
	int rc = remote_opts(a, from, &ro);

	if (rc)
		return rc;
	if (a->app.read_only)
		return cli_usage("sync changes the store; it cannot run with --read-only.");
	return remote_run(a, &ro);
}

static int
both_mode(struct cli_args *a)
{
	return sync_mode(a, 1, true, true);
}

static int
pull_mode(struct cli_args *a)
{
	return sync_mode(a, 2, true, false);
}

static int
push_mode(struct cli_args *a)
{
	return sync_mode(a, 2, false, true);
}

/* ---- sync resolve ID --mine|--theirs ---- */

static int
resolve_mode(struct cli_args *a)
{
	const char *id = NULL;
	char *end = NULL;
	int mine = -1, i, rc;
	long long n;
	struct app_ctx *ctx;
	struct core_error err;

	for (i = 2; i < a->argc; i++) {
		if (strcmp(a->argv[i], "--mine") == 0 || strcmp(a->argv[i], "--theirs") == 0) {
			if (mine >= 0)
				return cli_usage("sync resolve takes one of --mine and --theirs.");
			mine = strcmp(a->argv[i], "--mine") == 0;
		} else if (!id && a->argv[i][0] != '-') {
			id = a->argv[i];
		} else {
			return cli_unexpected("sync resolve", a->argv[i]);
		}
	}
	if (!id || mine < 0)
		return cli_usage("sync resolve needs the change's number (as billcon sync --plan shows it) and"
				 " --mine or --theirs.");
	n = strtoll(id[0] == '#' ? id + 1 : id, &end, 10);
	if (!end || *end || n <= 0)
		return cli_usage("sync resolve needs the change's number, as billcon sync --plan shows it.");
	a->app.any_account = true;
	a->app.changes = "resolve a sync conflict";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_resolve(ctx, n, mine, &err))
		rc = cli_fail(&err);
	else if (a->format == CLI_JSON)
		fprintf(stdout, "{\"id\":%lld,\"resolution\":\"%s\"}\n", n, mine ? "mine" : "theirs");
	else
		fprintf(stdout, mine ? "Change #%lld resolved: mine goes with the next sync.\n" :
			"Change #%lld resolved: the service's version taken, the change dropped.\n", n);
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
	{ "--pull-only", pull_mode, true },
	{ "--push-only", push_mode, true },
};

/* The mode's flag first, wherever it was given ("sync --endpoint URL
 * --pull-only" is "sync --pull-only --endpoint URL"); two of them are
 * refused in words. */
static int
mode_first(struct cli_args *a)
{
	int at = 0, k;
	size_t i;

	for (k = 1; k < a->argc; k++)
		for (i = 0; i < NCOLS(modes); i++)
			if (strcmp(a->argv[k], modes[i].flag) == 0) {
				if (at)
					return cli_usage("sync takes one of --plan, --pull-only and --push-only"
							 " (sync alone pulls, then pushes).");
				at = k;
			}
	for (k = at; k > 1; k--) {
		char *flag = a->argv[k];

		a->argv[k] = a->argv[k - 1];
		a->argv[k - 1] = flag;
	}
	return 0;
}

int
cli_sync(struct cli_args *a)
{
	size_t i;
	int rc;

	if (a->argc > 1 && strcmp(a->argv[1], "resolve") == 0)
		return resolve_mode(a);
	if ((rc = mode_first(a)))
		return rc;
	if (a->argc < 2 || strncmp(a->argv[1], "--", 2) != 0 || (strcmp(a->argv[1], "--plan") != 0 &&
	    strcmp(a->argv[1], "--pull-only") != 0 && strcmp(a->argv[1], "--push-only") != 0))
		return both_mode(a);
	for (i = 0; i < NCOLS(modes); i++)
		if (strcmp(a->argv[1], modes[i].flag) == 0)
			break;
	if (i == NCOLS(modes))
		return cli_unexpected("sync", a->argv[1]);
	if (a->argc > 2 && !modes[i].options)
		return cli_unexpected("sync", a->argv[2]);
	return modes[i].run(a);
}
