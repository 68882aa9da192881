/* store_list: one window of any sorted, filtered list, by keyset. Every list
 * of the console (tenants, role assignments, requests, the audit trail, a
 * tree paged by parent then name) is a spec: the SQL of its rows, its sort
 * orders, its filter index and its row reader. The spec stays in src/store/
 * (it is SQL); callers hold it as an opaque pointer from a getter such as
 * store_tenant_list().
 *
 * A window is the rows after an anchor (or, backward, before it) in the
 * sort order, never the whole table: each sort order has an index whose
 * columns are its key expressions then the row ID, so a page of a million
 * rows costs what a page of ten does. */
#ifndef BILLCON_STORE_LIST_H
#define BILLCON_STORE_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct store;
struct store_list_spec;

/* Sort keys have up to this many parts (parent, name, ...), then the ID:
 * the billing hierarchy's tree takes five (profile name and ID, section
 * name and ID, subscription name). */
#define STORE_LIST_KEY_PARTS 5
#define STORE_LIST_KEY_TEXT 512

/* Where a row stands in a sort order: its key parts and its ID. Filled by
 * store_list_page for each row; handed back as an anchor. Copyable. */
struct store_list_key {
	int n;                                     /* parts used */
	long long id;                              /* the row ID, the last tie-break */
	bool is_int[STORE_LIST_KEY_PARTS];         /* the part is an integer, else text */
	long long num[STORE_LIST_KEY_PARTS];
	char text[STORE_LIST_KEY_PARTS][STORE_LIST_KEY_TEXT];
};

/* The filter index drives a filter of a few matches; beyond a point,
 * walking the sort order with LIKE finds a window sooner. That point is
 * near sqrt(window rows × list rows), kept within these bounds. */
#define STORE_LIST_INDEX_MIN 256
#define STORE_LIST_INDEX_MAX 10000

/* One window to read. */
struct store_list_query {
	const struct store_list_spec *spec;
	long long scope;                  /* the list's parent (account, profile, ...) */
	const char *key;                  /* a text scope (an audit object), for lists that take one */
	const char *now;                  /* the read time, for states that time changes */
	int sort;                         /* an order of the spec, from 0 */
	bool descending;
	const char *filter;               /* a substring; NULL or "" for all rows */
	const struct store_list_key *anchor; /* NULL: from the start (backward: the end) */
	bool backward;                    /* rows before the anchor, nearest first */
	bool inclusive;                   /* the anchor row itself too */
	int limit;                        /* rows at most; -1 for no limit */
	long long matches;                /* out: matches of the filter when counted, else -1 */
};

/* Called for each row in order: row is the spec's row type, key where it
 * stands. Non-zero stops the walk. Both are only valid during the call. */
typedef int (*store_list_fn)(const void *row, const struct store_list_key *key, void *ctx);

/* Calls fn for up to q->limit rows of the window q describes. The filter is
 * matched in the spec's filter index when it has three characters or more
 * and few enough rows match (see STORE_LIST_INDEX_MIN; q->matches is then
 * how many of them are rows of the list, its scope and key, in a window
 * with no anchor; -1 after one), else by
 * LIKE over the spec's columns while walking the order. A spec's
 * fts_misses sends a filter the index would miss rows of to LIKE.
 * CORE_ABANDONED when a store_set_abandon callback stopped it. */
enum core_status store_list_page(struct store *st, struct store_list_query *q, store_list_fn fn,
				 void *ctx, struct core_error *err);

/* How many rows the list of scope holds (unfiltered), from the spec's kept
 * count; -1 in *n when the spec keeps none. */
enum core_status store_list_count(struct store *st, const struct store_list_spec *spec,
				  long long scope, long long *n, struct core_error *err);

/* The size of one row of spec, for callers that hold windows of them. */
size_t store_list_row_size(const struct store_list_spec *spec);

/* True when spec lists the actor's own rows (the query's key must be the
 * actor): an actor with no billing role may read them. */
bool store_list_for_actor(const struct store_list_spec *spec);

/* The kind of child scope of the account the query's key names
 * ("billingProfiles"), whose role reads the rows it keeps; NULL when the
 * key is no such scope. */
const char *store_list_key_child(const struct store_list_spec *spec);

/* How many sort orders spec has. */
int store_list_sorts(const struct store_list_spec *spec);

#endif
