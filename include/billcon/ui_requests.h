/* ui_requests: the Manage requests blade (DOMAIN.md §5): the account's
 * billing requests, pending first, with approve, decline and cancel for
 * whoever may, and a switch of the console's user to act as an addressee. */
#ifndef BILLCON_UI_REQUESTS_H
#define BILLCON_UI_REQUESTS_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_requests_view;

#endif
