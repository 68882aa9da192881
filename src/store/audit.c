/* store_audit: the hash-chained trail, its Merkle tree, verify and proofs
 * (store_audit.h); the trail read as lists is store/auditlog.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/store_audit.h"
#include "billcon/store_internal.h"

/* The lowest level of the tree whose hashes are stored: complete subtrees
 * of 256 entries and up. Below it a hash is made from at most 256 entries
 * when a proof needs it, so the tree costs a fraction of a byte per entry. */
#define TREE_LEVEL 8
#define TREE_TILE (1LL << TREE_LEVEL)
#define TREE_TOP 62

/* A stored node's row ID: its level, then its index at that level. */
static long long
node_id(int level, long long index)
{
	return ((long long)level << 48) | index;
}

enum core_status
store_audit_head(struct store *st, struct store_audit_head *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	out->seq = 0;
	out->at[0] = '\0';
	strcpy(out->hash, CORE_AUDIT_GENESIS);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->seq = sqlite3_column_int64(s, 0);
		store_column_copy(s, 1, out->hash, sizeof(out->hash));
		store_column_copy(s, 2, out->at, sizeof(out->at));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "read the audit trail");
	return CORE_OK;
}

enum core_status
store_audit_size(struct store *st, long long *size, struct core_error *err)
{
	struct store_audit_head h;
	enum core_status rc = store_audit_head(st, &h, err);

	*size = rc ? 0 : h.seq;
	return rc;
}

static const char *
text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}


/* The entry in row s (STORE_AUDIT_COLUMNS), each field with its byte count: a
 * NUL byte written into a field with the sqlite3 shell must not hide what
 * follows it. prev_hash is the caller's. */
static struct core_audit_entry
read_entry(sqlite3_stmt *s, const char *prev_hash)
{
	static const int column[CORE_AUDIT_FIELDS] = {
		[CORE_AUDIT_AT] = STORE_AUDIT_C_AT, [CORE_AUDIT_ACTOR] = STORE_AUDIT_C_ACTOR,
		[CORE_AUDIT_ACTION] = STORE_AUDIT_C_ACTION, [CORE_AUDIT_OBJECT] = STORE_AUDIT_C_OBJECT,
		[CORE_AUDIT_BEFORE] = STORE_AUDIT_C_BEFORE, [CORE_AUDIT_AFTER] = STORE_AUDIT_C_AFTER,
	};
	struct core_audit_entry e = {
		.seq = sqlite3_column_int64(s, STORE_AUDIT_C_SEQ), .at = text(s, STORE_AUDIT_C_AT), .actor = text(s, STORE_AUDIT_C_ACTOR),
		.action = text(s, STORE_AUDIT_C_ACTION), .object = text(s, STORE_AUDIT_C_OBJECT), .before = text(s, STORE_AUDIT_C_BEFORE),
		.after = text(s, STORE_AUDIT_C_AFTER), .prev_hash = prev_hash, .counted = true,
	};
	int f;

	/* Text first, then its length: sqlite3_column_bytes counts the text
	 * form the pointers above hold. */
	for (f = 0; f < CORE_AUDIT_FIELDS; f++)
		e.len[f] = f == CORE_AUDIT_PREV_HASH ? strlen(prev_hash)
						     : (size_t)sqlite3_column_bytes(s, column[f]);
	return e;
}

/* The leaf hashes of entries lo+1 .. lo+n (leaves lo .. lo+n-1) into out;
 * an entry missing from the run is a store fault. */
static enum core_status
read_leaves(struct store *st, long long lo, long long n, core_merkle_hash *out,
	    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " STORE_AUDIT_COLUMNS " FROM audit"
				     " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq", err);
	struct core_audit_hasher *h = store_hasher(st);
	long long got = 0;
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, lo + n);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && got < n) {
		struct core_audit_entry e = read_entry(s, "");

		if (e.seq != lo + 1 + got)
			break;
		if (!h)
			core_audit_leaf(&e, out[got++]);
		else if (!core_audit_hasher_entry(h, &e, NULL, out[got++]))
			memset(out[got - 1], 0, CORE_MERKLE_HASH);   /* matches nothing, as core_audit_leaf's */
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "read the audit trail");
	if (got != n)
		return core_error_set(err, CORE_STORE,
			"Audit entry %lld is missing, so the audit tree cannot be read: run billcon audit verify.",
			lo + 1 + got);
	return CORE_OK;
}

/* Folds n (a power of two) hashes into h[0], level by level. */
static void
fold(core_merkle_hash *h, long long n)
{
	long long i;

	for (; n > 1; n /= 2)
		for (i = 0; i < n / 2; i++)
			core_merkle_node(h[2 * i], h[2 * i + 1], h[i]);
}

/* A stored node; CORE_NOT_FOUND when it is not there. */
static enum core_status
stored_node(struct store *st, int level, long long index, core_merkle_hash out,
	    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT hash FROM audit_tree WHERE id = ?1", err);
	bool found = false;
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, node_id(level, index));
	rc = sqlite3_step(s);
	/* A hash of another length is as good as none: it matches nothing. */
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == CORE_MERKLE_HASH) {
		memcpy(out, sqlite3_column_blob(s, 0), CORE_MERKLE_HASH);
		found = true;
	} else if (rc == SQLITE_ROW) {
		memset(out, 0, CORE_MERKLE_HASH);
		found = true;
	}
	sqlite3_reset(s);
	if (found)
		return CORE_OK;
	if (rc == SQLITE_DONE)
		return core_error_set(err, CORE_NOT_FOUND,
			"The audit tree lacks the hash of entries %lld to %lld: run billcon audit verify.",
			(index << level) + 1, (index + 1) << level);
	return store_fail(st, err, "read the audit tree");
}

/* What core_merkle asks subtrees of. */
struct tree_read {
	struct store *st;
	struct core_error *err;
	enum core_status rc;
};

static int
subtree(void *ctx, int level, long long index, core_merkle_hash out)
{
	struct tree_read *t = ctx;
	long long n = 1LL << (level < TREE_LEVEL ? level : 0);
	core_merkle_hash *leaves;

	if (level >= TREE_LEVEL)
		return (t->rc = stored_node(t->st, level, index, out, t->err)) != CORE_OK;
	if (!(leaves = malloc((size_t)n * sizeof(*leaves)))) {
		t->rc = core_error_set(t->err, CORE_STORE, "Out of memory reading the audit tree.");
		return 1;
	}
	t->rc = read_leaves(t->st, index << level, n, leaves, t->err);
	if (!t->rc) {
		fold(leaves, n);
		memcpy(out, leaves[0], CORE_MERKLE_HASH);
	}
	free(leaves);
	return t->rc != CORE_OK;
}

static enum core_status
put_node(struct store *st, int level, long long index, const core_merkle_hash h,
	 struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO audit_tree(id, hash) VALUES(?1, ?2)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, node_id(level, index));
	sqlite3_bind_blob(s, 2, h, CORE_MERKLE_HASH, SQLITE_STATIC);
	return store_step_done(st, s, err, "write the audit tree");
}

/* The tail to trust for the next append: only inside a transaction of
 * ours (store_begin forgets it), else NULL. */
static struct store_audit_tail *
tail_known(struct store *st)
{
	struct store_audit_tail *t = store_audit_tail(st);

	return t && t->known && !sqlite3_get_autocommit(store_db(st)) ? t : NULL;
}

/* Remembers the entry just appended and its leaf (NULL: not made, so the
 * tile is read back when complete). */
static void
tail_note(struct store *st, const struct core_audit_entry *e, const char *hash, const unsigned char *leaf)
{
	struct store_audit_tail *t = store_audit_tail(st);

	if (!t)
		return;
	if (!leaf || !t->known || t->seq + 1 != e->seq)
		t->from = leaf ? e->seq - 1 : e->seq;   /* none held before it */
	if (leaf)
		memcpy(t->leaves[(e->seq - 1) % TREE_TILE], leaf, CORE_MERKLE_HASH);
	t->known = !sqlite3_get_autocommit(store_db(st));
	t->seq = e->seq;
	snprintf(t->hash, sizeof(t->hash), "%s", hash);
}

/* The leaves of the tile ending at entry size, as appended here, into h:
 * false when this connection did not append all of them in a row. */
static bool
tail_tile(struct store *st, long long size, core_merkle_hash *h)
{
	struct store_audit_tail *t = tail_known(st);

	if (!t || t->seq != size || t->from > size - TREE_TILE)
		return false;
	memcpy(h, t->leaves, sizeof(t->leaves));
	return true;
}

/* Stores the complete subtrees that the tree of size entries has and the
 * tree of size - 1 had not: none unless size is a multiple of a tile. */
static enum core_status
extend_tree(struct store *st, long long size, struct core_error *err)
{
	struct tree_read t = { .st = st, .err = err };
	core_merkle_hash h, left, right;
	int level;

	core_merkle_hash tile[TREE_TILE];

	if (size % TREE_TILE)
		return CORE_OK;
	if (tail_tile(st, size, tile)) {
		fold(tile, TREE_TILE);
		memcpy(h, tile[0], CORE_MERKLE_HASH);
	} else if (subtree(&t, TREE_LEVEL - 1, 2 * (size / TREE_TILE - 1), left) ||
		   subtree(&t, TREE_LEVEL - 1, 2 * (size / TREE_TILE - 1) + 1, right)) {
		return t.rc;
	} else {
		core_merkle_node(left, right, h);
	}
	if (put_node(st, TREE_LEVEL, size / TREE_TILE - 1, h, err))
		return err ? err->status : CORE_STORE;
	for (level = TREE_LEVEL + 1; level <= TREE_TOP && size % (1LL << level) == 0; level++) {
		long long index = (size >> level) - 1;

		if (subtree(&t, level - 1, 2 * index, left) ||
		    subtree(&t, level - 1, 2 * index + 1, right))
			return t.rc;
		core_merkle_node(left, right, h);
		if (put_node(st, level, index, h, err))
			return err ? err->status : CORE_STORE;
	}
	return CORE_OK;
}

enum core_status
store_audit_tree_build(struct store *st, struct core_error *err)
{
	long long n, size;
	enum core_status rc = store_audit_size(st, &n, err);

	for (size = TREE_TILE; !rc && size <= n; size += TREE_TILE)
		rc = extend_tree(st, size, err);
	return rc;
}

#define INSERT_ENTRY(account) \
	"INSERT INTO audit(seq, at, actor, action, object, before, after, hash, account_id)" \
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " account ")"
#define ACCOUNTS_PATH "/providers/Microsoft.Billing/billingAccounts/"

/* The row of the billing account named by the len bytes at name (an
 * object's path), into *id (0: none yet). Within a transaction the last
 * one found is remembered in the tail: a pull appends thousands of entries
 * under the same account, and the lookup was a sixth of each append. An
 * account's row never changes once made (nothing deletes one; an upsert
 * keeps its ID), and store_begin forgets it, as another process may have
 * made one between transactions. */
static enum core_status
account_named(struct store *st, const char *name, size_t len, long long *id, struct core_error *err)
{
	struct store_audit_tail *t = sqlite3_get_autocommit(store_db(st)) ? NULL : store_audit_tail(st);
	sqlite3_stmt *s;
	enum core_status rc;

	if (t && t->account_id && strlen(t->account) == len && memcmp(t->account, name, len) == 0) {
		*id = t->account_id;
		return CORE_OK;
	}
	if (!(s = store_stmt(st, "SELECT id FROM billing_account WHERE name = ?1", err)))
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, name, (int)len, SQLITE_STATIC);
	rc = store_fetch_one(st, s, store_read_int64, id, "billing account", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		*id = 0;
		return CORE_OK;
	}
	if (!rc && t && len < sizeof(t->account)) {
		memcpy(t->account, name, len);
		t->account[len] = '\0';
		t->account_id = *id;
	}
	return rc;
}

/* The statement that inserts an entry of object (?1 to ?8 left to bind),
 * its account bound when object is an account's path (the first case of
 * STORE_AUDIT_ACCOUNT_OF, found by account_named); the other cases are
 * left to the SQL. */
static sqlite3_stmt *
entry_insert(struct store *st, const char *object, struct core_error *err)
{
	size_t n = strlen(ACCOUNTS_PATH);
	bool named = strncmp(object, ACCOUNTS_PATH, n) == 0;
	long long account = 0;
	sqlite3_stmt *s;

	if (named && account_named(st, object + n, strcspn(object + n, "/"), &account, err))
		return NULL;
	s = store_stmt(st, named ? INSERT_ENTRY("?9") : INSERT_ENTRY(STORE_AUDIT_ACCOUNT_OF("?5")), err);
	if (s && account)
		sqlite3_bind_int64(s, 9, account);
	return s;
}

enum core_status
store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		   const char *object, const char *before, const char *after,
		   struct core_error *err)
{
	struct store_audit_head head;
	struct store_audit_tail *t = tail_known(st);
	struct core_audit_entry e;
	char hash[CORE_AUDIT_HASH_LEN + 1];
	unsigned char leaf[CORE_MERKLE_HASH];
	bool leaf_made = false;
	sqlite3_stmt *s;
	enum core_status rc = CORE_OK;

	if (t) {
		head.seq = t->seq;
		memcpy(head.hash, t->hash, sizeof(t->hash));
	} else if ((rc = store_audit_head(st, &head, err))) {
		return rc;
	}
	e = (struct core_audit_entry){ .seq = head.seq + 1, .at = at, .actor = actor,
		.action = action, .object = object, .before = before, .after = after,
		.prev_hash = head.hash };
	if (store_hasher(st) && core_audit_hasher_entry(store_hasher(st), &e, hash, leaf))
		leaf_made = true;
	else
		core_audit_hash(&e, hash);
	if (!(s = entry_insert(st, object, err)))
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, e.seq);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, object, -1, SQLITE_STATIC);
	if (before)
		sqlite3_bind_text(s, 6, before, -1, SQLITE_STATIC);
	if (after)
		sqlite3_bind_text(s, 7, after, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, err, "write the audit entry")))
		return rc;
	tail_note(st, &e, hash, leaf_made ? leaf : NULL);
	return extend_tree(st, e.seq, err);
}

/* ---- verify ---- */

/* The tree as verify rebuilds it from the entries: the pending complete
 * subtrees of the leaves read so far, one per set bit of their count. */
struct rebuild {
	core_merkle_hash pending[TREE_TOP + 2];
	long long leaves;
};

/* The root of the leaves read so far (RFC 9162 MTH): the pending subtrees
 * folded from the smallest up. */
static void
rebuild_root(const struct rebuild *b, core_merkle_hash out)
{
	bool any = false;
	int level;

	for (level = 0; level <= TREE_TOP; level++) {
		if (!(b->leaves & (1LL << level)))
			continue;
		if (any)
			core_merkle_node(b->pending[level], out, out);
		else
			memcpy(out, b->pending[level], CORE_MERKLE_HASH);
		any = true;
	}
	if (!any)
		core_merkle_empty(out);
}

struct verify_run {
	struct store *st;
	struct core_audit_hasher *hasher;
	const struct store_audit_verify_opts *opts;
	struct store_audit_verdict *v;
	struct rebuild tree;
	char prev[CORE_AUDIT_HASH_LEN + 1];
	struct core_error *err;
};

static void
bad(struct verify_run *r, long long seq, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
bad(struct verify_run *r, long long seq, const char *fmt, ...)
{
	va_list ap;

	r->v->first_bad = seq;
	va_start(ap, fmt);
	vsnprintf(r->v->problem, sizeof(r->v->problem), fmt, ap);
	va_end(ap);
}

/* Compares a rebuilt complete subtree with the stored one. */
static bool
check_node(struct verify_run *r, int level, long long index, const core_merkle_hash h)
{
	core_merkle_hash stored;
	enum core_status rc = stored_node(r->st, level, index, stored, r->err);
	long long first = (index << level) + 1, last = (index + 1) << level;

	if (rc == CORE_NOT_FOUND)
		bad(r, first, "The audit tree lacks the hash of entries %lld to %lld: its stored hashes were removed.",
		    first, last);
	else if (rc)
		return false;
	else if (memcmp(stored, h, CORE_MERKLE_HASH) != 0)
		bad(r, first, "The audit tree's stored hash of entries %lld to %lld does not match them: the tree's hashes were replaced.",
		    first, last);
	return r->v->first_bad == 0;
}

/* Adds one leaf to the rebuilt tree, checking each stored subtree it
 * completes. */
static bool
add_leaf(struct verify_run *r, const core_merkle_hash leaf)
{
	core_merkle_hash h;
	long long n = ++r->tree.leaves;
	int level = 0;

	memcpy(h, leaf, CORE_MERKLE_HASH);
	while (level <= TREE_TOP && ((n - 1) >> level) & 1) {
		core_audit_hasher_node(r->hasher, r->tree.pending[level], h, h);
		level++;
		if (level >= TREE_LEVEL && !check_node(r, level, (n >> level) - 1, h))
			return false;
	}
	memcpy(r->tree.pending[level], h, CORE_MERKLE_HASH);
	return true;
}

/* Checks the row s against the expected sequence number and the previous
 * hash; fills the verdict and returns false at the first fault. */
static bool
verify_row(struct verify_run *r, sqlite3_stmt *s)
{
	char hash[CORE_AUDIT_HASH_LEN + 1];
	core_merkle_hash leaf;
	struct core_audit_entry e = read_entry(s, r->prev);
	long long want = r->v->entries + 1;
	const char *stored = text(s, STORE_AUDIT_C_HASH);

	if (e.seq != want) {
		bad(r, e.seq, "Audit entry %lld is missing: the trail goes from entry %lld to entry %lld.",
		    want, want - 1, e.seq);
		return false;
	}
	if (!core_audit_hasher_entry(r->hasher, &e, hash, leaf)) {
		bad(r, e.seq, "Audit entry %lld is too large to check.", e.seq);
		return false;
	}
	if (!stored || (size_t)sqlite3_column_bytes(s, STORE_AUDIT_C_HASH) != CORE_AUDIT_HASH_LEN ||
	    memcmp(stored, hash, CORE_AUDIT_HASH_LEN) != 0) {
		bad(r, e.seq, "Audit entry %lld does not match its hash: it, or the entry before it, was edited, moved or removed.",
		    e.seq);
		return false;
	}
	if (!add_leaf(r, leaf))
		return false;
	memcpy(r->prev, hash, sizeof(hash));
	r->v->entries++;
	if (r->opts->expect && strcmp(hash, r->opts->expect) == 0)
		r->v->expect_found = true;
	if (r->opts->size == r->v->entries) {
		rebuild_root(&r->tree, r->v->root);
		r->v->root_known = true;
	}
	return true;
}

/* How many complete subtrees at TREE_LEVEL and above a tree of n leaves
 * has: what audit_tree must hold, no more. */
static long long
stored_nodes(long long n)
{
	long long k = 0;
	int level;

	for (level = TREE_LEVEL; level <= TREE_TOP; level++)
		k += n >> level;
	return k;
}

/* After the last entry: the tree holds nothing past the end. */
static enum core_status
check_tree_end(struct verify_run *r)
{
	sqlite3_stmt *s = store_stmt(r->st, "SELECT count(*) FROM audit_tree", r->err);
	long long held = 0;
	enum core_status rc;

	if (!s)
		return r->err ? r->err->status : CORE_STORE;
	if ((rc = store_fetch_one(r->st, s, store_read_int64, &held, "count", r->err)))
		return rc;
	if (held > stored_nodes(r->v->entries))
		bad(r, r->v->entries + 1,
		    "The audit tree holds hashes of entries past the trail's last entry %lld: entries were cut off its end.",
		    r->v->entries);
	return CORE_OK;
}

#define VERIFY_PROGRESS_EVERY 65536

static enum core_status
verify_walk(struct verify_run *r, long long total)
{
	sqlite3_stmt *s = store_stmt(r->st, "SELECT " STORE_AUDIT_COLUMNS " FROM audit ORDER BY seq", r->err);
	int rc;

	if (!s)
		return r->err ? r->err->status : CORE_STORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!verify_row(r, s))
			break;
		if (r->opts->progress && r->v->entries % VERIFY_PROGRESS_EVERY == 0 &&
		    r->opts->progress(r->opts->ctx, r->v->entries, total)) {
			r->v->stopped = true;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(r->st, r->err, "read the audit trail");
	return CORE_OK;
}

enum core_status
store_audit_verify(struct store *st, const struct store_audit_verify_opts *opts,
		   struct store_audit_verdict *v, struct core_error *err)
{
	static const struct store_audit_verify_opts none;
	struct verify_run r = { .st = st, .opts = opts ? opts : &none, .v = v, .err = err,
				.prev = CORE_AUDIT_GENESIS };
	long long total;
	enum core_status rc;

	memset(v, 0, sizeof(*v));
	if ((rc = store_audit_size(st, &total, err)))
		return rc;
	if (r.opts->expect && strcmp(r.opts->expect, CORE_AUDIT_GENESIS) == 0)
		v->expect_found = true;
	if (r.opts->size == 0) {
		rebuild_root(&r.tree, v->root);
		v->root_known = true;
	}
	if (!(r.hasher = core_audit_hasher_new()))
		return core_error_set(err, CORE_STORE, "Out of memory verifying the audit trail.");
	rc = verify_walk(&r, total);
	core_audit_hasher_free(r.hasher);
	if (rc)
		return rc;
	if (!v->first_bad && !v->stopped && (rc = check_tree_end(&r)))
		return rc;
	if (r.opts->progress && !v->stopped)
		r.opts->progress(r.opts->ctx, v->entries, total);
	if (!v->first_bad && !v->stopped && r.opts->expect && !v->expect_found)
		snprintf(v->problem, sizeof(v->problem),
			 "The audit trail does not hold the expected entry %.16s…: entries were cut off its end, or the chain was rewritten.",
			 r.opts->expect);
	return CORE_OK;
}

/* ---- proofs ---- */

enum core_status
store_audit_root(struct store *st, long long size, core_merkle_hash root, struct core_error *err)
{
	struct tree_read t = { .st = st, .err = err };

	if (core_merkle_root(subtree, &t, size, root))
		return t.rc ? t.rc : core_error_set(err, CORE_STORE, "The audit tree could not be read.");
	return CORE_OK;
}

/* CORE_NOT_FOUND unless 0 < first <= size <= the trail's length. */
static enum core_status
check_sizes(struct store *st, long long first, long long size, const char *what,
	    struct core_error *err)
{
	long long n;
	enum core_status rc = store_audit_size(st, &n, err);

	if (rc)
		return rc;
	if (first < 1 || first > size || size > n)
		return core_error_set(err, CORE_NOT_FOUND,
			"There is no %s %lld in a trail of %lld entries.", what, first, n);
	return CORE_OK;
}

enum core_status
store_audit_inclusion(struct store *st, long long seq, long long size,
		      core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n, struct core_error *err)
{
	struct tree_read t = { .st = st, .err = err };
	enum core_status rc = check_sizes(st, seq, size, "entry", err);

	if (rc)
		return rc;
	if (core_merkle_inclusion(subtree, &t, seq - 1, size, proof, n))
		return t.rc ? t.rc : core_error_set(err, CORE_STORE, "The audit tree could not be read.");
	return CORE_OK;
}

enum core_status
store_audit_consistency(struct store *st, long long old, long long size,
			core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n, struct core_error *err)
{
	struct tree_read t = { .st = st, .err = err };
	enum core_status rc = check_sizes(st, old, size, "tree size", err);

	if (rc)
		return rc;
	if (core_merkle_consistency(subtree, &t, old, size, proof, n))
		return t.rc ? t.rc : core_error_set(err, CORE_STORE, "The audit tree could not be read.");
	return CORE_OK;
}

enum core_status
store_audit_leaf(struct store *st, long long seq, core_merkle_hash out, struct core_error *err)
{
	return read_leaves(st, seq - 1, 1, (core_merkle_hash *)out, err);
}

enum core_status
store_audit_origin(struct store *st, char *out, size_t size, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE key = 'audit_origin'", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	out[0] = '\0';
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_column_copy(s, 0, out, size);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc == SQLITE_DONE)
		return core_error_set(err, CORE_NOT_FOUND, "The store has no checkpoint origin.");
	return store_fail(st, err, "read the checkpoint origin");
}
