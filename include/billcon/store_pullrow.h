/* store_pullrow: a pulled object into its own table (store_pull keeps it
 * whole; this maps it), keyed by its remote name. Shared by the files of
 * src/store/ only. */
#ifndef BILLCON_STORE_PULLROW_H
#define BILLCON_STORE_PULLROW_H

#include <sqlite3.h>

#include "billcon/core_remote.h"
#include "billcon/store_pull.h"

/* Binds t (its length: NUL kept) as parameter i of s; SQLite's code. */
int store_pull_bind(sqlite3_stmt *s, int i, const struct core_remote_text *t);

/* Before associated tenant row is updated while indexing is deferred (ix
 * not NULL): indexes it first if it is one of the rows not yet indexed,
 * since its update trigger takes its old words out of the index. */
enum core_status store_pull_index_tenants(struct store *st, struct store_pull_index *ix, long long row,
					  struct core_error *err);

/* Writes it into its table under at's parents (accounts, profiles,
 * sections, invoices, billing subscriptions under a pulled section,
 * associated tenants, role definitions and assignments, requests while
 * pending, Azure Stack customer subscriptions), inserting or updating by
 * its remote name; *row receives the row (its rowid), 0 for the kinds kept
 * only whole in remote_object or when a parent is missing. */
enum core_status store_pull_row(struct store *st, const struct store_pull_at *at,
				const struct core_remote_item *it, long long *row,
				struct core_error *err);

/* Runs the write s, then reads into *row the row ID that find (a query
 * whose one parameter is key) names: for the other files' upserts. */
enum core_status store_pull_upsert(struct store *st, sqlite3_stmt *s, const char *find,
				   const struct core_remote_text *key, long long *row,
				   struct core_error *err);

/* store_pull_row for the directory from Microsoft Graph (kinds
 * CORE_REMOTE_DIR_*, at->parent the tenant's ID; pullgraph.c): the tenant
 * (its name), its authorization policy (guest invitations allowed unless
 * allowInvitesFrom is "none"), its verified domains (an unverified one is
 * kept whole only, and leaves directory_domain), its users by email
 * (members with no guest state; guests with externalUserState, or
 * "Accepted" when Graph gives none; both with the tenant as home tenant),
 * and the Global administrator flag of the role's members (never over a
 * user's change waiting to be pushed). */
enum core_status store_pull_graph_row(struct store *st, const struct store_pull_at *at,
				      const struct core_remote_item *it, long long *row,
				      struct core_error *err);

/* What store_pull_remove does besides for a directory object id: a user's
 * row is deleted, a domain's too, a Global administrator's user loses the
 * flag (unless that user has a change waiting to be pushed); nothing for
 * any other id. */
enum core_status store_pull_graph_remove(struct store *st, const char *id, struct core_error *err);

#endif
