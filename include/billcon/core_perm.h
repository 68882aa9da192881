/* core_perm: who may do what where (DOMAIN.md §1, §4). Scopes are ARM paths
 * ("/providers/Microsoft.Billing/billingAccounts/A/billingProfiles/P/..."); a
 * role at a scope holds for every scope under it. */
#ifndef BILLCON_CORE_PERM_H
#define BILLCON_CORE_PERM_H

#include <stdbool.h>
#include <stddef.h>

enum core_role {
	CORE_ROLE_UNKNOWN,
	CORE_ROLE_OWNER,
	CORE_ROLE_CONTRIBUTOR,
	CORE_ROLE_READER,
	CORE_ROLE_PURCHASER,        /* Basic Purchaser (billing account) */
	CORE_ROLE_INVOICE_MANAGER,  /* billing profile */
	CORE_ROLE_SUBSCRIPTION_CREATOR, /* Azure subscription creator (invoice section) */
};

/* What an action needs at its scope. */
enum core_need {
	CORE_NEED_READ,   /* any role */
	CORE_NEED_MANAGE, /* owner or contributor */
	CORE_NEED_OWN,    /* owner: role assignments, associated tenants */
};

/* One role an actor holds, at one scope. The strings are borrowed. */
struct core_grant {
	enum core_role role;
	const char *scope;
};

/* True when scope is parent or lies under it (compared case-insensitively, on
 * path-segment boundaries). */
bool core_scope_within(const char *scope, const char *parent);

/* True when one of the n grants meets need at scope. */
bool core_perm_allows(const struct core_grant *grants, size_t n, enum core_need need,
		      const char *scope);

/* The role an ARM billing role definition ID names, from its final GUID (the
 * built-in IDs of arm-examples/billing-roleDefinitions); CORE_ROLE_UNKNOWN for
 * any other. */
enum core_role core_role_from_definition_id(const char *definition_id);

/* "Billing account owner", "Invoice section reader", ...: the portal's name of
 * role at a scope of the given depth (0 account, 1 profile, 2 section). */
const char *core_role_display_name(enum core_role role, int depth);

/* "Owner", "Reader", "Invoice manager": the role's name at any scope, as
 * the command line's --role takes it; NULL for CORE_ROLE_UNKNOWN. */
const char *core_role_short_name(enum core_role role);

/* One line on what role allows at a scope of the given depth (0 account, 1
 * profile, 2 section), as the add form shows it beside the role. */
const char *core_role_description(enum core_role role, int depth);

/* The depth of scope: 0 billing account, 1 billing profile, 2 invoice section,
 * -1 not a billing scope. */
int core_scope_depth(const char *scope);

#endif
