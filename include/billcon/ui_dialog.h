/* ui_dialog: the modal boxes: confirmation of what cannot be undone, and
 * details with copy. */
#ifndef BILLCON_UI_DIALOG_H
#define BILLCON_UI_DIALOG_H

#include <stdbool.h>

struct ui_console;

/* Asks to confirm an action on the object named in lines (name, ID, scope,
 * what goes with it). Cancel has the focus, so Enter alone cancels;
 * confirming takes moving to the button (Tab or an arrow) first. When
 * type_to_confirm is not NULL the user must also type it exactly before the
 * button works. True when confirmed. */
bool ui_dialog_confirm(struct ui_console *c, const char *title, const char *const *lines,
		       int nlines, const char *button, const char *type_to_confirm);

/* Shows title and lines in a box until Esc or Enter; `y` copies copy_text
 * (when not NULL) with OSC 52 and shows it. */
void ui_dialog_details(struct ui_console *c, const char *title, const char *const *lines,
		       int nlines, const char *copy_label, const char *copy_text);

/* Draws a box of h × w at the centre with title; *y and *x receive its
 * inside's top-left corner. */
void ui_dialog_box(int h, int w, const char *title, int *y, int *x);

#endif
