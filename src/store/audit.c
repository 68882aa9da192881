#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/store_audit.h"
#include "billcon/store_internal.h"

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
	s = store_stmt(st, "INSERT INTO audit(seq, at, actor, action, object, before, after, prev_hash, hash)"
			   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
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
	sqlite3_bind_text(s, 8, head.hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, hash, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "write the audit entry");
}

static const char *
text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* The entry in row s, each field with its byte count: a NUL byte written
 * into a field with the sqlite3 shell must not hide what follows it. */
static struct core_audit_entry
read_entry(sqlite3_stmt *s)
{
	static const int column[CORE_AUDIT_FIELDS] = {
		[CORE_AUDIT_PREV_HASH] = 7, [CORE_AUDIT_AT] = 1, [CORE_AUDIT_ACTOR] = 2,
		[CORE_AUDIT_ACTION] = 3, [CORE_AUDIT_OBJECT] = 4, [CORE_AUDIT_BEFORE] = 5,
		[CORE_AUDIT_AFTER] = 6,
	};
	struct core_audit_entry e = {
		.seq = sqlite3_column_int64(s, 0), .at = text(s, 1), .actor = text(s, 2),
		.action = text(s, 3), .object = text(s, 4), .before = text(s, 5),
		.after = text(s, 6), .prev_hash = text(s, 7), .counted = true,
	};
	int f;

	/* Text first, then its length: sqlite3_column_bytes counts the text
	 * form the pointers above hold. */
	for (f = 0; f < CORE_AUDIT_FIELDS; f++)
		e.len[f] = (size_t)sqlite3_column_bytes(s, column[f]);
	return e;
}

/* True when column i holds exactly the hash h, byte for byte. */
static bool
same_hash(sqlite3_stmt *s, int i, const char *h)
{
	const char *t = text(s, i);

	return t && (size_t)sqlite3_column_bytes(s, i) == strlen(h) && memcmp(t, h, strlen(h)) == 0;
}

/* Checks the row s against the expected sequence number and previous hash;
 * fills v and returns false at the first fault. */
static bool
verify_row(sqlite3_stmt *s, long long want_seq, const char *prev, struct store_audit_verdict *v)
{
	char hash[CORE_AUDIT_HASH_LEN + 1];
	struct core_audit_entry e = read_entry(s);

	core_audit_hash(&e, hash);
	if (e.seq != want_seq) {
		v->first_bad = e.seq;
		snprintf(v->problem, sizeof(v->problem),
			 "Audit entry %lld is missing: the trail goes from entry %lld to entry %lld.",
			 want_seq, want_seq - 1, e.seq);
	} else if (!same_hash(s, 8, hash)) {
		v->first_bad = e.seq;
		snprintf(v->problem, sizeof(v->problem),
			 "Audit entry %lld does not match its hash: it was edited or moved.", e.seq);
	} else if (!same_hash(s, 7, prev)) {
		v->first_bad = e.seq;
		snprintf(v->problem, sizeof(v->problem),
			 "Audit entry %lld does not follow the entry before it: an entry was removed, edited or moved.",
			 e.seq);
	}
	return v->first_bad == 0;
}

enum core_status
store_audit_verify(struct store *st, const char *expect, struct store_audit_verdict *v,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT seq, at, actor, action, object, before, after, prev_hash, hash"
		" FROM audit ORDER BY seq", err);
	char prev[CORE_AUDIT_HASH_LEN + 1] = CORE_AUDIT_GENESIS;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!s)
		return err ? err->status : CORE_STORE;
	if (expect && strcmp(expect, CORE_AUDIT_GENESIS) == 0)
		v->expect_found = true;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!verify_row(s, v->entries + 1, prev, v))
			break;
		v->entries++;
		store_column_copy(s, 8, prev, sizeof(prev));
		if (expect && strcmp(prev, expect) == 0)
			v->expect_found = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "read the audit trail");
	if (!v->first_bad && expect && !v->expect_found)
		snprintf(v->problem, sizeof(v->problem),
			 "The audit trail does not hold the expected entry %.16s…: entries were cut off its end, or the chain was rewritten.",
			 expect);
	return CORE_OK;
}

static void
read_audit_row(sqlite3_stmt *s, void *row)
{
	struct store_audit_row *r = row;

	r->seq = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, r->at, sizeof(r->at));
	store_column_copy(s, 2, r->actor, sizeof(r->actor));
	store_column_copy(s, 3, r->action, sizeof(r->action));
	store_column_copy(s, 4, r->object, sizeof(r->object));
	store_column_copy(s, 5, r->before, sizeof(r->before));
	store_column_copy(s, 6, r->after, sizeof(r->after));
	store_column_copy(s, 7, r->hash, sizeof(r->hash));
}

static const struct store_list_sort audit_sorts[] = { { { NULL } } };

static const struct store_list_spec audit_object_list = {
	.select = "a.seq, a.at, a.actor, a.action, a.object, a.before, a.after, a.hash",
	.table = "audit a",
	.id = "a.seq",
	.joins = "",
	.where = "a.object = :key",
	.sorts = audit_sorts,
	.nsorts = 1,
	.row_size = sizeof(struct store_audit_row),
	.read_row = read_audit_row,
};

const struct store_list_spec *
store_audit_object_list(void)
{
	return &audit_object_list;
}
