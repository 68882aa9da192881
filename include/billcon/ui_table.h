/* ui_table: the virtual table. It holds only the rows on screen; the blade
 * fetches them from the store by keyset (after the last row, before the
 * first), so a million rows cost what a hundred do. This module keeps the
 * cursor and the window, fits the columns to the width, and draws. */
#ifndef BILLCON_UI_TABLE_H
#define BILLCON_UI_TABLE_H

#include <stdbool.h>

#include "billcon/ui_theme.h"

/* The tallest window a table holds: a 1000-line terminal. */
#define UI_TABLE_MAX_ROWS 1000
#define UI_TABLE_MAX_COLS 8

struct ui_column {
	const char *title;
	int min;        /* narrowest useful width */
	int pref;       /* width it would like */
	int priority;   /* lower goes first when the width is short */
	int abbrev;     /* a narrower width for a short form (states), 0 none */
	const char *short_title; /* the title at that width, NULL: the title cut */
};

/* How the window moves; the blade's fetch does the store work. */
enum ui_fetch {
	UI_FETCH_FIRST,   /* the first rows */
	UI_FETCH_LAST,    /* the last rows */
	UI_FETCH_AFTER,   /* rows after the last one held (scroll forward) */
	UI_FETCH_BEFORE,  /* rows before the first one held (scroll back) */
	UI_FETCH_AGAIN,   /* from the first row held again (reload in place) */
};

struct ui_table;

/* What a blade provides: fetch rows into its own window storage, and say
 * what a row shows. */
struct ui_table_ops {
	/* Fetches up to n rows as how says and returns how many it fetched,
	 * -1 when the store failed (the window is then as it was). FIRST, LAST
	 * and AGAIN replace the window (AGAIN from its first row, inclusive);
	 * AFTER appends and BEFORE prepends, dropping rows from the other end
	 * so that the window keeps at most ui_table_capacity rows. */
	int (*fetch)(void *blade, enum ui_fetch how, int n);
	/* The text and slot of cell col of row i of the window, shown in
	 * width columns (a cell may choose a short form when narrow). */
	const char *(*cell)(void *blade, int row, int col, int width, enum ui_slot *slot);
};

struct ui_table {
	const struct ui_table_ops *ops;
	void *blade;
	const struct ui_column *cols;
	int ncols;
	int sort_col;           /* the column sorted by, -1 none */
	bool descending;
	int rows;               /* rows in the window */
	int cursor;             /* index of the selected row in the window */
	int height;             /* rows that fit on screen */
	bool at_end;            /* the window holds the last row */
	long long first;        /* position of the window's first row in the list, -1 unknown */
	long long total;        /* rows in the list, -1 unknown (the blade sets it) */
	int width[UI_TABLE_MAX_COLS]; /* fitted widths, 0 for hidden */
};

/* Widths for total columns: when the columns do not fit at their minimum,
 * those with a short form take it first, then the lowest-priority columns
 * hide until the rest fit; then they widen toward their preference in
 * order. One space between columns. */
void ui_table_fit(const struct ui_column *cols, int ncols, int total, int *width);

/* Sets the screen height (rows for data) and refetches from the top. */
void ui_table_reset(struct ui_table *t, int height);

/* The rows the blade's window must hold: the screen's height. */
int ui_table_capacity(const struct ui_table *t);

/* Moves as the action says (down, up, page down/up, first, last); returns
 * true when the screen must be redrawn. */
bool ui_table_move(struct ui_table *t, int action);

/* Refetches the window in place (after a change or a new filter). */
void ui_table_reload(struct ui_table *t, bool from_top);

/* The selected row's position in the list, from 1; 0 when unknown. */
long long ui_table_position(const struct ui_table *t);

/* Draws the header and the rows at (y, x) in h lines and w columns. */
void ui_table_draw(struct ui_table *t, int y, int x, int h, int w);

#endif
