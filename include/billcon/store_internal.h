/* Shared by the files of src/store/ only: the connection and its statement
 * cache. */
#ifndef BILLCON_STORE_INTERNAL_H
#define BILLCON_STORE_INTERNAL_H

#include <sqlite3.h>

#include "billcon/core_status.h"
#include "billcon/store_db.h"

/* The connection of st. */
sqlite3 *store_db(struct store *st);

/* A prepared statement for sql, reset and with its bindings cleared. sql must
 * be a string literal: the cache is keyed by its address. NULL on failure,
 * with err set. The statement stays owned by st. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct core_error *err);

/* Like store_stmt for sql built at run time: cached by its text (a few
 * dozen, the oldest replaced). */
sqlite3_stmt *store_stmt_text(struct store *st, const char *sql, struct core_error *err);

/* Sets err from the connection's last error, as "The store could not
 * <what>: <sqlite's words>." Read-only refusals get their own sentence. */
enum core_status store_fail(struct store *st, struct core_error *err, const char *what);

/* Binds text, or NULL when s is NULL or empty. */
int store_bind_text_or_null(sqlite3_stmt *s, int i, const char *s_value);

/* Copies column i of s into out (size bytes, always terminated; "" for NULL). */
void store_column_copy(sqlite3_stmt *s, int i, char *out, size_t size);

/* Reads every row of s into a new array of elements of size bytes, each
 * filled by read_row; *out (free()) and *n receive it. what names the rows
 * in messages ("requests"). s is reset either way. */
enum core_status store_collect(struct store *st, sqlite3_stmt *s, size_t size,
			       void (*read_row)(sqlite3_stmt *s, void *row), void **out,
			       size_t *n, const char *what, struct core_error *err);

/* Steps s expecting SQLITE_DONE; sets err (what) otherwise. */
enum core_status store_step_done(struct store *st, sqlite3_stmt *s, struct core_error *err,
				 const char *what);

#endif
