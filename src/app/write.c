#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_tlog.h"
#include "billcon/app_write.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"
#include "billcon/store_outbox.h"

/* The action's time: now, but never earlier than the last audit entry's,
 * so that the trail's times never run backwards against its order (another
 * process may have written with a clock a little ahead). */
static enum core_status
settle_time(struct app_ctx *ctx, struct core_error *err)
{
	struct store_audit_head head;
	enum core_status rc = store_audit_head(ctx->st, &head, err);
	time_t last;

	if (rc)
		return rc;
	app_touch(ctx);
	if (head.at[0] && strcmp(head.at, ctx->now_iso) > 0 && core_time_parse(head.at, &last)) {
		ctx->now = last;
		core_time_iso(last, ctx->now_iso);
	}
	return CORE_OK;
}

static enum core_status
run_locked(struct app_ctx *ctx, const struct app_write *w, struct core_error *err)
{
	enum core_status rc = settle_time(ctx, err);

	if (!rc && !w->system)
		rc = app_load_grants(ctx, err);
	if (!rc && !w->system && w->permit)
		rc = w->permit(ctx, w->data, err);
	else if (!rc && !w->system)
		rc = app_require(ctx, w->need, w->scope ? w->scope : ctx->account_scope, w->doing, err);
	if (!rc)
		rc = w->apply(ctx, w->data, err);
	return rc;
}

/* A checkpoint to the sink each time the trail passes a multiple of
 * checkpoint_every entries (DOMAIN.md §8: a copy outside the store). */
static enum core_status
publish(struct app_ctx *ctx, long long before, struct core_error *err)
{
	long long every = ctx->cfg.checkpoint_every, after;
	enum core_status rc;

	if (every <= 0)
		return CORE_OK;
	if ((rc = store_audit_size(ctx->st, &after, err)))
		return rc;
	if (after / every == before / every)
		return CORE_OK;
	return app_tlog_publish(ctx->st, &ctx->cfg, err);
}

enum core_status
app_run_write(struct app_ctx *ctx, const struct app_write *w, struct core_error *err)
{
	enum core_status rc = app_require_change(ctx, w->doing, err);
	long long before = 0;

	if (!rc && ctx->cfg.checkpoint_every > 0)
		rc = store_audit_size(ctx->st, &before, err);
	if (!rc)
		rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	ctx->writing_system = w->system;
	rc = run_locked(ctx, w, err);
	ctx->writing_system = false;
	if (rc) {
		store_rollback(ctx->st);
		return rc;
	}
	rc = store_commit(ctx->st, err);
	return rc ? rc : publish(ctx, before, err);
}

const char *
app_write_actor(const struct app_ctx *ctx)
{
	return ctx->writing_system ? "billcon" : ctx->actor;
}

char *
app_write_text(const json_t *o)
{
	return o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII) : NULL;
}

enum core_status
app_write_check_signed_in(const struct app_ctx *ctx, const char *signed_in, struct core_error *err)
{
	if (!signed_in || !signed_in[0] || strcasecmp(signed_in, ctx->actor) == 0)
		return CORE_OK;
	return core_error_set(err, CORE_REFUSED, "This store is synced and signed in as %s: acting as %s is"
			      " refused for changes that will be pushed (sign in as them).", signed_in, ctx->actor);
}

enum core_status
app_write_record_text(struct app_ctx *ctx, const char *action, const char *object, const char *before,
		      const char *after, enum app_push push, struct core_error *err)
{
	enum core_status rc = store_audit_append(ctx->st, ctx->now_iso, app_write_actor(ctx), action, object,
						 before, after, err);

	if (!rc && push != APP_PULLED)
		rc = store_outbox_add(ctx->st, ctx->now_iso, action, object, before, after, push == APP_PUSHED, err);
	return rc;
}

enum core_status
app_write_record(struct app_ctx *ctx, const char *action, const char *object, json_t *before,
		 json_t *after, enum app_push push, struct core_error *err)
{
	char *b = app_write_text(before), *a = app_write_text(after);
	enum core_status rc = CORE_OK;

	/* billcon's own actions (expiry) are no one's sign-in. */
	if (push == APP_PUSHED && !ctx->writing_system)
		rc = app_write_check_signed_in(ctx, ctx->signed_in, err);
	if (!rc && ((before && !b) || (after && !a)))
		rc = core_error_set(err, CORE_STORE, "Out of memory writing the audit entry.");
	if (!rc)
		rc = app_write_record_text(ctx, action, object, b, a, push, err);
	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return rc;
}

enum core_status
app_permit_service(struct app_ctx *ctx, void *data, struct core_error *err)
{
	(void)ctx;
	(void)data;
	(void)err;
	return CORE_OK;
}
