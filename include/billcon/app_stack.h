/* app_stack: Azure Stack deployments, their CSP registrations and customer
 * subscriptions (DOMAIN.md §7), for the console and the command line
 * alike. Reading takes any billing role on the account in scope; adding
 * or removing a customer subscription takes Billing account owner or
 * contributor there (CORE_NEED_MANAGE): the registrations are the
 * partner's billing set-up, which the account's managers run. Each change
 * is audited under the customer subscription's ARM resource ID and pushed
 * (sync PUTs or DELETEs Microsoft.AzureStack customerSubscriptions with
 * api-version 2022-06-01). */
#ifndef BILLCON_APP_STACK_H
#define BILLCON_APP_STACK_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_status.h"
#include "billcon/store_stack.h"

/* What the changes do, in words, for refusals. */
#define APP_STACK_DOING_ADD "add a customer subscription to an Azure Stack registration"
#define APP_STACK_DOING_REMOVE "remove a customer subscription from an Azure Stack registration"

/* Every registration and every customer subscription, as read at once. */
struct app_stack_view {
	struct store_stack_reg *regs;
	size_t nregs;
	struct store_stack_customer *customers; /* by registration, then ID */
	size_t ncustomers;
};

/* Reads the view (any billing role on the account in scope, else
 * CORE_FORBIDDEN). Free with app_stack_view_free, also after a failure. */
enum core_status app_stack_read(struct app_ctx *ctx, struct app_stack_view *v,
				struct core_error *err);

/* Frees what app_stack_read allocated in v. */
void app_stack_view_free(struct app_stack_view *v);

/* The registration of v with ID id, or NULL. */
const struct store_stack_reg *app_stack_reg_of(const struct app_stack_view *v, long long id);

/* r as JSON: deployment, registration subscription (default
 * subscription with its name, type and partner), resource group, name,
 * type, registering tenant, the number of customer subscriptions. The
 * caller owns the reference. */
json_t *app_stack_reg_json(const struct store_stack_reg *r);

/* c, a customer subscription of r, as JSON with its ARM resource ID
 * (resourceId), registration and deployment. The caller owns the
 * reference. */
json_t *app_stack_customer_json(const struct store_stack_reg *r, const struct store_stack_customer *c);

/* The ARM resource ID of subscription on r into out (size bytes; cut
 * when it does not fit, which IDs the store holds never do). */
void app_stack_resource_id(const struct store_stack_reg *r, const char *subscription, char *out,
			   size_t size);

/* What adding a customer subscription names. */
struct app_stack_add {
	const char *registration; /* its name, or its deployment's */
	const char *subscription; /* the customer subscription's GUID */
	const char *tenant;       /* the tenant the customer signs in with (GUID) */
};

/* Adds a customer subscription, every rule of §7 checked inside the
 * transaction (core_stack_check_add's sentences, CORE_REFUSED); a
 * subscription the partner does not know is CORE_NOT_FOUND, a malformed
 * GUID CORE_USAGE. *out (may be NULL) receives the row added. */
enum core_status app_stack_add_customer(struct app_ctx *ctx, const struct app_stack_add *a,
					struct store_stack_customer *out, struct core_error *err);

/* Removes the customer subscription subscription from registration;
 * unless confirmed, CORE_CONFIRM with a sentence saying where the
 * tenant's usage goes afterwards, and nothing changed. */
enum core_status app_stack_remove_customer(struct app_ctx *ctx, const char *registration,
					   const char *subscription, bool confirmed,
					   struct core_error *err);

/* The commands an operator could run to add subscription to
 * registration (app_stack_read's permission): its resource ID, the
 * PowerShell and the Azure CLI command (new strings the caller frees).
 * The tenant is the registered customer's, else the tenant the partner
 * knows the subscription in; CORE_NOT_FOUND when neither is known. */
enum core_status app_stack_commands(struct app_ctx *ctx, const char *registration,
				    const char *subscription, char *resource_id, size_t size,
				    char **powershell, char **az, struct core_error *err);

/* Where usage is charged (DOMAIN.md §7). */
struct app_stack_route {
	char subscription_id[64]; /* the customer subscription, or the default one */
	bool fell_back;           /* the tenant is not registered on that deployment */
};

/* Where the usage of tenant on the deployment named deployment (or its
 * registration's name) is charged, as core_stack_route says, with
 * app_stack_read's permission; CORE_NOT_FOUND for an unknown deployment.
 * For the usage import, which routes every row this way. */
enum core_status app_stack_route(struct app_ctx *ctx, const char *deployment, const char *tenant,
				 struct app_stack_route *out, struct core_error *err);

#endif
