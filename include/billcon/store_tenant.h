/* store_tenant: associated tenants of a billing account (DOMAIN.md §3). */
#ifndef BILLCON_STORE_TENANT_H
#define BILLCON_STORE_TENANT_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

struct store_tenant {
	long long id;
	long long account_id;
	char tenant_id[64];            /* "" while a domain waits to be resolved at sync */
	char domain[256];              /* "" when added by tenant ID */
	char display_name[1024];
	char billing_state[64];        /* billingManagementState */
	char provisioning_state[64];   /* provisioningManagementState, as at read time */
	char stored_provisioning_state[64]; /* as stored, before expiry is read in */
	long long request_id;          /* provisioning request, 0 when none */
	char request_name[64];         /* its GUID, "" when none */
	char created_on[32];
	long long version;             /* bumped by every update: edits from two consoles */
};

/* The first max associated tenants of account (by ID) whose billing
 * management is Active: those whose users may be given billing roles.
 * *out (free()) and *n receive them. */
enum core_status store_tenants_billing_on(struct store *st, long long account_id, const char *now,
					  size_t max, struct store_tenant **out, size_t *n,
					  struct core_error *err);

/* The associated tenant of account that tenant_id or domain (either may be
 * NULL) names, directly or through the directory's domains; CORE_NOT_FOUND
 * when none. now is the read time (see provisioning_state). */
enum core_status store_tenant_find(struct store *st, long long account_id, const char *tenant_id,
				   const char *domain, const char *now, struct store_tenant *out,
				   struct core_error *err);

/* Inserts t, setting t->id; a second tenant with the same ID or domain on
 * the account is refused by the schema (CORE_REFUSED). */
enum core_status store_tenant_insert(struct store *st, struct store_tenant *t,
				     struct core_error *err);

/* Writes t's name, states and provisioning request. */
enum core_status store_tenant_update(struct store *st, const struct store_tenant *t,
				     struct core_error *err);

/* Deletes the associated tenant whose row ID is id. */
enum core_status store_tenant_delete(struct store *st, long long id, struct core_error *err);

/* Calls fn for each associated tenant of account, by name, streaming: the
 * list is never held in memory. fn returns non-zero to stop. */
typedef int (*store_tenant_fn)(const struct store_tenant *t, void *ctx);
enum core_status store_tenant_each(struct store *st, long long account_id, const char *now,
				   store_tenant_fn fn, void *ctx, struct core_error *err);

/* The orders the console lists tenants in, each with its index. */
enum store_tenant_sort {
	STORE_SORT_NAME,          /* display name, case-insensitive */
	STORE_SORT_KEY,           /* tenant ID, or domain while unresolved */
	STORE_SORT_BILLING,       /* billing management state */
	STORE_SORT_PROVISIONING,  /* provisioning state as stored */
	STORE_SORT_ADDED,         /* date added */
	STORE_SORT_COUNT
};

/* The list of an account's associated tenants for store_list_page: rows
 * are struct store_tenant, the scope is the account's ID, the orders are
 * enum store_tenant_sort, and the filter matches names, IDs and domains. */
const struct store_list_spec *store_tenant_list(void);

/* Around a bulk load of many tenants, role assignments and audit entries,
 * inside its transaction (which may be committed and begun again between):
 * begin stops indexing and counting each insert, end rebuilds the filter
 * indexes and the counts once and indexes the audit entries appended since
 * begin (far faster than a row at a time). */
enum core_status store_bulk_begin(struct store *st, struct core_error *err);
enum core_status store_bulk_end(struct store *st, struct core_error *err);

/* How many associated tenants account has. */
enum core_status store_tenant_count(struct store *st, long long account_id, long long *n,
				    struct core_error *err);

#endif
