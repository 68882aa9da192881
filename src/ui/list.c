#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_list.h"

static void *
row_at(const struct ui_list *l, unsigned char *base, int i)
{
	return base + (size_t)i * l->row_size;
}

/* Grows the buffers to hold n rows; false when memory ran out (the list
 * keeps what it had). */
static bool
reserve(struct ui_list *l, int n)
{
	unsigned char *rows, *got;
	struct store_list_key *keys, *got_keys;

	if (n <= l->cap)
		return true;
	rows = realloc(l->rows, (size_t)n * l->row_size);
	if (rows)
		l->rows = rows;
	got = realloc(l->got, (size_t)n * l->row_size);
	if (got)
		l->got = got;
	keys = realloc(l->keys, (size_t)n * sizeof(*keys));
	if (keys)
		l->keys = keys;
	got_keys = realloc(l->got_keys, (size_t)n * sizeof(*got_keys));
	if (got_keys)
		l->got_keys = got_keys;
	if (!rows || !got || !keys || !got_keys)
		return false;
	l->cap = n;
	return true;
}

static int
collect(const void *row, const struct store_list_key *key, void *data)
{
	struct ui_list *l = data;

	memcpy(row_at(l, l->got, l->ngot), row, l->row_size);
	l->got_keys[l->ngot++] = *key;
	return l->ngot >= l->want;
}

static int
key_waiting(void *data)
{
	(void)data;
	return ui_key_pending();
}

/* Runs one window query into got; -1 when it failed or was abandoned. */
static int
query(struct ui_list *l, const struct store_list_key *anchor, bool backward, bool inclusive, int n)
{
	struct store_list_query q = { .spec = l->def->spec, .sort = l->sort,
				      .descending = l->descending, .filter = l->filter,
				      .key = l->key[0] ? l->key : NULL,
				      .anchor = anchor, .backward = backward,
				      .inclusive = inclusive, .limit = n };
	struct app_ctx *app = ui_console_app(l->c);
	struct store_list_key at;
	struct core_error err;
	enum core_status rc;

	/* The anchor may be a row of the window, which reserve may move. */
	if (anchor) {
		at = *anchor;
		q.anchor = &at;
	}
	if (n <= 0 || !reserve(l, n))
		return n <= 0 ? 0 : -1;
	l->ngot = 0;
	l->want = n;
	core_error_clear(&err);
	/* Only filtering may be abandoned: it is the query a typist outruns. */
	app_set_abandon(app, l->filtering ? key_waiting : NULL, NULL);
	rc = app_list_page(app, &q, collect, l, &err);
	app_set_abandon(app, NULL, NULL);
	if (rc == CORE_ABANDONED)
		l->stale = true;
	else if (rc)
		ui_console_message(l->c, UI_SLOT_ERROR, "%s", err.message);
	if (!rc && l->filter[0] && q.matches >= 0)
		l->matches = q.matches;
	/* An actor who may not read the list sees none of it, not the rows
	 * an earlier actor saw, nor how many there are; other failures keep
	 * what is shown. */
	if (rc == CORE_FORBIDDEN) {
		l->total = l->table.total = -1;
		return 0;
	}
	return rc ? -1 : l->ngot;
}

/* Copies the n fetched rows into the window from at (reversed: a backward
 * fetch comes nearest first). */
static void
put_window(struct ui_list *l, int at, int n, bool reversed)
{
	int i, from;

	for (i = 0; i < n; i++) {
		from = reversed ? n - 1 - i : i;
		memcpy(row_at(l, l->rows, at + i), row_at(l, l->got, from), l->row_size);
		l->keys[at + i] = l->got_keys[from];
	}
}

/* Moves count rows of the window from index from to index to. */
static void
shift_window(struct ui_list *l, int to, int from, int count)
{
	memmove(row_at(l, l->rows, to), row_at(l, l->rows, from), (size_t)count * l->row_size);
	memmove(&l->keys[to], &l->keys[from], (size_t)count * sizeof(l->keys[0]));
}

static int
fetch_replace(struct ui_list *l, const struct store_list_key *anchor, bool backward, bool inclusive,
	      int n)
{
	int got = query(l, anchor, backward, inclusive, n);

	if (got >= 0 && reserve(l, got))
		put_window(l, 0, got, backward);
	return got;
}

static int
fetch_more(struct ui_list *l, bool after, int n)
{
	int rows = l->table.rows, cap = ui_table_capacity(&l->table), got, keep;

	if (rows == 0)
		return 0;
	got = query(l, &l->keys[after ? rows - 1 : 0], !after, false, n);
	if (got <= 0 || !reserve(l, rows + got))
		return got;
	keep = rows + got > cap ? cap - got : rows;
	if (after) {
		shift_window(l, 0, rows - keep, keep);
		put_window(l, keep, got, false);
	} else {
		shift_window(l, got, 0, keep);
		put_window(l, 0, got, true);
	}
	return got;
}

static int
fetch(void *blade, enum ui_fetch how, int n)
{
	struct ui_list *l = blade;

	switch (how) {
	case UI_FETCH_FIRST:
	case UI_FETCH_LAST:
		return fetch_replace(l, NULL, how == UI_FETCH_LAST, false, n);
	case UI_FETCH_AGAIN:
		if (l->at)
			return fetch_replace(l, l->at, false, true, n);
		return fetch_replace(l, l->table.rows ? &l->keys[0] : NULL, false, l->table.rows > 0, n);
	case UI_FETCH_AFTER:
	case UI_FETCH_BEFORE:
		return fetch_more(l, how == UI_FETCH_AFTER, n);
	}
	return -1;
}

static const char *
cell(void *blade, int row, int col, int width, enum ui_slot *slot)
{
	struct ui_list *l = blade;

	return l->def->cell(row_at(l, l->rows, row), col, width, slot, l->cell, sizeof(l->cell));
}

static const struct ui_table_ops table_ops = { .fetch = fetch, .cell = cell };

static void
recount(struct ui_list *l)
{
	struct core_error err;

	if (app_list_count(ui_console_app(l->c), l->def->spec, &l->total, &err))
		l->total = -1;
	/* The position is known only in the whole list, not a filtered one. */
	l->table.total = l->filter[0] ? -1 : l->total;
}

void
ui_list_open(struct ui_list *l, struct ui_console *c, const struct ui_list_def *def,
	     const char *key)
{
	memset(l, 0, sizeof(*l));
	l->def = def;
	l->c = c;
	l->descending = def->descending;
	snprintf(l->key, sizeof(l->key), "%s", key ? key : "");
	l->row_size = store_list_row_size(def->spec);
	l->matches = -1;
	l->table = (struct ui_table){ .ops = &table_ops, .blade = l, .cols = def->cols,
				      .ncols = def->ncols, .sort_col = def->sort_cols[0],
				      .first = -1, .total = -1 };
	recount(l);
	/* The real height is known at the first draw. */
	ui_table_reset(&l->table, ui_screen_lines() - 4);
}

void
ui_list_close(struct ui_list *l)
{
	free(l->rows);
	free(l->got);
	free(l->keys);
	free(l->got_keys);
	l->rows = l->got = NULL;
	l->keys = l->got_keys = NULL;
	l->cap = 0;
}

/* The line under the table: counts, order and filter, or the filter being
 * typed. */
static void
draw_footer(struct ui_list *l, int y, int x, int w)
{
	const char *order = l->def->sort_names[l->sort];
	const char *desc = l->descending ? ", descending" : "";
	char line[512], count[64];

	if (l->filtering) {
		snprintf(line, sizeof(line), "/%s", l->filter);
		ui_put(y, x, w, UI_SLOT_KEY, line, true);
		ui_cursor(y, x + core_text_width(line));
		return;
	}
	ui_cursor(-1, 0);
	if (l->filter[0]) {
		if (l->table.rows == 0)
			snprintf(count, sizeof(count), "no match");
		else if (l->matches >= 0)
			snprintf(count, sizeof(count), "%lld match%s", l->matches, l->matches == 1 ? "" : "es");
		else
			snprintf(count, sizeof(count), "matches");
		snprintf(line, sizeof(line), "%s | filter /%s | sorted by %s%s", count, l->filter, order, desc);
	} else if (l->total >= 0 && ui_table_position(&l->table)) {
		snprintf(line, sizeof(line), "row %lld of %lld | sorted by %s%s",
			 ui_table_position(&l->table), l->total, order, desc);
	} else {
		/* A list with no kept count: the position from the start only. */
		snprintf(count, sizeof(count), "row %lld | ", ui_table_position(&l->table));
		snprintf(line, sizeof(line), "%ssorted by %s%s", ui_table_position(&l->table) ? count : "",
			 order, desc);
	}
	ui_put(y, x, w, UI_SLOT_MESSAGE, line, true);
}

void
ui_list_draw(struct ui_list *l, int y, int x, int h, int w)
{
	if (h - 2 != l->table.height) {
		/* A resize keeps the rows from the first one shown. */
		l->table.height = h - 2 > 1 ? h - 2 : 1;
		ui_table_reload(&l->table, false);
	}
	l->table_y = y;
	l->table.sort_col = l->def->sort_cols[l->sort];
	l->table.descending = l->descending;
	ui_table_draw(&l->table, y, x, h - 1, w);
	draw_footer(l, y + h - 1, x, w);
}

const void *
ui_list_selected(const struct ui_list *l)
{
	return l->table.rows ? row_at(l, l->rows, l->table.cursor) : NULL;
}

void
ui_list_refresh(struct ui_list *l)
{
	int cursor = l->table.cursor;

	recount(l);
	if (l->table.first != 0) {
		ui_table_reload(&l->table, false);
		return;
	}
	/* A window at the start stays at the start: a row that now sorts
	 * first (the newest entry of a log) shows, the cursor where it was. */
	ui_table_reload(&l->table, true);
	l->table.cursor = cursor < l->table.rows ? cursor : l->table.rows > 0 ? l->table.rows - 1 : 0;
}

void
ui_list_goto(struct ui_list *l, const struct store_list_key *at)
{
	l->at = at;
	l->table.cursor = 0;
	l->table.first = -1;
	/* Read in place from the anchor: the table's reload from its first row. */
	ui_table_reload(&l->table, false);
	l->at = NULL;
}

static void
run_filter(struct ui_list *l)
{
	l->stale = false;
	l->matches = -1;
	l->table.total = l->filter[0] ? -1 : l->total;
	ui_table_reload(&l->table, true);
}

bool
ui_list_tick(struct ui_list *l)
{
	if (l->stale && !ui_key_pending()) {
		run_filter(l);
		return true;
	}
	if (!app_store_changed(ui_console_app(l->c)))
		return false;
	ui_list_refresh(l);
	return true;
}

/* Keys while the filter is being typed: the list follows each one. */
static unsigned
filter_key(struct ui_list *l, int key)
{
	if (key == 27) {
		l->filter[0] = '\0';
		l->filtering = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		l->filtering = false;
		if (!l->stale)
			return UI_REDRAW;
	} else if (!ui_edit_key(l->filter, sizeof(l->filter), key)) {
		return UI_DONE;
	}
	run_filter(l);
	return UI_REDRAW | UI_SELECT;
}

/* Mouse (only with --mouse): the wheel scrolls, a click selects a row. */
static unsigned
mouse(struct ui_list *l)
{
	MEVENT ev;
	int row;

	if (getmouse(&ev) != OK)
		return UI_DONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return ui_table_move(&l->table, UI_ACTION_UP) ? UI_REDRAW | UI_SELECT : UI_DONE;
	if (ev.bstate & BUTTON5_PRESSED)
		return ui_table_move(&l->table, UI_ACTION_DOWN) ? UI_REDRAW | UI_SELECT : UI_DONE;
	row = ev.y - l->table_y - 1;
	if (row >= 0 && row < l->table.rows)
		l->table.cursor = row;
	return UI_REDRAW | UI_SELECT;
}

static unsigned
sort_key(struct ui_list *l, enum ui_action a)
{
	if (a == UI_ACTION_SORT)
		l->sort = (l->sort + 1) % store_list_sorts(l->def->spec);
	else
		l->descending = !l->descending;
	ui_table_reload(&l->table, true);
	return UI_REDRAW | UI_SELECT;
}

unsigned
ui_list_handle(struct ui_list *l, enum ui_action a, int key)
{
	if (l->filtering)
		return filter_key(l, key);
	if (key == KEY_MOUSE)
		return mouse(l);
	if (ui_table_move(&l->table, a))
		return UI_REDRAW | UI_SELECT;
	switch (a) {
	case UI_ACTION_DOWN: case UI_ACTION_UP: case UI_ACTION_PAGE_DOWN:
	case UI_ACTION_PAGE_UP: case UI_ACTION_FIRST: case UI_ACTION_LAST:
		return UI_DONE;
	case UI_ACTION_FILTER:
		l->filtering = true;
		return UI_REDRAW;
	case UI_ACTION_BACK:
		if (!l->filter[0])
			return UI_PASS;
		l->filter[0] = '\0';
		run_filter(l);
		return UI_REDRAW | UI_SELECT;
	case UI_ACTION_SORT:
	case UI_ACTION_REVERSE:
		return sort_key(l, a);
	case UI_ACTION_RELOAD:
		ui_list_refresh(l);
		return UI_PASS;
	default:
		return UI_PASS;
	}
}

void
ui_list_view_close(void *priv)
{
	ui_list_close(priv);
}

void
ui_list_view_draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	(void)c;
	ui_list_draw(priv, y, x, h, w);
}

void
ui_list_view_activate(void *priv, struct ui_console *c)
{
	(void)c;
	ui_list_refresh(priv);
}

bool
ui_list_view_tick(void *priv, struct ui_console *c)
{
	(void)c;
	return ui_list_tick(priv);
}

bool
ui_list_view_typing(void *priv)
{
	return ((const struct ui_list *)priv)->filtering;
}
