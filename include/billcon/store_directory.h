/* store_directory: the known users and tenants (DOMAIN.md §1). */
#ifndef BILLCON_STORE_DIRECTORY_H
#define BILLCON_STORE_DIRECTORY_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct store;
struct store_list_spec;

struct store_user {
	char email[256];
	char display_name[256];
	char home_tenant_id[64];
	bool global_admin;
	char guest_state[32]; /* "" member, "PendingAcceptance", "Accepted" */
	char tenant_name[256]; /* the home tenant's name when the directory knows it */
};

/* A tenant the directory knows, with its domains. */
struct store_dir_tenant {
	char tenant_id[64];
	char display_name[256];
	bool guest_invitations_allowed;
	char domains[1024];   /* its domains, ", " between them, by name */
};

/* Sort orders of the user lists (store_user_list, store_guest_list). */
enum store_user_sort {
	STORE_USER_SORT_EMAIL,
	STORE_USER_SORT_NAME,
	STORE_USER_SORT_TENANT,
	STORE_USER_SORT_COUNT
};

/* Sort orders of store_dir_tenant_list. */
enum store_dir_tenant_sort {
	STORE_DIR_TENANT_SORT_NAME,
	STORE_DIR_TENANT_SORT_ID,
	STORE_DIR_TENANT_SORT_COUNT
};

/* Adds u to the directory of known users. */
enum core_status store_user_insert(struct store *st, const struct store_user *u,
				   struct core_error *err);

/* The user with email (case-insensitive); CORE_NOT_FOUND when unknown. */
enum core_status store_user_find(struct store *st, const char *email, struct store_user *out,
				 struct core_error *err);

/* Adds a known tenant: its ID, name, and whether it allows guest invitations. */
enum core_status store_dir_tenant_insert(struct store *st, const char *tenant_id,
					 const char *display_name, bool guest_invitations_allowed,
					 struct core_error *err);

/* Maps a domain to the known tenant it belongs to. */
enum core_status store_dir_domain_insert(struct store *st, const char *domain,
					 const char *tenant_id, struct core_error *err);

/* The tenant ID the directory maps domain to, into out (64 bytes): CORE_OK,
 * or CORE_NOT_FOUND when the domain is unknown (out untouched); a directory
 * that cannot be read is CORE_STORE, never "unknown". */
enum core_status store_dir_domain_tenant(struct store *st, const char *domain, char out[64],
					 struct core_error *err);

/* The list of every user the directory knows (rows: struct store_user),
 * filtered over email and name; the scope is unused. */
const struct store_list_spec *store_user_list(void);

/* The list of the guests of the tenant the query's key names (rows: struct
 * store_user), with their invitation state. */
const struct store_list_spec *store_guest_list(void);

/* The list of the tenants the directory knows (rows: struct
 * store_dir_tenant), filtered over name, ID and domains. */
const struct store_list_spec *store_dir_tenant_list(void);

/* Writes u's name, Global administrator flag and guest state over the user
 * with u's email. */
enum core_status store_user_update(struct store *st, const struct store_user *u,
				   struct core_error *err);

/* How many members (not guests) of tenant_id are Global administrators. */
enum core_status store_dir_admin_count(struct store *st, const char *tenant_id, long long *n,
				       struct core_error *err);

/* The tenant tenant_id; CORE_NOT_FOUND when the directory does not know it. */
enum core_status store_dir_tenant_find(struct store *st, const char *tenant_id,
				       struct store_dir_tenant *out, struct core_error *err);

/* Writes t's name and guest invitation setting over the tenant t names. */
enum core_status store_dir_tenant_update(struct store *st, const struct store_dir_tenant *t,
					 struct core_error *err);

/* Removes domain from the directory. */
enum core_status store_dir_domain_delete(struct store *st, const char *domain,
					 struct core_error *err);

/* How many domains the directory maps to tenant_id. */
enum core_status store_dir_domain_count(struct store *st, const char *tenant_id, long long *n,
					struct core_error *err);

#endif
