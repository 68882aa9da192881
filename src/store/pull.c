#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_pull.h"
#include "billcon/store_pullrow.h"

int
store_pull_bind(sqlite3_stmt *s, int i, const struct core_remote_text *t)
{
	return sqlite3_bind_text(s, i, t->s, (int)t->len, SQLITE_STATIC);
}

/* Whether id has a change waiting to be pushed. */
static enum core_status
pending(struct store *st, const char *id, size_t len, bool *yes, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM sync_outbox WHERE object = ?1 AND push = 1"
				     " AND done_on IS NULL LIMIT 1", err);
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, (int)len, SQLITE_STATIC);
	rc = store_fetch_one(st, s, NULL, NULL, "change", err);
	*yes = rc == CORE_OK;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	return rc;
}

struct known {
	char *json;
	size_t len;
	bool removed;
};

static void
read_known(sqlite3_stmt *s, void *row)
{
	struct known *k = row;
	const void *j = sqlite3_column_text(s, 0);

	k->len = (size_t)sqlite3_column_bytes(s, 0);
	k->json = malloc(k->len + 1);
	if (k->json) {
		memcpy(k->json, j ? j : "", k->len);
		k->json[k->len] = '\0';
	}
	k->removed = sqlite3_column_type(s, 1) != SQLITE_NULL;
}

static enum core_status
known_get(struct store *st, const struct core_remote_text *id, struct known *k, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT json, removed_on FROM remote_object WHERE id = ?1", err);
	enum core_status rc;

	memset(k, 0, sizeof(*k));
	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, id);
	rc = store_fetch_one(st, s, read_known, k, "pulled object", err);
	if (!rc && !k->json)
		rc = core_error_set(err, CORE_STORE, "Out of memory reading a pulled object.");
	return rc;
}

static enum core_status
remember(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	 long long row, bool same, struct core_error *err)
{
	/* An object belongs to the last listing that saw it, so that another
	 * listing showing it too never counts it as missing. */
	sqlite3_stmt *s = store_stmt(st, same ?
		"UPDATE remote_object SET run = ?5, listing = ?3 WHERE id = ?1" :
		"INSERT INTO remote_object(id, kind, listing, json, pulled_on, run, row) VALUES(?1, ?2, ?3, ?4, ?6, ?5, ?7)"
		" ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, listing = excluded.listing, json = excluded.json,"
		" pulled_on = excluded.pulled_on, run = excluded.run, row = coalesce(excluded.row, row),"
		" removed_on = NULL", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->id);
	sqlite3_bind_int64(s, 5, at->run);
	sqlite3_bind_text(s, 3, at->listing, -1, SQLITE_STATIC);
	if (!same) {
		sqlite3_bind_text(s, 2, core_remote_kind_name(it->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, it->json, (int)it->json_len, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, at->now, -1, SQLITE_STATIC);
		if (row)
			sqlite3_bind_int64(s, 7, row);
	}
	return store_step_done(st, s, err, "remember a pulled object");
}

enum core_status
store_pull_put(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	       enum store_pull_change *change, char **before, long long *row, struct core_error *err)
{
	struct known k;
	enum core_status rc = known_get(st, &it->id, &k, err);
	bool waiting = false, ask = !at->index || at->index->waiting;

	*before = NULL;
	*row = 0;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		*change = STORE_PULL_ADDED;
	} else if (rc) {
		return rc;
	} else if (!k.removed && k.len == it->json_len && memcmp(k.json, it->json, k.len) == 0) {
		free(k.json);
		*change = STORE_PULL_SAME;
		return remember(st, at, it, 0, true, err);
	} else {
		*change = k.removed ? STORE_PULL_ADDED : STORE_PULL_CHANGED;
		*before = k.removed ? NULL : k.json;
		if (k.removed)
			free(k.json);
	}
	rc = ask ? pending(st, it->id.s, it->id.len, &waiting, err) : CORE_OK;
	if (!rc && !waiting)
		rc = store_pull_row(st, at, it, row, err);
	if (!rc)
		rc = remember(st, at, it, *row, false, err);
	if (rc) {
		free(*before);
		*before = NULL;
	}
	return rc;
}

static void
read_gone(sqlite3_stmt *s, void *row)
{
	struct store_pull_gone *g = row;
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const void *j = sqlite3_column_text(s, 1);
	size_t len = (size_t)sqlite3_column_bytes(s, 1);

	g->id = strdup(id ? id : "");
	g->json = malloc(len + 1);
	if (g->json) {
		memcpy(g->json, j ? j : "", len);
		g->json[len] = '\0';
	}
}

void
store_pull_gone_free(struct store_pull_gone *g, size_t n)
{
	for (size_t i = 0; g && i < n; i++) {
		free(g[i].id);
		free(g[i].json);
	}
	free(g);
}

/* Here and in store_pull_children the listing's index is named: for the
 * order by ID the planner would rather walk every pulled object by the
 * primary key's index, which costs the whole table at the end of each
 * listing, however small (a listing of roles at each section). */
enum core_status
store_pull_missing(struct store *st, const char *listing, long long run_no,
		   struct store_pull_gone **out, size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT r.id, r.json FROM remote_object r INDEXED BY remote_object_listing"
		" WHERE r.listing = ?1 AND r.run <> ?2"
		" AND r.removed_on IS NULL AND NOT EXISTS(SELECT 1 FROM sync_outbox o WHERE o.object = r.id"
		" AND o.push = 1 AND o.done_on IS NULL) ORDER BY r.id", err);
	enum core_status rc;
	void *rows = NULL;

	*out = NULL;
	*n = 0;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, run_no);
	rc = store_collect(st, s, sizeof(struct store_pull_gone), read_gone, &rows, n, "pulled objects", err);
	*out = rows;
	for (size_t i = 0; !rc && i < *n; i++)
		if (!(*out)[i].id || !(*out)[i].json)
			rc = core_error_set(err, CORE_STORE, "Out of memory reading pulled objects.");
	if (rc) {
		store_pull_gone_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum core_status
store_pull_pushed(struct store *st, const char *id, const char *json, const char *now, struct core_error *err)
{
	/* NULL json: a removal, whose row number is forgotten with it. */
	sqlite3_stmt *s = store_stmt(st, json ? "UPDATE remote_object SET json = ?2, pulled_on = ?3"
				     " WHERE id = ?1 AND removed_on IS NULL" :
				     "UPDATE remote_object SET removed_on = ?3, row = NULL"
				     " WHERE id = ?1 AND removed_on IS NULL", err);

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (json)
		sqlite3_bind_text(s, 2, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "keep what the service holds after a push");
}

enum core_status
store_pull_remove(struct store *st, const char *id, const char *now, struct core_error *err)
{
	/* The row the object had, and only while it is still that object's
	 * (by its key, ?2 the ID's last segment): a row removed here and its
	 * number taken since by another object is not the one to drop. */
	static const char *const drop[] = {
		"DELETE FROM associated_tenant WHERE id = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'associatedTenants') AND tenant_id = coalesce((SELECT"
		" json_extract(json, '$.properties.tenantId') FROM remote_object WHERE id = ?1), ?2) COLLATE NOCASE",
		"DELETE FROM role_assignment WHERE id = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'billingRoleAssignments') AND name = ?2",
		"DELETE FROM stack_customer WHERE rowid = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'customerSubscriptions') AND subscription_id = ?2",
	};
	const char *slash = strrchr(id, '/');
	sqlite3_stmt *s;
	enum core_status rc = CORE_OK;

	rc = store_pull_graph_remove(st, id, err);
	for (size_t i = 0; !rc && i < sizeof(drop) / sizeof(drop[0]); i++) {
		if (!(s = store_stmt(st, drop[i], err)))
			return CORE_STORE;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, slash ? slash + 1 : id, -1, SQLITE_STATIC);
		rc = store_step_done(st, s, err, "remove an object the service no longer lists");
	}
	if (rc || !(s = store_stmt(st, "UPDATE remote_object SET removed_on = ?2, row = NULL WHERE id = ?1", err)))
		return rc ? rc : CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "mark an object removed");
}

/* The rows after a mark, indexed as the insert triggers of schema.c index
 * one row (associated_tenant_fts_insert, role_assignment_fts_insert,
 * audit_fts_insert). */
#define INDEX_TENANTS \
	"INSERT INTO associated_tenant_fts(rowid, display_name, tenant_id, domain)" \
	" SELECT id, display_name, tenant_id, domain FROM associated_tenant WHERE id > ?1"
#define INDEX_ROLES \
	"INSERT INTO role_assignment_fts(rowid, principal_email, principal_tenant_id, role_name)" \
	" SELECT a.id, a.principal_email, a.principal_tenant_id," \
	" coalesce((SELECT role_name FROM role_definition WHERE id = a.role_definition_id), '')" \
	" FROM role_assignment a WHERE a.id > ?1"
#define INDEX_AUDIT \
	"INSERT INTO audit_fts(rowid, actor, action, object, text)" \
	" SELECT seq, actor, action, object, coalesce(before, '') || ' ' || coalesce(after, '')" \
	" FROM audit WHERE seq > ?1"
#define LAST_TENANT "SELECT coalesce(max(id), 0) FROM associated_tenant"
#define LAST_ROLE "SELECT coalesce(max(id), 0) FROM role_assignment"
#define LAST_AUDIT "SELECT coalesce(max(seq), 0) FROM audit"

static enum core_status
last_row(struct store *st, const char *sql, long long *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql, err);

	*out = 0;
	return s ? store_fetch_one(st, s, store_read_int64, out, "last row", err) : CORE_STORE;
}

/* Indexes the rows after *mark with index, then moves *mark to the last
 * (read with last). */
static enum core_status
index_since(struct store *st, const char *index, const char *last, long long *mark, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, index, err);
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	sqlite3_bind_int64(s, 1, *mark);
	rc = store_step_done(st, s, err, "index the pulled rows");
	return rc ? rc : last_row(st, last, mark, err);
}

/* Sets or clears the row that holds the insert triggers back (schema.c,
 * migration 15): data, not a schema change. */
static enum core_status
flag(struct store *st, const char *sql, const char *doing, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql, err);

	return s ? store_step_done(st, s, err, doing) : CORE_STORE;
}

enum core_status
store_pull_index_defer(struct store *st, struct store_pull_index *ix, struct core_error *err)
{
	long long waiting = 1;
	enum core_status rc = last_row(st, LAST_TENANT, &ix->tenant, err);

	ix->definition[0] = '\0';

	if (!rc)
		rc = last_row(st, LAST_ROLE, &ix->role, err);
	if (!rc)
		rc = last_row(st, LAST_AUDIT, &ix->audit, err);
	if (!rc)
		rc = last_row(st, "SELECT EXISTS(SELECT 1 FROM sync_outbox WHERE push = 1 AND done_on IS NULL)",
			      &waiting, err);
	ix->waiting = waiting != 0;
	if (!rc)
		rc = flag(st, "INSERT OR IGNORE INTO fts_defer(one) VALUES(1)", "defer indexing", err);
	return rc;
}

enum core_status
store_pull_index_tenants(struct store *st, struct store_pull_index *ix, long long row, struct core_error *err)
{
	return ix && row > ix->tenant ? index_since(st, INDEX_TENANTS, LAST_TENANT, &ix->tenant, err) : CORE_OK;
}

void
store_pull_cache(struct store *st, bool pulling)
{
	char sql[64];

	/* a setting only: a failure leaves the pull slower, not wrong */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", pulling ? STORE_PULL_CACHE_KB : 2000);
	sqlite3_exec(store_db(st), sql, NULL, NULL, NULL);
}

enum core_status
store_pull_index_end(struct store *st, struct store_pull_index *ix, struct core_error *err)
{
	enum core_status rc = index_since(st, INDEX_TENANTS, LAST_TENANT, &ix->tenant, err);

	if (!rc)
		rc = index_since(st, INDEX_ROLES, LAST_ROLE, &ix->role, err);
	if (!rc)
		rc = index_since(st, INDEX_AUDIT, LAST_AUDIT, &ix->audit, err);
	if (!rc)
		rc = flag(st, "DELETE FROM fts_defer", "index the pulled rows", err);
	return rc;
}

struct cursor_row {
	char *next_url;
	long long run;
	bool open;
};

static void
read_cursor(sqlite3_stmt *s, void *row)
{
	struct cursor_row *c = row;
	const char *u = (const char *)sqlite3_column_text(s, 0);

	c->open = u != NULL;
	c->next_url = u ? strdup(u) : NULL;
	c->run = sqlite3_column_int64(s, 1);
}

enum core_status
store_pull_cursor(struct store *st, const char *listing, char **next_url, long long *run_no,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT next_url, run FROM sync_cursor WHERE listing = ?1", err);
	struct cursor_row c = { 0 };
	enum core_status rc;

	*next_url = NULL;
	*run_no = 1;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, read_cursor, &c, "cursor", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc)
		return rc;
	if (c.open && !c.next_url)
		return core_error_set(err, CORE_STORE, "Out of memory reading a cursor.");
	*next_url = c.next_url;
	*run_no = c.open ? c.run : c.run + 1;
	return CORE_OK;
}

enum core_status
store_pull_cursor_set(struct store *st, const char *listing, const char *next_url, long long run_no,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO sync_cursor(listing, next_url, run, pages) VALUES(?1, ?2, ?3, 1)"
		" ON CONFLICT(listing) DO UPDATE SET next_url = excluded.next_url, run = excluded.run,"
		" pages = CASE WHEN run = excluded.run THEN pages + 1 ELSE 1 END", err);

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	if (next_url)
		sqlite3_bind_text(s, 2, next_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, run_no);
	return store_step_done(st, s, err, "write a cursor");
}

static void
read_child(sqlite3_stmt *s, void *row)
{
	struct store_pull_child *c = row;

	store_column_copy(s, 0, c->id, sizeof(c->id));
	c->row = sqlite3_column_int64(s, 1);
}

enum core_status
store_pull_children(struct store *st, const char *listing, struct store_pull_child **out, size_t *n,
		    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, coalesce(row, 0) FROM remote_object"
				     " INDEXED BY remote_object_listing WHERE listing = ?1"
				     " AND removed_on IS NULL ORDER BY id", err);
	void *rows = NULL;
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	rc = store_collect(st, s, sizeof(**out), read_child, &rows, n, "pulled objects", err);
	*out = rows;
	return rc;
}

enum core_status
store_pull_json(struct store *st, const char *id, char **json, struct core_error *err)
{
	struct core_remote_text t = { .s = (char *)id, .len = strlen(id) };
	struct known k;
	enum core_status rc = known_get(st, &t, &k, err);

	*json = rc ? NULL : k.json;
	return rc;
}
