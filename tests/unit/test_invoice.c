/* Unit tests of invoices and many billing accounts (DOMAIN.md §2;
 * store_invoice, app_invoice, app_account): the demo's year, paging and
 * every sort against SQL's order, the filter through its index as LIKE
 * finds it, the kept count, statuses as ARM spells them (and others
 * kept), who may read, the accounts an actor sees, and the switch. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_account.h"
#include "billcon/app_context.h"
#include "billcon/app_invoice.h"
#include "billcon/app_list.h"
#include "billcon/core_clock.h"
#include "billcon/store_account.h"
#include "billcon/store_db.h"
#include "billcon/store_invoice.h"
#include "fixture.h"

#define CONTOSO_PROFILE "PBFV-4XYZ-BG7-TGB"

/* Rows of a walk: the invoices' IDs and the count. */
struct seen {
	long long ids[4096];
	int n;
	struct store_invoice last;
	struct store_list_key key;
};

static int
collect(const void *row, const struct store_list_key *key, void *data)
{
	struct seen *s = data;

	if (s->n < 4096)
		s->ids[s->n] = ((const struct store_invoice *)row)->id;
	s->n++;
	s->last = *(const struct store_invoice *)row;
	s->key = *key;
	return 0;
}

/* Every invoice of ctx's account (profile: one profile's) through windows
 * of size rows, as the console pages. */
static enum core_status
walk(struct app_ctx *ctx, int sort, bool descending, const char *profile, int size, struct seen *out,
     struct core_error *err)
{
	struct store_list_key anchor;
	struct seen page;
	enum core_status rc;

	memset(out, 0, sizeof(*out));
	for (;;) {
		struct store_list_query q = { .spec = profile ? store_invoice_profile_list() : store_invoice_list(),
					      .sort = sort, .descending = descending, .key = profile, .limit = size,
					      .anchor = out->n ? &anchor : NULL };
		memset(&page, 0, sizeof(page));
		if ((rc = app_invoice_page(ctx, &q, collect, &page, err)))
			return rc;
		memcpy(out->ids + out->n, page.ids, (size_t)page.n * sizeof(page.ids[0]));
		out->n += page.n;
		anchor = page.key;
		if (page.n < size)
			return CORE_OK;
	}
}

static void
add_many(struct app_ctx *ctx, long n)
{
	struct core_error err;

	core_error_clear(&err);
	ck_assert_int_eq(store_begin(ctx->st, &err), CORE_OK);
	ck_assert_msg(app_invoice_seed_many(ctx->st, ctx->account.id, core_now(), n, &err) == CORE_OK, "%s",
		      err.message);
	ck_assert_int_eq(store_commit(ctx->st, &err), CORE_OK);
}

START_TEST(demo_holds_a_year_per_profile)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, true);
	struct seen s;
	struct core_error err;

	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM billing_profile"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice"), 24);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(DISTINCT profile_id) FROM invoice"), 2);
	/* Per profile: one Due (the latest), one PastDue, one Void, the rest Paid. */
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'Due'"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'PastDue'"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'Void'"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'Paid'"), 18);
	/* Most have a document; some do not yet. */
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE document_url IS NULL"), 6);
	/* Monthly, on the profile's invoice day, in its currency, none after now,
	 * a PastDue one past its due date, the Due one not yet. */
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice i JOIN billing_profile p"
		" ON p.id = i.profile_id WHERE CAST(substr(i.invoice_date, 9, 2) AS INTEGER) != p.invoice_day"
		" OR i.currency != p.currency OR i.invoice_date > '" FIXTURE_NOW "'"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(DISTINCT substr(invoice_date, 1, 7)) FROM invoice"), 12);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'PastDue'"
		" AND due_date < '" FIXTURE_NOW "'"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice WHERE status = 'Due'"
		" AND due_date >= '" FIXTURE_NOW "'"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(DISTINCT amount_minor) FROM invoice"), 24);
	/* Contoso's owner sees Contoso's twelve, newest first. */
	core_error_clear(&err);
	ck_assert_int_eq(walk(ctx, STORE_INVOICE_SORT_DATE, true, NULL, 5, &s, &err), CORE_OK);
	ck_assert_int_eq(s.n, 12);
	app_close(ctx);
}
END_TEST

/* The IDs of the account's invoices in SQL's own order for sort. */
static void
sql_order(long long account, int sort, bool descending, long long *ids, int *n)
{
	static const char *const keys[] = { "invoice_date", "status, invoice_date", "name", "amount_minor" };
	char sql[512], k[128];
	const char *dir = descending ? " DESC" : "";
	char *p, *save = NULL;

	snprintf(k, sizeof(k), "%s", keys[sort]);
	snprintf(sql, sizeof(sql), "SELECT id FROM invoice WHERE account_id = %lld ORDER BY ", account);
	for (p = strtok_r(k, ",", &save); p; p = strtok_r(NULL, ",", &save))
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "%s%s, ", p + (*p == ' '), dir);
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), "id%s", dir);
	*n = fixture_ids(fixture_path, sql, ids, 4096);
}

START_TEST(pages_match_sqls_order_in_every_sort)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	static long long want[4096];
	struct core_error err;
	struct seen s;
	int sort, n, desc;

	/* Ties: many invoices share a status and an amount's neighbours. */
	add_many(ctx, 300);
	core_error_clear(&err);
	for (sort = 0; sort < STORE_INVOICE_SORT_COUNT; sort++)
		for (desc = 0; desc < 2; desc++) {
			ck_assert_int_eq(walk(ctx, sort, desc, NULL, 7, &s, &err), CORE_OK);
			sql_order(ctx->account.id, sort, desc, want, &n);
			ck_assert_int_eq(s.n, 312);
			ck_assert_int_eq(n, 312);
			ck_assert_msg(memcmp(s.ids, want, (size_t)n * sizeof(want[0])) == 0, "sort %d desc %d", sort,
				      desc);
		}
	app_close(ctx);
}
END_TEST

START_TEST(profile_key_keeps_one_profile)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	char profile[256];
	struct core_error err;
	struct seen s;

	core_error_clear(&err);
	ck_assert_int_eq(app_invoice_profile(ctx, "contoso operations", profile, sizeof(profile), &err), CORE_OK);
	ck_assert_str_eq(profile, CONTOSO_PROFILE);
	ck_assert_int_eq(walk(ctx, STORE_INVOICE_SORT_DATE, true, profile, 4, &s, &err), CORE_OK);
	ck_assert_int_eq(s.n, 12);
	ck_assert_int_eq(app_invoice_profile(ctx, "Northwind", profile, sizeof(profile), &err), CORE_NOT_FOUND);
	ck_assert_str_eq(err.message, "Contoso has no billing profile named \"Northwind\".");
	app_close(ctx);
}
END_TEST

/* The IDs of the account's invoices whose number, status, currency or
 * profile (display or ARM name) holds word, newest first, as SQL finds them. */
static void
sql_filtered(const char *word, long long *ids, int *n)
{
	char sql[768], one[900];

	snprintf(sql, sizeof(sql), "FROM invoice i JOIN billing_profile p ON p.id = i.profile_id"
		 " WHERE i.account_id = 1 AND (i.name LIKE '%%%s%%' OR i.status LIKE '%%%s%%'"
		 " OR i.currency LIKE '%%%s%%' OR p.display_name LIKE '%%%s%%' OR p.name LIKE '%%%s%%')",
		 word, word, word, word, word);
	snprintf(one, sizeof(one), "SELECT i.id %s ORDER BY i.invoice_date DESC, i.id DESC", sql);
	*n = fixture_ids(fixture_path, one, ids, 4096);
}

/* The account's invoices matching filter, newest first, in windows of 7;
 * *matches: the first window's count of index matches (-1: LIKE walked). */
static void
walk_filtered(struct app_ctx *ctx, const char *filter, struct seen *out, long long *matches)
{
	struct store_list_key anchor;
	struct seen page;
	struct core_error err;

	memset(out, 0, sizeof(*out));
	core_error_clear(&err);
	for (;;) {
		struct store_list_query q = { .spec = store_invoice_list(), .sort = STORE_INVOICE_SORT_DATE,
					      .descending = true, .filter = filter, .limit = 7,
					      .anchor = out->n ? &anchor : NULL };
		memset(&page, 0, sizeof(page));
		ck_assert_msg(app_invoice_page(ctx, &q, collect, &page, &err) == CORE_OK, "%s", err.message);
		if (!out->n)
			*matches = q.matches;
		memcpy(out->ids + out->n, page.ids, (size_t)page.n * sizeof(page.ids[0]));
		out->n += page.n;
		anchor = page.key;
		if (page.n < 7)
			return;
	}
}

START_TEST(filter_finds_through_its_index_what_like_finds)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	static long long want[4096];
	/* Few matches, which the index drives: a number or part, a status
	 * (in two: Due and PastDue), in any case, and none. */
	static const char *const indexed[] = { "B000000123", "B0000001", "pastdue", "Due", "Void",
					       "G00", "nothing-here" };
	/* Many, walked with LIKE: a profile's display name, a currency; the
	 * profile's ARM name, which the index does not hold; and filters
	 * under three characters. */
	static const char *const scanned[] = { "Contoso Operations", "ration", "USD", "PBFV-4XYZ", "BG7",
					       "12", "Pa" };
	struct seen s;
	long long matches;
	size_t i;
	int n;

	add_many(ctx, 300);
	for (i = 0; i < sizeof(indexed) / sizeof(indexed[0]); i++) {
		walk_filtered(ctx, indexed[i], &s, &matches);
		sql_filtered(indexed[i], want, &n);
		/* The count is the account's, though the index holds Northwind's
		 * invoices too (its Due, PastDue and Void ones). */
		ck_assert_msg(matches == n, "%s: %lld matches, %d in SQL", indexed[i], matches, n);
		ck_assert_int_eq(s.n, n);
		ck_assert_msg(memcmp(s.ids, want, (size_t)n * sizeof(want[0])) == 0, "%s", indexed[i]);
	}
	/* The same rows as the index had none (the ARM name: the index would
	 * find nothing, LIKE all of the profile's). */
	for (i = 0; i < sizeof(scanned) / sizeof(scanned[0]); i++) {
		walk_filtered(ctx, scanned[i], &s, &matches);
		sql_filtered(scanned[i], want, &n);
		ck_assert_msg(matches == -1, "%s: the index drove", scanned[i]);
		ck_assert_int_eq(s.n, n);
		ck_assert_msg(n > 0, "%s", scanned[i]);
		ck_assert_msg(memcmp(s.ids, want, (size_t)n * sizeof(want[0])) == 0, "%s", scanned[i]);
	}
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM invoice_fts WHERE invoice_fts"
				       " MATCH '\"PBFV-4XYZ\"'"), 0);
	app_close(ctx);
}
END_TEST

START_TEST(count_is_the_accounts_and_a_profiles_list_has_none)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct core_error err;
	long long n;

	core_error_clear(&err);
	ck_assert_int_eq(app_list_count(ctx, store_invoice_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	add_many(ctx, 300);
	ck_assert_int_eq(app_list_count(ctx, store_invoice_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, 312);
	ck_assert_int_eq(store_list_count(ctx->st, store_invoice_list(), 2, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM invoice WHERE name = 'B000000007'"), 0);
	ck_assert_int_eq(app_list_count(ctx, store_invoice_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, 311);
	/* The account's count is no total of one profile's invoices. */
	ck_assert_int_eq(app_list_count(ctx, store_invoice_profile_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, -1);
	app_close(ctx);
}
END_TEST

START_TEST(statuses_are_arms_and_others_kept)
{
	struct app_ctx *ctx;
	char out[16];
	struct core_error err;
	struct seen s;

	core_error_clear(&err);
	ck_assert_int_eq(app_invoice_status_parse("pastdue", out, sizeof(out), &err), CORE_OK);
	ck_assert_str_eq(out, "PastDue");
	ck_assert_int_eq(app_invoice_status_parse("LOCKED", out, sizeof(out), &err), CORE_OK);
	ck_assert_str_eq(out, "Locked");
	ck_assert_int_eq(app_invoice_status_parse("Overdue", out, sizeof(out), &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "\"Overdue\" is no invoice status: give Due, Paid, PastDue, Void, Locked or Other.");
	ck_assert_int_eq(app_invoice_state("PastDue"), APP_INVOICE_PAST_DUE);
	ck_assert_int_eq(app_invoice_state("Other"), APP_INVOICE_OTHER);
	ck_assert_int_eq(app_invoice_state("pastdue"), APP_INVOICE_UNKNOWN);
	/* What the service says is kept as it is (DOMAIN.md §9). */
	ck_assert_int_eq(fixture_exec(fixture_path, "UPDATE invoice SET status = 'Processing' WHERE id = 1"), 0);
	ctx = fixture_open(fixture_path, NULL, true);
	{
		struct store_list_query q = { .spec = store_invoice_list(), .sort = STORE_INVOICE_SORT_STATUS,
					      .filter = "Processing", .limit = 10 };
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(app_invoice_page(ctx, &q, collect, &s, &err), CORE_OK);
	}
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.ids[0], 1);
	ck_assert_str_eq(s.last.status, "Processing");
	ck_assert_int_eq(app_invoice_state(s.last.status), APP_INVOICE_UNKNOWN);
	app_close(ctx);
}
END_TEST

START_TEST(amounts_read_in_words)
{
	char out[64];

	app_invoice_amount(123456789, "USD", out, sizeof(out));
	ck_assert_str_eq(out, "1,234,567.89 USD");
	app_invoice_amount(0, "EUR", out, sizeof(out));
	ck_assert_str_eq(out, "0.00 EUR");
	app_invoice_amount(-5, "USD", out, sizeof(out));
	ck_assert_str_eq(out, "-0.05 USD");
	app_invoice_amount(100000, "GBP", out, sizeof(out));
	ck_assert_str_eq(out, "1,000.00 GBP");
}
END_TEST

/* actor's walk of Contoso's invoices (profile: one profile's). */
static enum core_status
read_as(const char *actor, const char *profile, int *n, struct core_error *err)
{
	struct app_options o = { .db_path = fixture_path, .actor = actor, .account = "Contoso", .reader = true };
	struct app_ctx *ctx = NULL;
	struct seen s;
	enum core_status rc;

	ck_assert_int_eq(app_open(&o, &ctx, err), CORE_OK);
	core_error_clear(err);
	rc = walk(ctx, STORE_INVOICE_SORT_DATE, true, profile, 10, &s, err);
	*n = s.n;
	app_close(ctx);
	return rc;
}

START_TEST(who_may_read)
{
	struct core_error err;
	int n;

	/* The account's reader: all; a profile's role: that profile's only,
	 * named; an invoice section's role or none: nothing. */
	ck_assert_int_eq(read_as("ben@contoso.com", NULL, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(read_as("dan@contoso.com", NULL, &n, &err), CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "with a role on one billing profile, name it with --profile"));
	ck_assert_int_eq(read_as("dan@contoso.com", CONTOSO_PROFILE, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(read_as("finn@contoso.com", CONTOSO_PROFILE, &n, &err), CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "finn@contoso.com may not see the invoices of billing profile " CONTOSO_PROFILE
			 ": that needs a billing role on it or on the account.");
	ck_assert_int_eq(read_as("kim@northwindtraders.com", NULL, &n, &err), CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "kim@northwindtraders.com may not see Contoso's invoices: that needs a"
			 " billing role on the account or on one of its billing profiles.");
}
END_TEST

/* The console's read (app_list_page) as actor, with the list's key. */
static enum core_status
console_read(const char *actor, const char *key, int *n, struct core_error *err)
{
	struct app_options o = { .db_path = fixture_path, .actor = actor, .account = "Contoso", .reader = true };
	struct store_list_query q = { .spec = store_invoice_list(), .key = key, .limit = 50 };
	struct app_ctx *ctx = NULL;
	struct seen s;
	enum core_status rc;

	ck_assert_int_eq(app_open(&o, &ctx, err), CORE_OK);
	memset(&s, 0, sizeof(s));
	core_error_clear(err);
	rc = app_list_page(ctx, &q, collect, &s, err);
	*n = s.n;
	app_close(ctx);
	return rc;
}

static bool
own_profile(const char *actor, char *profile, size_t size)
{
	struct app_options o = { .db_path = fixture_path, .actor = actor, .account = "Contoso", .reader = true };
	struct app_ctx *ctx = NULL;
	struct core_error err;
	bool own;

	core_error_clear(&err);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	own = app_invoice_own_profile(ctx, profile, size);
	app_close(ctx);
	return own;
}

START_TEST(console_shows_a_profile_reader_their_profile)
{
	struct core_error err;
	char profile[256] = "";
	int n;

	/* The generic list read: a profile's role reads the rows its key keeps. */
	ck_assert_int_eq(console_read("dan@contoso.com", CONTOSO_PROFILE, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(console_read("dan@contoso.com", NULL, &n, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(console_read("finn@contoso.com", CONTOSO_PROFILE, &n, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(console_read("ben@contoso.com", NULL, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 12);
	/* Which profile the blade opens on. */
	ck_assert(own_profile("dan@contoso.com", profile, sizeof(profile)));
	ck_assert_str_eq(profile, CONTOSO_PROFILE);
	ck_assert(!own_profile("ada@contoso.com", profile, sizeof(profile)));
	ck_assert(!own_profile("finn@contoso.com", profile, sizeof(profile)));
	ck_assert(!own_profile("kim@northwindtraders.com", profile, sizeof(profile)));
}
END_TEST

static int
count_row(const void *row, const struct store_list_key *key, void *data)
{
	(void)row;
	(void)key;
	(*(int *)data)++;
	return 0;
}

static int
visible(struct app_ctx *ctx, const char *filter)
{
	struct store_list_query q = { .spec = store_account_list(), .limit = -1, .filter = filter };
	struct core_error err;
	int n = 0;

	core_error_clear(&err);
	ck_assert_msg(app_list_page(ctx, &q, count_row, &n, &err) == CORE_OK, "%s", err.message);
	return n;
}

static void
add_accounts(long n)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct core_error err;

	core_error_clear(&err);
	ck_assert_int_eq(store_begin(ctx->st, &err), CORE_OK);
	ck_assert_msg(app_account_seed_many(ctx->st, n, "ada@contoso.com", CONTOSO_PRIMARY, core_now(), &err)
		      == CORE_OK, "%s", err.message);
	ck_assert_int_eq(store_commit(ctx->st, &err), CORE_OK);
	app_close(ctx);
}

START_TEST(only_accounts_with_a_role_are_seen)
{
	struct app_options o = { .db_path = fixture_path, .actor = "ada@contoso.com", .any_account = true };
	struct app_ctx *ctx, *kim;
	struct core_error err;

	add_accounts(30);
	core_error_clear(&err);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	/* Ada: Contoso and the thirty, never Northwind (kim's). */
	ck_assert_int_eq(visible(ctx, NULL), 31);
	ck_assert_int_eq(visible(ctx, "Northwind"), 0);
	ck_assert_int_eq(visible(ctx, "coho"), 3);
	kim = fixture_open(fixture_path, "kim@northwindtraders.com", true);
	ck_assert_int_eq(visible(kim, NULL), 1);
	app_close(kim);
	app_close(ctx);
}
END_TEST

START_TEST(switch_changes_every_list_or_nothing)
{
	struct app_options o = { .db_path = fixture_path, .actor = "ada@contoso.com", .account = "Contoso" };
	struct app_ctx *ctx;
	struct core_error err;
	struct seen s;

	add_accounts(3);
	core_error_clear(&err);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	ck_assert_int_eq(app_account_switch(ctx, "Bellows College 0002", &err), CORE_OK);
	ck_assert_str_eq(ctx->account.display_name, "Bellows College 0002");
	ck_assert_ptr_nonnull(strstr(ctx->account_scope, ctx->account.name));
	ck_assert_int_eq(walk(ctx, STORE_INVOICE_SORT_DATE, true, NULL, 10, &s, &err), CORE_OK);
	ck_assert_int_eq(s.n, 0);
	/* By ARM name too; back to Contoso's twelve. */
	ck_assert_int_eq(app_account_switch(ctx, "6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_2019-05-31",
					    &err), CORE_OK);
	ck_assert_int_eq(walk(ctx, STORE_INVOICE_SORT_DATE, true, NULL, 10, &s, &err), CORE_OK);
	ck_assert_int_eq(s.n, 12);
	/* Northwind is kim's: refused, Contoso stays, with its roles. */
	ck_assert_int_eq(app_account_switch(ctx, "Northwind Traders", &err), CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "ada@contoso.com holds no billing role on \"Northwind Traders\", so it stays hidden.");
	ck_assert_str_eq(ctx->account.display_name, "Contoso");
	ck_assert_int_eq(walk(ctx, STORE_INVOICE_SORT_DATE, true, NULL, 10, &s, &err), CORE_OK);
	ck_assert_int_eq(s.n, 12);
	ck_assert_int_eq(app_account_switch(ctx, "Nowhere", &err), CORE_NOT_FOUND);
	ck_assert_str_eq(ctx->account.display_name, "Contoso");
	app_close(ctx);
}
END_TEST

static Suite *
invoice_suite(void)
{
	Suite *s = suite_create("invoice");
	TCase *tc = tcase_create("invoices");

	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, demo_holds_a_year_per_profile);
	tcase_add_test(tc, pages_match_sqls_order_in_every_sort);
	tcase_add_test(tc, profile_key_keeps_one_profile);
	tcase_add_test(tc, filter_finds_through_its_index_what_like_finds);
	tcase_add_test(tc, count_is_the_accounts_and_a_profiles_list_has_none);
	tcase_add_test(tc, statuses_are_arms_and_others_kept);
	tcase_add_test(tc, who_may_read);
	tcase_add_test(tc, console_shows_a_profile_reader_their_profile);
	suite_add_tcase(s, tc);
	tc = tcase_create("words");
	tcase_add_test(tc, amounts_read_in_words);
	suite_add_tcase(s, tc);
	tc = tcase_create("accounts");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, only_accounts_with_a_role_are_seen);
	tcase_add_test(tc, switch_changes_every_list_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(invoice_suite());
}
