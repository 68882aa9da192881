/* app_role: billing role assignments (DOMAIN.md §4): the roles of a scope,
 * assigning one to a user of the primary tenant or of an associated tenant,
 * removing one, and the rule that the billing account keeps an active
 * owner. */
#ifndef BILLCON_APP_ROLE_H
#define BILLCON_APP_ROLE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/core_perm.h"
#include "billcon/core_status.h"
#include "billcon/store_role.h"

struct app_ctx;
struct app_denial;

/* A role that may be assigned at a scope. */
struct app_role_def {
	char id[512];              /* the ARM role definition ID */
	char name[128];            /* "Billing profile reader" */
	enum core_role role;
	const char *description;   /* one line: what it allows (static) */
};

/* Settles the scope text names into out (an ARM path): NULL or "" is the
 * billing account; else the account's ARM path, or one relative to it
 * ("billingProfiles/P", "billingProfiles/P/invoiceSections/S"), or a whole
 * path under this account. CORE_USAGE when it is no billing scope,
 * CORE_NOT_FOUND when the account has no such profile or section. */
enum core_status app_role_scope(struct app_ctx *ctx, const char *text, char *out, size_t size,
				struct core_error *err);

/* The scopes of the account a role may be given at (the account, then its
 * profiles and sections), each as an ARM path; *out (free()) and *n
 * receive them. */
enum core_status app_role_scopes(struct app_ctx *ctx, char (**out)[512], size_t *n,
				 struct core_error *err);

/* The built-in roles of scope (an ARM path from app_role_scope), in the
 * portal's order; *out (free()) and *n receive them. */
enum core_status app_role_definitions(struct app_ctx *ctx, const char *scope,
				      struct app_role_def **out, size_t *n,
				      struct core_error *err);

/* A tenant whose users may be given roles: the primary tenant, or an
 * associated tenant with billing management on. */
struct app_role_tenant {
	char tenant_id[64];
	char name[1024];
	bool primary;
};

/* The tenants a role may be given in: the primary tenant first, then the
 * first max - 1 associated tenants with billing management on. *out
 * (free()) and *n receive them. */
enum core_status app_role_tenants(struct app_ctx *ctx, size_t max, struct app_role_tenant **out,
				  size_t *n, struct core_error *err);

/* What to assign. role is a role's name ("Reader", "Billing profile
 * reader") or its definition ID; scope as app_role_scope takes it;
 * tenant_id NULL or "" is the primary tenant. */
struct app_role_new {
	const char *role;
	const char *email;
	const char *scope;
	const char *tenant_id;
};

/* Assigns a role (DOMAIN.md §4): Active at once for a user of the primary
 * tenant or an accepted guest; PendingApproval with a RoleAssignment
 * request for a user of an associated tenant, whose URL goes into url (""
 * otherwise, and in a synced store, where the service makes the request
 * when the assignment is pushed). *out (may be NULL) receives the assignment as stored. */
enum core_status app_role_assign(struct app_ctx *ctx, const struct app_role_new *in,
				 struct store_role *out, char *url, size_t url_size,
				 struct core_error *err);

/* Removes the assignment called name (its ARM name), cancelling its
 * pending request. Needs confirmed (CORE_CONFIRM with a sentence naming
 * user, role and scope otherwise); refused when it would leave the billing
 * account without an active owner. *out (may be NULL) receives it. */
enum core_status app_role_remove(struct app_ctx *ctx, const char *name, bool confirmed,
				 struct store_role *out, struct core_error *err);

/* The assignment called name, its status as at now. */
enum core_status app_role_get(struct app_ctx *ctx, const char *name, struct store_role *out,
			      struct core_error *err);

/* Inside an apply: removes r with its audit entry (under r's scope) and
 * cancels its pending request. Does not check the owner rule. */
enum core_status app_role_remove_one(struct app_ctx *ctx, const struct store_role *r,
				     struct core_error *err);

/* Inside an apply: CORE_REFUSED (with doing in the sentence) when taking
 * away the assignment except_id, or every assignment of users of
 * except_tenant, would leave the account without an active owner. */
enum core_status app_role_keep_owner(struct app_ctx *ctx, long long except_id,
				     const char *except_tenant, const char *doing,
				     struct core_error *err);

/* True when the actor may now assign and remove roles at scope (NULL: the
 * account); else false with why in *d. */
bool app_role_may_change(struct app_ctx *ctx, const char *scope, struct app_denial *d);

/* Where an assignment at role_scope comes from, seen at view_scope: "This
 * scope" or "Inherited from the billing account" / "... billing profile P". */
void app_role_origin(const char *view_scope, const char *role_scope, char *out, size_t size);

/* How an assignment just made stands, for its message: pending the
 * user's approval, or active now; in a synced store, where it waits in
 * the outbox, that the next sync sends it (and the service, not this
 * store, makes the approval request and its URL). */
const char *app_role_assigned_words(const struct app_ctx *ctx, const struct store_role *r);

/* A scope for people: "Billing account Contoso", "Billing profile P",
 * "Invoice section S". */
void app_role_scope_label(const struct app_ctx *ctx, const char *scope, char *out, size_t size);

/* The built-in role of a scope's definitions (arm-examples/
 * billing-roleDefinitions): their IDs end in a suffix per role. */
enum app_role_builtin {
	APP_ROLE_BUILTIN_OWNER = 0,
	APP_ROLE_BUILTIN_CONTRIBUTOR = 1,
	APP_ROLE_BUILTIN_READER = 2,
	APP_ROLE_BUILTIN_PURCHASER = 3,        /* the account's Basic Purchaser */
	APP_ROLE_BUILTIN_INVOICE_MANAGER = 4,  /* a profile's */
	APP_ROLE_BUILTIN_SUBSCRIPTION_CREATOR = 6, /* a section's */
};

/* The ID of the built-in role suffix at scope, a billing account (depth
 * 0), profile (1) or section (2), into out (size bytes). */
void app_role_builtin_id(const char *scope, int depth, enum app_role_builtin suffix, char *out,
			 size_t size);

/* Records the built-in role definitions of scope (depth as above) for
 * account_id: the demo's accounts, and an account or profile a link
 * creates. In the caller's transaction. */
enum core_status app_role_seed_definitions(struct store *st, long long account_id, const char *scope,
					   int depth, struct core_error *err);

/* r as ARM writes an assignment (userEmailAddress, principalTenantId,
 * roleDefinitionId, scope, billingRequestId, ...) plus its derived status
 * and the request URL; the caller owns the reference. */
json_t *app_role_json(const struct app_ctx *ctx, const struct store_role *r);

#endif
