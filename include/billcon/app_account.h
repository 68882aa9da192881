/* app_account: the billing accounts an actor sees (DOMAIN.md §2: only those
 * on which they hold a role), and switching the one in scope, which every
 * blade and command then works on. */
#ifndef BILLCON_APP_ACCOUNT_H
#define BILLCON_APP_ACCOUNT_H

#include <time.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_account.h"

struct app_ctx;
struct store;

/* Makes the account that name names (ARM name or display name) the one in
 * scope, with the actor's roles on it read: CORE_NOT_FOUND when there is
 * none, CORE_FORBIDDEN when the actor holds no role on it (the account in
 * scope then stays as it was). */
enum core_status app_account_switch(struct app_ctx *ctx, const char *name, struct core_error *err);

/* a as the command line's JSON writes it: name, displayName,
 * agreementType, accountType, accountStatus, primaryTenantId,
 * soldToCountry, inScope (a is the account in scope); the caller owns the
 * reference. */
json_t *app_account_json(const struct app_ctx *ctx, const struct store_account *a);

/* The most accounts app_account_seed_many makes. */
#define APP_ACCOUNT_SEED_MAX 100000

/* n generated accounts (0 for none), each with its role definitions, a
 * billing profile and its section, and a Reader role for email (of tenant
 * tenant_id) at the account, for benchmarks of the switcher. In the
 * caller's transaction. */
enum core_status app_account_seed_many(struct store *st, long n, const char *email,
				       const char *tenant_id, time_t now, struct core_error *err);

#endif
