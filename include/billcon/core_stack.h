/* core_stack: the rules of Azure Stack as a Cloud Solution Provider
 * (DOMAIN.md §7) as pure functions: which subscriptions may register a
 * deployment and be added to a registration, the ARM resource ID of a
 * customer subscription and the commands an operator could run to add it,
 * and where a tenant's usage is charged. */
#ifndef BILLCON_CORE_STACK_H
#define BILLCON_CORE_STACK_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_buf.h"
#include "billcon/core_status.h"

/* The api-version of Microsoft.AzureStack the commands and sync use. */
#define CORE_STACK_API_VERSION "2022-06-01"

/* A subscription as the rules see it. type is "CSP", "CSPSS" or anything
 * else (a subscription of another offer); partner_id "" when unknown. */
struct core_stack_sub {
	const char *id;
	const char *type;
	const char *partner_id;
	const char *tenant_id;
};

/* True when type names a CSP or CSP Shared Services subscription, the only
 * types that may register a multi-tenant deployment. */
bool core_stack_type_registers(const char *type);

/* The canonical spelling of type ("CSP", "CSPSS" or "Other", matched
 * case-insensitively); NULL when it is none of them. */
const char *core_stack_type_parse(const char *type);

/* CORE_OK when reg may be a registration's (default) subscription: of type
 * CSP or CSPSS; else CORE_REFUSED with the sentence. */
enum core_status core_stack_check_registration(const struct core_stack_sub *reg,
					       struct core_error *err);

/* What adding a customer subscription is checked against. */
struct core_stack_add {
	const struct core_stack_sub *def;      /* the registration's default subscription */
	const struct core_stack_sub *customer; /* the subscription to add */
	const char *sign_in_tenant;            /* the tenant the customer signs in with */
	bool registered;                       /* already a customer subscription of it */
};

/* CORE_OK when a->customer may be added to the registration; else
 * CORE_REFUSED with one sentence for the first rule it breaks, in this
 * order: the default subscription registers (CSP or CSPSS); the customer
 * subscription is not the default one; it is of type CSP; it is the same
 * partner's as the default subscription; it lives in the sign-in tenant;
 * it is not registered yet. IDs compare case-insensitively. */
enum core_status core_stack_check_add(const struct core_stack_add *a, struct core_error *err);

/* The ARM resource ID of a customer subscription into out (size bytes),
 * with the leading slash as ARM writes IDs; false when it does not fit. */
bool core_stack_resource_id(const char *registration_sub, const char *resource_group,
			    const char *registration, const char *customer_sub, char *out,
			    size_t size);

/* Appends s to b as one POSIX shell word in single quotes (a quote in s
 * is closed, escaped and reopened), so nothing in s breaks out. */
void core_stack_quote_sh(struct core_buf *b, const char *s);

/* Appends s to b as one PowerShell single-quoted string: every quote
 * character PowerShell takes for one (' and U+2018..U+201B) is doubled. */
void core_stack_quote_ps(struct core_buf *b, const char *s);

/* Appends to b the PowerShell command that adds the customer subscription
 * of resource_id for tenant_id:
 * New-AzResource -ResourceId '...' -ApiVersion 2022-06-01 -Properties @{tenantId='...'} -Force */
void core_stack_powershell(struct core_buf *b, const char *resource_id, const char *tenant_id);

/* Appends to b the Azure CLI command that does the same:
 * az resource create --id '...' --api-version 2022-06-01 --properties '{"tenantId":"..."}' */
void core_stack_az(struct core_buf *b, const char *resource_id, const char *tenant_id);

/* One customer subscription of a registration, for routing. */
struct core_stack_customer {
	const char *subscription_id;
	const char *tenant_id;
};

/* Where a tenant's usage on a deployment is charged. */
struct core_stack_route {
	const char *subscription_id; /* borrowed from the arguments */
	bool fell_back;              /* the tenant is not registered: the default subscription */
};

/* Routes usage by tenant_id on a deployment whose registration has the
 * default subscription default_sub and the n customers: to the customer
 * subscription registered for that tenant (compared case-insensitively),
 * else to default_sub with fell_back set. */
struct core_stack_route core_stack_route(const char *default_sub,
					 const struct core_stack_customer *customers, size_t n,
					 const char *tenant_id);

#endif
