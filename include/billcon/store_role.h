/* store_role: role definitions and billing role assignments (DOMAIN.md §4).
 * An assignment made through a request takes its status from the request. */
#ifndef BILLCON_STORE_ROLE_H
#define BILLCON_STORE_ROLE_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

struct store_role {
	long long id;
	long long account_id;
	char name[128];
	char scope[512];
	char role_definition_id[512];
	char principal_email[256];
	char principal_tenant_id[64];
	long long request_id;     /* 0 when assigned at once */
	char status[32];          /* derived: Active, PendingApproval, Declined, Expired, Cancelled */
	char created_by[256];
	char created_on[32];
	char role_name[128];      /* the definition's name, in lists only */
	char request_name[64];    /* the linked request's GUID, in lists only */
	bool inherited;           /* in a list at a scope: it holds there from a scope above */
};

/* A role definition: the roles that may be assigned at one scope. */
struct store_role_definition {
	char id[512];
	char scope[512];
	char role_name[128];
};

/* The role definitions of account at exactly scope, in the order they were
 * recorded. *out (free()) and *n receive them. */
enum core_status store_role_definitions_at(struct store *st, long long account_id,
					   const char *scope,
					   struct store_role_definition **out, size_t *n,
					   struct core_error *err);

/* The scopes of account that have role definitions (its account, profiles
 * and sections), shortest first; *out (free()) and *n receive them. */
enum core_status store_role_definition_scopes(struct store *st, long long account_id,
					      char (**out)[512], size_t *n,
					      struct core_error *err);

/* The assignment of account called name (its ARM name), with its derived
 * status at now, role_name and request_name; CORE_NOT_FOUND when none. */
enum core_status store_role_find(struct store *st, long long account_id, const char *name,
				 const char *now, struct store_role *out, struct core_error *err);

/* How many assignments of account give or await (only_active false), or
 * give (true), the role definition_id at scope at now, not counting the
 * assignment except_id nor those of users of except_tenant (either may be
 * 0 / NULL); email (NULL: anyone) narrows it to one user. */
struct store_role_match {
	const char *definition_id;
	const char *scope;
	const char *email;
	bool only_active;
	long long except_id;
	const char *except_tenant;
};
enum core_status store_roles_matching(struct store *st, long long account_id,
				      const struct store_role_match *m, const char *now,
				      long long *count, struct core_error *err);

/* Records a role definition (its ARM ID, scope and name) of account. */
enum core_status store_role_definition_insert(struct store *st, const char *id,
					      long long account_id, const char *scope,
					      const char *role_name, struct core_error *err);

/* Inserts r (status is ignored: it is derived), setting r->id. */
enum core_status store_role_insert(struct store *st, struct store_role *r,
				   struct core_error *err);

/* Deletes the role assignment whose row ID is id. */
enum core_status store_role_delete(struct store *st, long long id, struct core_error *err);

/* The assignment named from here takes the name to (the service's, once
 * its creation went through); when the service's is here already (pulled
 * meanwhile), the one made here goes instead, a duplicate. A pending
 * request that approves it follows it to its new name. */
enum core_status store_role_rename(struct store *st, const char *from, const char *to, struct core_error *err);

/* The assignments of account held by users of tenant_id that give or await
 * access (Active or PendingApproval at now), read whole as lists read them
 * (role name, request GUID). *out is allocated (free()). */
enum core_status store_roles_live_for_tenant(struct store *st, long long account_id,
					     const char *tenant_id, const char *now,
					     struct store_role **out, size_t *n,
					     struct core_error *err);

/* How many assignments store_roles_live_for_tenant would return. */
enum core_status store_roles_live_count(struct store *st, long long account_id,
					const char *tenant_id, const char *now, long long *count,
					struct core_error *err);

/* The active grants of email on account, as (role definition ID, scope)
 * pairs; calls fn for each. */
typedef void (*store_grant_fn)(const char *definition_id, const char *scope, void *ctx);
enum core_status store_grants_each(struct store *st, long long account_id, const char *email,
				   const char *now, store_grant_fn fn, void *ctx,
				   struct core_error *err);

/* The assignment that the request with row ID request_id approves, its
 * status as at now (CORE_NOT_FOUND when none). */
enum core_status store_role_of_request(struct store *st, long long request_id, const char *now,
				       struct store_role *out, struct core_error *err);

/* The orders of the Access control list, each with its index. */
enum store_role_sort {
	STORE_ROLE_SORT_USER,     /* the user's email, case-insensitive */
	STORE_ROLE_SORT_TENANT,   /* the user's tenant */
	STORE_ROLE_SORT_ROLE,     /* the role definition */
	STORE_ROLE_SORT_ADDED,    /* when it was added */
	STORE_ROLE_SORT_COUNT
};

/* The role assignments of an account for store_list_page: rows are struct
 * store_role (with role_name and request_name), the scope is the
 * account's ID, the key (NULL: every scope) a scope whose roles are listed,
 * its own and those inherited from above, the orders are enum
 * store_role_sort, and the filter matches users, tenants and role names. */
const struct store_list_spec *store_role_list(void);

#endif
