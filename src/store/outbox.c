#include "config.h"

#include "billcon/store_internal.h"
#include "billcon/store_outbox.h"

enum core_status
store_outbox_add(struct store *st, const char *at, const char *action, const char *object,
		 const char *before, const char *after, bool push, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO sync_outbox(audit_seq, created_on, action,"
		" object, before, after, push) VALUES((SELECT max(seq) FROM audit), ?1, ?2, ?3, ?4, ?5, ?6)",
		err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, object, -1, SQLITE_STATIC);
	if (before)
		sqlite3_bind_text(s, 4, before, -1, SQLITE_STATIC);
	if (after)
		sqlite3_bind_text(s, 5, after, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, push ? 1 : 0);
	return store_step_done(st, s, err, "queue the change for sync");
}

enum core_status
store_outbox_waiting(struct store *st, long long *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM sync_outbox WHERE push = 1"
				     " AND done_on IS NULL", err);

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	return store_fetch_one(st, s, store_read_int64, n, "outbox count", err);
}
