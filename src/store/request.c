#include "config.h"

#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_request.h"

#define REQUEST_COLUMNS \
	"id, account_id, name, type, status, scope, object, tenant_id, addressee," \
	" created_by, created_on, expires_on, reviewed_by, reviewed_on, decision_reason"

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
