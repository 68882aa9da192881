#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/core_buf.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"
#include "billcon/store_db.h"
#include "billcon/store_internal.h"
#include "billcon/store_request.h"
#include "billcon/store_schema.h"
#include "billcon/store_tenant.h"
#include "fixture.h"

static char dir[64];
static char path[128];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/billcon-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.db", dir);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct store *
open_new(void)
{
	struct store *st;
	struct core_error err;

	ck_assert_msg(store_open(path, STORE_OPEN_CREATE, &st, &err) == CORE_OK, "%s", err.message);
	return st;
}

/* Appends n entries with distinct contents, each in its own transaction. */
static void
append(struct store *st, int n)
{
	struct core_error err;
	char object[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(object, sizeof(object), "object-%d", i);
		ck_assert_int_eq(store_begin(st, &err), CORE_OK);
		ck_assert_int_eq(store_audit_append(st, "2026-01-01T00:00:00Z", "ada@contoso.com",
						    "tenant.add", object, NULL, "{\"x\":1}", &err), CORE_OK);
		ck_assert_int_eq(store_commit(st, &err), CORE_OK);
	}
}

static struct store_audit_verdict
verify(const char *expect)
{
	struct store *st;
	struct store_audit_verdict v;
	struct core_error err;

	ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_OK);
	ck_assert_int_eq(store_audit_verify(st, &(struct store_audit_verify_opts){ .expect = expect }, &v, &err), CORE_OK);
	store_close(st);
	return v;
}

START_TEST(open_missing_is_not_found)
{
	struct store *st;
	struct core_error err;

	ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_NOT_FOUND);
	ck_assert_ptr_null(st);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_ptr_nonnull(strstr(err.message, "demo init"));
}
END_TEST

START_TEST(create_migrates_to_current_version)
{
	struct store *st = open_new();

	store_close(st);
	ck_assert_int_eq(fixture_count(path, "PRAGMA user_version"), store_schema_version());
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'"), 1);
	/* Opening again runs nothing and keeps the version. */
	st = open_new();
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "PRAGMA user_version"), store_schema_version());
}
END_TEST

START_TEST(newer_schema_is_refused)
{
	struct store *st = open_new();
	struct core_error err;

	store_close(st);
	ck_assert_int_eq(fixture_exec(path, "PRAGMA user_version = 99"), SQLITE_OK);
	ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_STORE);
	ck_assert_ptr_nonnull(strstr(err.message, "newer"));
}
END_TEST

/* The file at path as it is, to see that a refused open wrote nothing. */
static char *
file_bytes(size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	*n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Opens path with flags, expecting a refusal whose message holds want and
 * no change to the file. */
static void
refused_unchanged(unsigned flags, const char *want)
{
	struct store *st;
	struct core_error err;
	size_t n0, n1;
	char *before = file_bytes(&n0), *after;

	core_error_clear(&err);
	ck_assert_int_eq(store_open(path, flags, &st, &err), CORE_STORE);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(err.message, want), "\"%s\" lacks \"%s\"", err.message, want);
	after = file_bytes(&n1);
	ck_assert_msg(n0 == n1 && memcmp(before, after, n0) == 0, "a refused open changed the file");
	free(before);
	free(after);
}

START_TEST(other_database_is_not_a_store)
{
	static const unsigned modes[] = { 0, STORE_OPEN_CREATE, STORE_OPEN_READ_ONLY,
					  STORE_OPEN_READ_ONLY | STORE_OPEN_UPGRADE };
	size_t i;

	ck_assert_int_eq(fixture_exec(path, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES('x')"),
			 SQLITE_OK);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		refused_unchanged(modes[i], "is not a billcon store");
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sqlite_master"), 1);
}
END_TEST

START_TEST(text_file_is_not_a_store)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs("This is a shopping list, not a database: eggs, milk, more eggs, bread, tea.\n", f);
	fclose(f);
	refused_unchanged(0, "is not a billcon store");
	refused_unchanged(STORE_OPEN_READ_ONLY, "is not a billcon store");
}
END_TEST

START_TEST(empty_file_is_made_a_store_only_when_creating)
{
	FILE *f = fopen(path, "w");
	struct store *st;
	struct core_error err;

	ck_assert_ptr_nonnull(f);
	fclose(f);
	refused_unchanged(0, "is not a billcon store");
	ck_assert_int_eq(store_open(path, STORE_OPEN_CREATE, &st, &err), CORE_OK);
	store_close(st);
}
END_TEST

START_TEST(schema_version_out_of_range_is_refused)
{
	static const char *const bad[] = { "PRAGMA user_version = -1", "PRAGMA user_version = -2147483648",
					   "PRAGMA user_version = 2147483647" };
	struct store *st = open_new();
	size_t i;

	store_close(st);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(fixture_exec(path, bad[i]), SQLITE_OK);
		refused_unchanged(0, "schema version");
		refused_unchanged(STORE_OPEN_READ_ONLY, "schema version");
	}
}
END_TEST

/* A store of schema 7 (entries kept their previous hash in prev_hash, no
 * tree) upgrades to the tree: its chain still verifies, a head saved before
 * the upgrade is still found by --expect, the tree is built over the
 * entries it had, and entries get their account. */
START_TEST(audit_upgrade_keeps_chain_and_saved_head)
{
	struct store *st;
	struct store_audit_head h;
	struct store_audit_verdict v;
	struct core_error err;
	char prev[CORE_AUDIT_HASH_LEN + 1] = CORE_AUDIT_GENESIS, hash[CORE_AUDIT_HASH_LEN + 1];
	char object[160];
	struct core_buf all = { 0 };
	int i;

	for (i = 0; i < 7; i++)
		ck_assert_int_eq(fixture_exec(path, store_schema_migration(i)), SQLITE_OK);
	ck_assert_int_eq(fixture_exec(path, "PRAGMA user_version = 7;"
		"INSERT INTO billing_account(id, name, display_name, agreement_type, account_type, primary_tenant_id)"
		" VALUES(1, 'acct', 'Contoso', 'MicrosoftCustomerAgreement', 'Enterprise', 'c0000000-0000-4000-8000-000000000001')"),
		SQLITE_OK);
	/* One transaction: 300 of them, each synced, outlast the test's
	 * timeout on a busy disk. */
	core_buf_str(&all, "BEGIN;");
	for (i = 1; i <= 300; i++) {
		struct core_audit_entry e = { .seq = i, .at = "2026-01-01T00:00:00Z", .actor = "ada@contoso.com",
					      .action = "tenant.add", .object = object, .after = "{\"x\":1}",
					      .prev_hash = prev };

		snprintf(object, sizeof(object),
			 "/providers/Microsoft.Billing/billingAccounts/acct/associatedTenants/t%d", i);
		core_audit_hash(&e, hash);
		core_buf_printf(&all, "INSERT INTO audit(seq, at, actor, action, object, before, after, prev_hash, hash)"
				" VALUES(%d, '%s', '%s', '%s', '%s', NULL, '%s', '%s', '%s');", i, e.at, e.actor,
				e.action, object, e.after, prev, hash);
		strcpy(prev, hash);
	}
	core_buf_str(&all, "COMMIT;");
	ck_assert(!all.failed);
	ck_assert_int_eq(fixture_exec(path, all.p), SQLITE_OK);
	core_buf_free(&all);
	ck_assert_msg(store_open(path, 0, &st, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(store_audit_head(st, &h, &err), CORE_OK);
	ck_assert_int_eq(h.seq, 300);
	ck_assert_str_eq(h.hash, prev);
	ck_assert_int_eq(store_audit_verify(st, &(struct store_audit_verify_opts){ .expect = prev }, &v, &err), CORE_OK);
	ck_assert_str_eq(v.problem, "");
	ck_assert(v.expect_found);
	ck_assert_int_eq(v.entries, 300);
	/* Appending goes on from the upgraded chain. */
	append(st, 1);
	ck_assert_int_eq(store_audit_verify(st, &(struct store_audit_verify_opts){ .expect = prev }, &v, &err), CORE_OK);
	ck_assert_str_eq(v.problem, "");
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit_tree"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE account_id = 1"), 300);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM meta WHERE key = 'audit_origin' AND value LIKE 'billcon/%'"), 1);
}
END_TEST


START_TEST(reader_upgrades_an_older_store_once)
{
	struct store *st;
	struct core_error err;
	char sql[64];
	int v;

	for (v = 0; v + 1 < store_schema_count(); v++)
		ck_assert_int_eq(fixture_exec(path, store_schema_migration(v)), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	ck_assert_int_eq(fixture_exec(path, sql), SQLITE_OK);
	ck_assert_int_eq(store_open(path, STORE_OPEN_READ_ONLY, &st, &err), CORE_STORE);
	ck_assert_ptr_nonnull(strstr(err.message, "without --read-only"));
	ck_assert_int_eq(store_open(path, STORE_OPEN_READ_ONLY | STORE_OPEN_UPGRADE, &st, &err), CORE_OK);
	ck_assert(store_read_only(st));
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "PRAGMA user_version"), store_schema_count());
}
END_TEST

START_TEST(wal_and_foreign_keys)
{
	struct store *st = open_new();

	store_close(st);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}
END_TEST

/* store_open turns SQLite's allocation statistics off (a mutex per
 * allocation, store/db.c): nothing counts the memory a store's statements
 * use. Only a process whose first SQLite call is store_open can tell;
 * with CK_FORK=no an earlier test made that call. */
START_TEST(allocation_statistics_are_off)
{
	struct store *st;
	const char *fork = getenv("CK_FORK");

	if (fork && strcmp(fork, "no") == 0)
		return;
	st = open_new();
	ck_assert_int_eq(sqlite3_exec(store_db(st), "CREATE TABLE t(x); INSERT INTO t VALUES(randomblob(5000))",
				      NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_memory_used(), 0);
	store_close(st);
}
END_TEST

/* store_stmt tries the slot that last saw the caller's pointer first: a
 * buffer that holds another text by now still gets that text's statement. */
START_TEST(statement_cache_compares_the_text)
{
	struct store *st = open_new();
	struct core_error err;
	char sql[32];
	sqlite3_stmt *s;

	for (int i = 1; i <= 3; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		ck_assert_ptr_nonnull(s = store_stmt(st, sql, &err));
		ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(s, 0), i);
	}
	snprintf(sql, sizeof(sql), "SELECT %d", 2);
	ck_assert_ptr_nonnull(s = store_stmt(st, sql, &err));
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(s, 0), 2);
	ck_assert_ptr_eq(store_stmt(st, "SELECT 2", &err), s);
	store_close(st);
}
END_TEST

/* Appends an entry of object inside st's transaction. */
static void
append_of(struct store *st, const char *object)
{
	struct core_error err;

	ck_assert_int_eq(store_audit_append(st, "2026-01-01T00:00:00Z", "sync", "pull.add", object, NULL,
					    "{\"x\":1}", &err), CORE_OK);
}

static void
add_account(struct store *st, const char *name)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO billing_account(name, display_name, agreement_type, account_type,"
		 " primary_tenant_id) VALUES('%s', '%s', 'MicrosoftCustomerAgreement', 'Enterprise', '')", name, name);
	ck_assert_int_eq(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* An entry's account is the account its path names when it is appended:
 * none before the account is made, then the account's row, each account
 * its own, whichever was named last within the transaction (store_audit
 * remembers the last one) and in the next transaction. */
START_TEST(audit_account_of_each_entry)
{
	struct store *st = open_new();
	struct core_error err;
	const char *p = "/providers/Microsoft.Billing/billingAccounts/";
	char a[128], b[128], a2[128];

	snprintf(a, sizeof(a), "%sA/associatedTenants/1", p);
	snprintf(a2, sizeof(a2), "%sA", p);
	snprintf(b, sizeof(b), "%sAB/billingRoleAssignments/2", p);
	ck_assert_int_eq(store_begin(st, &err), CORE_OK);
	append_of(st, a);                 /* 1: no account A yet */
	add_account(st, "B");
	add_account(st, "A");
	append_of(st, a);                 /* 2: A */
	append_of(st, b);                 /* 3: AB, never made */
	add_account(st, "AB");
	append_of(st, b);                 /* 4: AB */
	append_of(st, a2);                /* 5: A */
	append_of(st, "/tenants/x");      /* 6: none */
	ck_assert_int_eq(store_commit(st, &err), CORE_OK);
	ck_assert_int_eq(store_begin(st, &err), CORE_OK);
	append_of(st, b);                 /* 7: AB */
	ck_assert_int_eq(store_commit(st, &err), CORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "SELECT group_concat(seq || ':' || coalesce((SELECT name FROM"
		" billing_account WHERE id = account_id), '-'), ' ') = '1:- 2:A 3:- 4:AB 5:A 6:- 7:AB'"
		" FROM (SELECT * FROM audit ORDER BY seq)"), 1);
	ck_assert_int_eq(verify(NULL).first_bad, 0);
}
END_TEST

START_TEST(read_only_refuses_writes)
{
	struct store *st = open_new();
	struct core_error err;

	store_close(st);
	ck_assert_int_eq(store_open(path, STORE_OPEN_READ_ONLY, &st, &err), CORE_OK);
	ck_assert(store_read_only(st));
	ck_assert_int_eq(store_begin(st, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "read-only"));
	/* Below the app's check, SQLite itself refuses. */
	ck_assert_int_eq(store_meta_set(st, "k", "v", &err), CORE_REFUSED);
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM meta WHERE key = 'k'"), 0);
}
END_TEST

START_TEST(audit_chain_verifies)
{
	struct store *st = open_new();
	struct store_audit_head h;
	struct store_audit_verdict v;
	struct core_error err;

	ck_assert_int_eq(store_audit_head(st, &h, &err), CORE_OK);
	ck_assert_int_eq(h.seq, 0);
	ck_assert_str_eq(h.hash, CORE_AUDIT_GENESIS);
	append(st, 5);
	ck_assert_int_eq(store_audit_head(st, &h, &err), CORE_OK);
	ck_assert_int_eq(h.seq, 5);
	store_close(st);
	v = verify(h.hash);
	ck_assert_int_eq(v.entries, 5);
	ck_assert_int_eq(v.first_bad, 0);
	ck_assert(v.expect_found);
	ck_assert_str_eq(v.problem, "");
}
END_TEST

START_TEST(audit_refuses_update_and_delete)
{
	struct store *st = open_new();

	append(st, 2);
	store_close(st);
	ck_assert_int_ne(fixture_exec(path, "UPDATE audit SET actor = 'mallory' WHERE seq = 1"), SQLITE_OK);
	ck_assert_int_ne(fixture_exec(path, "DELETE FROM audit WHERE seq = 2"), SQLITE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE actor = 'ada@contoso.com'"), 2);
}
END_TEST

#define UNGUARD "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"

START_TEST(audit_detects_edit)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append(st, 6);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD "UPDATE audit SET after = '{\"x\":2}' WHERE seq = 3"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 3);
	ck_assert_ptr_nonnull(strstr(v.problem, "entry 3"));
}
END_TEST

START_TEST(audit_detects_removal)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append(st, 6);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD "DELETE FROM audit WHERE seq = 4"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 5);
	ck_assert_ptr_nonnull(strstr(v.problem, "missing"));
}
END_TEST

START_TEST(audit_detects_renumbered_removal)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append(st, 6);
	store_close(st);
	/* Remove 4 and close the gap: the link from 5 (now 4) breaks. */
	ck_assert_int_eq(fixture_exec(path, UNGUARD "DELETE FROM audit WHERE seq = 4;"
				      "UPDATE audit SET seq = seq - 1 WHERE seq > 4"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 4);
}
END_TEST

START_TEST(audit_detects_swap)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append(st, 6);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD
		"UPDATE audit SET seq = -1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3;"
		"UPDATE audit SET seq = 3 WHERE seq = -1"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 2);
}
END_TEST

START_TEST(audit_truncation_needs_expect)
{
	struct store *st = open_new();
	struct store_audit_head h;
	struct store_audit_verdict v;
	struct core_error err;

	append(st, 6);
	ck_assert_int_eq(store_audit_head(st, &h, &err), CORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD "DELETE FROM audit WHERE seq > 4"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 0);   /* a chain alone cannot see a cut tail */
	v = verify(h.hash);
	ck_assert(!v.expect_found);
	ck_assert_ptr_nonnull(strstr(v.problem, "cut off"));
}
END_TEST

/* Rewrites every hash after an edit, as a forger with the database would. */
static void
rehash_all(void)
{
	sqlite3 *db;
	sqlite3_stmt *s, *u;
	char prev[CORE_AUDIT_HASH_LEN + 1] = CORE_AUDIT_GENESIS, hash[CORE_AUDIT_HASH_LEN + 1];

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT seq, at, actor, action, object, before, after FROM audit ORDER BY seq", -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "UPDATE audit SET hash = ?3 WHERE seq = ?1", -1, &u, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct core_audit_entry e = {
			.seq = sqlite3_column_int64(s, 0), .at = (const char *)sqlite3_column_text(s, 1),
			.actor = (const char *)sqlite3_column_text(s, 2), .action = (const char *)sqlite3_column_text(s, 3),
			.object = (const char *)sqlite3_column_text(s, 4), .before = (const char *)sqlite3_column_text(s, 5),
			.after = (const char *)sqlite3_column_text(s, 6), .prev_hash = prev,
		};
		core_audit_hash(&e, hash);
		sqlite3_bind_int64(u, 1, e.seq);
		sqlite3_bind_text(u, 3, hash, -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(sqlite3_step(u), SQLITE_DONE);
		sqlite3_reset(u);
		strcpy(prev, hash);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	sqlite3_close(db);
}

START_TEST(audit_rehashed_chain_needs_expect)
{
	struct store *st = open_new();
	struct store_audit_head h;
	struct store_audit_verdict v;
	struct core_error err;

	append(st, 5);
	ck_assert_int_eq(store_audit_head(st, &h, &err), CORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD "UPDATE audit SET actor = 'mallory' WHERE seq = 2"), SQLITE_OK);
	rehash_all();
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 0);
	v = verify(h.hash);
	ck_assert(!v.expect_found);
	ck_assert_str_ne(v.problem, "");
}
END_TEST

START_TEST(decided_request_never_changes)
{
	struct store *st = open_new();
	struct store_request r = { .account_id = 1 };
	struct core_error err;

	ck_assert_int_eq(fixture_exec(path, "INSERT INTO billing_account(id, name, display_name, agreement_type,"
		" account_type, primary_tenant_id) VALUES(1, 'a', 'A', 'MicrosoftCustomerAgreement', 'Enterprise', 't')"), SQLITE_OK);
	strcpy(r.name, "r1");
	strcpy(r.type, "RoleAssignment");
	strcpy(r.status, "Pending");
	strcpy(r.scope, "/providers/Microsoft.Billing/billingAccounts/a");
	strcpy(r.addressee, "x@fabrikam.com");
	strcpy(r.created_by, "ada@contoso.com");
	strcpy(r.created_on, "2026-01-01T00:00:00Z");
	strcpy(r.expires_on, "2026-01-15T00:00:00Z");
	ck_assert_int_eq(store_request_insert(st, &r, &err), CORE_OK);
	ck_assert_int_eq(store_request_decide(st, r.id, "Approved", "x@fabrikam.com", "2026-01-02T00:00:00Z", NULL, &err), CORE_OK);
	ck_assert_int_ne(store_request_decide(st, r.id, "Cancelled", "ada@contoso.com", "2026-01-03T00:00:00Z", NULL, &err), CORE_OK);
	store_close(st);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE status = 'Approved'"), 1);
}
END_TEST

START_TEST(tenant_unique_per_account)
{
	struct store *st = open_new();
	struct store_tenant t = { .account_id = 1 };
	struct core_error err;

	ck_assert_int_eq(fixture_exec(path, "INSERT INTO billing_account(id, name, display_name, agreement_type,"
		" account_type, primary_tenant_id) VALUES(1, 'a', 'A', 'MicrosoftCustomerAgreement', 'Enterprise', 't')"), SQLITE_OK);
	strcpy(t.tenant_id, FABRIKAM);
	strcpy(t.display_name, "Fabrikam");
	strcpy(t.billing_state, "Active");
	strcpy(t.provisioning_state, "NotRequested");
	strcpy(t.created_on, "2026-01-01T00:00:00Z");
	ck_assert_int_eq(store_tenant_insert(st, &t, &err), CORE_OK);
	ck_assert_int_eq(store_tenant_insert(st, &t, &err), CORE_REFUSED);
	store_close(st);
}
END_TEST

static int
collect_names(const struct store_tenant *t, void *data)
{
	strcat(data, t->display_name);
	strcat(data, ";");
	return 0;
}

START_TEST(expired_request_reads_expired_before_written)
{
	char demo[4096], names[512] = "";
	struct store *st;
	struct store_tenant t;
	struct core_error err;

	fixture_demo(demo);
	ck_assert_int_eq(store_open(demo, STORE_OPEN_READ_ONLY, &st, &err), CORE_OK);
	/* Tailspin's request expires 14 days after the demo was made. */
	ck_assert_int_eq(store_tenant_find(st, 1, TAILSPIN, NULL, "2026-01-20T00:00:00Z", &t, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "Pending");
	ck_assert_int_eq(store_tenant_find(st, 1, TAILSPIN, NULL, "2026-02-01T00:00:00Z", &t, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "BillingRequestExpired");
	ck_assert_int_eq(store_tenant_each(st, 1, "2026-01-20T00:00:00Z", collect_names, names, &err), CORE_OK);
	ck_assert_str_eq(names, "Adventure Works;Fabrikam;Litware;Proseware;Tailspin Toys;Wingtip Toys;Woodgrove Bank;");
	store_close(st);
	ck_assert_int_eq(fixture_count(demo, "SELECT count(*) FROM associated_tenant WHERE provisioning_management_state = 'Pending'"), 1);
	fixture_cleanup(demo);
}
END_TEST

/* Appends n entries in one transaction: times a minute apart from
 * 2026-01-01, actors alternating ada and ben, actions tenant.add and
 * role.assign. */
static void
append_varied(struct store *st, int n)
{
	struct core_error err;
	char object[64], at[32];
	int i;

	ck_assert_int_eq(store_begin(st, &err), CORE_OK);
	for (i = 0; i < n; i++) {
		snprintf(object, sizeof(object), "/tenants/c%07d-0000", i);
		snprintf(at, sizeof(at), "2026-01-%02dT%02d:%02d:00Z", 1 + i / 1440, i / 60 % 24, i % 60);
		ck_assert_msg(store_audit_append(st, at, i % 2 ? "ben@contoso.com" : "ada@contoso.com",
						 i % 3 ? "tenant.add" : "role.assign", object, NULL,
						 "{\"displayName\":\"Fabrikam West\"}", &err) == CORE_OK, "%s", err.message);
	}
	ck_assert_int_eq(store_commit(st, &err), CORE_OK);
}

static struct store_audit_verdict
verify_at(struct store *st, long long size)
{
	struct store_audit_verdict v;
	struct core_error err;

	ck_assert_int_eq(store_audit_verify(st, &(struct store_audit_verify_opts){ .size = size }, &v, &err), CORE_OK);
	return v;
}

/* The root from the stored hashes (and a few entries) is the root verify
 * rebuilds from every entry, at sizes around the stored tiles; proofs from
 * the store verify against it. */
START_TEST(tree_roots_and_proofs)
{
	static const long long sizes[] = { 1, 2, 255, 256, 257, 511, 512, 513, 700 };
	struct store *st = open_new();
	struct core_error err;
	core_merkle_hash root, old_root, leaf, proof[CORE_MERKLE_MAX_PROOF];
	size_t i, j;
	int n;

	append_varied(st, 700);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct store_audit_verdict v = verify_at(st, sizes[i]);

		ck_assert_str_eq(v.problem, "");
		ck_assert(v.root_known);
		ck_assert_int_eq(store_audit_root(st, sizes[i], root, &err), CORE_OK);
		ck_assert_msg(memcmp(root, v.root, sizeof(root)) == 0, "root at %lld", sizes[i]);
		for (j = 1; j <= (size_t)sizes[i]; j += 97) {
			ck_assert_int_eq(store_audit_inclusion(st, (long long)j, sizes[i], proof, &n, &err), CORE_OK);
			ck_assert_int_eq(store_audit_leaf(st, (long long)j, leaf, &err), CORE_OK);
			ck_assert(core_merkle_verify_inclusion((long long)j - 1, sizes[i], leaf, proof, n, root));
			leaf[0] ^= 1;
			ck_assert(!core_merkle_verify_inclusion((long long)j - 1, sizes[i], leaf, proof, n, root));
		}
		if (i == 0)
			continue;
		ck_assert_int_eq(store_audit_root(st, sizes[i - 1], old_root, &err), CORE_OK);
		ck_assert_int_eq(store_audit_consistency(st, sizes[i - 1], sizes[i], proof, &n, &err), CORE_OK);
		ck_assert(core_merkle_verify_consistency(sizes[i - 1], sizes[i], old_root, root, proof, n));
	}
	ck_assert_int_eq(store_audit_inclusion(st, 701, 700, proof, &n, &err), CORE_NOT_FOUND);
	store_close(st);
	/* 700 entries: two tiles of 256 and the 512 above them. */
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit_tree"), 3);
}
END_TEST

#define UNGUARD_TREE "DROP TRIGGER audit_tree_no_update; DROP TRIGGER audit_tree_no_delete;"

START_TEST(tree_detects_replaced_hashes)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append_varied(st, 600);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD_TREE
		"UPDATE audit_tree SET hash = randomblob(32) WHERE id = (SELECT max(id) FROM audit_tree)"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_ptr_nonnull(strstr(v.problem, "replaced"));
	ck_assert_int_eq(v.first_bad, 1);   /* the 512 entries the top hash covers */
	ck_assert_int_eq(fixture_exec(path, "DELETE FROM audit_tree WHERE id = (SELECT max(id) FROM audit_tree)"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_ptr_nonnull(strstr(v.problem, "removed"));
}
END_TEST

/* A cut tail leaves a valid shorter chain, but the tree's hashes of the
 * entries cut still stand. */
START_TEST(tree_detects_cut_tail)
{
	struct store *st = open_new();
	struct store_audit_verdict v;

	append_varied(st, 600);
	store_close(st);
	ck_assert_int_eq(fixture_exec(path, UNGUARD "DELETE FROM audit WHERE seq > 300"), SQLITE_OK);
	v = verify(NULL);
	ck_assert_int_eq(v.first_bad, 301);
	ck_assert_ptr_nonnull(strstr(v.problem, "cut off"));
}
END_TEST

struct seen {
	long long seq[64];
	int n;
};

static int
collect_seq(const void *row, const struct store_list_key *key, void *ctx)
{
	struct seen *s = ctx;

	(void)key;
	if (s->n < 64)
		s->seq[s->n++] = ((const struct store_audit_row *)row)->seq;
	return 0;
}

/* One window of the whole trail (all accounts), newest first. */
static struct seen
audit_window(struct store *st, const char *filter, const char *key, int limit, enum core_status want)
{
	struct seen s = { .n = 0 };
	struct core_error err;
	struct store_list_query q = {
		.spec = key ? store_audit_object_list() : store_audit_list(true), .key = key,
		.descending = true, .filter = filter, .limit = limit,
	};

	ck_assert_int_eq(store_list_page(st, &q, collect_seq, &s, &err), want);
	return s;
}

/* A rare word runs the walk's budget out (some eight hundred rows) and the
 * index finds it; a common one is met within a few rows of the walk. Both
 * give what the other would. */
START_TEST(audit_list_walk_then_index)
{
	struct store *st = open_new();
	struct seen s;

	append_varied(st, 3000);
	s = audit_window(st, "object:c0000010", NULL, 8, CORE_OK);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.seq[0], 11);
	s = audit_window(st, "OBJECT:C0000010 west", NULL, 8, CORE_OK);
	ck_assert_int_eq(s.n, 1);
	s = audit_window(st, "actor:ben role", NULL, 3, CORE_OK);
	ck_assert_int_eq(s.n, 3);
	ck_assert_int_eq(s.seq[0], 2998);  /* i = 2997: odd and a multiple of 3 */
	ck_assert_int_eq(s.seq[1], 2992);
	/* A whole word, not a prefix, in the middle of the trail. */
	s = audit_window(st, "c0001234-0000", NULL, 4, CORE_OK);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.seq[0], 1235);
	s = audit_window(st, "nosuchword", NULL, 4, CORE_OK);
	ck_assert_int_eq(s.n, 0);
	store_close(st);
}
END_TEST

START_TEST(audit_list_terms)
{
	struct store *st = open_new();
	struct seen s;

	append_varied(st, 300);
	s = audit_window(st, "", NULL, 5, CORE_OK);
	ck_assert_int_eq(s.n, 5);
	ck_assert_int_eq(s.seq[0], 300);
	ck_assert_int_eq(s.seq[4], 296);
	/* Even entries are ada's; role.assign every third (i % 3 == 0). */
	s = audit_window(st, "actor:ada", NULL, 4, CORE_OK);
	ck_assert_int_eq(s.n, 4);
	ck_assert_int_eq(s.seq[0], 299);
	ck_assert_int_eq(s.seq[1], 297);
	s = audit_window(st, "actor:ada action:role.assign", NULL, 3, CORE_OK);
	ck_assert_int_eq(s.seq[0], 295);
	ck_assert_int_eq(s.seq[1], 289);
	/* A free word matches any field's word start; actor: only the actor. */
	s = audit_window(st, "fabrikam", NULL, 2, CORE_OK);
	ck_assert_int_eq(s.n, 2);
	s = audit_window(st, "actor:fabrikam", NULL, 2, CORE_OK);
	ck_assert_int_eq(s.n, 0);
	s = audit_window(st, "object:c0000010", NULL, 8, CORE_OK);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.seq[0], 11);
	/* Entry i+1 is at minute i: since inclusive, until exclusive. */
	s = audit_window(st, "since:2026-01-01T00:10 until:2026-01-01T00:13", NULL, 10, CORE_OK);
	ck_assert_int_eq(s.n, 3);
	ck_assert_int_eq(s.seq[0], 13);
	ck_assert_int_eq(s.seq[2], 11);
	s = audit_window(st, "since:2026-02-01", NULL, 10, CORE_OK);
	ck_assert_int_eq(s.n, 0);
	s = audit_window(st, "since:2026-13-01", NULL, 10, CORE_USAGE);
	/* An object's history: that object only, not one that starts alike. */
	s = audit_window(st, "", "/tenants/c0000010-0000", 10, CORE_OK);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.seq[0], 11);
	store_close(st);
}
END_TEST

/* A window after an anchor seeks to it, whatever the terms bound: read
 * from the start of the trail, each window of a whole export would cost
 * the trail's length, and reading it all its square. The budget lets a
 * seek through and stops a walk over the 2,000 entries before it. */
START_TEST(audit_list_anchor_seeks)
{
	struct store *st = open_new();
	struct store_list_key anchor = { .n = 0, .id = 1990 };
	struct core_error err;
	struct seen s = { .n = 0 };
	static const char *const filters[] = { "", "since:2026-01-01", "until:2026-02-01" };
	int i;

	append_varied(st, 2000);
	for (i = 0; i < 6; i++) {
		struct store_list_query q = {
			.spec = store_audit_list(true), .descending = i >= 3, .filter = filters[i % 3],
			.anchor = &anchor, .limit = 5,
		};

		anchor.id = i >= 3 ? 10 : 1990;
		s.n = 0;
		store_budget(st, 2000);
		ck_assert_msg(store_list_page(st, &q, collect_seq, &s, &err) == CORE_OK,
			      "window %d walked the trail: %s", i, err.message);
		store_budget(st, 0);
		ck_assert_int_eq(s.n, 5);
		ck_assert_int_eq(s.seq[0], i >= 3 ? 9 : 1991);
		ck_assert_int_eq(s.seq[4], i >= 3 ? 5 : 1995);
	}
	store_close(st);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *db = tcase_create("db");
	TCase *audit = tcase_create("audit");
	TCase *rows = tcase_create("rows");

	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_checked_fixture(audit, setup, teardown);
	tcase_add_checked_fixture(rows, setup, teardown);
	tcase_add_test(db, open_missing_is_not_found);
	tcase_add_test(db, create_migrates_to_current_version);
	tcase_add_test(db, newer_schema_is_refused);
	tcase_add_test(db, other_database_is_not_a_store);
	tcase_add_test(db, text_file_is_not_a_store);
	tcase_add_test(db, empty_file_is_made_a_store_only_when_creating);
	tcase_add_test(db, schema_version_out_of_range_is_refused);
	tcase_add_test(db, reader_upgrades_an_older_store_once);
	tcase_add_test(db, wal_and_foreign_keys);
	tcase_add_test(db, allocation_statistics_are_off);
	tcase_add_test(db, statement_cache_compares_the_text);
	tcase_add_test(audit, audit_account_of_each_entry);
	tcase_add_test(db, read_only_refuses_writes);
	tcase_add_test(audit, audit_chain_verifies);
	tcase_add_test(audit, audit_refuses_update_and_delete);
	tcase_add_test(audit, audit_detects_edit);
	tcase_add_test(audit, audit_detects_removal);
	tcase_add_test(audit, audit_detects_renumbered_removal);
	tcase_add_test(audit, audit_detects_swap);
	tcase_add_test(audit, audit_truncation_needs_expect);
	tcase_add_test(audit, audit_rehashed_chain_needs_expect);
	tcase_add_test(audit, tree_roots_and_proofs);
	tcase_add_test(audit, tree_detects_replaced_hashes);
	tcase_add_test(audit, tree_detects_cut_tail);
	tcase_add_test(audit, audit_list_terms);
	tcase_add_test(audit, audit_upgrade_keeps_chain_and_saved_head);
	tcase_add_test(audit, audit_list_walk_then_index);
	tcase_add_test(audit, audit_list_anchor_seeks);
	tcase_add_test(rows, decided_request_never_changes);
	tcase_add_test(rows, tenant_unique_per_account);
	tcase_add_test(rows, expired_request_reads_expired_before_written);
	suite_add_tcase(s, db);
	suite_add_tcase(s, audit);
	suite_add_tcase(s, rows);
	return s;
}

int
main(void)
{
	return fixture_run(store_suite());
}
