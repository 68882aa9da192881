/* ui_details: the details pane, a view pushed on the console's stack (Esc
 * returns). It shows fields as label and value, long values (URLs, JSON,
 * history) wrapped whole, and scrolls, so that nothing is cut at 80 columns
 * or at 60x16; `y` copies the value the opener chose, or asks which of
 * several. */
#ifndef BILLCON_UI_DETAILS_H
#define BILLCON_UI_DETAILS_H

#include "billcon/ui_theme.h"

struct ui_console;

/* One field: both strings are copied by ui_details_open. */
struct ui_detail {
	const char *label;
	const char *value;
};

/* One field that may show two values side by side, in columns of half the
 * width, each wrapped in its own (a before and an after), in a style of
 * its own; a label longer than its column wraps too. */
struct ui_detail_row {
	const char *label;
	const char *value;
	const char *value2;   /* NULL: one value */
	enum ui_slot slot;    /* the values' style */
};

/* Opens a details view titled title over the current view with the n
 * fields; copy_text (may be NULL) is what `y` copies, named copy_label.
 * With copy_text NULL, copy_label (may be NULL) is the sentence `y` shows
 * to say why there is nothing to copy. */
void ui_details_open(struct ui_console *c, const char *title, const struct ui_detail *fields,
		     int n, const char *copy_label, const char *copy_text);

/* As ui_details_open, with rows that may hold two values each. */
void ui_details_open_rows(struct ui_console *c, const char *title, const struct ui_detail_row *rows,
			  int n, const char *copy_label, const char *copy_text);

/* The most values one details view offers to copy. */
#define UI_DETAILS_COPIES 4

/* A value `y` may copy, and its name in the choice and the message. */
struct ui_detail_copy {
	const char *label;
	const char *text;
};

/* As ui_details_open_rows, with n_copies (at most UI_DETAILS_COPIES)
 * values to copy: `y` asks which one (ui_dialog_pick) when there are
 * several. */
void ui_details_open_copies(struct ui_console *c, const char *title, const struct ui_detail_row *rows, int n,
			    const struct ui_detail_copy *copies, int ncopies);

/* The view's operations (for the console's stack). */
extern const struct ui_view_ops ui_details_view;

#endif
