#include "config.h"

#include "billcon/store_internal.h"
#include "billcon/store_outbox.h"

#include <stdlib.h>
#include <string.h>

enum core_status
store_outbox_add(struct store *st, const char *at, const char *action, const char *object,
		 const char *before, const char *after, bool push, struct core_error *err)
{
	/* The base the read-back compares with: the object's JSON as last
	 * pulled, or as read back after a push of ours went through
	 * (store_pull_pushed, at the push's own time, hence "after" and not
	 * "at"); unless a change of ours waits, or went out after that: then
	 * what the service holds is not known here, and that change's own
	 * read-back stands for this one. */
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO sync_outbox(audit_seq, created_on, action,"
		" object, before, after, push, base) VALUES((SELECT max(seq) FROM audit), ?1, ?2, ?3, ?4, ?5, ?6,"
		" (SELECT r.json FROM remote_object r WHERE ?6 AND r.id = ?3 AND r.removed_on IS NULL"
		" AND NOT EXISTS(SELECT 1 FROM sync_outbox o WHERE o.object = ?3 AND o.push = 1"
		" AND (o.done_on IS NULL OR o.done_on > r.pulled_on))))",
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

/* The columns read_row reads, in its order. */
#define ROW_COLUMNS "id, audit_seq, created_on, action, object, before, after, push, attempts, last_error," \
	" base, conflict, resolution, coalesce((SELECT actor FROM audit WHERE seq = audit_seq), '')"

static char *
column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static void
read_row(sqlite3_stmt *s, void *row)
{
	struct store_outbox_row *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->audit_seq = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, r->created_on, sizeof(r->created_on));
	r->action = column_dup(s, 3);
	r->object = column_dup(s, 4);
	r->before = column_dup(s, 5);
	r->after = column_dup(s, 6);
	r->push = sqlite3_column_int(s, 7) != 0;
	r->attempts = sqlite3_column_int64(s, 8);
	r->last_error = column_dup(s, 9);
	r->base = column_dup(s, 10);
	r->conflict = column_dup(s, 11);
	r->mine = sqlite3_column_type(s, 12) != SQLITE_NULL;
	store_column_copy(s, 13, r->actor, sizeof(r->actor));
}

enum core_status
store_outbox_list(struct store *st, struct store_outbox_row **rows, size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROW_COLUMNS " FROM sync_outbox WHERE done_on IS NULL ORDER BY id",
				     err);
	enum core_status rc;
	size_t i;

	*rows = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	rc = store_collect(st, s, sizeof(**rows), read_row, (void **)rows, n, "waiting changes", err);
	for (i = 0; !rc && i < *n; i++)
		if (!(*rows)[i].action || !(*rows)[i].object) {
			store_outbox_rows_free(*rows, *n);
			*rows = NULL;
			*n = 0;
			return core_error_set(err, CORE_STORE, "Out of memory reading the waiting changes.");
		}
	return rc;
}

enum core_status
store_outbox_retarget(struct store *st, const char *from, const char *to, long long **ids, size_t *n,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE sync_outbox SET object = ?2 WHERE object = ?1 AND done_on IS NULL"
				     " RETURNING id", err);
	size_t cap = 0;
	int step;

	*ids = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			long long *more = realloc(*ids, (cap = cap ? cap * 2 : 4) * sizeof(**ids));

			if (!more) {
				sqlite3_reset(s);
				return core_error_set(err, CORE_STORE, "Out of memory following an object the service named.");
			}
			*ids = more;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "follow an object the service named");
	return CORE_OK;
}

enum core_status
store_outbox_each(struct store *st, store_outbox_fn fn, void *arg, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROW_COLUMNS " FROM sync_outbox WHERE done_on IS NULL"
				     " ORDER BY id", err);
	struct store_outbox_row row;
	int step = SQLITE_DONE, stop = 0;

	if (!s)
		return err ? err->status : CORE_STORE;
	while (!stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		read_row(s, &row);
		if (!row.action || !row.object) {
			store_outbox_row_clear(&row);
			sqlite3_reset(s);
			return core_error_set(err, CORE_STORE, "Out of memory reading a waiting change.");
		}
		stop = fn(&row, arg);
		store_outbox_row_clear(&row);
	}
	sqlite3_reset(s);
	return stop || step == SQLITE_DONE ? CORE_OK : store_fail(st, err, "read the waiting changes");
}

void
store_outbox_rows_free(struct store_outbox_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++)
		store_outbox_row_clear(&rows[i]);
	free(rows);
}

/* Runs sql (an UPDATE of one row: ?1 its id, ?2 text when not NULL). */
static enum core_status
update_row(struct store *st, const char *sql, long long id, const char *text, const char *doing,
	   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	if (text)
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, doing);
}

enum core_status
store_outbox_done(struct store *st, long long id, const char *at, struct core_error *err)
{
	return update_row(st, "UPDATE sync_outbox SET done_on = ?2, last_error = NULL WHERE id = ?1", id, at,
			  "settle a pushed change", err);
}

enum core_status
store_outbox_sending(struct store *st, long long id, struct core_error *err)
{
	return update_row(st, "UPDATE sync_outbox SET attempts = attempts + 1, last_error = NULL WHERE id = ?1", id,
			  NULL, "note a change being pushed", err);
}

enum core_status
store_outbox_failed(struct store *st, long long id, const char *last_error, struct core_error *err)
{
	return update_row(st, "UPDATE sync_outbox SET last_error = ?2 WHERE id = ?1", id, last_error,
			  "record a failed push", err);
}

enum core_status
store_outbox_conflict(struct store *st, long long id, const char *theirs, struct core_error *err)
{
	return update_row(st, "UPDATE sync_outbox SET conflict = ?2, resolution = NULL, last_error = NULL"
			  " WHERE id = ?1", id, theirs ? theirs : "", "record a conflict", err);
}

enum core_status
store_outbox_conflict_after(struct store *st, const struct store_outbox_row *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE sync_outbox SET conflict = ?3, base = coalesce(base, ?4),"
				     " resolution = NULL WHERE object = ?1 AND id > ?2 AND push = 1 AND done_on IS NULL", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, row->object, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, row->id);
	sqlite3_bind_text(s, 3, row->conflict ? row->conflict : "", -1, SQLITE_STATIC);
	if (row->base)
		sqlite3_bind_text(s, 4, row->base, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "record a conflict");
}

enum core_status
store_outbox_keep_mine(struct store *st, long long id, struct core_error *err)
{
	return update_row(st, "UPDATE sync_outbox SET conflict = NULL, resolution = 'mine' WHERE id = ?1", id, NULL,
			  "resolve a conflict", err);
}

enum core_status
store_outbox_get(struct store *st, long long id, struct store_outbox_row *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ROW_COLUMNS " FROM sync_outbox WHERE id = ?1 AND done_on IS NULL",
				     err);
	enum core_status rc;

	memset(row, 0, sizeof(*row));
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	rc = store_fetch_one(st, s, read_row, row, "waiting change", err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "No change #%lld waits for sync.", id);
	if (!rc && (!row->action || !row->object)) {
		store_outbox_row_clear(row);
		rc = core_error_set(err, CORE_STORE, "Out of memory reading a waiting change.");
	}
	return rc;
}

void
store_outbox_row_clear(struct store_outbox_row *row)
{
	free(row->action);
	free(row->object);
	free(row->before);
	free(row->after);
	free(row->last_error);
	free(row->base);
	free(row->conflict);
	memset(row, 0, sizeof(*row));
}

/* --- the sync blade's list --- */

static void
read_entry(sqlite3_stmt *s, void *row)
{
	struct store_outbox_entry *e = row;

	e->id = sqlite3_column_int64(s, 0);
	e->audit_seq = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, e->created_on, sizeof(e->created_on));
	store_column_copy(s, 3, e->action, sizeof(e->action));
	store_column_copy(s, 4, e->object, sizeof(e->object));
	store_column_copy(s, 5, e->before, sizeof(e->before));
	store_column_copy(s, 6, e->after, sizeof(e->after));
	e->push = sqlite3_column_int(s, 7) != 0;
	e->attempts = sqlite3_column_int64(s, 8);
	store_column_copy(s, 9, e->last_error, sizeof(e->last_error));
	e->in_conflict = sqlite3_column_type(s, 10) != SQLITE_NULL;
	store_column_copy(s, 10, e->conflict, sizeof(e->conflict));
}

/* One order: the order the changes were made in, which is push's. */
static const struct store_list_sort outbox_sorts[] = { { { NULL } } };

static const char *const outbox_like[] = { "o.action", "o.object", "o.last_error", NULL };

static const struct store_list_spec outbox_list = {
	.select = "o.id, o.audit_seq, o.created_on, o.action, o.object, o.before, o.after, o.push,"
		  " o.attempts, o.last_error, o.conflict",
	.table = "sync_outbox o",
	.id = "o.id",
	.joins = "",
	.where = "o.done_on IS NULL",
	.sorts = outbox_sorts,
	.nsorts = 1,
	.like = outbox_like,
	.count = "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL",
	.row_size = sizeof(struct store_outbox_entry),
	.read_row = read_entry,
};

const struct store_list_spec *
store_outbox_list_spec(void)
{
	return &outbox_list;
}
