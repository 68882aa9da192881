#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/store_draft.h"
#include "billcon/store_internal.h"

enum core_status
store_draft_save(struct store *st, const struct store_draft *d, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO draft(kind, actor, step, fields, saved_on)"
		" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(kind, actor) DO UPDATE SET"
		" step = excluded.step, fields = excluded.fields, saved_on = excluded.saved_on", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, d->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d->step, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->fields ? d->fields : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->saved_on, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "keep the draft");
}

static void
read_draft(sqlite3_stmt *s, void *row)
{
	struct store_draft *d = row;
	const unsigned char *fields = sqlite3_column_text(s, 3);

	store_column_copy(s, 0, d->kind, sizeof(d->kind));
	store_column_copy(s, 1, d->actor, sizeof(d->actor));
	store_column_copy(s, 2, d->step, sizeof(d->step));
	d->fields = strdup(fields ? (const char *)fields : "{}");
	store_column_copy(s, 4, d->saved_on, sizeof(d->saved_on));
}

static enum core_status
fetch(struct store *st, sqlite3_stmt *s, struct store_draft *out, struct core_error *err)
{
	enum core_status rc;

	memset(out, 0, sizeof(*out));
	rc = store_fetch_one(st, s, read_draft, out, "draft", err);
	if (!rc && !out->fields)
		return core_error_set(err, CORE_STORE, "Out of memory reading a draft.");
	return rc;
}

enum core_status
store_draft_get(struct store *st, const char *kind, const char *actor, struct store_draft *out,
		struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT kind, actor, step, fields, saved_on FROM draft"
				     " WHERE kind = ?1 AND actor = ?2", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	return fetch(st, s, out, err);
}

enum core_status
store_draft_newest(struct store *st, const char *actor, struct store_draft *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT kind, actor, step, fields, saved_on FROM draft"
				     " WHERE actor = ?1 ORDER BY saved_on DESC, id DESC LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, actor, -1, SQLITE_STATIC);
	return fetch(st, s, out, err);
}

enum core_status
store_draft_discard(struct store *st, const char *kind, const char *actor, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM draft WHERE kind = ?1 AND actor = ?2", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "discard the draft");
}
