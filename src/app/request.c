#include "config.h"

#include <stdio.h>

#include "billcon/app_config.h"
#include "billcon/app_context.h"
#include "billcon/app_request.h"
#include "billcon/core_clock.h"

void
app_request_object(const char *name, char *out, size_t size)
{
	snprintf(out, size, "/providers/Microsoft.Billing/billingRequests/%s", name);
}

void
app_request_url(const struct app_ctx *ctx, const char *name, char *out, size_t size)
{
	app_config_expand(ctx->cfg.request_url_template, name, "", ctx->account.name, out, size);
}

enum core_status
app_request_create(struct app_ctx *ctx, struct store_request *r, enum app_push push,
		   struct core_error *err)
{
	char object[128];
	enum core_status rc;

	r->account_id = ctx->account.id;
	app_new_guid(r->name);
	snprintf(r->status, sizeof(r->status), "Pending");
	snprintf(r->created_by, sizeof(r->created_by), "%s", app_write_actor(ctx));
	snprintf(r->created_on, sizeof(r->created_on), "%s", ctx->now_iso);
	core_time_iso(ctx->now + (time_t)ctx->cfg.request_expiry_days * 86400, r->expires_on);
	rc = store_request_insert(ctx->st, r, err);
	if (rc)
		return rc;
	app_request_object(r->name, object, sizeof(object));
	return app_write_record(ctx, "request.create", object, NULL,
				json_pack("{s:s, s:s, s:s, s:s}", "addressee", r->addressee,
					  "expirationDate", r->expires_on, "status", "Pending",
					  "type", r->type),
				push, err);
}
