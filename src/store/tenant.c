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
	" t.provisioning_management_state"
#define TENANT_FROM \
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
	store_column_copy(s, 10, t->stored_provisioning_state, sizeof(t->stored_provisioning_state));
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
	/* The whole list is one window without an end: LIMIT -1. */
	struct store_tenant_query q = { .account_id = account_id, .sort = STORE_SORT_NAME,
					.now = now, .limit = -1 };

	return store_tenant_page(st, &q, fn, ctx, err);
}

enum core_status
store_tenant_count(struct store *st, long long account_id, long long *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce((SELECT n FROM associated_tenant_count"
				     " WHERE account_id = ?1), 0)", err);
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

/* The sort key expression of each order, as its index has it. */
static const char *const sort_expr[STORE_SORT_COUNT] = {
	[STORE_SORT_NAME] = "t.display_name COLLATE NOCASE",
	[STORE_SORT_KEY] = "coalesce(t.tenant_id, t.domain)",
	[STORE_SORT_BILLING] = "t.billing_management_state",
	[STORE_SORT_PROVISIONING] = "t.provisioning_management_state",
	[STORE_SORT_ADDED] = "t.created_on",
};

void
store_tenant_anchor(struct store_tenant_query *q, const struct store_tenant *t)
{
	const char *key = t->display_name;

	switch (q->sort) {
	case STORE_SORT_KEY:
		key = t->tenant_id[0] ? t->tenant_id : t->domain;
		break;
	case STORE_SORT_BILLING:
		key = t->billing_state;
		break;
	case STORE_SORT_PROVISIONING:
		/* As stored: an expired request reads as expired but sorts
		 * where it is stored, as its index has it. */
		key = t->stored_provisioning_state;
		break;
	case STORE_SORT_ADDED:
		key = t->created_on;
		break;
	default:
		break;
	}
	snprintf(q->anchor_key, sizeof(q->anchor_key), "%s", key);
	q->anchor_id = t->id;
	q->has_anchor = true;
}

/* Up to this many matches, the trigram index drives a filter; beyond it
 * matches are common, and walking the sort order finds a screenful first. */
#define FTS_DRIVES_BELOW 10000

enum filter_mode {
	FILTER_NONE,
	FILTER_INDEX,  /* the trigram index's matches, at most FTS_DRIVES_BELOW + 1 */
	FILTER_SCAN,   /* LIKE on each row, walking the sort order */
};

/* How many rows match phrase, counting to FTS_DRIVES_BELOW + 1 at most. */
static int
index_matches(struct store *st, const char *phrase)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM (SELECT rowid FROM associated_tenant_fts"
				     " WHERE associated_tenant_fts MATCH ?1 LIMIT 10001)", NULL);
	int n = FTS_DRIVES_BELOW + 1;

	if (!s)
		return n;
	sqlite3_bind_text(s, 1, phrase, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return n;
}

/* The filter as an FTS5 phrase ("..." with quotes doubled) and as a LIKE
 * pattern (% _ and \ escaped with \). */
static void
filter_forms(const char *f, char *phrase, size_t psize, char *like, size_t lsize)
{
	size_t p = 0, l = 0;

	phrase[p++] = '"';
	like[l++] = '%';
	for (; *f && p + 3 < psize && l + 3 < lsize; f++) {
		if (*f == '"')
			phrase[p++] = '"';
		phrase[p++] = *f;
		if (*f == '%' || *f == '_' || *f == '\\')
			like[l++] = '\\';
		like[l++] = *f;
	}
	phrase[p++] = '"';
	phrase[p] = '\0';
	like[l++] = '%';
	like[l] = '\0';
}

static void
page_sql(const struct store_tenant_query *q, enum filter_mode mode, char *sql, size_t size)
{
	bool ascending = q->descending == q->backward;
	const char *e = sort_expr[q->sort];
	const char *cmp = ascending ? ">" : "<";
	const char *tie = q->inclusive ? (ascending ? ">=" : "<=") : cmp;
	const char *dir = ascending ? "ASC" : "DESC";
	char anchor[512] = "";

	/* Keyset: strictly past the anchor in (key, id) order. */
	if (q->has_anchor)
		snprintf(anchor, sizeof(anchor), " AND (%s %s :key OR (%s = :key AND t.id %s :id))",
			 e, cmp, e, tie);
	if (mode == FILTER_INDEX) {
		/* One statement: the matches (ten thousand at most), how many
		 * there are, and the window of them in order. CROSS JOIN keeps
		 * the matches first whatever the statistics say. */
		snprintf(sql, size, "WITH m(id) AS MATERIALIZED (SELECT rowid FROM associated_tenant_fts"
			 " WHERE associated_tenant_fts MATCH :phrase LIMIT 10001)"
			 " SELECT " TENANT_SELECT ", (SELECT count(*) FROM m)"
			 " FROM m CROSS JOIN associated_tenant t ON t.id = m.id"
			 " LEFT JOIN billing_request r ON r.id = t.provisioning_request_id"
			 " WHERE t.account_id = :acc%s ORDER BY %s %s, t.id %s LIMIT :limit",
			 anchor, e, dir, dir);
		return;
	}
	snprintf(sql, size, "SELECT " TENANT_COLUMNS " WHERE t.account_id = :acc%s%s"
		 " ORDER BY %s %s, t.id %s LIMIT :limit",
		 mode == FILTER_SCAN ? " AND (t.display_name LIKE :like ESCAPE '\\'"
				       " OR t.tenant_id LIKE :like ESCAPE '\\' OR t.domain LIKE :like ESCAPE '\\')" : "",
		 anchor, e, dir, dir);
}

static void
bind_named_text(sqlite3_stmt *s, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i)
		sqlite3_bind_text(s, i, value, -1, SQLITE_TRANSIENT);
}

/* Runs one window query in mode; *matches receives the index's count of
 * matches (FILTER_INDEX, -1 when no row came back to carry it). */
static enum core_status
run_page(struct store *st, const struct store_tenant_query *q, enum filter_mode mode,
	 const char *phrase, const char *like, store_tenant_fn fn, void *ctx, int *matches,
	 struct core_error *err)
{
	char sql[2048];
	struct store_tenant t;
	sqlite3_stmt *s;
	int rc;

	page_sql(q, mode, sql, sizeof(sql));
	s = store_stmt_text(st, sql, err);
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), q->account_id);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), q->limit);
	bind_named_text(s, ":now", q->now);
	bind_named_text(s, ":phrase", phrase);
	bind_named_text(s, ":like", like);
	if (q->has_anchor) {
		bind_named_text(s, ":key", q->anchor_key);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":id"), q->anchor_id);
	}
	*matches = -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (mode == FILTER_INDEX && (*matches = sqlite3_column_int(s, 11)) > FTS_DRIVES_BELOW)
			break;
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
store_tenant_page(struct store *st, const struct store_tenant_query *q, store_tenant_fn fn,
		  void *ctx, struct core_error *err)
{
	char phrase[600] = "", like[600] = "";
	enum filter_mode mode = FILTER_NONE;
	enum core_status rc;
	int matches;

	if (q->filter && *q->filter) {
		filter_forms(q->filter, phrase, sizeof(phrase), like, sizeof(like));
		/* The trigram index knows only substrings of three or more. */
		mode = strlen(q->filter) >= 3 ? FILTER_INDEX : FILTER_SCAN;
	}
	rc = run_page(st, q, mode, phrase, like, fn, ctx, &matches, err);
	if (rc || mode != FILTER_INDEX)
		return rc;
	/* Too many matches for the index to drive (the first row said so, and
	 * nothing was passed on), or no row came back to say how many. */
	if (matches > FTS_DRIVES_BELOW || (matches < 0 && index_matches(st, phrase) > FTS_DRIVES_BELOW))
		rc = run_page(st, q, FILTER_SCAN, phrase, like, fn, ctx, &matches, err);
	return rc;
}

enum core_status
store_tenant_bulk_begin(struct store *st, struct core_error *err)
{
	if (sqlite3_exec(store_db(st), "DROP TRIGGER IF EXISTS associated_tenant_fts_insert;"
			 "DROP TRIGGER IF EXISTS associated_tenant_count_insert", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "prepare a bulk load");
	return CORE_OK;
}

enum core_status
store_tenant_bulk_end(struct store *st, struct core_error *err)
{
	sqlite3 *db = store_db(st);

	if (sqlite3_exec(db, store_schema_fts_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, store_schema_count_insert_trigger(), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "INSERT INTO associated_tenant_fts(associated_tenant_fts) VALUES('rebuild');"
			 "INSERT INTO associated_tenant_count(account_id, n)"
			 " SELECT account_id, count(*) FROM associated_tenant WHERE true GROUP BY account_id"
			 " ON CONFLICT(account_id) DO UPDATE SET n = excluded.n", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "index the bulk load");
	return CORE_OK;
}

