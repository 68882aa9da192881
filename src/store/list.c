#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_buf.h"
#include "billcon/store_internal.h"
#include "billcon/store_list.h"

enum filter_mode {
	FILTER_NONE,
	FILTER_INDEX,  /* the filter index's matches, counted first: at most the cap */
	FILTER_SCAN,   /* LIKE on each row, walking the sort order */
	FILTER_TERMS,  /* a log's terms: the index in ID order, or the order within bounds */
	FILTER_CHECK,  /* a log's terms checked on each row, walking the order */
};

static int
key_parts(const struct store_list_sort *sort)
{
	int n = 0;

	while (n < STORE_LIST_KEY_PARTS && sort->keys[n])
		n++;
	return n;
}

/* "k0, k1, id" of the sort, each with suffix (" DESC", or ""); id is the
 * row ID's expression (the filter index's rowid when that drives a log). */
static void
add_keys(struct core_buf *q, const char *id, const struct store_list_sort *sort, const char *suffix)
{
	int i, n = key_parts(sort);

	for (i = 0; i < n; i++)
		core_buf_printf(q, "%s%s, ", sort->keys[i], suffix);
	core_buf_printf(q, "%s%s", id, suffix);
}

/* Keyset: strictly past the anchor, as a row value, so that composite keys
 * (parent, name) need nothing more than a one-part key. */
static void
add_anchor(struct core_buf *q, const struct store_list_query *lq, const char *id,
	   const struct store_list_sort *sort, bool ascending)
{
	int i, n = key_parts(sort);
	const char *cmp = ascending ? (lq->inclusive ? ">=" : ">") : (lq->inclusive ? "<=" : "<");

	core_buf_printf(q, " AND (");
	for (i = 0; i < n; i++) {
		const char *coll = strstr(sort->keys[i], " COLLATE ");

		core_buf_printf(q, "%.*s, ", coll ? (int)(coll - sort->keys[i]) : (int)strlen(sort->keys[i]),
				sort->keys[i]);
	}
	core_buf_printf(q, "%s) %s (", id, cmp);
	/* The collation goes on the anchor's side: on the column's side
	 * SQLite (3.40) cannot seek the sort's index with the row value, and
	 * walks the scope from its start to the anchor. The comparison's
	 * collation is the same either way. */
	for (i = 0; i < n; i++) {
		const char *coll = strstr(sort->keys[i], " COLLATE ");

		core_buf_printf(q, ":k%d%s, ", i, coll ? coll : "");
	}
	core_buf_printf(q, ":kid)");
}

static void
add_like(struct core_buf *q, const struct store_list_spec *spec)
{
	int i;

	core_buf_printf(q, " AND (");
	for (i = 0; spec->like && spec->like[i]; i++)
		core_buf_printf(q, "%s%s LIKE :like ESCAPE '\\'", i ? " OR " : "", spec->like[i]);
	core_buf_printf(q, "%s)", i ? "" : "0");
}

/* The bounds a log's terms set: on the ID as the filter index or the
 * table has it, and on the time column. */
static void
add_bounds(struct core_buf *q, const struct store_list_spec *spec, const char *id,
	   const struct store_list_terms *t)
{
	core_buf_printf(q, " AND %s BETWEEN :lo AND :hi", id);
	if (*t->since)
		core_buf_printf(q, " AND %s >= :since", spec->time);
	if (*t->until)
		core_buf_printf(q, " AND %s < :until", spec->time);
}

static void
page_sql(struct core_buf *q, const struct store_list_query *lq, enum filter_mode mode,
	 const struct store_list_terms *t)
{
	const struct store_list_spec *spec = lq->spec;
	const struct store_list_sort *sort = &spec->sorts[lq->sort];
	bool ascending = lq->descending == lq->backward;
	bool driven = mode == FILTER_TERMS && t->match;
	/* A log driven by its index walks the index's rowids in order, so that
	 * a window of a common word costs what one of a rare word does. */
	char rowid[80];
	const char *id = spec->id;

	if (driven) {
		snprintf(rowid, sizeof(rowid), "%s.rowid", spec->fts);
		id = rowid;
	}
	if (mode == FILTER_INDEX)
		/* The matches (counted already, so few), then the window of them
		 * in order. CROSS JOIN keeps the matches first whatever the
		 * statistics say. */
		core_buf_printf(q, "WITH m(id) AS MATERIALIZED (SELECT rowid FROM %s WHERE %s MATCH :phrase) ",
			spec->fts, spec->fts);
	core_buf_printf(q, "SELECT %s, ", spec->select);
	add_keys(q, spec->id, sort, "");
	if (mode == FILTER_INDEX)
		core_buf_printf(q, " FROM m CROSS JOIN %s ON %s = m.id%s", spec->table, spec->id, spec->joins);
	else if (driven)
		core_buf_printf(q, " FROM %s CROSS JOIN %s ON %s = %s%s", spec->fts, spec->table, spec->id,
			id, spec->joins);
	else if (spec->from)
		spec->from(q, lq, ascending);
	else
		core_buf_printf(q, " FROM %s%s", spec->table, spec->joins);
	core_buf_printf(q, " WHERE %s", spec->where);
	if (driven)
		core_buf_printf(q, " AND %s MATCH :match", spec->fts);
	if (mode == FILTER_TERMS || mode == FILTER_CHECK)
		add_bounds(q, spec, id, t);
	if (mode == FILTER_CHECK)
		core_buf_printf(q, " AND %s", spec->check);
	if (mode == FILTER_SCAN && !spec->from)
		add_like(q, spec);
	if (lq->anchor)
		add_anchor(q, lq, id, sort, ascending);
	core_buf_printf(q, " ORDER BY ");
	add_keys(q, id, sort, ascending ? " ASC" : " DESC");
	core_buf_printf(q, " LIMIT :limit");
}

/* The filter as an FTS5 phrase ("..." with quotes doubled) and as a LIKE
 * pattern (% _ and \ escaped with \); caller frees both. */
static bool
filter_forms(const char *f, char **phrase, char **like)
{
	size_t n = strlen(f), p = 0, l = 0;

	*phrase = malloc(2 * n + 3);
	*like = malloc(2 * n + 3);
	if (!*phrase || !*like)
		return false;
	(*phrase)[p++] = '"';
	(*like)[l++] = '%';
	for (; *f; f++) {
		if (*f == '"')
			(*phrase)[p++] = '"';
		(*phrase)[p++] = *f;
		if (*f == '%' || *f == '_' || *f == '\\')
			(*like)[l++] = '\\';
		(*like)[l++] = *f;
	}
	(*phrase)[p++] = '"';
	(*phrase)[p] = '\0';
	(*like)[l++] = '%';
	(*like)[l] = '\0';
	return true;
}

static void
bind_named_text(sqlite3_stmt *s, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i && value)
		sqlite3_bind_text(s, i, value, -1, SQLITE_TRANSIENT);
}

static void
bind_anchor(sqlite3_stmt *s, const struct store_list_key *k)
{
	char name[8];
	int i;

	for (i = 0; i < k->n; i++) {
		snprintf(name, sizeof(name), ":k%d", i);
		if (k->is_int[i])
			sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, name), k->num[i]);
		else
			bind_named_text(s, name, k->text[i]);
	}
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":kid"), k->id);
}

static void
read_key(sqlite3_stmt *s, int at, int n, struct store_list_key *k)
{
	int i;

	k->n = n;
	for (i = 0; i < n; i++) {
		k->is_int[i] = sqlite3_column_type(s, at + i) == SQLITE_INTEGER;
		k->num[i] = sqlite3_column_int64(s, at + i);
		store_column_copy(s, at + i, k->text[i], sizeof(k->text[i]));
	}
	k->id = sqlite3_column_int64(s, at + n);
}

struct page_run {
	struct store_list_query *q;
	long long cap;             /* the most matches the index drives */
	bool over_budget;          /* a budgeted scan ran out of its budget */
	enum filter_mode mode;
	const char *phrase, *like;
	const struct store_list_terms *terms; /* FILTER_TERMS only */
	store_list_fn fn;
	void *ctx;
	void *row;
};

/* Steps s through the window, handing each row on. */
static int
walk(sqlite3_stmt *s, struct page_run *r)
{
	struct store_list_key key;
	int parts = key_parts(&r->q->spec->sorts[r->q->sort]);
	int cols = sqlite3_column_count(s);
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->q->spec->read_row(s, r->row);
		read_key(s, cols - parts - 1, parts, &key);
		if (r->fn(r->row, &key, r->ctx))
			break;
	}
	return rc;
}

static enum core_status
run_page(struct store *st, struct page_run *r, struct core_error *err)
{
	struct core_buf q = { 0 };
	sqlite3_stmt *s;
	int rc;

	page_sql(&q, r->q, r->mode, r->terms);
	if (q.failed)
		return core_error_set(err, CORE_STORE, "Out of memory building a query.");
	s = store_stmt(st, q.p, err);
	free(q.p);
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":scope"), r->q->scope);
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), r->q->limit);
	bind_named_text(s, ":now", r->q->now);
	bind_named_text(s, ":key", r->q->key);
	bind_named_text(s, ":phrase", r->phrase);
	bind_named_text(s, ":like", r->like);
	if (r->terms) {
		bind_named_text(s, ":match", r->terms->match);
		bind_named_text(s, ":check", r->terms->check);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":lo"), r->terms->lo);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":hi"), r->terms->hi);
		bind_named_text(s, ":since", r->terms->since);
		bind_named_text(s, ":until", r->terms->until);
	}
	if (r->q->anchor)
		bind_anchor(s, r->q->anchor);
	rc = walk(s, r);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "read the list");
	return CORE_OK;
}

/* How many rows match phrase in the index, counting to one past the most
 * the index drives. */
static long long
index_matches(struct store *st, const struct store_list_spec *spec, const char *phrase,
	      long long cap)
{
	struct core_buf q = { 0 };
	sqlite3_stmt *s;
	long long n = cap + 1;

	core_buf_printf(&q, "SELECT count(*) FROM (SELECT rowid FROM %s WHERE %s MATCH ?1 LIMIT ?2 + 1)",
		spec->fts, spec->fts);
	s = q.failed ? NULL : store_stmt(st, q.p, NULL);
	free(q.p);
	if (!s)
		return n;
	sqlite3_bind_text(s, 1, phrase, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, cap);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

static long long
isqrt(long long n)
{
	long long x = n, y = (x + 1) / 2;

	while (y < x) {
		x = y;
		y = (x + n / x) / 2;
	}
	return x;
}

/* The rows of q's list, or more: its kept count, else its estimate; -1
 * when it has neither. */
static long long
list_size(struct store *st, const struct store_list_query *q)
{
	struct store_list_spec counted = *q->spec;
	long long total;

	if (!q->spec->count)
		counted.count = q->spec->estimate;
	if (store_list_count(st, &counted, q->scope, &total, NULL))
		return -1;
	return total;
}

/* The most matches the index should drive a window of q->limit rows
 * through. Driving costs about one lookup and a sort place per match; the
 * scan meets limit matches after about limit × total / matches rows, so
 * the two cost the same near sqrt(limit × total) matches. A whole list
 * (no limit) or one with neither a kept count nor an estimate is driven
 * up to the most. */
static long long
index_cap(struct store *st, const struct store_list_query *q)
{
	long long total, cap;

	if (q->limit < 0 || (total = list_size(st, q)) < 0)
		return STORE_LIST_INDEX_MAX;
	cap = isqrt((long long)q->limit * total);
	if (cap < STORE_LIST_INDEX_MIN)
		return STORE_LIST_INDEX_MIN;
	return cap > STORE_LIST_INDEX_MAX ? STORE_LIST_INDEX_MAX : cap;
}

/* What the scan may spend per match the index would drive before the index
 * takes over, in virtual machine steps: a scanned row takes about 16 (its
 * LIKEs are function calls), and at a million rows the index drives a
 * match in about the time the scan walks three rows (bench/run-tui.py). */
#define SCAN_STEPS_PER_MATCH 48

/* How many of the index's matches (few: the index drives them) are rows
 * of q's list: the index holds every scope's rows (every account's), and
 * its own count would show another account's matches as this one's. -1
 * when the count fails. */
static long long
scope_matches(struct store *st, const struct page_run *r)
{
	const struct store_list_spec *spec = r->q->spec;
	struct core_buf q = { 0 };
	sqlite3_stmt *s;
	long long n = -1;

	core_buf_printf(&q, "WITH m(id) AS MATERIALIZED (SELECT rowid FROM %s WHERE %s MATCH :phrase)"
			" SELECT count(*) FROM m CROSS JOIN %s ON %s = m.id%s WHERE %s", spec->fts, spec->fts,
			spec->table, spec->id, spec->joins, spec->where);
	s = q.failed ? NULL : store_stmt(st, q.p, NULL);
	free(q.p);
	if (!s)
		return n;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":scope"), r->q->scope);
	bind_named_text(s, ":now", r->q->now);
	bind_named_text(s, ":key", r->q->key);
	bind_named_text(s, ":phrase", r->phrase);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

static enum core_status
run_index(struct store *st, struct page_run *r, struct core_error *err)
{
	r->mode = FILTER_INDEX;
	/* Counted in the first window (the one a typed filter reads); a
	 * window after an anchor keeps the count the first gave. */
	r->q->matches = r->q->anchor ? -1 : scope_matches(st, r);
	return run_page(st, r, err);
}

/* Rows held back until a budgeted scan is known to finish: a scan stopped
 * halfway hands nothing on, and the index starts the window afresh. */
struct held {
	const struct store_list_spec *spec;
	unsigned char *rows;
	struct store_list_key *keys;
	int n, cap;
};

static int
hold(const void *row, const struct store_list_key *key, void *data)
{
	struct held *h = data;

	if (h->n == h->cap)
		return 1;
	memcpy(h->rows + (size_t)h->n * h->spec->row_size, row, h->spec->row_size);
	h->keys[h->n++] = *key;
	return 0;
}

static void
hand_on(const struct held *h, struct page_run *r)
{
	int i;

	for (i = 0; i < h->n; i++)
		if (r->fn(h->rows + (size_t)i * h->spec->row_size, &h->keys[i], r->ctx))
			break;
}

/* The scan, stopped after about budget steps (0: none), its rows held
 * back until it finishes. */
static enum core_status
run_scan(struct store *st, struct page_run *r, long long budget, enum filter_mode mode,
	 struct core_error *err)
{
	struct held h = { .spec = r->q->spec, .cap = r->q->limit };
	struct page_run scan = *r;
	long long counted = r->q->matches;
	enum core_status rc = CORE_OK;

	r->q->matches = -1;
	scan.mode = mode;
	if (budget <= 0 || h.cap <= 0)
		return run_page(st, &scan, err);
	h.rows = malloc((size_t)h.cap * h.spec->row_size);
	h.keys = malloc((size_t)h.cap * sizeof(*h.keys));
	scan.fn = hold;
	scan.ctx = &h;
	store_budget(st, budget);
	if (h.rows && h.keys)
		rc = run_page(st, &scan, err);
	else
		rc = core_error_set(err, CORE_STORE, "Out of memory reading a list.");
	r->over_budget = store_budget_spent(st);
	store_budget(st, 0);
	if (rc == CORE_OK)
		hand_on(&h, r);
	else if (rc == CORE_ABANDONED)
		r->q->matches = counted;
	free(h.rows);
	free(h.keys);
	return rc;
}

/* Whether the spec's fts_misses says the index would miss rows of the
 * filter that LIKE finds; a failed test counts as a miss (the scan is
 * never wrong, only slower). */
static bool
index_misses(struct store *st, const struct page_run *r)
{
	sqlite3_stmt *s;
	bool miss = true;

	if (!r->q->spec->fts_misses)
		return false;
	if (!(s = store_stmt(st, r->q->spec->fts_misses, NULL)))
		return true;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":scope"), r->q->scope);
	bind_named_text(s, ":like", r->like);
	if (sqlite3_step(s) == SQLITE_ROW)
		miss = sqlite3_column_int(s, 0) != 0;
	sqlite3_reset(s);
	return miss;
}

static enum core_status
page_filtered(struct store *st, struct page_run *r, struct core_error *err)
{
	enum core_status rc;

	r->cap = index_cap(st, r->q);
	/* The trigram index knows only substrings of three or more. It drives
	 * when it holds few matches; counting them first (cheap: its own
	 * pages only) saves joining and sorting thousands of rows only to
	 * learn that they are too many. */
	if (!r->q->spec->fts || strlen(r->q->filter) < 3 || index_misses(st, r))
		return run_scan(st, r, 0, FILTER_SCAN, err);
	r->q->matches = index_matches(st, r->q->spec, r->phrase, STORE_LIST_INDEX_MAX);
	if (r->q->matches <= r->cap)
		return run_index(st, r, err);
	if (r->q->matches > STORE_LIST_INDEX_MAX)
		return run_scan(st, r, 0, FILTER_SCAN, err);
	/* Between the two: the scan is cheaper when the matches are spread
	 * through the order, dearer when they cluster far along it (a name
	 * prefix). It may spend what the index would, then the index drives. */
	rc = run_scan(st, r, r->q->matches * SCAN_STEPS_PER_MATCH, FILTER_SCAN, err);
	if (rc == CORE_ABANDONED && r->over_budget)
		return run_index(st, r, err);
	return rc;
}

/* A log ordered by its ID alone: the anchor narrows the ID bounds too.
 * Given both, SQLite seeks to one lower (or upper) bound only, and it may
 * choose the terms' rather than the anchor's: each window would then walk
 * from the start of the log, and reading it whole cost its square. */
static void
anchor_bounds(const struct store_list_query *q, struct store_list_terms *t)
{
	const struct store_list_key *k = q->anchor;
	bool ascending = q->descending == q->backward;

	if (!k || key_parts(&q->spec->sorts[q->sort]) > 0)
		return;
	if (ascending && k->id + !q->inclusive > t->lo)
		t->lo = k->id + !q->inclusive;
	if (!ascending && k->id - !q->inclusive < t->hi)
		t->hi = k->id - !q->inclusive;
}

/* What a log's walk may spend checking rows before its index takes over,
 * in virtual machine steps: some eight hundred rows, under 10 ms. */
#define CHECK_STEPS 12000

/* A log's window: its terms, then its order or its index. A word that
 * starts many words (a letter, a shared ID prefix) costs the index all its
 * matches, as it gathers them before the first; walking the order meets a
 * window of them within a few rows. So the walk goes first, within a
 * budget; a rarer word runs it out, and then the index drives. An object's
 * history is always rare. */
static enum core_status
page_terms(struct store *st, struct page_run *r, struct core_error *err)
{
	struct store_list_terms t = { .lo = 1, .hi = LLONG_MAX };
	enum core_status rc = r->q->spec->terms(st, r->q, &t, err);

	if (!rc)
		anchor_bounds(r->q, &t);
	r->mode = FILTER_TERMS;
	r->terms = &t;
	if (!rc && t.lo <= t.hi && t.match && t.check && r->q->spec->check && !r->q->key) {
		rc = run_scan(st, r, CHECK_STEPS, FILTER_CHECK, err);
		if (rc == CORE_ABANDONED && r->over_budget) {
			r->mode = FILTER_TERMS;
			rc = run_page(st, r, err);
		}
	} else if (!rc && t.lo <= t.hi) {
		rc = run_page(st, r, err);
	}
	free(t.match);
	free(t.check);
	return rc;
}

enum core_status
store_list_page(struct store *st, struct store_list_query *q, store_list_fn fn, void *ctx,
		struct core_error *err)
{
	struct page_run r = { .q = q, .fn = fn, .ctx = ctx };
	char *phrase = NULL, *like = NULL;
	enum core_status rc;

	q->matches = -1;
	if (q->sort < 0 || q->sort >= q->spec->nsorts)
		return core_error_set(err, CORE_USAGE, "There is no sort order %d for this list.", q->sort);
	if (!(r.row = calloc(1, q->spec->row_size)))
		return core_error_set(err, CORE_STORE, "Out of memory reading a list.");
	if (q->spec->terms) {
		rc = page_terms(st, &r, err);
	} else if (!q->filter || !*q->filter) {
		r.mode = FILTER_NONE;
		rc = run_page(st, &r, err);
	} else if (!filter_forms(q->filter, &phrase, &like)) {
		rc = core_error_set(err, CORE_STORE, "Out of memory reading a list.");
	} else {
		r.phrase = phrase;
		r.like = like;
		rc = page_filtered(st, &r, err);
	}
	free(phrase);
	free(like);
	free(r.row);
	return rc;
}

enum core_status
store_list_count(struct store *st, const struct store_list_spec *spec, long long scope,
		 long long *n, struct core_error *err)
{
	sqlite3_stmt *s;
	int rc;

	*n = -1;
	if (!spec->count)
		return CORE_OK;
	if (!(s = store_stmt(st, spec->count, err)))
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":scope"), scope);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "count the list");
	return CORE_OK;
}

size_t
store_list_row_size(const struct store_list_spec *spec)
{
	return spec->row_size;
}

int
store_list_sorts(const struct store_list_spec *spec)
{
	return spec->nsorts;
}

bool
store_list_for_actor(const struct store_list_spec *spec)
{
	return spec->actor_key;
}

const char *
store_list_key_child(const struct store_list_spec *spec)
{
	return spec->key_child;
}
