#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/app_resolve.h"
#include "billcon/app_write.h"
#include "billcon/core_buf.h"
#include "billcon/store_outbox.h"
#include "billcon/store_pull.h"
#include "billcon/store_pulltake.h"
#include "billcon/sync_map.h"

struct resolve {
	long long id;
	bool mine;
};

static json_t *
parse(const char *text)
{
	json_t *o = text && text[0] ? json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;

	return o ? o : json_null();
}

/* The change will be pushed, or the store takes the service's word, as the
 * one whose token pushes: in a synced store, the signed-in user. */
static enum core_status
permit(struct app_ctx *ctx, void *data, struct core_error *err)
{
	(void)data;
	return app_write_check_signed_in(ctx, ctx->signed_in, err);
}

/* Their version of row's object into the store, as a pull writes it. */
static enum core_status
take_changed(struct app_ctx *ctx, const struct store_outbox_row *row, struct core_error *err)
{
	struct store_pull_place pl;
	struct core_remote_page page = { 0 };
	struct core_buf body = { 0 };
	long long table_row = 0;
	enum core_status rc = store_pull_place(ctx->st, row->object, &pl, err);

	if (rc)
		return rc;
	core_buf_printf(&body, "{\"value\":[%s]}", row->conflict);
	if (body.failed)
		rc = core_error_set(err, CORE_STORE, "Out of memory resolving a conflict.");
	if (!rc)
		rc = sync_map_page(pl.kind, body.p, body.len, &page, err);
	if (!rc && page.n != 1)
		rc = core_error_set(err, CORE_REMOTE, "Their version of %s is not one object.", row->object);
	pl.at.now = ctx->now_iso;
	if (!rc)
		rc = store_pull_take(ctx->st, &pl.at, &page.items[0], &table_row, err);
	if (!rc)
		rc = app_write_record(ctx, "pull.change", row->object, row->base ? parse(row->base) : NULL,
				      parse(row->conflict), APP_PULLED, err);
	core_remote_page_free(&page);
	core_buf_free(&body);
	store_pull_place_clear(&pl);
	return rc;
}

static enum core_status
take_theirs(struct app_ctx *ctx, const struct store_outbox_row *row, struct core_error *err)
{
	enum core_status rc = store_outbox_done(ctx->st, row->id, ctx->now_iso, err);

	/* The later changes to it were made on mine: each is decided too. */
	if (!rc)
		rc = store_outbox_conflict_after(ctx->st, row, err);
	if (rc)
		return rc;
	if (row->conflict[0])
		return take_changed(ctx, row, err);
	/* Removed there: the local row goes as a pull's removal takes it. */
	rc = store_pull_remove(ctx->st, row->object, ctx->now_iso, err);
	return rc ? rc : app_write_record(ctx, "pull.remove", row->object, row->base ? parse(row->base) : NULL,
					  NULL, APP_PULLED, err);
}

static enum core_status
apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct resolve *r = data;
	struct store_outbox_row row;
	enum core_status rc = store_outbox_get(ctx->st, r->id, &row, err);

	if (rc)
		return rc;
	if (!row.conflict)
		rc = core_error_set(err, CORE_REFUSED, "Change #%lld is not a conflict: only a change found changed"
				    " at the service is resolved (see billcon sync --plan).", r->id);
	else if (r->mine)
		rc = store_outbox_keep_mine(ctx->st, r->id, err);
	else
		rc = take_theirs(ctx, &row, err);
	if (!rc)
		rc = app_write_record(ctx, "sync.resolve", row.object,
				      json_pack("{s:I, s:s, s:o, s:o}", "change", (json_int_t)r->id, "action", row.action,
						"mine", parse(row.after), "theirs", parse(row.conflict)),
				      json_pack("{s:s}", "resolution", r->mine ? "mine" : "theirs"), APP_PULLED, err);
	store_outbox_row_clear(&row);
	return rc;
}

enum core_status
app_resolve(struct app_ctx *ctx, long long id, bool mine, struct core_error *err)
{
	struct resolve r = { .id = id, .mine = mine };
	struct app_write w = { .doing = "resolve a sync conflict", .permit = permit, .apply = apply, .data = &r };

	return app_run_write(ctx, &w, err);
}
