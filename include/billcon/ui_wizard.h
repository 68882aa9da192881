/* ui_wizard: the console's frame of a guided task on core_wizard (the step
 * rules live there, the drawing here): a view pushed on the console's
 * stack that shows the row of steps with the current one marked, the
 * current step's body (drawn and handled by the wizard's user), a note and
 * the reason Next is disabled on lines of their own, and the buttons
 * [ Back ] [ Next ] [ Cancel ] (Next reads "Finish" on the last step),
 * reached by Tab or by their keys. Esc goes back one step; on the run's
 * first step it closes the wizard and keeps the draft; Cancel asks first,
 * then discards the draft. The draft is kept whenever the step changes and
 * on a stop signal (ui_view_ops.save_draft); a body keeps it when a field
 * is left.
 *
 * Bodies are made of ui_rows: a list of rows of choices (with a note line
 * each), "Create new ..." rows, lines and checkboxes, scrolling when long.
 * The link wizard (src/ui/link.c) is the frame's first user; nothing of
 * it is here. */
#ifndef BILLCON_UI_WIZARD_H
#define BILLCON_UI_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/core_wizard.h"
#include "billcon/ui_action.h"
#include "billcon/ui_theme.h"

struct ui_console;
struct ui_wizard;

/* What a body's handler returns besides enum ui_result's bits: the row was
 * chosen, go on to the next step (Enter on a list). */
#define UI_WIZARD_NEXT (1u << 8)

/* The wizard's user: its steps' bodies and its task. data is the user's
 * (freed by free when the wizard closes). */
struct ui_wizard_ops {
	const char *title;        /* "Link a billing profile" */
	const char *end_marker;   /* the marker after the last step ("Finish"), NULL none */
	/* The status line's keys, ended by UI_ACTION_NONE, when not every
	 * wizard key works in this one (a checklist ticks, never expands);
	 * NULL: all of them. */
	const enum ui_action *keys;
	/* The current step changed (or the wizard opened): the body reads
	 * what it shows. */
	void (*enter)(void *data, struct ui_wizard *wz);
	/* Draws the current step's body in its rectangle. */
	void (*draw)(void *data, struct ui_wizard *wz, int y, int x, int h, int w);
	/* A key for the body (UI_PASS: not its own); may add UI_WIZARD_NEXT. */
	unsigned (*handle)(void *data, struct ui_wizard *wz, enum ui_action a, int key);
	/* When the body's action a may not be taken now, why (NULL: never). */
	bool (*disabled)(void *data, const struct ui_wizard *wz, enum ui_action a, char *why,
			 size_t size);
	/* A line that warns without stopping the step, into out; false when
	 * none (NULL: never). */
	bool (*note)(void *data, const struct ui_wizard *wz, char *out, size_t size);
	/* A step's state in a word or a sign shown after its marker ("done"),
	 * NULL for none (NULL: no states; a checklist has them). */
	const char *(*state)(void *data, int step);
	/* Next on the last step: does the task; CORE_OK closes the wizard
	 * with the sentence in msg shown, else err's sentence is shown and
	 * the wizard stays. */
	enum core_status (*finish)(void *data, struct ui_wizard *wz, char *msg, size_t size,
				   struct core_error *err);
	/* Keeps the draft now (the step and every field). */
	void (*save)(void *data, struct ui_wizard *wz);
	/* Discards the draft (Cancel, confirmed). */
	void (*discard)(void *data, struct ui_wizard *wz);
	/* Frees data. */
	void (*free)(void *data);
};

/* The frame's state: the view's private data. */
struct ui_wizard {
	struct core_wizard w;
	const struct ui_wizard_ops *ops;
	void *data;
	struct ui_console *c;
	int focus;                /* UI_WIZARD_FOCUS_* */
	bool finished;            /* the task was done: nothing to keep */
};

enum {
	UI_WIZARD_FOCUS_BODY,
	UI_WIZARD_FOCUS_BACK,
	UI_WIZARD_FOCUS_NEXT,
	UI_WIZARD_FOCUS_CANCEL,
	UI_WIZARD_NFOCUS
};

/* Opens a wizard over the current view on w (its steps, start and guard,
 * set up by the user), with ops and data (owned from now: ops->free); its
 * first step is entered at once. */
void ui_wizard_open(struct ui_console *c, const struct ui_wizard_ops *ops, void *data,
		    const struct core_wizard *w);

/* Goes on as Next does (the guard asked; Finish on the last step), as a
 * body's Enter asks with UI_WIZARD_NEXT. Returns the view's result. */
unsigned ui_wizard_next(struct ui_wizard *wz);

/* The row of step markers as it fits width columns into out (size
 * bytes): every title when they fit ("Select billing account > [Select
 * billing profile] > Review > Finish"), else the current one's title with
 * the others numbered ("1 > [2 Select billing profile] > 3 > Finish"),
 * else numbers only ("1 > [2/3] > 3 > Finish"); the current step in
 * brackets, each step's state after its title; end (may be NULL) last. */
void ui_wizard_steps_line(const struct core_wizard *w, const char *const *states, const char *end,
			  int width, char *out, size_t size);

/* The view's operations (named "wizard": its keys are the wizard's own
 * actions of ui_action.h). */
extern const struct ui_view_ops ui_wizard_view;

/* Rows of a step's body. */
enum ui_row_kind {
	UI_ROW_TEXT,      /* a line, never selected */
	UI_ROW_HEADING,   /* a heading line, never selected */
	UI_ROW_CHOICE,    /* a choice: Enter chooses it */
	UI_ROW_CREATE,    /* "Create new ...": Enter opens its form */
	UI_ROW_CHECKBOX,  /* Space toggles it, unless locked */
};

struct ui_row {
	enum ui_row_kind kind;
	char text[512];
	char note[512];           /* a line under it, "" none */
	int indent;               /* columns */
	enum ui_slot slot;        /* the text's style (UI_SLOT_NORMAL) */
	bool chosen;              /* the choice made: marked */
	bool on, locked;          /* a checkbox's value; locked: shown, never changed */
	int tag;                  /* the user's (an index) */
};

/* A list of rows with a cursor on the selectable ones (none: the keys
 * scroll), that scrolls to keep the cursor's row whole on screen. */
struct ui_rows {
	struct ui_row *rows;
	int n, cap;
	int cursor;               /* the selected row, -1 none */
	int top;                  /* the first screen line shown */
	int height;               /* lines shown at the last draw (a page) */
};

/* Empties r (keeps its memory). */
void ui_rows_clear(struct ui_rows *r);

/* Frees r's rows. */
void ui_rows_free(struct ui_rows *r);

/* Adds a row of kind with text and note (may be NULL); NULL when out of
 * memory. The cursor goes to the first selectable row. */
struct ui_row *ui_rows_add(struct ui_rows *r, enum ui_row_kind kind, const char *text,
			   const char *note);

/* Adds a line of text (UI_ROW_TEXT, never selected) indent columns in,
 * styled slot; NULL when out of memory. */
struct ui_row *ui_rows_add_line(struct ui_rows *r, const char *text, int indent, enum ui_slot slot);

/* The selected row, NULL when none. */
struct ui_row *ui_rows_selected(const struct ui_rows *r);

/* Selects row i when it is selectable, and scrolls to it. */
void ui_rows_select(struct ui_rows *r, int i);

/* Moves by a (Down, Up, PgDn, PgUp, Home/g, End/G), skipping rows that are
 * not selectable, and scrolls; Space toggles a checkbox that is not
 * locked. UI_REDRAW when it was one of those, UI_PASS otherwise. No
 * drawing: the page is the height of the last draw. */
unsigned ui_rows_handle(struct ui_rows *r, enum ui_action a, int key);

/* The screen lines rows before i take (a row and its note). */
int ui_rows_line_of(const struct ui_rows *r, int i);

/* Draws the rows in h lines from (y, x), w wide, with a scroll mark when
 * some are out of sight. */
void ui_rows_draw(struct ui_rows *r, int y, int x, int h, int w);

/* As ui_rows_draw, under error on its own line when error is not empty
 * (a body's last refusal). */
void ui_rows_draw_error(struct ui_rows *r, const char *error, int y, int x, int h, int w);

#endif
