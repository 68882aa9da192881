#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_auditq.h"
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

/* The columns every reader of whole entries selects, in this order. */
#define ENTRY_COLUMNS "seq, at, actor, action, object, before, after, hash"
enum { C_SEQ, C_AT, C_ACTOR, C_ACTION, C_OBJECT, C_BEFORE, C_AFTER, C_HASH };

/* The entry in row s (ENTRY_COLUMNS), each field with its byte count: a
 * NUL byte written into a field with the sqlite3 shell must not hide what
 * follows it. prev_hash is the caller's. */
static struct core_audit_entry
read_entry(sqlite3_stmt *s, const char *prev_hash)
{
	static const int column[CORE_AUDIT_FIELDS] = {
		[CORE_AUDIT_AT] = C_AT, [CORE_AUDIT_ACTOR] = C_ACTOR,
		[CORE_AUDIT_ACTION] = C_ACTION, [CORE_AUDIT_OBJECT] = C_OBJECT,
		[CORE_AUDIT_BEFORE] = C_BEFORE, [CORE_AUDIT_AFTER] = C_AFTER,
	};
	struct core_audit_entry e = {
		.seq = sqlite3_column_int64(s, C_SEQ), .at = text(s, C_AT), .actor = text(s, C_ACTOR),
		.action = text(s, C_ACTION), .object = text(s, C_OBJECT), .before = text(s, C_BEFORE),
		.after = text(s, C_AFTER), .prev_hash = prev_hash, .counted = true,
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
	sqlite3_stmt *s = store_stmt(st, "SELECT " ENTRY_COLUMNS " FROM audit"
				     " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq", err);
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
		core_audit_leaf(&e, out[got++]);
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

/* Stores the complete subtrees that the tree of size entries has and the
 * tree of size - 1 had not: none unless size is a multiple of a tile. */
static enum core_status
extend_tree(struct store *st, long long size, struct core_error *err)
{
	struct tree_read t = { .st = st, .err = err };
	core_merkle_hash h, left, right;
	int level;

	if (size % TREE_TILE)
		return CORE_OK;
	if (subtree(&t, TREE_LEVEL - 1, 2 * (size / TREE_TILE - 1), left) ||
	    subtree(&t, TREE_LEVEL - 1, 2 * (size / TREE_TILE - 1) + 1, right))
		return t.rc;
	core_merkle_node(left, right, h);
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

enum core_status
store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		   const char *object, const char *before, const char *after,
		   struct core_error *err)
{
	struct store_audit_head head;
	struct core_audit_entry e;
	char hash[CORE_AUDIT_HASH_LEN + 1];
	sqlite3_stmt *s;
	enum core_status rc = store_audit_head(st, &head, err);

	if (rc)
		return rc;
	e = (struct core_audit_entry){ .seq = head.seq + 1, .at = at, .actor = actor,
		.action = action, .object = object, .before = before, .after = after,
		.prev_hash = head.hash };
	core_audit_hash(&e, hash);
	s = store_stmt(st, "INSERT INTO audit(seq, at, actor, action, object, before, after, hash, account_id)"
			   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " STORE_AUDIT_ACCOUNT_OF("?5") ")", err);
	if (!s)
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
	const char *stored = text(s, C_HASH);

	if (e.seq != want) {
		bad(r, e.seq, "Audit entry %lld is missing: the trail goes from entry %lld to entry %lld.",
		    want, want - 1, e.seq);
		return false;
	}
	if (!core_audit_hasher_entry(r->hasher, &e, hash, leaf)) {
		bad(r, e.seq, "Audit entry %lld is too large to check.", e.seq);
		return false;
	}
	if (!stored || (size_t)sqlite3_column_bytes(s, C_HASH) != CORE_AUDIT_HASH_LEN ||
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
	sqlite3_stmt *s = store_stmt(r->st, "SELECT " ENTRY_COLUMNS " FROM audit ORDER BY seq", r->err);
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

/* ---- lists ---- */

static void
read_audit_row(sqlite3_stmt *s, void *row)
{
	struct store_audit_row *r = row;

	r->seq = sqlite3_column_int64(s, C_SEQ);
	store_column_copy(s, C_AT, r->at, sizeof(r->at));
	store_column_copy(s, C_ACTOR, r->actor, sizeof(r->actor));
	store_column_copy(s, C_ACTION, r->action, sizeof(r->action));
	store_column_copy(s, C_OBJECT, r->object, sizeof(r->object));
	store_column_copy(s, C_BEFORE, r->before, sizeof(r->before));
	store_column_copy(s, C_AFTER, r->after, sizeof(r->after));
	store_column_copy(s, C_HASH, r->hash, sizeof(r->hash));
}

enum core_status
store_audit_entry(struct store *st, long long seq, struct store_audit_row *row,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ENTRY_COLUMNS " FROM audit WHERE seq = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, seq);
	return store_fetch_one(st, s, read_audit_row, row, "audit entry", err);
}

/* A byte the index keeps inside a word (its tokenizer: unicode61 with
 * tokenchars '._@-'; any non-ASCII byte is taken as part of a letter). */
static bool
word_byte(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-' || c >= 0x80;
}

/* The fields of an entry a term may name, as the index and the row check
 * number them; the last holds before and after. */
static const char *const term_columns[] = { "actor", "action", "object", "text" };

/* The terms being built: the index's query and the row check's lines. */
struct terms {
	struct store_sql match, check;
};

/* Each word of text (as the index splits it) as a term of column (-1:
 * any), a prefix when prefix is set, all joined by AND; and the same as
 * lines of the row check, "<column or *><p or e><word>". The index keeps
 * no positions, so a phrase is its words in any order. */
static void
match_words(struct terms *t, int column, const char *text, bool prefix)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		size_t n = 0;

		while (*p && !word_byte(*p))
			p++;
		while (word_byte(p[n]))
			n++;
		if (!n)
			break;
		store_sql_add(&t->match, "%s%s%s\"%.*s\"%s", t->match.len ? " AND " : "",
			      column >= 0 ? term_columns[column] : "", column >= 0 ? " : " : "",
			      (int)n, (const char *)p, prefix ? "*" : "");
		store_sql_add(&t->check, "%c%c%.*s\n", column >= 0 ? '0' + column : '*',
			      prefix ? 'p' : 'e', (int)n, (const char *)p);
		p += n;
	}
}

/* True when a word of the n bytes at s is word (a prefix of it when
 * prefix is set), letters compared without case as the index folds them. */
static bool
has_word(const unsigned char *s, size_t n, const char *word, size_t wlen, bool prefix)
{
	size_t i = 0;

	while (i < n) {
		size_t start, len;

		while (i < n && !word_byte(s[i]))
			i++;
		start = i;
		while (i < n && word_byte(s[i]))
			i++;
		len = i - start;
		if (len >= wlen && (prefix || len == wlen) &&
		    strncasecmp((const char *)s + start, word, wlen) == 0)
			return true;
	}
	return false;
}

/* True when field col (arguments col, or before and after for the text
 * field) of the row holds the word. */
static bool
field_has(sqlite3_value **argv, int col, const char *word, size_t wlen, bool prefix)
{
	int arg, last = col == 3 ? 4 : col;

	for (arg = col; arg <= last; arg++) {
		const unsigned char *v = sqlite3_value_text(argv[arg]);

		if (v && has_word(v, (size_t)sqlite3_value_bytes(argv[arg]), word, wlen, prefix))
			return true;
	}
	return false;
}

/* billcon_words(actor, action, object, before, after, check): 1 when the
 * entry holds every term of check (lines of match_words), as the word index
 * would find it; the walk of a log's order tests rows with it. */
static void
words_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *check = (const char *)sqlite3_value_text(argv[5]);
	int ok = 1;

	(void)argc;
	while (ok && check && *check) {
		size_t len = strcspn(check, "\n");
		int col, first = check[0] == '*' ? 0 : check[0] - '0';
		int last = check[0] == '*' ? 3 : first;

		ok = 0;
		for (col = first; col <= last && col >= 0 && col <= 3 && !ok && len > 2; col++)
			ok = field_has(argv, col, check + 2, len - 2, check[1] == 'p');
		check += len + (check[len] == '\n');
	}
	sqlite3_result_int(ctx, ok);
}

void
store_audit_functions(sqlite3 *db)
{
	sqlite3_create_function(db, "billcon_words", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				words_fn, NULL, NULL);
}

/* The first entry at or after since, and the last before until: the ID
 * bounds of a time range, read from the time index in one step each, as
 * entries' times never run backwards against their order (app_run_write
 * holds each change's time at or after the last entry's). The time
 * column checks each row as well. */
static enum core_status
time_bounds(struct store *st, struct store_list_terms *t, struct core_error *err)
{
	sqlite3_stmt *s;
	long long seq;
	enum core_status rc;

	if (*t->since) {
		if (!(s = store_stmt(st, "SELECT coalesce((SELECT seq FROM audit WHERE at >= ?1 ORDER BY at, seq LIMIT 1), 9223372036854775807)", err)))
			return err ? err->status : CORE_STORE;
		sqlite3_bind_text(s, 1, t->since, -1, SQLITE_STATIC);
		if ((rc = store_fetch_one(st, s, store_read_int64, &seq, "entry", err)))
			return rc;
		t->lo = seq;
	}
	if (*t->until) {
		if (!(s = store_stmt(st, "SELECT coalesce((SELECT seq FROM audit WHERE at < ?1 ORDER BY at DESC, seq DESC LIMIT 1), 0)", err)))
			return err ? err->status : CORE_STORE;
		sqlite3_bind_text(s, 1, t->until, -1, SQLITE_STATIC);
		if ((rc = store_fetch_one(st, s, store_read_int64, &seq, "entry", err)))
			return rc;
		t->hi = seq;
	}
	return CORE_OK;
}

static enum core_status
audit_terms(struct store *st, const struct store_list_query *q, struct store_list_terms *t,
	    struct core_error *err)
{
	struct core_auditq aq;
	struct terms m = { { 0 }, { 0 } };
	enum core_status rc = core_auditq_parse(q->filter, &aq, err);
	int i;

	if (rc)
		return rc;
	for (i = 0; i < aq.nwords; i++)
		match_words(&m, -1, aq.words[i], true);
	match_words(&m, 0, aq.actor, true);
	match_words(&m, 1, aq.action, true);
	match_words(&m, 2, aq.object, true);
	/* An object's history: its exact words narrow, the where clause
	 * keeps only the object itself. */
	if (q->key)
		match_words(&m, 2, q->key, false);
	if (m.match.failed || m.check.failed) {
		free(m.match.text);
		free(m.check.text);
		return core_error_set(err, CORE_STORE, "Out of memory reading a list.");
	}
	t->match = m.match.text;
	t->check = m.check.text;
	snprintf(t->since, sizeof(t->since), "%s", aq.since);
	snprintf(t->until, sizeof(t->until), "%s", aq.until);
	return time_bounds(st, t, err);
}

static const struct store_list_sort audit_sorts[] = { { { NULL } } };

#define AUDIT_LIST(where_) { \
	.select = "a.seq, a.at, a.actor, a.action, a.object, a.before, a.after, a.hash", \
	.table = "audit a", .id = "a.seq", .joins = "", .where = where_, \
	.sorts = audit_sorts, .nsorts = 1, .fts = "audit_fts", .terms = audit_terms, \
	.time = "a.at", \
	.check = "billcon_words(a.actor, a.action, a.object, a.before, a.after, :check)", \
	.row_size = sizeof(struct store_audit_row), .read_row = read_audit_row, }

static const struct store_list_spec audit_account_list = AUDIT_LIST("a.account_id = :scope");
static const struct store_list_spec audit_all_list = AUDIT_LIST("1");
static const struct store_list_spec audit_object_list = AUDIT_LIST("a.object = :key");

const struct store_list_spec *
store_audit_list(bool all_accounts)
{
	return all_accounts ? &audit_all_list : &audit_account_list;
}

const struct store_list_spec *
store_audit_object_list(void)
{
	return &audit_object_list;
}

enum core_status
store_audit_seq_at(struct store *st, const char *t, long long *seq, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce((SELECT seq FROM audit WHERE at <= ?1 ORDER BY at DESC, seq DESC LIMIT 1), 0)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, store_read_int64, seq, "entry", err);
}
