/* ui_audit: the Audit trail blade (:audit). The trail of the billing
 * account in scope, or of every account, newest first: time, actor,
 * action, object and the change in one line; Enter shows an entry with its
 * fields' before and after side by side; the filter takes the trail's
 * terms (actor:, action:, object:, since:, until:); a date jumps to the
 * newest entry at or before it; `h` follows the selected entry's object;
 * V verifies the whole trail with a progress bar. The same view, keyed by
 * one object, is its history: the console's `h` on any blade opens it. */
#ifndef BILLCON_UI_AUDIT_H
#define BILLCON_UI_AUDIT_H

struct ui_console;

/* Opens the history of object (its audit key, an ARM path), named name,
 * over the current view. */
void ui_audit_open_object(struct ui_console *c, const char *object, const char *name);

/* Verifies the whole trail with a progress bar (Esc stops): says whole,
 * stopped, or opens the first bad entry and says what is wrong. */
void ui_audit_verify(struct ui_console *c);

/* The blade's operations (for the console's list of blades). */
extern const struct ui_view_ops ui_audit_view;

#endif
