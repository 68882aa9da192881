/* ui_syncrun: the console's background sync, over app_job. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billcon/app_auth.h"
#include "billcon/app_context.h"
#include "billcon/app_job.h"
#include "billcon/app_sync.h"
#include "billcon/store_db.h"
#include "billcon/ui_console.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_syncrun.h"

struct ui_syncrun {
	struct app_job *job;
	struct app_job_state st;
	bool device_shown;          /* the sign-in dialog came up once */
};

bool
ui_syncrun_running(const struct ui_syncrun *run)
{
	return run && run->job && run->st.running;
}

/* The billcon binary this console runs as: /proc/self/exe itself, which
 * runs the same program even after its file was replaced or removed (an
 * upgrade while the console runs), where the path it links to would name
 * a newer billcon or nothing (" (deleted)"). */
static bool
own_binary(char *out, size_t size)
{
	if (access("/proc/self/exe", X_OK) != 0)
		return false;
	snprintf(out, size, "/proc/self/exe");
	return true;
}

/* No cached sign-in: the child signs in with a device code, which the
 * console shows; a cache others may read is refused here, in words. */
static bool
auth_args(struct ui_console *c, const char **args)
{
	struct app_ctx *ctx = ui_console_app(c);
	struct app_auth *auth = NULL;
	struct core_error err;
	enum core_status rc;

	core_error_clear(&err);
	rc = app_auth_open(&ctx->cfg, APP_AUTH_CACHE, NULL, NULL, &auth, &err);
	app_auth_free(auth);
	if (rc == CORE_FORBIDDEN) {
		args[0] = "--auth";
		args[1] = "device";
		return true;
	}
	if (rc) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return false;
	}
	return true;
}

void
ui_syncrun_start(struct ui_console *c, struct ui_syncrun **run)
{
	struct app_ctx *ctx = ui_console_app(c);
	const char *args[6] = { NULL };
	struct core_error err;
	char exe[PATH_MAX];

	if (ui_syncrun_running(*run)) {
		ui_console_message(c, UI_SLOT_MESSAGE, "A sync is running already: Esc cancels it.");
		return;
	}
	if (app_require_change(ctx, "sync with the service", &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return;
	}
	if (!*run && !(*run = calloc(1, sizeof(**run)))) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory.");
		return;
	}
	if (!own_binary(exe, sizeof(exe))) {
		ui_console_message(c, UI_SLOT_ERROR, "billcon cannot find its own program to run the sync.");
		return;
	}
	/* The demo store, or a store bound elsewhere, before any sign-in. */
	if (app_sync_check(&(struct app_options){ .db_path = store_path(ctx->st), .actor = ctx->actor }, &ctx->cfg,
			   &(struct app_sync_opts){ 0 }, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return;
	}
	if (!auth_args(c, args))
		return;
	/* The tenant signed in through (--tenant or the setting), as here. */
	if (ctx->cfg.tenant[0]) {
		int n = args[0] ? 2 : 0;
		args[n] = "--tenant";
		args[n + 1] = ctx->cfg.tenant;
	}
	app_job_free((*run)->job);
	(*run)->job = NULL;
	memset(&(*run)->st, 0, sizeof((*run)->st));
	(*run)->device_shown = false;
	core_error_clear(&err);
	if (app_job_start(exe, store_path(ctx->st), args, &(*run)->job, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return;
	}
	/* The status line says how far it is from now on (ui_syncrun_line). */
	(*run)->st.running = true;
}

/* The end of the sync on the status line. */
static void
finished(struct ui_console *c, struct ui_syncrun *run)
{
	const long long *n = run->st.total;

	if (run->st.cancelled) {
		ui_console_message(c, UI_SLOT_MESSAGE, "Sync cancelled: what was pulled or pushed stays; the next sync goes on.");
		return;
	}
	if (run->st.exit_code == 0 && run->st.summarised) {
		ui_console_message(c, UI_SLOT_MESSAGE, "%s: %lld pages pulled (%lld added, %lld changed, %lld removed);"
				   " %lld pushed.", run->st.created ? "Store made" : "Synced", n[APP_JOB_PAGES],
				   n[APP_JOB_ADDED], n[APP_JOB_CHANGED], n[APP_JOB_REMOVED], n[APP_JOB_PUSHED]);
		return;
	}
	/* Done, with changes that did not go: said in the console's own
	 * terms (the child's sentence names the commands). */
	if (run->st.summarised && (n[APP_JOB_FAILED] || n[APP_JOB_CONFLICTS])) {
		ui_console_message(c, UI_SLOT_ERROR, "Synced: %lld pages pulled; %lld pushed, %lld failed, %lld held,"
				   " %lld in conflict: :sync shows them%s.", n[APP_JOB_PAGES], n[APP_JOB_PUSHED],
				   n[APP_JOB_FAILED], n[APP_JOB_HELD], n[APP_JOB_CONFLICTS],
				   n[APP_JOB_CONFLICTS] ? " (R there resolves a conflict)" : "");
		return;
	}
	/* The child's own sentence ("billcon: ..."), without its prefix. */
	ui_console_message(c, UI_SLOT_ERROR, "Sync failed: %s",
			   strncmp(run->st.error, "billcon: ", 9) == 0 ? run->st.error + 9 :
			   run->st.error[0] ? run->st.error : "it stopped without saying why.");
}

/* Whether the sign-in box is still wanted: the child is read meanwhile,
 * and once it is signed in (the code gone) or ended, the box closes. */
static bool
awaiting_signin(void *ctx)
{
	struct ui_syncrun *run = ctx;

	app_job_poll(run->job, &run->st);
	return run->st.running && run->st.device_code[0];
}

bool
ui_syncrun_tick(struct ui_console *c, struct ui_syncrun *run)
{
	const char *lines[4];
	char code[128];

	if (!run || !run->job || !run->st.running || !app_job_poll(run->job, &run->st))
		return false;
	if (run->st.device_code[0] && !run->device_shown) {
		run->device_shown = true;
		snprintf(code, sizeof(code), "and enter the code %s", run->st.device_code);
		lines[0] = "To sync, sign in: open";
		lines[1] = run->st.device_url;
		lines[2] = code;
		lines[3] = "The sync waits for it in the background; Esc on the list cancels it.";
		ui_dialog_details_while(c, "Sign in to sync", lines, 4, "the sign-in URL", run->st.device_url,
					awaiting_signin, run);
	}
	if (!run->st.running)
		finished(c, run);
	return true;
}

void
ui_syncrun_cancel(struct ui_console *c, struct ui_syncrun *run)
{
	if (!ui_syncrun_running(run))
		return;
	app_job_cancel(run->job);
	ui_console_message(c, UI_SLOT_MESSAGE, "Cancelling the sync...");
}

bool
ui_syncrun_line(const struct ui_syncrun *run, char *out, size_t size)
{
	const struct app_job_state *st;

	if (!ui_syncrun_running(run))
		return false;
	st = &run->st;
	if (st->device_code[0])
		snprintf(out, size, "Sync: sign in at %s with the code %s  (Esc cancels)", st->device_url, st->device_code);
	else if (strcmp(st->phase, "push") == 0)
		snprintf(out, size, "Sync: pushing, %lld done, %lld not sent  (Esc cancels)", st->pushed, st->failed);
	else if (st->phase[0])
		snprintf(out, size, "Sync: pulling %s: %lld page%s, %lld item%s  (Esc cancels)", st->collection,
			 st->page, st->page == 1 ? "" : "s", st->items, st->items == 1 ? "" : "s");
	else
		snprintf(out, size, "Sync: starting  (Esc cancels)");
	return true;
}

void
ui_syncrun_free(struct ui_syncrun *run)
{
	if (!run)
		return;
	app_job_free(run->job);
	free(run);
}
