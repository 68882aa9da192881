/* store_pull: what a pull from ARM writes (issue 11): each object kept
 * whole in remote_object and mapped into its table, a cursor per listing,
 * and what a complete listing left out marked removed. Every function runs
 * inside the caller's transaction (one per page). */
#ifndef BILLCON_STORE_PULL_H
#define BILLCON_STORE_PULL_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_remote.h"
#include "billcon/core_status.h"

struct store;

/* The full-text indexes of associated tenants, role assignments and the
 * audit trail while a batch of pages is written. SQLite's FTS5 writes what
 * it holds as a new segment of its index at every statement savepoint, so
 * indexing each row as it is inserted makes one segment per row and merges
 * them all the time; deferred, the batch's new rows are indexed in one
 * statement each at its end. All inside the batch's transaction: a store
 * never has its indexes behind its rows, killed or not. It also holds
 * what the batch learnt once for all its objects. */
struct store_pull_index {
	long long tenant;   /* associated_tenant rows up to this one are indexed */
	long long role;     /* role_assignment rows */
	long long audit;    /* audit entries */
	bool waiting;       /* a change waits to be pushed (false: no object
			     * of the batch can have one, so none is asked) */
	char definition[512]; /* a role definition the batch made sure of
			       * ("" none): its assignments need not insert it */
};

/* Where a page's items go: their listing (the cursor's key, the ARM path
 * of the collection), the run that reads it, the time, and the table rows
 * of their parents (0 when none). */
struct store_pull_at {
	const char *listing;
	long long run;
	const char *now;
	long long account_id;   /* billing_account row */
	long long profile_id;   /* billing_profile row */
	long long registration; /* stack_registration row */
	const char *parent;     /* the parent's ARM ID (a role definition's scope) */
	struct store_pull_index *index; /* deferred indexing under way, NULL none */
};

enum store_pull_change {
	STORE_PULL_SAME,     /* the same JSON as last time: only marked seen */
	STORE_PULL_ADDED,
	STORE_PULL_CHANGED,
};

/* Writes it: remote_object (marked seen by at->run) and, for the kinds
 * with a table (accounts, profiles, sections, invoices, associated tenants, role
 * definitions and assignments, billing requests (a decided one never
 * changes), billing subscriptions under a pulled section, Azure Stack
 * customer subscriptions), its
 * row keyed by the remote name, unless
 * that row has a change waiting to be pushed (the push settles it).
 * *change says what happened; *before (malloc'd, caller frees) receives
 * the JSON it had when CHANGED, else NULL; *row the table row (0 none). */
enum core_status store_pull_put(struct store *st, const struct store_pull_at *at,
				const struct core_remote_item *it, enum store_pull_change *change,
				char **before, long long *row, struct core_error *err);

/* An object a complete listing left out. */
struct store_pull_gone {
	char *id;    /* ARM ID */
	char *json;  /* as last pulled */
};

/* Inside a transaction: stops indexing new associated tenants, role
 * assignments and audit entries as they are inserted (a row of
 * fts_defer, not a schema change), and fills *ix with the last row of
 * each already indexed and whether any change waits to be pushed (a
 * pull adds none). Pair with store_pull_index_end in the same
 * transaction; a rollback undoes both. */
enum core_status store_pull_index_defer(struct store *st, struct store_pull_index *ix,
					struct core_error *err);

/* A pull's page cache: pulling true gives the store STORE_PULL_CACHE_KB
 * of pages for the pull (a pull looks up and inserts by keys spread over
 * the whole store, so a small cache reads and spills a page for most
 * rows of a large one); false gives the default back. Bounded: memory
 * stays flat whatever the store's size. */
#define STORE_PULL_CACHE_KB 32768
void store_pull_cache(struct store *st, bool pulling);

/* Indexes the rows inserted since store_pull_index_defer and indexes each
 * insert again from then on. */
enum core_status store_pull_index_end(struct store *st, struct store_pull_index *ix,
				      struct core_error *err);

/* The objects of listing not seen by run, not yet marked removed, and with
 * no change waiting to be pushed; *out (free with store_pull_gone_free)
 * and *n receive them. */
enum core_status store_pull_missing(struct store *st, const char *listing, long long run,
				    struct store_pull_gone **out, size_t *n, struct core_error *err);

/* Marks the object id removed at now; an associated tenant's, role
 * assignment's or customer subscription's row is deleted (nothing else
 * refers to them), and a directory user's or domain's, while a Global
 * administrator's user loses the flag (store_pull_graph_remove). */
enum core_status store_pull_remove(struct store *st, const char *id, const char *now,
				   struct core_error *err);

/* Frees n objects of store_pull_missing; NULL allowed. */
void store_pull_gone_free(struct store_pull_gone *g, size_t n);

/* The cursor of listing: when a run was cut short, *next_url (malloc'd,
 * caller frees) is where it stopped and *run is that run; otherwise
 * *next_url is NULL and *run is a new run's number. */
enum core_status store_pull_cursor(struct store *st, const char *listing, char **next_url,
				   long long *run, struct core_error *err);

/* Writes listing's cursor: next_url is the page to read next, NULL when
 * the listing is complete. */
enum core_status store_pull_cursor_set(struct store *st, const char *listing,
				       const char *next_url, long long run,
				       struct core_error *err);

/* An object pulled in a listing, for reading its children. */
struct store_pull_child {
	char id[1024];     /* ARM ID */
	long long row;     /* table row, 0 none */
};

/* The objects of listing not marked removed, in ID order; *out (free())
 * and *n receive them. */
enum core_status store_pull_children(struct store *st, const char *listing,
				     struct store_pull_child **out, size_t *n,
				     struct core_error *err);

/* What the service holds of id after a change of ours to it went through
 * (json, in the form a pull keeps), kept as if pulled at now: the base a
 * change made here next is read back against. json NULL: a removal of
 * ours went through, and id is marked removed at now and no longer names
 * a table row, so that the next pull neither removes it again (audited
 * twice) nor, through a row number used since by another object, removes
 * that one. Nothing when id was never pulled or was removed. */
enum core_status store_pull_pushed(struct store *st, const char *id, const char *json, const char *now,
				   struct core_error *err);

/* The raw JSON last pulled for id into *json (malloc'd, caller frees);
 * CORE_NOT_FOUND when never pulled. */
enum core_status store_pull_json(struct store *st, const char *id, char **json,
				 struct core_error *err);

#endif
