/* ui_list: the list blade every blade shares. Given a list of the store
 * (store_list.h), its columns, its sort orders and a cell function, it owns
 * the window of rows (of any size), the cursor, paging, the filter as you
 * type (a query abandoned when a key waits, run again when idle), sorting,
 * the footer ("row X of N", "N matches"), the mouse, and reloading when
 * another process changed the store. A blade embeds one, draws it, passes
 * it keys first, and acts on ui_list_selected for its own actions. */
#ifndef BILLCON_UI_LIST_H
#define BILLCON_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/store_list.h"
#include "billcon/ui_action.h"
#include "billcon/ui_table.h"

struct ui_console;

struct ui_list_def {
	const struct store_list_spec *spec;
	const struct ui_column *cols;
	int ncols;
	const char *const *sort_names;  /* per sort order, for the footer: "name" */
	const int *sort_cols;           /* per sort order, the column with the arrow */
	bool descending;                /* the first order shown: newest first, say */
	/* The text of column col of row (the spec's row type) in width
	 * columns (a cell may choose a shorter form when narrow), and its slot;
	 * buf (size bytes) may hold formatted text. */
	const char *(*cell)(const void *row, int col, int width, enum ui_slot *slot, char *buf,
			    size_t size);
};

struct ui_list {
	const struct ui_list_def *def;
	struct ui_console *c;
	struct ui_table table;
	size_t row_size;
	int cap;                        /* rows allocated in each buffer */
	unsigned char *rows;            /* the window */
	struct store_list_key *keys;    /* where each row of the window stands */
	unsigned char *got;             /* one fetch's rows */
	struct store_list_key *got_keys;
	int ngot, want;
	int sort;
	bool descending;
	char key[1024];                 /* the list's text scope (store_list_query.key), "" none */
	char filter[256];
	bool filtering;                 /* keys go to the filter */
	bool stale;                     /* a filter query was abandoned: run it again when idle */
	long long total;                /* rows in the list, -1 unknown */
	long long matches;              /* matches of the filter when counted, -1 unknown */
	int table_y;                    /* the screen line of the header */
	const struct store_list_key *at; /* while ui_list_goto reads: where */
	char cell[256];
};

/* Sets l up on def for the console c (key: the list's text scope, or NULL)
 * and reads the first window. Free with ui_list_close. */
void ui_list_open(struct ui_list *l, struct ui_console *c, const struct ui_list_def *def,
		  const char *key);

/* Frees l's buffers. */
void ui_list_close(struct ui_list *l);

/* Draws the table and the footer in h lines from (y, x), w wide. */
void ui_list_draw(struct ui_list *l, int y, int x, int h, int w);

/* Handles the keys of any list (movement, filter, sort, clearing the
 * filter, reload, mouse): UI_REDRAW, plus UI_SELECT when the selected row
 * changed; UI_PASS for the rest. */
unsigned ui_list_handle(struct ui_list *l, enum ui_action a, int key);

/* The selected row (the spec's row type), NULL when the list is empty. */
const void *ui_list_selected(const struct ui_list *l);

/* After a change: the count, and the window again from where it was (from
 * the start when it was there: rows that now come first show). */
void ui_list_refresh(struct ui_list *l);

/* Shows the list from the row at (inclusive) on, or from the nearest
 * after it in the list's order when at is not in the list (filtered out,
 * another scope), selecting that first row; the last rows when none is
 * after it. The position from the start is then unknown. */
void ui_list_goto(struct ui_list *l, const struct store_list_key *at);

/* Background work while idle: a filter abandoned earlier runs again; a
 * change by another process reloads. True when the screen must be redrawn. */
bool ui_list_tick(struct ui_list *l);

/* View operations for a blade (or view) whose private state begins with
 * its struct ui_list, to put in its ui_view_ops as they are: */

/* Frees the list (close). */
void ui_list_view_close(void *priv);

/* Draws the list in the view's rectangle (draw). */
void ui_list_view_draw(void *priv, struct ui_console *c, int y, int x, int h, int w);

/* Visible again: what changed meanwhile shows (activate). */
void ui_list_view_activate(void *priv, struct ui_console *c);

/* The list's background work (tick); see ui_list_tick. */
bool ui_list_view_tick(void *priv, struct ui_console *c);

/* True while the filter is being typed (typing). */
bool ui_list_view_typing(void *priv);

#endif
