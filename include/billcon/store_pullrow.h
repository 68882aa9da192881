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

#endif
