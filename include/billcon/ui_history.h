/* ui_history: one object's history from the audit trail, newest first, as a
 * view over the current one (the generic `h` key opens it on the selected
 * object of any view); Enter shows an entry's whole before and after. */
#ifndef BILLCON_UI_HISTORY_H
#define BILLCON_UI_HISTORY_H

struct ui_console;

/* Opens the history of object (its audit key, an ARM path), named name. */
void ui_history_open(struct ui_console *c, const char *object, const char *name);

#endif
