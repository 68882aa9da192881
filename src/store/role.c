#include "config.h"

#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_role.h"

/* The derived status of an assignment (alias ra) joined to its request (r),
 * with :now the read time: a pending request past its expiry reads as
 * expired even before the store writes it so (read-only mode). */
#define ROLE_STATUS \
	"CASE WHEN ra.request_id IS NULL THEN 'Active'" \
	" WHEN r.status = 'Pending' AND r.expires_on <= :now THEN 'Expired'" \
	" WHEN r.status = 'Pending' THEN 'PendingApproval'" \
	" WHEN r.status IN ('Approved', 'Completed') THEN 'Active'" \
	" ELSE r.status END"

#define ROLE_COLUMNS \
	"ra.id, ra.account_id, ra.name, ra.scope, ra.role_definition_id, ra.principal_email," \
	" ra.principal_tenant_id, coalesce(ra.request_id, 0), " ROLE_STATUS "," \
	" ra.created_by, ra.created_on"

static void read_role(sqlite3_stmt *s, void *row);

/* A role as lists and lookups show it: with its definition's name and its
 * request's GUID. */
#define ROLE_LISTED_SELECT ROLE_COLUMNS ", rd.role_name, r.name," \
	" :key IS NOT NULL AND ra.scope <> :key COLLATE NOCASE"
#define ROLE_LISTED_JOINS \
	" LEFT JOIN billing_request r ON r.id = ra.request_id" \
	" LEFT JOIN role_definition rd ON rd.id = ra.role_definition_id"

static void
read_role_listed(sqlite3_stmt *s, void *row)
{
	struct store_role *r = row;

	read_role(s, row);
	store_column_copy(s, 11, r->role_name, sizeof(r->role_name));
	store_column_copy(s, 12, r->request_name, sizeof(r->request_name));
	r->inherited = sqlite3_column_int(s, 13) != 0;
}

static void
read_role(sqlite3_stmt *s, void *row)
{
	struct store_role *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, r->name, sizeof(r->name));
	store_column_copy(s, 3, r->scope, sizeof(r->scope));
	store_column_copy(s, 4, r->role_definition_id, sizeof(r->role_definition_id));
	store_column_copy(s, 5, r->principal_email, sizeof(r->principal_email));
	store_column_copy(s, 6, r->principal_tenant_id, sizeof(r->principal_tenant_id));
	r->request_id = sqlite3_column_int64(s, 7);
	store_column_copy(s, 8, r->status, sizeof(r->status));
	store_column_copy(s, 9, r->created_by, sizeof(r->created_by));
	store_column_copy(s, 10, r->created_on, sizeof(r->created_on));
}

enum core_status
store_role_definition_insert(struct store *st, const char *id, long long account_id,
			     const char *scope, const char *role_name, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO role_definition(id, account_id, scope, role_name)"
				     " VALUES(?1, ?2, ?3, ?4)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, account_id);
	sqlite3_bind_text(s, 3, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, role_name, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "add the role definition");
}

static void
read_definition(sqlite3_stmt *s, void *row)
{
	struct store_role_definition *d = row;

	store_column_copy(s, 0, d->id, sizeof(d->id));
	store_column_copy(s, 1, d->scope, sizeof(d->scope));
	store_column_copy(s, 2, d->role_name, sizeof(d->role_name));
}

enum core_status
store_role_definitions_at(struct store *st, long long account_id, const char *scope,
			  struct store_role_definition **out, size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, scope, role_name FROM role_definition"
		" WHERE account_id = ?1 AND scope = ?2 COLLATE NOCASE ORDER BY rowid", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, scope, -1, SQLITE_STATIC);
	return store_collect(st, s, sizeof(**out), read_definition, (void **)out, n,
			     "role definitions", err);
}

static void
read_scope(sqlite3_stmt *s, void *row)
{
	store_column_copy(s, 0, row, 512);
}

enum core_status
store_role_definition_scopes(struct store *st, long long account_id, char (**out)[512], size_t *n,
			     struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT DISTINCT scope FROM role_definition"
		" WHERE account_id = ?1 ORDER BY length(scope), scope", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	return store_collect(st, s, sizeof(**out), read_scope, (void **)out, n, "scopes", err);
}

enum core_status
store_role_find(struct store *st, long long account_id, const char *name, const char *now,
		struct store_role *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROLE_LISTED_SELECT " FROM role_assignment ra"
		ROLE_LISTED_JOINS " WHERE ra.name = :name COLLATE NOCASE AND ra.account_id = :acc", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":name"), name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_role_listed, out, "role assignment", err);
}

enum core_status
store_roles_matching(struct store *st, long long account_id, const struct store_role_match *m,
		     const char *now, long long *count, struct core_error *err)
{
	/* The index (account_id, role_definition_id, id) narrows it to one
	 * role of the account: owners are few even when assignments are many. */
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM role_assignment ra"
		" LEFT JOIN billing_request r ON r.id = ra.request_id"
		" WHERE ra.account_id = :acc AND ra.role_definition_id = :def"
		" AND ra.scope = :scope COLLATE NOCASE"
		" AND (:email IS NULL OR ra.principal_email = :email)"
		" AND ra.id <> :except AND (:tenant IS NULL OR ra.principal_tenant_id <> :tenant)"
		" AND " ROLE_STATUS " IN ('Active', CASE WHEN :active THEN 'Active' ELSE 'PendingApproval' END)",
		err);

	*count = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":def"), m->definition_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":scope"), m->scope, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":email"), m->email);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":except"), m->except_id);
	store_bind_text_or_null(s, sqlite3_bind_parameter_index(s, ":tenant"), m->except_tenant);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":active"), m->only_active);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, store_read_int64, count, "role assignment count", err);
}

enum core_status
store_role_insert(struct store *st, struct store_role *r, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO role_assignment(account_id, name, scope,"
		" role_definition_id, principal_email, principal_tenant_id, request_id, created_by,"
		" created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, r->account_id);
	sqlite3_bind_text(s, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->role_definition_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->principal_email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->principal_tenant_id, -1, SQLITE_STATIC);
	if (r->request_id)
		sqlite3_bind_int64(s, 7, r->request_id);
	sqlite3_bind_text(s, 8, r->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, r->created_on, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the role assignment");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_role_delete(struct store *st, long long id, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM role_assignment WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, err, "remove the role assignment");
}

enum core_status
store_role_rename(struct store *st, const char *from, const char *to, struct core_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM role_assignment WHERE name = ?1 AND EXISTS(SELECT 1 FROM role_assignment WHERE name = ?2)",
		"UPDATE role_assignment SET name = ?2 WHERE name = ?1",
		/* A decided request never changes (its trigger); a pending one
		 * approves the assignment by its new name. */
		"UPDATE billing_request SET object = ?2 WHERE object = ?1 AND status = 'Pending'",
	};
	enum core_status rc = CORE_OK;
	sqlite3_stmt *s;

	for (size_t i = 0; !rc && i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (!(s = store_stmt(st, sql[i], err)))
			return err ? err->status : CORE_STORE;
		sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
		rc = store_step_done(st, s, err, "take the service's name for a role assignment");
	}
	return rc;
}

/* As lists read them (the role's name, the request's GUID): the cascade
 * writes each removed assignment whole to the audit trail. */
static const char live_sql[] =
	"SELECT " ROLE_LISTED_SELECT " FROM role_assignment ra" ROLE_LISTED_JOINS
	" WHERE ra.account_id = :acc AND ra.principal_tenant_id = :tenant"
	" AND " ROLE_STATUS " IN ('Active', 'PendingApproval') ORDER BY ra.id";

static const char live_count_sql[] =
	"SELECT count(*) FROM role_assignment ra"
	" LEFT JOIN billing_request r ON r.id = ra.request_id"
	" WHERE ra.account_id = :acc AND ra.principal_tenant_id = :tenant"
	" AND " ROLE_STATUS " IN ('Active', 'PendingApproval')";

static void
bind_live(sqlite3_stmt *s, long long account_id, const char *tenant_id, const char *now)
{
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":tenant"), tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
}

enum core_status
store_roles_live_for_tenant(struct store *st, long long account_id, const char *tenant_id,
			    const char *now, struct store_role **out, size_t *n,
			    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, live_sql, err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	bind_live(s, account_id, tenant_id, now);
	return store_collect(st, s, sizeof(**out), read_role_listed, (void **)out, n, "role assignments",
			     err);
}

enum core_status
store_roles_live_count(struct store *st, long long account_id, const char *tenant_id,
		       const char *now, long long *count, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, live_count_sql, err);

	*count = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	bind_live(s, account_id, tenant_id, now);
	return store_fetch_one(st, s, store_read_int64, count, "role assignment count", err);
}

enum core_status
store_grants_each(struct store *st, long long account_id, const char *email, const char *now,
		  store_grant_fn fn, void *ctx, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT ra.role_definition_id, ra.scope"
		" FROM role_assignment ra LEFT JOIN billing_request r ON r.id = ra.request_id"
		" WHERE ra.account_id = :acc AND ra.principal_email = :email"
		" AND " ROLE_STATUS " = 'Active'", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":email"), email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1), ctx);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read the actor's roles");
	return CORE_OK;
}


static const struct store_list_sort role_sorts[STORE_ROLE_SORT_COUNT] = {
	[STORE_ROLE_SORT_USER] = { { "ra.principal_email COLLATE NOCASE" } },
	[STORE_ROLE_SORT_TENANT] = { { "ra.principal_tenant_id" } },
	[STORE_ROLE_SORT_ROLE] = { { "ra.role_definition_id" } },
	[STORE_ROLE_SORT_ADDED] = { { "ra.created_on" } },
};

static const char *const role_like[] = { "ra.principal_email", "ra.principal_tenant_id",
					 "rd.role_name", NULL };

static const struct store_list_spec role_list = {
	.select = ROLE_LISTED_SELECT,
	.table = "role_assignment ra",
	.id = "ra.id",
	.joins = ROLE_LISTED_JOINS,
	/* :key, when given, is a scope: the roles that hold there, its own
	 * and those inherited from the scopes above it. */
	.where = "ra.account_id = :scope AND (:key IS NULL OR ra.scope = :key COLLATE NOCASE"
		 " OR substr(:key, 1, length(ra.scope) + 1) = ra.scope || '/' COLLATE NOCASE)",
	.sorts = role_sorts,
	.nsorts = STORE_ROLE_SORT_COUNT,
	.fts = "role_assignment_fts",
	.like = role_like,
	/* No count (a scope shows part of the account's), but the largest ID
	 * bounds the rows: without it the index drove up to 10,000 matches,
	 * joined and sorted (100 ms at a million). */
	.estimate = "SELECT coalesce(max(id), 0) FROM role_assignment",
	.row_size = sizeof(struct store_role),
	.read_row = read_role_listed,
};

const struct store_list_spec *
store_role_list(void)
{
	return &role_list;
}

enum core_status
store_role_of_request(struct store *st, long long request_id, const char *now,
		      struct store_role *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROLE_LISTED_SELECT " FROM role_assignment ra"
		ROLE_LISTED_JOINS " WHERE ra.request_id = :req", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":req"), request_id);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_role_listed, out, "role assignment", err);
}
