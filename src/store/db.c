#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "billcon/store_db.h"
#include "billcon/store_audit.h"
#include "billcon/store_internal.h"
#include "billcon/store_schema.h"

/* How long a writer waits for another before giving up; a busy store under a
 * batch of another process must never surface as "database is locked". */
#define BUSY_TIMEOUT_MS 5000
#define BEGIN_TRIES 12

/* One prepared statement, keyed by its text (and the text's hash, so that
 * a lookup rarely compares whole strings). */
struct stmt_slot {
	char *sql;
	unsigned long hash;
	const char *seen;        /* the caller's text last found here (cache_find) */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	bool read_only;
	const char *notice;
	/* Every statement billcon prepares, fixed or built at run time (sort
	 * orders, filters): their number is bounded by the program, so the
	 * cache grows without a limit and never evicts. */
	struct stmt_slot *cache;
	size_t cached, cache_cap;
	int (*progress)(void *);
	void *progress_ctx;
	long long budget;        /* progress calls a query may still take, 0: no limit */
	bool budget_spent;       /* the last query ran out of its budget */
	struct core_audit_hasher *hasher; /* made on first use (store_hasher) */
	struct store_audit_tail *tail;    /* made on first use (store_audit_tail) */
};

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

struct store_audit_tail *
store_audit_tail(struct store *st)
{
	if (!st->tail)
		st->tail = calloc(1, sizeof(*st->tail));
	return st->tail;
}

struct core_audit_hasher *
store_hasher(struct store *st)
{
	if (!st->hasher)
		st->hasher = core_audit_hasher_new();
	return st->hasher;
}

bool
store_read_only(const struct store *st)
{
	return st->read_only;
}

const char *
store_notice(const struct store *st)
{
	return st->notice;
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

int
store_schema_version(void)
{
	return store_schema_count();
}

void
store_read_int64(sqlite3_stmt *s, void *row)
{
	*(long long *)row = sqlite3_column_int64(s, 0);
}

long long
store_data_version(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA data_version", NULL);
	long long v = 0;

	if (s)
		store_fetch_one(st, s, store_read_int64, &v, "data version", NULL);
	return v;
}

const char *
store_sqlite_version(void)
{
	return sqlite3_libversion();
}

enum core_status
store_fail(struct store *st, struct core_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db) & 0xff;

	/* Only SQLite's own answer makes a read-only refusal: any other failure
	 * of a read-only store is a failure, said as such. */
	if (code == SQLITE_READONLY)
		return core_error_set(err, CORE_REFUSED,
			"The store is open read-only, so nothing can be changed.");
	if (code == SQLITE_INTERRUPT)
		return core_error_set(err, CORE_ABANDONED, "The query was abandoned.");
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return core_error_set(err, CORE_STORE,
			"The store could not %s: another program holds it locked (a long change by another billcon, or a transaction left open in a tool such as the sqlite3 shell); try again when it is done.",
			what);
	if (code == SQLITE_NOTADB)
		return core_error_set(err, CORE_STORE, "%s is not a billcon store.", st->path);
	return core_error_set(err, CORE_STORE, "The store could not %s: %s.", what,
			      sqlite3_errmsg(st->db));
}

static unsigned long
sql_hash(const char *sql)
{
	unsigned long h = 5381;

	while (*sql)
		h = h * 33 + (unsigned char)*sql++;
	return h;
}

static sqlite3_stmt *
ready(struct stmt_slot *slot, const char *sql)
{
	slot->seen = sql;
	sqlite3_reset(slot->stmt);
	sqlite3_clear_bindings(slot->stmt);
	return slot->stmt;
}

/* The cached statement of sql, or NULL with *hash set for cache_add.
 * Callers pass the same literal each time, so the slot that last saw this
 * pointer is tried before hashing the text (hundreds of bytes, for each of
 * the dozen statements of each pulled object); the text is compared
 * either way, since a pointer may be a buffer holding another text now. */
static sqlite3_stmt *
cache_find(struct store *st, const char *sql, unsigned long *hash)
{
	size_t i;

	for (i = 0; i < st->cached; i++)
		if (st->cache[i].seen == sql && strcmp(st->cache[i].sql, sql) == 0)
			return ready(&st->cache[i], sql);
	*hash = sql_hash(sql);
	for (i = 0; i < st->cached; i++)
		if (st->cache[i].hash == *hash && strcmp(st->cache[i].sql, sql) == 0)
			return ready(&st->cache[i], sql);
	return NULL;
}

static bool
cache_add(struct store *st, const char *sql, unsigned long hash, sqlite3_stmt *s)
{
	char *copy;

	if (st->cached == st->cache_cap) {
		size_t cap = st->cache_cap ? st->cache_cap * 2 : 64;
		struct stmt_slot *grown = realloc(st->cache, cap * sizeof(*grown));
		if (!grown)
			return false;
		st->cache = grown;
		st->cache_cap = cap;
	}
	if (!(copy = strdup(sql)))
		return false;
	st->cache[st->cached++] = (struct stmt_slot){ .sql = copy, .hash = hash, .seen = sql, .stmt = s };
	return true;
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql, struct core_error *err)
{
	unsigned long hash = 0;
	sqlite3_stmt *s = cache_find(st, sql, &hash);

	if (s)
		return s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		store_fail(st, err, "prepare a query");
		return NULL;
	}
	if (!cache_add(st, sql, hash, s)) {
		sqlite3_finalize(s);
		core_error_set(err, CORE_STORE, "Out of memory preparing a query.");
		return NULL;
	}
	return s;
}

static int
progress_trampoline(void *data)
{
	struct store *st = data;

	if (st->budget > 0 && --st->budget == 0) {
		st->budget_spent = true;
		return 1;
	}
	return st->progress && st->progress(st->progress_ctx);
}

/* The handler runs while either a caller's abandon function or a budget
 * is set: every few thousand virtual machine steps, a fraction of a
 * millisecond, so a keypress abandons a long query at once. */
static void
install_progress(struct store *st)
{
	bool on = st->progress || st->budget > 0;

	sqlite3_progress_handler(st->db, on ? STORE_PROGRESS_STEPS : 0, on ? progress_trampoline : NULL, st);
}

void
store_budget(struct store *st, long long steps)
{
	st->budget = steps > 0 ? steps / STORE_PROGRESS_STEPS + 1 : 0;
	st->budget_spent = false;
	install_progress(st);
}

bool
store_budget_spent(const struct store *st)
{
	return st->budget_spent;
}

void
store_set_abandon(struct store *st, int (*fn)(void *), void *ctx)
{
	st->progress = fn;
	st->progress_ctx = ctx;
	install_progress(st);
}

int
store_bind_text_or_null(sqlite3_stmt *s, int i, const char *value)
{
	if (!value || !*value)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, value, -1, SQLITE_TRANSIENT);
}

void
store_column_copy(sqlite3_stmt *s, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n;

	if (!t) {
		out[0] = '\0';
		return;
	}
	n = (size_t)sqlite3_column_bytes(s, i);
	if (n >= size)
		n = size - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

enum core_status
store_step_done(struct store *st, sqlite3_stmt *s, struct core_error *err, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, what);
	return CORE_OK;
}

enum core_status
store_fetch_one(struct store *st, sqlite3_stmt *s, void (*read_row)(sqlite3_stmt *s, void *row),
		void *row, const char *what, struct core_error *err)
{
	char doing[96];
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW && read_row)
		read_row(s, row);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc == SQLITE_DONE)
		return core_error_set(err, CORE_NOT_FOUND, "There is no such %s.", what);
	snprintf(doing, sizeof(doing), "read the %s", what);
	return store_fail(st, err, doing);
}

enum core_status
store_collect(struct store *st, sqlite3_stmt *s, size_t size,
	      void (*read_row)(sqlite3_stmt *s, void *row), void **out, size_t *n,
	      const char *what, struct core_error *err)
{
	size_t cap = 0;
	char doing[64];
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			void *grown = realloc(*out, ncap * size);
			if (!grown) {
				sqlite3_reset(s);
				return core_error_set(err, CORE_STORE, "Out of memory reading %s.", what);
			}
			*out = grown;
			cap = ncap;
		}
		read_row(s, (char *)*out + (*n)++ * size);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		snprintf(doing, sizeof(doing), "read %s", what);
		return store_fail(st, err, doing);
	}
	return CORE_OK;
}

enum core_status
store_read_rows(struct store *st, sqlite3_stmt *s, size_t size,
		void (*read_row)(sqlite3_stmt *s, void *row), void *out, int max, int *n,
		const char *what, struct core_error *err)
{
	char doing[96];
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n < max)
			read_row(s, (char *)out + (size_t)*n * size);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return CORE_OK;
	snprintf(doing, sizeof(doing), "read %s", what);
	return store_fail(st, err, doing);
}

static enum core_status
exec(struct store *st, const char *sql, struct core_error *err, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, what);
	return CORE_OK;
}

/* The one integer the query sql answers into *n. A file that is not a
 * database, or a lock held too long, is a failure, never a number. */
static enum core_status
query_int(struct store *st, const char *sql, int *n, struct core_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, err, "read its schema");
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "read its schema");
	return CORE_OK;
}

static enum core_status
user_version(struct store *st, int *v, struct core_error *err)
{
	return query_int(st, "PRAGMA user_version", v, err);
}

/* Refuses, before anything is written, a file that is not a billcon store
 * (another program's database, or no database at all) and a schema version
 * this billcon does not know. Only an empty database being created may be
 * made into a store. */
static enum core_status
identify(struct store *st, unsigned flags, struct core_error *err)
{
	int v, objects, ours;
	enum core_status rc = user_version(st, &v, err);

	if (!rc)
		rc = query_int(st, "SELECT count(*) FROM sqlite_master", &objects, err);
	if (!rc)
		rc = query_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				" AND name IN ('meta', 'audit')", &ours, err);
	if (rc)
		return rc;
	if (v == 0 && objects == 0 && (flags & STORE_OPEN_CREATE))
		return CORE_OK;
	if (v < 0)
		return core_error_set(err, CORE_STORE,
			"%s is not a billcon store: its schema version %d is one no billcon writes.", st->path, v);
	if (v > store_schema_count())
		return core_error_set(err, CORE_STORE,
			"The store %s has schema version %d, newer than this billcon knows (%d); use a newer billcon.",
			st->path, v, store_schema_count());
	if (v == 0 || ours != 2)
		return core_error_set(err, CORE_STORE, "%s is not a billcon store.", st->path);
	return CORE_OK;
}

static enum core_status
migrate_locked(struct store *st, struct core_error *err)
{
	char pragma[64];
	int v;
	enum core_status rc = user_version(st, &v, err);

	if (rc)
		return rc;
	/* Checked again under the lock: another billcon may have upgraded it. */
	if (v < 0 || v > store_schema_count())
		return core_error_set(err, CORE_STORE,
			"The store %s has schema version %d, which this billcon does not know.", st->path, v);
	for (; v < store_schema_count(); v++) {
		if (exec(st, store_schema_migration(v), err, "upgrade its schema"))
			return err ? err->status : CORE_STORE;
		/* The tree over the trail is hashed, which SQL cannot do. */
		if (v + 1 == STORE_SCHEMA_AUDIT_TREE && store_audit_tree_build(st, err))
			return err ? err->status : CORE_STORE;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", v + 1);
		if (exec(st, pragma, err, "record its schema version"))
			return err ? err->status : CORE_STORE;
	}
	return CORE_OK;
}

static enum core_status
migrate(struct store *st, struct core_error *err)
{
	int v;
	enum core_status rc = user_version(st, &v, err);

	if (rc || v == store_schema_count())
		return rc;
	/* Under BEGIN IMMEDIATE so that two processes opening a new store do
	 * not both run the same migration. */
	rc = store_begin(st, err);
	if (rc)
		return rc;
	rc = migrate_locked(st, err);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

static bool
dir_writable(const char *path)
{
	char *copy = strdup(path);
	bool ok;

	if (!copy)
		return false;
	ok = access(dirname(copy), W_OK) == 0;
	free(copy);
	return ok;
}

/* The URI to open path with; caller frees. '?', '#' and '%' in the path are
 * escaped so that they are not read as parts of the URI. */
static char *
open_uri(const char *path, bool read_only, bool immutable)
{
	char *uri = malloc(strlen(path) * 3 + 64);
	char *o = uri;
	const char *p;

	if (!uri)
		return NULL;
	o += sprintf(o, "file:");
	for (p = path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			o += sprintf(o, "%%%02X", (unsigned char)*p);
		else
			*o++ = *p;
	}
	*o = '\0';
	if (read_only)
		strcat(uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return uri;
}

/* SQLite's allocation statistics off: they take a process-wide mutex on
 * every allocation and free, and the SQLite of Debian 12 is built without
 * lookaside, so every small object of every statement is one (5 to 7% of
 * a pull's CPU). billcon never reads them (no sqlite3_memory_used, no soft
 * heap limit). A setting only, which SQLite takes before its first use:
 * once initialised it says SQLITE_MISUSE and keeps them, slower, not
 * wrong. */
static void
quiet_allocator(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum core_status
connect(struct store *st, unsigned flags, struct core_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	bool exists = access(st->path, F_OK) == 0;
	bool immutable = false;
	int oflags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	char *uri;
	int rc;

	pthread_once(&once, quiet_allocator);
	if (!exists && !(flags & STORE_OPEN_CREATE))
		return core_error_set(err, CORE_NOT_FOUND,
			"There is no store at %s: `billcon --db %s sync` makes one from your billing account,"
			" `billcon demo init %s` the demo.", st->path, st->path, st->path);
	if (st->read_only) {
		oflags |= SQLITE_OPEN_READONLY;
		if (!dir_writable(st->path)) {
			immutable = true;
			st->notice = "The store's directory is not writable: it was opened as an immutable snapshot, and changes made by others will not be seen.";
		}
	} else {
		oflags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	uri = open_uri(st->path, st->read_only, immutable);
	if (!uri)
		return core_error_set(err, CORE_STORE, "Out of memory opening the store.");
	rc = sqlite3_open_v2(uri, &st->db, oflags, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return core_error_set(err, CORE_STORE, "The store %s could not be opened: %s.",
				      st->path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	store_audit_functions(st->db);
	return CORE_OK;
}

static enum core_status
configure(struct store *st, struct core_error *err)
{
	if (exec(st, "PRAGMA foreign_keys=ON", err, "turn on foreign keys"))
		return err ? err->status : CORE_STORE;
	if (st->read_only)
		return CORE_OK;
	if (exec(st, "PRAGMA journal_mode=WAL", err, "switch to write-ahead logging"))
		return err ? err->status : CORE_STORE;
	/* Statement journals in memory: SQLite writes a statement's undo
	 * pages to a file in /var/tmp past 64 KB, and the sub-journal of a
	 * long transaction (a pull's batch) grows with every statement of it,
	 * which was most of a pull's writes. A statement's journal is no
	 * larger than the pages it changes. */
	if (exec(st, "PRAGMA temp_store=MEMORY", err, "keep its temporary files in memory"))
		return err ? err->status : CORE_STORE;
	return exec(st, "PRAGMA synchronous=NORMAL", err, "set its durability");
}

/* One attempt at store_open; *old is set when a read-only open found a store
 * of an older schema, which it cannot upgrade. */
static enum core_status
open_once(const char *path, unsigned flags, struct store **out, bool *old, struct core_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	enum core_status rc;
	int v = 0;

	*out = NULL;
	*old = false;
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return core_error_set(err, CORE_STORE, "Out of memory opening the store.");
	}
	st->read_only = (flags & STORE_OPEN_READ_ONLY) != 0;
	rc = connect(st, flags, err);
	if (!rc)
		rc = identify(st, flags, err);
	if (!rc)
		rc = configure(st, err);
	if (!rc && !st->read_only)
		rc = migrate(st, err);
	if (!rc && st->read_only && !(rc = user_version(st, &v, err)) && v != store_schema_count()) {
		*old = true;
		rc = core_error_set(err, CORE_STORE,
			"The store %s has schema version %d and this billcon needs %d; open it once without --read-only to upgrade it.",
			path, v, store_schema_count());
	}
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return CORE_OK;
}

enum core_status
store_open(const char *path, unsigned flags, struct store **out, struct core_error *err)
{
	struct store *w;
	bool old;
	enum core_status rc = open_once(path, flags, out, &old, err);

	if (!rc || !old || !(flags & STORE_OPEN_UPGRADE))
		return rc;
	/* A reader of a store an older billcon wrote: upgrade it once, then
	 * read it read-only as asked. */
	rc = open_once(path, flags & ~(unsigned)(STORE_OPEN_READ_ONLY | STORE_OPEN_UPGRADE), &w, &old, err);
	store_close(w);
	if (rc)
		return rc;
	return open_once(path, flags, out, &old, err);
}

void
store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	/* Keeps the planner's statistics fresh as the store grows; cheap when
	 * there is nothing to do. */
	if (!st->read_only && st->db)
		sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
	core_audit_hasher_free(st->hasher);
	free(st->tail);
	for (i = 0; i < st->cached; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	free(st->cache);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

enum core_status
store_begin(struct store *st, struct core_error *err)
{
	int tries, rc = SQLITE_BUSY;

	if (st->read_only)
		return core_error_set(err, CORE_REFUSED,
			"The store is open read-only, so nothing can be changed.");
	/* busy_timeout already waits; a few more rounds ride out a long batch
	 * of another process without ever showing "database is locked". */
	for (tries = 0; tries < BEGIN_TRIES; tries++) {
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK)
		return store_fail(st, err, "start a change");
	if (st->tail) {
		st->tail->known = false;
		st->tail->account_id = 0;
	}
	return CORE_OK;
}

enum core_status
store_commit(struct store *st, struct core_error *err)
{
	int tries, rc = SQLITE_BUSY;

	for (tries = 0; tries < BEGIN_TRIES; tries++) {
		rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK) {
		store_fail(st, err, "save the change");
		store_rollback(st);
		return err ? err->status : CORE_STORE;
	}
	return CORE_OK;
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

enum core_status
store_meta_get(struct store *st, const char *key, char *out, int size, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE key = ?1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_column_copy(s, 0, out, (size_t)size);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read its settings");
	return core_error_set(err, CORE_NOT_FOUND, "The store has no setting %s.", key);
}

enum core_status
store_meta_set(struct store *st, const char *key, const char *value, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO meta(key, value) VALUES(?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "save a setting");
}

bool
store_integrity_ok(struct store *st, struct core_error *err)
{
	sqlite3_stmt *s;
	bool ok = false;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK) {
		store_fail(st, err, "check its integrity");
		return false;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		ok = r && strcmp(r, "ok") == 0;
		if (!ok)
			core_error_set(err, CORE_STORE, "The store is damaged: %s.", r ? r : "no answer");
	}
	sqlite3_finalize(s);
	return ok;
}
