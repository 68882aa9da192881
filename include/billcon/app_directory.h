/* app_directory: the directory kept here while there is no sync (DOMAIN.md
 * §1): users of the primary tenant, the known tenants with their domains and
 * whether they allow guest invitations, and B2B guests (§4). Every change is
 * audited and kept local (there is no Graph call for it yet).
 *
 * Who keeps the directory: an owner of the billing account in scope, or a
 * member Global administrator of its primary tenant. A guest accepts only
 * their own invitation. A read-only store refuses every change. */
#ifndef BILLCON_APP_DIRECTORY_H
#define BILLCON_APP_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_directory.h"

struct app_ctx;
struct app_denial;

/* The guest states of store_user.guest_state. */
#define APP_GUEST_PENDING "PendingAcceptance"
#define APP_GUEST_ACCEPTED "Accepted"

/* A new member of the primary tenant. */
struct app_user_new {
	const char *email;
	const char *name;
	bool global_admin;
};

/* What to change of a user; NULL or -1 leaves it as it is. */
struct app_user_change {
	const char *name;
	int global_admin; /* -1 unchanged, 0 off, 1 on */
};

/* What to change of a known tenant; NULL or -1 leaves it as it is. */
struct app_dir_tenant_change {
	const char *name;
	int guest_invitations;     /* -1 unchanged, 0 off, 1 on */
	const char *add_domain;
	const char *remove_domain;
};

/* True when the actor may now change the directory (and invite guests);
 * else false with why in *d. Roles are read again; nothing is written. */
bool app_dir_may_edit(struct app_ctx *ctx, struct app_denial *d);

/* Adds a member (or a Global administrator) of the primary tenant: the
 * email must be well formed, new to the directory, and in one of the
 * primary tenant's domains. *out (may be NULL) receives the user. */
enum core_status app_user_add(struct app_ctx *ctx, const struct app_user_new *in,
			      struct store_user *out, struct core_error *err);

/* Changes the name or the Global administrator flag of a user of the
 * primary tenant; a guest is never made Global administrator, and the last
 * one is never unmade. */
enum core_status app_user_set(struct app_ctx *ctx, const char *email,
			      const struct app_user_change *change, struct store_user *out,
			      struct core_error *err);

/* True when u is a user of the primary tenant, whom this directory keeps;
 * else false with why in words (size bytes): another tenant's users are
 * kept by its own administrators. */
bool app_user_editable(const struct app_ctx *ctx, const struct store_user *u, char *words,
		       size_t size);

/* The user with email (CORE_USAGE when malformed, CORE_NOT_FOUND when
 * unknown). */
enum core_status app_user_get(struct app_ctx *ctx, const char *email, struct store_user *out,
			      struct core_error *err);

/* True when u counts as a user of the account's primary tenant for role
 * assignments (DOMAIN.md §4): a member of it, or a guest of it who
 * accepted; a pending guest or a user of another tenant does not. */
bool app_user_of_primary(const struct app_ctx *ctx, const struct store_user *u);

/* Changes the known tenant key names (a tenant ID, or one of its domains):
 * its name, whether it allows guest invitations, a domain added (new to
 * the directory) or removed (its own, never its last). */
enum core_status app_dir_tenant_set(struct app_ctx *ctx, const char *key,
				    const struct app_dir_tenant_change *change,
				    struct store_dir_tenant *out, struct core_error *err);

/* The known tenant key names (CORE_USAGE when it is neither a GUID nor a
 * domain, CORE_NOT_FOUND when unknown). */
enum core_status app_dir_tenant_get(struct app_ctx *ctx, const char *key,
				    struct store_dir_tenant *out, struct core_error *err);

/* Invites email as a B2B guest into the primary tenant (PendingAcceptance):
 * refused for an email in one of the tenant's own domains, when the tenant
 * does not allow guest invitations, and for a user already known. name may
 * be NULL (the email's local part is used). */
enum core_status app_guest_invite(struct app_ctx *ctx, const char *email, const char *name,
				  struct store_user *out, struct core_error *err);

/* Accepts the invitation of the guest email, acting as that guest: anyone
 * else is refused (CORE_FORBIDDEN), as is a guest who already accepted. */
enum core_status app_guest_accept(struct app_ctx *ctx, const char *email, struct store_user *out,
				  struct core_error *err);

/* True when the actor is a guest whose invitation awaits acceptance; else
 * false with why in words (size bytes). */
bool app_guest_may_accept(struct app_ctx *ctx, char *words, size_t size);

/* The user as a flat JSON object (Graph property names: mail,
 * displayName, userType, externalUserState, ...); the caller owns it. */
json_t *app_user_json(const struct store_user *u);

/* The tenant as a flat JSON object (tenantId, displayName, domains,
 * guestInvitationsAllowed); the caller owns it. */
json_t *app_dir_tenant_json(const struct store_dir_tenant *t);

/* The audit trail's name of u ("/tenants/TID/users/EMAIL"). */
void app_user_object(const struct store_user *u, char *out, size_t size);

/* The audit trail's name of the tenant ("/tenants/TID"). */
void app_dir_tenant_object(const char *tenant_id, char *out, size_t size);

/* One row of the seed's comparison of the two ways to give an outside
 * user billing access (seed associated-tenants.md). */
struct app_way_row {
	const char *aspect;      /* "Security", "Access" */
	const char *summary;     /* both ways in one line of at most 64 columns */
	const char *associated;  /* as a user of an associated tenant */
	const char *guest;       /* as a B2B guest */
};

/* The comparison, shown wherever the user chooses between the two ways
 * (the guest invite form, the role assignment form); *n receives its rows. */
const struct app_way_row *app_directory_comparison(size_t *n);

#endif
