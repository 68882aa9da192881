/* store_usage: usage imports, rows and totals (store_usage.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_usage.h"

static void
read_import(sqlite3_stmt *s, void *row)
{
	struct store_usage_import *i = row;

	i->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, i->file_name, sizeof(i->file_name));
	store_column_copy(s, 2, i->file_hash, sizeof(i->file_hash));
	i->rows = sqlite3_column_int64(s, 3);
	store_column_copy(s, 4, i->imported_by, sizeof(i->imported_by));
	store_column_copy(s, 5, i->imported_on, sizeof(i->imported_on));
}

enum core_status
store_usage_import_find(struct store *st, const char *hash, struct store_usage_import *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, file_name, file_hash, rows, imported_by, imported_on"
				     " FROM usage_import WHERE file_hash = ?1 ORDER BY id LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_import, out, "usage import", err);
}

enum core_status
store_usage_import_add(struct store *st, struct store_usage_import *imp, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO usage_import(file_name, file_hash, rows, imported_by,"
				     " imported_on) VALUES(?1, ?2, ?3, ?4, ?5)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, imp->file_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, imp->file_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, imp->rows);
	sqlite3_bind_text(s, 4, imp->imported_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, imp->imported_on, -1, SQLITE_STATIC);
	if (!(rc = store_step_done(st, s, err, "record the usage import")))
		imp->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_usage_import_rows(struct store *st, long long id, long long rows, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE usage_import SET rows = ?2 WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, rows);
	return store_step_done(st, s, err, "count the usage import's rows");
}

enum core_status
store_usage_records_add(struct store *st, long long import_id, const struct store_usage_record *r, size_t n,
			struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO usage_record(import_id, deployment, tenant_id, meter,"
				     " quantity, start_on, end_on, subscription_id, fallback)"
				     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	enum core_status rc = CORE_OK;
	size_t i;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, import_id);
	for (i = 0; !rc && i < n; i++) {
		sqlite3_bind_int64(s, 2, r[i].deployment_id);
		sqlite3_bind_text(s, 3, r[i].tenant_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, r[i].meter, -1, SQLITE_STATIC);
		sqlite3_bind_double(s, 5, r[i].quantity);
		sqlite3_bind_text(s, 6, r[i].start_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, r[i].end_on, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 8, r[i].subscription_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 9, r[i].fallback);
		rc = store_step_done(st, s, err, "record a usage row");
	}
	return rc;
}

enum core_status
store_usage_total_add(struct store *st, const struct store_usage_record *r, long long rows, double quantity,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO usage_total(deployment, tenant_id, meter, subscription_id,"
				     " fallback, rows, quantity) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
				     " ON CONFLICT(deployment, tenant_id, meter, subscription_id) DO UPDATE"
				     " SET rows = rows + excluded.rows, quantity = quantity + excluded.quantity", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, r->deployment_id);
	sqlite3_bind_text(s, 2, r->tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->meter, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, r->fallback);
	sqlite3_bind_int64(s, 6, rows);
	sqlite3_bind_double(s, 7, quantity);
	return store_step_done(st, s, err, "add to the usage totals");
}

enum core_status
store_usage_bulk(struct store *st, bool on, struct core_error *err)
{
	const char *sql = on ? "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16384"
			     : "PRAGMA foreign_keys=ON; PRAGMA cache_size=-2000";

	if (sqlite3_exec(store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, on ? "set the store up for an import" : "set the store back after an import");
	return CORE_OK;
}

/* The report's query per grouping: deployment, tenant, meter, subscription,
 * fallback, tenants, rows, quantity. */
static const char *const report_sql[] = {
	[STORE_USAGE_BY_SUBSCRIPTION] =
		"SELECT d.name, '', '', t.subscription_id, max(t.fallback), count(DISTINCT t.tenant_id),"
		" sum(t.rows), sum(t.quantity) FROM usage_total t JOIN stack_deployment d ON d.id = t.deployment"
		" GROUP BY d.name, t.subscription_id ORDER BY d.name, t.subscription_id",
	[STORE_USAGE_BY_TENANT] =
		"SELECT d.name, t.tenant_id, '', t.subscription_id, t.fallback, 1, sum(t.rows), sum(t.quantity)"
		" FROM usage_total t JOIN stack_deployment d ON d.id = t.deployment"
		" GROUP BY d.name, t.tenant_id, t.subscription_id ORDER BY d.name, t.tenant_id, t.subscription_id",
	[STORE_USAGE_BY_METER] =
		"SELECT d.name, '', t.meter, t.subscription_id, t.fallback, count(DISTINCT t.tenant_id),"
		" sum(t.rows), sum(t.quantity) FROM usage_total t JOIN stack_deployment d ON d.id = t.deployment"
		" GROUP BY d.name, t.meter, t.subscription_id ORDER BY d.name, t.meter, t.subscription_id",
};

static void
read_line(sqlite3_stmt *s, void *row)
{
	struct store_usage_line *l = row;

	store_column_copy(s, 0, l->deployment, sizeof(l->deployment));
	store_column_copy(s, 1, l->tenant_id, sizeof(l->tenant_id));
	store_column_copy(s, 2, l->meter, sizeof(l->meter));
	store_column_copy(s, 3, l->subscription_id, sizeof(l->subscription_id));
	l->fallback = sqlite3_column_int(s, 4) != 0;
	l->tenants = sqlite3_column_int64(s, 5);
	l->rows = sqlite3_column_int64(s, 6);
	l->quantity = sqlite3_column_double(s, 7);
}

enum core_status
store_usage_report(struct store *st, enum store_usage_by by, struct store_usage_line **out, size_t *n,
		   struct core_error *err)
{
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if ((int)by < 0 || by > STORE_USAGE_BY_METER)
		return core_error_set(err, CORE_USAGE, "There is no such grouping of the usage report.");
	if (!(s = store_stmt(st, report_sql[by], err)))
		return err ? err->status : CORE_STORE;
	return store_collect(st, s, sizeof(**out), read_line, (void **)out, n, "usage totals", err);
}

/* usage_total has no row ID (WITHOUT ROWID): the list numbers its rows in
 * key order, the tie-break a keyset needs. */
static const struct store_list_sort total_sorts[STORE_USAGE_SORT_COUNT] = {
	[STORE_USAGE_SORT_SUBSCRIPTION] = { { "d.name", "u.subscription_id", "u.tenant_id" } },
	[STORE_USAGE_SORT_TENANT] = { { "d.name", "u.tenant_id", "u.meter" } },
	[STORE_USAGE_SORT_METER] = { { "u.meter", "d.name", "u.subscription_id" } },
	[STORE_USAGE_SORT_QUANTITY] = { { "CAST(round(u.quantity * 1000) AS INTEGER)" } },
};

static const char *const total_like[] = { "d.name", "u.tenant_id", "u.meter", "u.subscription_id", NULL };

static const struct store_list_spec total_list = {
	.select = "d.name, u.tenant_id, u.meter, u.subscription_id, u.fallback, 1, u.rows, u.quantity",
	.table = "(SELECT row_number() OVER (ORDER BY deployment, tenant_id, meter, subscription_id) AS id, *"
		 " FROM usage_total) u",
	.id = "u.id",
	.joins = " JOIN stack_deployment d ON d.id = u.deployment",
	.where = "1",
	.sorts = total_sorts,
	.nsorts = STORE_USAGE_SORT_COUNT,
	.like = total_like,
	.count = "SELECT count(*) FROM usage_total",
	.row_size = sizeof(struct store_usage_line),
	.read_row = read_line,
};

const struct store_list_spec *
store_usage_total_list(void)
{
	return &total_list;
}
