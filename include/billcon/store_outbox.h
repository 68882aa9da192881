/* store_outbox: the changes waiting for sync, one row each, written in the
 * same transaction as the change and its audit entry. */
#ifndef BILLCON_STORE_OUTBOX_H
#define BILLCON_STORE_OUTBOX_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct store;
struct store_list_spec;

/* Queues the change recorded by the last audit entry: action on object,
 * before and after as JSON text (or NULL), at; push false for a change sync
 * never sends. Call inside the change's transaction, after its audit entry. */
enum core_status store_outbox_add(struct store *st, const char *at, const char *action,
				  const char *object, const char *before, const char *after,
				  bool push, struct core_error *err);

/* How many rows wait to be pushed (push set, not done). */
enum core_status store_outbox_waiting(struct store *st, long long *n, struct core_error *err);

/* One change not yet settled (done_on empty). The strings are owned:
 * store_outbox_rows_free frees them. */
struct store_outbox_row {
	long long id, audit_seq, attempts;
	char created_on[32];
	char actor[256];                           /* who made it (its audit entry's) */
	char *action, *object, *before, *after;   /* before, after: NULL for none */
	char *last_error;                          /* NULL for none */
	char *base;       /* the object's pulled JSON when the change was made, NULL none */
	char *conflict;   /* NULL none; their JSON, "" when they removed it */
	bool push;
	bool mine;        /* a conflict resolved --mine: sent with no conflict check */
};

/* Every change not yet settled, pushed or local, in the order they were
 * made, into *rows (store_outbox_rows_free) and *n. */
enum core_status store_outbox_list(struct store *st, struct store_outbox_row **rows, size_t *n,
				   struct core_error *err);

/* Waiting changes to object from go to object to instead (an object the
 * service named itself when it made it). *ids receives the row IDs moved,
 * in no order, and *n their count (the caller frees *ids, whatever the
 * outcome), so that a push can follow them without comparing every change
 * it holds. */
enum core_status store_outbox_retarget(struct store *st, const char *from, const char *to,
				       long long **ids, size_t *n, struct core_error *err);

/* Called by store_outbox_each with each row in turn (valid during the
 * call only; fn must not use the store); non-zero stops the walk. */
typedef int (*store_outbox_fn)(const struct store_outbox_row *row, void *arg);

/* As store_outbox_list, a row at a time: each handed to fn, then freed,
 * so that a walk of any length holds one row. */
enum core_status store_outbox_each(struct store *st, store_outbox_fn fn, void *arg, struct core_error *err);

/* Frees n rows of store_outbox_list and the array; NULL is allowed. */
void store_outbox_rows_free(struct store_outbox_row *rows, size_t n);

/* Settles row id at at (its call succeeded, or no API takes it). Call in
 * a transaction when other writes go with it. */
enum core_status store_outbox_done(struct store *st, long long id, const char *at,
				   struct core_error *err);

/* Notes that row id is about to be sent: one more attempt, last_error
 * cleared. A row with attempts and no last_error was sent and its answer
 * never recorded (a kill): push reads it back before sending again. */
enum core_status store_outbox_sending(struct store *st, long long id, struct core_error *err);

/* Marks row id a conflict: theirs is the service's JSON (NULL or "" when
 * the object is gone); the push holds it until it is resolved. */
enum core_status store_outbox_conflict(struct store *st, long long id, const char *theirs,
				       struct core_error *err);

/* Marks the later waiting changes to row's object conflicts with row's
 * (their JSON, row's base when they have none): once row is resolved
 * --theirs, they were made on what is now dropped. */
enum core_status store_outbox_conflict_after(struct store *st, const struct store_outbox_row *row,
					     struct core_error *err);

/* Resolves row id's conflict keeping the change: the next push sends it
 * without reading the object back. */
enum core_status store_outbox_keep_mine(struct store *st, long long id, struct core_error *err);

/* The change id not yet settled into *row (store_outbox_row_clear);
 * CORE_NOT_FOUND with a sentence when there is none. */
enum core_status store_outbox_get(struct store *st, long long id, struct store_outbox_row *row,
				  struct core_error *err);

/* Frees row's strings and zeroes it. */
void store_outbox_row_clear(struct store_outbox_row *row);

/* Records the failure of row id's call: last_error "Code: message". */
enum core_status store_outbox_failed(struct store *st, long long id, const char *last_error,
				     struct core_error *err);

/* One waiting change as the sync blade's list reads it: fixed-size, so a
 * window of them is copied as it is. Text longer than its field is cut. */
struct store_outbox_entry {
	long long id, audit_seq, attempts;
	char created_on[32];
	char action[64];
	char object[1024];
	char before[8192], after[8192];   /* JSON, "" for none */
	char last_error[1024];            /* "" for none */
	bool push;
	bool in_conflict;                 /* read back changed at the service: */
	char conflict[8192];              /* their JSON, "" when they removed it */
};

/* The waiting changes (not done: pushed ones and local-only ones) for
 * store_list_page, in the order they were made (one order, the ID); the
 * filter is a substring of the action, object or last error. Rows are
 * struct store_outbox_entry. */
const struct store_list_spec *store_outbox_list_spec(void);

#endif
