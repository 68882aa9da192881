#include "config.h"

#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_request.h"

#define REQUEST_COLUMNS \
	"id, account_id, name, type, status, scope, object, tenant_id, addressee," \
	" created_by, created_on, expires_on, reviewed_by, reviewed_on, decision_reason"

/* The columns with the status as at the read time :now: a pending request
 * past its expiry reads as expired even before the store writes it so
 * (read-only mode). */
#define REQUEST_COLUMNS_AT \
	"r.id, r.account_id, r.name, r.type," \
	" CASE WHEN r.status = 'Pending' AND r.expires_on <= :now THEN 'Expired' ELSE r.status END," \
	" r.scope, r.object, r.tenant_id, r.addressee, r.created_by, r.created_on, r.expires_on," \
	" r.reviewed_by, r.reviewed_on, r.decision_reason"

static void
read_request(sqlite3_stmt *s, void *row)
{
	struct store_request *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, r->name, sizeof(r->name));
	store_column_copy(s, 3, r->type, sizeof(r->type));
	store_column_copy(s, 4, r->status, sizeof(r->status));
	store_column_copy(s, 5, r->scope, sizeof(r->scope));
	store_column_copy(s, 6, r->object, sizeof(r->object));
	store_column_copy(s, 7, r->tenant_id, sizeof(r->tenant_id));
	store_column_copy(s, 8, r->addressee, sizeof(r->addressee));
	store_column_copy(s, 9, r->created_by, sizeof(r->created_by));
	store_column_copy(s, 10, r->created_on, sizeof(r->created_on));
	store_column_copy(s, 11, r->expires_on, sizeof(r->expires_on));
	store_column_copy(s, 12, r->reviewed_by, sizeof(r->reviewed_by));
	store_column_copy(s, 13, r->reviewed_on, sizeof(r->reviewed_on));
	store_column_copy(s, 14, r->decision_reason, sizeof(r->decision_reason));
}

enum core_status
store_request_insert(struct store *st, struct store_request *r, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO billing_request(account_id, name, type, status,"
		" scope, object, tenant_id, addressee, created_by, created_on, expires_on,"
		" reviewed_by, reviewed_on, decision_reason)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, r->account_id);
	sqlite3_bind_text(s, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->scope, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 6, r->object);
	store_bind_text_or_null(s, 7, r->tenant_id);
	sqlite3_bind_text(s, 8, r->addressee, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, r->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, r->created_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->expires_on, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 12, r->reviewed_by);
	store_bind_text_or_null(s, 13, r->reviewed_on);
	store_bind_text_or_null(s, 14, r->decision_reason);
	rc = store_step_done(st, s, err, "add the request");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_request_decide(struct store *st, long long id, const char *status, const char *reviewed_by,
		     const char *reviewed_on, const char *reason, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE billing_request SET status = ?2, reviewed_by = ?3,"
				     " reviewed_on = ?4, decision_reason = ?5 WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reviewed_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, reviewed_on, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 5, reason);
	return store_step_done(st, s, err, "record the decision on the request");
}

static enum core_status
collect(struct store *st, sqlite3_stmt *s, struct store_request **out, size_t *n,
	struct core_error *err)
{
	return store_collect(st, s, sizeof(**out), read_request, (void **)out, n, "requests", err);
}

enum core_status
store_requests_pending(struct store *st, long long account_id, const char *tenant_id,
		       const char *now, struct store_request **out, size_t *n,
		       struct core_error *err)
{
	sqlite3_stmt *s;

	if (tenant_id) {
		s = store_stmt(st, "SELECT " REQUEST_COLUMNS " FROM billing_request"
			       " WHERE status = 'Pending' AND account_id = ?1 AND tenant_id = ?2"
			       " ORDER BY id", err);
		if (!s)
			return err ? err->status : CORE_STORE;
		sqlite3_bind_int64(s, 1, account_id);
		sqlite3_bind_text(s, 2, tenant_id, -1, SQLITE_STATIC);
	} else {
		/* Through the pending index whatever the statistics say: once
		 * most requests are decided, ANALYZE makes a walk of the whole
		 * table in ID order look cheaper, and every open paid for it. */
		s = store_stmt(st, "SELECT " REQUEST_COLUMNS " FROM billing_request"
			       " INDEXED BY billing_request_pending"
			       " WHERE status = 'Pending' AND expires_on <= ?1 ORDER BY id", err);
		if (!s)
			return err ? err->status : CORE_STORE;
		sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	}
	return collect(st, s, out, n, err);
}

enum core_status
store_request_get(struct store *st, long long id, struct store_request *out,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " REQUEST_COLUMNS " FROM billing_request WHERE id = ?1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_request(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read the request");
	return core_error_set(err, CORE_NOT_FOUND, "There is no such request.");
}

enum core_status
store_request_find(struct store *st, const char *name, const char *now, struct store_request *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " REQUEST_COLUMNS_AT " FROM billing_request r"
				     " WHERE r.name = :name COLLATE NOCASE", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":name"), name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":now"), now, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_request, out, "request", err);
}

/* The orders of Manage requests, each as its index (migration 7) has it. */
static const struct store_list_sort request_sorts[STORE_REQUEST_SORT_COUNT] = {
	/* As stored: a request past its expiry sorts where it is stored until
	 * billcon writes it expired. */
	[STORE_REQUEST_SORT_STATUS] = { { "r.status <> 'Pending'", "r.status" } },
	[STORE_REQUEST_SORT_CREATED] = { { "r.created_on" } },
	[STORE_REQUEST_SORT_EXPIRES] = { { "r.expires_on" } },
	[STORE_REQUEST_SORT_TYPE] = { { "r.type" } },
	[STORE_REQUEST_SORT_ADDRESSEE] = { { "r.addressee COLLATE NOCASE" } },
};

static const char *const request_like[] = { "r.name", "r.type", "r.status", "r.addressee",
					    "r.created_by", NULL };

static const struct store_list_spec request_list = {
	.select = REQUEST_COLUMNS_AT,
	.table = "billing_request r",
	.id = "r.id",
	.joins = "",
	.where = "r.account_id = :scope",
	.sorts = request_sorts,
	.nsorts = STORE_REQUEST_SORT_COUNT,
	.fts = "billing_request_fts",
	.like = request_like,
	.count = "SELECT coalesce((SELECT n FROM billing_request_count WHERE account_id = :scope), 0)",
	.row_size = sizeof(struct store_request),
	.read_row = read_request,
};

/* Those addressed to :key: by email, or as the Global administrator of
 * their home tenant for provisioning requests into it. */
static const struct store_list_spec request_addressed_list = {
	.select = REQUEST_COLUMNS_AT,
	.table = "billing_request r",
	.id = "r.id",
	.joins = "",
	.where = "r.account_id = :scope AND (r.addressee = :key COLLATE NOCASE"
		 " OR (r.type = 'ProvisioningAccess' AND r.tenant_id IN (SELECT home_tenant_id"
		 " FROM directory_user WHERE email = :key AND global_admin)))",
	.sorts = request_sorts,
	.nsorts = STORE_REQUEST_SORT_COUNT,
	.fts = "billing_request_fts",
	.like = request_like,
	.actor_key = true,
	.row_size = sizeof(struct store_request),
	.read_row = read_request,
};

const struct store_list_spec *
store_request_list(void)
{
	return &request_list;
}

const struct store_list_spec *
store_request_addressed_list(void)
{
	return &request_addressed_list;
}
