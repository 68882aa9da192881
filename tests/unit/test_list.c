/* The generic list query (store/list.c): every window walked forward and
 * backward by keyset equals the whole list in SQL's own order, for each
 * sort, both directions, ties, composite keys, both filter paths and the
 * switch between them, and filters with LIKE's and FTS5's special
 * characters. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/store_db.h"
#include "billcon/store_internal.h"
#include "billcon/store_list.h"
#include "billcon/store_tenant.h"

#define ROWS 10400   /* more rows share "Scale" than the index drives */

static char dir[64];
static char path[128];
static struct store *st;

static void
exec_sql(const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* An account of ROWS tenants: names with ties, case, and LIKE's and FTS5's
 * special characters; states in a few values. */
static void
make_store(void)
{
	struct core_error err;

	snprintf(dir, sizeof(dir), "/tmp/billcon-list-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/s.db", dir);
	ck_assert_msg(store_open(path, STORE_OPEN_CREATE, &st, &err) == CORE_OK, "%s", err.message);
	store_close(st);
	char sql[2048];

	snprintf(sql, sizeof(sql), "BEGIN;"
		 "INSERT INTO billing_account(name, display_name, agreement_type, account_type,"
		 " primary_tenant_id) VALUES('a', 'A', 'MicrosoftCustomerAgreement', 'Enterprise', 'p');"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO associated_tenant(account_id, tenant_id, display_name,"
		 " billing_management_state, provisioning_management_state, created_on)"
		 " SELECT 1, printf('%%08x-0000-4000-8000-%%012x', i * 2654435761 %% 4294967296, i),"
		 "  CASE WHEN i %% 97 = 0 THEN 'Same name' WHEN i %% 89 = 0 THEN 'same NAME'"
		 "   WHEN i = 5 THEN '100%% \"real\" a_b' WHEN i = 6 THEN '100x real aXb'"
		 "   ELSE printf('Scale tenant %%05d', (i * 7919) %% %d) END,"
		 "  CASE i %% 3 WHEN 0 THEN 'Active' WHEN 1 THEN 'NotAllowed' ELSE 'Revoked' END,"
		 "  'NotRequested', printf('2026-01-%%02dT00:00:00Z', 1 + i %% 28) FROM n;"
		 "INSERT INTO associated_tenant_count(account_id, n) VALUES(1, %d)"
		 " ON CONFLICT(account_id) DO UPDATE SET n = excluded.n;"
		 "COMMIT;", ROWS, ROWS, ROWS);
	exec_sql(sql);
}

static void
setup(void)
{
	struct core_error err;

	ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_OK);
}

static void
teardown(void)
{
	store_close(st);
}

static void
remove_store(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The IDs of the whole list in SQL's order (where, order): the reference. */
static long long *
reference(const char *where, const char *order, int *n)
{
	char sql[1024];
	sqlite3 *db;
	sqlite3_stmt *s;
	long long *ids = malloc(sizeof(long long) * (ROWS + 1));

	snprintf(sql, sizeof(sql), "SELECT t.id FROM associated_tenant t WHERE t.account_id = 1 AND (%s)"
		 " ORDER BY %s", where, order);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	for (*n = 0; sqlite3_step(s) == SQLITE_ROW;)
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ids;
}

struct walk {
	long long *ids;
	int n;
	struct store_list_key last;
};

static int
take(const void *row, const struct store_list_key *key, void *data)
{
	struct walk *w = data;

	ck_assert_int_eq(((const struct store_tenant *)row)->id, key->id);
	w->ids[w->n++] = key->id;
	w->last = *key;
	return 0;
}

/* The whole list walked in windows of page rows from each window's last
 * row, forward or backward (then reversed back into order). */
static long long *
walk_all(struct store_list_query *tmpl, int page, bool backward, int *n)
{
	struct walk w = { .ids = malloc(sizeof(long long) * (ROWS + 1)) };
	struct store_list_query q = *tmpl;
	struct core_error err;
	int before, i;
	long long t;

	q.limit = page;
	q.backward = backward;
	do {
		before = w.n;
		ck_assert_msg(store_list_page(st, &q, take, &w, &err) == CORE_OK, "%s", err.message);
		q.anchor = &w.last;
	} while (w.n - before == page);
	for (i = 0; backward && i < w.n / 2; i++) {
		t = w.ids[i];
		w.ids[i] = w.ids[w.n - 1 - i];
		w.ids[w.n - 1 - i] = t;
	}
	*n = w.n;
	return w.ids;
}

static void
check_same(struct store_list_query *q, const char *where, const char *order, int page)
{
	int nref, nf, nb;
	long long *ref = reference(where, order, &nref);
	long long *fwd = walk_all(q, page, false, &nf);
	long long *back = walk_all(q, page, true, &nb);

	ck_assert_int_gt(nref, 0);
	ck_assert_int_eq(nf, nref);
	ck_assert_int_eq(nb, nref);
	ck_assert_mem_eq(fwd, ref, sizeof(long long) * (size_t)nref);
	ck_assert_mem_eq(back, ref, sizeof(long long) * (size_t)nref);
	free(ref);
	free(fwd);
	free(back);
}

static const char *const orders[STORE_SORT_COUNT] = {
	"t.display_name COLLATE NOCASE", "coalesce(t.tenant_id, t.domain)",
	"t.billing_management_state", "t.provisioning_management_state", "t.created_on",
};

/* Under tests/valgrind (BILLCON_TEST_QUICK), where each window costs fifty
 * times as much: one sort, both ways, walks the same generic code the
 * others do; the plain and sanitizer runs walk every sort. */
static bool
quick(void)
{
	const char *q = getenv("BILLCON_TEST_QUICK");

	return q && *q && strcmp(q, "0") != 0;
}

START_TEST(every_sort_both_ways_pages_like_sql)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1, .sort = _i / 2,
				      .descending = _i % 2 };
	const char *way = q.descending ? "DESC" : "ASC";
	char order[128];

	if (quick() && _i >= 2)
		return;

	snprintf(order, sizeof(order), "%s %s, t.id %s", orders[q.sort], way, way);
	/* A page size that splits ties (97 rows share a name) across pages. */
	check_same(&q, "1", order, 37);
}
END_TEST

START_TEST(an_inclusive_anchor_starts_at_itself)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1, .limit = 5 };
	struct walk w = { .ids = malloc(sizeof(long long) * 16) };
	struct store_list_key third;
	struct core_error err;

	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	ck_assert_int_eq(w.n, 5);
	w.n = 0;
	q.limit = 3;
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	third = w.last;
	w.n = 0;
	q.anchor = &third;
	q.inclusive = true;
	q.limit = 1;
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	ck_assert_int_eq(w.ids[0], third.id);
	free(w.ids);
}
END_TEST

START_TEST(a_rare_filter_is_driven_by_the_index_and_counted)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1,
				      .filter = "same name" };

	check_same(&q, "t.display_name LIKE '%same name%'", "t.display_name COLLATE NOCASE, t.id", 4);
	q.limit = 1;
	q.anchor = NULL;
	ck_assert_int_eq(store_list_page(st, &q, take, &(struct walk){ .ids = (long long[2]){ 0 } }, NULL), CORE_OK);
	ck_assert_int_eq(q.matches, 97 / 97 * (ROWS / 97 + ROWS / 89 - ROWS / (97 * 89)));
}
END_TEST

START_TEST(a_common_filter_walks_the_order_instead)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1, .filter = "Scale",
				      .limit = 10 };
	struct walk w = { .ids = malloc(sizeof(long long) * 16) };
	struct core_error err;

	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	/* More match than the index drives: the scan found them, uncounted. */
	ck_assert_int_eq(w.n, 10);
	ck_assert_int_eq(q.matches, -1);
	free(w.ids);
	q.limit = 0;
	check_same(&q, "t.display_name LIKE '%Scale%'", "t.display_name COLLATE NOCASE, t.id", 500);
}
END_TEST

START_TEST(short_and_special_filters_match_literally)
{
	static const char *const cases[][2] = {
		{ "% \"", "t.display_name LIKE '%\\% \"%' ESCAPE '\\'" },
		{ "a_b", "t.display_name LIKE '%a\\_b%' ESCAPE '\\'" },
		{ "0%", "t.display_name LIKE '%0\\%%' ESCAPE '\\'" },
		{ "xb", "t.display_name LIKE '%xb%' OR t.tenant_id LIKE '%xb%'" },
		{ "4000-8000-00000000001", "t.tenant_id LIKE '%4000-8000-00000000001%'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct store_list_query q = { .spec = store_tenant_list(), .scope = 1,
					      .filter = cases[i][0] };
		check_same(&q, cases[i][1], "t.display_name COLLATE NOCASE, t.id", 3);
	}
}
END_TEST

/* "tenant 01" in a window of limit rows (-1: all) of spec's list: the
 * window checked against SQL's order; returns q.matches (-1: scanned). Its
 * matches are more than the switch point of a screenful and fewer than the
 * most the index drives. */
static long long
tenant_01_window(const struct store_list_spec *spec, int limit)
{
	struct store_list_query q = { .spec = spec, .scope = 1, .filter = "tenant 01", .limit = limit };
	struct walk w = { .ids = malloc(sizeof(long long) * (ROWS + 1)) };
	struct core_error err;
	int n;
	long long *ref = reference("t.display_name LIKE '%tenant 01%'", "t.display_name COLLATE NOCASE, t.id", &n);

	ck_assert_int_gt(n, 322);
	ck_assert_int_lt(n, STORE_LIST_INDEX_MAX);
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	ck_assert_int_eq(w.n, limit < 0 ? n : limit);
	ck_assert_mem_eq(w.ids, ref, sizeof(long long) * (size_t)w.n);
	ck_assert(q.matches == -1 || q.matches == n);
	free(ref);
	free(w.ids);
	return q.matches;
}

/* Where the index stops driving depends on the window: about
 * sqrt(window × rows) matches, so a screenful of a thousand matches is
 * walked to, while a whole list of them is read through the index. */
START_TEST(the_switch_point_follows_the_window)
{
	ck_assert_int_eq(tenant_01_window(store_tenant_list(), 10), -1);
	ck_assert_int_gt(tenant_01_window(store_tenant_list(), -1), 0);
}
END_TEST

/* Matches that cluster far along the order (a name prefix near the end):
 * the scan spends what the index would, then the index drives, and the
 * window is the same. */
START_TEST(a_clustered_filter_falls_back_to_the_index)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1, .filter = "tenant 09",
				      .limit = 10 };
	struct walk w = { .ids = malloc(sizeof(long long) * (ROWS + 1)) };
	struct core_error err;
	int n;
	long long *ref = reference("t.display_name LIKE '%tenant 09%'", "t.display_name COLLATE NOCASE, t.id", &n);

	ck_assert_int_gt(n, 322);
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	ck_assert_int_eq(q.matches, n);
	ck_assert_int_eq(w.n, 10);
	ck_assert_mem_eq(w.ids, ref, sizeof(long long) * 10);
	free(ref);
	free(w.ids);
}
END_TEST

/* A spec with a composite key, as a tree pages by parent then name. */
static const struct store_list_sort composite_sorts[] = {
	{ { "t.billing_management_state", "t.display_name COLLATE NOCASE" } },
};

static void
read_tenant_id(sqlite3_stmt *s, void *row)
{
	((struct store_tenant *)row)->id = sqlite3_column_int64(s, 0);
}

static const struct store_list_spec composite = {
	.select = "t.id", .table = "associated_tenant t", .id = "t.id", .joins = "",
	.where = "t.account_id = :scope", .sorts = composite_sorts, .nsorts = 1,
	.row_size = sizeof(struct store_tenant), .read_row = read_tenant_id,
};

/* A list with no kept count (Access control: a scope shows part of the
 * account's rows) sizes the switch point by its estimate; with neither,
 * the index drives up to its most. */
static const struct store_list_sort name_sorts[] = { { { "t.display_name COLLATE NOCASE" } } };
static const char *const name_like[] = { "t.display_name", NULL };

static const struct store_list_spec uncounted = {
	.select = "t.id", .table = "associated_tenant t", .id = "t.id", .joins = "",
	.where = "t.account_id = :scope", .sorts = name_sorts, .nsorts = 1,
	.fts = "associated_tenant_fts", .like = name_like,
	.row_size = sizeof(struct store_tenant), .read_row = read_tenant_id,
};

START_TEST(an_estimate_sizes_the_switch_point_of_an_uncounted_list)
{
	struct store_list_spec estimated = uncounted;

	ck_assert_int_gt(tenant_01_window(&uncounted, 10), 0);
	estimated.estimate = "SELECT max(id) FROM associated_tenant";
	ck_assert_int_eq(tenant_01_window(&estimated, 10), -1);
}
END_TEST

START_TEST(composite_keys_page_like_sql)
{
	struct store_list_query q = { .spec = &composite, .scope = 1, .descending = _i };

	/* No index has this order: each window sorts the list, so under
	 * valgrind the windows are ten times as large (ties still split). */
	check_same(&q, "1", _i ? "t.billing_management_state DESC, t.display_name COLLATE NOCASE DESC, t.id DESC"
			       : "t.billing_management_state, t.display_name COLLATE NOCASE, t.id", quick() ? 401 : 41);
}
END_TEST

START_TEST(count_is_the_kept_count)
{
	long long n;
	struct core_error err;

	ck_assert_int_eq(store_list_count(st, store_tenant_list(), 1, &n, &err), CORE_OK);
	ck_assert_int_eq(n, ROWS);
	ck_assert_int_eq(store_list_count(st, &composite, 1, &n, &err), CORE_OK);
	ck_assert_int_eq(n, -1);
}
END_TEST

static int
always(void *data)
{
	(void)data;
	return 1;
}

START_TEST(an_abandoned_query_says_so)
{
	struct store_list_query q = { .spec = store_tenant_list(), .scope = 1, .filter = "Scale",
				      .limit = -1 };
	struct walk w = { .ids = malloc(sizeof(long long) * (ROWS + 1)) };
	struct core_error err;

	store_set_abandon(st, always, NULL);
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_ABANDONED);
	store_set_abandon(st, NULL, NULL);
	ck_assert_int_eq(store_list_page(st, &q, take, &w, &err), CORE_OK);
	free(w.ids);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("list");
	TCase *tc = tcase_create("list");
	SRunner *r;
	int failed;

	/* One store for the whole case (it is only read), a connection per test. */
	tcase_add_unchecked_fixture(tc, make_store, remove_store);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, every_sort_both_ways_pages_like_sql, 0, 2 * STORE_SORT_COUNT);
	tcase_add_test(tc, an_inclusive_anchor_starts_at_itself);
	tcase_add_test(tc, a_rare_filter_is_driven_by_the_index_and_counted);
	tcase_add_test(tc, a_common_filter_walks_the_order_instead);
	tcase_add_test(tc, short_and_special_filters_match_literally);
	tcase_add_test(tc, the_switch_point_follows_the_window);
	tcase_add_test(tc, a_clustered_filter_falls_back_to_the_index);
	tcase_add_loop_test(tc, composite_keys_page_like_sql, 0, 2);
	tcase_add_test(tc, an_estimate_sizes_the_switch_point_of_an_uncounted_list);
	tcase_add_test(tc, count_is_the_kept_count);
	tcase_add_test(tc, an_abandoned_query_says_so);
	suite_add_tcase(s, tc);
	r = srunner_create(s);
	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
