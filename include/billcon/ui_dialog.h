/* ui_dialog: the modal boxes: confirmation of what cannot be undone, and
 * details with copy. */
#ifndef BILLCON_UI_DIALOG_H
#define BILLCON_UI_DIALOG_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct ui_console;

/* What a confirmation shows: the object it acts on and the button. */
struct ui_confirm {
	const char *title;           /* "Remove associated tenant?" */
	const char *const *lines;    /* name, ID, scope: what is acted on */
	int nlines;
	const char *button;          /* "Remove" */
	/* Typed before the button works when *others (set by the unconfirmed
	 * run: role assignments that would go) is above zero; NULL: never. */
	const char *type_to_confirm;
	const long long *others;
};

/* Runs an action through the one confirmation flow, the console's mirror of
 * the command line's (which asks on a terminal or needs --yes): run(data,
 * false) first; when it answers CORE_CONFIRM, the dialog shows q with the
 * action's own sentence, and run(data, true) follows a confirmation. The
 * final status; a declined confirmation is CORE_REFUSED, "Nothing was
 * changed.". */
enum core_status ui_confirm_flow(struct ui_console *c, const struct ui_confirm *q,
				 enum core_status (*run)(void *data, bool confirmed,
							 struct core_error *err),
				 void *data, struct core_error *err);

/* Asks to confirm an action on the object named in lines (name, ID, scope,
 * what goes with it). Cancel has the focus, so Enter alone cancels;
 * confirming takes moving to the button (Tab or an arrow) first. When
 * type_to_confirm is not NULL the user must also type it exactly before the
 * button works. True when confirmed. */
bool ui_dialog_confirm(struct ui_console *c, const char *title, const char *const *lines,
		       int nlines, const char *button, const char *type_to_confirm);

/* As ui_dialog_confirm, with the first button (the one with the focus,
 * which Enter alone and Esc take) named keep ("Resume") rather than
 * "Cancel". True when button was chosen. */
bool ui_dialog_choose(struct ui_console *c, const char *title, const char *const *lines, int nlines,
		      const char *keep, const char *button, const char *type_to_confirm);

/* Shows title and lines in a box until Esc or Enter; `y` copies copy_text
 * (when not NULL) with OSC 52 and shows it. */
void ui_dialog_details(struct ui_console *c, const char *title, const char *const *lines,
		       int nlines, const char *copy_label, const char *copy_text);

/* As ui_dialog_details, and also closes by itself as soon as still(ctx),
 * asked between keys about every tenth of a second, says the box is no
 * longer needed (a sign-in done in the background). */
void ui_dialog_details_while(struct ui_console *c, const char *title, const char *const *lines,
			     int nlines, const char *copy_label, const char *copy_text,
			     bool (*still)(void *ctx), void *ctx);

/* Asks which of the n choices (at most 9) to take, in a box titled title:
 * each shown after its number, taken by that number or by Enter on the
 * selected one (Up and Down move). The index taken, or -1 for Esc. */
int ui_dialog_pick(struct ui_console *c, const char *title, const char *const *choices, int n);

/* Draws a box of h × w at the centre with title; *y and *x receive its
 * inside's top-left corner. */
void ui_dialog_box(int h, int w, const char *title, int *y, int *x);

#endif
