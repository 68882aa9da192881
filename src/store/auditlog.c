/* store_auditlog: the audit trail read as lists (store_auditlog.h): the
 * entry reader, the list specs on store/list.c, and the filter's terms,
 * for the word index and for the row check (billcon_words) that reads
 * words as the index does. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_auditq.h"
#include "billcon/store_auditlog.h"
#include "billcon/core_buf.h"
#include "billcon/store_internal.h"

static void
read_audit_row(sqlite3_stmt *s, void *row)
{
	struct store_audit_row *r = row;

	r->seq = sqlite3_column_int64(s, STORE_AUDIT_C_SEQ);
	store_column_copy(s, STORE_AUDIT_C_AT, r->at, sizeof(r->at));
	store_column_copy(s, STORE_AUDIT_C_ACTOR, r->actor, sizeof(r->actor));
	store_column_copy(s, STORE_AUDIT_C_ACTION, r->action, sizeof(r->action));
	store_column_copy(s, STORE_AUDIT_C_OBJECT, r->object, sizeof(r->object));
	store_column_copy(s, STORE_AUDIT_C_BEFORE, r->before, sizeof(r->before));
	store_column_copy(s, STORE_AUDIT_C_AFTER, r->after, sizeof(r->after));
	store_column_copy(s, STORE_AUDIT_C_HASH, r->hash, sizeof(r->hash));
}

enum core_status
store_audit_entry(struct store *st, long long seq, struct store_audit_row *row,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " STORE_AUDIT_COLUMNS " FROM audit WHERE seq = ?1", err);

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
	struct core_buf match, check;
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
		core_buf_printf(&t->match, "%s%s%s\"%.*s\"%s", t->match.len ? " AND " : "",
			      column >= 0 ? term_columns[column] : "", column >= 0 ? " : " : "",
			      (int)n, (const char *)p, prefix ? "*" : "");
		core_buf_printf(&t->check, "%c%c%.*s\n", column >= 0 ? '0' + column : '*',
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
		free(m.match.p);
		free(m.check.p);
		return core_error_set(err, CORE_STORE, "Out of memory reading a list.");
	}
	t->match = m.match.p;
	t->check = m.check.p;
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
