/* Shared by the files of src/store/ only: the connection and its statement
 * cache. */
#ifndef BILLCON_STORE_INTERNAL_H
#define BILLCON_STORE_INTERNAL_H

#include <sqlite3.h>

#include "billcon/core_status.h"
#include "billcon/store_db.h"
#include "billcon/store_list.h"

struct core_buf;

/* One sort order of a list: its key expressions, each never NULL (use
 * coalesce), as its index has them. The row ID is the last tie-break. */
struct store_list_sort {
	const char *keys[STORE_LIST_KEY_PARTS]; /* NULL after the last */
};

/* What a list's filter terms ask of a window (struct store_list_spec's
 * terms): an FTS5 query of the filter index, and bounds on the row ID and
 * the time column. */
struct store_list_terms {
	char *match;              /* malloc'd FTS5 query, NULL for none */
	char *check;              /* malloc'd, the same terms for the spec's row check */
	long long lo, hi;         /* the row IDs that can match, inclusive */
	char since[32], until[32]; /* the time column's range ("" none): since <= t < until */
};

/* A list for store_list_page (see store_list.h). The FROM clause is the
 * table, then the joins; the filter index is an FTS5 table whose rowid is
 * the table's ID. Parameters the SQL may use: :scope, :key, :now. A sort
 * order with no key expressions is the ID alone. */
struct store_list_spec {
	const char *select;        /* the columns read_row reads, from 0 */
	const char *table;         /* "associated_tenant t" */
	const char *id;            /* "t.id" */
	const char *joins;         /* after the table, or "" */
	const char *where;         /* "t.account_id = :scope" */
	const struct store_list_sort *sorts;
	int nsorts;
	const char *fts;           /* the filter index, or NULL */
	const char *fts_misses;    /* with fts: an SQL test of :scope and :like, true
				    * when some row LIKE finds is not in the index
				    * (a column it does not hold): that filter then
				    * walks the order with LIKE; or NULL */
	const char *const *like;   /* columns LIKE scans, NULL-terminated */
	const char *count;         /* SELECT of the row count of :scope, or NULL */
	const char *estimate;      /* with no count: a cheap SELECT of at least as many
				    * rows as :scope has, to size where the filter
				    * index stops driving (never shown); or NULL */
	/* A list in the order of its ID alone (a log), whose filter index's
	 * rowid is that ID: when set, the typed filter (and the query's key)
	 * are read as terms by this function, and the index then drives the
	 * window in ID order however many rows match, never counted; with no
	 * match the order itself is walked within the bounds. Fills t;
	 * CORE_USAGE with a sentence for a bad term. */
	enum core_status (*terms)(struct store *st, const struct store_list_query *q,
				  struct store_list_terms *t, struct core_error *err);
	const char *time;          /* the time column the terms bound ("a.at") */
	const char *check;         /* an SQL test of a row against :check (the terms as
				    * the filter index reads them), or NULL */
	bool actor_key;            /* :key is the actor, and the rows are the actor's
				    * own: seen with no billing role */
	/* A list whose rows are several queries merged in one order (a tree:
	 * UNION ALL of its levels): when set, writes the FROM clause of the
	 * window q in place of table and joins (ascending: the window walks
	 * toward higher keys), so that each part seeks the anchor by its own
	 * index; it then applies q's filter itself (as :like, the LIKE
	 * pattern, or :phrase, the FTS5 phrase, both bound whenever there is
	 * a filter) and the spec's like and fts are not used. */
	void (*from)(struct core_buf *sql, const struct store_list_query *q, bool ascending);
	const char *key_child;     /* :key names a child scope of the account's
				    * ("billingProfiles": a profile's ARM name) and
				    * keeps its rows: a role there reads them, or NULL */
	size_t row_size;
	void (*read_row)(sqlite3_stmt *s, void *row);
};

/* The columns every reader of whole audit entries selects, in this order
 * (store/audit.c and store/auditlog.c). */
#define STORE_AUDIT_COLUMNS "seq, at, actor, action, object, before, after, hash"
enum {
	STORE_AUDIT_C_SEQ, STORE_AUDIT_C_AT, STORE_AUDIT_C_ACTOR, STORE_AUDIT_C_ACTION,
	STORE_AUDIT_C_OBJECT, STORE_AUDIT_C_BEFORE, STORE_AUDIT_C_AFTER, STORE_AUDIT_C_HASH
};

/* Adds the store's own SQL functions to db: billcon_words (the audit
 * trail's row check). */
void store_audit_functions(sqlite3 *db);

/* The connection of st. */
sqlite3 *store_db(struct store *st);

/* The audit hasher of st, kept for its life (a new one per entry costs as
 * much as the entry's hashes); NULL when out of memory. */
struct core_audit_hasher *store_hasher(struct store *st);

/* A prepared statement for sql (a literal or text built at run time), reset
 * and with its bindings cleared, from the one cache of st, keyed by the
 * text. NULL on failure, with err set. The statement stays owned by st. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct core_error *err);

/* Steps s once: CORE_OK after read_row (when not NULL) read the row into
 * row; CORE_NOT_FOUND ("There is no such <what>.") when there is none; a
 * store failure otherwise, never read as "not found". s is reset. */
enum core_status store_fetch_one(struct store *st, sqlite3_stmt *s,
				 void (*read_row)(sqlite3_stmt *s, void *row), void *row,
				 const char *what, struct core_error *err);

/* A read_row for store_fetch_one: column 0 as a long long into row (a
 * long long *): a count, a version. */
void store_read_int64(sqlite3_stmt *s, void *row);

/* Sets err from the connection's last error, as "The store could not
 * <what>: <sqlite's words>." Read-only refusals get their own sentence. */
enum core_status store_fail(struct store *st, struct core_error *err, const char *what);

/* Virtual machine steps between two checks of the abandon function. */
#define STORE_PROGRESS_STEPS 2000

/* Lets the next queries of st take about steps virtual machine steps in
 * all, then stops them (as abandoned) and notes it; 0 lifts the limit. */
void store_budget(struct store *st, long long steps);

/* True when the budget of store_budget ran out. */
bool store_budget_spent(const struct store *st);

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

/* Reads the rows of s (bound), at most max of them into out, an array of
 * elements of size bytes each filled by read_row; *n receives how many
 * rows there are in all. what names them in messages ("billing
 * profiles"). s is reset either way. */
enum core_status store_read_rows(struct store *st, sqlite3_stmt *s, size_t size,
				 void (*read_row)(sqlite3_stmt *s, void *row), void *out, int max,
				 int *n, const char *what, struct core_error *err);

struct store_account;

/* The billing accounts "SELECT <the account's columns> FROM billing_account a
 * <tail>" reads (tail: a literal WHERE and ORDER BY; ?1 bound to key when
 * not NULL), at most max into out; *n receives how many there are. */
enum core_status store_accounts_select(struct store *st, const char *tail, const char *key,
				       struct store_account *out, int max, int *n,
				       struct core_error *err);

/* The trail's last entry and the leaf hashes of its current tile as this
 * connection appended them, so that a run of appends in one transaction
 * (a pull's batch) neither reads the head back per entry nor the tile's
 * entries back to hash them again for the Merkle tree. Forgotten at each
 * store_begin: outside a transaction of ours, another may append. */
struct store_audit_tail {
	bool known;                 /* seq and hash are the trail's last entry */
	long long seq;
	char hash[65];
	long long from;             /* leaves hold entries from+1 .. seq */
	unsigned char leaves[256][32];
	char account[128];          /* the account name an entry's object last named, */
	long long account_id;       /* its row (0: none remembered); forgotten as seq */
};

/* st's tail (made on first use; NULL when out of memory: then nothing is
 * remembered). */
struct store_audit_tail *store_audit_tail(struct store *st);

/* Steps s expecting SQLITE_DONE; sets err (what) otherwise. */
enum core_status store_step_done(struct store *st, sqlite3_stmt *s, struct core_error *err,
				 const char *what);

/* SQL of the billing account ID an audit entry's object (an SQL
 * expression) belongs to: the account in a billingAccounts path, the
 * request's account for a billingRequests path (both prefixes are 45
 * characters long), the account whose primary tenant a /tenants/ path's
 * directory is (the lowest ID when several share it), else NULL. */
#define STORE_AUDIT_ACCOUNT_OF(o) \
	"CASE WHEN substr(" o ", 1, 45) = '/providers/Microsoft.Billing/billingAccounts/'" \
	" THEN (SELECT id FROM billing_account WHERE name = substr(" o ", 46," \
	" instr(substr(" o ", 46) || '/', '/') - 1))" \
	" WHEN substr(" o ", 1, 45) = '/providers/Microsoft.Billing/billingRequests/'" \
	" THEN (SELECT account_id FROM billing_request WHERE name = substr(" o ", 46))" \
	" WHEN substr(" o ", 1, 9) = '/tenants/'" \
	" THEN (SELECT min(id) FROM billing_account WHERE primary_tenant_id = substr(" o ", 10, 36)) END"

#endif
