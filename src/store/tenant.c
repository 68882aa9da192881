#include "config.h"

#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_tenant.h"

/* A pending provisioning request past its expiry reads as expired at :now,
 * before the store writes it so (read-only mode, DOMAIN.md §1). */
#define TENANT_COLUMNS \
	"t.id, t.account_id, t.tenant_id, t.domain, t.display_name, t.billing_management_state," \
	" CASE WHEN t.provisioning_management_state = 'Pending' AND r.status = 'Pending'" \
	"  AND r.expires_on <= :now THEN 'BillingRequestExpired'" \
	"  ELSE t.provisioning_management_state END," \
	" coalesce(t.provisioning_request_id, 0), r.name, t.created_on" \
	" FROM associated_tenant t LEFT JOIN billing_request r ON r.id = t.provisioning_request_id"

static void
read_tenant(sqlite3_stmt *s, struct store_tenant *t)
{
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
	sqlite3_stmt *s = store_stmt(st, "SELECT " TENANT_COLUMNS
		" WHERE t.account_id = :acc AND ("
		"  t.tenant_id = :tid OR t.domain = :dom"
		"  OR t.tenant_id = (SELECT tenant_id FROM directory_domain WHERE domain = :dom)"
		"  OR (t.tenant_id IS NULL AND t.domain IN"
		"      (SELECT domain FROM directory_domain WHERE tenant_id = :tid)))"
		" LIMIT 1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":tid"), tenant_id);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":dom"), domain);
	bind_now(s, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_tenant(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read associated tenants");
	return core_error_set(err, CORE_NOT_FOUND, "No associated tenant %s on this billing account.",
			      tenant_id && *tenant_id ? tenant_id : domain ? domain : "");
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
		" provisioning_request_id = ?5 WHERE id = ?1", err);

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

enum core_status
store_tenant_each(struct store *st, long long account_id, const char *now, store_tenant_fn fn,
		  void *ctx, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " TENANT_COLUMNS
		" WHERE t.account_id = :acc ORDER BY t.display_name COLLATE NOCASE, t.id", err);
	struct store_tenant t;
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	bind_now(s, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_tenant(s, &t);
		if (fn(&t, ctx))
			break;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "read associated tenants");
	return CORE_OK;
}

enum core_status
store_tenant_count(struct store *st, long long account_id, long long *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM associated_tenant WHERE account_id = ?1", err);
	int rc;

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "count associated tenants");
	return CORE_OK;
}
