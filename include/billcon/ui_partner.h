/* ui_partner: the Billing profile blade (":partner") of the Partner Center
 * account (DOMAIN.md §6): its state and tenants, the linked billing account
 * and profile or an alert that none is linked, the history of links, the
 * Membership purchase refused until one is. L, B and P open the link
 * wizard (ui_link.h) to link a billing profile or change the linked
 * account or profile; the blade resumes the wizard's draft
 * (APP_PARTNER_DRAFT_KIND) and reads the page again when it closes. */
#ifndef BILLCON_UI_PARTNER_H
#define BILLCON_UI_PARTNER_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_partner_view;

#endif
