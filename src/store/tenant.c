#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_schema.h"
#include "billcon/store_tenant.h"

/* A pending provisioning request past its expiry reads as expired at :now,
 * before the store writes it so (read-only mode, DOMAIN.md §1). */
#define TENANT_COLUMNS TENANT_SELECT TENANT_FROM
#define TENANT_SELECT \
	"t.id, t.account_id, t.tenant_id, t.domain, t.display_name, t.billing_management_state," \
	" CASE WHEN t.provisioning_management_state = 'Pending' AND r.status = 'Pending'" \
	"  AND r.expires_on <= :now THEN 'BillingRequestExpired'" \
	"  ELSE t.provisioning_management_state END," \
	" coalesce(t.provisioning_request_id, 0), r.name, t.created_on," \
	" t.provisioning_management_state, t.version"
#define TENANT_FROM \
	" FROM associated_tenant t LEFT JOIN billing_request r ON r.id = t.provisioning_request_id"

static void
read_tenant(sqlite3_stmt *s, void *row)
{
	struct store_tenant *t = row;

	t->id = sqlite3_column_int64(s, 0);
	t->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, t->tenant_id, sizeof(t->tenant_id));
	store_column_copy(s, 3, t->domain, sizeof(t->domain));
	store_column_copy(s, 4, t->display_name, sizeof(t->display_name));
	store_column_copy(s, 5, t->billing_state, sizeof(t->billing_state));
	store_column_copy(s, 6, t->provisioning_state, sizeof(t->provisioning_state));
	t->request_id = sqlite3_column_int64(s, 7);
	store_column_copy(s, 8, t->request_name, sizeof(t->request_name));
	store_column_copy(s, 9, t->created_on, sizeof(t->created_on));
	store_column_copy(s, 10, t->stored_provisioning_state, sizeof(t->stored_provisioning_state));
	t->version = sqlite3_column_int64(s, 11);
}

static void
bind_now(sqlite3_stmt *s, const char *now)
{
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
}

enum core_status
store_tenant_find(struct store *st, long long account_id, const char *tenant_id,
		  const char *domain, const char *now, struct store_tenant *out,
		  struct core_error *err)
{
	/* One indexed lookup per way a tenant can be named: an OR of them
	 * would walk every tenant of the account. */
	sqlite3_stmt *s = store_stmt(st, "SELECT " TENANT_COLUMNS " WHERE t.id = ("
		" SELECT id FROM associated_tenant WHERE account_id = :acc AND tenant_id = :tid"
		" UNION ALL SELECT id FROM associated_tenant WHERE account_id = :acc AND domain = :dom"
		" UNION ALL SELECT id FROM associated_tenant WHERE account_id = :acc AND tenant_id ="
		"  (SELECT tenant_id FROM directory_domain WHERE domain = :dom)"
		" UNION ALL SELECT id FROM associated_tenant WHERE account_id = :acc AND tenant_id IS NULL"
		"  AND domain IN (SELECT domain FROM directory_domain WHERE tenant_id = :tid)"
		" LIMIT 1)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":tid"), tenant_id);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":dom"), domain);
	bind_now(s, now);
	rc = store_fetch_one(st, s, read_tenant, out, "associated tenant", err);
	if (rc != CORE_NOT_FOUND)
		return rc;
	return core_error_set(err, CORE_NOT_FOUND, "No associated tenant %s on this billing account.",
			      tenant_id && *tenant_id ? tenant_id : domain ? domain : "");
}

enum core_status
store_tenants_billing_on(struct store *st, long long account_id, const char *now, size_t max,
			 struct store_tenant **out, size_t *n, struct core_error *err)
{
	/* Walks the index (account_id, billing_management_state, id). */
	sqlite3_stmt *s = store_stmt(st, "SELECT " TENANT_COLUMNS " WHERE t.account_id = :acc"
		" AND t.billing_management_state = 'Active' AND t.tenant_id IS NOT NULL"
		" ORDER BY t.id LIMIT :max", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":max"), (sqlite3_int64)max);
	bind_now(s, now);
	return store_collect(st, s, sizeof(**out), read_tenant, (void **)out, n, "associated tenants", err);
}

enum core_status
store_tenant_insert(struct store *st, struct store_tenant *t, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO associated_tenant(account_id, tenant_id, domain,"
		" display_name, billing_management_state, provisioning_management_state,"
		" provisioning_request_id, created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, t->account_id);
	store_bind_text_or_null(s, 2, t->tenant_id);
	store_bind_text_or_null(s, 3, t->domain);
	sqlite3_bind_text(s, 4, t->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, t->billing_state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, t->provisioning_state, -1, SQLITE_STATIC);
	if (t->request_id)
		sqlite3_bind_int64(s, 7, t->request_id);
	sqlite3_bind_text(s, 8, t->created_on, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return core_error_set(err, CORE_REFUSED, "Tenant %s is already associated with this billing account.",
				      *t->tenant_id ? t->tenant_id : t->domain);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "add the associated tenant");
	t->id = sqlite3_last_insert_rowid(store_db(st));
	return CORE_OK;
}

enum core_status
store_tenant_update(struct store *st, const struct store_tenant *t, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE associated_tenant SET display_name = ?2,"
		" billing_management_state = ?3, provisioning_management_state = ?4,"
		" provisioning_request_id = ?5, version = version + 1 WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, t->id);
	sqlite3_bind_text(s, 2, t->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->billing_state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, t->provisioning_state, -1, SQLITE_STATIC);
	if (t->request_id)
		sqlite3_bind_int64(s, 5, t->request_id);
	return store_step_done(st, s, err, "change the associated tenant");
}

enum core_status
store_tenant_delete(struct store *st, long long id, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM associated_tenant WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, err, "remove the associated tenant");
}

/* Defined below with the orders of the console's list. */
static const struct store_list_spec tenant_list;

struct each_call {
	store_tenant_fn fn;
	void *ctx;
};

static int
each_row(const void *row, const struct store_list_key *key, void *data)
{
	struct each_call *e = data;

	(void)key;
	return e->fn(row, e->ctx);
}

enum core_status
store_tenant_each(struct store *st, long long account_id, const char *now, store_tenant_fn fn,
		  void *ctx, struct core_error *err)
{
	/* The whole list is one window without an end. */
	struct each_call e = { fn, ctx };
	struct store_list_query q = { .spec = &tenant_list, .scope = account_id, .now = now,
				      .sort = STORE_SORT_NAME, .limit = -1 };

	return store_list_page(st, &q, each_row, &e, err);
}

enum core_status
store_tenant_count(struct store *st, long long account_id, long long *n, struct core_error *err)
{
	return store_list_count(st, &tenant_list, account_id, n, err);
}

/* The orders of the console's list, each as its index has it. */
static const struct store_list_sort tenant_sorts[STORE_SORT_COUNT] = {
	[STORE_SORT_NAME] = { { "t.display_name COLLATE NOCASE" } },
	[STORE_SORT_KEY] = { { "coalesce(t.tenant_id, t.domain)" } },
	[STORE_SORT_BILLING] = { { "t.billing_management_state" } },
	/* As stored: an expired request reads as expired but sorts where it is
	 * stored, as its index has it. */
	[STORE_SORT_PROVISIONING] = { { "t.provisioning_management_state" } },
	[STORE_SORT_ADDED] = { { "t.created_on" } },
};

static const char *const tenant_like[] = { "t.display_name", "t.tenant_id", "t.domain", NULL };

static const struct store_list_spec tenant_list = {
	.select = TENANT_SELECT,
	.table = "associated_tenant t",
	.id = "t.id",
	.joins = " LEFT JOIN billing_request r ON r.id = t.provisioning_request_id",
	.where = "t.account_id = :scope",
	.sorts = tenant_sorts,
	.nsorts = STORE_SORT_COUNT,
	.fts = "associated_tenant_fts",
	.like = tenant_like,
	.count = "SELECT coalesce((SELECT n FROM associated_tenant_count WHERE account_id = :scope), 0)",
	.row_size = sizeof(struct store_tenant),
	.read_row = read_tenant,
};

const struct store_list_spec *
store_tenant_list(void)
{
	return &tenant_list;
}

/* The audit entries a bulk load appends are indexed at its end: the
 * index is contentless, so it cannot be rebuilt, only given the entries
 * after the one that was last when the load began (kept in a temporary
 * table). */
#define AUDIT_BULK_MARK \
	"CREATE TEMP TABLE bulk_audit_mark AS SELECT coalesce(max(seq), 0) AS seq FROM main.audit"
#define AUDIT_BULK_INDEX \
	"INSERT INTO audit_fts(rowid, actor, action, object, text)" \
	" SELECT seq, actor, action, object, coalesce(before, '') || ' ' || coalesce(after, '')" \
	" FROM audit WHERE seq > (SELECT seq FROM temp.bulk_audit_mark);" \
	"DROP TABLE temp.bulk_audit_mark"

enum core_status
store_bulk_begin(struct store *st, struct core_error *err)
{
	if (sqlite3_exec(store_db(st), "DROP TRIGGER IF EXISTS associated_tenant_fts_insert;"
			 "DROP TRIGGER IF EXISTS associated_tenant_count_insert;"
			 "DROP TRIGGER IF EXISTS role_assignment_fts_insert;"
			 "DROP TRIGGER IF EXISTS audit_fts_insert;" AUDIT_BULK_MARK ";"
			 /* Rows written and read back meet in memory, not the file. */
			 "PRAGMA cache_size=-65536",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "prepare a bulk load");
	return CORE_OK;
}

enum core_status
store_bulk_end(struct store *st, struct core_error *err)
{
	sqlite3 *db = store_db(st);

	if (sqlite3_exec(db, store_schema_fts_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, store_schema_count_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, store_schema_role_fts_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, store_schema_audit_fts_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "INSERT INTO associated_tenant_fts(associated_tenant_fts) VALUES('rebuild');"
			 "INSERT INTO role_assignment_fts(role_assignment_fts) VALUES('rebuild');"
			 "INSERT INTO associated_tenant_count(account_id, n)"
			 " SELECT account_id, count(*) FROM associated_tenant WHERE true GROUP BY account_id"
			 " ON CONFLICT(account_id) DO UPDATE SET n = excluded.n;" AUDIT_BULK_INDEX ";"
			 "PRAGMA cache_size=-2000",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "index the bulk load");
	return CORE_OK;
}
