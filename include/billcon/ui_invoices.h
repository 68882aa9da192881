/* ui_invoices: the Invoices blade (DOMAIN.md §2): the account's invoices,
 * newest first, with their period, amount, due date and status (PastDue
 * stands out), the details with the document's download link, and `y` to
 * copy that link. */
#ifndef BILLCON_UI_INVOICES_H
#define BILLCON_UI_INVOICES_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_invoices_view;

#endif
