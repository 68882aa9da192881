#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/ui_action.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_table.h"

/* The shown column, other than the first, to hide first; -1 when none. */
static int
first_to_hide(const struct ui_column *cols, int ncols, const bool *shown)
{
	int i, lowest = -1;

	for (i = 1; i < ncols; i++)
		if (shown[i] && (lowest < 0 || cols[i].priority < cols[lowest].priority))
			lowest = i;
	return lowest;
}

/* The columns' widths needed with those shown, at min (or short forms). */
static int
needed(int ncols, const bool *shown, const int *min)
{
	int i, need = -1;

	for (i = 0; i < ncols; i++)
		need += shown[i] ? min[i] + 1 : 0;
	return need;
}

void
ui_table_fit(const struct ui_column *cols, int ncols, int total, int *width)
{
	bool shown[UI_TABLE_MAX_COLS];
	int min[UI_TABLE_MAX_COLS];
	int i, need, extra, hide;

	bool short_forms = false;
	int keep_above = -1; /* columns of lower priority than a short form hide first */

	for (i = 0; i < ncols; i++) {
		shown[i] = true;
		min[i] = cols[i].min;
		if (cols[i].abbrev && (keep_above < 0 || cols[i].priority < keep_above))
			keep_above = cols[i].priority;
	}
	while ((need = needed(ncols, shown, min)) > total) {
		hide = first_to_hide(cols, ncols, shown);
		if (hide >= 0 && (short_forms || keep_above < 0 || cols[hide].priority < keep_above)) {
			shown[hide] = false;
		} else if (!short_forms && keep_above >= 0) {
			short_forms = true;
			for (i = 0; i < ncols; i++)
				min[i] = cols[i].abbrev ? cols[i].abbrev : cols[i].min;
		} else {
			break;
		}
	}
	for (i = 0; i < ncols; i++)
		width[i] = shown[i] ? min[i] : 0;
	if (need > total) {
		/* Only the first column is left, and even it is cut. */
		width[0] = total > 0 ? total : 0;
		return;
	}
	extra = total - need;
	for (i = 0; i < ncols && extra > 0; i++) {
		int more = shown[i] ? cols[i].pref - min[i] : 0;
		if (more > extra)
			more = extra;
		width[i] += more;
		extra -= more;
	}
	/* What is left goes to the first column; the last one may pad. */
	width[0] += extra;
}

int
ui_table_capacity(const struct ui_table *t)
{
	return t->height < UI_TABLE_MAX_ROWS ? t->height : UI_TABLE_MAX_ROWS;
}

static void
clamp(struct ui_table *t)
{
	if (t->cursor >= t->rows)
		t->cursor = t->rows - 1;
	if (t->cursor < 0)
		t->cursor = 0;
}

static void
fetch_whole(struct ui_table *t, enum ui_fetch how)
{
	int got = t->ops->fetch(t->blade, how, ui_table_capacity(t));

	if (got < 0)
		return;
	t->rows = got;
	t->at_end = how == UI_FETCH_LAST || got < ui_table_capacity(t);
	if (how == UI_FETCH_FIRST)
		t->first = 0;
	else if (how == UI_FETCH_LAST)
		t->first = t->total >= 0 ? t->total - got : -1;
}

long long
ui_table_position(const struct ui_table *t)
{
	return t->first >= 0 && t->rows > 0 ? t->first + t->cursor + 1 : 0;
}

void
ui_table_reset(struct ui_table *t, int height)
{
	t->height = height > 1 ? height : 1;
	t->cursor = 0;
	fetch_whole(t, UI_FETCH_FIRST);
}

void
ui_table_reload(struct ui_table *t, bool from_top)
{
	if (from_top) {
		t->cursor = 0;
		fetch_whole(t, UI_FETCH_FIRST);
		return;
	}
	fetch_whole(t, UI_FETCH_AGAIN);
	if (t->rows == 0)
		fetch_whole(t, UI_FETCH_LAST);
	clamp(t);
}

/* Scrolls by up to n rows forward (n > 0) or back; returns rows moved. */
static int
scroll(struct ui_table *t, int n)
{
	int cap = ui_table_capacity(t);
	int got;

	if (n > 0 && t->rows < cap) {
		t->at_end = true;
		return 0;
	}
	got = t->ops->fetch(t->blade, n > 0 ? UI_FETCH_AFTER : UI_FETCH_BEFORE, n > 0 ? n : -n);
	if (got <= 0) {
		if (n > 0 && got == 0)
			t->at_end = true;
		return 0;
	}
	if (t->first >= 0)
		t->first += n > 0 ? (t->rows + got > cap ? t->rows + got - cap : 0) : -got;
	if (t->first < -1)
		t->first = -1;
	t->rows = t->rows + got < cap ? t->rows + got : cap;
	if (n < 0)
		t->at_end = false;
	return got;
}

bool
ui_table_move(struct ui_table *t, int action)
{
	int before = t->cursor;

	switch (action) {
	case UI_ACTION_DOWN:
		if (t->cursor + 1 < t->rows)
			t->cursor++;
		else
			return scroll(t, 1) > 0;
		break;
	case UI_ACTION_UP:
		if (t->cursor > 0)
			t->cursor--;
		else
			return scroll(t, -1) > 0;
		break;
	case UI_ACTION_PAGE_DOWN:
		if (scroll(t, t->height) == 0)
			t->cursor = t->rows - 1;
		return true;
	case UI_ACTION_PAGE_UP:
		if (scroll(t, -t->height) == 0)
			t->cursor = 0;
		return true;
	case UI_ACTION_FIRST:
		t->cursor = 0;
		fetch_whole(t, UI_FETCH_FIRST);
		return true;
	case UI_ACTION_LAST:
		fetch_whole(t, UI_FETCH_LAST);
		t->cursor = t->rows - 1;
		t->at_end = true;
		return true;
	default:
		return false;
	}
	clamp(t);
	return t->cursor != before;
}

static void
draw_header(struct ui_table *t, int y, int x, int w)
{
	char title[64];
	int i, col = x;

	ui_fill(y, x, w, UI_SLOT_HEADER);
	for (i = 0; i < t->ncols; i++) {
		if (!t->width[i])
			continue;
		const char *name = t->cols[i].short_title && t->width[i] < (int)strlen(t->cols[i].title)
					   ? t->cols[i].short_title : t->cols[i].title;
		if (i == t->sort_col)
			snprintf(title, sizeof(title), "%s%s", name,
				 ui_screen_utf8() ? (t->descending ? " \xe2\x96\xbc" : " \xe2\x96\xb2")
						  : (t->descending ? " v" : " ^"));
		else
			snprintf(title, sizeof(title), "%s", name);
		ui_put(y, col, t->width[i], UI_SLOT_HEADER, title, true);
		col += t->width[i] + 1;
	}
}

/* Lean (ui_screen_lean): the selected row keeps its look and a marker in
 * the column before it says which it is, and every cell is plain, so that
 * moving costs two characters, not two rows of colour. */
static void
draw_row(struct ui_table *t, int row, int y, int x, int w, bool lean)
{
	bool selected = row == t->cursor;
	enum ui_slot slot, bar = selected && !lean ? UI_SLOT_ROW_SELECTED : UI_SLOT_NORMAL;
	int i, col = x;

	ui_fill(y, x, w, bar);
	for (i = 0; i < t->ncols; i++) {
		const char *text;
		if (!t->width[i])
			continue;
		slot = UI_SLOT_NORMAL;
		text = t->ops->cell(t->blade, row, i, t->width[i], &slot);
		ui_put(y, col, t->width[i], selected || lean ? bar : slot, text, true);
		col += t->width[i] + 1;
	}
}

void
ui_table_draw(struct ui_table *t, int y, int x, int h, int w)
{
	bool lean = ui_screen_lean();
	int r;

	if (lean) {
		ui_put(y, x, 1, UI_SLOT_HEADER, "", true);
		for (r = 0; r < h - 1; r++)
			ui_put(y + 1 + r, x, 1, UI_SLOT_NORMAL, r == t->cursor && r < t->rows ? ">" : "", true);
		x++;
		w--;
	}
	ui_table_fit(t->cols, t->ncols, w, t->width);
	draw_header(t, y, x, w);
	for (r = 0; r < h - 1; r++) {
		if (r < t->rows)
			draw_row(t, r, y + 1 + r, x, w, lean);
		else
			ui_fill(y + 1 + r, x, w, UI_SLOT_NORMAL);
	}
}
