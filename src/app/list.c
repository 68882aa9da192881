#include "config.h"

#include <stdio.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/store_db.h"

/* A role on the account reads its lists; a role on the child scope a
 * list's key names (a billing profile) reads the rows the key keeps. */
static enum core_status
may_read(struct app_ctx *ctx, const struct store_list_query *q, struct core_error *err)
{
	const char *child = store_list_key_child(q->spec);
	char scope[1024];

	if (child && q->key && *q->key) {
		snprintf(scope, sizeof(scope), "%s/%s/%s", ctx->account_scope, child, q->key);
		if (!app_require(ctx, CORE_NEED_READ, scope, "see these rows", NULL))
			return CORE_OK;
	}
	return app_require(ctx, CORE_NEED_READ, ctx->account_scope, "see this billing account", err);
}

enum core_status
app_list_page(struct app_ctx *ctx, struct store_list_query *q, store_list_fn fn, void *data,
	      struct core_error *err)
{
	enum core_status rc = CORE_OK;

	/* A list of the actor's own rows (requests addressed to them) needs
	 * no billing role; its key is always the actor, whoever asks. */
	if (store_list_for_actor(q->spec))
		q->key = ctx->actor;
	else if (!(rc = app_load_grants(ctx, err)))
		/* Read afresh: the actor's roles change under a console left
		 * open (the addressee approves their own request, another
		 * console removes one). */
		rc = may_read(ctx, q, err);
	if (rc)
		return rc;
	/* The time of this read: what expired since the console opened reads
	 * as expired now. */
	app_touch(ctx);
	if (!q->scope)
		q->scope = ctx->account.id;
	q->now = ctx->now_iso;
	return store_list_page(ctx->st, q, fn, data, err);
}

enum core_status
app_list_count(struct app_ctx *ctx, const struct store_list_spec *spec, long long *n,
	       struct core_error *err)
{
	return store_list_count(ctx->st, spec, ctx->account.id, n, err);
}

bool
app_store_changed(struct app_ctx *ctx)
{
	long long v = store_data_version(ctx->st);
	bool changed = v != ctx->data_version;

	ctx->data_version = v;
	return changed;
}
