#include "config.h"

#include <stdio.h>

#include "billcon/app_config.h"
#include "billcon/app_context.h"
#include "billcon/app_request.h"

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
