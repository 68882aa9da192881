/* store_db: opening the SQLite store, its schema migrations and transactions.
 * The only SQL in billcon is under src/store/. */
#ifndef BILLCON_STORE_DB_H
#define BILLCON_STORE_DB_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct store;

enum store_open_flag {
	STORE_OPEN_READ_ONLY = 1 << 0, /* SQLite mode=ro; every write refused */
	STORE_OPEN_CREATE = 1 << 1,    /* create the file when missing */
	STORE_OPEN_UPGRADE = 1 << 2,   /* with READ_ONLY: a store of an older
					* schema is upgraded once first */
};

/* The schema version this build writes (PRAGMA user_version). */
int store_schema_version(void);

/* Opens the store at path and brings its schema up to date (unless read-only).
 * On success *out owns the connection; free it with store_close. Failures:
 * CORE_NOT_FOUND (no file and no STORE_OPEN_CREATE), CORE_STORE: among them
 * a file that is not a billcon store (another database, a text file; only
 * an empty database with STORE_OPEN_CREATE becomes a store) and a schema
 * version out of range, both refused before anything is written. */
enum core_status store_open(const char *path, unsigned flags, struct store **out,
			    struct core_error *err);

/* Closes st and frees it; NULL is allowed. */
void store_close(struct store *st);

/* True when st was opened read-only. */
bool store_read_only(const struct store *st);

/* A sentence to show the user about how the store was opened (for example
 * immutable because its directory is not writable), or NULL. */
const char *store_notice(const struct store *st);

/* The path st was opened from. */
const char *store_path(const struct store *st);

/* Starts a write transaction (BEGIN IMMEDIATE), waiting for other writers.
 * A read-only store is refused with CORE_REFUSED. */
enum core_status store_begin(struct store *st, struct core_error *err);

/* Commits the transaction begun by store_begin. On failure it is rolled back. */
enum core_status store_commit(struct store *st, struct core_error *err);

/* Rolls back the transaction begun by store_begin; harmless when none. */
void store_rollback(struct store *st);

/* The store's meta value for key into out (size bytes): CORE_OK, or
 * CORE_NOT_FOUND when unset; a store that cannot be read is CORE_STORE,
 * never "unset". */
enum core_status store_meta_get(struct store *st, const char *key, char *out, int size,
				struct core_error *err);

/* Sets the store's meta value for key, inside the caller's transaction. */
enum core_status store_meta_set(struct store *st, const char *key, const char *value,
				struct core_error *err);

/* Makes long queries ask fn(ctx) every few thousand steps and stop, failing
 * with "The query was abandoned.", when it returns non-zero: the console
 * drops a filter query as soon as the next key arrives. NULL turns it off. */
void store_set_abandon(struct store *st, int (*fn)(void *), void *ctx);

/* SQLite's data_version of st's connection: it changes when another
 * connection commits a change; 0 when it cannot be read. */
long long store_data_version(struct store *st);

/* The SQLite library version in use. */
const char *store_sqlite_version(void);

/* Runs PRAGMA integrity_check; true when it answers "ok". */
bool store_integrity_ok(struct store *st, struct core_error *err);

#endif
