/* store_directory: the known users and tenants (DOMAIN.md §1). */
#ifndef BILLCON_STORE_DIRECTORY_H
#define BILLCON_STORE_DIRECTORY_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct store;

struct store_user {
	char email[256];
	char display_name[256];
	char home_tenant_id[64];
	bool global_admin;
	char guest_state[32]; /* "" member, "PendingAcceptance", "Accepted" */
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

#endif
