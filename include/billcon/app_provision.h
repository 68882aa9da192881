/* app_provision: provisioning a Microsoft 365 subscription into an
 * associated tenant (DOMAIN.md §3), allowed only while the tenant's
 * provisioning state is Active, billed to an invoice section. */
#ifndef BILLCON_APP_PROVISION_H
#define BILLCON_APP_PROVISION_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/store_subscription.h"
#include "billcon/store_tenant.h"

struct app_ctx;
struct app_denial;

/* Creates a Microsoft 365 subscription called name (a friendly name) in
 * the associated tenant key names (its ID or domain), billed to the
 * invoice section called section (name or display name) or, when NULL, to
 * the default section of the account's first billing profile; audited.
 * Needs a billing account owner or contributor (CORE_FORBIDDEN); refused
 * (CORE_REFUSED) unless the tenant's provisioning is Active. *out (may be
 * NULL) receives the subscription. */
enum core_status app_provision_subscription(struct app_ctx *ctx, const char *key, const char *name,
					    const char *section, struct store_subscription *out,
					    struct core_error *err);

/* Whether the actor may now provision into t (as read), by the same rules;
 * false with why in *d (a role, read-only, or the rule in a few words:
 * "provisioning is Pending, not Active"). */
bool app_provision_may(struct app_ctx *ctx, const struct store_tenant *t, struct app_denial *d);

#endif
