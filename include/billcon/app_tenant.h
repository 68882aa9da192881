/* app_tenant: adding, changing and removing associated tenants, with every
 * rule of DOMAIN.md §3 and an audit entry per change. */
#ifndef BILLCON_APP_TENANT_H
#define BILLCON_APP_TENANT_H

#include <stdbool.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_request.h"
#include "billcon/store_tenant.h"

struct app_ctx;
struct app_denial;

/* What to add: exactly one of tenant_id and domain. */
struct app_tenant_new {
	const char *tenant_id;
	const char *domain;
	const char *name;
	bool billing_management;
	bool provisioning;
};

/* What to change; a NULL name or a negative switch leaves it as it is, so
 * an edit writes only what the user changed. */
struct app_tenant_change {
	const char *name;
	int billing_management; /* -1 unchanged, 0 off, 1 on */
	int provisioning;       /* -1 unchanged, 0 off, 1 on */
	/* The tenant as the user saw it, or NULL: when its row changed since
	 * (its version), the change is refused with what changed. */
	const struct store_tenant *shown;
};

/* What a change takes with it, shown before it is confirmed. */
struct app_tenant_impact {
	long long roles;    /* role assignments of the tenant's users removed */
	long long requests; /* pending requests into the tenant cancelled */
};

/* Adds an associated tenant; *out (may be NULL) receives it as stored. */
enum core_status app_tenant_add(struct app_ctx *ctx, const struct app_tenant_new *in,
				struct store_tenant *out, struct core_error *err);

/* Changes the tenant key names (its tenant ID or domain). Turning billing
 * management off while its users hold roles needs confirmed; without it the
 * answer is CORE_CONFIRM, *impact says what would go and err says it in a
 * sentence. */
enum core_status app_tenant_set(struct app_ctx *ctx, const char *key,
				const struct app_tenant_change *change, bool confirmed,
				struct store_tenant *out, struct app_tenant_impact *impact,
				struct core_error *err);

/* Removes the tenant key names, with its users' role assignments and its
 * pending requests. Always needs confirmed (CORE_CONFIRM otherwise). */
enum core_status app_tenant_remove(struct app_ctx *ctx, const char *key, bool confirmed,
				   struct app_tenant_impact *impact, struct core_error *err);

/* Finds the tenant key names (CORE_NOT_FOUND, or CORE_USAGE when key is
 * neither a GUID nor a domain). */
enum core_status app_tenant_get(struct app_ctx *ctx, const char *key, struct store_tenant *out,
				struct core_error *err);

/* Streams the account's associated tenants to fn, by name. */
enum core_status app_tenant_each(struct app_ctx *ctx, store_tenant_fn fn, void *data,
				 struct core_error *err);

/* True when the actor may now add, change and remove associated tenants
 * here; else false with why in *d (as data, and in a few words). Checks the
 * same rules as the actions themselves, roles read again, without writing. */
bool app_tenant_may_change(struct app_ctx *ctx, struct app_denial *d);

/* The tenant as a flat JSON object keyed by ARM property names; the caller
 * owns the reference. */
json_t *app_tenant_json(const struct store_tenant *t);

/* The audit trail's name of t (its ARM path): what its history is kept
 * under. */
void app_tenant_object(const struct app_ctx *ctx, const struct store_tenant *t, char *out,
		       size_t size);

/* Inside an action: the provisioning state of the tenant that the
 * ProvisioningAccess request r asked for becomes state (Active after an
 * approval, BillingRequestDeclined after a refusal), with its audit
 * entry; nothing when the tenant is gone or asked again since. */
enum core_status app_tenant_follow_request(struct app_ctx *ctx, const struct store_request *r,
					   const char *state, struct core_error *err);

/* The invitation URL of t's provisioning request into out, "" when none. */
void app_tenant_invitation_url(const struct app_ctx *ctx, const struct store_tenant *t,
			       char *out, size_t size);

#endif
