/* The window arithmetic of ui_table (cursor, scrolling, paging, ends,
 * reload in place, the position shown) over a fake list of N rows, and the
 * fitting of columns to a width. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/ui_action.h"
#include "billcon/ui_table.h"

/* The fake list: the values 0..n-1 minus those removed, in order. */
static int list[2000], nlist;
static int win[UI_TABLE_MAX_ROWS];

static int
index_of(int v)
{
	int i;

	for (i = 0; i < nlist; i++)
		if (list[i] >= v)
			return i;
	return nlist;
}

/* Keyset over the fake list, as a blade's fetch does over the store. */
static int
fetch(void *blade, enum ui_fetch how, int n)
{
	struct ui_table *t = blade;
	int from, got, i, keep;

	switch (how) {
	case UI_FETCH_FIRST:
		from = 0;
		break;
	case UI_FETCH_LAST:
		from = nlist - n > 0 ? nlist - n : 0;
		break;
	case UI_FETCH_AGAIN:
		from = t->rows ? index_of(win[0]) : 0;
		break;
	case UI_FETCH_AFTER:
		from = index_of(win[t->rows - 1] + 1);
		got = nlist - from < n ? nlist - from : n;
		keep = t->rows + got > t->height ? t->height - got : t->rows;
		memmove(win, win + t->rows - keep, sizeof(int) * (size_t)keep);
		for (i = 0; i < got; i++)
			win[keep + i] = list[from + i];
		return got;
	default: /* BEFORE */
		from = index_of(win[0]);
		got = from < n ? from : n;
		keep = t->rows + got > t->height ? t->height - got : t->rows;
		memmove(win + got, win, sizeof(int) * (size_t)keep);
		for (i = 0; i < got; i++)
			win[i] = list[from - got + i];
		return got;
	}
	got = nlist - from < n ? nlist - from : n;
	for (i = 0; i < got; i++)
		win[i] = list[from + i];
	return got;
}

static const char *
cell(void *blade, int row, int col, int width, enum ui_slot *slot)
{
	(void)blade, (void)row, (void)col, (void)width, (void)slot;
	return "";
}

static const struct ui_table_ops ops = { .fetch = fetch, .cell = cell };

static struct ui_table
table_of(int n)
{
	struct ui_table t = { .ops = &ops, .first = -1, .total = n };
	int i;

	for (i = 0, nlist = n; i < n; i++)
		list[i] = i;
	t.blade = NULL;
	return t;
}

#define OPEN(t, n, h) do { t = table_of(n); t.blade = &t; ui_table_reset(&t, h); } while (0)
#define SELECTED(t) (win[(t).cursor])

START_TEST(down_scrolls_at_the_bottom_and_stops_at_the_end)
{
	struct ui_table t;
	int i;

	OPEN(t, 25, 10);
	for (i = 0; i < 9; i++)
		ck_assert(ui_table_move(&t, UI_ACTION_DOWN));
	ck_assert_int_eq(SELECTED(t), 9);
	ck_assert(ui_table_move(&t, UI_ACTION_DOWN));
	ck_assert_int_eq(SELECTED(t), 10);
	ck_assert_int_eq(win[0], 1);
	ck_assert_int_eq(ui_table_position(&t), 11);
	for (i = 0; i < 30; i++)
		ui_table_move(&t, UI_ACTION_DOWN);
	ck_assert_int_eq(SELECTED(t), 24);
	ck_assert(!ui_table_move(&t, UI_ACTION_DOWN));
	ck_assert_int_eq(ui_table_position(&t), 25);
}
END_TEST

START_TEST(paging_keeps_the_position_and_reaches_both_ends)
{
	struct ui_table t;

	OPEN(t, 95, 10);
	ui_table_move(&t, UI_ACTION_PAGE_DOWN);
	ck_assert_int_eq(win[0], 10);
	ck_assert_int_eq(ui_table_position(&t), 11);
	ui_table_move(&t, UI_ACTION_PAGE_UP);
	ck_assert_int_eq(win[0], 0);
	ui_table_move(&t, UI_ACTION_LAST);
	ck_assert_int_eq(SELECTED(t), 94);
	ck_assert_int_eq(ui_table_position(&t), 95);
	ck_assert(t.at_end);
	/* A page down at the end selects the last row. */
	t.cursor = 0;
	ui_table_move(&t, UI_ACTION_PAGE_DOWN);
	ck_assert_int_eq(SELECTED(t), 94);
	ui_table_move(&t, UI_ACTION_FIRST);
	ck_assert_int_eq(SELECTED(t), 0);
	ck_assert_int_eq(ui_table_position(&t), 1);
	/* Up at the top stays. */
	ck_assert(!ui_table_move(&t, UI_ACTION_UP));
}
END_TEST

START_TEST(a_short_list_fits_and_never_scrolls)
{
	struct ui_table t;

	OPEN(t, 3, 10);
	ck_assert_int_eq(t.rows, 3);
	ui_table_move(&t, UI_ACTION_PAGE_DOWN);
	ck_assert_int_eq(SELECTED(t), 2);
	ck_assert(!ui_table_move(&t, UI_ACTION_DOWN));
	OPEN(t, 0, 10);
	ck_assert_int_eq(t.rows, 0);
	ck_assert_int_eq(ui_table_position(&t), 0);
	ck_assert(!ui_table_move(&t, UI_ACTION_DOWN));
}
END_TEST

START_TEST(reload_in_place_keeps_the_window_when_rows_go)
{
	struct ui_table t;
	int i;

	OPEN(t, 50, 10);
	ui_table_move(&t, UI_ACTION_PAGE_DOWN);
	t.cursor = 9;
	/* Another process removed the selected row and one above the window. */
	for (i = 0; i < nlist; i++)
		if (list[i] == 19 || list[i] == 3)
			memmove(&list[i], &list[i + 1], sizeof(int) * (size_t)(nlist-- - i - 1)), i--;
	ui_table_reload(&t, false);
	ck_assert_int_eq(win[0], 10);
	ck_assert_int_eq(SELECTED(t), 20);
	/* Everything from the window on went: the last rows show instead. */
	nlist = 5;
	ui_table_reload(&t, false);
	ck_assert_int_eq(t.rows, 5);
	ck_assert_int_le(t.cursor, 4);
}
END_TEST

START_TEST(the_window_never_exceeds_the_height)
{
	struct ui_table t;
	int i;

	OPEN(t, 500, 7);
	for (i = 0; i < 300; i++) {
		ui_table_move(&t, i % 3 ? UI_ACTION_DOWN : UI_ACTION_PAGE_DOWN);
		ck_assert_int_le(t.rows, 7);
		ck_assert_int_eq(win[t.cursor], (int)ui_table_position(&t) - 1);
	}
	for (i = 0; i < 300; i++) {
		ui_table_move(&t, i % 3 ? UI_ACTION_UP : UI_ACTION_PAGE_UP);
		ck_assert_int_eq(win[t.cursor], (int)ui_table_position(&t) - 1);
	}
}
END_TEST

static const struct ui_column cols[] = {
	{ .title = "Name", .min = 12, .pref = 28, .priority = 9 },
	{ .title = "ID", .min = 36, .pref = 36, .priority = 8 },
	{ .title = "Billing", .min = 7, .pref = 7, .priority = 6, .abbrev = 3 },
	{ .title = "Provisioning", .min = 13, .pref = 13, .priority = 7, .abbrev = 3 },
	{ .title = "Added", .min = 10, .pref = 10, .priority = 1 },
};

START_TEST(fit_hides_lesser_columns_before_short_forms)
{
	int w[5];

	ui_table_fit(cols, 5, 120, w);
	ck_assert(w[0] >= 28 && w[1] == 36 && w[2] == 7 && w[3] == 13 && w[4] == 10);
	/* 80: the date goes first; the states keep their words. */
	ui_table_fit(cols, 5, 80, w);
	ck_assert_int_eq(w[4], 0);
	ck_assert_int_eq(w[2], 7);
	ck_assert_int_eq(w[3], 13);
	ck_assert_int_eq(w[0] + w[1] + w[2] + w[3] + 3, 80);
	/* 60: the states take their short forms rather than hide. */
	ui_table_fit(cols, 5, 59, w);
	ck_assert_int_eq(w[1], 36);
	ck_assert_int_ge(w[2], 3);
	ck_assert_int_ge(w[3], 3);
	ck_assert_int_eq(w[0] + w[1] + w[2] + w[3] + 3, 59);
	/* Narrower still: the lowest priority hides next, the first stays. */
	ui_table_fit(cols, 5, 50, w);
	ck_assert_int_eq(w[2], 0);
	ck_assert_int_gt(w[0], 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("table");
	SRunner *r;
	int failed;

	tcase_add_test(tc, down_scrolls_at_the_bottom_and_stops_at_the_end);
	tcase_add_test(tc, paging_keeps_the_position_and_reaches_both_ends);
	tcase_add_test(tc, a_short_list_fits_and_never_scrolls);
	tcase_add_test(tc, reload_in_place_keeps_the_window_when_rows_go);
	tcase_add_test(tc, the_window_never_exceeds_the_height);
	tcase_add_test(tc, fit_hides_lesser_columns_before_short_forms);
	suite_add_tcase(s, tc);
	r = srunner_create(s);
	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
